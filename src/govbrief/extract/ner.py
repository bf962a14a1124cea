"""``govbrief_ner``: PERSON, GPE, ORG and AGENCY candidates from the statistical NER model.

The model (``models/govbrief_ner``, built by ``make train`` from ``configs/ner.cfg``) is a
complete, separate spaCy pipeline whose tokenizer segments Chinese into single
characters. It runs on ``doc.text`` (the normalised text) rather than on the govbrief
``Doc``'s jieba/pkuseg tokens, so its entity boundaries never depend on the segmenter:
its entities are character offsets, exactly what :class:`Candidate` needs.

Its candidates carry ``source="model"`` and ``rule_id="ner"``; the merge step decides how
they compete with the rule extractors (rules win ties). The model is loaded lazily, once
per path, on first use.

ORG versus AGENCY is re-decided from the span's last characters (:func:`retype_label`): a
transition-based NER commits to a label at an entity's FIRST character, and at character
level the head word that settles the type (协会, 有限公司, 监管局) is often out of its view
there. Boundaries stay the model's.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from ._base import Candidate, RuleExtractor, add_candidates

NER_ENV = "GOVBRIEF_NER_MODEL"
MODEL_LABELS = ("PERSON", "GPE", "ORG", "AGENCY")
DEFAULT_SCORE = 0.5
RULE_ID = "ner"

# Head words that make a name an ORG (companies, institutes, schools, media, mass
# organisations) or an AGENCY (government and Party bodies), per ANNOTATION.md. ORG heads
# are tested first, so that 团市委 (a mass organisation) is not taken for a 委.
ORG_HEADS = (
    "公司", "集团", "协会", "学会", "研究院", "研究所", "大学", "学院", "中学", "小学", "医院",
    "电视台", "日报", "报社", "网", "总工会", "妇联", "科协", "侨联", "文联", "工商联", "供销社",
    "红十字会", "银行", "博物馆", "科技馆", "检验所", "特检院", "计量院", "质检院", "研究中心",
    "检测中心", "促进会", "联合会", "商会", "频道", "电台", "融媒体中心", "团委", "团省委",
    "团市委", "团县委", "团区委", "组委会", "居委会", "村委会",
)
AGENCY_HEADS = (
    "局", "厅", "委", "委员会", "政府", "办", "办公室", "部", "处", "科", "法院", "检察院",
    "常委会", "政协", "海关", "支队", "总队", "大队", "领导小组", "工作组",
)


def default_ner_model() -> Path:
    """Where the NER model directory is looked for.

    ``$GOVBRIEF_NER_MODEL`` when set, else ``models/govbrief_ner`` in the project checkout
    (the repository root is two levels above ``src/govbrief``).
    """
    env = os.environ.get(NER_ENV)
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / "models" / "govbrief_ner"


@lru_cache(maxsize=4)
def _load(path: str) -> Language:
    import spacy

    return spacy.load(path)


def load_ner_model(path: str | os.PathLike | None = None) -> Language:
    """Load (once per path) the character-level NER pipeline.

    Args:
        path: model directory; ``None`` uses :func:`default_ner_model`.

    Returns:
        The spaCy ``Language`` of the model (char tokenizer + ``ner``).

    Raises:
        OSError: when the directory holds no spaCy pipeline.
    """
    model = Path(path) if path is not None else default_ner_model()
    if not (model / "config.cfg").is_file() or not (model / "meta.json").is_file():
        raise OSError(
            f"NER model not found in {model}. Run `make train` to build models/govbrief_ner, "
            f"or set ${NER_ENV} to a model directory."
        )
    return _load(str(model.resolve()))


def retype_label(text: str, label: str) -> str:
    """Re-decide ORG versus AGENCY from the head word at the end of the name.

    Args:
        text: the entity's surface.
        label: the model's label.

    Returns:
        ``"ORG"`` or ``"AGENCY"`` when the head word settles it (or the name starts with
        中共), else ``label`` unchanged; other labels pass through.
    """
    if label not in ("ORG", "AGENCY"):
        return label
    if text.endswith(ORG_HEADS):
        return "ORG"
    if text.startswith("中共") or text.endswith(AGENCY_HEADS):
        return "AGENCY"
    return label


class NerExtractor(RuleExtractor):
    """Propose the NER model's entities as candidates.

    Args:
        nlp: the govbrief pipeline (unused; factories pass it).
        name: the component name.
        model_path: the model directory; ``None``: :func:`default_ner_model`.
        score: the score given to every model candidate.
        labels: the labels kept (others the model might predict are dropped).
        batch_size: documents per model batch in :meth:`pipe`.
        retype: re-decide ORG/AGENCY with :func:`retype_label`; the model's own label is
            kept in ``attrs["model_label"]`` when it changes.
    """

    def __init__(
        self,
        nlp: Any = None,
        name: str = "govbrief_ner",
        model_path: str | None = None,
        score: float = DEFAULT_SCORE,
        labels: Iterable[str] = MODEL_LABELS,
        batch_size: int = 32,
        retype: bool = True,
    ):
        super().__init__(nlp, name)
        self.model_path = model_path
        self.score = score
        self.labels = frozenset(labels)
        self.batch_size = batch_size
        self.retype = retype

    @property
    def model(self) -> Language:
        """The NER pipeline, loaded on first access."""
        return load_ner_model(self.model_path)

    def to_candidates(self, ner_doc: Doc) -> list[Candidate]:
        """Turn the model's entities on a char-level ``Doc`` into candidates.

        Whitespace at the edges of a predicted entity is trimmed (the char tokenizer makes
        line breaks tokens of their own), and an entity that is only whitespace is dropped.
        """
        text = ner_doc.text
        out = []
        for ent in ner_doc.ents:
            start, end = ent.start_char, ent.end_char
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end <= start:
                continue
            label = ent.label_
            attrs = {}
            if self.retype:
                label = retype_label(text[start:end], label)
                if label != ent.label_:
                    attrs["model_label"] = ent.label_
            if label in self.labels:
                out.append(
                    Candidate(
                        start, end, label, RULE_ID, source="model", score=self.score, attrs=attrs
                    )
                )
        return out

    def find(self, text: str, doc: Doc | None = None) -> list[Candidate]:
        """Return the model's candidates in ``text`` (normalised, simplified script)."""
        if not text.strip():
            return []
        return self.to_candidates(self.model(text))

    def pipe(self, docs: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        """Add candidates to a stream of ``Doc`` objects, batching them through the model.

        Args:
            docs: govbrief ``Doc`` objects (their text is the normalised text).
            batch_size: documents per model batch; ``None`` uses the component's own.

        Yields:
            The same ``Doc`` objects, in order, with model candidates added.
        """
        size = batch_size or self.batch_size
        for batch in minibatch(docs, size):
            ner_docs = self.model.pipe((d.text for d in batch), batch_size=size)
            for doc, ner_doc in zip(batch, ner_docs, strict=True):
                add_candidates(doc, self.to_candidates(ner_doc))
                yield doc


@Language.factory(
    "govbrief_ner",
    assigns=["doc._.gb_candidates"],
    default_config={"model_path": None, "score": DEFAULT_SCORE, "batch_size": 32, "retype": True},
)
def make_ner(
    nlp: Language,
    name: str,
    model_path: str | None,
    score: float,
    batch_size: int,
    retype: bool,
) -> NerExtractor:
    """Factory of ``govbrief_ner``."""
    return NerExtractor(
        nlp, name, model_path=model_path, score=score, batch_size=batch_size, retype=retype
    )

"""``govbrief_ner``: PERSON, GPE, ORG and AGENCY candidates from the statistical NER model.

The model (``models/govbrief_ner``, built by ``make train`` from ``configs/ner.cfg``) is a
complete, separate spaCy pipeline whose tokenizer segments Chinese into single
characters: a BIO ``tagger`` (``bio_tagger``) and ``govbrief_bio_ents``
(:mod:`govbrief.extract.bio`). It runs on ``doc.text`` (the normalised text) rather than
on the govbrief ``Doc``'s jieba/pkuseg tokens, so its entity boundaries never depend on
the segmenter: its entities are character offsets, exactly what :class:`Candidate` needs.

:meth:`NerExtractor.entity_spans` takes the tagger's scores (computed by ONNX Runtime when
the model ships a current export, :mod:`govbrief.extract._onnx_tagger`, else by thinc),
finds the best tag sequence under the model's tag-bigram prior
(:func:`govbrief.extract.bio.viterbi_tags`) and gives each entity a confidence, the lowest
probability of its characters' tags; entities under ``min_confidence`` are dropped.

Its candidates carry ``source="model"``, ``rule_id="ner"`` and ``attrs["confidence"]``;
the merge step decides how they compete with the rule extractors (rules win ties). The
model is loaded lazily, once per path, on first use.

ORG versus AGENCY is re-decided from the span's last characters (:func:`retype_label`):
at character level the head word that settles the type (协会, 有限公司, 监管局) is often
out of the view of an entity's first characters. Boundaries stay the model's.

The merge keeps only model spans that have the shape
:func:`govbrief.extract.model_policy.plausible` asks for. With ``gate=True`` the component
runs the model only on windows around the spans that COULD pass that policy
(:func:`candidate_windows`), each padded by :data:`WINDOW_PAD` characters of context (more
than the tok2vec's receptive field). That saved time with the slower transition-based
model it was written for; with the tagger, computing the windows costs more than the
~12% of text it skips, so it is off by default.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import AbstractSet, Any, Callable, Iterable, Iterator

import numpy
import regex
from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from . import _onnx_tagger, model_policy
from ._base import Candidate, RuleExtractor, add_candidates, doc_text, token_edges
from .bio import OUTSIDE, TagTable, log_softmax, viterbi_tags

NER_ENV = "GOVBRIEF_NER_MODEL"
MODEL_LABELS = ("PERSON", "GPE", "ORG", "AGENCY")
DEFAULT_SCORE = 0.5
# Model entities whose least certain character tag has a lower probability are dropped.
DEFAULT_MIN_CONFIDENCE = 0.5
RULE_ID = "ner"
#: The component of the shipped model that tags characters B-X / I-X / O.
BIO_TAGGER = "bio_tagger"
#: The component that turns tags into entities and holds the tag-bigram prior.
BIO_ENTS = "bio_ents"
# Context kept on each side of a window: the tok2vec sees +-8 characters, so predictions in
# the middle of a window match those on the whole text.
WINDOW_PAD = 10
_NAME_RUN = regex.compile(r"[\p{Han}·]+")

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
    from thinc.api import use_ops

    # thinc's NumpyOps multiplies matrices with blis by default; on this project's
    # machines numpy's OpenBLAS is several times faster for the tok2vec's matrices (same
    # results up to float rounding). The ops are fixed when the model is built.
    with use_ops("numpy", use_blis=False):
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


@lru_cache(maxsize=8)
def _tag_table(tags: tuple[str, ...]) -> TagTable:
    return TagTable(tags)


@lru_cache(maxsize=4)
def _predictor(path: str | None) -> Callable[[list[Doc]], list[numpy.ndarray]]:
    """The tagger's logits function.

    ONNX Runtime when the model ships a current export (:mod:`govbrief.extract._onnx_tagger`),
    else thinc's own ``predict``.
    """
    nlp = load_ner_model(path)
    model_dir = Path(path) if path is not None else default_ner_model()
    fast = _onnx_tagger.load(nlp, model_dir)
    return fast.predict if fast is not None else nlp.get_pipe(BIO_TAGGER).model.predict


def _transitions(nlp: Language) -> numpy.ndarray | None:
    """The tag-bigram prior saved with the model, in the tagger's label order, if any."""
    if BIO_ENTS not in nlp.pipe_names:
        return None
    return nlp.get_pipe(BIO_ENTS).transitions(tuple(nlp.get_pipe(BIO_TAGGER).labels))


def entity_labels(nlp: Language) -> set[str]:
    """The entity labels a NER pipeline can predict (BIO tagger or spaCy ``ner``)."""
    if BIO_TAGGER in nlp.pipe_names:
        return set(_tag_table(tuple(nlp.get_pipe(BIO_TAGGER).labels)).labels)
    return set(nlp.get_pipe("ner").labels)


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


def candidate_windows(
    text: str, edges: tuple[AbstractSet[int], AbstractSet[int]], pad: int = WINDOW_PAD
) -> list[tuple[int, int]]:
    """Character windows of ``text`` that hold every span the combination policy could keep.

    A superset of :func:`govbrief.extract.model_policy.plausible` over the surface alone: a
    run of Han characters (or ·) from a token start to a token end that contains a middle
    dot, ends in a GPE, agency or organisation head with enough characters before it, or is
    two to four characters opening with a surname and not a dictionary word. The tables are
    the policy's own, so the two stay in step.

    Args:
        text: the normalised text.
        edges: ``(token starts, token ends)`` of the segmenter's tokens.
        pad: characters of context added on both sides of each span.

    Returns:
        Sorted, non-overlapping ``(start, end)`` windows.
    """
    starts, ends = edges
    surnames = model_policy._surnames()
    heads = (
        (model_policy._GPE_SUFFIXES, 3),
        (model_policy._AGENCY_HEADS, 4),
        (model_policy._org_suffixes(), 4),
    )
    spans = []
    for m in _NAME_RUN.finditer(text):
        r0, r1 = m.span()
        run_starts = [a for a in range(r0, r1) if a in starts]
        run_ends = [b for b in range(r0 + 1, r1 + 1) if b in ends]
        if not run_starts or not run_ends:
            continue
        if "·" in m.group():
            spans.append((r0, r1))
            continue
        first = run_starts[0]
        for b in run_ends:
            if any(first <= b - n and text.endswith(suf, r0, b) for suf, n in heads):
                spans.append((first, b))
        for a in run_starts:
            if text[a] in surnames or text[a : a + 2] in surnames:
                for b in run_ends:
                    if 2 <= b - a <= 4 and not model_policy._dictionary_word(text[a:b]):
                        spans.append((a, b))
    windows: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        s, e = max(0, s - pad), min(len(text), e + pad)
        if windows and s <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(e, windows[-1][1]))
        else:
            windows.append((s, e))
    return windows


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
        gate: on a govbrief ``Doc``, run the model only on :func:`candidate_windows`
            (off by default, see the module docstring); ``False`` (or a plain string) runs
            it on the whole text.
        min_confidence: drop entities whose least certain character tag has a lower
            probability (see :meth:`entity_spans`).
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
        gate: bool = False,
        min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    ):
        super().__init__(nlp, name)
        self.min_confidence = min_confidence
        self.gate = gate
        self.model_path = model_path
        self.score = score
        self.labels = frozenset(labels)
        self.batch_size = batch_size
        self.retype = retype

    @property
    def model(self) -> Language:
        """The NER pipeline, loaded on first access."""
        return load_ner_model(self.model_path)

    def to_candidates(
        self, text: str, spans: Iterable[tuple[int, int, str]], offset: int = 0
    ) -> list[Candidate]:
        """Turn the model's entity spans on ``text`` into candidates.

        Whitespace at the edges of a predicted entity is trimmed (the char tokenizer makes
        line breaks tokens of their own), and an entity that is only whitespace is dropped.
        ``offset`` (the start of the window the model read) is added to the offsets.

        Args:
            text: the text the model read.
            spans: ``(start_char, end_char, label, confidence)`` of the model's entities;
                those under ``min_confidence`` are dropped. The confidence is kept in
                ``attrs["confidence"]``.
            offset: where ``text`` starts in the document.
        """
        out = []
        for start, end, model_label, confidence in spans:
            if confidence < self.min_confidence:
                continue
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end <= start:
                continue
            label = model_label
            attrs = {"confidence": round(confidence, 4)}
            if self.retype:
                label = retype_label(text[start:end], label)
                if label != model_label:
                    attrs["model_label"] = model_label
            if label in self.labels:
                out.append(
                    Candidate(
                        start + offset, end + offset, label, RULE_ID, source="model",
                        score=self.score, attrs=attrs,
                    )
                )
        return out

    def _windows(self, text: str, doc: Doc | None) -> list[tuple[int, int]]:
        """Where the model runs: gated windows on a govbrief ``Doc``, else the whole text."""
        if not text.strip():
            return []
        if self.gate and doc is not None and doc_text(doc) == text:
            return candidate_windows(text, token_edges(doc))
        return [(0, len(text))]

    def entity_spans(self, texts: list[str]) -> Iterator[list[tuple[int, int, str, float]]]:
        """The model's ``(start_char, end_char, label, confidence)`` entities in each text.

        With the shipped model (a BIO ``tagger`` named ``bio_tagger``) the tagger's scores
        are decoded directly, skipping spaCy's per-token annotation: the best tag sequence
        under the tagger's probabilities and the model's tag-bigram prior
        (:func:`govbrief.extract.bio.viterbi_tags`), then :class:`~govbrief.extract.bio.TagTable`.
        An entity's confidence is the lowest probability the tagger gave any of its
        characters' chosen tags. Any other pipeline that sets ``doc.ents`` is run
        as it is, with confidence 1.0.
        """
        nlp = self.model
        size = max(self.batch_size, 64)
        if BIO_TAGGER not in nlp.pipe_names:
            for ner_doc in nlp.pipe(texts, batch_size=size):
                yield [(e.start_char, e.end_char, e.label_, 1.0) for e in ner_doc.ents]
            return
        tagger = nlp.get_pipe(BIO_TAGGER)
        table = _tag_table(tuple(tagger.labels))
        trans = _transitions(nlp)
        outside = table.tags.index(OUTSIDE)
        predict = _predictor(self.model_path)
        for batch in minibatch(texts, size):
            ner_docs = [nlp.make_doc(t) for t in batch]
            for ner_doc, logits in zip(ner_docs, predict(ner_docs), strict=True):
                logp = log_softmax(logits)
                if trans is None:
                    tags = logp.argmax(axis=1)
                else:
                    tags = viterbi_tags(logp, trans, outside)
                prob = numpy.exp(logp[numpy.arange(len(tags)), tags])
                # Token offsets -> character offsets (whitespace runs can be one token).
                bounds = ner_doc.to_array([IDX, LENGTH])
                yield [
                    (
                        int(bounds[s, 0]), int(bounds[e - 1, 0] + bounds[e - 1, 1]), label,
                        float(prob[s:e].min()),
                    )
                    for s, e, label in table.decode(tags)
                ]

    def _run(self, texts: list[str], docs: list[Doc | None]) -> list[list[Candidate]]:
        """Candidates per text, all windows of all texts sent through the model at once."""
        windows = [self._windows(t, d) for t, d in zip(texts, docs, strict=True)]
        pieces = [t[a:b] for t, ws in zip(texts, windows, strict=True) for a, b in ws]
        found = self.entity_spans(pieces)
        out = []
        for text, ws in zip(texts, windows, strict=True):
            cands = []
            for a, b in ws:
                cands.extend(self.to_candidates(text[a:b], next(found), offset=a))
            out.append(cands)
        return out

    def find(self, text: str, doc: Doc | None = None) -> list[Candidate]:
        """Return the model's candidates in ``text`` (normalised, simplified script)."""
        return self._run([text], [doc])[0]

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
            found = self._run([doc_text(d) for d in batch], list(batch))
            for doc, cands in zip(batch, found, strict=True):
                add_candidates(doc, cands)
                yield doc


@Language.factory(
    "govbrief_ner",
    assigns=["doc._.gb_candidates"],
    default_config={
        "model_path": None, "score": DEFAULT_SCORE, "batch_size": 32, "retype": True,
        "gate": False, "min_confidence": DEFAULT_MIN_CONFIDENCE,
    },
)
def make_ner(
    nlp: Language,
    name: str,
    model_path: str | None,
    score: float,
    batch_size: int,
    retype: bool,
    gate: bool,
    min_confidence: float,
) -> NerExtractor:
    """Factory of ``govbrief_ner``."""
    return NerExtractor(
        nlp, name, model_path=model_path, score=score, batch_size=batch_size, retype=retype,
        gate=gate, min_confidence=min_confidence,
    )

"""govbrief inside ordinary spaCy code: ``spacy.load("models/govbrief")`` and ``add_pipe``.

govbrief's own entry points (:class:`govbrief.Extractor`, :func:`govbrief.pipeline.make_doc`)
normalise the text BEFORE the ``Doc`` exists. A spaCy user calls ``nlp("...")`` on raw
text instead, so this module provides:

- ``govbrief.NormalizingTokenizer.v1`` (registered tokenizer): normalises (width folding,
  pinyin debris, traditional -> simplified), then segments with the govbrief tokenizer
  (``govbrief.ChineseTokenizer.v1``, jieba or pkuseg with the project's user dictionary).
  **The Doc's text is the normalised text**, not the input: ``doc._.gb_norm`` holds the
  :class:`govbrief.normalize.Normalized` object whose ``original`` is the input and whose
  ``to_original(start, end)`` maps any span's ``start_char``/``end_char`` back to it.
  ``doc._.gb_meta`` is ``{"id": None, "published": None, "script": ...}``; set
  ``published`` before running the components to resolve relative dates::

      doc = nlp.make_doc(text)
      doc._.gb_meta["published"] = "2022-09-06"
      doc = nlp(doc)

- ``govbrief_init`` (component, first in the pipeline): gives a ``Doc`` that did not come
  through the tokenizer above (another tokenizer, ``Doc(vocab, words=...)``) the
  extension values the govbrief components expect, parses a ``published`` string, and on
  its first call checks that the govbrief components are in a workable order, raising
  :class:`PipelineOrderError` with what to change otherwise.
- Importing this module registers the ``Doc``/``Span`` extensions, so
  ``nlp.add_pipe("govbrief_dates")`` works in a user's own ``spacy.blank("zh")``. With the
  package's entry points installed, spaCy imports this module whenever it builds a
  pipeline, so no explicit import is needed.

:func:`build_spacy_nlp` builds the pipeline; ``python -m govbrief.spacy_integration DIR``
writes it as a spaCy pipeline directory (``models/govbrief``). The NER weights are NOT
copied into it: ``govbrief_ner`` has ``model_path = null`` and loads ``models/govbrief_ner``
(or ``$GOVBRIEF_NER_MODEL``) like the rest of govbrief, so the 2.8 MB model exists once.
Point it elsewhere with ``spacy.load(DIR, config={"components.govbrief_ner.model_path": P})``.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path
from typing import Any, Sequence

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry

from . import segment
from ._extensions import set_extensions
from .about import __version__
from .errors import GovbriefError
from .extract import EXTRACTORS
from .normalize import Normalized, normalize

set_extensions()

INIT = "govbrief_init"
NER = "govbrief_ner"
#: Components that propose candidates (they must come before ``govbrief_merge``).
PRODUCERS = (NER, *EXTRACTORS)
#: component -> components that must run before it.
NEEDS = {
    "govbrief_sections": ("govbrief_merge",),
    "govbrief_values": ("govbrief_merge", "govbrief_sections"),
}


class PipelineOrderError(GovbriefError):
    """The govbrief components of a pipeline are missing or in the wrong order."""


class NormalizingTokenizer(segment.ChineseTokenizer):
    """Normalise, then segment like :class:`govbrief.segment.ChineseTokenizer`.

    Args:
        vocab: the pipeline's vocabulary.
        segmenter: ``"jieba"`` or ``"pkuseg"``.
        pkuseg_model: pkuseg model directory (``None``: the default one).
    """

    def __call__(self, text: str) -> Doc:
        """A ``Doc`` of the NORMALISED text, with ``doc._.gb_norm`` pointing back."""
        from .pipeline import attach_metadata

        norm = normalize(text)
        return attach_metadata(super().__call__(norm.text), text, norm)


@registry.tokenizers("govbrief.NormalizingTokenizer.v1")
def create_normalizing_tokenizer(segmenter: str = "jieba", pkuseg_model: str | None = None) -> Any:
    """Registry function for ``@tokenizers = "govbrief.NormalizingTokenizer.v1"``."""

    def make(nlp: Any) -> NormalizingTokenizer:
        return NormalizingTokenizer(nlp.vocab, segmenter=segmenter, pkuseg_model=pkuseg_model)

    return make


def pipeline_problems(names: Sequence[str]) -> list[str]:
    """What is wrong with the order of the govbrief components among ``names``.

    Args:
        names: the pipeline's component names, in order (``nlp.pipe_names``).

    Returns:
        One sentence per problem; empty when the order works.
    """
    problems = []
    pos = {name: i for i, name in enumerate(names)}
    merge = pos.get("govbrief_merge")
    if merge is not None:
        if not any(pos.get(p, merge) < merge for p in PRODUCERS):
            problems.append(
                "govbrief_merge has no extractor before it: add govbrief_dates, "
                "govbrief_places, ... (or govbrief_ner) before govbrief_merge"
            )
        for p in PRODUCERS:
            if pos.get(p, -1) > merge:
                problems.append(
                    f"{p} comes after govbrief_merge, so its candidates are never used: "
                    f"add it before govbrief_merge"
                )
    for name, needs in NEEDS.items():
        if name not in pos:
            continue
        for need in needs:
            if need not in pos:
                problems.append(f"{name} needs {need} before it, and the pipeline has none")
            elif pos[need] > pos[name]:
                problems.append(f"{name} needs {need} before it, but {need} comes after it")
    if INIT in pos and pos[INIT] != 0:
        problems.append(f"{INIT} must be the first component")
    return problems


def check_pipeline(nlp: Language) -> None:
    """Raise :class:`PipelineOrderError` when the govbrief components cannot work together."""
    problems = pipeline_problems(nlp.pipe_names)
    if problems:
        raise PipelineOrderError(
            "the govbrief components of this pipeline will not work: " + "; ".join(problems)
            + f" (pipeline: {', '.join(nlp.pipe_names)})"
        )


class DocInit:
    """The ``govbrief_init`` component (see the module docstring).

    Args:
        nlp: the pipeline, checked with :func:`check_pipeline` when the component first runs
            (by then the user has added every component).
        name: the component name.
        check: check the pipeline order.
    """

    def __init__(self, nlp: Language | None = None, name: str = INIT, check: bool = True):
        self.nlp = nlp
        self.name = name
        self.check = check
        self._checked: tuple[str, ...] | None = None
        self._warned = False

    def __call__(self, doc: Doc) -> Doc:
        """Fill in the govbrief extension values a ``Doc`` lacks."""
        if self.check and self.nlp is not None:
            names = tuple(self.nlp.pipe_names)
            if names != self._checked:
                check_pipeline(self.nlp)
                self._checked = names
        if doc._.gb_norm is None:
            text = doc.text
            norm = Normalized(original=text, text=text)
            doc._.gb_norm = norm
            if not self._warned and normalize(text).text != text:
                self._warned = True
                warnings.warn(
                    "govbrief components expect normalised text (simplified script, "
                    "half-width ASCII); this Doc was not made by "
                    "govbrief.NormalizingTokenizer.v1, so traditional or full-width text is "
                    "processed as it is",
                    stacklevel=2,
                )
        if doc._.gb_meta is None:
            from .pipeline import doc_meta

            doc._.gb_meta = doc_meta(doc._.gb_norm.original, doc._.gb_norm)
        published = doc._.gb_meta.get("published")
        if published is not None and not hasattr(published, "year"):
            from .pipeline import parse_published

            doc._.gb_meta["published"] = parse_published(published)
        if doc._.gb_candidates is None:
            doc._.gb_candidates = []
        return doc


@Language.factory(
    INIT,
    assigns=["doc._.gb_norm", "doc._.gb_meta", "doc._.gb_candidates"],
    default_config={"check": True},
)
def make_init(nlp: Language, name: str, check: bool) -> DocInit:
    """Factory of ``govbrief_init``."""
    return DocInit(nlp, name, check=check)


def build_spacy_nlp(
    segmenter: str = "jieba",
    pkuseg_model: str | None = None,
    model: bool = True,
    model_path: str | None = None,
) -> Language:
    """The govbrief pipeline for raw text: normalising tokenizer, ``govbrief_init`` first.

    Args:
        segmenter: ``"jieba"`` or ``"pkuseg"``.
        pkuseg_model: pkuseg model directory.
        model: include ``govbrief_ner``.
        model_path: its model directory (``None``: ``models/govbrief_ner`` or
            ``$GOVBRIEF_NER_MODEL``, resolved when it first runs).
    """
    import spacy

    from . import extract

    config = {"nlp": {"lang": "zh", "tokenizer": {
        "@tokenizers": "govbrief.NormalizingTokenizer.v1",
        "segmenter": segmenter, "pkuseg_model": pkuseg_model}}}
    nlp = spacy.blank("zh", config=config)
    nlp.add_pipe(INIT)
    if model:
        nlp.add_pipe(NER, config={"model_path": model_path})
    for name in extract.EXTRACTORS + extract.POST:
        nlp.add_pipe(name)
    nlp.meta.update({
        "name": "govbrief",
        "version": __version__,
        "description": "govbrief rule-plus-NER extraction for Chinese government news briefs "
        "as a spaCy pipeline: normalising tokenizer (govbrief.NormalizingTokenizer.v1), "
        "govbrief_init, the statistical NER (weights loaded from models/govbrief_ner, not "
        "copied) and the rule components; entities in doc.ents and doc.spans['govbrief'], "
        "on the normalised text (doc._.gb_norm maps back to the input).",
        "author": "govbrief",
        "license": "MIT",
        "requirements": [f"govbrief>={__version__}"],
        "labels": {"govbrief_merge": list(extract._base.LABELS)},
    })
    return nlp


def save_pipeline(path: str | Path, **kwargs: Any) -> Path:
    """Write :func:`build_spacy_nlp` as a spaCy pipeline directory (config + meta, no weights)."""
    nlp = build_spacy_nlp(**kwargs)
    out = Path(path)
    nlp.to_disk(out)
    return out


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    target = sys.argv[1] if len(sys.argv) > 1 else "models/govbrief"
    print(save_pipeline(target))

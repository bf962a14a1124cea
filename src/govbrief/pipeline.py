"""Build the govbrief spaCy pipeline and run it over documents.

The pipeline is a blank spaCy ``Chinese`` whose tokenizer is ``govbrief.ChineseTokenizer.v1``
and whose components are the registered govbrief factories::

    govbrief_places, govbrief_dates, govbrief_counts, govbrief_agencies,
    govbrief_people, govbrief_campaigns  ->  govbrief_merge  ->  govbrief_sections
    ->  govbrief_values

Per-document metadata (id, publication date) is attached to the ``Doc`` before the
components run, as an explicit input: nothing resolves against "now".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import extract, segment  # noqa: F401  (registers factories and the tokenizer)
from ._extensions import set_extensions
from .normalize import Normalized, normalize


def build_nlp(
    segmenter: str = "jieba",
    pkuseg_model: str | None = None,
    model: bool | str = True,
    rules: bool = True,
) -> Language:
    """Assemble a fresh pipeline.

    Args:
        segmenter: ``"jieba"`` (default) or ``"pkuseg"``.
        pkuseg_model: pkuseg model directory when ``segmenter="pkuseg"``.
        model: add the statistical NER (``govbrief_ner``, the model in
            ``models/govbrief_ner``); a string is a model directory. ``False`` runs rules
            only (the fast path).
        rules: add the rule extractors; ``False`` with ``model=True`` gives the
            model-only pipeline used by the ablation.

    Returns:
        A ``Language`` ready to process normalised text.
    """
    set_extensions()
    config = {
        "nlp": {
            "lang": "zh",
            "tokenizer": {
                "@tokenizers": "govbrief.ChineseTokenizer.v1",
                "segmenter": segmenter,
                "pkuseg_model": pkuseg_model,
            },
        }
    }
    nlp = spacy.blank("zh", config=config)
    if model:
        from .extract import ner

        path = model if isinstance(model, str) else None
        nlp.add_pipe("govbrief_ner", config={"model_path": path})
        ner.load_ner_model(path)  # fail now, with the install hint, not on the first doc
    if rules:
        # The rule extractors tag words with jieba.posseg; import it now, with its word
        # tags from the cache rather than parsed from jieba's dictionary.
        segment.import_posseg()
    for name in (extract.EXTRACTORS if rules else ()) + extract.POST:
        nlp.add_pipe(name)
    return nlp


def parse_published(value: Any) -> dt.date | None:
    """Turn a ``published`` field (``YYYY-MM-DD`` string, date or None) into a date.

    Raises:
        ValueError: when a string is not an ISO date.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value.strip()[:10])
    raise ValueError(f"published must be YYYY-MM-DD, not {value!r}")


def detect_script(original: str, normalized: Normalized) -> str:
    """``"traditional"`` when normalisation changed a noticeable share of Han characters.

    Width folding touches only ASCII and debris removal drops characters, so a Han
    character that differs from its normalised counterpart was changed by the script
    conversion; no second OpenCC pass is needed.
    """
    norm = normalized.text
    index = normalized.index
    # The original characters behind each normalised one, as one string, so that the
    # comparison and the Han count run in C; "simplified" at once when nothing changed.
    source = original if index is None else "".join(map(original.__getitem__, index))
    if source == norm:
        return "simplified"
    before = _code_points(source)
    is_han = (before >= 0x4E00) & (before <= 0x9FFF)
    han = int(is_han.sum())
    if not han:
        return "simplified"
    if len(source) != len(norm):
        raise ValueError("normalisation map does not align the texts")
    after = _code_points(norm)
    changed = int((is_han & (before != after)).sum())
    return "traditional" if changed >= max(2, 0.02 * han) else "simplified"


def _code_points(text: str) -> np.ndarray:
    """The code points of ``text`` as an array (lone surrogates included as they are)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def make_doc(nlp: Language, text: str, published: Any = None, doc_id: str | None = None) -> Doc:
    """Normalise ``text``, tokenize it and attach metadata, before any component runs."""
    norm = normalize(text)
    return attach_metadata(nlp.make_doc(norm.text), text, norm, published, doc_id)


def attach_metadata(
    doc: Doc, original: str, norm: Normalized, published: Any = None, doc_id: str | None = None
) -> Doc:
    """Give a Doc of ``norm.text`` what every govbrief component reads.

    Args:
        doc: the tokenized normalised text.
        original: the text as given (offsets of the output point into it).
        norm: the normalisation of ``original`` (with its offset map).
        published: publication date, the reference for relative dates.
        doc_id: an id carried into the output.
    """
    doc._.gb_norm = norm
    doc._.gb_meta = doc_meta(original, norm, published, doc_id)
    doc._.gb_candidates = []
    return doc


def doc_meta(
    original: str, norm: Normalized, published: Any = None, doc_id: str | None = None
) -> dict[str, Any]:
    """``doc._.gb_meta``: the id, the parsed publication date and the input's script."""
    return {
        "id": doc_id,
        "published": parse_published(published),
        "script": detect_script(original, norm),
    }

"""spaCy ``DocBin`` (``.spacy``) training data from gold documents, and back.

Each gold document becomes a ``Doc`` tokenised by the govbrief tokenizer
(``govbrief.ChineseTokenizer.v1``: jieba or pkuseg with the project's user dictionary), with
its spans in ``doc.ents`` and ``doc.spans["govbrief"]``.

- **Text.** By default the ``Doc`` holds the NORMALISED text (simplified script,
  half-width ASCII, no pinyin debris): what govbrief's components and its NER model see,
  and what ``govbrief.NormalizingTokenizer.v1`` produces, so a pipeline using that
  tokenizer trains on it without misalignment (normalising is idempotent). Gold offsets
  are mapped onto it; ``normalized=False`` keeps the original text.
- **Token boundaries.** A gold span need not fall on jieba's token boundaries (jieba glues
  ``委等`` into one token). ``snap="expand"`` widens such a span to the tokens it touches
  (``Doc.char_span(alignment_mode="expand")``) and counts it as *adjusted*; a widened span
  that would then overlap its neighbour is dropped and counted. ``snap="split"`` instead
  splits tokens at the span boundaries (as ``govbrief_merge`` does), so every span is exact.
- **Metadata.** ``doc.user_data["govbrief"]`` keeps ``id``, ``published``, ``script`` and,
  when normalisation changed it, the ``original`` text; span attributes (DATE ``value``,
  COUNT ``value``/``unit`` …) are in ``span._.attrs``. :func:`read_docbin` uses them to
  give back gold documents with original offsets.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Iterator

from ._common import Stats, span_attrs

SPAN_KEY = "govbrief"
META_KEY = "govbrief"
SNAP_MODES = ("expand", "split")


def tokenizer_nlp(segmenter: str = "jieba", pkuseg_model: str | None = None) -> Any:
    """A blank Chinese pipeline with the govbrief tokenizer and no components."""
    import spacy

    from .. import segment  # noqa: F401  (registers govbrief.ChineseTokenizer.v1)
    from .._extensions import set_extensions

    set_extensions()
    config = {"nlp": {"tokenizer": {"@tokenizers": "govbrief.ChineseTokenizer.v1",
                                    "segmenter": segmenter, "pkuseg_model": pkuseg_model}}}
    return spacy.blank("zh", config=config)


def _norm_offsets(norm: Any, start: int, end: int) -> tuple[int, int]:
    return norm.to_normalized(start), norm.to_normalized(end)


def gold_to_doc(
    gold: dict[str, Any],
    nlp: Any,
    stats: Stats,
    *,
    normalized: bool = True,
    snap: str = "expand",
) -> Any:
    """One gold document as a tokenised ``Doc`` with entities and the span group."""
    from ..extract.merge import split_tokens_at
    from ..normalize import normalize

    if snap not in SNAP_MODES:
        raise ValueError(f"snap must be one of {SNAP_MODES}, not {snap!r}")
    original = gold["text"]
    norm = normalize(original) if normalized else None
    text = norm.text if norm is not None else original
    wanted = []
    for s in sorted(gold.get("spans", []), key=lambda s: (s["start"], s["end"])):
        start, end = (_norm_offsets(norm, s["start"], s["end"]) if norm is not None
                      else (s["start"], s["end"]))
        if end <= start:
            stats.dropped += 1
            continue
        wanted.append((start, end, s))
    doc = nlp.make_doc(text)
    if snap == "split":
        split_tokens_at(doc, [b for start, end, _ in wanted for b in (start, end)])
    spans = []
    last_end = -1
    for start, end, s in wanted:
        span = doc.char_span(start, end, label=s["label"], alignment_mode="strict")
        if span is None:
            span = doc.char_span(start, end, label=s["label"], alignment_mode="expand")
            if span is None:
                stats.dropped += 1
                continue
            stats.adjusted += 1
        if span.start_char < last_end:
            stats.dropped += 1
            continue
        last_end = span.end_char
        attrs = span_attrs(s)
        span._.attrs = attrs or None
        span._.value = attrs.get("value")
        span._.source = s.get("source")
        span._.rule_id = s.get("rule_id")
        spans.append(span)
    doc.ents = spans
    doc.spans[SPAN_KEY] = spans
    meta = {"id": gold.get("id"), "published": gold.get("published"),
            "script": gold.get("script")}
    if text != original:
        meta["original"] = original
    doc.user_data[META_KEY] = meta
    stats.documents += 1
    stats.spans += len(spans)
    return doc


def to_docbin(
    golds: Iterable[dict[str, Any]],
    nlp: Any = None,
    *,
    normalized: bool = True,
    snap: str = "expand",
    stats: Stats | None = None,
) -> Any:
    """Build a ``DocBin`` from gold documents.

    Args:
        golds: gold-format documents.
        nlp: a pipeline whose tokenizer to use (default :func:`tokenizer_nlp`).
        normalized: put the normalised text in the ``Doc`` (default) or the original.
        snap: ``"expand"`` or ``"split"`` (see the module docstring).
        stats: counts to update (``adjusted``, ``dropped``).

    Returns:
        The ``DocBin`` (``store_user_data=True``).
    """
    from spacy.tokens import DocBin

    nlp = nlp if nlp is not None else tokenizer_nlp()
    stats = stats if stats is not None else Stats()
    db = DocBin(store_user_data=True)
    for gold in golds:
        db.add(gold_to_doc(gold, nlp, stats, normalized=normalized, snap=snap))
    return db


def doc_to_gold(doc: Any) -> dict[str, Any]:
    """A ``Doc`` written by :func:`gold_to_doc` back as a gold document (original offsets)."""
    from ..normalize import normalize

    meta = doc.user_data.get(META_KEY) or {}
    original = meta.get("original", doc.text)
    norm = normalize(original) if original != doc.text else None
    if norm is not None and norm.text != doc.text:
        raise ValueError(f"document {meta.get('id')!r}: stored original does not normalise "
                         "to the Doc's text")
    group = doc.spans[SPAN_KEY] if SPAN_KEY in doc.spans else doc.ents
    spans = []
    for span in group:
        start, end = span.start_char, span.end_char
        if norm is not None:
            start, end = norm.to_original(start, end)
        item = {"start": start, "end": end, "label": span.label_}
        item.update(span._.attrs or {})
        spans.append(item)
    return {"id": meta.get("id"), "text": original, "published": meta.get("published"),
            "script": meta.get("script"), "spans": spans, "sections": [], "officials": []}


def read_docbin(path: str | Path, nlp: Any = None) -> Iterator[dict[str, Any]]:
    """Yield the gold documents of a ``.spacy`` file written by :func:`to_docbin`."""
    from spacy.tokens import DocBin

    from .._extensions import set_extensions

    set_extensions()
    if nlp is None:
        import spacy

        nlp = spacy.blank("zh")
    db = DocBin().from_disk(path)
    for doc in db.get_docs(nlp.vocab):
        yield doc_to_gold(doc)

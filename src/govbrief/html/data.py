"""Turn a processed ``Doc`` into the plain dict the ``show`` page renders.

This is the only place of :mod:`govbrief.html` that touches spaCy objects; it goes
through :mod:`govbrief.assemble`, so the page shows exactly what ``govbrief annotate``
and ``govbrief extract`` write for the same document.
"""

from __future__ import annotations

from typing import Any

from .. import assemble
from ..extract.merge import SPAN_KEY

# Resolved attributes of a span worth showing besides the gold-format ones.
_EXTRA_ATTRS = ("name", "code", "kind", "role", "province")


def _extra_attrs(doc: Any) -> dict[tuple[int, int], dict[str, Any]]:
    """Resolved span attributes keyed by ORIGINAL offsets."""
    out: dict[tuple[int, int], dict[str, Any]] = {}
    norm = doc._.gb_norm
    for span in doc.spans[SPAN_KEY] if SPAN_KEY in doc.spans else []:
        attrs = span._.attrs or {}
        extra = {k: attrs[k] for k in _EXTRA_ATTRS if attrs.get(k) not in (None, "")}
        if span._.value is not None and "value" not in attrs:
            extra["value"] = span._.value
        out[norm.to_original(span.start_char, span.end_char)] = extra
    return out


def document_data(doc: Any, source: str | None = None, line: int | None = None) -> dict[str, Any]:
    """The dict :func:`govbrief.html.render_documents` expects, for one processed Doc.

    Args:
        doc: a ``Doc`` returned by :meth:`govbrief.Extractor.process`.
        source: the input file it came from.
        line: its line in a JSONL input.

    Returns:
        The gold-format document (``id``, ``text``, ``published``, ``spans``, ``sections``,
        ``officials``) plus ``source``, ``line`` and ``records``; every span also carries
        its resolved attributes (``name``, ``code``, ``kind``, ``role`` …) and, for a
        mention of an official, ``official`` = ``{"name", "titles"}``.
    """
    data = assemble.to_gold(doc)
    records = assemble.to_records(doc)
    extra = _extra_attrs(doc)
    officials: dict[tuple[int, int], dict[str, Any]] = {}
    for rec in records:
        for off in rec.get("officials", []):
            for s, e in off.get("mentions", []):
                officials[(s, e)] = {"name": off["name"], "titles": off["titles"]}
    for span in data["spans"]:
        key = (span["start"], span["end"])
        for k, v in extra.get(key, {}).items():
            span.setdefault(k, v)
        if span["label"] == "PERSON" and key in officials:
            span["official"] = officials[key]
    data.update(source=source, line=line, records=records)
    return data

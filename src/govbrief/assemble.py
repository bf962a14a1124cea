"""Stage 5: turn processed ``Doc`` objects into the gold format and into records.

Nothing about spaCy leaks past this module: both outputs are plain dicts as
ANNOTATION.md §1 and §5 describe, with offsets into the ORIGINAL text.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

from .extract.merge import SPAN_KEY
from .resolve import places

# Span attributes copied into the gold-format spans, per label.
_GOLD_ATTRS = {
    "DATE": ("value",),
    "COUNT": ("value", "unit", "approx", "object", "min"),
}


def _orig(doc: Doc, start: int, end: int) -> tuple[int, int]:
    return doc._.gb_norm.to_original(start, end)


def _boundary(doc: Doc, offset: int) -> int:
    """Map a section boundary (a normalised offset) to the original text."""
    norm = doc._.gb_norm
    if offset >= len(norm.text):
        return len(norm.original)
    if norm.index is None:
        return offset
    return norm.index[offset]


def gold_spans(doc: Doc) -> list[dict[str, Any]]:
    """The document's spans in the gold format, with provenance."""
    out = []
    original = doc._.gb_norm.original
    for span in doc.spans[SPAN_KEY] if SPAN_KEY in doc.spans else []:
        start, end = _orig(doc, span.start_char, span.end_char)
        item: dict[str, Any] = {"start": start, "end": end, "label": span.label_,
                                "text": original[start:end]}
        attrs = span._.attrs or {}
        for key in _GOLD_ATTRS.get(span.label_, ()):
            if attrs.get(key) is not None:
                item[key] = attrs[key]
        item["source"] = span._.source
        item["rule_id"] = span._.rule_id
        out.append(item)
    return out


def gold_sections(doc: Doc) -> list[dict[str, Any]]:
    """Sections in the gold format (original offsets, contiguous)."""
    return [
        {"start": _boundary(doc, s.start), "end": _boundary(doc, s.end), "province": s.province}
        for s in doc._.gb_sections or []
    ]


def to_gold(doc: Doc) -> dict[str, Any]:
    """The document in the gold format of ANNOTATION.md §1 (``govbrief annotate``)."""
    meta = doc._.gb_meta or {}
    published = meta.get("published")
    return {
        "id": meta.get("id"),
        "text": doc._.gb_norm.original,
        "published": published.isoformat() if published else None,
        "script": meta.get("script"),
        "spans": gold_spans(doc),
        "sections": gold_sections(doc),
        "officials": [
            {"name": o["name"], "titles": list(o["titles"])} for o in doc._.gb_officials or []
        ],
    }


def _entry(doc: Doc, span: Any, **extra: Any) -> dict[str, Any]:
    start, end = _orig(doc, span.start_char, span.end_char)
    item = {"text": doc._.gb_norm.original[start:end], "start": start, "end": end}
    item.update({k: v for k, v in extra.items() if v is not None})
    return item


def to_records(doc: Doc) -> list[dict[str, Any]]:
    """One record per province per document (ANNOTATION.md §5), in section order.

    Sections without a province contribute to no record; a document with no province
    section yields no record.
    """
    meta = doc._.gb_meta or {}
    spans = list(doc.spans[SPAN_KEY]) if SPAN_KEY in doc.spans else []
    by_province: dict[str, list[Any]] = {}
    for sec in doc._.gb_sections or []:
        if sec.province:
            by_province.setdefault(sec.province, []).append(sec)
    records = []
    for province, secs in by_province.items():

        def inside(start: int, secs: list[Any] = secs) -> bool:
            return any(s.start <= start < s.end for s in secs)

        mine = [s for s in spans if inside(s.start_char)]
        div = places.province_by_name(province)
        rec: dict[str, Any] = {
            "doc_id": meta.get("id"),
            "province": province,
            "province_code": div.code if div else None,
            "sections": [[_boundary(doc, s.start), _boundary(doc, s.end)] for s in secs],
            "dates": [], "officials": [], "agencies": [], "organizations": [],
            "locations": [], "counts": [], "campaigns": [], "reporters": [],
        }
        for span in mine:
            a = span._.attrs or {}
            label = span.label_
            if label == "DATE":
                rec["dates"].append(_entry(doc, span, value=a.get("value")))
            elif label == "AGENCY":
                rec["agencies"].append(_entry(doc, span, name=a.get("name", span.text)))
            elif label == "ORG":
                rec["organizations"].append(_entry(doc, span, name=span.text))
            elif label == "GPE":
                rec["locations"].append(_entry(doc, span, name=a.get("name"), code=a.get("code")))
            elif label == "COUNT":
                rec["counts"].append(_entry(
                    doc, span, value=a.get("value"), unit=a.get("unit"),
                    approx=a.get("approx"), object=a.get("object"), min=a.get("min")))
            elif label == "CAMPAIGN":
                rec["campaigns"].append(_entry(
                    doc, span, name=a.get("name", span.text), kind=a.get("kind")))
            elif label == "PERSON" and a.get("role") == "reporter":
                if span.text not in rec["reporters"]:
                    rec["reporters"].append(span.text)
        for off in doc._.gb_officials or []:
            mentions = [m for m in off.get("mentions", []) if inside(m[0])]
            if mentions:
                rec["officials"].append({
                    "name": off["name"],
                    "titles": list(off["titles"]),
                    "mentions": [list(_orig(doc, s, e)) for s, e in mentions],
                })
        records.append(rec)
    return records

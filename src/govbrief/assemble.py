"""Stage 5: turn processed ``Doc`` objects into the gold format and into records.

Nothing about spaCy leaks past this module: both outputs are plain dicts as
ANNOTATION.md §1 and §5 describe, with offsets into the ORIGINAL text.
"""

from __future__ import annotations

import bisect
from typing import Any, Callable

from spacy.tokens import Doc

from .extract.merge import SpanView, get_ext, merged_spans
from .normalize import Normalized
from .resolve import places

# Span attributes copied into the gold-format spans, per label.
_GOLD_ATTRS = {
    "DATE": ("value",),
    "COUNT": ("value", "unit", "approx", "object", "min"),
}


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
    norm = doc._.gb_norm
    original = norm.original
    for span in merged_spans(doc, norm.text):
        s, e = span.start_char, span.end_char
        start, end = norm.to_original(s, e)
        item: dict[str, Any] = {"start": start, "end": end, "label": span.label_,
                                "text": original[start:end]}
        attrs = span.attrs or {}
        for key in _GOLD_ATTRS.get(span.label_, ()):
            if attrs.get(key) is not None:
                item[key] = attrs[key]
        item["source"] = get_ext(doc, s, e, "source")
        item["rule_id"] = get_ext(doc, s, e, "rule_id")
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


def _entry(norm: Normalized, span: SpanView, **extra: Any) -> dict[str, Any]:
    start, end = norm.to_original(span.start_char, span.end_char)
    item = {"text": norm.original[start:end], "start": start, "end": end}
    item.update({k: v for k, v in extra.items() if v is not None})
    return item


def _province_finder(sections: list[Any]) -> Callable[[int], str | None]:
    """``offset -> province`` of the section holding the offset (``None`` outside).

    Sections are contiguous and in order, so the only candidate is the last one starting
    at or before the offset.
    """
    starts = [s.start for s in sections]

    def province_at(offset: int) -> str | None:
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0 and offset < sections[i].end:
            return sections[i].province
        return None

    return province_at


def to_records(doc: Doc) -> list[dict[str, Any]]:
    """One record per province per document (ANNOTATION.md §5), in section order.

    Sections without a province contribute to no record; a document with no province
    section yields no record.
    """
    meta = doc._.gb_meta or {}
    norm = doc._.gb_norm
    sections = doc._.gb_sections or []
    by_province: dict[str, list[Any]] = {}
    for sec in sections:
        if sec.province:
            by_province.setdefault(sec.province, []).append(sec)
    if not by_province:
        return []
    province_at = _province_finder(sections)
    # Each span and official mention goes to the record of its section's province.
    mine: dict[str, list[SpanView]] = {province: [] for province in by_province}
    for span in merged_spans(doc, norm.text):
        province = province_at(span.start_char)
        if province:
            mine[province].append(span)
    records = []
    for province, secs in by_province.items():
        div = places.province_by_name(province)
        rec: dict[str, Any] = {
            "doc_id": meta.get("id"),
            "province": province,
            "province_code": div.code if div else None,
            "sections": [[_boundary(doc, s.start), _boundary(doc, s.end)] for s in secs],
            "dates": [], "officials": [], "agencies": [], "organizations": [],
            "locations": [], "counts": [], "campaigns": [], "reporters": [],
        }
        for span in mine[province]:
            a = span.attrs or {}
            label = span.label_
            if label == "DATE":
                rec["dates"].append(_entry(norm, span, value=a.get("value")))
            elif label == "AGENCY":
                rec["agencies"].append(_entry(norm, span, name=a.get("name", span.text)))
            elif label == "ORG":
                rec["organizations"].append(_entry(norm, span, name=span.text))
            elif label == "GPE":
                rec["locations"].append(_entry(norm, span, name=a.get("name"), code=a.get("code")))
            elif label == "COUNT":
                rec["counts"].append(_entry(
                    norm, span, value=a.get("value"), unit=a.get("unit"),
                    approx=a.get("approx"), object=a.get("object"), min=a.get("min")))
            elif label == "CAMPAIGN":
                rec["campaigns"].append(_entry(
                    norm, span, name=a.get("name", span.text), kind=a.get("kind")))
            elif label == "PERSON" and a.get("role") == "reporter":
                if span.text not in rec["reporters"]:
                    rec["reporters"].append(span.text)
        for off in doc._.gb_officials or []:
            mentions = [m for m in off.get("mentions", []) if province_at(m[0]) == province]
            if mentions:
                rec["officials"].append({
                    "name": off["name"],
                    "titles": list(off["titles"]),
                    "mentions": [list(norm.to_original(s, e)) for s, e in mentions],
                })
        records.append(rec)
    return records

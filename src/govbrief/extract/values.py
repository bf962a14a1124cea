"""``govbrief_values``: fill in the values that need the whole document.

Runs after ``govbrief_merge`` and ``govbrief_sections``. Values that a span alone
determines (COUNT value and unit, CAMPAIGN kind) are set by the extractors; this component
resolves what needs context:

- DATE: TIMEX3 values against ``published`` or the section's own year, ``当天`` against
  the event date just mentioned (:func:`govbrief.resolve.dates.resolve_dates`);
- GPE: division code and province (:mod:`govbrief.resolve.places`);
- AGENCY: canonical full name with the section's province and city filled in
  (:func:`govbrief.resolve.agencies.canonical_agency`);
- officials: names with their full title phrases
  (:func:`govbrief.resolve.officials.build_officials`).
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..resolve import agencies as agency_names
from ..resolve import dates as date_values
from ..resolve import officials as official_lists
from ..resolve import places
from ._base import doc_text
from .merge import SpanView, get_ext, merged_spans, set_exts


def _update(doc: Doc, span: SpanView, values: dict[str, Any]) -> None:
    """Add ``values`` to the span's attrs (a new dict), in their order."""
    start, end = span.start_char, span.end_char
    attrs = dict(get_ext(doc, start, end, "attrs") or {})
    attrs.update(values)
    exts = {"attrs": attrs, "value": values["value"]} if "value" in values else {"attrs": attrs}
    set_exts(doc, start, end, exts)


def _section_of(sections: list[Any], offset: int) -> Any:
    for sec in sections:
        if sec.start <= offset < sec.end:
            return sec
    return sections[-1] if sections else None


class Values:
    """The values component (see module docstring)."""

    def __init__(self, nlp: Any = None, name: str = "govbrief_values"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        """Resolve values on ``doc.spans["govbrief"]`` and set ``doc._.gb_officials``."""
        text = doc_text(doc)
        spans = merged_spans(doc, text)
        sections = doc._.gb_sections or []
        meta = doc._.gb_meta or {}

        dates = [s for s in spans if s.label_ == "DATE"]
        values = date_values.resolve_dates(
            text,
            [(s.start_char, s.end_char) for s in dates],
            [(sec.start, sec.end) for sec in sections] or [(0, len(text))],
            meta.get("published"),
        )
        for span, value in zip(dates, values, strict=False):
            _update(doc, span, {"value": value})

        # Walk the spans in order, remembering the latest city named in each section, so
        # that 市市场监管局 in a 福州 section becomes 福州市市场监督管理局.
        city: str | None = None
        current = None
        for span in spans:
            sec = _section_of(sections, span.start_char)
            if sec is not current:
                current, city = sec, None
            province = sec.province if sec is not None else None
            if span.label_ == "GPE":
                div = places.best_division(span.text, province)
                if div is not None:
                    _update(doc, span, {"code": div.code, "name": div.name,
                                        "province": places.province_of(div).name})
                    if div.level == 2:
                        city = div.name
            elif span.label_ == "AGENCY":
                name = agency_names.canonical_agency(span.text, province=province, city=city)
                _update(doc, span, {"name": name})
                div = agency_names.leading_city(span.text, province)
                if div is not None:
                    city = div
        doc._.gb_officials = official_lists.build_officials(text, spans)
        return doc


@Language.factory(
    "govbrief_values",
    assigns=["span._.value", "span._.attrs", "doc._.gb_officials"],
    requires=["doc.spans", "doc._.gb_sections"],
)
def make_values(nlp: Language, name: str) -> Values:
    """Factory of ``govbrief_values``."""
    return Values(nlp, name)

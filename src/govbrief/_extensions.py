"""All custom ``Doc`` and ``Span`` extension attributes, declared in one place."""

from __future__ import annotations

from spacy.tokens import Doc, Span

DOC_EXTENSIONS = {
    # Per-document metadata: {"id", "published" (datetime.date | None), "script", ...}.
    "gb_meta": None,
    # The govbrief.normalize.Normalized object: original text and the offset map.
    "gb_norm": None,
    # Char-level candidate spans (govbrief.extract._base.Candidate) before merging.
    "gb_candidates": None,
    # Sections: list of govbrief.extract.sections.Section, in text order.
    "gb_sections": None,
    # Officials: list of {"name", "titles", "mentions"} in normalised offsets.
    "gb_officials": None,
}

SPAN_EXTENSIONS = {
    "rule_id": None,  # id of the rule (or "ner") that produced the span
    "source": None,  # "rule" | "model"
    "score": None,  # confidence in [0, 1]
    "value": None,  # normalised value: TIMEX3 string, number, canonical name
    "attrs": None,  # other attributes: unit, approx, object, kind, name, province ...
}


def set_extensions(force: bool = False) -> None:
    """Register the extensions (idempotent).

    Args:
        force: re-register even when already present.
    """
    for name, default in DOC_EXTENSIONS.items():
        if force or not Doc.has_extension(name):
            Doc.set_extension(name, default=default, force=True)
    for name, default in SPAN_EXTENSIONS.items():
        if force or not Span.has_extension(name):
            Span.set_extension(name, default=default, force=True)

"""``govbrief_sections``: cut a brief into per-province sections (ANNOTATION.md §3)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc


@dataclass(frozen=True)
class Section:
    """A part of the text reporting on one province-level division.

    Attributes:
        start: inclusive offset into the normalised text.
        end: exclusive offset.
        province: canonical simplified full name (``安徽省``) or ``None``.
        code: GB/T 2260 code of the province (``340000``) or ``None``.
        rule_id: which cue decided the province (provenance).
    """

    start: int
    end: int
    province: str | None
    code: str | None = None
    rule_id: str = ""


class Sectioner:
    """Split the text into sections (work in progress: one section)."""

    def __init__(self, nlp: Any = None, name: str = "govbrief_sections"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        """Set ``doc._.gb_sections``."""
        doc._.gb_sections = [Section(0, len(doc.text), None)]
        return doc


@Language.factory("govbrief_sections", assigns=["doc._.gb_sections"], requires=["doc.spans"])
def make_sections(nlp: Language, name: str) -> Sectioner:
    """Factory of ``govbrief_sections``."""
    return Sectioner(nlp, name)

"""``govbrief_dates``: DATE expressions."""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ._base import Candidate, RuleExtractor


class DateExtractor(RuleExtractor):
    """Propose DATE expressions as candidates (work in progress)."""

    def find(self, text: str, doc: Doc | None = None) -> list[Candidate]:
        """Return candidates in ``text`` (normalised, simplified script)."""
        return []


@Language.factory("govbrief_dates", assigns=["doc._.gb_candidates"])
def make_dates(nlp: Language, name: str) -> DateExtractor:
    """Factory of ``govbrief_dates``."""
    return DateExtractor(nlp, name)

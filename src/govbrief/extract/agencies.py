"""``govbrief_agencies``: AGENCY and ORG names."""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ._base import Candidate, RuleExtractor


class AgencyExtractor(RuleExtractor):
    """Propose AGENCY and ORG names as candidates (work in progress)."""

    def find(self, text: str, doc: Doc | None = None) -> list[Candidate]:
        """Return candidates in ``text`` (normalised, simplified script)."""
        return []


@Language.factory("govbrief_agencies", assigns=["doc._.gb_candidates"])
def make_agencies(nlp: Language, name: str) -> AgencyExtractor:
    """Factory of ``govbrief_agencies``."""
    return AgencyExtractor(nlp, name)

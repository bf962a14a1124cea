"""``govbrief_people``: PERSON names and TITLE positions."""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ._base import Candidate, RuleExtractor


class PeopleExtractor(RuleExtractor):
    """Propose PERSON names and TITLE positions as candidates (work in progress)."""

    def find(self, text: str, doc: Doc | None = None) -> list[Candidate]:
        """Return candidates in ``text`` (normalised, simplified script)."""
        return []


@Language.factory("govbrief_people", assigns=["doc._.gb_candidates"])
def make_people(nlp: Language, name: str) -> PeopleExtractor:
    """Factory of ``govbrief_people``."""
    return PeopleExtractor(nlp, name)

"""``govbrief_places``: GPE places (province/prefecture/county divisions, short forms, named regions)."""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ._base import Candidate, RuleExtractor


class PlaceExtractor(RuleExtractor):
    """Propose GPE places (province/prefecture/county divisions, short forms, named regions) as candidates (work in progress)."""

    def find(self, text: str, doc: Doc | None = None) -> list[Candidate]:
        """Return candidates in ``text`` (normalised, simplified script)."""
        return []


@Language.factory("govbrief_places", assigns=["doc._.gb_candidates"])
def make_places(nlp: Language, name: str) -> PlaceExtractor:
    """Factory of ``govbrief_places``."""
    return PlaceExtractor(nlp, name)

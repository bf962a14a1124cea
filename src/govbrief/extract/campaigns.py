"""``govbrief_campaigns``: CAMPAIGN names inside quotation marks."""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ._base import Candidate, RuleExtractor


class CampaignExtractor(RuleExtractor):
    """Propose CAMPAIGN names inside quotation marks as candidates (work in progress)."""

    def find(self, text: str, doc: Doc | None = None) -> list[Candidate]:
        """Return candidates in ``text`` (normalised, simplified script)."""
        return []


@Language.factory("govbrief_campaigns", assigns=["doc._.gb_candidates"])
def make_campaigns(nlp: Language, name: str) -> CampaignExtractor:
    """Factory of ``govbrief_campaigns``."""
    return CampaignExtractor(nlp, name)

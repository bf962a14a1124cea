"""``govbrief_counts``: COUNT numbers with classifier or unit."""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ._base import Candidate, RuleExtractor


class CountExtractor(RuleExtractor):
    """Propose COUNT numbers with classifier or unit as candidates (work in progress)."""

    def find(self, text: str, doc: Doc | None = None) -> list[Candidate]:
        """Return candidates in ``text`` (normalised, simplified script)."""
        return []


@Language.factory("govbrief_counts", assigns=["doc._.gb_candidates"])
def make_counts(nlp: Language, name: str) -> CountExtractor:
    """Factory of ``govbrief_counts``."""
    return CountExtractor(nlp, name)

"""``govbrief_dates``: DATE expressions (ANNOTATION.md §2 DATE).

The patterns live in ``resources/rules/dates.jsonl``. Each rule proposes DATE spans on
the normalised, simplified text: absolute dates with their time of day (``9月6日上午10时30分``),
months and years (``今年9月``, ``2022年度``), ranges as one span (``9月1日至30日``,
``2024年1月至3月``, ``截至2月底``), quarters and halves, plan periods (``十四五``), and
relative expressions (``近日``, ``昨日``, ``当天``, ``今年以来``).

Rules labelled ``NOT_DATE`` describe durations (``为期一个月``, ``3个月``); a DATE reading that
lies inside one of them is dropped, since the contract says durations are not dates.

Within this extractor the longest reading wins, so a text yields non-overlapping DATE
candidates: ``2024年1月至3月`` is one range, never ``2024年1月`` plus ``3月``. Values are not
set here; they need the whole document (publication date, section year, the event just
mentioned) and are filled in by :func:`govbrief.resolve.dates.resolve_dates`.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ._base import Candidate, RuleExtractor, match_rules

BLOCK_LABEL = "NOT_DATE"


def _select(cands: list[Candidate], order: dict[str, int]) -> list[Candidate]:
    """Keep a non-overlapping subset: priority, then length, then rule-file order."""
    ranked = sorted(cands, key=lambda c: (-c.priority, -c.length, order.get(c.rule_id, 0), c.start))
    chosen: list[Candidate] = []
    for c in ranked:
        if all(c.end <= o.start or o.end <= c.start for o in chosen):
            chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


class DateExtractor(RuleExtractor):
    """Propose DATE expressions as candidates.

    Every rule of ``dates.jsonl`` is run over the text; DATE matches inside a ``NOT_DATE``
    match (a duration) are discarded, and overlapping DATE matches are reduced to the
    longest. Candidates carry the rule id as provenance and ``attrs["kind"]``, the rule id
    without its ``date_`` prefix (``ymd``, ``day_range``, ``vague_past`` ...).
    """

    rules_name = "dates"

    def find(self, text: str, doc: Doc | None = None) -> list[Candidate]:
        """Return DATE candidates in ``text`` (normalised, simplified script).

        Args:
            text: the normalised document text.
            doc: unused; the extractor works on characters.

        Returns:
            Non-overlapping DATE candidates in text order.
        """
        order = {rule.id: n for n, rule in enumerate(self.rules)}
        dates: list[Candidate] = []
        blocks: list[tuple[int, int]] = []
        for rule, _match, start, end in match_rules(text, self.rules):
            if rule.label == BLOCK_LABEL:
                blocks.append((start, end))
                continue
            attrs = {"kind": rule.id.removeprefix("date_")}
            attrs.update(rule.attrs)
            dates.append(
                Candidate(start, end, "DATE", rule.id, priority=rule.priority, attrs=attrs)
            )
        if blocks:
            dates = [
                c for c in dates if not any(bs <= c.start and c.end <= be for bs, be in blocks)
            ]
        return _select(dates, order)


@Language.factory("govbrief_dates", assigns=["doc._.gb_candidates"])
def make_dates(nlp: Language, name: str) -> DateExtractor:
    """Factory of ``govbrief_dates``."""
    return DateExtractor(nlp, name)

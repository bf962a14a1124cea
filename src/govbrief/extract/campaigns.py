"""``govbrief_campaigns``: CAMPAIGN names inside quotation marks.

ANNOTATION.md makes a quoted text a CAMPAIGN when it names a campaign, activity, event,
programme, strategy, award, brand initiative or official platform, and not when it is a
theme, slogan, motto, metaphor, generic descriptor or quoted speech. Deciding this is a
matter of the words around the quotation more than of the quoted words, so the extractor
works quotation by quotation:

1. :func:`find_quotes` pairs the marks (“…”, 「…」, ‘…’, 『…』, "…"), nested ones included.
2. :meth:`CampaignExtractor.judge` looks at one quotation: hard rejections first (speech,
   slogans with inner punctuation, generic terms from the lexicon, theme markers from the
   rule file), then the positive cues, strongest first:

   - the noun after the closing quote, possibly at the end of a short noun phrase
     (“护苗”行动, “百城千企”质量提升行动); ``主题`` before that noun marks a
     theme (“…”主题活动), except after 等 (“甲”“乙”等主题活动);
   - the quoted text is itself an event name (``NAME`` rules: …月, …周, …行动, 3·15);
   - a launching verb before it and punctuation after it (推出“信用码”,).

3. Lists of adjacent quotations (“甲”“乙”、“丙”等活动, “甲”——“乙”) share their
   decision: when one member is a campaign, so are its plain siblings.
4. A quoted text accepted once in a document is a CAMPAIGN wherever else it is quoted
   (“110”宣传日活动 … “110”先进个人).

Outer quotations win over the quotations nested inside them
(“计量‘一对一’帮扶‘千企行’”); inside a rejected outer quotation (speech)
the nested ones are judged on their own.

The rule file ``resources/rules/campaigns.jsonl`` holds the context patterns, each with a
helper label saying where it applies (``NAME``/``NOT_NAME``/``REJECT``: the quoted text,
full match; ``LEFT_THEME``/``LEFT_SPEECH``/``LEFT_INTRO``: the text before the opening
mark; ``RIGHT_THEME``: the text after the closing mark). The lexicon
``resources/lexicons/campaign_nouns.tsv`` lists activity nouns, theme markers and generic
terms.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, NamedTuple

import regex
from spacy.language import Language
from spacy.tokens import Doc

from ..resources import Rule, load_tsv
from ._base import Candidate, RuleExtractor

LABEL = "CAMPAIGN"

# A quotation is a strong boundary: inside an accepted campaign name nothing else is
# annotated (ANNOTATION.md), and an equally long DATE reading of “3·15” must lose.
PRIORITY = 1

# Pairs of quotation marks. Straight double quotes open and close alike and are paired
# left to right within a line. The character classes exclude the opening mark, so an
# unclosed opening mark (garbled text) never swallows the next quotation.
_QUOTE_RES = (
    ("“", regex.compile(r"“([^“”\n]{1,80})”")),
    ("「", regex.compile(r"「([^「」\n]{1,80})」")),
    ("『", regex.compile(r"『([^『』\n]{1,80})』")),
    ("‘", regex.compile(r"‘([^‘’\n]{1,60})’")),
    ('"', regex.compile(r'"([^"\n]{1,60})"')),
)

MAX_NAME = 30  # longer quotations are speech or slogans
MAX_SHARED_RUN = 4  # longest list in which one member's own cue accepts its siblings
# Punctuation inside a quotation that makes it a clause list, a slogan or speech.
_INNER_PUNCT = regex.compile(r"[,、;:!?。\s]")
_SENTENCE_PUNCT = regex.compile(r"[。!?]")
# The stretch after a closing quote where a noun phrase may end in an activity noun:
# Han characters only (punctuation, digits and quotes end it), at most 12.
_TAIL = regex.compile(r"\p{Han}{1,12}")
# Words that end the noun phrase about the quote: function words (“甲”为主题的乙活动,
# “甲”的乙活动, “甲”和乙活动), and verbs of ceremonies whose object is a body or a site,
# not an activity (“某研究院”揭牌仪式, “某企业”获奖).
_TAIL_BLOCK = regex.compile(
    r"[为的是和与及以在将把对让向从由被给获]|期间|揭牌|授牌|挂牌|签约|签字|签订|开工|奠基|竣工|开业|成立"
)
# What may follow a standalone name introduced by a launching verb. Not 等: the noun
# after 等 names the category (推出“某贷”等金融产品) and decides by itself.
_TERMINATOR = regex.compile(r"[,、。;:!?)\n“「『‘\"]|——|$")
# Gaps that chain quotations into one list: nothing, an enumeration comma, a dash, a
# conjunction (“甲”和“乙”专项行动).
_LIST_GAP = regex.compile(r"(?:、|——|—|-|和|及|以及|与)?")
_HAS_WORD = regex.compile(r"[\p{L}\d]")


class Quote(NamedTuple):
    """One quotation: marks at ``open`` and ``close - 1``, content ``[start, end)``.

    A named tuple rather than a frozen dataclass: quotations key the verdicts of a
    document, and a tuple hashes and builds much faster.

    Attributes:
        open: index of the opening mark.
        start: first character inside the marks.
        end: index of the closing mark (exclusive end of the content).
        close: index just after the closing mark.
    """

    open: int
    start: int
    end: int
    close: int

    def contains(self, other: "Quote") -> bool:
        """Whether ``other`` lies strictly inside this quotation's content."""
        return self.start <= other.open and other.close <= self.end and other != self


@dataclass
class Verdict:
    """The decision on one quotation.

    Attributes:
        accept: ``True`` campaign, ``False`` rejected for good, ``None`` undecided (a
            list sibling or an earlier mention in the document may still accept it).
        rule_id: provenance of the decision.
        kind: the activity noun after the closing quote, when there is one.
        strong: accepted by a cue of its own (may pass its decision to list siblings).
    """

    accept: bool | None
    rule_id: str = ""
    kind: str | None = None
    strong: bool = False


def find_quotes(text: str) -> list[Quote]:
    """All quotations in ``text``, nested ones included, in order of opening mark.

    Args:
        text: normalised text.

    Returns:
        Quotations sorted by ``open``; an outer quotation precedes the ones inside it.
    """
    found: dict[tuple[int, int], Quote] = {}
    for mark, pattern in _QUOTE_RES:
        if mark not in text:
            continue  # no opening mark, no quotation (the scan costs more than this test)
        for m in pattern.finditer(text):
            q = Quote(m.start(), m.start(1), m.end(1), m.end())
            found[(q.open, q.close)] = q
    return sorted(found.values(), key=lambda q: (q.open, -q.close))


def _outermost(quotes: list[Quote]) -> list[Quote]:
    """The quotations of ``quotes`` that no other one of them contains.

    Args:
        quotes: in the order of :func:`find_quotes` (by opening mark).

    Every opening mark opens one quotation at most (each kind of quotation has its own
    opening character, and straight quotes pair left to right), so a quotation that
    contains ``q`` opens before it: ``q`` is nested exactly when an earlier quotation's
    content reaches its closing mark. This is ``any(o.contains(q) for o in quotes)``
    in one pass.
    """
    kept: list[Quote] = []
    reach = -1  # the furthest content end of the quotations seen so far
    for q in quotes:
        if q.close > reach:
            kept.append(q)
        reach = max(reach, q.end)
    return kept


@lru_cache(maxsize=None)
def _lexicon() -> tuple[dict[str, str], Any]:
    """Word → role from ``campaign_nouns.tsv`` and a regex finding the nouns."""
    roles = {row[0]: row[1] for row in load_tsv("campaign_nouns.tsv") if len(row) >= 2}
    nouns = sorted((w for w, r in roles.items() if r in ("activity", "weak", "theme")),
                   key=len, reverse=True)
    # The lookahead on the nouns' first characters lets the engine skip the positions
    # where no noun starts instead of trying every alternative there (twice as fast).
    firsts = "".join(sorted({regex.escape(w[0]) for w in nouns}))
    alternatives = "|".join(regex.escape(w) for w in nouns)
    return roles, regex.compile(f"(?=[{firsts}])(?:{alternatives})")


class Tail(NamedTuple):
    """What follows a closing quote.

    Attributes:
        noun: the activity noun ending the noun phrase after the quote, or ``None``.
        direct: the noun follows the closing mark immediately.
        theme: ``主题`` marks the quotation as a theme.
        after_deng: the noun phrase starts with 等 (the quotation closes a list).
    """

    noun: str | None = None
    direct: bool = False
    theme: bool = False
    after_deng: bool = False


def read_tail(text: str, pos: int) -> Tail:
    """Analyse the noun phrase after a closing quote at ``pos``.

    The first activity noun in the run of Han characters after the quote decides, unless a
    function word (:data:`_TAIL_BLOCK`) comes first; ``主题`` before it makes the quotation
    a theme except right after 等. Weak nouns (工作, 服务) count only right after 等.

    Args:
        text: normalised text.
        pos: index just after the closing mark.

    Returns:
        A :class:`Tail`.
    """
    m = _TAIL.match(text, pos)
    if not m:
        return Tail()
    seg = m.group()
    after_deng = seg.startswith("等")
    roles, nouns = _lexicon()
    for nm in nouns.finditer(seg):
        prefix = seg[: nm.start()]
        if _TAIL_BLOCK.search(prefix):
            break
        role = roles[nm.group()]
        if role == "theme":
            if prefix.endswith("等"):
                continue
            return Tail(theme=True, after_deng=after_deng)
        if role == "weak":
            if prefix == "等":
                return Tail(nm.group(), False, False, True)
            continue
        return Tail(nm.group(), nm.start() == 0, False, after_deng)
    return Tail(after_deng=after_deng)


class CampaignExtractor(RuleExtractor):
    """Propose CAMPAIGN names inside quotation marks.

    Each candidate's ``attrs`` has ``name`` (the quoted text, simplified) and ``kind``
    (the activity noun after the closing quote, or ``None``).
    """

    rules_name = "campaigns"

    def __init__(self, nlp: Any = None, name: str = "govbrief_campaigns",
                 rules: str | None = None):
        super().__init__(nlp, name, rules)
        self.by_label: dict[str, list[Rule]] = {}
        for rule in self.rules:
            self.by_label.setdefault(rule.label, []).append(rule)

    # -- rule helpers -------------------------------------------------------------------

    def _full(self, label: str, s: str) -> Rule | None:
        """The first ``label`` rule matching the whole of ``s``."""
        for rule in self.by_label.get(label, ()):
            if rule.regex.fullmatch(s):
                return rule
        return None

    def _left(self, label: str, text: str, pos: int) -> Rule | None:
        """The first ``label`` rule matching the text that ends at ``pos``."""
        left = text[max(0, pos - 12) : pos]
        for rule in self.by_label.get(label, ()):
            if rule.regex.search(left):
                return rule
        return None

    def _right(self, label: str, text: str, pos: int) -> Rule | None:
        """The first ``label`` rule matching the text that starts at ``pos``."""
        for rule in self.by_label.get(label, ()):
            if rule.regex.match(text, pos):
                return rule
        return None

    # -- one quotation ------------------------------------------------------------------

    def judge(self, text: str, q: Quote) -> Verdict:
        """Decide whether one quotation is a CAMPAIGN from its own words and context.

        Args:
            text: normalised text.
            q: the quotation.

        Returns:
            A :class:`Verdict`; ``accept`` is ``None`` when nothing decides.
        """
        name = text[q.start : q.end]
        roles, _ = _lexicon()
        if len(name) > MAX_NAME or _SENTENCE_PUNCT.search(name):
            return Verdict(False, "reject_speech")
        if not _HAS_WORD.search(name):
            return Verdict(False, "reject_empty")
        if roles.get(name) == "generic":
            return Verdict(False, "reject_generic")
        rule = (self._full("REJECT", name)
                or self._left("LEFT_THEME", text, q.open)
                or self._right("RIGHT_THEME", text, q.close))
        if rule is not None:
            return Verdict(False, rule.id)
        tail = read_tail(text, q.close)
        kind = tail.noun
        if not (tail.noun and tail.direct):
            rule = self._left("LEFT_SPEECH", text, q.open)
            if rule is not None:
                return Verdict(False, rule.id)
        if _INNER_PUNCT.search(name.strip()):
            # A clause list or a slogan; only an activity noun right after the quote
            # turns it into a title (“讲好故事 做好品牌”征文).
            if tail.noun and tail.direct:
                return Verdict(True, "noun_after_title", kind, strong=True)
            return Verdict(False, "reject_slogan")
        not_name = self._full("NOT_NAME", name)
        if not_name is None:
            rule = self._full("NAME", name)
            if rule is not None:
                return Verdict(True, rule.id, kind, strong=True)
        if tail.theme:
            return Verdict(False, "reject_theme")
        if tail.noun:
            return Verdict(True, "noun_after_deng" if tail.after_deng else "noun_after",
                           kind, strong=True)
        if not_name is None and len(name) <= 15 and _TERMINATOR.match(text, q.close):
            rule = self._left("LEFT_INTRO", text, q.open)
            if rule is not None:
                return Verdict(True, rule.id, None, strong=True)
        return Verdict(None)

    # -- the document -------------------------------------------------------------------

    def find(self, text: str, doc: Doc | None = None) -> list[Candidate]:
        """Return CAMPAIGN candidates in ``text`` (normalised, simplified script)."""
        quotes = find_quotes(text)
        verdicts = {q: self.judge(text, q) for q in quotes}
        self._share_in_lists(text, quotes, verdicts)
        self._share_in_document(text, quotes, verdicts)
        accepted = [q for q in quotes if verdicts[q].accept]
        # An accepted outer quotation hides everything nested in it.
        return [self._candidate(text, q, verdicts[q]) for q in _outermost(accepted)]

    @staticmethod
    def _runs(text: str, quotes: list[Quote]) -> Iterable[list[Quote]]:
        """Chains of quotations joined by nothing, 、 or a dash, in text order."""
        run: list[Quote] = []
        reach = -1  # the furthest content end of the run's quotations (see _outermost)
        for q in quotes:
            if run and q.close <= reach:
                continue  # nested quotations belong to their outer one
            if run:
                gap = _LIST_GAP.fullmatch(text, run[-1].close, q.open)
                if gap is None:
                    yield run
                    run, reach = [], -1
            run.append(q)
            reach = max(reach, q.end)
        if run:
            yield run

    def _share_in_lists(self, text: str, quotes: list[Quote],
                        verdicts: dict[Quote, Verdict]) -> None:
        """Pass a list's decision to its undecided members (“甲”“乙”等活动)."""
        for run in self._runs(text, quotes):
            if len(run) < 2:
                continue
            last = verdicts[run[-1]]
            # The noun after the last quotation speaks for the whole list.
            shared = bool(last.accept) and last.kind is not None
            source: Verdict | None = last
            if not shared:
                # Without a shared noun, one member's own cue speaks for short lists
                # only: a long run of quotations is more often a list of columns or
                # slogans than of activities.
                if len(run) > MAX_SHARED_RUN:
                    continue
                source = next((verdicts[q] for q in run
                               if verdicts[q].accept and verdicts[q].strong), None)
            if source is None:
                continue
            for q in run:
                v = verdicts[q]
                if v.accept is None:
                    verdicts[q] = Verdict(True, "list_sibling", source.kind if shared else None)
                elif v.accept and shared and v.kind is None:
                    # “甲周”“乙周”等活动: the members' kind is the shared noun.
                    v.kind = source.kind

    @staticmethod
    def _share_in_document(text: str, quotes: list[Quote],
                           verdicts: dict[Quote, Verdict]) -> None:
        """Accept undecided quotations of a name accepted elsewhere in the document."""
        names = {text[q.start : q.end] for q in quotes if verdicts[q].accept}
        for q in quotes:
            v = verdicts[q]
            if v.accept is None and text[q.start : q.end] in names:
                verdicts[q] = Verdict(True, "same_name", read_tail(text, q.close).noun)

    @staticmethod
    def _candidate(text: str, q: Quote, v: Verdict) -> Candidate:
        start, end = q.start, q.end
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return Candidate(start, end, LABEL, v.rule_id, priority=PRIORITY,
                         attrs={"name": text[start:end], "kind": v.kind})


@Language.factory("govbrief_campaigns", assigns=["doc._.gb_candidates"])
def make_campaigns(nlp: Language, name: str) -> CampaignExtractor:
    """Factory of ``govbrief_campaigns``."""
    return CampaignExtractor(nlp, name)

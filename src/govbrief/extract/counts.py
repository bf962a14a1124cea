"""``govbrief_counts``: COUNT numbers with their classifier or unit (ANNOTATION.md §2 COUNT).

How a count is found:

1. The rules in ``resources/rules/counts.jsonl`` with label ``COUNT`` find numerals with
   the approximator written before them (``近``, ``约``, ``超过`` ...). Each carries
   ``attrs.kind``:

   - ``number``: the classifier or unit right after the numeral is looked up in
     ``resources/lexicons/units.tsv`` (longest surface first, so 人次 beats 人), and a
     following ``以上``/``左右``/``以下`` joins the span;
   - ``percent_words``: 百分之十五 → 15 %;
   - ``tenths``: 近三成 → 30 % (成 counts tenths);
   - ``group``: X大Y (五大系列, 三大提升行动); the unit is the noun phrase after 大
     up to a head noun of the lexicon (``group`` rows);
   - ``level``: 国家、省、市、县四级.

2. Rules with label ``NOT_COUNT`` veto any count they overlap: ordinals (第二), durations
   (为期), vague 一 (一批, 一起), determiners (这一, 每一), set phrases (千家万户,
   一县一品) and top-ten lists (十大典型案例).

3. Filters that need more than a regex: a count inside a short quoted slogan
   (“四个坚持”, “十五条”, “最多跑一次”) is not a count, although a quoted X大Y is
   (“四大体系”); a bare 百/千/万 before an administrative noun (百县千村) or inside the
   name of an activity (百家电商平台点亮行动) is not either.

4. The counted noun (``object``) is read from the words after the span with jieba's
   part-of-speech tags, computed only on a short window after each count: it is the run
   of nominal words up to punctuation, a verb, a function word or 的, trimmed back to a
   noun; when the words right after the count are a modifier ending in 的 (丰富多彩的,
   以“…”为主题的) the object is the noun after 的. Rules with label ``OBJECT_STOP`` list
   words that end the object whatever jieba says (线上, 参与), ``OBJECT_NOUN`` words that
   jieba tags as verbs but that name things after a classifier (举措, 活动, 组). There
   is no object after administrative nouns, X大Y or percentages.

Values follow ANNOTATION.md: 万/亿 applied (1.2亿元 → 120000000, unit 元), ``int`` when
integral; ``approx`` is ``more``/``about``/``less`` and omitted for exact counts.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterable, Iterator, NamedTuple

import regex
from spacy.language import Language
from spacy.tokens import Doc

from ..resolve import numbers
from ..resources import Rule, load_tsv
from ._base import Candidate, RuleExtractor, match_rules

# The pipeline's own jieba instance (user dictionary loaded), tagged; jieba itself is
# only imported on the first call.
from ._postag import pos_tokenizer

LABEL = "COUNT"
BLOCK = "NOT_COUNT"
OBJECT_STOP = "OBJECT_STOP"
OBJECT_NOUN = "OBJECT_NOUN"

# Approximators written after the unit (2项以上, 300人左右, 10人以下).
_SUFFIX_APPROX = regex.compile(r"以上|以下|以内|左右|上下(?!\p{Han})")
# Characters that end a clause for the object search (、 is handled separately: it ends
# the noun run but not the search for a 的-modifier).
_CLAUSE_END = regex.compile(r"[,.;:!?。;:!?\n\r]")
_OPEN_QUOTES = "“‘「『\""
_CLOSE_QUOTES = {"“": "”", "‘": "’", "「": "」", "『": "』", '"': '"'}
# The last opening quote before a position (a reverse search).
_LAST_OPEN_QUOTE = regex.compile("(?r)[" + regex.escape(_OPEN_QUOTES) + "]")
_PUNCT = regex.compile(r"[\p{P}\p{S}\s]")
_DIGIT = regex.compile(r"\d")
_DIGITISH = regex.compile(r"[\d零〇一二两三四五六七八九十百千万亿]")
# How long a quotation may be for a bare 百/千/万 inside it to be part of a slogan.
_SLOGAN_REACH = 24
# Nouns that make a bare 百/千/万 count the name of an activity: 百家电商平台点亮行动.
_ACTIVITY_NAME = regex.compile(r"行动|活动|工程|计划|大赛|评选|专项|竞赛|工作室")

# jieba POS flags that may sit inside an object besides nouns (any flag starting with
# ``n``): modifiers and nominal verbs; and the non-``n`` flags that may end it.
_RUN_FLAGS = {"j", "s", "vn", "a", "an", "b", "q", "h", "k", "g", "ag"}
# After a 的-modifier or a quoted modifier the words are a noun phrase, and jieba's verb
# and adverb tags inside it are mostly wrong (亲子互动游戏, 系列承诺活动).
_LENIENT_FLAGS = {"v", "vd", "d", "ad", "i", "l"}
# A nominal verb may head the object (20项重点工作, 3场专题培训).
_NOUN_FLAGS = {"j", "s", "k", "vn"}


# The longest object we accept, in characters; longer runs are parsing accidents.
_MAX_OBJECT = 16
# How far after a count the object is looked for.
_WINDOW = 40
# Unit kinds after which a counted noun is looked for (not after 四省, 十部门, 五大系列
# or percentages).
_WITH_OBJECT = {"classifier", "measure", "level"}
# Units that count people: the verb after them is their action (300人观看演出).
_PEOPLE = {"人", "名", "位", "人次"}
# Unit kinds looked up by :func:`match_unit` (frozen once: the lookup runs for every numeral).
_COUNTED = frozenset(("classifier", "measure", "admin"))  # after a numeral
_RANGED = frozenset(("classifier", "measure"))  # after the upper bound of a range
_MEASURE = frozenset(("measure",))
_GROUP = frozenset(("group",))


def _nominal(flag: str) -> bool:
    """A jieba flag that may end an object."""
    return flag.startswith("n") or flag in _NOUN_FLAGS


class Unit(NamedTuple):
    """A row of ``units.tsv``.

    ``blocked`` is the compiled alternation of the row's blocked continuations (``None``
    when it has none); an entry may carry a lookahead (``队(?!伍)``: 支队 is a word, but
    32支队伍 counts teams).
    """

    surface: str
    unit: str
    kind: str
    blocked: Any


@lru_cache(maxsize=1)
def unit_table() -> dict[str, list[Unit]]:
    """``units.tsv`` indexed by first character, longest surface first."""
    table: dict[str, list[Unit]] = {}
    for row in load_tsv("units.tsv"):
        surface, unit, kind = row[0], row[1], row[2]
        source = row[3] if len(row) > 3 else ""
        blocked = regex.compile(source) if source else None
        table.setdefault(surface[0], []).append(Unit(surface, unit, kind, blocked))
    for rows in table.values():
        rows.sort(key=lambda u: -len(u.surface))
    return table


def match_unit(text: str, pos: int, kinds: Iterable[str]) -> Unit | None:
    """The longest lexicon unit of one of ``kinds`` starting at ``pos``.

    A unit followed by one of its blocked continuations is no unit (个月 is a duration,
    家庭 a noun); a shorter surface is not tried then, because the longer word wins.
    """
    if not isinstance(kinds, frozenset):
        kinds = frozenset(kinds)
    for unit in unit_table().get(text[pos : pos + 1], ()):
        if unit.kind not in kinds or not text.startswith(unit.surface, pos):
            continue
        after = pos + len(unit.surface)
        if unit.blocked is not None and unit.blocked.match(text, after):
            return None
        return unit
    return None


def tag(text: str) -> list[tuple[str, str]]:
    """``(word, flag)`` pairs of ``text``; ``X化`` is joined into one modifier (定制化)."""
    return list(iter_tags(text))


def iter_tags(text: str) -> Iterator[tuple[str, str]]:
    """:func:`tag`, word by word.

    jieba's tagger is itself a generator that runs its costly HMM on a stretch of
    unknown characters only when the words reach it, so a caller that stops at the
    first word ending an object never pays for the rest of the window. For the same
    reason a word is held back only when the text goes on with 化, the one case where
    the next word may join it.
    """
    held: tuple[str, str] | None = None  # a word that a following 化 may join
    end = 0
    for pair in pos_tokenizer().cut(text, HMM=True):
        word, flag = pair.word, pair.flag
        end += len(word)
        if held is not None and word == "化" and not _PUNCT.match(held[0]):
            held = (held[0] + word, "b")
        else:
            if held is not None:
                yield held
            held = (word, flag)
        if not text.startswith("化", end):
            yield held
            held = None
    if held is not None:
        yield held


class CountExtractor(RuleExtractor):
    """Propose COUNT spans with ``value``, ``unit``, ``approx`` and ``object``."""

    rules_name = "counts"

    def __init__(self, nlp: Any = None, name: str = "govbrief_counts", rules: str | None = None):
        super().__init__(nlp, name, rules)
        self.count_rules = [r for r in self.rules if r.label == LABEL]
        self.block_rules = [r for r in self.rules if r.label == BLOCK]
        stops = [r.regex for r in self.rules if r.label == OBJECT_STOP]
        nouns = [r.regex for r in self.rules if r.label == OBJECT_NOUN]
        self.object_stops = stops
        self.object_nouns = nouns

    # -- candidates ------------------------------------------------------------------

    def find(self, text: str, doc: Doc | None = None) -> list[Candidate]:
        """Return COUNT candidates in ``text`` (normalised, simplified script).

        A range (``3至5家``, ``200-300人``, ``1.5-2万元``) is one span whose ``value`` is
        the upper bound and ``min`` the lower bound.

        Args:
            text: the normalised document text.
            doc: unused; the object search tags only short windows after each count.
        """
        masked = _mask_range_dashes(text)
        found = self._find(masked)
        for cand in found:
            _extend_range(masked, cand)
        return found

    def _find(self, text: str) -> list[Candidate]:
        # Characters inside a NOT_COUNT match: a count overlapping one is vetoed.
        blocked = bytearray(len(text))
        for _, _, start, end in match_rules(text, self.block_rules):
            blocked[start:end] = b"\x01" * (end - start)
        found: list[Candidate] = []
        for rule in self.count_rules:
            kind = rule.attrs.get("kind", "number")
            # Groups by number: the regex module looks a group name up slowly, and this
            # runs for every numeral of the text.
            num_group = rule.regex.groupindex["num"]
            pre_group = rule.regex.groupindex.get("pre")
            for m in rule.regex.finditer(text):
                num = m.group(num_group)
                pre = m.group(pre_group) if pre_group else None
                cand = self._build(text, m, kind, rule, num, m.end(num_group), pre)
                if cand is None:
                    continue
                if blocked.find(1, cand.start, cand.end) >= 0:
                    continue
                # A bare 百/千/万 without an approximator (百家, 千场) is often idiomatic.
                bare_round = numbers.is_round(num) and not pre
                if kind != "group" and self._quoted_slogan(text, cand, bare_round):
                    continue
                if bare_round and (self._in_name(text, cand) or _into_homes(text, cand)):
                    continue
                found.append(cand)
        found = _longest_first(found)
        for cand in found:
            if cand.attrs["kind"] in _WITH_OBJECT:
                obj = self.find_object(text, cand.end, cand.attrs["unit"] in _PEOPLE)
                if obj:
                    cand.attrs["object"] = obj
            del cand.attrs["kind"]
        return found

    def _build(
        self, text: str, m: Any, kind: str, rule: Rule, num: str, num_end: int, pre: str | None
    ) -> Candidate | None:
        """Turn one rule match into a candidate, or ``None`` when it is no count.

        Args:
            text: the normalised text.
            m: the rule's match.
            kind: the rule's ``attrs.kind``.
            rule: the rule.
            num: the numeral (the match's ``num`` group).
            num_end: where the numeral ends.
            pre: the approximator before it (the ``pre`` group), if any.

        The candidate's ``attrs`` carry a private ``kind`` (the unit kind, or the rule
        kind) that :meth:`find` uses to decide on the object and then removes.
        """
        end = m.end()
        suffix: str | None = None
        if kind == "number":
            # 5千克 is five kilograms, not five thousand grams: a unit that starts with a
            # multiplier takes it back from the numeral.
            if len(num) > 1 and num[-1] in "千百" and match_unit(text, num_end - 1, _MEASURE):
                num, num_end = num[:-1], num_end - 1
            pos = num_end + 1 if text[num_end : num_end + 1] == " " else num_end
            unit = match_unit(text, pos, _COUNTED)
            if unit is None:
                return None
            if unit.kind == "admin" and numbers.is_round(num):
                return None  # 百县千村: a name pattern, not a count of counties
            end, unit_name, unit_kind = pos + len(unit.surface), unit.unit, unit.kind
        elif kind in ("percent_words", "tenths"):
            unit_name, unit_kind = "%", kind
        elif kind == "group":
            head_end = _group_head(text, end)
            if head_end is None:
                return None
            end, unit_name, unit_kind = head_end, text[end:head_end], kind
        elif kind == "level":
            unit_name, unit_kind = "级", kind
        else:
            return None
        if kind != "group" and kind != "level":
            found = _SUFFIX_APPROX.match(text, end)
            if found:
                end, suffix = found.end(), found.group()
        quantity = numbers.parse_quantity(num)
        if quantity is None:
            return None
        value = quantity.value
        if kind == "tenths":
            value = numbers.tenths_to_percent(value)
        attrs: dict[str, Any] = {"value": value, "unit": unit_name, "kind": unit_kind}
        approx = numbers.approx_code(pre) or quantity.approx or numbers.approx_code(suffix)
        if approx:
            attrs["approx"] = approx
        return Candidate(m.start(), end, LABEL, rule.id, priority=rule.priority, attrs=attrs)

    @staticmethod
    def _quoted_slogan(text: str, cand: Candidate, bare_round: bool = False) -> bool:
        """True when the count sits inside a short quotation, i.e. a slogan.

        “四个坚持”, “十五条” and “最多跑一次” are slogans; a quoted list that goes on
        (“百家商场、千个小区”) is kept. A bare 百/千/万 with its classifier (``bare_round``)
        is idiomatic in any unbroken quotation, however long (“消防安全知识宣传进万家”).
        """
        reach = _SLOGAN_REACH if bare_round else 8
        opening = _LAST_OPEN_QUOTE.search(text, max(0, cand.start - reach), cand.start)
        if opening is None:
            return False
        left = opening.start()
        if _PUNCT.search(text, left + 1, cand.start):
            return False
        close = text.find(_CLOSE_QUOTES[text[left]], cand.end, cand.end + reach)
        if close < 0 or close - left - 1 > reach:
            return False
        return not _PUNCT.search(text, cand.end, close)

    def _in_name(self, text: str, cand: Candidate) -> bool:
        """A bare 百/千/万 count inside the name of an activity: 百家电商平台点亮行动.

        Only asked of bare 百/千/万 counts. The activity noun must follow within a few
        characters, after a distinctive part of the name, with no punctuation, verb or
        function word in between (千场活动 and 上千名市民参加活动 are counts).
        """
        stretch = text[cand.end : cand.end + 10]
        stop = _PUNCT.search(stretch)
        if stop:
            stretch = stretch[: stop.start()]
        name = _ACTIVITY_NAME.search(stretch)
        if not name:
            return False
        between = stretch[: name.start()]
        if len(between) < 2:
            return False  # 千场活动 counts activities
        return not any(self._stop_word_at(between, i, between[i]) for i in range(len(between)))

    # -- objects ---------------------------------------------------------------------

    def _is_stop(self, text: str, pos: int, word: str, flag: str, lenient: bool = False) -> bool:
        """True when the word at ``pos`` ends an object (see :meth:`_noun_run`)."""
        if _PUNCT.match(word) or (_DIGITISH.match(word) and flag in ("m", "mq", "q", "x")):
            return True
        if word[0].isdigit() or word == "的":
            return True
        if self._stop_word_at(text, pos, word):
            return True
        if flag in _RUN_FLAGS or flag.startswith("n") or (lenient and flag in _LENIENT_FLAGS):
            return False
        return not self._is_noun_word(word)

    def _stop_word_at(self, text: str, pos: int, word: str) -> bool:
        """True when an ``OBJECT_STOP`` word starts at ``pos``.

        Stop words are matched on the text, not on jieba's words, because jieba may cut
        across them (专家线上线下 → 线 / 上线 / 下); a one-character stop word must be a
        whole word, so that 中 stops 活动中 but not 中小企业.
        """
        for r in self.object_stops:
            m = r.match(text, pos)
            if m and (m.end() - pos >= 2 or m.end() == pos + len(word)):
                return True
        return False

    def _is_noun_word(self, word: str) -> bool:
        """True for a word of the ``OBJECT_NOUN`` rules."""
        return any(r.fullmatch(word) for r in self.object_nouns)

    def _noun_run(
        self,
        text: str,
        start: int,
        limit: int,
        lenient: bool = False,
        verb_first: bool = False,
    ) -> tuple[str, bool]:
        """The object noun phrase starting at ``start``.

        Args:
            text: the normalised text.
            start: where the phrase may begin.
            limit: where the clause ends.
            lenient: after a modifier, let verbs and adverbs sit inside the phrase
                (jieba tags 互动 in 亲子互动游戏 as an adverb).
            verb_first: let a first word tagged as a verb open the phrase when a noun
                follows (jieba tags 知识 in 知识竞赛 as a verb). Off after counts of
                people, who are the subjects of the verbs that follow (300人观看演出).

        Returns:
            ``(phrase, opened_by_verb)``; the phrase is empty when there is none.
        """
        # Words are tagged lazily (see :func:`iter_tags`): the run usually ends after a
        # few words, well before the clause does.
        words = iter_tags(text[start:limit])
        ahead: list[tuple[str, str]] = []  # the word read by the opening test, if any
        run: list[tuple[str, str]] = []
        pos = start
        verb_opened = False
        while True:
            item = ahead.pop() if ahead else next(words, None)
            if item is None:
                break
            word, flag = item
            if self._is_stop(text, pos, word, flag, lenient):
                # A first word tagged as a verb opens the phrase if a noun follows it
                # (``verb_first``); only then is the next word read ahead.
                opens = (
                    verb_first
                    and not run
                    and flag == "v"
                    and len(word) >= 2
                    and not self._stop_word_at(text, pos, word)
                )
                if opens:
                    following = next(words, None)
                    if following is not None:
                        ahead.append(following)
                    opens = following is not None and _nominal(following[1])
                if not opens:
                    break
                verb_opened = True
            run.append(item)
            pos += len(word)
        closed = pos >= limit or bool(_PUNCT.match(text, pos))
        # Trim back to a noun: 市民免费游览 → 市民.
        while run and not (_nominal(run[-1][1]) or self._is_noun_word(run[-1][0])):
            run.pop()
        # A nominal verb alone is a noun only when the clause ends after it (3场培训。);
        # before 的 or another verb it is a predicate or a modifier (生动的, 发展到).
        if len(run) == 1 and run[0][1] == "vn" and not closed and not self._is_noun_word(run[0][0]):
            run = []
        # jieba glues a noun to the verb after it (优秀企业宣传): keep the noun.
        if run and run[-1][1] in ("vn", "v") and len(run[-1][0]) >= 4:
            word = run[-1][0]
            noun = next((word[:k] for k in range(len(word) - 2, 1, -1)
                         if self._is_noun_word(word[:k])), None)
            if noun:
                run[-1] = (noun, "n")
        return "".join(w for w, _ in run), verb_opened

    def find_object(self, text: str, end: int, people: bool = False) -> str | None:
        """The counted noun after a count that ends at ``end`` (``None`` when none).

        Args:
            text: the normalised text.
            end: the end offset of the COUNT span.
            people: the unit counts people (人, 名, 位, 人次), so a verb right after it
                is their action, never part of the object.
        """
        limit = min(len(text), end + _WINDOW)
        clause = _CLAUSE_END.search(text, end, limit)
        clause_end = clause.start() if clause else limit
        if clause_end <= end:
            return None
        first = text[end]
        if first in _OPEN_QUOTES:
            # 100多份“质量手册” names the object in quotes; 9项“放心消费”系列承诺活动 has
            # the object after the quoted modifier.
            close = text.find(_CLOSE_QUOTES[first], end + 1, limit)
            if close < 0:
                return None
            after, _ = self._noun_run(text, close + 1, clause_end, lenient=True)
            if after:
                return _cap(after)
            inner = text[end + 1 : close]
            if inner and len(inner) <= 12 and not _PUNCT.search(inner):
                return inner
            return None
        if _PUNCT.match(first):
            return None
        phrase, verb_opened = self._noun_run(text, end, clause_end, verb_first=not people)
        if phrase and not verb_opened:
            return _cap(phrase)
        # A modifier ending in 的 (丰富多彩的, 涉及…的, 以“…”为主题的): the noun after it.
        de = text.find("的", end, clause_end)
        if de >= 0:
            after, _ = self._noun_run(text, de + 1, clause_end, lenient=True)
            if after:
                return _cap(after)
        return _cap(phrase) if phrase else None


# 进万家, 入千户: a bare 百/千/万 households or homes after 进/入 with no counted noun
# after it is the idiom "into every home", part of a slogan or an activity's name.
_INTO = regex.compile(r"[进入到]$")
_HOMES_END = regex.compile(r"[\p{P}\s]|$|" + _ACTIVITY_NAME.pattern + r"|宣传|服务|工程")


def _into_homes(text: str, cand: Candidate) -> bool:
    """True for 进万家 / 进千家活动 (an idiom), not for 走进千家企业 (a count).

    Only asked of bare 百/千/万 counts.
    """
    if cand.attrs.get("unit") not in ("家", "户") or not _INTO.search(text, 0, cand.start):
        return False
    return bool(_HOMES_END.match(text, cand.end))


def _cap(phrase: str) -> str | None:
    """The phrase, or ``None`` when it is too long to be a counted noun."""
    return phrase if len(phrase) <= _MAX_OBJECT else None


def _group_head(text: str, pos: int) -> int | None:
    """End of the X大Y unit that starts at ``pos`` (right after 大).

    The unit runs to the first head noun of the lexicon (三大提升行动成果 → 提升行动),
    extended by a head right after it (五大产业集群 → 产业集群); ``None`` when no head
    follows within a few characters.
    """
    limit = min(len(text), pos + 8)
    stop = _PUNCT.search(text, pos, limit)
    if stop:
        limit = stop.start()
    digit = _DIGIT.search(text, pos, limit)
    if digit:
        limit = digit.start()
    for end in range(pos + 1, limit + 1):
        for start in range(pos, end):
            unit = match_unit(text, start, _GROUP)
            if unit and start + len(unit.surface) == end:
                nxt = match_unit(text, end, _GROUP)
                if nxt and end + len(nxt.surface) <= limit:
                    return end + len(nxt.surface)
                return end
    return None


_NUM = r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"
# A dash between two numbers whose second one carries a unit is a range sign; the count
# rules refuse a number right after a dash (it is usually an ID: 12315-1), so such dashes
# are read as 至 (same length, offsets unchanged).
_RANGE_DASH = regex.compile(r"(?<=\d)\s*[-—–~～]\s*(?=(?P<high>\d+(?:\.\d+)?[万亿千百]?))")
_RANGE_LOW = regex.compile(rf"(?<![\dA-Za-z.\-·/#_@第])(?P<low>{_NUM})\s*(?:至|到)\s*$")


def _mask_range_dashes(text: str) -> str:
    if not any(ch in text for ch in "-—–~～"):
        return text
    out = list(text)
    for m in _RANGE_DASH.finditer(text):
        if match_unit(text, m.end("high"), _RANGED) is None:
            continue
        for i in range(m.start(), m.end()):
            if out[i] in "-—–~～":
                out[i] = "至"
    return "".join(out)


def _extend_range(text: str, cand: Candidate) -> None:
    """Widen ``cand`` over a lower bound written before it (``3至`` in ``3至5家``)."""
    if cand.attrs.get("approx") or not isinstance(cand.attrs.get("value"), (int, float)):
        return
    m = _RANGE_LOW.search(text[max(0, cand.start - 16) : cand.start])
    if m is None:
        return
    low = numbers.parse_quantity(m.group("low"))
    if low is None:
        return
    high_text = regex.match(rf"{_NUM}[万亿]?", text[cand.start : cand.end])
    high = numbers.parse_quantity(high_text.group()) if high_text else None
    value = low.value
    # 1.5-2万元: the lower bound shares the upper bound's multiplier.
    if high_text and high_text.group()[-1] in "万亿" and m.group("low")[-1] not in "万亿":
        value = value * (10_000 if high_text.group()[-1] == "万" else 100_000_000)
    if high is None or value >= cand.attrs["value"]:
        return
    cand.start -= len(m.group())
    cand.attrs["min"] = int(value) if float(value).is_integer() else value


def _longest_first(cands: list[Candidate]) -> list[Candidate]:
    """Drop candidates overlapping a longer one (two rules may read the same numeral)."""
    chosen: list[Candidate] = []
    for cand in sorted(cands, key=lambda c: (-c.length, c.start)):
        if all(cand.end <= c.start or c.end <= cand.start for c in chosen):
            chosen.append(cand)
    return sorted(chosen, key=lambda c: c.start)


@Language.factory("govbrief_counts", assigns=["doc._.gb_candidates"])
def make_counts(nlp: Language, name: str) -> CountExtractor:
    """Factory of ``govbrief_counts``."""
    return CountExtractor(nlp, name)

"""Pieces of AGENCY and ORG names for ``govbrief_agencies``: tokens, sub-units, branches.

The extractor (:mod:`govbrief.extract.agencies`) reads a name's core; this module holds
what it needs around the core:

- :class:`_Tokens`, segmenter tokens with parts of speech, tagged lazily block by block;
- :class:`_WordList`, word lists with cheap tests of where their words start;
- the right-boundary check (a name's last character must not start a longer word);
- internal divisions and branches written after an agency (省局质量发展处, 市公安局玄武
  分局, 市纪委监委第三监督检查室), local branches of national systems (国家税务总局X省
  税务局), stationed discipline groups and departments of the SAR governments;
- named units after an organisation (X研究院张掖分院, X大学第一附属医院) and the location
  written before a place-initial organisation (在银川市宁夏科技馆).
"""

from __future__ import annotations

import bisect
from functools import lru_cache
from typing import Any, Iterable

import regex

from ..resolve import places
from ..resolve._wordscan import SpanMatch, WordSet, repeat_ends
from ..resolve.agencies import Lexicon, department_core, lexicon
from ..resolve.agencies import agency_grammar as _grammar


def _alt(words: Iterable[str]) -> list[str]:
    return sorted(set(words), key=len, reverse=True)


class _WordList:
    """A closed word list, with cheap tests of where its words start.

    A word can start at ``p`` only when ``text[p]`` is a one-character word or
    ``text[p:p + 2]`` opens a longer one. Most characters open no word, so testing the
    first character alone, then the pair, rules out most positions; the words opened by
    a pair have few lengths to try.
    """

    __slots__ = ("words", "firsts", "singles", "pairs")

    def __init__(self, words: Iterable[str]):
        self.words = WordSet(words)
        self.firsts = frozenset(w[0] for w in self.words.words)
        self.singles = frozenset(w for w in self.words.words if len(w) == 1)
        pairs: dict[str, set[int]] = {}
        for w in self.words.words:
            if len(w) > 1:
                pairs.setdefault(w[:2], set()).add(len(w))
        self.pairs = {pair: tuple(sorted(ns, reverse=True)) for pair, ns in pairs.items()}

    def starts_word(self, text: str, p: int) -> bool:
        """True when a word starts at ``p``."""
        if text[p] in self.singles:
            return True
        words = self.words.words
        for n in self.pairs.get(text[p : p + 2], ()):
            if text[p : p + n] in words:
                return True
        return False

    def lengths(self, text: str, p: int) -> list[int]:
        """Lengths of the words starting at ``p``, longest first (as :class:`WordSet`)."""
        words = self.words.words
        out = [
            n
            for n in self.pairs.get(text[p : p + 2], ())
            if p + n <= len(text) and text[p : p + n] in words
        ]
        if text[p] in self.singles:
            out.append(1)
        return out

    def candidates(self, text: str) -> list[int]:
        """The positions where a word may start (a superset of those where one does)."""
        firsts, singles, pairs = self.firsts, self.singles, self.pairs
        return [
            i
            for i, ch in enumerate(text)
            if ch in firsts and (ch in singles or text[i : i + 2] in pairs)
        ]


# One-character words glued by the segmenter to the next token (由省, 及市).
_STOP_CHARS = frozenset("由及和与在从将对向把被为是了的等各并同至")


# Second characters that turn the end of a name into a longer word: 部门, 局长, 委员,
# 处理, 科普, 股份 ... (a name followed by one of these is not a name).
_RIGHT_BLOCK = {
    "局": "长面势部限外",
    "厅": "长堂",
    "委": "员托屈婉实",
    "会": "长议同员上展场谈商见计",
    "办": "理法公事学案好成结证得到",
    "部": "门分署位队件落长属委",
    "处": "理置于在长罚分境处",
    "科": "学技普研长室目教",
    "股": "份票东长市权",
    "所": "有在长以得属谓",
    "站": "长在",
    "院": "长士校子落",
    "队": "长员伍",
    "署": "长名",
    "馆": "长",
    "台": "长",
    "社": "长会区",
    "组": "长员",
    "心": "任城",
    "报": "道告名送",
    "学": "生习者",
    "室": "",
}


def _right_ok(text: str, end: int) -> bool:
    """False when the name's last character and the next one form a longer word."""
    if end >= len(text):
        return True
    if text[end] == "级" or text.startswith("系统", end):
        return False  # 厅级, 乡局级: a rank; 全国法院系统: a whole system, not a body
    if text[end] == text[end - 1] and text.startswith("长", end + 1):
        return True  # 处处长, 科科长, 局局长: the head repeated in the title after it
    block = _RIGHT_BLOCK.get(text[end - 1])
    return not (block and text[end] in block)


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


# Parts of speech that end a name read leftwards: adverbs, prepositions, conjunctions,
# pronouns, particles, numerals, classifiers, time words (jieba / ICTCLAS tags).
_STOP_POS = ("d", "p", "c", "r", "u", "m", "q", "t", "y", "e", "o", "x", "f")


# Tags of proper-name words: a named ORG body needs one (劳拉公司, not 保险公司).
_PROPER_POS = ("ns", "nr", "nz", "nt", "j", "eng", "l", "s")


class _Tokens:
    """Segmenter tokens of a text with parts of speech, for reading open names leftwards.

    jieba's POS tagger runs on the pipeline's own jieba instance (same dictionary and user
    words as the tokenizer); parts of speech tell a name's words from the verbs, adverbs
    and pronouns before it (还有联想集团, 该医院). Tagging is slow, so only the stretch of
    text around a name that is read is tagged.

    The stretch is a *tagger block*: jieba's tagger itself splits its input into maximal
    runs of Chinese, Latin letters and digits (``jieba.posseg.re_han_internal``) and tags
    each run on its own, and what lies between the runs character by character (a CR LF
    pair as one token). So tagging one run, or one stretch between runs, gives exactly
    the tokens that tagging the whole sentence or text gives there.
    """

    def __init__(self, text: str):
        self.text = text
        self._starts: list[int] | None = None  # where each block or stretch between starts
        self._done: set[int] = set()
        self.spans: list[tuple[int, int]] = []
        self.flags: list[str] = []
        self.ends: list[int] = []

    def _unit_starts(self) -> list[int]:
        """Starts of the tagger blocks and of the stretches between them, in order."""
        if self._starts is None:
            edges = {0}
            for m in _tagger_block().finditer(self.text):
                edges.add(m.start())
                edges.add(m.end())
            edges.discard(len(self.text))
            edges.add(0)  # an empty text is one empty stretch
            self._starts = sorted(edges)
        return self._starts

    def _ensure(self, pos: int) -> None:
        """Tag the block (or stretch between blocks) holding character ``pos`` (once)."""
        pos = min(max(pos, 0), max(len(self.text) - 1, 0))
        starts = self._unit_starts()
        k = bisect.bisect_right(starts, pos) - 1
        if k in self._done:
            return
        self._done.add(k)
        lo = starts[k]
        hi = starts[k + 1] if k + 1 < len(starts) else len(self.text)
        spans = []
        flags = []
        cur = lo
        for pair in _pos_tokenizer().lcut(self.text[lo:hi]):
            spans.append((cur, cur + len(pair.word)))
            flags.append(pair.flag)
            cur += len(pair.word)
        # Units never overlap: the new tokens go right after those ending by ``lo``.
        i = bisect.bisect_right(self.ends, lo)
        self.spans[i:i] = spans
        self.flags[i:i] = flags
        self.ends[i:i] = [e for _, e in spans]

    def is_boundary(self, pos: int) -> bool:
        """True when a token ends (and the next starts) at ``pos``."""
        if pos <= 0 or pos >= len(self.text):
            return True
        starts = self._unit_starts()
        k = bisect.bisect_left(starts, pos)
        if k < len(starts) and starts[k] == pos:
            return True  # no token crosses the edge of a block
        self._ensure(pos - 1)
        i = bisect.bisect_left(self.ends, pos)
        return i < len(self.ends) and self.ends[i] == pos

    def piece_before(self, pos: int) -> tuple[int, int, str] | None:
        """The token (or its left part) ending at ``pos``, with its part of speech."""
        if pos <= 0:
            return None
        self._ensure(pos - 1)
        i = bisect.bisect_left(self.ends, pos)
        if i < len(self.spans) and self.spans[i][0] < pos <= self.spans[i][1]:
            return self.spans[i][0], pos, self.flags[i]
        return None

    def pieces_in(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """The tokens overlapping ``[start, end)``."""
        starts = self._unit_starts()
        first = bisect.bisect_right(starts, max(min(start, end - 1), 0)) - 1
        for pos in starts[first : bisect.bisect_right(starts, max(start, end - 1))]:
            self._ensure(pos)
        i = bisect.bisect_right(self.ends, start)
        out = []
        while i < len(self.spans) and self.spans[i][0] < end:
            out.append((*self.spans[i], self.flags[i]))
            i += 1
        return out


@lru_cache(maxsize=1)
def _tagger_block() -> Any:
    """The pattern of the blocks jieba's tagger splits its input into and tags alone."""
    from jieba.posseg import re_han_internal

    return re_han_internal


def _pos_tokenizer() -> Any:
    from ._postag import pos_tokenizer  # the pipeline's own jieba instance, tagged

    return pos_tokenizer()


@lru_cache(maxsize=1)
def _all_places() -> list[str]:
    """Every place surface form, ambiguous ones included (鼓楼): after an agency the
    context shows it is a place.
    """
    return _alt(s for s in places.surface_forms() if len(s) >= 2)


@lru_cache(maxsize=1)
def _all_places_set() -> frozenset[str]:
    return frozenset(_all_places())


@lru_cache(maxsize=1)
def _place_wordset() -> WordSet:
    return WordSet(_all_places())


# Words ending in a division head that name rooms and places, not offices.
_NOT_DIVISIONS = tuple(
    """会议室 教室 实验室 阅览室 接待室 休息室 值班室 活动室 展览室 陈列室 工作室 资料室 档案室
    场所 住所 厕所 诊所 会所 招待所 处所 市中心 城市中心 活动中心 所长 处长 科长""".split()
)


@lru_cache(maxsize=1)
def _division_re() -> Any:
    """Divisions other than branches (those are matched by :func:`_division_match`)."""
    lex = lexicon()
    dept_after = [s for s, c in lex.cores.items() if c.head in ("支队", "大队", "分局", "中心")]
    # Numbered offices of discipline commissions and courts (第三监督检查室, 第一纪检监察组).
    numbered = (
        r"(?P<num>第[一二三四五六七八九十\d]{1,3}[\p{Han}]{2,6}?(?:室|组|处|庭|分局|局|大队|中队))"
    )
    return regex.compile(
        r"\L<div>|\L<dept>|办公室|办公厅|" + numbered,
        div=_alt(lex.divisions),
        dept=_alt(dept_after),
    )


# A division the lexicon does not know is a short body and a division head (质计股,
# 南山监管局, 办公室 of a bureau, 研究室); its words are checked against the segmenter's
# parts of speech.
_GENERIC_DIVISION = regex.compile(
    r"(?P<gen>[\p{Han}]{2,3}?(?P<ghead>处|科|股|司)"
    r"|[\p{Han}]{2,4}?(?P<ghead>室|所|中心|支队|大队|总队|分局|监管局|市场监管所|监管所|派出所))"
)


# Heads of a branch named after a district or town (市公安局玄武分局, 鼓楼派出所); no
# head is the start of another, so at most one matches at a position.
_BRANCH_UNIT_HEADS = (
    "分局", "支队", "大队", "中队", "派出所", "市场监管所", "市场监督管理所", "监管所",
    "税务所", "司法所", "财政所", "中心所",
)


def _branch_unit_end(text: str, pos: int) -> int:
    r"""End of ``\L<place>(?:公安)?(?:<branch unit head>)`` at ``pos`` (``-1`` if none)."""
    for n in _place_wordset().lengths(text, pos, len(text)):
        q = pos + n
        for r in ((q + 2, q) if text.startswith("公安", q) else (q,)):
            for head in _BRANCH_UNIT_HEADS:
                if text.startswith(head, r):
                    return r + len(head)
    return -1


def _division_match(text: str, pos: int) -> SpanMatch | None:
    """A division written at ``pos``, or ``None``.

    Tried in the order of one alternation: a listed division or department, an office,
    a numbered office, a branch named after a place, a generic division.
    """
    m = _division_re().match(text, pos)
    if m is None:
        end = _branch_unit_end(text, pos)
        if end >= 0:
            return SpanMatch(text, {0: (pos, end), "branch": (pos, end)})
        m = _GENERIC_DIVISION.match(text, pos)
        if m is None:
            return None
        return SpanMatch(text, {0: m.span(), "gen": m.span("gen"), "ghead": m.span("ghead")})
    spans = {0: m.span()}
    if m.start("num") >= 0:
        spans["num"] = m.span("num")
    return SpanMatch(text, spans)


def _divisions_after(text: str, end: int, tokens: _Tokens | None = None) -> int:
    """Extend an agency over internal divisions written right after it."""
    for _ in range(2):
        m = _division_match(text, end)
        if m is None:
            break
        if m.group("num"):
            if any(ch in _STOP_CHARS for ch in m.group("num")):
                break
            if tokens is not None and any(
                f.startswith(_STOP_POS) and f != "m"
                for _, _, f in tokens.pieces_in(end, m.end())
            ):
                break
        if m.group("gen"):
            body = text[end : m.start("ghead")]
            if any(ch in _STOP_CHARS or ch in "此其个" for ch in body) or any(
                w in body for w in ("有关", "相关")
            ):
                break
            if m.group("gen").endswith(_NOT_DIVISIONS):
                break  # 常委会议室: a room, not an office
            if tokens is not None and not _org_unit_ok(text, end, m.start("ghead"), tokens):
                break  # 委员会举行学科: a verb is no division name
            if tokens is not None and any(
                f.startswith("nr") for _, _, f in tokens.pieces_in(end, m.start("ghead"))
            ):
                break  # 委员会主席尤尔科: a person's name
        if not _right_ok(text, m.end()):
            break
        end = m.end()
    return end


# Heads of the local branches of national bodies (国家税务总局X省税务局, 国家金融监督管理
# 总局X监管局, 国家统计局X调查总队, 海关总署X分署).
_BRANCH_HEADS = (
    "税务局", "监管局", "监管分局", "调查总队", "调查队", "分署", "监管办", "分局", "分行",
    "营业管理部", "中心支行", "海关", "局", "监管办公室",
)


@lru_cache(maxsize=1)
def _branch_words() -> tuple[WordSet, WordSet]:
    return WordSet(_alt(lexicon().levels)), WordSet(_BRANCH_HEADS)


def _branch_end(text: str, pos: int) -> int:
    r"""End of ``(?:\L<place>){1,3}(?:\L<level>)?\L<head>`` at ``pos`` (``-1`` if none).

    Tried in the order a backtracking engine would (the place list compiles slowly).
    """
    n = len(text)
    levels, heads = _branch_words()
    for e in repeat_ends(_place_wordset(), text, pos, n, 1, 3):
        for q in [e + k for k in levels.lengths(text, e, n)] + [e]:
            lens = heads.lengths(text, q, n)
            if lens:
                return q + lens[0]
    return -1


def _grammar_match(text: str, pos: int) -> Any:
    """The agency grammar matched at ``pos`` (or ``None``)."""
    return _grammar().match(text, pos)


def _is_national_system(m: Any, lex: Lexicon) -> bool:
    """True for a national body with local branches (国家税务总局, 海关总署, 国家统计局)."""
    pre = m.group("pre") or ""
    if m.group("gov") or m.group("party"):
        return False
    core = department_core(m.group("dept") or m.group("bdept") or "")
    if core is None:
        return False
    if pre and pre in lex.nationals and pre not in ("全国", "首都"):
        return True
    return not pre and ("national" in core.flags or core.head in ("总局", "署"))


def _branch_after(text: str, end: int) -> int:
    """Extend a national body over the local branch written right after it.

    国家税务总局江苏省税务局 and 国家统计局苏州调查队 are one body each: the branch is
    named by the national system and a place.
    """
    m = _grammar_match(text, end)
    if m is not None and m.group("dept") and m.group("pre") and not m.group("gov"):
        pre = m.group("pre")
        lex = lexicon()
        if pre not in lex.levels and pre not in lex.nationals:
            return m.end() if _right_ok(text, m.end()) else end
    b = _branch_end(text, end)
    if b >= 0 and _right_ok(text, b):
        return b
    return end


_STATIONED = regex.compile(r"(?:派驻|驻)")


_STATIONED_GROUP = regex.compile(r"(?:第[一二三四五六七八九十\d]{1,3})?纪检监察组|纪检组")


def _stationed_group_after(text: str, end: int) -> int:
    """Extend a discipline commission over its stationed group (省纪委监委驻省教育厅纪检监察组)."""
    m = _STATIONED.match(text, end)
    if m is None:
        return end
    host = _grammar_match(text, m.end())
    if host is None or not (host.group("dept") or host.group("gov")):
        return end
    g = _STATIONED_GROUP.match(text, host.end())
    return g.end() if g is not None else end


# Departments of the special administrative regions' governments are named freely
# (香港特别行政区政府投资推广署, 澳门特区政府经济局).
_SAR_DEPT = regex.compile(r"[\p{Han}]{1,9}?(?:署|局|处|司)")


def _is_sar(pre: str) -> bool:
    return pre.startswith(("香港", "澳门")) or pre in ("特区", "特别行政区")


def _sar_dept_after(text: str, end: int, tokens: _Tokens) -> int:
    """Extend a SAR government over the department named right after it."""
    m = _SAR_DEPT.match(text, end)
    if m is None or not _right_ok(text, m.end()):
        return end
    if any(ch in _STOP_CHARS and ch != "及" for ch in m.group()):
        return end
    first = tokens.pieces_in(end, end + 1)
    if first and (first[0][2].startswith(_STOP_POS) or first[0][2] == "v"):
        return end  # 特区政府宣布...处: a verb, not a department
    return m.end()


def _org_unit_ok(text: str, start: int, end: int, tokens: _Tokens) -> bool:
    """False when a unit name after a body holds a verb or function word (举行学科)."""
    return all(
        not f.startswith(_STOP_POS) and f not in ("v", "vd")
        for _, _, f in tokens.pieces_in(start, end)
    )


@lru_cache(maxsize=1)
def _org_unit_re() -> Any:
    return regex.compile(r"[\p{Han}]{2,4}?(?:分院|分所|分中心|分公司|分馆|分会|分行|支行|分校|校区)")


# Affiliated hospitals and schools of a university (X医科大学第一附属医院).
_AFFILIATED = regex.compile(r"(?:第[一二三四五六七八九十]{1,3})?附属(?:医院|中学|小学|实验学校|学校)")


def _org_units_after(text: str, end: int, tokens: _Tokens | None = None) -> int:
    """Extend an ORG over a named branch written right after it (X研究院张掖分院)."""
    a = _AFFILIATED.match(text, end)
    if a is not None and _right_ok(text, a.end()):
        return a.end()
    m = _org_unit_re().match(text, end)
    if m is None or any(ch in _STOP_CHARS for ch in m.group()):
        return end
    if tokens is not None and not _org_unit_ok(text, end, m.end(), tokens):
        return end
    return m.end() if _right_ok(text, m.end()) else end


@lru_cache(maxsize=1)
def _full_divisions() -> WordSet:
    return WordSet(
        d.name for d in places.all_divisions() if d.name.endswith(("市", "省", "县", "区", "州"))
    )


def _is_within(inner: str, outer: str) -> bool:
    """True when some division ``inner`` names lies inside one ``outer`` names."""
    for d_out in places.lookup(outer):
        stem = d_out.code[: 2 * d_out.level]
        for d_in in places.lookup(inner):
            if d_in.level > d_out.level and d_in.code.startswith(stem):
                return True
    return False


def _after_location(text: str, start: int, end: int) -> int:
    """Where an ORG name starts when a location is written right before it.

    在银川市宁夏科技馆, 在X市X市国际博览中心: a full division name followed directly by
    another place that is not inside it (the same place again, its parent or another
    one) is the location of the event, not part of the name. A place inside it
    (福州市鼓楼区实验小学) continues the name.
    """
    m_end = _full_divisions().longest(text, start, end)
    if m_end < 0:
        return start
    nxt_end = _place_wordset().longest(text, m_end, end)
    if nxt_end < 0 or nxt_end > end:
        return start
    if _is_within(text[m_end:nxt_end], text[start:m_end]):
        return start
    return m_end

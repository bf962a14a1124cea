"""``govbrief_agencies``: AGENCY and ORG names.

Three readers propose names; the merge keeps the longest where they overlap.

1. **The agency grammar** (:func:`govbrief.resolve.agencies.agency_grammar`):
   ``[中共] [prefix] [gov] [dept]`` where the prefix is a place
   (:mod:`govbrief.resolve.places`), a level word (省, 市, 自治区) or a national word
   (国家, 中央, 首都), the gov body is 委/政府/人民政府/人大常委会/政协 ..., and the
   department core comes from ``agencies.tsv``: a listed core (市场监管局, 发展改革委,
   宣传部 ...) or a name composed of government domain words and a head
   (文化体育广播电视和旅游局). ORG cores from ``org_suffixes.tsv`` (科协, 妇联, 计量院,
   电视台 ...) use the same prefixes. What is written right after a name is added to it
   (:mod:`govbrief.extract._agency_parts`): internal divisions and branches (质量发展处,
   市公安局玄武分局, 第三监督检查室), the local branch of a national system
   (国家税务总局X省税务局), a stationed discipline group, a SAR government's department.
   The prefix comes from closed lists, so the left boundary never swallows a verb
   (联合省委宣传部 -> 省委宣传部).
2. **Open heads** (领导小组办公室, 委员会, 组委会 ... and ORG suffixes 有限公司, 大学,
   协会, 频道 ...): the name before the head is read leftwards over segmenter tokens
   until a stop word, a verb or preposition of motion (到X公司), punctuation or (for
   agencies) a place prefix. A full division name before a place-initial organisation
   is its location (在银川市宁夏科技馆 -> 宁夏科技馆). Offices named after a port or
   town the division list lacks (拱北海关, 城关派出所) take the place-tagged token
   before the head.
3. **Rules** (``rules/agencies.jsonl``): bylines (X网北京9月1日讯), national media,
   international organisations, Youth League committees, central-bank branches.

Generic mentions are not proposed (ANNOTATION.md AGENCY and ORG): 各区县市场监管局,
三地市场监管局, 市场监管部门, 行业协会, 有关部门.
"""

from __future__ import annotations

import itertools
from functools import lru_cache
from typing import Any

import regex
from spacy.language import Language
from spacy.tokens import Doc

from ..resolve import places
from ..resolve.agencies import Lexicon, department_core, lexicon, place_prefixes
from ..resolve.agencies import agency_grammar as _grammar
from ..resources import load_rules
from ._agency_parts import (
    _PROPER_POS,
    _STOP_CHARS,
    _STOP_POS,
    _after_location,
    _all_places_set,
    _alt,
    _branch_after,
    _divisions_after,
    _is_han,
    _is_national_system,
    _is_sar,
    _org_units_after,
    _right_ok,
    _sar_dept_after,
    _stationed_group_after,
    _Tokens,
    _WordList,
)
from ._base import Candidate, RuleExtractor, match_rules

# Characters before a bare level prefix that make it part of another word or a generic
# mention: 全省, 各市, 城市, 超市, 社区, 园区, 市州, 区县, 质量强省, 农业大省, 林区 ...
_LEVEL_BLOCK_BEFORE = set(
    "全各本我该外两三四五六七八九十几多诸城超都上门股楼车夜集早菜闹街花园社景郊小辖片山"
    "灾老湖矿厂校营军战新发保验范贸反节行分郡市县区省州乡镇级0123456789强兴大林牧库港"
)


# Before a bare department: 各, 三地 (three places'), 各级, 等.
# 委/府 right before a bare department: its prefix was not recognised (党委宣传部).
_BARE_BLOCK_BEFORE = set("各地级等两三四五六七八九十几多诸全该本我委府的")


# Words that end an open name when read leftwards: function words and the verbs that
# introduce bodies in government prose (联合, 会同, 由, 根据, 作为 ...).
_STOP_WORDS = frozenset(
    """联合 会同 由 根据 按照 依据 依照 作为 组织 召开 举办 举行 协同 配合 牵头 部分 各 各级
    在 从 向 对 与 和 及 以及 同 将 经 据 是 为 被 让 了 的 等 其 该 本 我 全 全体 所有 有关 相关
    通过 成立 设立 组建 发布 印发 下发 参加 出席 主持 邀请 会议 召集 担任 任 兼 兼任 系 即 并
    也 还 又 已 均 都 共同 主办 承办 协办 指导 委托 上 下 中 里 内 后 前 之 以 于 至 给 把
    要 请 经过 代表 获奖 企业 单位 部门 成员 成员单位 人员 工作人员 一 这 那 此 上述 今年 日前
    近日 当天 记者 获悉 了解 表示 指出 强调 宣布 启动 走进 深入 来到 前往 赴 联手 携手 连线
    同时 此外 其中 如 例如 包括 或 及其 进 参观 游览 考察 调研 首批 第一批 第二批 第三批
    第四批 第五批 一批 多家 各类 各个 各地 全省 全市 全县 全区 以上 以下 分别 位于 地处 落户
    入驻 来自 属于 旗下 下属 所属 直属 授予 获授 授牌 颁发 荣获 获得 评为 命名 认定 入选
    发出 签订 签署 与会 由于 对于 关于 围绕 针对 结合 要求 号召 联系 主动""".split()
)


# Further words that end an ORG name (but may stand inside a leading group's name, as
# in 质量强省工作推进领导小组): verbs and attributes before company and school names.
_ORG_STOP_WORDS = _STOP_WORDS | frozenset(
    """推进 推动 带动 促进 助力 服务 帮助 督促 鼓励 引导 支持 依托 开展 实现 压实 落实 优秀
    知名 大型 龙头 骨干 重点 广大 当地 本地 一家 多所 各所 全体 学员 人员 代表 群众 师生
    志愿者 游客 市民 员工 专家 嘉宾 负责人 家长 居民 村民 选手 队员""".split()
)


# One-character verbs of motion and prepositions before a company or school: 到X公司,
# 赴X集团 (a one-character verb inside a name is a segmentation artefact otherwise).
_ORG_STOP_CHARS = frozenset("到赴去往来在向与和同对把被给让由从经")


# Compass and region words that open university names (北方民族大学, 西南财经大学); the
# segmenter tags them as locality words, which otherwise end a name.
_REGION_WORDS = frozenset(
    "北方 南方 东北 西北 西南 东南 华北 华东 华南 华中 中南 西部 东部 中部 北部 南部 中原".split()
)


# Parts of speech a brand word read back to a place never has (see _place_anchor).
_ANCHOR_STOP_POS = ("u", "p", "c", "r", "y", "e", "o", "x", "t", "q", "f")

# Leftward reading of open names is capped (characters before the head).
_MAX_OPEN_BODY = 24


_MAX_COMPANY_BODY = 28


# Offices named after a port, town or district rather than a division (拱北海关, 城关
# 派出所, 鼓楼公安分局).
_PORT_HEADS = regex.compile(r"海关(?!总署)|海事局|出入境边防检查站|边检站|派出所|公安分局")


@lru_cache(maxsize=1)
def _core_re() -> Any:
    """The pattern :func:`_core_starts` finds by set lookups (kept as its reference)."""
    lex = lexicon()
    # Domain words and a head start composed department names (文物局) that no closed
    # core lists.
    return regex.compile(
        r"\L<core>|\L<dom>(?:和|与)?(?:\L<dom>|委员会|办公室|局|厅|委|办)",
        core=_alt([*lex.cores, *lex.gov, *lex.org_cores]),
        dom=_alt(lex.domains),
    )


@lru_cache(maxsize=1)
def _core_words() -> tuple[_WordList, _WordList, _WordList]:
    """The cores (departments, gov bodies, ORG cores), the domain words, and both."""
    lex = lexicon()
    cores = [*lex.cores, *lex.gov, *lex.org_cores]
    return _WordList(cores), _WordList(lex.domains), _WordList([*cores, *lex.domains])


_CORE_HEADS = ("委员会", "办公室", "局", "厅", "委", "办")


def _core_starts(text: str) -> list[int]:
    """Where :func:`_core_re` matches (its overlapped matches' starts), by set lookups.

    A core starts there, or a domain word followed (after an optional 和/与) by another
    domain word or a head (the start of a composed name such as 文物局); found by set
    lookups, since scanning with the compiled pattern costs more than the rest of the
    grammar's matching.
    """
    cores, domains, either = _core_words()
    n = len(text)
    out = []
    for p in either.candidates(text):
        if cores.starts_word(text, p):
            out.append(p)
            continue
        for d in domains.lengths(text, p):
            q = p + d
            nxt = (q + 1, q) if q < n and text[q] in "和与" else (q,)
            if any(
                (r < n and domains.starts_word(text, r)) or text.startswith(_CORE_HEADS, r)
                for r in nxt
            ):
                out.append(p)
                break
    return out


# The longest prefix before a core: three places and a level word (新疆维吾尔自治区...).
_PREFIX_WINDOW = 32
_WINDOW_ONES = b"\x01" * _PREFIX_WINDOW


def _grammar_matches(text: str) -> list[Any]:
    """``agency_grammar().finditer(text)``, tried only where a match can start.

    Every match holds a core (a department, gov body or ORG core) within
    ``_PREFIX_WINDOW`` characters of its start, so the grammar is tried at those
    positions only, leftmost first and without overlaps, as ``finditer`` would; and
    within a match, only where a core starts is its core looked for.
    """
    grammar = _grammar()
    n = len(text)
    core_at = frozenset(_core_starts(text))
    window = bytearray(n)  # 1 where a core starts within _PREFIX_WINDOW characters
    for s in core_at:
        lo = max(0, s - _PREFIX_WINDOW)
        window[lo:s] = _WINDOW_ONES[: s - lo]
    positions = set(core_at)
    # Before its core, a match starts where a prefix word (or 中共/政协) does.
    words = _start_words()
    firsts = words.firsts
    for pos in itertools.compress(range(n), window):
        if text[pos] in firsts and words.starts_word(text, pos):
            positions.add(pos)
    out = []
    free = 0
    for pos in sorted(positions):
        if pos < free:
            continue
        m = grammar.match(text, pos, core_at=core_at)
        if m is not None and m.end() > pos:
            out.append(m)
            free = m.end()
    return out


@lru_cache(maxsize=1)
def _start_words() -> _WordList:
    """The words an agency name can start with (the grammar's ``party`` and ``pre``)."""
    lex = lexicon()
    prefixes, county_shorts = place_prefixes()
    party = ["中共", "政协", "中国人民政治协商会议"]
    return _WordList([*party, *prefixes, *county_shorts, *lex.levels, *lex.nationals])


@lru_cache(maxsize=1)
def _bare_division_re() -> Any:
    return regex.compile(r"\L<div>", div=_alt(lexicon().divisions))


@lru_cache(maxsize=1)
def _open_re() -> Any:
    lex = lexicon()
    return regex.compile(
        r"\L<agency>|(?P<org>\L<org>)", agency=_alt(lex.opens), org=_alt(lex.suffixes)
    )


@lru_cache(maxsize=1)
def _prefix_words() -> frozenset[str]:
    lex = lexicon()
    prefixes, _ = place_prefixes()
    return frozenset(prefixes) | frozenset(lex.levels) | frozenset(lex.nationals)


@lru_cache(maxsize=1)
def _prefix_places() -> frozenset[str]:
    """The place names that may open an agency name (:func:`place_prefixes`)."""
    return frozenset(place_prefixes()[0])


@lru_cache(maxsize=1)
def _place_words() -> frozenset[str]:
    prefixes, county_shorts = place_prefixes()
    return frozenset(prefixes) | frozenset(county_shorts)


# An item of a list of divisions (食品股、广告股和价格股).
_LIST_DIVISION = regex.compile(r"[\p{Han}]{2,4}?(?:股|科|处|司)")


# The characters places.VARIANTS replaces.
_VARIANT_CHARS = tuple(chr(c) for c in places.VARIANTS)


class AgencyExtractor(RuleExtractor):
    """Propose AGENCY and ORG names as candidates (see the module docstring)."""

    rules_name = "agencies"

    def find(self, text: str, doc: Doc | None = None) -> list[Candidate]:
        """Return candidates in ``text`` (normalised, simplified script)."""
        # Variant characters the script conversion keeps (陜 for 陕); same length, so
        # offsets are unchanged.
        if any(ch in text for ch in _VARIANT_CHARS):  # translating costs a pass
            text = text.translate(places.VARIANTS)
        lex = lexicon()
        tokens = _Tokens(text)
        cands = self._closed(text, lex, tokens)
        cands += self._bare_divisions(text, tokens, cands)
        cands += self._named_ports(text, tokens, cands)
        cands += self._open(text, tokens, lex)
        cands += self._rules(text)
        return _dedupe(cands)

    # -- 1. closed grammar -------------------------------------------------------------
    def _closed(self, text: str, lex: Lexicon, tokens: _Tokens) -> list[Candidate]:
        out: list[Candidate] = []
        for m in _grammar_matches(text):
            if m.start() > 0 and text[m.start()] in _STOP_CHARS and _is_han(text[m.start() - 1]):
                # 市委书记和县政府: 和 is the conjunction, not the county 和县.
                m2 = _grammar().match(text, m.start() + 1)
                if m2 is not None and m2.end() == m.end():
                    m = m2
            start, end = m.span()
            pre = m.group("pre") or ""
            is_org = bool(m.group("org") or m.group("borg"))
            if not self._closed_ok(text, m, lex):
                continue
            bcore = department_core(m.group("bdept") or "")
            if bcore is not None and bcore.head == "分局":
                # 鼓楼公安分局: the district's short name may be an ordinary word too.
                piece = tokens.piece_before(start)
                word = text[piece[0] : piece[1]] if piece else ""
                if word in _all_places_set() or (piece and piece[2] == "ns"):
                    start = piece[0]
            if bcore is not None and bcore.head == "所":
                # A township office (X市场监管所) is named after its township, which is
                # not in the division lexicon: take the segmenter token before it.
                piece = tokens.piece_before(start)
                word = text[piece[0] : piece[1]] if piece else ""
                if piece and piece[2].startswith(_STOP_POS):
                    continue
                named = 2 <= len(word) <= 3 and all(map(_is_han, word))
                if not named or word in _STOP_WORDS:
                    continue
                start = piece[0]
            if not _right_ok(text, end):
                # 省委宣传部长: keep the Party committee, drop the department.
                if m.group("gov") and (m.group("dept") or m.group("org")):
                    end = m.end("gov")
                    is_org = False
                    if not _right_ok(text, end):
                        continue
                else:
                    continue
            label = "ORG" if is_org else "AGENCY"
            rule = "org-core" if is_org else ("agency-gov" if m.group("gov") else "agency-dept")
            if not pre and not m.group("party"):
                rule = "org-core-bare" if is_org else "agency-dept-bare"
            if label == "AGENCY":
                if _is_national_system(m, lex):
                    end = _branch_after(text, end)
                if m.group("gov") and not m.group("dept") and _is_sar(pre):
                    end = _sar_dept_after(text, end, tokens)
                if m.group("gov") in ("委", "政府", "人民政府") and end == m.end():
                    if text.startswith("办", end) and _right_ok(text, end + 1):
                        end += 1  # 县委办, 县政府办: the committee's general office
                if m.group("gov") in ("纪委监委", "纪委", "纪律检查委员会") and end == m.end():
                    end = _stationed_group_after(text, end)
                end = _divisions_after(text, end, tokens)
            else:
                end = _org_units_after(text, end, tokens)
                start = _after_location(text, start, end)
            out.append(Candidate(start, end, label, rule))
        return out

    def _closed_ok(self, text: str, m: Any, lex: Lexicon) -> bool:
        """Reject generic or mis-bounded grammar matches."""
        start = m.start()
        before = text[start - 1] if start > 0 else ""
        pre = m.group("pre") or ""
        if m.group("party") == "中共":
            return True
        if m.group("party") and not (m.group("gov") or "").startswith("委员会"):
            return False  # 政协 opens only 政协X市委员会
        if m.group("borg"):
            core = m.group("borg")
            if "bare" in lex.org_cores[core]:
                return before not in _BARE_BLOCK_BEFORE
            # list-only institutes (质计所): inside an enumeration.
            end = m.end()
            after = text[end] if end < len(text) else ""
            return before == "、" or after == "、"
        if m.group("bdept"):
            return before not in _BARE_BLOCK_BEFORE and not (
                before and before in "省市县区州"
            )
        if pre in lex.levels:
            if before in _LEVEL_BLOCK_BEFORE:
                return False
            # 市(州)局 and 省、市、县 are enumerations of levels, not one body.
            if before in "(、" and start >= 2 and text[start - 2] in "省市县区州":
                return False
            if m.group("dept") == "局" and before == "(":
                return False
        if pre in lex.nationals and not (m.group("gov") or m.group("dept") or m.group("org")):
            return False
        if pre == "全国" and (m.group("gov") or "").endswith(("法院", "检察院")):
            return False  # 全国法院: all the courts, not one body
        if m.group("gov") == "党委" and pre in lex.levels and pre != "自治区":
            return False  # 镇党委, 街道党委: generic; 自治区党委 is one body
        return True

    def _bare_divisions(
        self, text: str, tokens: _Tokens, cands: list[Candidate]
    ) -> list[Candidate]:
        """Divisions written alone (计量科和标准科, a list after 县市场监管局质计股)."""
        out: list[Candidate] = []
        taken = [(c.start, c.end) for c in cands]
        for m in _bare_division_re().finditer(text):
            start, end = m.span()
            if any(a <= start < b or a < end <= b for a, b in taken):
                continue
            if not tokens.is_boundary(start):
                continue
            if not _right_ok(text, end):
                continue
            out.append(Candidate(start, end, "AGENCY", "agency-division-bare"))
        # Items of a list that follows a division: 食品股、广告股和价格股.
        for c in list(cands) + out:
            if c.label != "AGENCY":
                continue
            pos = c.end
            while pos < len(text) and text[pos] in "、和与及":
                m = _LIST_DIVISION.match(text, pos + 1)
                if m is None or not _right_ok(text, m.end()):
                    break
                body = m.group()[:-1]
                if any(ch in _STOP_CHARS for ch in body):
                    break
                s, e = m.span()
                if c.rule_id.startswith("agency-division") or text[c.end - 1] in "股科处司":
                    out.append(Candidate(s, e, "AGENCY", "agency-division-list"))
                pos = e
        return out

    def _named_ports(
        self, text: str, tokens: _Tokens, cands: list[Candidate]
    ) -> list[Candidate]:
        """Offices named after a port or town (拱北海关, 皇岗边检站, 城关派出所).

        The port or town is often no division (拱北, 皇岗), so the name is the segmenter
        token before the head when it is tagged as a place or proper name.
        """
        out: list[Candidate] = []
        # Ends of names read with a prefix already (南京海关); a bare head does not count.
        ends = {c.end: c.start for c in cands if c.label == "AGENCY"}
        for m in _PORT_HEADS.finditer(text):
            if ends.get(m.end(), m.start()) < m.start() or not _right_ok(text, m.end()):
                continue
            piece = tokens.piece_before(m.start())
            if piece is None or not tokens.is_boundary(piece[0]):
                continue
            word = text[piece[0] : piece[1]]
            if not 2 <= len(word) <= 4 or not all(map(_is_han, word)) or word in _STOP_WORDS:
                continue
            if not (piece[2] in ("ns", "nz", "j") or word in _all_places_set()):
                continue
            out.append(Candidate(piece[0], m.end(), "AGENCY", "agency-named-office"))
        return out

    # -- 2. open heads -------------------------------------------------------------------
    def _open(self, text: str, tokens: _Tokens, lex: Lexicon) -> list[Candidate]:
        out: list[Candidate] = []
        prefix_words = _prefix_words()
        for m in _open_re().finditer(text):
            h, end = m.span()
            head = m.group()
            is_org = m.group("org") is not None
            if not _right_ok(text, end):
                continue
            if is_org:
                cand = self._open_org(text, h, end, head, tokens, lex, prefix_words)
            else:
                cand = self._open_agency(text, h, end, head, tokens, lex, prefix_words)
            if cand is not None:
                out.append(cand)
        return out

    def _open_agency(
        self, text: str, h: int, end: int, head: str, tokens: _Tokens, lex: Lexicon,
        prefix_words: frozenset[str],
    ) -> Candidate | None:
        """A leading group, committee or headquarters: X领导小组办公室."""
        pieces = self._read_left(text, h, tokens, _STOP_WORDS, allow_verbs=True)
        if head.startswith(("镇", "乡", "街道")):
            # A township body is named after its township: one short name word, then
            # only the places above it (林芝县排龙乡政府, 鼓楼区华大街道办事处).
            if not pieces or not 2 <= pieces[0][1] - pieces[0][0] <= 4 or pieces[0][2] in (
                "v", "vn", "a", "d"
            ):
                return None
            inside = None if tokens.is_boundary(h) else tokens.piece_before(h + 1)
            if inside is not None and not inside[2].startswith("ns"):
                return None  # 小城镇政府: the level word belongs to a common noun
            pieces = pieces[:1] + [
                p for p in itertools.takewhile(
                    lambda p: text[p[0] : p[1]] in prefix_words or text[p[0] : p[1]] in lex.gov,
                    pieces[1:],
                )
            ]
        start, body_start = h, h
        in_prefix = False
        for a, b, flag in pieces:
            word = text[a:b]
            is_prefix = flag != "nbody" and (
                word in prefix_words or word.startswith("中共") or word in lex.gov
            )
            if in_prefix and not is_prefix:
                break  # the prefix (成都市新都区人民政府) is over
            if is_prefix:
                in_prefix = True
                start = a
                continue
            start = body_start = a
        if in_prefix:
            # 中共 may still stand before the place (中共X省委...).
            prev = tokens.piece_before(start)
            if prev and text[prev[0] : prev[1]] == "中共":
                start = prev[0]
        body = text[body_start:h]
        if len(body) < 2 or body in lex.gov or body in lex.generic_bodies:
            return None
        if start == body_start and start > 0 and text[start - 1] in _BARE_BLOCK_BEFORE - {"的"}:
            return None  # 各级卫生健康委员会: every such body, not one
        if text.startswith("系统", end):
            return None
        return Candidate(start, _divisions_after(text, end, tokens), "AGENCY", "agency-open")

    def _open_org(
        self, text: str, h: int, end: int, head: str, tokens: _Tokens, lex: Lexicon,
        prefix_words: frozenset[str],
    ) -> Candidate | None:
        """A company, school, association, medium or venue: X有限公司, X大学, X协会."""
        mode, min_body = lex.suffixes[head]
        pieces = self._read_left(
            text, h, tokens, _ORG_STOP_WORDS, allow_verbs=False, ordinals=mode == "school",
            company=mode == "company",
        )
        # Leading attributes and one-character verbs are not part of the name (著名电脑公司,
        # 应X学会); a one-character verb inside a name is a segmentation artefact.
        while pieces and (
            (pieces[-1][2].startswith("a") and pieces[-1][1] - pieces[-1][0] > 1)
            or (pieces[-1][2] in ("v", "p") and pieces[-1][1] - pieces[-1][0] == 1)
        ):
            pieces.pop()
        if not pieces:
            return None
        start = pieces[-1][0]
        while start < h and text[start] in "()·-":
            start += 1
        body = text[start:h]
        if len(body) < min_body or body in lex.generic_bodies or "级" in body[:4]:
            return None
        if all(text[a:b] in lex.levels for a, b, _ in pieces):
            return None  # 市电视台 is read by the grammar; 省协会 alone names nothing
        if body.count("(") != body.count(")"):
            return None
        in_list = start > 0 and text[start - 1] == "、"
        places_only = _place_words()
        proper = any(
            (f.startswith(_PROPER_POS) and text[a:b] not in ("国家", "中央", "国际", "全国"))
            or text[a:b] in places_only
            for a, b, f in pieces
        )
        if head in ("公司", "集团", "股份") and all(
            text[a:b] in prefix_words or text[a:b] == "中国" for a, b, _ in pieces
        ):
            return None  # 美国公司: companies of a place, not one company
        if mode in ("named", "school") and not (proper or in_list):
            return None  # 保险公司, 棋牌协会: a kind of organisation, not a name
        if mode == "school" and not (
            body.startswith("第") or any(f == "ns" or text[a:b] in places_only for a, b, f in pieces)
        ):
            return None  # 走进学校, 实现学校
        end = _org_units_after(text, end, tokens)
        start = _after_location(text, start, h)
        return Candidate(start, end, "ORG", f"org-open-{mode}")

    @staticmethod
    def _gov_close_before(text: str, pos: int, tokens: _Tokens) -> bool:
        """True when a gov body (政协, 人大常委会, 委) ends a few name words before ``pos``.

        A committee of a congress or CPPCC joins its domains with 和 (民族和宗教委员会);
        elsewhere 和 joins two names.
        """
        cur = pos
        for _ in range(3):
            piece = tokens.piece_before(cur)
            if piece is None or pos - piece[0] > 8:
                return False
            word = text[piece[0] : piece[1]]
            if word in lexicon().gov or word.endswith(("政协", "人大常委会", "人大")):
                return True
            if word in _STOP_WORDS or not all(map(_is_han, word)) or piece[2].startswith(_STOP_POS):
                return False
            cur = piece[0]
        return False

    @staticmethod
    def _place_anchor(
        text: str, pos: int, h: int, tokens: _Tokens, stops: frozenset[str]
    ) -> list[tuple[int, int, str]]:
        """The tokens back to a place that opens an organisation's name, or ``[]``.

        Brand and trade words are often tagged as verbs or numerals (美的制冷, 三一重工,
        苏宁易购); reading leftwards from ``pos`` over at most three such tokens, a place
        name (not a bare level word) within 12 characters of the head ``h`` opens the name.
        """
        out: list[tuple[int, int, str]] = []
        cur = pos
        places_only = _place_words()
        levels = lexicon().levels
        for _ in range(4):
            piece = tokens.piece_before(cur)
            if piece is None:
                return []
            a, b, flag = piece
            word = text[a:b]
            if h - a > 12 or not all(map(_is_han, word)):
                return []
            if word in stops and not (flag == "m" and len(word) == 1):
                return []  # 一家著名公司; a one-character numeral may be a brand (三一)
            if len(word) == 1 and (word in _STOP_CHARS or word in _ORG_STOP_CHARS):
                return []
            if word in places_only and word not in levels:
                out.append((a, b, "ns"))
                return out
            if flag in _ANCHOR_STOP_POS or flag.startswith("a"):
                return []  # a particle, pronoun, time word or adjective: no brand word
            out.append((a, b, "nz"))
            cur = a
        return []

    @staticmethod
    def _place_before(text: str, pos: int, tokens: _Tokens) -> bool:
        """True when a place name (not a bare level word) ends right at ``pos``."""
        piece = tokens.piece_before(pos)
        if piece is None:
            return False
        word = text[piece[0] : piece[1]]
        return word in _place_words() and word not in lexicon().levels

    def _read_left(
        self,
        text: str,
        h: int,
        tokens: _Tokens,
        stops: frozenset[str],
        allow_verbs: bool,
        ordinals: bool = False,
        company: bool = False,
    ) -> list[tuple[int, int, str]]:
        """The tokens of an open name's body, read leftwards from its head at ``h``.

        Reading stops at punctuation, a stop word, a stop part of speech (and, for ORG
        names, a verb of two or more characters) or the length cap. A token glued to a
        one-character function word (由省, 及市) gives up its first character.

        Returns:
            ``(start, end, pos)`` pieces, nearest the head first.
        """
        pieces: list[tuple[int, int, str]] = []
        cur = h
        cap = _MAX_OPEN_BODY if allow_verbs else _MAX_COMPANY_BODY
        while cur > 0:
            piece = tokens.piece_before(cur)
            if piece is None:
                break
            a, b, flag = piece
            word = text[a:b]
            if not all(_is_han(ch) or ch in "()·" for ch in word) or h - a > cap:
                break
            if allow_verbs and word == "和" and pieces and self._gov_close_before(text, a, tokens):
                pieces.append((a, b, "c"))  # 政协文化文史和学习委员会: 和 inside the name
                cur = a
                continue
            if word in stops and flag == "m" and not allow_verbs and pieces:
                anchored = self._place_anchor(text, b, h, tokens, stops)
                if anchored:
                    pieces.extend(anchored)  # 湖南三一重工: a numeral in the brand name
                    cur = anchored[-1][0]
                    continue
            if word in stops or (len(word) == 1 and word in _STOP_CHARS):
                break
            if not allow_verbs and len(word) == 1 and word in _ORG_STOP_CHARS:
                break  # 学员到X公司: the name starts after the verb
            if not allow_verbs and flag == "f" and word in _REGION_WORDS:
                pieces.append((a, b, "ns"))  # 北方民族大学
                cur = a
                continue
            if (
                company
                and flag.startswith(_STOP_POS)
                and len(word) > 1
                and pieces
                and self._place_before(text, a, tokens)
            ):
                pieces.append((a, b, "nz"))  # 浙江中天建设: a name word the tagger misread
                cur = a
                continue
            if len(word) > 1 and word[0] in _STOP_CHARS and word[1:] in _prefix_words():
                pieces.append((a + 1, b, "n"))  # 由省 -> 省
                break
            if word in ("(", ")", "·"):
                pieces.append((a, b, "x"))  # X机械(集团)有限公司
                cur = a
                continue
            if word in _prefix_words() and len(word) == 1 and a > 0 and (
                text[a - 1] in _LEVEL_BLOCK_BEFORE or text[a - 1] in "强兴建立大"
            ):
                pieces.append((a, b, "nbody"))  # 质量强省: 省 is no prefix here
                cur = a
                continue
            if ordinals and word.startswith("第") and flag == "m":
                pieces.append((a, b, flag))  # 第五中学
                cur = a
                continue
            stop_pos = flag.startswith(_STOP_POS) and word not in _prefix_words()
            verb = not allow_verbs and flag in ("v", "vd", "ad") and len(word) > 1
            if (stop_pos or verb) and not allow_verbs and pieces:
                anchored = self._place_anchor(text, b, h, tokens, stops)
                if anchored:
                    pieces.extend(anchored)  # 广东美的制冷设备有限公司: read on to the place
                    cur = anchored[-1][0]
                    continue
            if stop_pos or verb:
                break
            if not allow_verbs and flag.startswith("a") and len(word) > 1 and pieces == []:
                break
            pieces.append((a, b, flag))
            cur = a
        return pieces


    # -- 3. rules ------------------------------------------------------------------------
    def _rules(self, text: str) -> list[Candidate]:
        out: list[Candidate] = []
        for rule, m, start, end in match_rules(text, self.rules):
            if rule.attrs.get("post") == "byline":
                out.extend(_byline_sources(text, start, end, rule.id))
                continue
            out.append(Candidate(start, end, rule.label, rule.id, priority=rule.priority))
        return out


_LOCAL_SOURCES = ("本报", "本刊", "本台", "本网", "本站")


@lru_cache(maxsize=1)
def _media_re() -> Any:
    for rule in load_rules("agencies"):
        if rule.id == "org-central-media":
            return rule.regex
    return regex.compile(r"(?!)")


def _byline_sources(text: str, start: int, end: int, rule_id: str) -> list[Candidate]:
    """ORG spans for the sources of a dateline: strip the place, split A·B and A-B."""
    src = text[start:end]
    if any(local in src for local in _LOCAL_SOURCES) or "记者" in src:
        return []  # 本报讯, or a headline run into 本报 in a flattened text
    if src.startswith("据"):
        start, src = start + 1, src[1:]
    known = _media_re().match(src)
    if known:  # 新华社莫斯科: the place may be foreign; the agency's name is known
        return [Candidate(start, start + known.end(), "ORG", rule_id)]
    place_set = _prefix_places()
    # Strip a trailing place name (千龙网北京 -> 千龙网).
    for k in range(min(8, len(src) - 2), 1, -1):
        if src[-k:] in place_set:
            src = src[:-k]
            break
    parts: list[tuple[int, int]] = []
    pos = start
    for piece in regex.split(r"([·\-])", src):
        if piece in ("·", "-"):
            pos += 1
            continue
        parts.append((pos, pos + len(piece)))
        pos += len(piece)
    # An app of a newspaper belongs to it: X日报·新X客户端 is one source.
    merged: list[tuple[int, int]] = []
    for a, b in parts:
        if merged and text[b - 3 : b] == "客户端":
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    out = []
    for a, b in merged:
        name = text[a:b]
        if not 2 <= len(name) <= 14:
            continue
        if name[-1] in "闻通资音" and not name.endswith("新闻"):
            continue  # 闻讯, 通讯, 资讯 are words, not sources
        out.append(Candidate(a, b, "ORG", rule_id))
    return out


def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    """One candidate per (start, end): the grammar's reading wins over open heads."""
    order = {"agency-gov": 0, "agency-dept": 0, "org-core": 0, "agency-pboc-branch": 0}
    best: dict[tuple[int, int], Candidate] = {}
    for c in cands:
        key = (c.start, c.end)
        old = best.get(key)
        if old is None or order.get(c.rule_id, 1) < order.get(old.rule_id, 1):
            best[key] = c
    return sorted(best.values(), key=lambda c: (c.start, -c.end))


@Language.factory("govbrief_agencies", assigns=["doc._.gb_candidates"])
def make_agencies(nlp: Language, name: str) -> AgencyExtractor:
    """Factory of ``govbrief_agencies``."""
    return AgencyExtractor(nlp, name)

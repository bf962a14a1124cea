"""Agency lexicon and canonical agency names (ANNOTATION.md §5 ``agencies[].name``).

The lexicon (``resources/lexicons/agencies.tsv`` and ``org_suffixes.tsv``) describes an
agency name as ``[中共] [prefix] [gov] [dept] [division]*``; the extractor
(:mod:`govbrief.extract.agencies`) reads names with it and this module turns a mention
into its canonical full name:

- abbreviations are expanded (市场监管局 -> 市场监督管理局, 发改委 -> 发展和改革委员会,
  政府 -> 人民政府, 省委 -> 中共X省委员会);
- a short place prefix becomes the full division name (安徽市场监管局 -> 安徽省...);
- a bare level prefix (省, 自治区, 市) is filled from the section's province or the city
  named most recently (省市场监管局 in an Anhui section -> 安徽省市场监督管理局);
- national bodies written without a prefix stay national (市场监管总局 ->
  国家市场监督管理总局).

Example:
    >>> canonical_agency("省市场监管局", province="安徽省")
    '安徽省市场监督管理局'
    >>> canonical_agency("省发改委", province="福建省")
    '福建省发展和改革委员会'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Container, Iterable

import regex

from ..resources import load_tsv
from . import places
from ._wordscan import SpanMatch, WordSet, repeat_ends

AGENCY_FILE = "agencies.tsv"
ORG_FILE = "org_suffixes.tsv"
AMBIGUOUS_PLACES_FILE = "place_ambiguous.tsv"

# Province-level cities: a bare 市 prefix names the province itself there.
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")


@dataclass(frozen=True)
class Core:
    """A department core (domain + head, or an irregular whole name).

    Attributes:
        surface: as written (``市场监管局``).
        canonical: the expansion (``市场监督管理局``).
        head: the head word as written (``局``), empty for irregular cores.
        flags: ``prefix`` (needs a prefix), ``national``, ``nobare``.
    """

    surface: str
    canonical: str
    head: str = ""
    flags: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Lexicon:
    """Everything the agency grammar is built from (see ``agencies.tsv``).

    Attributes:
        levels: level words (省, 市, 自治区 ...), longest first.
        nationals: national prefix words (国家, 中央, 全国, 国务院, 中国).
        gov: gov bodies -> canonical (政府 -> 人民政府).
        gov_flags: gov body -> flags.
        cores: department cores by surface.
        divisions: internal-unit surfaces -> canonical (计量科 -> 计量科).
        opens: open agency heads (领导小组办公室, 委员会 ...), longest first.
        org_cores: ORG cores -> flags (``bare``, ``list``).
        suffixes: ORG suffix -> (mode, min body length), longest first.
        generic_bodies: bodies that make a suffix name generic (行业 in 行业协会).
        domains: words composed department names are made of -> canonical (文物 -> 文物,
            资规 -> 自然资源和规划).
        heads: abbreviated heads -> expansion (委 -> 委员会, 办 -> 办公室).
    """

    levels: tuple[str, ...]
    nationals: tuple[str, ...]
    gov: dict[str, str]
    gov_flags: dict[str, frozenset[str]]
    cores: dict[str, Core]
    divisions: dict[str, str]
    opens: tuple[str, ...]
    org_cores: dict[str, frozenset[str]]
    suffixes: dict[str, tuple[str, int]] = field(default_factory=dict)
    generic_bodies: frozenset[str] = frozenset()
    domains: dict[str, str] = field(default_factory=dict)
    heads: dict[str, str] = field(default_factory=dict)


def _flags(value: str) -> frozenset[str]:
    return frozenset(f.strip() for f in value.split(",") if f.strip() and f.strip() != "-")


def _canon(surface: str, canonical: str) -> str:
    return surface if canonical in ("", "-") else canonical


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The agency and organisation lexicon, read once."""
    levels: list[str] = []
    nationals: list[str] = []
    gov: dict[str, str] = {}
    gov_flags: dict[str, frozenset[str]] = {}
    heads: dict[str, str] = {}
    cores: dict[str, Core] = {}
    divisions: dict[str, str] = {}
    opens: list[str] = []
    domains: dict[str, str] = {}
    dept_rows: list[tuple[str, str, str, str]] = []
    for row in load_tsv(AGENCY_FILE):
        row = tuple(c.strip() for c in row) + ("",) * (5 - len(row))
        kind, surface, canonical, extra, more = row[:5]
        if kind == "level":
            levels.append(surface)
        elif kind == "national":
            nationals.append(surface)
        elif kind == "head":
            heads[surface] = canonical
        elif kind == "gov":
            gov[surface] = _canon(surface, canonical)
            gov_flags[surface] = _flags(extra)
        elif kind == "dept":
            dept_rows.append((surface, _canon(surface, canonical), extra, more))
        elif kind == "core":
            cores[surface] = Core(surface, _canon(surface, canonical), "", _flags(extra))
        elif kind == "division":
            for head in extra.split("|"):
                divisions[surface + head] = _canon(surface, canonical) + head
        elif kind == "open":
            opens.append(surface)
        elif kind == "domain":
            domains[surface] = _canon(surface, canonical)
    for domain, canonical, extra, more in dept_rows:
        for head in (h for h in extra.split("|") if h):
            surface = domain + head
            # An explicit `core` row wins over the generated reading.
            cores.setdefault(
                surface, Core(surface, canonical + heads.get(head, head), head, _flags(more))
            )
    org_cores: dict[str, frozenset[str]] = {}
    suffixes: dict[str, tuple[str, int]] = {}
    generic: set[str] = set()
    for row in load_tsv(ORG_FILE):
        row = tuple(c.strip() for c in row) + ("",) * (4 - len(row))
        kind, surface, mode, minbody = row[:4]
        if kind == "orgcore":
            org_cores[surface] = _flags(mode)
        elif kind == "suffix":
            suffixes[surface] = (mode, int(minbody or 2))
        elif kind == "generic":
            generic.add(surface)
    by_len = lambda xs: tuple(sorted(xs, key=len, reverse=True))  # noqa: E731
    return Lexicon(
        levels=by_len(levels),
        nationals=by_len(nationals),
        gov=gov,
        gov_flags=gov_flags,
        cores=cores,
        divisions=divisions,
        opens=by_len(opens),
        org_cores=org_cores,
        suffixes=dict(sorted(suffixes.items(), key=lambda kv: -len(kv[0]))),
        generic_bodies=frozenset(generic),
        domains=domains,
        heads=heads,
    )


@lru_cache(maxsize=1)
def _ambiguous_places() -> frozenset[str]:
    try:
        rows = load_tsv(AMBIGUOUS_PLACES_FILE)
    except OSError:  # the places lexicon is optional for this module
        return frozenset()
    return frozenset(r[0].strip() for r in rows if r and r[0].strip())


@lru_cache(maxsize=1)
def place_prefixes() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Place names that may open an agency name.

    Returns:
        ``(prefixes, county_shorts)``: full names of every division and short forms of
        provinces and prefectures (安徽省, 安徽, 延边), without the division names that
        are ordinary words (会同, 城区); and county short forms (顺义), which open a name
        only in ``顺义局`` style.
    """
    ambiguous = _ambiguous_places()
    prefixes: set[str] = set()
    county_shorts: set[str] = set()
    # Names of divisions renamed after the lexicon was made (海安市) are full names.
    renamed = _renamed_places()
    for surface, divs in places.surface_forms().items():
        if surface in ambiguous or len(surface) < 2:
            continue
        if surface in renamed or any(d.name == surface or d.level <= 2 for d in divs):
            prefixes.add(surface)
        else:
            county_shorts.add(surface)
    return tuple(sorted(prefixes)), tuple(sorted(county_shorts - prefixes))


def _alt(words: Iterable[str]) -> list[str]:
    return sorted(set(words), key=len, reverse=True)


@lru_cache(maxsize=1)
def _renamed_places() -> frozenset[str]:
    """Full names of divisions newer than the lexicon (海安市 for 海安县), if known."""
    derived = getattr(places, "derived_forms", None)
    return frozenset(derived()) if derived is not None else frozenset()


# Heads of composed department names; 委 and 办 (abbreviated) only after two domains or
# more (卫生健康和计划生育委), and a single domain written alone takes no 办公室 (档案办公室
# alone is too often a room).
_COMPOSED = r"""(?:
      (?:\L<dom>(?:和|与)?)+\L<dom>(?:委员会|办公室|局|厅|委|办)
    | \L<dom>(?:委员会|办公室|局|厅)
)"""
_COMPOSED_BARE = r"""(?:
      (?:\L<dom>(?:和|与)?)+\L<dom>(?:委员会|办公室|局|厅|委|办)
    | \L<dom>(?:委员会|局|厅)
)"""


@lru_cache(maxsize=1)
def agency_grammar() -> Any:
    r"""The name grammar, built from the lexicons.

    Groups: ``party`` (中共), ``pre`` (place(s) + level word, a level word alone or
    national words), ``gov`` (委, 政府 ...), ``dept`` (a department core after a prefix),
    ``org`` (an ORG core after a prefix), ``bdept``/``borg`` (cores written alone).

    A department core is a closed-list core (市场监管局, 发改委) or a name composed of
    government domain words and a head (文化体育广播电视和旅游局, 文物局): the standard
    departments are named compositionally, so a closed list of them cannot be complete.
    The place prefix also takes a county short form followed by 市 or 区, the name of a
    county turned city or district after the division lexicon was made.

    The grammar reads as this pattern (``\L<x>`` a word list, longest first)::

        (?P<party>中共|政协|中国人民政治协商会议)?
        (?:
          (?P<pre>(?:\L<place>){1,3}(?:\L<level>)?
                 |(?:\L<place>){0,2}\L<cshort>(?:市|区)
                 |\L<cshort>(?=局|分局)
                 |\L<level>
                 |(?:\L<natl>){1,2})
          (?:(?P<gov>\L<gov>)(?:(?P<dept>COMPOSED|\L<dept>)|(?P<org>\L<org>))?
            |(?P<dept>COMPOSED|\L<dept>)
            |(?P<org>\L<org>))
         | (?P<bdept>COMPOSED_BARE|\L<bdept>)
         | (?P<borg>\L<borg>)
        )

    Compiled whole, the 6,000 place names cost seconds; so the prefix is matched by set
    lookups in the order a backtracking engine tries it and only the rest is compiled
    (:class:`_Grammar`). ``match`` returns the same match as the whole pattern would.
    """
    return _Grammar()


class _Grammar:
    """The agency grammar: ``match(text, pos=0, endpos=None)`` like a compiled pattern."""

    _PARTY = ("中共", "政协", "中国人民政治协商会议")

    def __init__(self) -> None:
        lex = lexicon()
        prefixes, county_shorts = place_prefixes()
        dept_bare = [s for s, c in lex.cores.items() if not (c.flags & {"prefix", "nobare"})]
        org_bare = [s for s, f in lex.org_cores.items() if f & {"bare", "list"}]
        self.place = WordSet(prefixes)
        self.cshort = WordSet(county_shorts)
        self.level = WordSet(lex.levels)
        self.natl = WordSet(lex.nationals)
        self.tail = regex.compile(
            rf"""
            (?P<gov>\L<gov>)(?:(?P<dept>{_COMPOSED}|\L<dept>)|(?P<org>\L<org>))?
          | (?P<dept>{_COMPOSED}|\L<dept>)
          | (?P<org>\L<org>)
            """,
            regex.VERBOSE,
            gov=_alt(lex.gov),
            dept=_alt(lex.cores),
            dom=_alt(lex.domains),
            org=_alt(lex.org_cores),
        )
        self.bare = regex.compile(
            rf"(?P<bdept>{_COMPOSED_BARE}|\L<bdept>)|(?P<borg>\L<borg>)",
            regex.VERBOSE,
            dom=_alt(lex.domains),
            bdept=_alt(dept_bare),
            borg=_alt(org_bare),
        )

    def _pre_ends(self, text: str, p: int, endpos: int):
        """Ends of the ``pre`` group at ``p``, in the order the pattern tries them."""
        place, level = self.place, self.level
        for e in repeat_ends(place, text, p, endpos, 1, 3):
            for n in level.lengths(text, e, endpos):
                yield e + n
            yield e
        for e in repeat_ends(place, text, p, endpos, 0, 2):
            for n in self.cshort.lengths(text, e, endpos):
                q = e + n
                if q < endpos and text[q] in "市区":
                    yield q + 1
        for n in self.cshort.lengths(text, p, endpos):
            q = n + p
            if text.startswith("局", q, endpos) or text.startswith("分局", q, endpos):
                yield q
        for n in level.lengths(text, p, endpos):
            yield p + n
        yield from repeat_ends(self.natl, text, p, endpos, 1, 2)

    def _body(
        self, text: str, p: int, endpos: int, core_at: Container[int] | None
    ) -> dict | None:
        tail = self.tail
        failed: set[int] = set()
        for q in self._pre_ends(text, p, endpos):
            if q in failed:
                continue
            # The tail, like the bare cores below, opens with a core: no core, no match.
            m = tail.match(text, q, endpos) if core_at is None or q in core_at else None
            if m is None:
                failed.add(q)
                continue
            spans = {"pre": (p, q)}
            for name in ("gov", "dept", "org"):
                if m.start(name) >= 0:
                    spans[name] = m.span(name)
            spans[0] = (p, m.end())
            return spans
        m = self.bare.match(text, p, endpos) if core_at is None or p in core_at else None
        if m is None:
            return None
        spans = {0: (p, m.end())}
        for name in ("bdept", "borg"):
            if m.start(name) >= 0:
                spans[name] = m.span(name)
        return spans

    def match(
        self,
        text: str,
        pos: int = 0,
        endpos: int | None = None,
        core_at: Container[int] | None = None,
    ) -> SpanMatch | None:
        """The grammar matched at ``pos`` (``None`` when it does not match there).

        Args:
            text: the text.
            pos: where the match starts.
            endpos: where the text is taken to end (its end by default).
            core_at: if given, every position of ``text`` where a gov body, a department
                core (listed or composed of domain words) or an ORG core starts (more
                positions do no harm): the costly rest of the pattern is tried there only.
        """
        endpos = len(text) if endpos is None else min(endpos, len(text))
        for party in self._PARTY:
            if text.startswith(party, pos, endpos):
                spans = self._body(text, pos + len(party), endpos, core_at)
                if spans is not None:
                    spans["party"] = (pos, pos + len(party))
                    spans[0] = (pos, spans[0][1])
                    return SpanMatch(text, spans)
                break
        spans = self._body(text, pos, endpos, core_at)
        return SpanMatch(text, spans) if spans is not None else None


@lru_cache(maxsize=1)
def _domain_re() -> Any:
    return regex.compile(r"(?P<d>\L<dom>)(?P<j>和|与)?", dom=_alt(lexicon().domains))


_COMPOSED_HEADS = ("委员会", "办公室", "局", "厅", "委", "办")


@lru_cache(maxsize=4096)
def department_core(surface: str) -> Core | None:
    """The core of a department name: a closed-list core or a composed name.

    A composed name (文化体育广播电视和旅游局) keeps its words as written, except clear
    abbreviations of a domain (资规 -> 自然资源和规划) and of its head (委 -> 委员会).

    Returns:
        The :class:`Core`, or ``None`` when ``surface`` is neither.
    """
    lex = lexicon()
    core = lex.cores.get(surface)
    if core is not None or not surface:
        return core
    head = next((h for h in _COMPOSED_HEADS if surface.endswith(h)), "")
    body = surface[: len(surface) - len(head)]
    if not head or not body:
        return None
    pieces = []
    pos = 0
    dom = _domain_re()
    while pos < len(body):
        m = dom.match(body, pos)
        if m is None or m.end() == pos:
            return None
        pieces.append(lex.domains.get(m.group("d"), m.group("d")) + (m.group("j") or ""))
        pos = m.end()
    return Core(surface, "".join(pieces) + lex.heads.get(head, head), head, frozenset())


# ---------------------------------------------------------------------------------------
# Canonical names
# ---------------------------------------------------------------------------------------


def _place_full(place: str, province: str | None) -> str:
    """The full name of a written place prefix (安徽 -> 安徽省, 延边州 -> 延边朝鲜族自治州).

    A chain (漳州市云霄县, 南充市顺庆区) is resolved piece by piece; what cannot be
    resolved is kept as written.
    """
    if not place:
        return ""
    if place in _renamed_places():
        return place  # 海安市: the new name as written, not the old 海安县
    div = places.best_division(place, province)
    if div is not None:
        return div.name
    prefixes, shorts = place_prefixes()
    known = set(prefixes) | set(shorts)
    for k in range(len(place) - 1, 1, -1):
        head, tail = place[:k], place[k:]
        if head in known and (tail in known or tail in lexicon().levels):
            d_head = places.best_division(head, province)
            first = d_head.name if d_head is not None else head
            if tail in lexicon().levels:
                # 长丰市 for the county 长丰县: a county renamed after the lexicon was
                # made keeps the name as written.
                return first if first.endswith(tail) else place
            return first + _place_full(tail, province)
    return place


def _province_name(province: str | None) -> str:
    prov = places.province_by_name(province) if province else None
    return prov.name if prov is not None else ""


def _fill_level(level: str, province: str | None, city: str | None) -> str:
    """The division a bare level word stands for, or the word itself when unknown."""
    prov = _province_name(province)
    if level == "省":
        return prov if prov.endswith("省") else level
    if level == "自治区":
        return prov if prov.endswith("自治区") else level
    if level == "市":
        if prov in MUNICIPALITIES:
            return prov
        return city if city and city.endswith("市") else level
    if level in ("州", "自治州", "地区", "盟"):
        return city if city and city.endswith(level[-1]) else level
    return level


def _expand_pboc(surface: str) -> str:
    """人行X市中支 -> 中国人民银行X市中心支行."""
    for short in ("中国人民银行", "人民银行", "人行"):
        if surface.startswith(short):
            rest = surface[len(short) :]
            if rest.endswith("中支"):
                rest = rest[:-2] + "中心支行"
            return "中国人民银行" + rest
    return surface


# Pure functions of short strings; the same agency names recur across a batch, and each
# call runs the agency grammar, so results are cached.
@lru_cache(maxsize=8192)
def canonical_agency(surface: str, province: str | None = None, city: str | None = None) -> str:
    """The canonical full simplified name of an agency mention.

    Args:
        surface: the mention in simplified script (``省市场监管局``).
        province: the section's province full name (``安徽省``), if known.
        city: the prefecture-level city named most recently in the section, if any.

    Returns:
        The canonical name (``安徽省市场监督管理局``). What cannot be resolved is kept as
        written (a bare ``县`` with no known county stays ``县``; a leading group's own
        words are not touched).
    """
    surface = surface.strip().translate(places.VARIANTS)
    if not surface:
        return surface
    if surface.startswith(("人行", "人民银行", "中国人民银行")):
        return _expand_pboc(surface)
    lex = lexicon()
    m = agency_grammar().match(surface)
    if m is None or (m.group("pre") and not (m.group("gov") or m.group("dept"))):
        return _canonical_open(surface, province, city)
    rest = surface[m.end() :]
    pre = m.group("pre") or ""
    gov = m.group("gov") or ""
    core_surface = m.group("dept") or m.group("bdept") or ""
    core = department_core(core_surface)
    if m.group("party") in ("政协", "中国人民政治协商会议"):
        return m.group("party") + _place_full(pre, province) + gov + rest
    party = (
        bool(m.group("party"))
        or gov in ("委", "党委")
        or "party" in lex.gov_flags.get(gov, ())
        or (core is not None and "party" in core.flags)
    )
    if core is not None and "national" in core.flags and not pre and not gov:
        return core.canonical + rest
    if rest and not core and not gov:
        return _canonical_open(surface, province, city)
    # Where: the written place expanded, a level word filled, or a national word.
    if pre in lex.nationals or all(
        pre[i : i + 2] in lex.nationals for i in range(0, len(pre), 2)
    ) and pre:
        # 国家 + 税务总局: the core's canonical name already holds the national word.
        where = "" if core is not None and core.canonical.startswith(pre) else pre
    elif pre in lex.levels:
        where = _fill_level(pre, province, city)
    elif pre:
        where = pre if core is not None and "asis" in core.flags else _place_full(pre, province)
    else:
        where = ""
    if core is not None and not pre and not gov:
        # A department written alone: national ministries (应急管理部) stay national, a
        # provincial 厅 takes the province, others the city when one is known.
        if core.head == "总局":
            where = "国家"
        elif core.head == "部" or "nobare" in core.flags or "party" in core.flags:
            where = ""
        elif core.head == "厅" or "province" in core.flags or not city:
            where = _province_name(province)
        else:
            where = city
    core_name = core.canonical if core is not None else ""
    if gov in ("委", "党委"):
        # A Party committee: 湖南省委 -> 中共湖南省委员会; 省委宣传部 -> 中共X省委宣传部.
        gov_name = "委" if core_name or rest else "委员会"
    elif gov == "政协":
        return "政协" + where + "委员会" + core_name + rest
    else:
        gov_name = lex.gov.get(gov, gov)
    if (
        party and core is not None and "party" in core.flags and not gov and where
        and pre not in lex.nationals and pre != "中央"
    ):
        gov_name = "委"  # 省宣传部 is read as the Party committee's department
    if where.startswith(("香港", "澳门")) and gov in ("政府", "人民政府"):
        gov_name = "政府"  # 香港特别行政区政府: no 人民 in the SAR governments' names
    if gov and not core_name and rest == "办":
        rest = "办公室"  # 县委办, 县政府办
    name = where + gov_name + core_name + rest
    if party and where and where != "首都" and not name.startswith("中共"):
        name = "中共" + name
    return name


@lru_cache(maxsize=1)
def _prefix_words() -> tuple[WordSet, WordSet]:
    prefixes, _ = place_prefixes()
    return WordSet(prefixes), WordSet(lexicon().levels)


def _prefix_match(surface: str) -> SpanMatch | None:
    r"""The place-and-level prefix at the start of ``surface``.

    Matches ``(?P<party>中共)?(?P<pre>(?:\L<place>){1,3}(?:\L<level>)?|\L<level>)`` by set
    lookups (the place list compiles slowly).
    """
    place, level = _prefix_words()
    n = len(surface)
    starts = [2, 0] if surface.startswith("中共") else [0]
    for p in starts:
        q = -1
        for e in repeat_ends(place, surface, p, n, 1, 3):
            lens = level.lengths(surface, e, n)
            q = e + lens[0] if lens else e
            break
        if q < 0:
            lens = level.lengths(surface, p, n)
            q = p + lens[0] if lens else -1
        if q >= 0:
            spans = {0: (0, q), "pre": (p, q)}
            if p:
                spans["party"] = (0, 2)
            return SpanMatch(surface, spans)
    return None


def _canonical_open(surface: str, province: str | None, city: str | None) -> str:
    """An open name (X领导小组办公室): its own words kept, its prefix filled or expanded."""
    m = _prefix_match(surface)
    if m is None or m.end() == len(surface):
        return surface
    pre, rest = m.group("pre"), surface[m.end() :]
    if pre in lexicon().levels:
        where = _fill_level(pre, province, city)
    else:
        where = _place_full(pre, province)
    return ("中共" if m.group("party") else "") + where + rest


@lru_cache(maxsize=8192)
def leading_city(surface: str, province: str | None = None) -> str | None:
    """The prefecture-level city an agency name starts with (``益阳市``), if any.

    Args:
        surface: the mention in simplified script (``益阳市市场监督管理局``).
        province: the section's province, to choose between namesakes.

    Returns:
        The full name of the prefecture-level division the name opens with, or ``None``
        (a province, a county alone, a bare level word or no place at all).
    """
    m = agency_grammar().match(surface.strip().translate(places.VARIANTS))
    pre = (m.group("pre") or "") if m is not None else ""
    if not pre or pre in lexicon().levels or pre in lexicon().nationals:
        return None
    prefixes, _ = place_prefixes()
    # The first place of the prefix: 漳州市云霄县 -> 漳州市.
    for k in range(len(pre), 1, -1):
        if pre[:k] in prefixes:
            div = places.best_division(pre[:k], province)
            if div is not None and div.level == 2:
                return div.name
            return None
    return None

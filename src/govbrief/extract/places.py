"""``govbrief_places``: GPE places (divisions, short forms, named regions, countries).

ANNOTATION.md: a GPE is a place name (country, province, city, county, district, town,
named region), not a generic area (全省, 各地, 基层). A place inside an agency or
organisation name is not annotated on its own; this extractor proposes every place it
sees and lets ``govbrief_merge`` prefer the longer AGENCY/ORG spans.

How places are found:

1. **Gazetteer scan.** One left-to-right pass tries, at each position, the longest surface
   form from the division lexicon (full names and short forms), the named regions and the
   countries (:mod:`govbrief.resolve.places`); a rejected reading falls back to a
   shorter one at the same position. Scanning left to right keeps 广东营商环境 from
   yielding 东营.
2. **Abbreviation runs.** Runs of one-character province abbreviations (苏浙皖赣沪,
   川渝, 京津冀) with an optional 地区, from the rule file (label ``RUN``).
3. **Zones** (label ``ZONE``): a development zone, new area or free-trade zone named by a
   place is one span with it (北京经济技术开发区, 合肥高新区, 中国(浙江)自由贸易试验区).
4. **Extensions** after a known division (label ``AFTER_DIVISION``): towns, townships,
   sub-districts, communities and villages (松溪县郑墩镇), and districts newer than the
   lexicon (深圳市光明区).
5. **Standalone towns** (label ``GPE``): a town after a verb of going (深入X乡) or before
   its people or territory (X镇代表队, X乡群众, X镇境内); never before one of its bodies
   (X镇党委 is an AGENCY and the town inside it is not annotated).
6. **Guards** (label ``NOT_GPE``): stretches where a lexicon hit is a word or a people, not
   a place (朝鲜族, 三明治). Any hit overlapping one is dropped, except the full name of an
   autonomous area (延边朝鲜族自治州 is one place although 朝鲜族 is guarded).

Renamings newer than the 2016 lexicon: ``division_renames.tsv`` (郫都区, 盘州市) are full
names; the upgrade names derived from every county (海安县 -> 海安市, 湟中县 -> 湟中区,
即墨市 -> 即墨区) are entries of kind ``derived``: taken when they are whole words
(海安市场 is 海安 + 市场), without further context unless their stem is a county short form
that collides with another reading.

County names are where ordinary words hide (会同县, 惠民县, 比如县), so county short
forms and two-character county names need evidence: the county's province or
prefecture named somewhere in the text, and token boundaries that agree with the match
(``提高县级`` is 提高/县级, not 高县). Short forms listed in
``lexicons/place_ambiguous.tsv`` are ordinary words and are only taken right after
their own province or prefecture (湖南会同).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import AbstractSet, Any, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from ..resolve import places as gaz
from ..resources import Rule, load_tsv
from ._base import Candidate, RuleExtractor, add_candidates, doc_text
from ._base import token_edges as doc_token_edges

LABEL = "GPE"
AMBIGUOUS_FILE = "place_ambiguous.tsv"

# Province abbreviations that are also everyday characters (新 new, 云 cloud, 青 green ...):
# a two-character run needs at least one abbreviation that is not among them.
WEAK_ABBREVIATIONS = frozenset("新宁青云贵甘台秦蜀黑吉蒙藏")
# Two-character runs that are words or names, not places (苏宁 is a retailer, 新京 a paper).
RUN_WORDS = frozenset(
    "苏宁 苏秦 湘云 黑云 新贵 青云 云台 台吉 藏青 青黑 新京 京吉 吉京 晋京 澳新".split()
)
# Han characters that may follow a run (川渝地区, 陕甘宁两省区, 苏浙皖等).
_RUN_FOLLOW = frozenset("地两三四五六七八九十等的和与及边各")
# A full name whose suffix starts a word with the next character is the short form plus
# that word: 北京市场 = 北京 + 市场, 西安市民 = 西安 + 市民, 浙江省级 = 浙江 + 省级,
# 新建区域 = 新建 + 区域.
_SUFFIX_WORDS = {"市": "场民级直郊域", "省": "级直", "县": "级直域", "区": "级域"}
_VARIANTS = gaz.VARIANTS
# The characters _VARIANTS replaces: a text without them needs no translate() (which
# looks up every character of the text).
_VARIANT_CHARS = tuple(map(chr, _VARIANTS))
# Characters after a two-character county name that show it is part of a word (提高县级,
# 示范县域, 担任县委, 县城, 县长).
_COUNTY_WORD_RIGHT = "级域委城长区乡镇"
# Characters that may stand right before a two-character county name (在寿县, 赴和县).
_COUNTY_LEFT_OK = frozenset("在于赴到至从与及和")
# Words after a county short form that show it is the place (河口口岸: the port of 河口县).
_PLACE_EVIDENCE_RIGHT = ("口岸",)


@dataclass(frozen=True)
class Entry:
    """One surface form of the gazetteer.

    Attributes:
        surface: the text matched.
        kind: ``full`` (official name), ``short`` (short form), ``derived`` (an upgrade
            name newer than the lexicon: 海安市 for 海安县), ``region``, ``country``.
        level: the highest level among the divisions it names (1-3), 0 for regions.
        divisions: the divisions it can name, most prominent first.
        ambiguous: an ordinary word that needs its province or prefecture right before it.
    """

    surface: str
    kind: str
    level: int
    divisions: tuple[gaz.Division, ...] = ()
    ambiguous: bool = False


@dataclass
class Hit:
    """An accepted place in the scan.

    Attributes:
        start: inclusive offset.
        end: exclusive offset.
        entry: the gazetteer entry, ``None`` for runs and rule-made places.
        rule_id: provenance.
        provinces: codes of the provinces the place lies in.
        division: the reading chosen when the context settles it (福州鼓楼 -> 鼓楼区 of
            Fuzhou), else ``None`` (the entry's most prominent reading).
    """

    start: int
    end: int
    entry: Entry | None
    rule_id: str
    provinces: tuple[str, ...] = ()
    division: gaz.Division | None = None


@lru_cache(maxsize=1)
def ambiguous_words() -> frozenset[str]:
    """Short forms that are ordinary words (``lexicons/place_ambiguous.tsv``)."""
    return frozenset(row[0].strip() for row in load_tsv(AMBIGUOUS_FILE) if row and row[0].strip())


@lru_cache(maxsize=1)
def gazetteer() -> tuple[dict[str, Entry], dict[str, tuple[int, ...]]]:
    """Surface -> entry, and first character -> candidate lengths (longest first)."""
    entries: dict[str, Entry] = {}
    ambiguous = ambiguous_words()
    derived = gaz.derived_forms()
    for surface, divs in gaz.surface_forms().items():
        full = any(d.name == surface for d in divs)
        level = min(d.level for d in divs)
        entries[surface] = Entry(
            surface,
            "full" if full else "derived" if surface in derived else "short",
            level,
            divs,
            ambiguous=surface in ambiguous,
        )
    for name, reg in gaz.regions().items():
        if name in entries:
            continue
        entries[name] = Entry(name, "country" if reg.kind == "country" else "region", 0)
    lengths: dict[str, set[int]] = {}
    for surface in entries:
        lengths.setdefault(surface[0], set()).add(len(surface))
    return entries, {ch: tuple(sorted(ls, reverse=True)) for ch, ls in lengths.items()}


def _province_codes(entry: Entry) -> tuple[str, ...]:
    """Province codes an entry points to.

    A short form naming divisions at several levels means the most prominent ones (西安 is
    西安市, not 西安区 in Jilin); readings at the same level in different provinces (鼓楼)
    give all their provinces.
    """
    if entry.divisions:
        top = [d for d in entry.divisions if d.level == entry.level]
        return tuple(dict.fromkeys(d.code[:2] + "0000" for d in top))
    reg = gaz.region(entry.surface)
    return reg.provinces if reg else ()


def token_edges(
    text: str, doc: Doc | None = None
) -> tuple[AbstractSet[int], AbstractSet[int]] | None:
    """Token start and end offsets, from ``doc`` or from the project's jieba tokenizer.

    Returns:
        ``(starts, ends)``, or ``None`` when no segmenter is available (then the token
        checks are skipped).
    """
    if doc is not None and doc_text(doc) != text:
        doc = None
    return _token_edges(text, doc)


def _token_edges(text: str, doc: Doc | None) -> tuple[AbstractSet[int], AbstractSet[int]] | None:
    """:func:`token_edges` for a ``doc`` that is ``None`` or whose text is ``text``."""
    if doc is not None:
        return doc_token_edges(doc)
    try:
        from ..segment import _jieba_tokenizer

        tk = _jieba_tokenizer()
    except Exception:  # pragma: no cover - jieba is a core dependency
        return None
    starts, ends = set(), set()
    for _, a, b in tk.tokenize(text, HMM=True):
        starts.add(a)
        ends.add(b)
    return starts, ends


class PlaceExtractor(RuleExtractor):
    """Propose GPE candidates: divisions, short forms, regions, countries, abbreviation runs.

    Args:
        nlp: the pipeline (unused).
        name: the component name.
    """

    rules_name = "places"

    def __init__(self, nlp: Any = None, name: str = "govbrief_places", rules: str | None = None):
        super().__init__(nlp, name, rules)
        self.entries, self.lengths = gazetteer()
        self.abbr = gaz.abbreviations()
        # The first two characters of every place a scan can find: a lexicon surface (all
        # have two characters or more) or an abbreviation run (_valid_run: at least two
        # abbreviations). Only about 2% of the characters of a brief start such a pair,
        # against a third that start some lexicon entry, so the scans visit those alone.
        self._pairs = frozenset(s[:2] for s in self.entries) | frozenset(
            a + b for a in self.abbr for b in self.abbr
        )
        self._pair_start = re.compile(
            _char_class(p[0] for p in self._pairs)
            + "(?="
            + _char_class(p[1] for p in self._pairs)
            + ")"
        )
        self.by_label: dict[str, list[Rule]] = {}
        for rule in self.rules:
            self.by_label.setdefault(rule.label, []).append(rule)

    # -- public -----------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        """Add the GPE candidates of ``doc``; its text is read once (see :meth:`hits`)."""
        add_candidates(doc, self._candidates(self._hits(doc_text(doc), doc)))
        return doc

    def find(self, text: str, doc: Doc | None = None) -> list[Candidate]:
        """Return GPE candidates in ``text`` (normalised, simplified script)."""
        return self._candidates(self.hits(text, doc))

    def _candidates(self, hits: list[Hit]) -> list[Candidate]:
        return [
            Candidate(h.start, h.end, LABEL, h.rule_id, score=self._score(h),
                      attrs=self._attrs(h))
            for h in hits
        ]

    def hits(self, text: str, doc: Doc | None = None) -> list[Hit]:
        """The accepted places, in text order, without overlaps.

        ``doc``, if given, supplies the token boundaries when its text is ``text``; else
        the text is segmented when the checks need it.
        """
        if doc is not None and doc_text(doc) != text:
            doc = None
        return self._hits(text, doc)

    def _hits(self, text: str, doc: Doc | None) -> list[Hit]:
        """:meth:`hits` for a ``doc`` that is ``None`` or whose text is ``text``."""
        if any(ch in text for ch in _VARIANT_CHARS):
            text = text.translate(_VARIANTS)  # same length: offsets are unchanged
            doc = None  # the Doc's tokens are those of the text before the variants
        blocked = self._blocked(text)
        starts = self._starts(text)
        mentioned = self._mentioned(text, starts)
        edges = None  # computed lazily: most texts never need it
        hits: list[Hit] = []
        n = len(text)
        k = 0
        while k < len(starts):
            i = starts[k]
            best: Hit | None = None
            run = None if blocked[i] else self._run_at(text, i, blocked)
            for length in self.lengths.get(text[i], ()):
                end = i + length
                if end > n:
                    continue
                entry = self.entries.get(text[i:end])
                if entry is None:
                    continue
                if any(blocked[i:end]) and not _overrides_guards(entry):
                    continue
                if edges is None and self._needs_tokens(entry):
                    edges = _token_edges(text, doc) or (set(), set())
                hit = self._accept(text, i, end, entry, hits, mentioned, edges)
                if hit is not None:
                    best = hit
                    break
            if run is not None and (best is None or run.end > best.end):
                best = run
            if best is None:
                k += 1
                continue
            best = self._zone(text, best, blocked) or best
            hits.append(best)
            i = best.end
            ext = self._extend(text, best, blocked)
            if ext is not None:
                hits.append(ext)
                i = ext.end
            k = bisect_left(starts, i, k + 1)
        return self._add_standalone(text, hits, blocked, doc)

    def _add_standalone(
        self, text: str, hits: list[Hit], blocked: bytearray, doc: Doc | None = None
    ) -> list[Hit]:
        """Places found by ``GPE`` rules alone (走进X社区, X镇群众), where no lexicon hit is.

        A rule with ``attrs.token_start`` has no left context to anchor its name, so its
        matches are tried at every position and kept only where a word starts or after
        one of ``attrs.left_chars`` (组织石桥镇居民 gives 石桥镇, not 织石桥镇; 由高桥乡群众
        gives 高桥乡 although the segmenter reads 由高桥).
        """
        taken = bytearray(len(text) + 1)
        for h in hits:
            taken[h.start : h.end] = b"\x01" * (h.end - h.start)
        extra = []
        edges = None
        for rule in self.by_label.get(LABEL, ()):
            anchored = bool(rule.attrs.get("token_start"))
            g = "span" if "span" in rule.regex.groupindex else 0
            for m in _finditer(rule, text, overlapped=anchored):
                start, end = m.span(g)
                if start == end or any(taken[start:end]) or any(blocked[start:end]):
                    continue
                if _generic(text[start:end], rule):
                    continue
                if anchored:
                    if edges is None:
                        edges = _token_edges(text, doc) or (set(), set())
                    left = text[start - 1 : start]
                    if (
                        edges[0]
                        and start not in edges[0]
                        and left not in rule.attrs.get("left_chars", "")
                    ):
                        continue
                taken[start:end] = b"\x01" * (end - start)
                extra.append(Hit(start, end, None, rule.id))
        return sorted(hits + extra, key=lambda h: h.start)

    # -- gazetteer decisions ----------------------------------------------------------

    @staticmethod
    def _needs_tokens(entry: Entry) -> bool:
        if entry.kind in ("country", "region"):
            return len(entry.surface) == 2
        return entry.level == 3 or (entry.kind in ("short", "derived") and entry.level == 2)

    def _accept(
        self,
        text: str,
        start: int,
        end: int,
        entry: Entry,
        hits: list[Hit],
        mentioned: set[str],
        edges: tuple[set[int], set[int]] | None,
    ) -> Hit | None:
        """Decide whether the lexicon hit ``text[start:end]`` is a place here."""
        surface = entry.surface
        after = text[end : end + 1]
        prev = hits[-1] if hits and hits[-1].end == start else None
        codes = _province_codes(entry)
        rule_id = f"gazetteer_{entry.kind}"
        if self._right_blocked(text, end, entry):
            return None
        if entry.kind in ("country", "region"):
            # Two-character regions and countries must not start inside a word (有关中东 is
            # not 关中, 拉美国家 not 美国); 中国人 may end inside one.
            if len(surface) == 2 and edges is not None and start not in edges[0]:
                return None
            # 长三角地区, 西北地区: the region and 地区 are one name.
            if entry.kind == "region" and text.startswith("地区", end):
                end += 2
            return Hit(start, end, entry, rule_id, codes)
        # 北京市场 is 北京 + 市场: give up the suffix and let the short form match.
        if _suffix_starts_word(text, end, entry):
            return None
        if entry.level == 1:
            return Hit(start, end, entry, rule_id, codes)
        under = self._under(prev, entry) if prev is not None else ()
        if under:
            # Right after its own province or prefecture a name is a place, even an
            # ordinary word: 湖南会同; and 北京朝阳 is Beijing's 朝阳区.
            child = under[0]
            return Hit(start, end, entry, rule_id, (child.code[:2] + "0000",), child)
        if entry.level == 3 and entry.kind != "full" and self._evidence_right(text, end, entry):
            # 河口口岸, 义乌经济开发区: the word after shows the county is meant.
            if edges is None or start in edges[0]:
                return Hit(start, end, entry, rule_id, codes)
        if entry.ambiguous:
            return None
        if entry.kind == "derived":
            # 海安市, 湟中区: a county's short form with a newer suffix. The whole name must
            # be a word (提高县级 style cuts are refused); as strong as a full name.
            if edges is not None and not self._aligned(start, end, edges):
                return None
            return Hit(start, end, entry, rule_id, codes)
        if entry.level == 2 and entry.kind == "short":
            # Prefecture short forms are common in briefs; only check that the match does
            # not start inside a word (盛大庆祝 is 盛大/庆祝, 平安顺利 is 平安/顺利).
            if edges is not None and start not in edges[0]:
                return None
            return Hit(start, end, entry, rule_id, codes)
        risky = entry.level == 3 and (entry.kind == "short" or len(surface) <= 2)
        if not risky:
            # Full county names: only check that no word is cut (滨海城市 is not 海城市).
            if entry.level == 3 and edges is not None and not self._aligned(start, end, edges):
                return None
            return Hit(start, end, entry, rule_id, codes)
        if len(surface) <= 2 and entry.kind == "full":
            # 寿县, 和县: the name must stand alone (县级市和县 is not 和县).
            before = text[start - 1 : start]
            if after and after in _COUNTY_WORD_RIGHT:
                return None
            if before and "\u4e00" <= before <= "\u9fff" and before not in _COUNTY_LEFT_OK:
                return None
        if edges is not None and not self._aligned(start, end, edges):
            return None
        if not self._context_ok(entry, mentioned):
            return None
        return Hit(start, end, entry, rule_id, codes)

    @staticmethod
    def _aligned(start: int, end: int, edges: tuple[set[int], set[int]]) -> bool:
        starts, ends = edges
        return start in starts and end in ends

    @staticmethod
    def _under(prev: Hit, entry: Entry) -> tuple[gaz.Division, ...]:
        """Readings of ``entry`` that lie in the place just before it (湖南会同, 福州鼓楼)."""
        if prev.entry is None or not prev.entry.divisions or entry.level == 1:
            return ()
        above = {prev.division.code} if prev.division else {d.code for d in prev.entry.divisions}
        return tuple(
            d for d in entry.divisions
            if d.parent in above or (d.code[:2] + "0000" in above and d.level > 1)
        )

    def _context_ok(self, entry: Entry, mentioned: set[str]) -> bool:
        """A county reading needs its province or prefecture named in the text."""
        for div in entry.divisions:
            if div.level != 3:
                return True
            if div.name in mentioned or div.parent in mentioned:
                return True
            if div.code[:2] + "0000" in mentioned:
                return True
        return False

    def _mentioned(self, text: str, starts: list[int]) -> set[str]:
        """Provinces, prefectures and counties the text names, for :meth:`_context_ok`.

        Codes of provinces and prefectures named anywhere (agency names included), and
        full names of counties written out. ``text`` has already been through
        ``_VARIANTS`` and ``starts`` is :meth:`_starts` of it (see :meth:`_hits`).
        """
        out: set[str] = set()
        k = 0
        while k < len(starts):
            i = starts[k]
            step = 1
            for length in self.lengths.get(text[i], ()):
                entry = self.entries.get(text[i : i + length])
                if entry is None or not entry.divisions:
                    continue
                if entry.ambiguous:
                    continue
                if entry.kind == "full":
                    out.add(entry.surface)
                elif entry.kind == "derived" and not _suffix_starts_word(
                    text, i + length, entry
                ):
                    out.update(d.name for d in entry.divisions)  # 海安市, not 海安市场
                for div in entry.divisions:
                    if div.level <= 2 and (entry.kind == "full" or entry.level <= 2):
                        out.add(div.code)
                step = length
                break
            k = bisect_left(starts, i + step, k + 1)
        return out

    def _starts(self, text: str) -> list[int]:
        """The positions where a lexicon place or an abbreviation run can start, in order.

        Both scans visit these positions only: elsewhere the two characters from the
        position start no lexicon surface and no run, so nothing can match there. A regex
        finds the characters that start a known pair and are followed by a character
        that ends one; the pair itself is then checked in a set.
        """
        pairs = self._pairs
        return [
            i for i in (m.start() for m in self._pair_start.finditer(text))
            if text[i : i + 2] in pairs
        ]

    # -- runs, extensions, guards -----------------------------------------------------

    def _run_at(self, text: str, i: int, blocked: bytearray) -> Hit | None:
        """A run of province abbreviations starting at ``i`` (苏浙皖赣沪, 川渝地区)."""
        if text[i] not in self.abbr:
            return None
        for rule in self.by_label.get("RUN", ()):
            m = rule.regex.match(text, i)
            if m is None:
                continue
            end = m.end()
            core = m.group("run") if "run" in rule.regex.groupindex else m.group(0)
            # 川渝新一轮: an everyday character closing the run that starts the next word.
            while (
                end == i + len(core)
                and len(core) > 2
                and core[-1] in WEAK_ABBREVIATIONS
                and "\u4e00" <= text[end : end + 1] <= "\u9fff"
                and text[end] not in _RUN_FOLLOW
            ):
                core, end = core[:-1], end - 1
            if any(blocked[i:end]) or not self._valid_run(core):
                continue
            provinces = tuple(dict.fromkeys(self.abbr[ch].code for ch in core))
            return Hit(i, end, None, rule.id, provinces)
        return None

    def _valid_run(self, core: str) -> bool:
        if len(core) < 2 or len(set(core)) != len(core):
            return False
        if not all(ch in self.abbr for ch in core):
            return False
        if len({self.abbr[ch].code for ch in core}) != len(core):
            return False  # 川蜀: one province twice
        if core in self.entries:
            return False  # 辽宁, 贵港, 新津: the gazetteer decides
        if len(core) == 2:
            if core in RUN_WORDS or all(ch in WEAK_ABBREVIATIONS for ch in core):
                return False
        return True

    def _extend(self, text: str, hit: Hit, blocked: bytearray) -> Hit | None:
        """A town, village or newer district right after a division (松溪县郑墩镇)."""
        if hit.entry is None or not hit.entry.divisions:
            return None
        for rule in self.by_label.get("AFTER_DIVISION", ()):
            levels = rule.attrs.get("after_levels")
            if levels and hit.entry.level not in levels:
                continue
            m = rule.regex.match(text, hit.end)
            if m is None or any(blocked[hit.end : m.end()]):
                continue
            surface = m.group(0)
            if surface in self.entries:
                continue  # a known division: the scan will take it
            if _generic(surface, rule):
                continue
            return Hit(hit.end, m.end(), None, rule.id, hit.provinces)
        return None

    def _zone(self, text: str, hit: Hit, blocked: bytearray) -> Hit | None:
        """The place and a zone word after it as one span (北京经济技术开发区)."""
        if hit.entry is None:
            return None
        for rule in self.by_label.get("ZONE", ()):
            after = rule.attrs.get("after")
            if after:
                if hit.entry.surface not in after:
                    continue
            elif not hit.entry.divisions:
                continue
            m = rule.regex.match(text, hit.end)
            if m is None or any(blocked[hit.end : m.end()]):
                continue
            provinces = hit.provinces
            if "place" in rule.regex.groupindex:
                # 中国(浙江)自由贸易试验区: the bracket must name a province or city.
                inner = self.entries.get(m.group("place"))
                if inner is None or not inner.divisions or inner.level > 2:
                    continue
                provinces = _province_codes(inner)
            return Hit(hit.start, m.end(), hit.entry, rule.id, provinces, hit.division)
        return None

    def _evidence_right(self, text: str, end: int, entry: Entry) -> bool:
        """Whether the words after a county name show it is the place (口岸, 经济开发区)."""
        if any(text.startswith(w, end) for w in _PLACE_EVIDENCE_RIGHT):
            return True
        if entry.ambiguous:
            return False  # 合作区, 资源开发区: the word reading stays
        return any(
            rule.regex.match(text, end) for rule in self.by_label.get("ZONE", ())
            if not rule.attrs.get("after")
        )

    def _right_blocked(self, text: str, end: int, entry: Entry) -> bool:
        """Whether the words after a hit make it part of a street or organisation name."""
        for rule in self.by_label.get("RIGHT_BLOCK", ()):
            kinds = rule.attrs.get("kinds")
            if kinds and entry.kind not in kinds:
                continue
            if rule.regex.match(text, end):
                return True
        return False

    def _blocked(self, text: str) -> bytearray:
        """Positions inside a ``NOT_GPE`` guard."""
        blocked = bytearray(len(text) + 1)
        for rule in self.by_label.get("NOT_GPE", ()):
            g = "span" if "span" in rule.regex.groupindex else 0
            for m in rule.regex.finditer(text):
                a, b = m.span(g)
                blocked[a:b] = b"\x01" * (b - a)
        return blocked

    # -- output -----------------------------------------------------------------------

    @staticmethod
    def _score(hit: Hit) -> float:
        if hit.entry is None:
            return 0.8
        return 1.0 if hit.entry.kind in ("full", "country", "region") else 0.9

    @staticmethod
    def _attrs(hit: Hit) -> dict[str, Any]:
        attrs: dict[str, Any] = {}
        if hit.provinces:
            attrs["provinces"] = list(hit.provinces)
        if hit.entry is not None and hit.entry.divisions:
            div = hit.division or hit.entry.divisions[0]
            attrs["code"] = div.code
            attrs["level"] = div.level
        return attrs


def _suffix_starts_word(text: str, end: int, entry: Entry) -> bool:
    """Whether a full or derived name's suffix starts a word with the next character
    (北京市场 = 北京 + 市场, 海安市民 = 海安 + 市民).
    """
    after = text[end : end + 1]
    return (
        entry.kind in ("full", "derived")
        and bool(after)
        and after in _SUFFIX_WORDS.get(entry.surface[-1], "")
    )


def _overrides_guards(entry: Entry) -> bool:
    """Full names of autonomous areas are places even where a guard covers a people's name
    in them (延边朝鲜族自治州, 鄂温克族自治旗).
    """
    return entry.kind == "full" and "自治" in entry.surface


def _char_class(chars: Any) -> str:
    """A regex character class of ``chars``."""
    return "[" + "".join(re.escape(ch) for ch in sorted(set(chars))) + "]"


def _finditer(rule: Rule, text: str, overlapped: bool = False) -> Iterator[Any]:
    """``rule.regex.finditer(text, overlapped=...)``, tried only where the rule can match.

    A rule with ``attrs.anchor = {"chars": ..., "at": [lo, hi]}`` matches only where one
    of ``chars`` stands ``lo`` to ``hi`` characters after the match start (the suffix of a
    town after its name). Trying the regex at those starts alone, in order, gives the
    matches ``finditer`` gives: it would find no match anywhere else, and a non-overlapped
    scan resumes after each match as ``finditer`` does. ``match`` at a position still sees
    the text before it, so lookbehinds behave as in ``finditer``.
    """
    anchor = rule.attrs.get("anchor")
    if anchor is None:
        yield from rule.regex.finditer(text, overlapped=overlapped)
        return
    lo, hi = anchor["at"]
    candidates = set()
    for ch in anchor["chars"]:
        at = text.find(ch, lo)
        while at >= 0:
            candidates.update(range(max(at - hi, 0), at - lo + 1))
            at = text.find(ch, at + 1)
    resume = 0
    for start in sorted(candidates):
        if start < resume:
            continue
        m = rule.regex.match(text, start)
        if m is not None:
            yield m
            resume = start + 1 if overlapped else max(m.end(), start + 1)


def _generic(surface: str, rule: Rule) -> bool:
    """Whether a rule-made place is a generic word (``attrs.reject``: 美丽乡村, 特色小镇;
    ``attrs.reject_after``: 城镇 after a size word, 小城镇, while 凤城镇 is a town).
    """
    if any(word in surface for word in rule.attrs.get("reject", ())):
        return True
    for word, before in rule.attrs.get("reject_after", {}).items():
        at = surface.find(word)
        while at >= 0:
            if at == 0 or surface[at - 1] in before:
                return True
            at = surface.find(word, at + 1)
    return False


@Language.factory("govbrief_places", assigns=["doc._.gb_candidates"])
def make_places(nlp: Language, name: str) -> PlaceExtractor:
    """Factory of ``govbrief_places``."""
    return PlaceExtractor(nlp, name)

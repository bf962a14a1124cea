"""``govbrief_sections``: cut a brief into per-province sections (ANNOTATION.md §3).

A round-up (several provinces' reports one after the other) ends each report with a
byline line such as ``(张三 李四)``; every byline closes a section. An article without
bylines is one section, except that an opening paragraph naming several provinces
before an article about one of them (``湖北武汉、湖南长沙、江西南昌等地…`` followed by a
report on 武汉) is a section of its own with no province.

The province of a section is voted from the places it names, after ``govbrief_merge``:
GPE spans (a city or county counts for its province; regions and countries do not vote)
and AGENCY spans that start with a place (安徽省市场监管局, 泸州市江阳区市场监管局).
Each mention counts once and the first one gets a small bonus, so a section about Anhui
that mentions 长三角 and 上海 once stays Anhui. When the spans give nothing (other
extractors missed the names), the places found by the gazetteer anywhere in the section,
inside names included, vote instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable

import regex
from spacy.language import Language
from spacy.tokens import Doc

from ..resolve import places
from ._base import doc_text
from .merge import merged_spans

# A byline line: only names in parentheses, e.g. "(张三 李四)", "(王大伟 刘洋)",
# "(记者 陈明)"; minority names may carry a middle dot. Parentheses are ASCII after width
# folding; full-width ones are accepted too for un-normalised input.
# Parenthesised words on their own line that are not names.
_NOT_NAME = r"(?!试行|暂行|待续|未完|草案|全文|附件|图片|供图|节选|摘编|删节|原标题|征求意见)"
_NAME = rf"{_NOT_NAME}\p{{Han}}{{2,4}}(?:[·•]\p{{Han}}{{1,6}})?"
_ROLE = r"(?:本报记者|特约记者|实习记者|记者|通讯员)"
_NAMES = (
    rf"[(（][ \u3000]*(?:{_ROLE}[ \u3000]*)?{_NAME}"
    rf"(?:[ \u3000、,,]+(?:{_ROLE}[ \u3000]*)?{_NAME}){{0,5}}[ \u3000]*[)）][ \t\u3000]*(?:\n|$)"
)
# On a line of its own, or closing a paragraph right after its last sentence
# ("…效能。(徐东周)"), as happens when line breaks were lost.
BYLINE_RE = regex.compile(rf"(?m)^[ \t\u3000]*{_NAMES}|(?<=[。!?”」])[ \u3000]*{_NAMES}")

# A province mention: (offset, province code, label of the span or "gazetteer").
Mention = tuple[int, str, str]

FIRST_BONUS = 0.5  # the first place named in a section breaks ties in its favour
INTRO_MIN_PROVINCES = 3  # an opening paragraph naming this many provinces is an overview
# ... when it also speaks of places in general (湖北武汉、湖南长沙、江西南昌等地).
INTRO_CUE = regex.compile(r"等地|多地|各地|等省|多个省|全国")


@dataclass(frozen=True)
class Section:
    """A part of the text reporting on one province-level division.

    Attributes:
        start: inclusive offset into the normalised text.
        end: exclusive offset.
        province: canonical simplified full name (``安徽省``) or ``None``.
        code: GB/T 2260 code of the province (``340000``) or ``None``.
        rule_id: which cue decided the province (provenance).
    """

    start: int
    end: int
    province: str | None
    code: str | None = None
    rule_id: str = ""


def find_bylines(text: str) -> list[tuple[int, int]]:
    """Byline lines (names only, in parentheses), as ``(start, end)`` offsets.

    ``end`` includes the line break, so a section cut after a byline ends at the start of
    the next line.

    Example:
        >>> find_bylines("正文。\\n(张三 李四)\\n下一篇")
        [(4, 12)]
    """
    return [(m.start(), m.end()) for m in BYLINE_RE.finditer(text)]


def byline_names(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The names inside a byline found by :func:`find_bylines`, as offsets.

    Role words such as 记者 are skipped; reporters are PERSON spans (ANNOTATION.md §2).
    """
    inner = regex.compile(rf"(?:{_ROLE})|{_NAME}")
    out = []
    for m in inner.finditer(text, start, end):
        if regex.fullmatch(_ROLE, m.group(0)):
            continue
        out.append((m.start(), m.end()))
    return out


@lru_cache(maxsize=4096)
def leading_province(name: str) -> str | None:
    """Province code of the place an agency or organisation name starts with.

    ``安徽省市场监管局`` -> ``340000``; ``泸州市江阳区市场监管局`` -> ``510000``;
    ``省市场监管局`` -> ``None``.
    """
    forms = places.surface_forms()
    for length in range(min(len(name), 12), 1, -1):
        divs = forms.get(name[:length])
        if divs:
            return places.province_of(divs[0]).code
    return None


def _span_provinces(span: Any) -> list[str]:
    """Province codes a GPE span votes for (one division -> one province; else none)."""
    attrs = span._.attrs or {}
    provinces = attrs.get("provinces")
    if provinces is None:
        provinces = [d.code for d in places.provinces_in(span.text)]
    # A region or a run (长三角, 苏浙皖赣沪) names several provinces: no vote.
    return list(provinces) if len(provinces) == 1 else []


def _mentions(spans: Iterable[Any]) -> list[Mention]:
    """Province mentions of the spans (in span order): ``(offset, code, label)``."""
    out = []
    for span in spans:
        if span.label_ == "GPE":
            for code in _span_provinces(span):
                out.append((span.start_char, code, "GPE"))
        elif span.label_ == "AGENCY":
            # ORG names are left out: 北京大学 in a Hebei report says nothing about Hebei.
            code = leading_province(span.text)
            if code is not None:
                out.append((span.start_char, code, span.label_))
    return out


def _between(mentions: list[Mention], start: int, end: int) -> list[Mention]:
    """The mentions at offsets in ``[start, end)``, in their order."""
    return [m for m in mentions if start <= m[0] < end]


def evidence(doc: Doc, start: int, end: int) -> list[tuple[int, str, str]]:
    """Province mentions between ``start`` and ``end``: ``(offset, code, label)``."""
    return _between(_mentions(merged_spans(doc)), start, end)


def _gazetteer_evidence(text: str, start: int, end: int) -> list[tuple[int, str, str]]:
    """Fallback: every place the gazetteer finds in the stretch, inside names too."""
    out = []
    for hit in _place_extractor().hits(text[start:end]):
        if len(hit.provinces) == 1:
            out.append((start + hit.start, hit.provinces[0], "gazetteer"))
    return out


@lru_cache(maxsize=1)
def _place_extractor() -> Any:
    from .places import PlaceExtractor

    return PlaceExtractor()


def vote(mentions: Iterable[tuple[int, str, str]]) -> tuple[str | None, float]:
    """The province most mentioned, the first mention breaking ties.

    Returns:
        ``(code, margin)``: the winner (or ``None``) and its lead over the runner-up.
    """
    scores: dict[str, float] = {}
    first: dict[str, int] = {}
    for k, (offset, code, _label) in enumerate(sorted(mentions)):
        scores[code] = scores.get(code, 0.0) + 1.0 + (FIRST_BONUS if k == 0 else 0.0)
        first.setdefault(code, offset)
    if not scores:
        return None, 0.0
    ranked = sorted(scores, key=lambda c: (-scores[c], first[c]))
    runner = scores[ranked[1]] if len(ranked) > 1 else 0.0
    return ranked[0], scores[ranked[0]] - runner


def _make(start: int, end: int, code: str | None, rule_id: str) -> Section:
    div = places.by_code(code) if code else None
    return Section(start, end, div.name if div else None, div.code if div else None, rule_id)


def _decide(text: str, mentions: list[Mention], start: int, end: int, how: str) -> Section:
    """The section ``[start, end)``, its province voted from the document's ``mentions``."""
    inside = _between(mentions, start, end)
    rule_id = f"{how}:spans"
    if not inside:
        inside = _gazetteer_evidence(text, start, end)
        rule_id = f"{how}:gazetteer"
    code, _ = vote(inside)
    return _make(start, end, code, rule_id if code else f"{how}:none")


def _paragraph_end(text: str, start: int, end: int) -> int | None:
    """End (after the line break) of the first non-empty paragraph in the stretch."""
    i = start
    while i < end and text[i] in "\n \t\u3000":
        i += 1
    nl = text.find("\n", i, end)
    return None if nl < 0 else nl + 1


def _split_intro(
    text: str, mentions: list[Mention], start: int, end: int
) -> list[Section] | None:
    """An overview paragraph naming several provinces before a one-province report."""
    cut = _paragraph_end(text, start, end)
    if cut is None or cut >= end:
        return None
    head = _between(mentions, start, cut)
    if len({code for _, code, _ in head}) < INTRO_MIN_PROVINCES:
        return None
    if not INTRO_CUE.search(text, start, cut):
        return None
    body = _between(mentions, cut, end)
    code, margin = vote(body)
    if code is None or margin < 1:
        return None
    return [_make(start, cut, None, "intro:several_provinces"), _make(cut, end, code, "body:spans")]


def split_sections(doc: Doc) -> list[Section]:
    """Sections covering ``doc.text`` contiguously, in order (see module docstring)."""
    text = doc_text(doc)
    n = len(text)
    if n == 0:
        return [Section(0, 0, None, None, "empty")]
    # The mentions of the whole document, computed once; each section takes its share.
    mentions = _mentions(merged_spans(doc, text))
    cuts = [end for _, end in find_bylines(text)]
    # Text after the last byline that is only blank space belongs to the last section.
    if cuts and not text[cuts[-1] :].strip():
        cuts[-1] = n
    if not cuts or cuts[-1] != n:
        cuts.append(n)
    if len(cuts) == 1:
        return _split_intro(text, mentions, 0, n) or [_decide(text, mentions, 0, n, "single")]
    sections = []
    start = 0
    for end in cuts:
        if end > start:
            sections.append(_decide(text, mentions, start, end, "byline"))
            start = end
    return sections


class Sectioner:
    """Split the text into sections and set ``doc._.gb_sections``."""

    def __init__(self, nlp: Any = None, name: str = "govbrief_sections"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        """Set ``doc._.gb_sections``."""
        doc._.gb_sections = split_sections(doc)
        return doc


@Language.factory("govbrief_sections", assigns=["doc._.gb_sections"], requires=["doc.spans"])
def make_sections(nlp: Language, name: str) -> Sectioner:
    """Factory of ``govbrief_sections``."""
    return Sectioner(nlp, name)

"""Officials: named people with their full title phrases (ANNOTATION.md §4).

A person is an official when at least one TITLE belongs to them: the chain of titles that
ends right before the name (``江西省市场监管局党组书记、局长邬志明``), or a leader's title
right after it (``李明德总书记``). Each title phrase is the organisation written before the
title plus the title word, as written:

- an AGENCY, ORG or GPE span directly before a title is its organisation
  (``甘肃省`` + ``副省长``); a bare level word that no span covers counts too
  (``自治区副主席``);
- in a chain joined by 、 or 兼, a title without its own organisation shares the previous
  one when it is a post of that kind of body (``…局党组书记、局长`` -> ``…局局长``, but
  ``中共湖南省委副书记、省长`` -> ``省长``: a governor is not a post of the Party committee).
  ``titles.tsv`` says which organisation endings each title attaches to;
- a comma starts a new organisation (``…办公室主任,省市场监管局党组书记、局长``);
- in a list of officials (``…消防支队政委石磊,支队长尚武``) a title with no
  organisation of its own takes the previous official's organisation when it names that kind
  of unit (支队长 -> 支队).

A title repeated at a later mention is listed once; a less specific form of a title already
listed (``省市场监督管理局局长`` after ``湖南省市场监督管理局局长``) is dropped. Reporters
(``role="reporter"``) and people without a title are not officials.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import regex

from ..resources import load_tsv

ORG_LABELS = frozenset({"AGENCY", "ORG", "GPE"})

# Separators inside one organisation's chain of titles, and the one that starts a new chain.
SAME_ORG = ("、", "兼", "")
NEW_ORG = (",",)

# A level word no span covers, standing right before a title (。自治区副主席).
_BARE_LEVEL = regex.compile(r"(?:(?<![\p{Han}])|(?<=[的由和与及、]))(自治区|省|市|州|县|区|盟|旗)$")

_DEPUTY = ("常务副", "执行副", "副")

# Modifiers before a title word (专职副主席, 驻会副主席, 助理署长): the attach rule is the
# base word's.
_MODIFIERS = regex.compile(r"^(?:专职|常务|执行|驻会|助理)*副?")

_LEADING_LEVEL = regex.compile(r"^(?:自治区|省|市|州|县|区)")


@lru_cache(maxsize=1)
def attach_rules() -> dict[str, tuple[str, ...]]:
    """Title word -> organisation endings it attaches to (``("*",)`` for any, ``()`` none).

    Read from ``titles.tsv`` (column ``attach``); deputy forms share the rule of the base word.
    """
    rules: dict[str, tuple[str, ...]] = {}
    for row in load_tsv("titles.tsv"):
        cols = (list(row) + ["", "", "", ""])[:4]
        word, attach, kind = cols[0].strip(), cols[1].strip(), cols[3].strip()
        if kind == "trigger" or not word:
            continue
        rules[word] = () if attach in ("", "-") else tuple(a for a in attach.split("|") if a)
    return rules


def _rule_for(title: str) -> tuple[str, ...] | None:
    rules = attach_rules()
    if title in rules:
        return rules[title]
    for prefix in _DEPUTY:
        if title.startswith(prefix) and title[len(prefix) :] in rules:
            return rules[title[len(prefix) :]]
    base = title[_MODIFIERS.match(title).end() :]
    if base != title and base in rules:
        return rules[base]
    return None


def attaches(title: str, org: str, *, any_org: bool = True) -> bool:
    """Whether ``title`` is a post of the organisation ``org`` (see ``titles.tsv``).

    Args:
        title: the title word (``局长``).
        org: the organisation as written (``江西省市场监管局``).
        any_org: accept titles that attach to any organisation (``*``: 党组书记, ranks).

    Returns:
        True when the title shares the organisation.
    """
    rule = _rule_for(title)
    if rule is None:
        # An unknown "X长" heads an X (支队长 -> 支队).
        stem = title[_MODIFIERS.match(title).end() :]
        return stem.endswith("长") and len(stem) > 1 and org.endswith(stem[:-1])
    if "*" in rule and any_org:
        return True
    return any(org.endswith(end) for end in rule if end != "*")


def _attrs(span: Any) -> dict[str, Any]:
    ext = getattr(span, "_", None)
    attrs = getattr(ext, "attrs", None) if ext is not None else None
    if attrs is None:
        attrs = getattr(span, "attrs", None)
    return dict(attrs or {})


@dataclass
class _Title:
    org: str
    word: str

    @property
    def text(self) -> str:
        return self.org + self.word


@dataclass
class _Official:
    name: str
    titles: list[_Title] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    reporter: bool = False


def _org_before(text: str, spans: list[Any], j: int) -> tuple[str, int, int]:
    """The organisation written right before the title ``spans[j]``.

    Returns:
        ``(org, start, k)``: the organisation text ('' when none), where it starts, and the
        index of the leftmost span it uses (``j`` when it uses none).
    """
    start = spans[j].start_char
    k = j
    while k - 1 >= 0 and spans[k - 1].label_ in ORG_LABELS and spans[k - 1].end_char == start:
        k -= 1
        start = spans[k].start_char
    if k < j:
        return text[start : spans[j].start_char], start, k
    m = _BARE_LEVEL.search(text[max(0, start - 4) : start])
    if m:
        return m.group(1), start - len(m.group(1)), j
    return "", start, j


def _chain_before(
    text: str, spans: list[Any], i: int
) -> tuple[list[list[tuple[str, str]]], int]:
    """The titles chained before the person ``spans[i]``, as groups of ``(org, title)``.

    Groups are separated by commas and listed left to right; within a group the units are in
    text order. Also returns the index of the chain's leftmost span.
    """
    groups: list[list[tuple[str, str]]] = [[]]
    pos = spans[i].start_char
    j = i - 1
    first = True
    while j >= 0:
        sp = spans[j]
        if sp.label_ != "TITLE":
            break
        gap = text[sp.end_char : pos].strip(" \u3000")
        if first:
            if gap:
                break
        elif gap in NEW_ORG:
            groups.insert(0, [])
        elif gap not in SAME_ORG:
            break
        org, start, k = _org_before(text, spans, j)
        groups[0].insert(0, (org, sp.text))
        pos, j, first = start, k - 1, False
    return [g for g in groups if g], j + 1


def _previous_official_org(text: str, spans: list[Any], left: int, orgs: dict[int, str]) -> str:
    """The organisation of the official listed right before the chain starting at ``left``.

    ``…消防支队政委石磊,支队长尚武``: the chain of 尚武 starts after a comma that
    follows the person 石磊.
    """
    k = left - 1
    if k < 0 or spans[k].label_ != "PERSON":
        return ""
    gap = text[spans[k].end_char : spans[left].start_char].strip()
    if gap not in (",", "、"):
        return ""
    return orgs.get(k, "")


def _compose(groups: list[list[tuple[str, str]]], inherited: str) -> tuple[list[_Title], str]:
    """Full title phrases for chained titles; also the last organisation used."""
    out: list[_Title] = []
    last = ""
    for n, group in enumerate(groups):
        current = ""
        for m, (org, word) in enumerate(group):
            if org:
                current = org
                out.append(_Title(org, word))
            elif current and attaches(word, current):
                out.append(_Title(current, word))
            elif n == 0 and m == 0 and inherited and attaches(word, inherited, any_org=False):
                current = inherited
                out.append(_Title(inherited, word))
            else:
                out.append(_Title("", word))
        last = current or last
    return out, last


def _canonical(org: str) -> str:
    try:
        from .agencies import canonical_agency

        return canonical_agency(org) or org
    except Exception:  # noqa: BLE001 - the agency resolver is optional here
        return org


def _same_post(general: _Title, specific: _Title) -> bool:
    """Whether ``general`` names the same post as ``specific``, less or equally specific."""
    if general.word != specific.word:
        return False
    if not general.org or specific.org.endswith(general.org):
        return True
    if not specific.org:
        return False
    a, b = _canonical(general.org), _canonical(specific.org)
    # 省市场监管局 written in a later mention: the level word stands for the place named in
    # the fuller form (湖南省市场监督管理局).
    bare = _LEADING_LEVEL.sub("", a)
    return a == b or b.endswith(a) or (bare != a and b.endswith(bare))


def _add_title(titles: list[_Title], new: _Title) -> None:
    for n, old in enumerate(titles):
        if _same_post(new, old):
            return
        if _same_post(old, new):
            titles[n] = new
            return
    titles.append(new)


def build_officials(text: str, spans: list[Any]) -> list[dict[str, Any]]:
    """List each named official once with the full title phrases the text gives.

    Args:
        text: the normalised (simplified) document text.
        spans: the merged spans in text order (objects with ``label_``, ``start_char``,
            ``end_char``, ``text``; PERSON spans may carry ``_.attrs["role"]``).

    Returns:
        ``[{"name", "titles", "mentions"}]`` in order of first mention, with ``mentions`` as
        normalised ``(start, end)`` offsets of every PERSON mention of the name.

    Example:
        A hand-built chain ``AGENCY 江西省市场监管局 · TITLE 党组书记 · 、 · TITLE 局长 ·
        PERSON 邬志明`` gives ``{"name": "邬志明", "titles": ["江西省市场监管局党组书记",
        "江西省市场监管局局长"], ...}``.
    """
    spans = sorted(spans, key=lambda s: (s.start_char, s.end_char))
    people: dict[str, _Official] = {}
    orgs: dict[int, str] = {}
    for i, sp in enumerate(spans):
        if sp.label_ != "PERSON":
            continue
        name = "".join(sp.text.split())
        official = people.setdefault(name, _Official(name))
        official.mentions.append((sp.start_char, sp.end_char))
        if _attrs(sp).get("role") == "reporter":
            official.reporter = True
            continue
        groups, left = _chain_before(text, spans, i)
        titles: list[_Title] = []
        if groups:
            inherited = _previous_official_org(text, spans, left, orgs)
            titles, orgs[i] = _compose(groups, inherited)
        elif i + 1 < len(spans) and spans[i + 1].label_ == "TITLE" \
                and spans[i + 1].start_char == sp.end_char:
            titles = [_Title("", spans[i + 1].text)]  # 李明德总书记
        for title in titles:
            _add_title(official.titles, title)
    return [
        {"name": o.name, "titles": [t.text for t in o.titles], "mentions": list(o.mentions)}
        for o in people.values()
        if o.titles and not o.reporter
    ]

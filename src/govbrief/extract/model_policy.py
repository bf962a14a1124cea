"""Which statistical-model spans may fill gaps the rules left (the combination policy).

The merge ranks rule candidates before model candidates, so the model never overrides a
rule. What remains is to keep the model from filling a gap with something the rules
deliberately left out (generic mentions, clause fragments, slogans). A model candidate is
kept only when its surface has the shape of its label:

- it starts and ends on a word boundary of the segmenter (a span ending inside 部门 or
  starting inside 张贴 is a fragment, not a name);
- no punctuation, digits, Latin letters or spaces (a name is Han characters, with the
  middle dot of minority names), and no generic opening (各, 全, 本, 该, 我, or a
  collective of levels such as 市州, 县区);
- PERSON: two to four characters opening with a known surname, or a dotted name, and
  not itself an ordinary dictionary word (张贴 is a verb);
- GPE: a name the gazetteer does NOT know (the rules already decided on every known
  division, region and short form, including deliberately skipping ambiguous ones), of
  three or more characters, ending in a county-or-below suffix (县, 区, 旗, 镇, 乡, 村,
  街道 …): the towns and villages no list holds;
- AGENCY: four or more characters ending in a government head word (局, 厅, 委员会 …);
- ORG: four or more characters ending in an organisation suffix from ``org_suffixes.tsv``
  or a company/institution head (公司, 集团, 大学, 医院 …).
"""

from __future__ import annotations

from functools import lru_cache

import regex

from ..resources import load_tsv
from ._base import Candidate

_NOT_NAME = regex.compile(r"[^\p{Han}·]")
# Determiners and collective level compounds (市州 "the cities and prefectures", 县区 …)
# open generic mentions, which ANNOTATION.md leaves unannotated.
_GENERIC_FIRST = tuple("各全本该我") + ("国家级", "省级", "市级", "县级", "市州", "市县", "县区", "区县", "省市", "市区", "省直",
                                      "市直", "县直", "地市", "州市")
_GPE_SUFFIXES = tuple("县区旗镇乡村") + ("街道", "社区", "开发区")
_AGENCY_HEADS = ("局", "厅", "委", "委员会", "办", "办公室", "部", "处", "科", "室", "所",
                 "站", "中心", "政府", "法院", "检察院", "人大常委会", "政协", "支队", "大队",
                 "领导小组", "署", "总队")
# Multi-character heads only (plus 网 for web media such as 红网): a single 院, 馆 or 社
# also ends ordinary words (大院, 宾馆, 社区).
_ORG_HEADS = ("公司", "集团", "大学", "学院", "学校", "中学", "小学", "幼儿园", "医院",
              "研究院", "研究所", "设计院", "科学院", "协会", "学会", "商会", "联合会", "基金会",
              "电视台", "广播电台", "报社", "通讯社", "出版社", "日报", "晚报", "银行",
              "合作社", "博物馆", "科技馆", "图书馆", "文化馆", "纪念馆", "美术馆", "展览馆",
              "中心", "工厂", "网")


@lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    return frozenset(row[0] for row in load_tsv("surnames.tsv") if row and row[0])


@lru_cache(maxsize=1)
def _org_suffixes() -> tuple[str, ...]:
    words = {row[1] for row in load_tsv("org_suffixes.tsv") if len(row) > 1 and len(row[1]) > 1}
    return tuple(sorted(words | set(_ORG_HEADS), key=len, reverse=True))


def _dictionary_word(s: str) -> bool:
    """True when the segmenter's dictionary lists ``s`` as a word that is not a name."""
    from ..segment import _jieba_tokenizer

    tk = _jieba_tokenizer()
    return tk.FREQ.get(s, 0) > 0 and s not in _surnames()


def _person(s: str) -> bool:
    if "·" in s:
        return 3 <= len(s) <= 15 and not s.startswith("·") and not s.endswith("·")
    if not 2 <= len(s) <= 4:
        return False
    names = _surnames()
    return (s[0] in names or s[:2] in names) and not _dictionary_word(s)


def _gpe(s: str) -> bool:
    from ..resolve import places

    if places.lookup(s) or places.region(s) is not None:
        return False
    return 3 <= len(s) <= 12 and s.endswith(_GPE_SUFFIXES)


def plausible(
    c: Candidate, text: str, boundaries: tuple[set[int], set[int]] | None = None
) -> bool:
    """True when a model candidate has the shape of its label (see module docstring).

    Args:
        c: the model candidate.
        text: the normalised text.
        boundaries: ``(token starts, token ends)`` of the segmenter's tokens; when given,
            the candidate must start at a token start and end at a token end.
    """
    s = text[c.start : c.end]
    if not s or _NOT_NAME.search(s) or s.startswith(_GENERIC_FIRST):
        return False
    if boundaries is not None and (c.start not in boundaries[0] or c.end not in boundaries[1]):
        return False
    if c.label == "PERSON":
        return _person(s)
    if c.label == "GPE":
        return _gpe(s)
    if c.label == "AGENCY":
        return len(s) >= 4 and s.endswith(_AGENCY_HEADS)
    if c.label == "ORG":
        return len(s) >= 4 and s.endswith(_org_suffixes())
    return False  # the model proposes no other labels

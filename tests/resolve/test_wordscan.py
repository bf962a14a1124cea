"""Tests for govbrief.resolve._wordscan: word-list matching equal to regex named lists."""

import pytest
import regex

from govbrief.resolve._wordscan import SpanMatch, WordSet, repeat_ends
from govbrief.resolve.agencies import _prefix_match, agency_grammar

WORDS = ["江苏", "江苏省", "苏州", "苏州市", "工业园区", "园区", "州市"]


@pytest.mark.parametrize(
    "text,pos,endpos",
    [
        ("江苏省苏州市工业园区", 0, 10),
        ("江苏省苏州市工业园区", 0, 2),
        ("江苏省苏州市工业园区", 3, 10),
        ("在苏州市", 0, 4),
        ("在苏州市", 1, 3),
    ],
)
def test_wordscan_longest_equals_named_list(text, pos, endpos):
    pattern = regex.compile(r"\L<w>", w=WORDS)
    m = pattern.match(text, pos, endpos)
    assert WordSet(WORDS).longest(text, pos, endpos) == (m.end() if m else -1)


@pytest.mark.parametrize(
    "text,tail",
    [
        ("江苏省苏州市工业园区管委会", "管委会"),
        ("苏州市园区局", "州市园区局"),
        ("江苏省苏州市局", "市局"),
        ("江苏局", "局"),
    ],
)
def test_wordscan_repeat_ends_follow_backtracking(text, tail):
    # The first end after which the rest matches is the end the regex engine finds.
    pattern = regex.compile(r"(?:\L<w>){1,3}(?=" + regex.escape(tail[:1]) + ")", w=WORDS)
    m = pattern.match(text)
    ends = [
        e
        for e in repeat_ends(WordSet(WORDS), text, 0, len(text), 1, 3)
        if text.startswith(tail[:1], e)
    ]
    assert (ends[0] if ends else -1) == (m.end() if m else -1)


def test_wordscan_span_match_reads_like_a_match():
    m = SpanMatch("中共某省委", {0: (0, 5), "party": (0, 2)})
    assert m.group() == "中共某省委"
    assert m.group("party") == "中共"
    assert m.group("pre") is None
    assert m.start("pre") == -1 and m.end() == 5 and m.span("party") == (0, 2)


@pytest.mark.parametrize(
    "surface,party,pre,end",
    [
        ("中共江苏省委办公厅", "中共", "江苏省", 5),
        ("江苏省苏州市文明办", None, "江苏省苏州市", 6),
        ("省委宣传部", None, "省", 1),
        ("领导小组办公室", None, None, -1),
    ],
)
def test_wordscan_prefix_match(surface, party, pre, end):
    m = _prefix_match(surface)
    if end < 0:
        assert m is None
        return
    assert (m.group("party"), m.group("pre"), m.end()) == (party, pre, end)


@pytest.mark.parametrize(
    "text,pos,expected,groups",
    [
        ("江苏省市场监管局", 0, "江苏省市场监管局", {"pre": "江苏省", "dept": "市场监管局"}),
        (
            "中共江苏省委宣传部",
            0,
            "中共江苏省委宣传部",
            {"party": "中共", "pre": "江苏省", "gov": "委"},
        ),
        ("市委书记和县政府", 4, "和县政府", {"pre": "和县", "gov": "政府"}),
        ("今天天气好", 0, None, {}),
    ],
)
def test_wordscan_grammar_match(text, pos, expected, groups):
    m = agency_grammar().match(text, pos)
    assert (m.group() if m else None) == expected
    for name, value in groups.items():
        assert m.group(name) == value

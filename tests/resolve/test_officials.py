"""Officials with their full title phrases (ANNOTATION.md §4), on hand-built spans."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from govbrief.resolve.officials import attaches, build_officials

_MARK = re.compile(r"\[([^\[\]|]+)\|([A-Z]+)(?:\|(\w+))?\]")


def marked(source: str) -> tuple[str, list[SimpleNamespace]]:
    """Text and spans from ``[surface|LABEL]`` marks (``[name|PERSON|reporter]`` for roles)."""
    text, spans, pos = "", [], 0
    for m in _MARK.finditer(source):
        text += source[pos : m.start()]
        start = len(text)
        text += m.group(1)
        attrs = {"role": m.group(3)} if m.group(3) else {}
        spans.append(SimpleNamespace(label_=m.group(2), start_char=start, end_char=len(text),
                                     text=m.group(1), _=SimpleNamespace(attrs=attrs)))
        pos = m.end()
    text += source[pos:]
    return text, spans


def titles_of(source: str) -> dict[str, list[str]]:
    text, spans = marked(source)
    return {o["name"]: o["titles"] for o in build_officials(text, spans)}


# fmt: off
CASES = [
    # one organisation, two posts joined by 、
    ("[江西省市场监管局|AGENCY][党组书记|TITLE]、[局长|TITLE][邬志明|PERSON]出席。",
     {"邬志明": ["江西省市场监管局党组书记", "江西省市场监管局局长"]}),
    # a governor is not a post of the Party committee before it
    ("[中共山东省委|AGENCY][副书记|TITLE]、[省长|TITLE][钱海峰|PERSON]作出批示。",
     {"钱海峰": ["中共山东省委副书记", "省长"]}),
    ("[县委|AGENCY][常委|TITLE]、[副县长|TITLE][陶然|PERSON]出席。",
     {"陶然": ["县委常委", "副县长"]}),
    # each post with its own organisation
    ("[区委|AGENCY][常委|TITLE]、[宣传部|AGENCY][部长|TITLE][甘露|PERSON]致辞。",
     {"甘露": ["区委常委", "宣传部部长"]}),
    # a comma starts a new organisation; the whole chain belongs to the name
    ("[四川省质量强省工作领导小组办公室|AGENCY][主任|TITLE],[省市场监管局|AGENCY][党组书记|TITLE]、"
     "[局长|TITLE][祝明德|PERSON]讲话。",
     {"祝明德": ["四川省质量强省工作领导小组办公室主任", "省市场监管局党组书记",
                 "省市场监管局局长"]}),
    # 兼: the office of the leading group
    ("[市质量工作领导小组|AGENCY][副组长|TITLE]兼[办公室主任|TITLE][闵浩|PERSON]主持。",
     {"闵浩": ["市质量工作领导小组副组长", "市质量工作领导小组办公室主任"]}),
    # a place before a title is kept; a bare level word too
    ("[贵州省|GPE][副省长|TITLE][殷立新|PERSON]宣布启动。", {"殷立新": ["贵州省副省长"]}),
    ("启动仪式上,自治区[副主席|TITLE][巴特尔|PERSON]讲话。", {"巴特尔": ["自治区副主席"]}),
    ("[副市长|TITLE][季川|PERSON]出席。", {"季川": ["副市长"]}),
    # ranks and academic titles belong to the organisation written before them
    ("[省林业局|AGENCY][一级巡视员|TITLE][党晓峰|PERSON]出席。", {"党晓峰": ["省林业局一级巡视员"]}),
    ("[中国工程院|ORG][院士|TITLE]、[省科协|ORG][主席|TITLE][庄严|PERSON]出席。",
     {"庄严": ["中国工程院院士", "省科协主席"]}),
    # a list of officials: the second takes the first one's unit when the title names it
    ("[市消防救援支队|AGENCY][政委|TITLE][石磊|PERSON],[支队长|TITLE][尚武|PERSON]出席。",
     {"石磊": ["市消防救援支队政委"], "尚武": ["市消防救援支队支队长"]}),
    ("[省委|AGENCY][书记|TITLE][钟鸣|PERSON],[省长|TITLE][余音|PERSON]出席。",
     {"钟鸣": ["省委书记"], "余音": ["省长"]}),
    # a leader's title after the name
    ("深入学习[李明德|PERSON][总书记|TITLE]的重要讲话。", {"李明德": ["总书记"]}),
    # modifiers are part of the title; the chain still shares the organisation
    ("[省残联|ORG][党组书记|TITLE]、[驻会副主席|TITLE][哈立新|PERSON]出席。",
     {"哈立新": ["省残联党组书记", "省残联驻会副主席"]}),
    ("[县纪委|AGENCY][书记|TITLE][纳子明|PERSON]主持。", {"纳子明": ["县纪委书记"]}),
]
# fmt: on


@pytest.mark.parametrize("source,expected", CASES)
def test_officials_title_phrases(source, expected):
    assert titles_of(source) == expected


def test_officials_reporters_and_untitled_people_are_not_officials():
    source = ("([邱宁|PERSON|reporter] [房玲|PERSON|reporter])\n[局长|TITLE][司马南|PERSON]讲话,"
              "市民[曹|PERSON]大妈也来了。")
    assert titles_of(source) == {"司马南": ["局长"]}


def test_officials_once_per_document_with_all_mentions():
    source = ("[湖北省市场监督管理局|AGENCY][党组书记|TITLE]、[局长|TITLE][鲁平|PERSON]出席。"
              "[省市场监督管理局|AGENCY][党组书记|TITLE]、[局长|TITLE][鲁平|PERSON]部署工作。"
              "[鲁平|PERSON]强调,要抓好落实。")
    text, spans = marked(source)
    (official,) = build_officials(text, spans)
    assert official["name"] == "鲁平"
    # the shorter 省市场监督管理局 form names the same posts: listed once, the fuller form kept
    assert official["titles"] == ["湖北省市场监督管理局党组书记", "湖北省市场监督管理局局长"]
    persons = [(s.start_char, s.end_char) for s in spans if s.label_ == "PERSON"]
    assert official["mentions"] == persons


def test_officials_more_specific_title_replaces_earlier_bare_one():
    source = "[副省长|TITLE][万里|PERSON]出席。[安徽省政府|AGENCY][副省长|TITLE][万里|PERSON]讲话。"
    assert titles_of(source) == {"万里": ["安徽省政府副省长"]}


def test_officials_order_of_first_mention():
    source = "[县长|TITLE][乙林|PERSON]、[副县长|TITLE][甲森|PERSON]出席。"
    text, spans = marked(source)
    assert [o["name"] for o in build_officials(text, spans)] == ["乙林", "甲森"]


def test_officials_title_separated_from_name_is_not_attached():
    # a title that does not touch the name is not the person's position
    assert titles_of("会议由[局长|TITLE]主持,[侯亮|PERSON]发言。") == {}


# fmt: off
@pytest.mark.parametrize("title,org,expected", [
    ("局长", "省市场监管局", True),
    ("副局长", "省市场监管局", True),
    ("省长", "中共湖南省委", False),
    ("副市长", "市委", False),
    ("党组书记", "市统计局", True),
    ("一级巡视员", "省发展改革委", True),
    ("办公室主任", "省质量工作领导小组", True),
    ("支队长", "市消防救援支队", True),
    ("公安局长", "州人民政府", False),
    ("主任", "省发展改革委", True),
    ("大队长", "县交警大队", True),
    ("专职副主席", "市总工会", True),
    ("常务副主任", "市人大常委会", True),
    ("执行副主任", "区委改革办", True),
    ("助理署长", "机电工程署", True),
    ("驻会副主席", "市政府", True),
    ("总经理助理", "某某集团有限公司", True),
])
# fmt: on
def test_officials_attaches(title, org, expected):
    assert attaches(title, org) is expected


def test_officials_end_to_end(extractor):
    text = ("9月3日,浙江省质量月活动在杭州启动。浙江省市场监管局党组书记、局长范仲华出席并讲话,"
            "副省长欧阳明宣布活动启动。范仲华强调,要推动质量提升。\n(记者 崔莹)")
    gold = extractor.annotate(text, published="2023-09-04")
    officials = {o["name"]: o["titles"] for o in gold["officials"]}
    assert officials.get("欧阳明") == ["副省长"]
    assert officials.get("范仲华", [""])[-1].endswith("局长")
    assert "崔莹" not in officials


def test_officials_abbreviated_organisation_names_the_same_post():
    # 省市场监管局 (abbreviated, level word only) after 安徽省市场监督管理局: one post
    source = ("[安徽省市场监督管理局|AGENCY][局长|TITLE][滕云|PERSON]出席。"
              "[省市场监管局|AGENCY][局长|TITLE][滕云|PERSON]讲话。")
    assert titles_of(source) == {"滕云": ["安徽省市场监督管理局局长"]}

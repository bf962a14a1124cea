"""Sections per province (``govbrief_sections``), on hand-written briefs and the seed."""

import json

import pytest

from govbrief.extract.sections import byline_names, find_bylines, leading_province, vote

# fmt: off
BYLINES = [
    ("正文结束。\n(张三 李四)\n下一篇", ["(张三 李四)\n"]),
    ("正文。\n(陈明)\n", ["(陈明)\n"]),
    ("正文。\n（王大伟　刘洋）\n", ["（王大伟　刘洋）\n"]),
    ("正文。\n(记者 王小明 通讯员 李四)\n", ["(记者 王小明 通讯员 李四)\n"]),
    ("正文。\n(努尔兰·阿不都)", ["(努尔兰·阿不都)"]),
    # not bylines: photo credits, inline reporters, long parentheticals
    ("照片。\n(孙小军/摄)\n正文", []),
    ("本报讯(记者 陈明)近日,活动举行。", []),
    ("正文。\n(以上数据均为初步统计)\n", []),
    ("管理办法\n(试行)\n", []),
    ("不断提升效能。(王小明)\n下一篇", ["(王小明)\n"]),
]
# fmt: on


@pytest.mark.parametrize("text,lines", BYLINES)
def test_sections_find_bylines(text, lines):
    assert [text[a:b] for a, b in find_bylines(text)] == lines


def test_sections_byline_names_skip_roles():
    text = "(记者 王小明 通讯员 李四)\n"
    ((a, b),) = find_bylines(text)
    assert [text[s:e] for s, e in byline_names(text, a, b)] == ["王小明", "李四"]


@pytest.mark.parametrize("name,code", [
    ("安徽省市场监管局", "340000"),
    ("泸州市江阳区市场监管局", "510000"),
    ("延边州市场监管局", "220000"),
    ("省市场监管局", None),
    ("市场监管总局", None),
])
def test_sections_leading_province(name, code):
    assert leading_province(name) == code


def test_sections_vote_first_mention_breaks_ties():
    assert vote([(0, "340000", "GPE"), (5, "320000", "GPE")])[0] == "340000"
    assert vote([(0, "340000", "GPE"), (5, "320000", "GPE"), (9, "320000", "GPE")])[0] == "320000"
    assert vote([]) == (None, 0.0)


ROUNDUP = (
    "9月2日,安徽省“质量月”活动在合肥启动。安徽省市场监管局负责人介绍了活动安排。\n"
    "(张三 李四)\n"
    "近日,浙江省质量大会在杭州召开,会议由浙江省政府主办。\n"
    "(王五)\n"
    "9月5日,广西壮族自治区在南宁举行启动仪式,广西各地同步开展活动。\n"
    "(赵六 钱七)\n"
)


def test_sections_roundup_one_section_per_province(extractor):
    out = extractor.annotate(ROUNDUP)
    secs = out["sections"]
    assert [s["province"] for s in secs] == ["安徽省", "浙江省", "广西壮族自治区"]
    assert secs[0]["start"] == 0 and secs[-1]["end"] == len(ROUNDUP)
    for a, b in zip(secs, secs[1:]):
        assert a["end"] == b["start"]
    # each section ends right after its byline line
    assert ROUNDUP[: secs[0]["end"]].endswith("(张三 李四)\n")


@pytest.mark.parametrize("text,province", [
    ("近日,泸州市江阳区市场监管局在广场开展计量宣传。", "四川省"),
    ("莆田市市场监管局联合多部门开展质量月宣传。", "福建省"),
    ("市场监管总局等部门联合开展全国“质量月”活动。", None),
    ("今年以来,珲春市推进质量强市建设。", "吉林省"),
])
def test_sections_single_article_one_section(extractor, text, province):
    secs = extractor.annotate(text)["sections"]
    assert len(secs) == 1
    assert secs[0]["province"] == province
    assert (secs[0]["start"], secs[0]["end"]) == (0, len(text))


def test_sections_overview_paragraph_has_no_province(extractor):
    text = (
        "近日,湖北武汉、湖南长沙、江西南昌等地陆续开展了计量宣传活动。\n"
        "9月20日,湖北省武汉市计量宣传活动在江汉区举行。武汉市市场监管局组织技术人员"
        "现场检定。湖北省计量院专家为群众答疑。\n"
    )
    secs = extractor.annotate(text)["sections"]
    assert [s["province"] for s in secs] == [None, "湖北省"]
    assert secs[0]["end"] == text.index("9月20日")


def test_sections_seed_roundup_cut_into_provinces(extractor, shared_dir):
    path = shared_dir / "corpus" / "seed.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    gold = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    out = extractor.annotate(gold["text"], published=gold.get("published"))
    got = [(s["start"], s["end"], s["province"]) for s in out["sections"]]
    want = [(s["start"], s["end"], s["province"]) for s in gold["sections"]]
    assert len(want) == 10
    assert got == want

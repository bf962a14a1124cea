"""Tests of ``govbrief_dates``: DATE spans on sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from govbrief.extract.dates import DateExtractor
from govbrief.normalize import normalize
from govbrief.resolve.dates import resolve_dates
from govbrief.resources import load_rules


@pytest.fixture(scope="module")
def dates():
    return DateExtractor()


def surfaces(extractor, text):
    norm = normalize(text).text
    return [norm[c.start : c.end] for c in extractor.find(norm)]


def rule_examples():
    for rule in load_rules("dates"):
        for k, ex in enumerate(rule.examples):
            yield pytest.param(rule, ex, id=f"{rule.id}:{k}")


@pytest.mark.parametrize("rule,example", list(rule_examples()))
def test_dates_rule_examples_spans_and_values(dates, rule, example):
    """Every example of dates.jsonl: its spans are found, and resolve to its values."""
    text = normalize(example["text"]).text
    found = dates.find(text)
    got = [text[c.start : c.end] for c in found]
    for want in example.get("spans", []):
        assert want in got, f"{rule.id}: {want!r} not in {got}"
    for absent in example.get("absent", []):
        assert absent not in got, f"{rule.id}: {absent!r} proposed"
    if "values" in example:
        published = example.get("published")
        values = resolve_dates(
            text,
            [(c.start, c.end) for c in found],
            [(0, len(text))],
            dt.date.fromisoformat(published) if published else None,
        )
        by_surface = dict(zip(got, values))
        assert [by_surface.get(s) for s in example["spans"]] == example["values"]


# fmt: off
SPANS = [
    # absolute dates, time of day inside the span
    ("2023年3月8日,市妇联举办座谈会。", ["2023年3月8日"]),
    ("7月2日上午9时,检查组抵达现场。", ["7月2日上午9时"]),
    ("10月9日下午3点30分,会议结束。", ["10月9日下午3点30分"]),
    ("会议定于二〇二三年十一月十五日召开。", ["二〇二三年十一月十五日"]),
    ("12 月 3 日,培训班开班。", ["12 月 3 日"]),
    ("通知于2024/1/15印发。", ["2024/1/15"]),
    # months, years, periods
    ("去年12月,该县获评先进县。", ["去年12月"]),
    ("6月份以来,共受理投诉80件。", ["6月份以来"]),
    ("11月中旬,省局组织交叉检查。", ["11月中旬"]),
    ("2023年度全省质量工作考核结果公布。", ["2023年度"]),
    ("2022年底前全面完成。", ["2022年底"]),
    ("今年上半年和三季度,指标均有提升。", ["今年上半年", "三季度"]),
    # ranges and open ranges
    ("竞赛于8月20日至25日举行。", ["8月20日至25日"]),
    ("培训于5月6日-8日举办。", ["5月6日-8日"]),
    ("展会于11月28日至12月2日在会展中心举办。", ["11月28日至12月2日"]),
    ("2021年至2023年,共培训人员3000人次。", ["2021年至2023年"]),
    ("截至6月底,已完成年度任务的60%。", ["截至6月底"]),
    ("截至去年年底,全县共有企业500家。", ["截至去年年底"]),
    # relative expressions
    ("前不久,省局发布了抽检结果。", ["前不久"]),
    ("该中心此前已获得资质认定。", ["此前"]),
    ("多年来,我市坚持质量兴市。", ["多年来"]),
    ("两年前,该企业还是一家小作坊。", ["两年前"]),
    ("今年以来,全区办理案件200件。", ["今年以来"]),
    ("上月,市局召开了调度会。", ["上月"]),
    ("“十三五”以来,全省质量水平稳步提升。", ["十三五"]),
    ("较去年同期增长12.5%。", ["去年同期"]),
    ("届时,将有百余家企业参展。", ["届时"]),
    # datelines
    ("新华社北京3月5日电 国务院新闻办公室今天举行发布会。", ["3月5日", "今天"]),
    ("本报讯(记者 王明)12日,市政府召开会议。", ["12日"]),
    # not dates
    ("开展为期一个月的专项整治。", []),
    ("他从事质检工作已10余年,连续3年获评优秀。", []),
    ("“质量月”期间,各地开展形式多样的活动。", []),
    ("中秋节前,开展月饼专项抽检;春节前后加强巡查。", []),
    ("首届、第二届大赛均在杭州举办。", []),
    ("深入开展“剑锋2022-3号”专项行动。", []),
    ("目前,全省共有检验机构900家,当前任务艰巨。", []),
    ("整改应在15日内完成,每月5日前报送进度。", []),
    ("每周一至周五开放,周一鸣同志参加。", []),
    ("2个月来,共检查企业300家。", ["2个月来"]),
    ("广西“三月三”期间游客众多。", []),
    ("这是相当年轻的团队,不同年龄段的人参加。", []),
    ("世界计量日前夕,开展宣传。", []),
]
# fmt: on


@pytest.mark.parametrize("text,expected", SPANS)
def test_dates_find_spans(dates, text, expected):
    assert surfaces(dates, text) == [normalize(s).text for s in expected]


def test_dates_find_traditional_text_after_normalisation(dates):
    """A traditional-script brief is normalised first: 當天 becomes 当天."""
    assert surfaces(dates, "9月2日下午,啟動儀式舉行。當天,還發佈了報告。") == ["9月2日下午", "当天"]


def test_dates_candidates_do_not_overlap(dates):
    text = normalize("2024年1月至3月,9月1日至30日,截至2月底,今年以来,去年同期。").text
    found = dates.find(text)
    for a, b in zip(found, found[1:]):
        assert a.end <= b.start


def test_dates_candidates_carry_provenance(dates):
    (cand,) = dates.find("9月1日至30日")
    assert cand.label == "DATE"
    assert cand.rule_id == "date_day_range"
    assert cand.attrs["kind"] == "day_range"


def test_dates_pipeline_sets_values(extractor):
    """End to end: DATE spans in the gold format carry their TIMEX3 values."""
    text = "近日,市局召开会议。9月5日上午,全市“质量月”活动启动。当天,还举行了签约仪式。"
    doc = extractor.annotate(text, published="2022-09-08")
    dates = {s["text"]: s["value"] for s in doc["spans"] if s["label"] == "DATE"}
    assert dates == {"近日": "PAST_REF", "9月5日上午": "2022-09-05TMO", "当天": "2022-09-05"}


def test_dates_leading_first_characters_change_no_match():
    """A rule that opens with ``(?=[…])``, the characters its matches can start with, finds
    what it finds without it (the class is only there to speed up the scan)."""
    import regex

    texts = [normalize(t).text for t, _ in SPANS] + [
        "今年9月1日至30日,本月10日起至16日;去年12月5日—9日。2023年10月30日至11月3日",
        "次月3日到5日,当月 8日至9日,上月 1 日至 2 日,十一月十五日至二十日",
    ]
    opened = [r for r in load_rules("dates") if r.regex.pattern.startswith("(?=[")]
    assert opened
    for rule in opened:
        bare = regex.compile(rule.regex.pattern.split("])", 1)[1])
        for text in texts:
            assert [m.span() for m in rule.regex.finditer(text)] == [
                m.span() for m in bare.finditer(text)], (rule.id, text)


def test_dates_day_range_month_written_with_required_yue():
    """date_day_range writes its month as ``(?:(?P<num_month>N) ?|本|当|…)月(?(num_month) ?)``
    so that 月 is a literal of every match; it matches as the plain alternation does."""
    import regex

    (rule,) = [r for r in load_rules("dates") if r.id == "date_day_range"]
    month = "(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
    plain = "(?:" + month + " ?月 ?|(?:本月|当月|上月|下月|次月))"
    rewritten = "(?:(?P<num_month>" + month[3:-1] + ") ?|本|当|上|下|次)月(?(num_month) ?)"
    assert rewritten in rule.regex.pattern
    original = regex.compile(rule.regex.pattern.replace(rewritten, plain))
    for text in ["本月 10日至16日", "本月10日至16日", "9 月 1 日至 7 日", "十一月 5日—9日",
                 "上月1日到3日", "次月 2日至4日", "12月5日—9日期间", "当月 8日至9日"]:
        assert [m.span() for m in rule.regex.finditer(text)] == [
            m.span() for m in original.finditer(text)], text

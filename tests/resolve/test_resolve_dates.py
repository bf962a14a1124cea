"""Tests of DATE value resolution (TIMEX3 style, ANNOTATION.md §2 DATE)."""

from __future__ import annotations

import datetime as dt

import pytest

from govbrief.extract.dates import DateExtractor
from govbrief.resolve.dates import (
    DateContext,
    cn_number,
    plan_years,
    reference_year,
    resolve_date,
    resolve_dates,
)

PUB = dt.date(2022, 9, 6)

# fmt: off
# (expression, value with published 2022-09-06, value with no reference at all)
TABLE = [
    # absolute
    ("2022年9月1日", "2022-09-01", "2022-09-01"),
    ("9月2日", "2022-09-02", "XXXX-09-02"),
    ("9月5日上午", "2022-09-05TMO", "XXXX-09-05TMO"),
    ("9月2日下午", "2022-09-02TAF", "XXXX-09-02TAF"),
    ("9月3日晚上", "2022-09-03TEV", "XXXX-09-03TEV"),
    ("9月3日夜间", "2022-09-03TNI", "XXXX-09-03TNI"),
    ("9月4日早上", "2022-09-04TMO", "XXXX-09-04TMO"),
    ("9月6日上午10时30分", "2022-09-06TMO", "XXXX-09-06TMO"),
    ("9月6日15:00", "2022-09-06", "XXXX-09-06"),
    ("9月6日下午3点", "2022-09-06TAF", "XXXX-09-06TAF"),
    ("9月14日当天", "2022-09-14", "XXXX-09-14"),
    ("9 月14 日", "2022-09-14", "XXXX-09-14"),
    ("二〇二二年九月二日", "2022-09-02", "2022-09-02"),
    ("九月二日", "2022-09-02", "XXXX-09-02"),
    ("十一月", "2022-11", "XXXX-11"),
    ("二〇二一年十二月三十一日", "2021-12-31", "2021-12-31"),
    ("2023-05-18", "2023-05-18", "2023-05-18"),
    # months and years
    ("今年9月", "2022-09", "XXXX-09"),
    ("8月份", "2022-08", "XXXX-08"),
    ("9月下旬", "2022-09", "XXXX-09"),
    ("2021年", "2021", "2021"),
    ("2022年度", "2022", "2022"),
    ("今年", "2022", "XXXX"),
    ("今年以来", "2022", "XXXX"),
    ("去年", "2021", "PAST_REF"),      # clearly past even without a reference year
    ("明年", "2023", "FUTURE_REF"),
    ("前年", "2020", "PAST_REF"),
    ("去年底", "2021", "PAST_REF"),
    ("明年3月", "2023-03", "XXXX-03"),
    ("次年", "2023", "XXXX"),
    ("次年3月", "2023-03", "XXXX-03"),
    ("翌年5月", "2023-05", "XXXX-05"),
    ("截至2023年底", "/2023-12", "/2023-12"),
    ("去年12月", "2021-12", "XXXX-12"),
    ("本月", "2022-09", "PRESENT_REF"),
    ("上月", "2022-08", "PAST_REF"),
    ("下月", "2022-10", "FUTURE_REF"),
    ("本月11日", "2022-09-11", "XXXX-XX-11"),
    ("16日", "2022-09-16", "XXXX-XX-16"),
    # ranges
    ("9月1日至30日", "2022-09-01/2022-09-30", "XXXX-09-01/XXXX-09-30"),
    ("9月1日—7日", "2022-09-01/2022-09-07", "XXXX-09-01/XXXX-09-07"),
    ("9月1至7日", "2022-09-01/2022-09-07", "XXXX-09-01/XXXX-09-07"),
    ("8月30日至9月2日", "2022-08-30/2022-09-02", "XXXX-08-30/XXXX-09-02"),
    ("2024年1月至3月", "2024-01/2024-03", "2024-01/2024-03"),
    ("今年1-8月", "2022-01/2022-08", "XXXX-01/XXXX-08"),
    ("2023年10月至2024年3月", "2023-10/2024-03", "2023-10/2024-03"),
    ("2021-2025年", "2021/2025", "2021/2025"),
    ("2022年12月至2月", "2022-12/2023-02", "2022-12/2023-02"),
    ("本月10日起至21日", "2022-09-10/2022-09-21", "XXXX-XX-10/XXXX-XX-21"),
    ("截至2月底", "/2022-02", "/XXXX-02"),
    ("截至2024年2月底", "/2024-02", "/2024-02"),
    ("截至2023年10月31日", "/2023-10-31", "/2023-10-31"),
    # quarters, halves, plans
    ("一季度", "2022-Q1", "XXXX-Q1"),
    ("2024年第一季度", "2024-Q1", "2024-Q1"),
    ("前三季度", "2022-Q1/2022-Q3", "XXXX-Q1/XXXX-Q3"),
    ("今年上半年", "2022-H1", "XXXX-H1"),
    ("下半年", "2022-H2", "XXXX-H2"),
    ("今年前8个月", "2022-01/2022-08", "XXXX-01/XXXX-08"),
    ("十四五", "2021/2025", "2021/2025"),
    ("十三五", "2016/2020", "2016/2020"),
    ("十一五", "2006/2010", "2006/2010"),
    # relative days and vague references
    ("昨日", "2022-09-05", "PAST_REF"),
    ("昨天", "2022-09-05", "PAST_REF"),
    ("昨日上午", "2022-09-05TMO", "PAST_REF"),
    ("前天", "2022-09-04", "PAST_REF"),
    ("明天", "2022-09-07", "FUTURE_REF"),
    ("今天", "2022-09-06", "PRESENT_REF"),
    ("今日下午", "2022-09-06TAF", "PRESENT_REF"),
    ("同一天", "2022-09-06", "PAST_REF"),
    ("近日", "PAST_REF", "PAST_REF"),
    ("日前", "PAST_REF", "PAST_REF"),
    ("前不久", "PAST_REF", "PAST_REF"),
    ("近年来", "PAST_REF", "PAST_REF"),
    ("此前", "PAST_REF", "PAST_REF"),
    ("历年", "PAST_REF", "PAST_REF"),
    ("近3年来", "PAST_REF", "PAST_REF"),
    ("3年前", "PAST_REF", "PAST_REF"),
    ("多年来", "PAST_REF", "PAST_REF"),
    ("去年同期", "PAST_REF", "PAST_REF"),
    ("年底", "2022", "XXXX"),
    ("本周", "2022-09-05/2022-09-11", "PRESENT_REF"),
    ("上周五", "2022-09-02", "XXXX-WXX-5"),
]
# fmt: on


@pytest.mark.parametrize("expr,with_published,_", TABLE)
def test_resolve_date_with_published(expr, with_published, _):
    assert resolve_date(expr, published=PUB) == with_published


@pytest.mark.parametrize("expr,_,without", TABLE)
def test_resolve_date_without_reference(expr, _, without):
    assert resolve_date(expr) == without


def test_resolve_date_accepts_iso_string_for_published():
    assert resolve_date("昨日", published="2022-09-06") == "2022-09-05"


@pytest.mark.parametrize("expr,value", [("今年9月", "2020-09"), ("9月8日上午", "2020-09-08TMO"),
                                        ("今年", "2020"), ("去年", "2019"), ("一季度", "2020-Q1")])
def test_resolve_date_reference_year_without_published(expr, value):
    assert resolve_date(expr, ref_year=2020) == value


@pytest.mark.parametrize(
    "published,expr,value",
    [
        ("2022-01-05", "12月28日", "2021-12-28"),  # late last year, reported in January
        ("2022-02-10", "11月", "2021-11"),
        ("2022-09-06", "12月", "2022-12"),  # a plan for later this year
        ("2022-09-06", "1月", "2022-01"),
        ("2022-03-02", "28日", "2022-02-28"),  # a day well after published: last month
        ("2022-03-20", "25日", "2022-03-25"),
    ],
)
def test_resolve_date_month_without_year_near_published(published, expr, value):
    assert resolve_date(expr, published=published) == value


@pytest.mark.parametrize(
    "context,expr,value",
    [
        (DateContext(last_day="2022-09-01"), "当天", "2022-09-01"),
        (DateContext(last_day="XXXX-05-31"), "当日", "XXXX-05-31"),
        (DateContext(last_day="PAST_REF"), "当天", "PAST_REF"),
        (DateContext(), "当天", "PAST_REF"),
        (DateContext(last_day="2022-09-30"), "次日上午", "2022-10-01TMO"),
        (DateContext(last_day="2022-10-08"), "当晚", "2022-10-08TEV"),
        (DateContext(last_day="2025-03-14"), "届时", "2025-03-14"),
        (DateContext(), "届时", "FUTURE_REF"),
        (DateContext(dateline="XXXX-09-09"), "今天", "XXXX-09-09"),
        (DateContext(ref_year=2014, last_year=2010), "当年", "2010"),
        (DateContext(future=True), "近期", "FUTURE_REF"),
        (DateContext(), "近期", "PAST_REF"),
        (DateContext(last_period="2024-01/2024-08"), "去年同期", "2023-01/2023-08"),
        (DateContext(last_period="2024-H1"), "上年同期", "2023-H1"),
        (DateContext(ref_year=2024, generic=True), "5月20日", "XXXX-05-20"),
        (DateContext(ref_year=2024, generic=True), "2024年5月20日", "2024-05-20"),
        (DateContext(last_month="2025-03"), "月初到现在", "2025-03"),
        (DateContext(last_month="2022-09"), "本月11日", "2022-09-11"),
    ],
)
def test_resolve_date_in_context(context, expr, value):
    assert resolve_date(expr, context=context) == value


def test_resolve_date_last_event_argument_overrides_context():
    assert resolve_date("当天", last_event="2022-09-02") == "2022-09-02"


@pytest.mark.parametrize("expr", ["", "质量月", "13月5日", "9月32日", "截至目前"])
def test_resolve_date_unreadable_is_none(expr):
    assert resolve_date(expr, published=PUB) is None


@pytest.mark.parametrize(
    "text,value",
    [("12", 12), ("十", 10), ("十一", 11), ("二十三", 23), ("三十一", 31), ("二〇二二", 2022),
     ("九", 9), ("两", 2), ("十x", None), ("", None)],
)
def test_cn_number(text, value):
    assert cn_number(text) == value


@pytest.mark.parametrize("name,years", [("十四五", "2021/2025"), ("十五五", "2026/2030"),
                                        ("十二五", "2011/2015"), ("十四", None)])
def test_plan_years(name, years):
    assert plan_years(name) == years


@pytest.mark.parametrize(
    "text,published,year",
    [
        ("2022年“质量月”启动。今年9月……2021年白皮书。2022年活动。", None, 2022),
        ("2025年“3·15”活动。2024年活动持续。", None, 2025),
        ("自2019年以来持续开展。", None, None),
        ("2022年“质量月”启动。", dt.date(2023, 1, 2), 2023),
        ("今年9月是质量月。", None, None),
    ],
)
def test_reference_year(text, published, year):
    assert reference_year(text, published) == year


# ---- whole documents -------------------------------------------------------------


@pytest.fixture(scope="module")
def dates():
    return DateExtractor()


def run(dates, text, published=None, sections=None):
    found = dates.find(text)
    values = resolve_dates(text, [(c.start, c.end) for c in found],
                           sections or [(0, len(text))], published)
    return [(text[c.start : c.end], v) for c, v in zip(found, values)]


def test_resolve_dates_section_year_without_published(dates):
    """No published: the section's own year places 今年9月 and month-day dates."""
    text = "今年9月,全省开展2022年“质量月”活动。9月2日下午,启动仪式举行。当天,发布白皮书。"
    assert run(dates, text) == [
        ("今年9月", "2022-09"), ("2022年", "2022"), ("9月2日下午", "2022-09-02TAF"),
        ("当天", "2022-09-02"),
    ]


def test_resolve_dates_year_stated_after_the_date(dates):
    text = "11月28日,2023年全省食品安全宣传周启动。"
    assert run(dates, text) == [("11月28日", "2023-11-28"), ("2023年", "2023")]


def test_resolve_dates_each_section_has_its_own_year(dates):
    first = "今年9月,甲省开展2021年“质量月”活动。"
    second = "今年9月,乙省开展2022年“质量月”活动。"
    text = first + second
    got = run(dates, text, sections=[(0, len(first)), (len(first), len(text))])
    assert got[0] == ("今年9月", "2021-09")
    assert got[2] == ("今年9月", "2022-09")


def test_resolve_dates_section_without_year_uses_document_year(dates):
    first = "9月1日,甲省开展2022年“质量月”活动。"
    second = "9月3日,乙省启动活动。"
    text = first + second
    got = run(dates, text, sections=[(0, len(first)), (len(first), len(text))])
    assert got[-1] == ("9月3日", "2022-09-03")


def test_resolve_dates_title_years_do_not_set_the_reference(dates):
    text = "今年9月,省局发布《2021年全省质量状况白皮书》。9月3日,2022年活动启动。"
    got = run(dates, text)
    assert got[0] == ("今年9月", "2022-09")
    assert ("2021年", "2021") in got


def test_resolve_dates_no_reference_at_all(dates):
    assert run(dates, "近日,区市场监管局召开会议。今年整改隐患300项。") == [
        ("近日", "PAST_REF"), ("今年", "XXXX")]


def test_resolve_dates_dateline_anchors_today(dates):
    text = "本报9月8日讯 记者今天从市局获悉,9月12日将举办展会。"
    assert run(dates, text) == [("9月8日", "XXXX-09-08"), ("今天", "XXXX-09-08"),
                                ("9月12日", "XXXX-09-12")]


def test_resolve_dates_yesterday_against_published_not_dateline(dates):
    text = "本报6月11日讯 昨日上午,宣传周启动。"
    assert run(dates, text, published=dt.date(2014, 6, 11)) == [
        ("6月11日", "2014-06-11"), ("昨日上午", "2014-06-10TMO")]
    assert run(dates, text)[1] == ("昨日上午", "PAST_REF")


def test_resolve_dates_same_day_follows_vague_event(dates):
    """昨日 with no publication date cannot be placed, and neither can its 当天."""
    text = "昨日,五省市联合启动活动。当天,还举行了签约仪式。"
    assert run(dates, text) == [("昨日", "PAST_REF"), ("当天", "PAST_REF")]


def test_resolve_dates_recurring_dates_have_no_year(dates):
    text = "我国将每年4月20日至26日定为宣传周。4月26日是世界知识产权日。"
    assert run(dates, text, published=dt.date(2024, 4, 23)) == [
        ("4月20日至26日", "XXXX-04-20/XXXX-04-26"), ("4月26日", "XXXX-04-26")]


def test_resolve_dates_same_period_last_year(dates):
    text = "今年1-6月,受理投诉1.2万件,比去年同期增长8%。"
    assert run(dates, text, published=dt.date(2023, 7, 10)) == [
        ("今年1-6月", "2023-01/2023-06"), ("去年同期", "2022-01/2022-06")]


def test_resolve_dates_this_month_without_published_uses_last_month(dates):
    text = "9月5日,2022年网络安全宣传周开幕,将持续至本月11日。"
    assert run(dates, text)[-1] == ("本月11日", "2022-09-11")


def test_resolve_dates_then_refers_to_announced_event(dates):
    text = "2025年活动将于3月14日上午举行。届时还将开展咨询。"
    assert run(dates, text)[-1] == ("届时", "2025-03-14")


def test_resolve_dates_empty():
    assert resolve_dates("", [], [], None) == []


@pytest.mark.parametrize("text", ["今天举行。", "本周开展。", "16日启动。", "上周五召开。"])
def test_resolve_dates_values_follow_the_contract_grammar(text):
    from govbrief.resolve.dates import CONTRACT_VALUE, resolve_dates

    spans = [(0, text.index("启") if "启" in text else 2)]
    for value in resolve_dates(text, spans, [(0, len(text))], None):
        assert value is None or CONTRACT_VALUE.match(value)


# ---- reference year: the year that names the reported event ----------------------


def test_resolve_dates_event_year_outranks_statistics_year(dates):
    """2023年,全省… reports last year's figures; 2024年…工作会议 names this year's event."""
    text = ("6月3日,省局召开2024年全省计量工作会议。截至2023年底,全省共有计量机构80家。"
            "2023年,全省共检定器具12万台。会议要求,7月至9月开展专项检查。")
    got = dict(run(dates, text))
    assert got["6月3日"] == "2024-06-03"
    assert got["截至2023年底"] == "/2023-12"
    assert got["7月至9月"] == "2024-07/2024-09"


def test_resolve_dates_round_up_sections_share_the_event_year(dates):
    first = "5月20日,甲省2025年“5·20”世界计量日主题活动举行。2024年,全省共检定器具8万台。\n"
    second = "日前,乙省开展宣传活动。今年的活动以诚信为主题。\n"
    third = "5月20日上午,丙省举办活动。2024年,全省新增标准物质50种。当天,各地同步开展。"
    text = first + second + third
    a, b = len(first), len(first) + len(second)
    got = run(dates, text, sections=[(0, a), (a, b), (b, len(text))])
    assert ("今年", "2025") in got
    assert ("5月20日上午", "2025-05-20TMO") in got
    assert got[-1] == ("当天", "2025-05-20")


@pytest.mark.parametrize(
    "text,expected",
    [
        # a season named by its years: the first year
        ("12月8日,2024—2025冰雪旅游季在某市启动。当天,游客超过1万人次。",
         [("12月8日", "2024-12-08"), ("当天", "2024-12-08")]),
        # an edition in quotes without 年
        ("“2023茶博会”开幕式8月5日举行。", [("8月5日", "2023-08-05")]),
        # identifiers, counts and titles are not years
        ("“护航2021-2号”行动9月1日启动,2000家企业参与。", [("9月1日", "XXXX-09-01")]),
        ("会议学习了《2019质量发展纲要》。9月1日,活动启动。", [("9月1日", "XXXX-09-01")]),
    ],
)
def test_resolve_dates_year_stated_outside_date_spans(dates, text, expected):
    assert run(dates, text) == expected


def test_resolve_dates_text_year_of_the_section_first(dates):
    first = "“2022科技周”在甲市开幕。9月1日,活动启动。"
    second = "“2023科技周”在乙市开幕。9月2日,活动启动。"
    text = first + second
    got = run(dates, text, sections=[(0, len(first)), (len(first), len(text))])
    assert got == [("9月1日", "2022-09-01"), ("9月2日", "2023-09-02")]


# ---- relative years, 去年同期 and 同日 -------------------------------------------------


def test_resolve_dates_next_year_counts_from_the_year_just_named(dates):
    text = "2018年,该县启动试点;次年3月,经验在全市推广;翌年,全省推开。"
    assert run(dates, text) == [("2018年", "2018"), ("次年3月", "2019-03"), ("翌年", "2019")]


def test_resolve_dates_last_year_without_any_reference_is_past(dates):
    assert run(dates, "去年,全县查办案件80件。") == [("去年", "PAST_REF")]


@pytest.mark.parametrize(
    "text,published,value",
    [
        ("今年1至11月,全市受理投诉3000件,较去年同期增长5%。", "2023-12-10", "2022-01/2022-11"),
        ("截至6月7日,已受理投诉300件,比去年同期下降3%。", "2024-06-09", "/2023-06-07"),
        ("一季度,全省新增经营主体5万户,比去年增长3%,较去年同期多增2000户。", "2024-04-20",
         "2023-Q1"),
        ("10月12日,全省受理投诉200件,较去年同期增长1%。", "2023-10-13", "2022-10-12"),
        ("全市受理投诉300件,比去年同期下降3%。", "2024-06-09", "PAST_REF"),
    ],
)
def test_resolve_dates_same_period_follows_latest_period(dates, text, published, value):
    assert run(dates, text, published=dt.date.fromisoformat(published))[-1] == ("去年同期", value)


def test_resolve_dates_same_period_twice_is_not_shifted_twice(dates):
    text = "上半年,投诉量比去年同期下降5%,举报量较去年同期增长2%。"
    got = run(dates, text, published=dt.date(2024, 7, 20))
    assert [v for _, v in got] == ["2024-H1", "2023-H1", "2023-H1"]


def test_resolve_dates_same_day_opening_a_section_continues_the_round_up(dates):
    first = "9月2日,甲省启动质量月活动。\n"
    second = "同日,乙省也举行了启动仪式。同一天,丙市开展咨询。"
    text = first + second
    got = run(dates, text, published=dt.date(2023, 9, 5),
              sections=[(0, len(first)), (len(first), len(text))])
    assert got == [("9月2日", "2023-09-02"), ("同日", "2023-09-02"), ("同一天", "2023-09-02")]


def test_resolve_dates_edition_year_without_nian_outranks_statistics(dates):
    text = "“2024食品安全周”6月3日启动。2023年,全省共抽检食品12万批次。"
    assert run(dates, text) == [("6月3日", "2024-06-03"), ("2023年", "2023")]


def test_resolve_dates_comparison_year_is_not_an_edition(dates):
    text = "10月8日,全省受理投诉200件,较2022年同月增长5%。2023年全省质量工作会议召开。"
    assert run(dates, text)[0] == ("10月8日", "2023-10-08")

"""DATE values in TIMEX3 style (ANNOTATION.md §2 DATE).

Values are strings: ``2022-09-02``, ``2022-09``, ``2022``, with a time-of-day suffix
(``2022-09-02TAF``), ranges ``2022-09-01/2022-09-30`` (open start ``/2024-02``),
quarters and halves ``2024-Q1``/``2024-H1``, an unknown year ``XXXX`` and the vague
references ``PAST_REF``, ``PRESENT_REF``, ``FUTURE_REF``.

The reference for relative expressions is an explicit input, never "now":

- the reference year is the year of ``published`` when given; otherwise the year the
  section itself states for its events (the most frequent explicit year, the first one on
  a tie), then the document's; with none at all the year is ``XXXX``;
- ``当天``/``当日``/``届时`` take the day of the event just mentioned in the section;
- ``今天``/``今日`` take the dateline (``本报9月8日讯``), else ``published``;
- ``昨日``/``前天``/``明天`` are counted from ``published``, else ``PAST_REF``/``FUTURE_REF``.

:func:`resolve_date` resolves one expression against a :class:`DateContext`;
:func:`resolve_dates` walks a document's spans section by section and keeps the context
up to date. Both return ``None`` (never raise) for what they cannot read.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, replace

PAST, PRESENT, FUTURE = "PAST_REF", "PRESENT_REF", "FUTURE_REF"
UNKNOWN_YEAR = "XXXX"

_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}

# Time-of-day words → TIMEX3 part-of-day suffixes (longest words first in the regex).
_TOD = {"上午": "TMO", "早上": "TMO", "早晨": "TMO", "清晨": "TMO", "中午": "TMI",
        "下午": "TAF", "午后": "TAF", "晚上": "TEV", "傍晚": "TEV", "晚间": "TEV",
        "晚": "TEV", "夜间": "TNI", "夜里": "TNI", "深夜": "TNI", "凌晨": "TNI"}

# Vague expressions with a fixed value.
_VAGUE = {
    **dict.fromkeys(
        ["近日", "日前", "前不久", "不久前", "近来", "此前", "早前", "前些天", "前些日子",
         "前段时间", "近期", "近年", "近年来", "近些年", "近些年来", "历年", "历年来", "多年来"],
        PAST,
    ),
}

# Days counted from the publication date (or PAST/FUTURE_REF without one).
_DAY_OFFSETS = {"昨日": -1, "昨天": -1, "前天": -2, "明天": 1, "明日": 1}
_NEXT_DAY = {"次日", "翌日"}
_SAME_DAY = {"同日", "同一天", "同一日"}

# Relative year words → offset from the reference year (None: the year last mentioned;
# "next": the year after it, 次年/翌年).
_REL_YEAR = {"今年": 0, "本年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1,
             "当年": None, "同年": None, "次年": "next", "翌年": "next"}
_REL_MONTH = {"本月": 0, "当月": 0, "上月": -1, "下月": 1, "次月": 1}

_NUM = r"\d{1,4}|[〇零一二两三四五六七八九十]{1,4}"
_TOD_RE = "|".join(sorted(_TOD, key=len, reverse=True))
_SINGLE = re.compile(
    rf"""^(?:(?P<y>\d{{4}}|[〇零一二三四五六七八九]{{4}})年|(?P<ry>{"|".join(_REL_YEAR)}))?
    (?P<period>度|第?[一二三四1-4]季度(?:末|初)?|前[二两三]季度|[上下]半年|年?[初底末]|年中
       |前(?P<nm>\d{{1,2}}|[一二三四五六七八九十]{{1,2}})个?月)?
    (?:(?P<mon>\d{{1,2}}|十[一二]?|[一二三四五六七八九])月份?|(?P<rm>{"|".join(_REL_MONTH)}))?
    (?P<mmod>中下旬|上旬|中旬|下旬|初|底|末)?
    (?:(?P<day>\d{{1,2}}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])[日号])?
    (?:当天|当日)?
    (?P<tod>{_TOD_RE})?
    (?P<clock>(?:{_NUM})(?:时|点|:)[\d〇零一二三四五六七八九十分半整]*)?
    (?P<since>以来)?$""",
    re.VERBOSE,
)
_ISO = re.compile(r"^(\d{4})([-./])(\d{1,2})\2(\d{1,2})$")
_RANGE_SEP = re.compile(r"起?至|起?到|——?|-|~|～|–|－")
_OPEN = re.compile(r"^(?:截至|截止(?:到|至)?)")
_PLAN = re.compile(r"^十([一二三四五六七八九])五$")
_AGO = re.compile(r"^(?:近|这)?[\d一二两三四五六七八九十几多数]{1,3}(?:余|多)?(?:年|个月|天)(?:来|以来|前)$")
_YEAR_IN = re.compile(r"(\d{4}|[〇零一二三四五六七八九]{4})年")
_DATELINE_AFTER = re.compile(r"^ ?(?:讯|电|消息)")
_GENERIC_BEFORE = re.compile(r"每年$")
_GENERIC_AFTER = re.compile(r"^(?:确?定为|设立为|是世界|是国际|为世界|为国际)")
_FUTURE_AFTER = re.compile(r"^,?(?:将|即将|还将|要|拟|计划)")


@dataclass(frozen=True)
class DateContext:
    """What a relative expression may refer to.

    Attributes:
        ref_year: the reference year (``published``'s, else the section's), or None.
        published: the publication date, or None.
        last_day: value of the last day-level date in the section (``当天``), or None.
        last_month: ``YYYY-MM`` of the last month-level date in the section, or None.
        last_year: the last explicit year in the section (``当年``), or None.
        last_period: the last reporting period (a range, quarter, half, month) for
            ``去年同期``, or None.
        dateline: the value of the document's dateline (``本报9月8日讯``), or None.
        previous_day: the last day-level date of the previous section (``同日`` opening
            a section of a round-up continues the story), or None.
        generic: True when the expression names a recurring date (``每年5月20日``), whose
            year is ``XXXX``.
        future: True when the text right after says the event is still to come (``近期将``).
    """

    ref_year: int | None = None
    published: dt.date | None = None
    last_day: str | None = None
    last_month: str | None = None
    last_year: int | None = None
    last_period: str | None = None
    dateline: str | None = None
    generic: bool = False
    future: bool = False
    previous_day: str | None = None


def cn_number(s: str) -> int | None:
    """Read an Arabic or Chinese number up to 9999 (``12``, ``十一``, ``二十三``, ``二〇二二``).

    Returns:
        The integer, or None when ``s`` is not a number.
    """
    s = s.strip()
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if "十" not in s:
        # Digit by digit, as years are written: 二〇二二.
        if all(ch in _CN_DIGITS for ch in s):
            return int("".join(str(_CN_DIGITS[ch]) for ch in s))
        return None
    tens, _, ones = s.partition("十")
    if (tens and tens not in _CN_DIGITS) or (ones and ones not in _CN_DIGITS):
        return None
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def plan_years(name: str) -> str | None:
    """Years of a five-year plan: ``十四五`` → ``2021/2025`` (from the 3rd plan, 1966-1970)."""
    m = _PLAN.match(name)
    if not m:
        return None
    n = 10 + _CN_DIGITS[m.group(1)]
    start = 1966 + 5 * (n - 3)
    return f"{start}/{start + 4}"


def reference_year(section_text: str, published: dt.date | None = None) -> int | None:
    """The reference year of a section: ``published``'s year, else the year it states.

    Args:
        section_text: the section's text (normalised).
        published: the publication date, if known.

    Returns:
        The year, or None when neither is available. Of the explicit years (``2022年``,
        ``二〇二二年``; not those counted back from, ``2020年以来``), the most frequent wins,
        the first on a tie.
    """
    if published is not None:
        return published.year
    years = []
    for m in _YEAR_IN.finditer(section_text):
        if section_text.startswith("以来", m.end()):
            continue
        y = cn_number(m.group(1))
        if y is not None and 1900 <= y <= 2099:
            years.append(y)
    return _most_common(years)


def _most_common(years: list[int]) -> int | None:
    if not years:
        return None
    counts = Counter(years)
    best = max(counts.values())
    return next(y for y in years if counts[y] == best)


def _fmt_year(year: int | None) -> str:
    return f"{year:04d}" if isinstance(year, int) else UNKNOWN_YEAR


def _tod_suffix(tod: str | None) -> str:
    """The part-of-day suffix of a time-of-day word (上午 → ``TMO``).

    A clock time alone (``10时30分``) adds nothing: the contract names the suffixes by
    their words, and the value keeps the day only.
    """
    return _TOD[tod] if tod else ""


def _shift_day(value: str, days: int) -> str | None:
    """Add days to a ``YYYY-MM-DD`` (or ``XXXX-MM-DD``) value."""
    y, m, d = value[:10].split("-")
    known = y != UNKNOWN_YEAR
    try:
        # An unknown year is counted in a non-leap year.
        day = dt.date(int(y) if known else 2001, int(m), int(d)) + dt.timedelta(days=days)
    except ValueError:
        return None
    return (day.isoformat() if known else f"{UNKNOWN_YEAR}-{day.month:02d}-{day.day:02d}")


def _year_for_month(month: int, ctx: DateContext) -> int | None:
    """The year of a month given without one.

    With a publication date, its year, except that a month seven or more months after the
    publication month is last year's (``12月28日`` in a brief of 2022-01-05 → 2021): briefs
    report what happened far more often than what is planned so far ahead.
    """
    pub = ctx.published
    if pub is not None:
        return pub.year - 1 if month - pub.month >= 7 else pub.year
    return ctx.ref_year


def _month_of_context(ctx: DateContext, shift: int = 0) -> tuple[str, int | None]:
    """(year string, month) of ``本月`` shifted by ``shift`` months."""
    if ctx.published is not None:
        y, m = ctx.published.year, ctx.published.month
    elif ctx.last_month:
        ys, ms = ctx.last_month.split("-")
        y = int(ys) if ys != UNKNOWN_YEAR else None
        m = int(ms)
    else:
        return _fmt_year(ctx.ref_year), None
    m += shift
    if y is not None:
        y += (m - 1) // 12
    m = (m - 1) % 12 + 1
    return _fmt_year(y), m


def _parse_single(expr: str, ctx: DateContext, inherit: dict | None = None) -> tuple[str, dict] | None:
    """Resolve one non-range expression; also return its parts for a range end to inherit."""
    m = _SINGLE.match(expr)
    if not m or not any(m.group(g) for g in ("y", "ry", "period", "mon", "rm", "day")):
        return None
    inherit = inherit or {}
    g = m.groupdict()
    # --- year
    year: int | None = None
    year_s: str | None = None
    if g["y"]:
        year = cn_number(g["y"])
        year_s = _fmt_year(year)
    elif g["ry"]:
        off = _REL_YEAR[g["ry"]]
        if off is None or off == "next":
            year = ctx.last_year if ctx.last_year is not None else ctx.ref_year
            if off == "next" and year is not None:
                year += 1
        else:
            year = None if ctx.ref_year is None else ctx.ref_year + off
            if year is None and off and not (g["mon"] or g["rm"] or g["day"]):
                # 去年 / 明年 with no reference year at all: still clearly past or future.
                return (PAST if off < 0 else FUTURE), {"year": None, "year_s": UNKNOWN_YEAR}
        year_s = _fmt_year(year)
    elif "year_s" in inherit:
        year, year_s = inherit.get("year"), inherit["year_s"]
    month = cn_number(g["mon"]) if g["mon"] else None
    day = cn_number(g["day"]) if g["day"] else None
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None and not 1 <= day <= 31:
        return None
    if g["rm"]:
        rel_year, month = _month_of_context(ctx, _REL_MONTH[g["rm"]])
        year_s = year_s or rel_year
    elif month is None and day is not None and not g["period"]:
        # A day alone (16日): the month is inherited, else published's, else the last one.
        if "month" in inherit:
            month = inherit["month"]
        elif ctx.published is not None:
            pub = ctx.published
            first = dt.date(pub.year, pub.month, 1)
            if day - pub.day > 10:  # 28日 in a brief of the 2nd: last month
                first = (first - dt.timedelta(days=1)).replace(day=1)
            year_s, month = year_s or _fmt_year(first.year), first.month
        else:
            rel_year, month = _month_of_context(ctx)
            year_s = year_s or rel_year
    elif year_s is None:
        year_s = _fmt_year(_year_for_month(month, ctx) if month is not None else ctx.ref_year)
    if year_s is None:
        year_s = _fmt_year(ctx.ref_year)
    if ctx.generic and not (g["y"] or g["ry"]):
        year_s = UNKNOWN_YEAR
    parts = {"year": year, "year_s": year_s}
    # --- period of a year (quarters, halves, first N months)
    period = g["period"] or ""
    if period and month is None and day is None:
        if "季度" in period:
            if period.startswith("前"):
                n = cn_number(period[1])
                return f"{year_s}-Q1/{year_s}-Q{n}", parts
            n = cn_number(period.lstrip("第")[0])
            return f"{year_s}-Q{n}", parts
        if "半年" in period:
            return f"{year_s}-H{1 if period[0] == '上' else 2}", parts
        if g["nm"]:
            n = cn_number(g["nm"])
            if n is None or not 1 <= n <= 12:
                return None
            return f"{year_s}-01/{year_s}-{n:02d}", parts
        return year_s, parts
    if month is None:
        if day is not None:  # 16日 with no month to place it in
            return f"{year_s}-XX-{day:02d}{_tod_suffix(g['tod'])}", parts
        if g["rm"]:  # 本月 / 上月 / 下月 with nothing to count from
            return {0: PRESENT, -1: PAST, 1: FUTURE}[_REL_MONTH[g["rm"]]], parts
        return year_s, parts
    parts.update(month=month)
    if day is None:
        return f"{year_s}-{month:02d}", parts
    return f"{year_s}-{month:02d}-{day:02d}{_tod_suffix(g['tod'])}", parts


def _split_range(expr: str) -> tuple[str, str] | None:
    for m in _RANGE_SEP.finditer(expr):
        left, right = expr[: m.start()], expr[m.end() :]
        if left and right:
            return left, right
    return None


def _resolve_range(left: str, right: str, ctx: DateContext) -> str | None:
    """Resolve ``left``/``right``; the right end inherits the units it leaves out."""
    if left[-1].isdigit() or left[-1] in _CN_DIGITS or left[-1] == "十":
        # 1-8月, 9月1至7日, 2021-2025年: the left end borrows the unit of the right one.
        if re.search(r"\d[日号]$|[一二三四五六七八九十][日号]$", right):
            left += "日"
        elif "月" in right:
            left += "月"
        elif right.endswith(("年", "年度")):
            left += "年"
    lhs = _parse_single(left, ctx)
    if lhs is None:
        return None
    lvalue, lparts = lhs
    inherit: dict = {}
    if not _YEAR_IN.search(right) and not any(w in right for w in _REL_YEAR):
        inherit.update(year=lparts.get("year"), year_s=lparts["year_s"])
        if "月" not in right and "month" in lparts:
            inherit["month"] = lparts["month"]
    rhs = _parse_single(right, ctx, inherit)
    if rhs is None:
        return None
    rvalue = rhs[0]
    if inherit and rvalue[:4].isdigit() and rvalue < lvalue:
        # 12月至2月: the right end without a year of its own wraps into the next year.
        rvalue = _shift_period(rvalue, 1)
    return f"{lvalue}/{rvalue}"


def _shift_period(value: str, years: int) -> str:
    return re.sub(r"\d{4}", lambda m: f"{int(m.group()) + years:04d}", value)


def resolve_date(
    expr: str,
    ref_year: int | None = None,
    published: dt.date | str | None = None,
    last_event: str | None = None,
    context: DateContext | None = None,
) -> str | None:
    """Resolve one DATE expression to its TIMEX3 value.

    Args:
        expr: the span's text (normalised, simplified).
        ref_year: the reference year; overrides ``context.ref_year`` when given.
        published: the publication date (``date`` or ``YYYY-MM-DD``); when ``ref_year``
            is None its year becomes the reference year.
        last_event: the value of the event just mentioned (for ``当天``); overrides
            ``context.last_day`` when given.
        context: everything else a relative expression may refer to.

    Returns:
        The value, or None when the expression cannot be read.
    """
    ctx = context or DateContext()
    pub = _as_date(published) if published is not None else ctx.published
    if ref_year is None:
        ref_year = ctx.ref_year if ctx.ref_year is not None else (pub.year if pub else None)
    ctx = replace(ctx, ref_year=ref_year, published=pub,
                  last_day=last_event if last_event is not None else ctx.last_day)
    e = re.sub(r"\s+", "", expr)
    if not e:
        return None
    return _resolve(e, ctx)


def _resolve(e: str, ctx: DateContext) -> str | None:
    if e in _VAGUE:
        # 近期将 / 近日将: an event still to come.
        return FUTURE if ctx.future and e in ("近期", "近日") else _VAGUE[e]
    if _AGO.match(e) and not _YEAR_IN.match(e):
        return PAST
    plan = plan_years(e)
    if plan:
        return plan
    if e in ("去年同期", "上年同期"):
        return _shift_period(ctx.last_period, -1) if ctx.last_period else PAST
    m = _OPEN.match(e)
    if m:
        inner = _resolve(e[m.end() :], ctx)
        if inner and re.fullmatch(r"\d{4}|XXXX", inner) and e.endswith(("年底", "年末")):
            inner += "-12"  # 截至2023年底: up to the end of December
        return f"/{inner}" if inner and "/" not in inner and not inner.endswith("_REF") else None
    iso = _ISO.match(e)
    if iso:
        y, mo, d = int(iso.group(1)), int(iso.group(3)), int(iso.group(4))
        return f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else None
    rel = _relative_day(e, ctx)
    if rel is not None:
        return rel
    if e in ("本周", "上周", "下周"):
        return _week(e, ctx)
    if e.startswith("月") and e[1:2] in ("初", "底", "末"):
        year_s, month = _month_of_context(ctx)
        return f"{year_s}-{month:02d}" if month else PRESENT
    if e.removesuffix("以来") in ("年初", "年底", "年末", "年中"):
        return _fmt_year(ctx.ref_year)
    weekday = _weekday(e, ctx)
    if weekday is not None:
        return weekday
    single = _parse_single(e, ctx)
    if single is not None:
        return single[0]
    parts = _split_range(e)
    if parts is not None:
        return _resolve_range(parts[0], parts[1], ctx)
    return None


def _relative_day(e: str, ctx: DateContext) -> str | None:
    """昨日/今天/当天/次日 ... with an optional time of day; None when ``e`` is not one."""
    m = re.match(
        rf"^(昨日|昨天|前天|今天|今日|当天|当日|同日|同一天|同一日|次日|翌日|明天|明日|届时|[当今昨明]晚)({_TOD_RE})?(.*)$",
        e,
    )
    if not m:
        return None
    word, tod = m.group(1), m.group(2)
    suffix = _tod_suffix(tod)
    if word.endswith("晚"):
        # 当晚 = 当天晚上, 昨晚 = 昨天晚上 ...
        word, suffix = {"当": "当天", "今": "今天", "昨": "昨天", "明": "明天"}[word[0]], "TEV"
    if word in ("今天", "今日"):
        base = ctx.dateline or (ctx.published.isoformat() if ctx.published else None)
        return base[:10] + suffix if base else PRESENT
    if word in _DAY_OFFSETS:
        off = _DAY_OFFSETS[word]
        if ctx.published is None:
            return PAST if off < 0 else FUTURE
        return (ctx.published + dt.timedelta(days=off)).isoformat() + suffix
    last_day = ctx.last_day
    if last_day is None and word in _SAME_DAY:
        # 同日 opening a section of a round-up: the story goes on from the previous one.
        last_day = ctx.previous_day
    base = last_day or ctx.dateline or (ctx.published.isoformat() if ctx.published else None)
    if word == "届时":
        return base[:10] if base and ctx.last_day else FUTURE
    if base is None:
        return PAST
    if base.endswith("_REF"):
        return base
    if word in _NEXT_DAY:
        nxt = _shift_day(base, 1)
        return nxt + suffix if nxt else None
    return base[:10] + suffix


def _week(e: str, ctx: DateContext) -> str:
    if ctx.published is None:
        return {"本周": PRESENT, "上周": PAST, "下周": FUTURE}[e]
    day = ctx.published + dt.timedelta(weeks={"本周": 0, "上周": -1, "下周": 1}[e])
    monday = day - dt.timedelta(days=day.isoweekday() - 1)
    return f"{monday.isoformat()}/{(monday + dt.timedelta(days=6)).isoformat()}"


_WEEKDAY = re.compile(rf"^(上|下|本|这)?个?(?:周|星期|礼拜)([一二三四五六日天])({_TOD_RE})?$")


def _weekday(e: str, ctx: DateContext) -> str | None:
    """上周五, 星期三, 周五 → a date in the week of ``published`` (ISO week form without)."""
    m = _WEEKDAY.match(e)
    if not m:
        return None
    wd = 7 if m.group(2) in "日天" else _CN_DIGITS[m.group(2)]
    shift = {"上": -1, "下": 1}.get(m.group(1) or "", 0)
    if ctx.published is None:
        return f"{UNKNOWN_YEAR}-WXX-{wd}{_tod_suffix(m.group(3))}"
    monday = ctx.published - dt.timedelta(days=ctx.published.isoweekday() - 1)
    day = monday + dt.timedelta(weeks=shift, days=wd - 1)
    if not m.group(1) and day > ctx.published and not ctx.future:
        # A bare weekday in a report is the one just past, unless the text announces it.
        day -= dt.timedelta(weeks=1)
    return day.isoformat() + _tod_suffix(m.group(3))


def _as_date(value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


_COMPARED = re.compile(r"(?:较|比|相比|同比|与|和|对比)$")
_DAY_VALUE = re.compile(r"^(?:\d{4}|XXXX)-\d\d-\d\d")
_MONTH_VALUE = re.compile(r"^(?:\d{4}|XXXX)-\d\d")
_RELATIVE_DAY_WORDS = ("昨日", "昨天", "前天", "当天", "当日", "近日", "日前", "前不久", "不久前")


def resolve_dates(
    text: str,
    spans: list[tuple[int, int]],
    sections: list[tuple[int, int]],
    published: dt.date | None,
) -> list[str | None]:
    """Resolve every DATE span of a document.

    Args:
        text: the normalised (simplified) document text.
        spans: DATE spans as ``(start, end)`` offsets, in text order.
        sections: the document's sections as ``(start, end)``; each resolves on its own
            reference year when ``published`` is not given.
        published: the publication date, the reference for relative expressions.

    Returns:
        One TIMEX3 value (or ``None`` when unresolvable) per span.
    """
    published = _as_date(published)
    sections = sorted(sections) or [(0, len(text))]
    # Explicit years are read from the DATE spans themselves, so that numbers in names
    # (剑锋2022-3号) or in quoted titles never set the reference year. A year that names
    # the event being reported (2024年“3·15”主场活动) outranks the years of statistics
    # (2023年,全省共受理…), in the section and then in the whole document.
    doc_event = _first(_event_years(text, spans, (0, len(text))))
    doc_vote = _most_common(_span_years(text, spans))

    def section_index(offset: int) -> int:
        for n, (s, e) in enumerate(sections):
            if s <= offset < e:
                return n
        return max(0, len(sections) - 1)

    by_section: dict[int, list[int]] = {}
    for k, (s, _e) in enumerate(spans):
        by_section.setdefault(section_index(s), []).append(k)

    values: list[str | None] = [None] * len(spans)
    dateline: str | None = None
    previous_day: str | None = None
    for n in sorted(by_section):
        idx = by_section[n]
        if published is not None:
            ref = published.year
        else:
            own = [spans[k] for k in idx]
            ref = next((y for y in (
                _first(_event_years(text, own, sections[n])), doc_event,
                _most_common(_span_years(text, own)), doc_vote,
            ) if y is not None), None)
            if ref is None:
                # No DATE span states a year: a year the text states elsewhere (an edition
                # or season name, 2023—2024冬季旅游季), in the section, then anywhere.
                ref = _first(_text_years(text, *sections[n])) or _first(_text_years(text, 0, len(text)))
        ctx = DateContext(ref_year=ref, published=published, dateline=dateline,
                          previous_day=previous_day)
        for k in idx:
            s, e = spans[k]
            expr = text[s:e]
            before, after = text[max(0, s - 4) : s], text[e : e + 6]
            local = replace(
                ctx,
                generic=bool(_GENERIC_BEFORE.search(before) or _GENERIC_AFTER.match(after)),
                future=bool(_FUTURE_AFTER.match(after)),
            )
            value = contract_value(resolve_date(expr, context=local))
            values[k] = value
            if value is None:
                continue
            ctx = _remember(ctx, expr, value, before)
            if _DATELINE_AFTER.match(after) and _DAY_VALUE.match(value):
                dateline = value[:10]
                ctx = replace(ctx, dateline=dateline)
        if ctx.last_day and _DAY_VALUE.match(ctx.last_day):
            previous_day = ctx.last_day
    return values


# The value grammar of ANNOTATION.md §2 (the same one tools/validate_gold.py checks).
_POINT = r"(\d{4}|XXXX)(-(Q[1-4]|H[12]|\d{2}(-\d{2})?))?(T(MO|AF|EV|NI))?"
CONTRACT_VALUE = re.compile(rf"^(PAST_REF|FUTURE_REF|{_POINT}(/({_POINT})?)?|/{_POINT})$")


def contract_value(value: str | None) -> str | None:
    """Keep ``value`` when the contract's grammar admits it, else the nearest it admits.

    The resolver can say more than the contract does (``PRESENT_REF`` for 今天 with no
    reference, ISO weeks, a day of an unknown month); those become ``PAST_REF``: news
    reports what has happened, and an underspecified anchor is not a calendar position.
    """
    if value is None or CONTRACT_VALUE.match(value):
        return value
    return PAST


def _first(years: list[int]) -> int | None:
    return years[0] if years else None


_BARE_YEAR = re.compile(r"^(\d{4}|[〇零一二三四五六七八九]{4})年$")
# Head nouns of event names: a year right before a name ending in one of them names this
# year's edition (2024年全国知识产权宣传周, 2023年全省质量工作会议).
_EVENT_HEADS = (
    "活动|会议|大会|宣传周|活动周|宣传月|活动月|论坛|博览会|展会|展览会|交易会|洽谈会|峰会|大赛"
    "|竞赛|比赛|联赛|运动会|仪式|开幕式|年会|座谈会|推进会|发布会|培训班|节|季|周|月|日"
)
_EVENT_AFTER = re.compile(
    rf"(?:[“「『‘\"]|[^\s,.;:!?()、。;:!?]{{0,24}}?(?:{_EVENT_HEADS}))"
)
# Words of a clause, not of a name: 2023年全省共举办活动 states when things happened.
_CLAUSE_WORDS = re.compile(
    r"共|累计|合计|全年|先后|新增|完成|实现|受理|查处|办理|举办|开展|组织|召开|举行|发布|达到"
    r"|同比|增长|下降|将|已|被|同期|同月|同季"
)


def _names_event(text: str, end: int) -> bool:
    """Whether the text from ``end`` on is the name of an event (``“3·15”…活动``,
    ``全国特种设备安全工作会议``, ``冰雪节``) rather than a clause.
    """
    name = _EVENT_AFTER.match(text, end, min(len(text), end + 30))
    return name is not None and not _CLAUSE_WORDS.search(name.group())


def _event_years(
    text: str, spans: list[tuple[int, int]], bounds: tuple[int, int] | None = None
) -> list[int]:
    """Years that name the edition of an event, in text order.

    A DATE span that is a bare year before an event name (``2024年“3·15”…活动``,
    ``2024年全国特种设备安全工作会议``), or, within ``bounds``, a year written without 年
    right before one (``“2024冰雪节”``, ``2024—2025冰雪季``: the range's first year).
    """
    found: list[tuple[int, int]] = []
    for s, e in spans:
        m = _BARE_YEAR.match(re.sub(r"\s+", "", text[s:e]))
        if not m or _in_title(text, s) or _COMPARED.search(text[max(0, s - 4) : s]):
            continue  # 较2022年同月: a point of comparison
        y = cn_number(m.group(1))
        if y is not None and 1900 <= y <= 2099 and _names_event(text, e):
            found.append((s, y))
    if bounds is not None:
        for m in _TEXT_YEAR.finditer(text, *bounds):
            end = m.end()
            rng = _YEAR_RANGE_END.match(text, end)
            if rng:
                end = rng.end()
            if text.startswith("年", end) or _in_title(text, m.start()):
                continue  # a DATE span (2024年) is read above
            if not _NOT_A_YEAR_AFTER.match(text[m.end() : m.end() + 8]) and _names_event(text, end):
                found.append((m.start(), int(m.group(1))))
    return [y for _, y in sorted(found)]


_TEXT_YEAR = re.compile(r"(?<![\dA-Za-z\-./_#·])((?:19|20)\d\d)(?!\d)")
# After a year-like number: a short number joined by a dash (剑锋2022-3号) makes it an
# identifier; a classifier or unit makes it a count (2000家); 以来 counts back from it.
_NOT_A_YEAR_AFTER = re.compile(
    r"^(?:[-—–/.]\d{1,3}(?!\d)|[余多万亿千百个家名位人项件元次种户台辆场所处条起套张份批吨米%]"
    r"|年?以来|年?前)"
)


_YEAR_RANGE_END = re.compile(r" ?(?:[-—–~]|——|至|到) ?(?:19|20)\d\d(?!\d)")


def _text_years(text: str, start: int, end: int) -> list[int]:
    """Plausible years written in ``text[start:end]`` outside DATE spans, in text order.

    ``2023—2024冬季旅游季`` gives 2023 and 2024 (a range's first year comes first);
    years inside 《titles》 and identifier-like tokens (剑锋2022-3号) are skipped.
    """
    years: list[int] = []
    for m in _TEXT_YEAR.finditer(text, start, end):
        if _in_title(text, m.start()) or _NOT_A_YEAR_AFTER.match(text[m.end() : m.end() + 8]):
            continue
        years.append(int(m.group(1)))
    return years


def _in_title(text: str, start: int) -> bool:
    """True when ``start`` lies inside a 《title》 (an open 《 not yet closed before it)."""
    before = text[max(0, start - 60) : start]
    return before.rfind("《") > before.rfind("》")


def _span_years(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """Explicit years stated by DATE spans, for the reference-year vote.

    Years counted from (``2020年以来``), range ends and years inside 《titles》 (a report
    on last year: 《2021年质量状况白皮书》) do not say when the article's events happen;
    title years are used only when nothing else is stated.
    """
    years: list[int] = []
    title_years: list[int] = []
    for s, e in spans:
        expr = re.sub(r"\s+", "", text[s:e])
        if expr.endswith(("以来", "前")) or _RANGE_SEP.search(expr.lstrip("截至止")):
            continue
        bucket = title_years if _in_title(text, s) else years
        for m in _YEAR_IN.finditer(expr):
            y = cn_number(m.group(1))
            if y is not None and 1900 <= y <= 2099:
                bucket.append(y)
    return years or title_years


def _remember(ctx: DateContext, expr: str, value: str, before: str = "") -> DateContext:
    """Update the section context after resolving ``expr`` to ``value``.

    Args:
        ctx: the section context so far.
        expr: the DATE span's text.
        value: its resolved value.
        before: the text right before the span (比/较 mark a point of comparison, which is
            not a period the text reports on).
    """
    changes: dict = {}
    e = re.sub(r"\s+", "", expr)
    if "/" not in value and _DAY_VALUE.match(value):
        changes["last_day"] = value[:10]
    elif value == PAST and e.startswith(_RELATIVE_DAY_WORDS):
        # 近日 … 当天: the event happened on a day we cannot place either.
        changes["last_day"] = PAST
    first = value.lstrip("/").split("/")[0]
    if _MONTH_VALUE.match(first):
        changes["last_month"] = first[:7]
    y = _YEAR_IN.search(e)
    if y and not e.endswith(("以来", "前")):
        changes["last_year"] = cn_number(y.group(1))
    # 去年同期 refers back to the latest period or date the text reports on: a range (also
    # open, 截至6月7日), a quarter, half, month, day or year; not plan periods (2021/2025).
    reported = (
        "_REF" not in value
        and not re.match(r"^\d{4}/\d{4}$", value)
        and not e.startswith(("去年", "上年", "前年"))
        and not _COMPARED.search(before)
    )
    if reported:
        changes["last_period"] = re.sub(r"T(?:MO|AF|EV|NI|MI)", "", value)
    return replace(ctx, **changes) if changes else ctx

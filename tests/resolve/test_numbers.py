"""Numerals and approximators (govbrief.resolve.numbers)."""

import pytest

from govbrief.resolve.numbers import (
    Quantity,
    approx_code,
    is_round,
    parse_number,
    parse_quantity,
    tenths_to_percent,
)

# fmt: off
NUMBERS = [
    # Arabic
    ("18", 18), ("3,000", 3000), ("1,000,000", 1000000), ("94.12", 94.12), ("0.5", 0.5),
    # Chinese
    ("一", 1), ("两", 2), ("十", 10), ("十五", 15), ("二十", 20), ("二十三", 23),
    ("一百", 100), ("一百零五", 105), ("一千二百", 1200), ("一千零一", 1001),
    ("两万五千", 25000), ("十万", 100000), ("一亿二千万", 120000000),
    ("百", 100), ("千", 1000), ("万", 10000), ("百万", 1000000), ("亿", 100000000),
    # contractions and spoken abbreviations
    ("廿", 20), ("廿三", 23), ("卅", 30), ("三百五", 350), ("一万二", 12000),
    # zero and digit strings (years)
    ("〇", 0), ("零", 0), ("二〇二二", 2022),
    # mixed
    ("1.2万", 12000), ("32.56万", 325600), ("1.58亿", 158000000), ("3千万", 30000000),
    ("2.35亿", 235000000),
]
UNREADABLE = ["", "三四", "十四五", "百千万", "万千百十一", "1,00", "1.2.3", "几", "数", "abc"]
QUANTITIES = [
    ("1000余", Quantity(1000, "more")), ("40多", Quantity(40, "more")),
    ("十几", Quantity(10, "more")), ("几十", Quantity(10, "more")),
    ("数百", Quantity(100, "more")), ("3000余万", Quantity(30000000, "more")),
    ("二十多万", Quantity(200000, "more")), ("千余", Quantity(1000, "more")),
    ("1.2万余", Quantity(12000, "more")), ("21", Quantity(21, None)),
]
APPROX = [
    (("近",), "about"), (("约",), "about"), (("左右",), "about"), (("将近",), "about"),
    (("超过",), "more"), (("超",), "more"), (("逾",), "more"), (("以上",), "more"),
    (("余",), "more"), (("多",), "more"), (("上",), "more"),
    (("不到",), "less"), (("不足",), "less"), (("以下",), "less"),
    ((None, "以上"), "more"), ((None, None), None), (("共",), None),
]
# fmt: on


@pytest.mark.parametrize("text,value", NUMBERS)
def test_numbers_parse(text, value):
    got = parse_number(text)
    assert got == value
    assert type(got) is type(value)


@pytest.mark.parametrize("text", UNREADABLE)
def test_numbers_unreadable_is_none(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("text,quantity", QUANTITIES)
def test_numbers_quantity_with_vague_markers(text, quantity):
    assert parse_quantity(text) == quantity


@pytest.mark.parametrize("text", ["余", "多", "几", "数", "〇", "三四", "1000余余"])
def test_numbers_quantity_rejects_vague_or_zero(text):
    assert parse_quantity(text) is None


@pytest.mark.parametrize("words,code", APPROX)
def test_numbers_approx_code(words, code):
    assert approx_code(*words) == code


@pytest.mark.parametrize("tenths,percent", [(3, 30), (1, 10), (3.5, 35), (10, 100)])
def test_numbers_tenths_to_percent(tenths, percent):
    assert tenths_to_percent(tenths) == percent


@pytest.mark.parametrize(
    "text,expected",
    [("百", True), ("千", True), ("万", True), ("百万", True), ("十", False),
     ("一百", False), ("100", False), ("三", False), ("", False)],
)
def test_numbers_is_round(text, expected):
    assert is_round(text) is expected

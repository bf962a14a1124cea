"""Numbers in Chinese briefs: numerals to values, approximators to ``approx`` codes.

Pure functions used by the COUNT extractor (ANNOTATION.md §2 COUNT):

- :func:`parse_number` reads Arabic, Chinese and mixed numerals: ``3,000``, ``94.12``,
  ``一千二百``, ``两``, ``廿``/``卅``, ``〇``/``零``, ``十五``, ``1.2万``, ``3千万``,
  ``一万二`` (= 12000, the spoken abbreviation), ``二〇二二`` (a digit string).
- :func:`parse_quantity` also reads the vague markers that sit *inside* a numeral
  (``1000余``, ``40多``, ``十几``, ``几十``, ``数百``, ``3000余万``) and reports them as
  an approximation.
- :func:`approx_code` maps approximator words around a count (``近``, ``约``, ``超过``,
  ``以上``, ``左右``, ``不到`` ...) to ``more``/``about``/``less``.
- :func:`tenths_to_percent` turns ``成`` (tenths) into a percentage: 三成 → 30.

Arithmetic uses :class:`decimal.Decimal` so that ``1.58亿`` is exactly 158000000, and
:func:`as_number` returns an ``int`` whenever the value is integral. Nothing here raises
on bad input: an unreadable numeral is ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

MORE, ABOUT, LESS = "more", "about", "less"

DIGITS: dict[str, int] = {
    "〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
    "六": 6, "七": 7, "八": 8, "九": 9,
}
SMALL_UNITS: dict[str, int] = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS: dict[str, int] = {"万": 10_000, "亿": 100_000_000}
# 廿 and 卅 are written forms of 二十 and 三十 (廿三 = 23).
CONTRACTIONS: dict[str, str] = {"廿": "二十", "卅": "三十", "卌": "四十"}

# Vague markers inside a numeral: 余/多 follow a number (1000余, 四十多), 几 stands for an
# unknown digit (十几, 几十), 数 leads an order of magnitude (数十, 数百).
VAGUE_MARKERS = "余多几"
VAGUE_LEADERS = ("数", "几")

# Approximators written around a count, longest first where one contains another.
APPROX_WORDS: dict[str, str] = {
    # before the number
    "超过": MORE, "超出": MORE, "多达": MORE, "逾": MORE, "超": MORE, "上": MORE,
    "将近": ABOUT, "接近": ABOUT, "近": ABOUT, "大约": ABOUT, "约": ABOUT, "大概": ABOUT,
    "不超过": LESS, "不到": LESS, "不足": LESS, "少于": LESS,
    # after the number or the unit
    "余": MORE, "多": MORE, "几": MORE, "数": MORE, "以上": MORE,
    "左右": ABOUT, "上下": ABOUT,
    "以下": LESS, "以内": LESS,
}


@dataclass(frozen=True)
class Quantity:
    """A numeral read from text.

    Attributes:
        value: the number (``int`` when integral, else ``float``), multipliers applied.
        approx: ``more``/``about``/``less`` when the numeral itself is vague
            (``1000余`` → ``more``), else ``None``.
    """

    value: int | float
    approx: str | None = None


def as_number(value: Decimal) -> int | float:
    """``int`` when ``value`` is integral, else ``float``."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _arabic(text: str) -> Decimal | None:
    """An Arabic numeral with optional thousands separators and decimals."""
    plain = text.replace(",", "")
    if not plain or plain.count(".") > 1 or plain.startswith(".") or plain.endswith("."):
        return None
    if "," in text:
        head, *groups = text.split(".")[0].split(",")
        if not (1 <= len(head) <= 3 and all(len(g) == 3 for g in groups)):
            return None
    try:
        return Decimal(plain)
    except InvalidOperation:
        return None


def _split_arabic_prefix(text: str) -> tuple[str, str]:
    """Split ``1.2万`` into ``("1.2", "万")``."""
    i = 0
    while i < len(text) and (text[i].isascii() and (text[i].isdigit() or text[i] in ".,")):
        i += 1
    return text[:i], text[i:]


def _chinese(text: str) -> Decimal | None:
    """Read a Chinese numeral: 一千二百, 两万五千, 十五, 百, 一万二, 二〇二二.

    The algorithm keeps three registers: ``total`` (everything already closed by 万 or
    亿), ``section`` (the part below the next big unit) and ``number`` (the digit waiting
    for its unit). A trailing digit after a unit of 百 or more is the spoken abbreviation
    (一万二 = 12000, 三千五 = 3500) unless 零 intervened (一百零五 = 105).
    """
    for short, full in CONTRACTIONS.items():
        text = text.replace(short, full)
    if not text:
        return None
    # A plain digit string (二〇二二) reads digit by digit; we only accept it when it
    # contains a zero, as years do. 三四 is "three or four", not 34.
    if all(ch in DIGITS for ch in text):
        if len(text) == 1:
            return Decimal(DIGITS[text])
        if any(ch in "〇零" for ch in text) and "两" not in text:
            return Decimal("".join(str(DIGITS[ch]) for ch in text))
        return None
    total = Decimal(0)
    section = Decimal(0)
    number: Decimal | None = None
    last_unit = 0  # the small unit just closed (0 after a big unit or at the start)
    after_zero = False
    prev_digit = False
    for ch in text:
        if ch in DIGITS:
            if prev_digit:
                return None  # two digits in a row: 三四, 十四五
            if DIGITS[ch] == 0:
                after_zero = True
                continue
            number = Decimal(DIGITS[ch])
            prev_digit = True
        elif ch in SMALL_UNITS:
            if number is None and last_unit:
                return None  # two units in a row: 百千, 千百
            # 十, 百, 千 standing alone mean one ten / hundred / thousand.
            section += (number or Decimal(1)) * SMALL_UNITS[ch]
            number, last_unit, after_zero, prev_digit = None, SMALL_UNITS[ch], False, False
        elif ch in BIG_UNITS:
            amount = section + (number or 0)
            if amount == 0:
                if total:
                    return None  # 万亿 written without a digit in between
                amount = Decimal(1)  # 万 alone is ten thousand
            if ch == "亿":
                total = (total + amount) * BIG_UNITS[ch]
            else:
                total += amount * BIG_UNITS[ch]
            section, number, last_unit, after_zero, prev_digit = Decimal(0), None, 0, False, False
        else:
            return None
    if number is not None:
        if last_unit >= 100 and not after_zero:
            number = number * last_unit / 10  # 三百五 = 350
        elif last_unit == 0 and total and not after_zero:
            number = number * 1000  # 一万二 = 12000
        section += number
    return total + section


def parse_number(text: str) -> int | float | None:
    """Read a numeral without vague markers.

    Args:
        text: Arabic (``3,000``, ``94.12``), Chinese (``一千二百``, ``廿``) or mixed
            (``1.2万``, ``3千万``) numeral, already normalised (half-width digits).

    Returns:
        The value with 万/亿 applied, ``int`` when integral; ``None`` when unreadable.

    Examples:
        >>> parse_number("1.2亿")
        120000000
        >>> parse_number("一千二百")
        1200
    """
    value = _parse_decimal(text)
    return None if value is None else as_number(value)


def _parse_decimal(text: str) -> Decimal | None:
    text = text.strip()
    if not text:
        return None
    head, tail = _split_arabic_prefix(text)
    if head:
        lead = _arabic(head)
        if lead is None:
            return None
        if not tail:
            return lead
        # After Arabic digits only multipliers may follow (1.2万, 3千万), not digits.
        if any(ch not in SMALL_UNITS and ch not in BIG_UNITS for ch in tail):
            return None
        value = lead
        # Multiply by each unit in turn: 3千万 = 3 × 1000 × 10000.
        for ch in tail:
            value *= SMALL_UNITS.get(ch) or BIG_UNITS[ch]
        return value
    return _chinese(text)


# Cached: the same few numerals (1, 10, 一, 百) recur in every document, and a Quantity is
# immutable.
@lru_cache(maxsize=4096)
def parse_quantity(text: str) -> Quantity | None:
    """Read a numeral that may carry vague markers (余, 多, 几, 数).

    The markers are removed and reported as ``approx="more"``: ``1000余`` → 1000,
    ``十几`` → 10, ``几十`` and ``数十`` → 10, ``3000余万`` → 30000000.

    Args:
        text: the numeral as written.

    Returns:
        A :class:`Quantity`, or ``None`` when nothing numeric is left or it is unreadable.
    """
    text = text.strip()
    approx = None
    if text[:1] in VAGUE_LEADERS:
        # 数十/几百: the order of magnitude is known, the digit is not.
        rest = text[1:]
        if not rest or rest[0] not in SMALL_UNITS and rest[0] not in BIG_UNITS:
            return None
        text, approx = rest, MORE
    if any(m in text for m in VAGUE_MARKERS):
        if text[0] in VAGUE_MARKERS:
            return None
        stripped = "".join(ch for ch in text if ch not in VAGUE_MARKERS)
        if not stripped or len(text) - len(stripped) > 1:
            return None
        text, approx = stripped, MORE
    value = parse_number(text)
    if value is None or value == 0:
        return None
    return Quantity(value, approx)


def approx_code(*words: str | None) -> str | None:
    """The ``approx`` code of the first approximator word given.

    Args:
        *words: approximators found around a count, most important first (the word
            before the number, then vague markers inside it, then a word after the unit).
            ``None`` and empty strings are skipped.

    Returns:
        ``"more"``, ``"about"`` or ``"less"``; ``None`` when no word is an approximator.
    """
    for word in words:
        if word and word in APPROX_WORDS:
            return APPROX_WORDS[word]
    return None


def tenths_to_percent(value: int | float) -> int | float:
    """``成`` counts tenths: 三成 → 30 (%), 3.5成 → 35."""
    return as_number(Decimal(str(value)) * 10)


def is_round(text: str) -> bool:
    """True for a bare order of magnitude written alone: 百, 千, 万, 百万, 千万, 亿.

    Such numerals often belong to names and set phrases (百家电商平台, 千家万户), so the
    extractor treats them with more suspicion than 100 or 一百.
    """
    return bool(text) and all(ch in "十百千万亿" for ch in text) and text[0] != "十"

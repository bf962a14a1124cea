"""Assembly (``govbrief.assemble``): records and gold spans agree with the sections."""

from __future__ import annotations

import pytest

# Two reports, each closed by a byline; officials and places in both.
ROUNDUP = (
    "9月2日,安徽省市场监管局党组书记、局长王建国在合肥出席“质量月”启动仪式。"
    "全省16个市同步开展活动。\n"
    "(张三 李四)\n"
    "9月5日,浙江省市场监管局副局长陈立新在杭州宣布启动活动,共有20家企业参加。\n"
    "(王五)\n"
)

_LISTS = ("dates", "agencies", "organizations", "locations", "counts", "campaigns")


@pytest.fixture(scope="module")
def outputs(extractor):
    return extractor.annotate(ROUNDUP, published="2022-09-06"), extractor.extract(
        ROUNDUP, published="2022-09-06")


def _inside(offset, sections):
    return any(a <= offset < b for a, b in sections)


def test_assemble_records_one_per_province(outputs):
    gold, records = outputs
    assert [r["province"] for r in records] == ["安徽省", "浙江省"]
    assert [[s["start"], s["end"]] for s in gold["sections"]] == [
        sec for r in records for sec in r["sections"]]


def test_assemble_record_entries_lie_in_their_sections(outputs):
    _, records = outputs
    for rec in records:
        for key in _LISTS:
            for item in rec[key]:
                assert _inside(item["start"], rec["sections"]), (rec["province"], item)
        for off in rec["officials"]:
            assert all(_inside(s, rec["sections"]) for s, _ in off["mentions"])


def test_assemble_records_cover_every_gold_span(outputs):
    gold, records = outputs
    label_of = {"dates": "DATE", "agencies": "AGENCY", "organizations": "ORG",
                "locations": "GPE", "counts": "COUNT", "campaigns": "CAMPAIGN"}
    got = sorted((label_of[k], i["start"], i["end"]) for r in records for k in _LISTS
                 for i in r[k])
    want = sorted((s["label"], s["start"], s["end"]) for s in gold["spans"]
                  if s["label"] in label_of.values())
    assert got == want and got


def test_assemble_gold_spans_carry_provenance(outputs):
    gold, _ = outputs
    assert gold["spans"] and all(s["source"] == "rule" and s["rule_id"] for s in gold["spans"])
    assert all(ROUNDUP[s["start"]:s["end"]] == s["text"] for s in gold["spans"])
    counts = [s for s in gold["spans"] if s["label"] == "COUNT"]
    assert [c["value"] for c in counts] == [16, 20]


def test_assemble_officials_and_reporters_go_to_their_province(outputs):
    _, records = outputs
    assert [[o["name"] for o in r["officials"]] for r in records] == [["王建国"], ["陈立新"]]
    assert [r["reporters"] for r in records] == [["张三", "李四"], ["王五"]]

"""Typed records (govbrief.records): exact round trip on real output, DataFrames."""

from __future__ import annotations

import json
import sys

import pytest

from govbrief.errors import UsageError
from govbrief.records import (
    Count,
    DateValue,
    MissingExtraError,
    Official,
    Place,
    Record,
    records_from_dicts,
    to_dataframe,
)


@pytest.fixture(scope="module")
def sample_records(root):
    """Every record a real rules-only Extractor gives for data/samples."""
    from govbrief import Extractor
    from govbrief.io import InputDoc, iter_documents

    ex = Extractor(model=False)
    out = []
    for item in iter_documents([str(root / "data" / "samples")]):
        assert isinstance(item, InputDoc), item
        out.extend(ex.extract(item.text, item.published, item.id))
    assert len(out) >= 10
    return out


def test_records_round_trip_every_sample_record(sample_records):
    for d in sample_records:
        rec = Record.from_dict(d)
        assert rec.to_dict() == d
        # same key order too, so re-serialised JSON is byte-identical
        assert json.dumps(rec.to_dict(), ensure_ascii=False) == json.dumps(d, ensure_ascii=False)


def test_records_typed_parts(sample_records):
    records = records_from_dicts(sample_records)
    assert all(isinstance(r, Record) for r in records)
    kinds = {type(e) for r in records for e in r.dates + r.counts + r.locations + r.officials}
    assert {DateValue, Count, Place, Official} <= kinds
    official = next(o for r in records for o in r.officials)
    assert isinstance(official.mentions[0], tuple) and official.titles
    count = next(c for r in records for c in r.counts)
    assert isinstance(count.value, (int, float)) and count.unit


@pytest.mark.parametrize("cls, d", [
    (Count, {"text": "1000余名", "start": 3, "end": 9, "value": 1000, "unit": "名",
             "approx": "more"}),
    (Count, {"text": "2至3项", "start": 0, "end": 4, "value": 3, "unit": "项", "min": 2}),
    (Place, {"text": "合肥", "start": 30, "end": 32}),
    (DateValue, {"text": "近日", "start": 0, "end": 2, "value": "PAST_REF"}),
    (Official, {"name": "张三", "titles": ["副省长"], "mentions": [[1, 3], [9, 11]]}),
])
def test_records_part_round_trip(cls, d):
    assert cls.from_dict(d).to_dict() == d


def test_records_unknown_keys_are_kept():
    d = {"doc_id": "x", "province": "安徽省", "province_code": "340000", "sections": [],
         "dates": [{"text": "今年", "start": 0, "end": 2, "value": "2024", "source": "rule"}],
         "officials": [], "agencies": [], "organizations": [], "locations": [], "counts": [],
         "campaigns": [], "reporters": [], "published": "2024-01-02"}
    rec = Record.from_dict(d)
    assert rec.extra == {"published": "2024-01-02"}
    assert rec.dates[0].extra == {"source": "rule"}
    assert rec.to_dict() == d


def test_records_from_parquet_style_rows_with_nulls():
    """Rows read from Parquet carry absent attributes as None; to_dict drops them."""
    row = {"doc_id": "x", "province": "安徽省", "province_code": None, "sections": [[0, 5]],
           "dates": None, "officials": [], "agencies": [], "organizations": [],
           "locations": [{"text": "合肥", "start": 1, "end": 3, "name": None, "code": None}],
           "counts": [], "campaigns": [], "reporters": None}
    assert Record.from_dict(row).to_dict()["locations"] == [{"text": "合肥", "start": 1, "end": 3}]


def test_records_not_a_record():
    with pytest.raises(ValueError, match="doc_id"):
        Record.from_dict({"id": "s001", "text": "..."})


def test_records_dataframe_one_row_per_record(sample_records):
    pytest.importorskip("pandas")
    df = to_dataframe(records_from_dicts(sample_records))
    assert len(df) == len(sample_records)
    assert list(df.columns)[:3] == ["doc_id", "province", "province_code"]
    assert df["counts"].tolist() == [r["counts"] for r in sample_records]  # kept as lists
    assert to_dataframe(sample_records)["doc_id"].tolist() == df["doc_id"].tolist()  # dicts too


@pytest.mark.parametrize("field", ["counts", "officials", "agencies", "reporters", "sections"])
def test_records_dataframe_explode(sample_records, field):
    pytest.importorskip("pandas")
    df = to_dataframe(sample_records, explode=field)
    assert len(df) == sum(len(r[field]) for r in sample_records)
    assert list(df.columns)[:3] == ["doc_id", "province", "province_code"]
    if field == "counts":
        assert {"value", "unit", "approx", "object"} <= set(df.columns)
        assert df["value"].sum() == pytest.approx(
            sum(c["value"] for r in sample_records for c in r["counts"]))
    if field == "officials":
        assert all(isinstance(t, list) for t in df["titles"])


def test_records_dataframe_empty_has_columns():
    pytest.importorskip("pandas")
    assert list(to_dataframe([], explode="dates").columns) == [
        "doc_id", "province", "province_code", "text", "start", "end", "value"]
    assert len(to_dataframe([]).columns) == 12


def test_records_dataframe_bad_explode(sample_records):
    pytest.importorskip("pandas")
    with pytest.raises(ValueError, match="counts"):
        to_dataframe(sample_records, explode="text")


def test_records_dataframe_without_pandas_names_the_extra(monkeypatch, sample_records):
    monkeypatch.setitem(sys.modules, "pandas", None)  # makes `import pandas` fail
    with pytest.raises(MissingExtraError, match=r'pip install "govbrief\[pandas\]"') as info:
        to_dataframe(sample_records)
    assert isinstance(info.value, UsageError) and isinstance(info.value, ImportError)


def test_records_lazy_top_level_names():
    import govbrief

    assert govbrief.Record is Record and govbrief.to_dataframe is to_dataframe
    assert govbrief.records_from_dicts is records_from_dicts

"""Output writers (govbrief.formats): every format written and read back, atomicity."""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import sys
from pathlib import Path

import pytest

from govbrief.errors import UsageError
from govbrief.formats import format_from_path, open_writer
from govbrief.formats.text import BOM, CSV_COLUMNS, EXPLODE_COLUMNS

# Briefs written for these tests (not corpus text): one place, traditional script,
# national (no province record), and a two-province round-up.
BRIEFS = [
    ("henan", "2024-03-13",
     "2024年3月12日上午，河南省市场监管局在郑州召开全省计量工作会议。河南省市场监管局党组书记、"
     "局长王建国出席会议并讲话。会议通报，全省已建成社会公用计量标准1200余项，培训计量人员3000名，"
     "并将在18个地市开展“计量惠民”专项行动。"),
    ("guangdong", "2023-09-06",
     "9月5日，廣東省市場監管局聯合省教育廳等12個部門啟動“質量月”活動。廣東省副省長陳海峰出席"
     "啟動儀式。活動期間，全省將舉辦質量開放日等活動60餘場。"),
    ("national", None, "近日，市场监管总局发布通知，要求各地加强电梯安全管理。"),
    ("roundup", "2024-04-05",
     "4月2日，山东省药监局在济南启动“安全用药月”活动，全省设立宣传点300个。\n(王芳)\n"
     "4月3日，云南省药监局在昆明召开会议，部署开展“安全用药月”活动，副局长于小川出席会议，"
     "全省将组织培训班20个。\n(赵磊)"),
]

EXT = {"jsonl": "jsonl", "csv": "csv", "parquet": "parquet", "sqlite": "db"}
ALL_FORMATS = list(EXT)


@pytest.fixture(scope="module")
def docs():
    """``[(info, records, gold)]`` from a real rules-only Extractor over BRIEFS."""
    from govbrief import Extractor

    ex = Extractor(model=False)
    out = []
    for doc_id, published, text in BRIEFS:
        info = {"id": doc_id, "source": f"{doc_id}.txt", "line": None, "published": published}
        doc = ex.process(text, published, doc_id)
        from govbrief import assemble

        out.append((info, assemble.to_records(doc), assemble.to_gold(doc)))
    return out


@pytest.fixture(scope="module")
def records(docs):
    return [r for _info, recs, _gold in docs for r in recs]


def write_all(path, fmt, docs, **kwargs):
    with open_writer(path, fmt, **kwargs) as w:
        for info, recs, _gold in docs:
            w.write(info, recs)
    return w


def read_ids(path: Path, fmt: str) -> list[str]:
    """Document ids in an output, in file order (with repeats for several records)."""
    if fmt == "jsonl":
        return [json.loads(line)["doc_id"] for line in path.read_text("utf-8").splitlines()]
    if fmt == "csv":
        with open(path, encoding="utf-8-sig", newline="") as fh:
            return [row["doc_id"] for row in csv.DictReader(fh)]
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return pq.read_table(path, columns=["doc_id"]).column(0).to_pylist()
    with sqlite3.connect(path) as conn:
        return [r[0] for r in conn.execute("SELECT doc_id FROM records ORDER BY record_id")]


def test_formats_extractor_output_has_what_the_tests_need(docs, records):
    assert [len(recs) for _i, recs, _g in docs] == [1, 1, 0, 2]
    assert any(c["unit"] == "个" for r in records for c in r["counts"])


# ---- JSON Lines ---------------------------------------------------------------------

def test_formats_jsonl_round_trip(tmp_path, docs, records):
    path = tmp_path / "out.jsonl"
    w = write_all(path, "jsonl", docs)
    lines = path.read_text("utf-8").splitlines()
    assert [json.loads(line) for line in lines] == records
    assert "河南省" in lines[0]  # not ASCII-escaped
    assert w.done_ids() == {"henan", "guangdong", "national", "roundup"}


def test_formats_jsonl_annotate(tmp_path, docs):
    path = tmp_path / "gold.jsonl"
    with open_writer(path, "jsonl", mode="annotate") as w:
        for info, _recs, gold in docs:
            w.write(info, gold)
    back = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    assert back == [gold for _i, _r, gold in docs]
    with open_writer(path, "jsonl", mode="annotate", append=True) as w2:
        assert w2.done_ids() == {"henan", "guangdong", "national", "roundup"}


@pytest.mark.parametrize("fmt", ["csv", "parquet", "sqlite"])
def test_formats_annotate_is_jsonl_only(tmp_path, fmt):
    with pytest.raises(UsageError, match="jsonl"):
        open_writer(tmp_path / f"x.{EXT[fmt]}", fmt, mode="annotate")


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_formats_stdout(capsys, docs, records, fmt):
    with open_writer("-", fmt) as w:
        for info, recs, _gold in docs:
            w.write(info, recs)
    out = capsys.readouterr().out
    if fmt == "jsonl":
        assert [json.loads(line) for line in out.splitlines()] == records
    else:
        assert not out.startswith("\ufeff")  # no BOM on a pipe
        rows = list(csv.DictReader(out.splitlines()))
        assert [r["doc_id"] for r in rows] == [r["doc_id"] for r in records]


@pytest.mark.parametrize("fmt", ["parquet", "sqlite"])
@pytest.mark.parametrize("path", [None, "-"])
def test_formats_binary_formats_refuse_stdout(fmt, path):
    with pytest.raises(UsageError, match="-o"):
        open_writer(path, fmt)


@pytest.mark.parametrize("kwargs, message", [
    ({"fmt": "xml"}, "unknown output format"),
    ({"fmt": "jsonl", "explode": True}, "csv"),
    ({"fmt": "jsonl", "script": "pinyin"}, "script"),
    ({"fmt": "jsonl", "mode": "summarise"}, "mode"),
])
def test_formats_bad_options(tmp_path, kwargs, message):
    with pytest.raises(UsageError, match=message):
        open_writer(tmp_path / "x", **kwargs)


@pytest.mark.parametrize("path, fmt", [
    ("out.parquet", "parquet"), ("a/b.DB", "sqlite"), ("x.csv", "csv"), ("-", "jsonl"),
    (None, "jsonl"), ("out.txt", "jsonl"),
])
def test_formats_format_from_path(path, fmt):
    assert format_from_path(path) == fmt


# ---- CSV ----------------------------------------------------------------------------

def test_formats_csv_round_trip_csv_module(tmp_path, docs, records):
    path = tmp_path / "out.csv"
    write_all(path, "csv", docs)
    assert path.read_bytes().startswith(BOM)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames) == CSV_COLUMNS
        rows = list(reader)
    assert len(rows) == len(records)
    for row, rec in zip(rows, records, strict=True):
        assert row["doc_id"] == rec["doc_id"] and row["province"] == rec["province"]
        assert int(row["n_counts"]) == len(rec["counts"])
    henan = rows[0]
    assert henan["officials"] == "王建国(河南省市场监管局党组书记、河南省市场监管局局长)"
    assert henan["agencies"] == "河南省市场监督管理局"  # distinct names
    assert int(henan["n_agencies"]) == 2  # mentions
    assert henan["dates"] == "2024-03-12TMO"
    assert henan["counts"].split("; ") == [">1200项", "3000名", "18个"]
    assert rows[1]["counts"].split("; ") == ["12个 部门", ">60场"]
    assert rows[2]["reporters"] == "王芳" and rows[2]["sections"] == "0-44"


def test_formats_csv_round_trip_pandas(tmp_path, docs, records):
    pd = pytest.importorskip("pandas")
    path = tmp_path / "out.csv"
    write_all(path, "csv", docs)
    df = pd.read_csv(path, dtype={"province_code": str})  # pandas skips the BOM itself
    assert tuple(df.columns) == CSV_COLUMNS
    assert df["doc_id"].tolist() == [r["doc_id"] for r in records]
    assert df["province_code"].tolist() == [r["province_code"] for r in records]
    assert df["n_counts"].sum() == sum(len(r["counts"]) for r in records)


def test_formats_csv_explode(tmp_path, docs, records):
    path = tmp_path / "ents.csv"
    write_all(path, "csv", docs, explode=True)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames) == EXPLODE_COLUMNS
        rows = list(reader)
    fields = ("dates", "officials", "agencies", "organizations", "locations", "counts",
              "campaigns", "reporters")
    assert len(rows) == sum(len(r[f]) for r in records for f in fields)
    counts = [r for r in rows if r["field"] == "counts"]
    assert {(r["doc_id"], r["text"], r["value"], r["unit"]) for r in counts} >= {
        ("henan", "1200余项", "1200", "项"), ("roundup", "300个", "300", "个")}
    official = next(r for r in rows if r["field"] == "officials" and r["doc_id"] == "henan")
    assert official["label"] == "PERSON" and official["name"] == "王建国"
    assert official["titles"] == "河南省市场监管局党组书记、河南省市场监管局局长"
    assert official["start"] and official["mentions"]
    agency = next(r for r in rows if r["field"] == "agencies" and r["doc_id"] == "guangdong")
    assert (agency["text"], agency["name"]) == ("廣東省市場監管局", "广东省市场监督管理局")


def test_formats_csv_append_refuses_other_columns(tmp_path, docs):
    path = tmp_path / "out.csv"
    write_all(path, "csv", docs)
    with pytest.raises(UsageError, match="columns"):
        open_writer(path, "csv", explode=True, append=True)


# ---- Parquet ------------------------------------------------------------------------

def _as_parquet(rec):
    """What a record looks like read back from Parquet: count values are float64."""
    out = json.loads(json.dumps(rec))
    for c in out["counts"]:
        for key in ("value", "min"):
            if c.get(key) is not None:
                c[key] = float(c[key])
    return out


def test_formats_parquet_round_trip(tmp_path, docs, records):
    pq = pytest.importorskip("pyarrow.parquet")
    from govbrief.formats.parquet import record_schema
    from govbrief.records import Record

    path = tmp_path / "out.parquet"
    write_all(path, "parquet", docs)
    table = pq.read_table(path)
    assert table.schema.equals(record_schema(), check_metadata=False)
    rows = table.to_pylist()
    assert [Record.from_dict(r).to_dict() for r in rows] == [_as_parquet(r) for r in records]


def test_formats_parquet_empty_output_has_the_schema(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    from govbrief.formats.parquet import record_schema

    path = tmp_path / "empty.parquet"
    with open_writer(path, "parquet") as w:
        w.write({"id": "nothing"}, [])
    table = pq.read_table(path)
    assert table.num_rows == 0
    assert table.schema.equals(record_schema(), check_metadata=False)


def test_formats_parquet_spills_and_coalesces(tmp_path, monkeypatch, docs, records):
    """Parts spilled to disk between commits come back in order, in full row groups."""
    pq = pytest.importorskip("pyarrow.parquet")
    from govbrief.formats import parquet

    monkeypatch.setattr(parquet, "ROW_GROUP_ROWS", 3)
    path = tmp_path / "out.parquet"
    with open_writer(path, "parquet") as w:
        for round_ in range(3):
            for info, recs, _gold in docs:
                w.write({**info, "id": f"{info['id']}-{round_}"}, recs)
            w.commit()
    assert not list(tmp_path.glob(".*"))  # no parts or temporaries left
    assert pq.read_table(path).column("doc_id").to_pylist() == [
        r["doc_id"] for _ in range(3) for r in records]


def test_formats_parquet_missing_pyarrow_names_the_extra(tmp_path, monkeypatch):
    for name in [m for m in sys.modules if m == "pyarrow" or m.startswith("pyarrow.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # makes `import pyarrow` fail
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(UsageError, match=r'pip install "govbrief\[parquet\]"'):
        open_writer(tmp_path / "x.parquet", "parquet")


# ---- SQLite -------------------------------------------------------------------------

QUERY = "select province, sum(value) from counts where unit='个' group by province"


def test_formats_sqlite_the_readme_query(tmp_path, docs, records):
    path = tmp_path / "out.db"
    write_all(path, "sqlite", docs)
    expected: dict[str, float] = {}
    for r in records:
        for c in r["counts"]:
            if c["unit"] == "个":
                expected[r["province"]] = expected.get(r["province"], 0) + c["value"]
    with sqlite3.connect(path) as conn:
        assert dict(conn.execute(QUERY).fetchall()) == expected


def test_formats_sqlite_tables(tmp_path, docs, records):
    path = tmp_path / "out.db"
    write_all(path, "sqlite", docs)
    with sqlite3.connect(path) as conn:
        documents = conn.execute(
            "SELECT id, status, n_records, published FROM documents ORDER BY id").fetchall()
        assert documents == [("guangdong", "ok", 1, "2023-09-06"), ("henan", "ok", 1, "2024-03-13"),
                             ("national", "empty", 0, None), ("roundup", "ok", 2, "2024-04-05")]
        assert conn.execute("SELECT count(*) FROM records").fetchone()[0] == len(records)
        titles = conn.execute(
            "SELECT o.name, t.title FROM officials o JOIN official_titles t "
            "USING (official_id) WHERE o.doc_id = 'henan' ORDER BY t.position").fetchall()
        assert titles == [
            ("王建国", "河南省市场监管局党组书记"), ("王建国", "河南省市场监管局局长")]
        assert conn.execute(
            "SELECT text, name, code FROM places WHERE doc_id = 'henan'").fetchall() == [
            ("郑州", "郑州市", "410100")]
        assert conn.execute("SELECT province, name FROM reporters ORDER BY province").fetchall() \
            == [("云南省", "赵磊"), ("山东省", "王芳")]
        assert conn.execute("SELECT sum(n) FROM (SELECT count(*) n FROM agencies UNION ALL "
                            "SELECT count(*) FROM dates UNION ALL SELECT count(*) FROM campaigns)"
                            ).fetchone()[0] == sum(
            len(r["agencies"]) + len(r["dates"]) + len(r["campaigns"]) for r in records)
        # integers stay integers
        assert conn.execute("SELECT typeof(value) FROM counts WHERE text = '18个'").fetchone() \
            == ("integer",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert {"counts_province_unit", "agencies_name", "officials_name"} <= indexes


def test_formats_sqlite_rewriting_a_document_replaces_it(tmp_path, docs):
    path = tmp_path / "out.db"
    info, recs, _gold = docs[3]
    with open_writer(path, "sqlite") as w:
        w.write(info, recs)
        w.write(info, recs[:1])
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM records").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM reporters").fetchone()[0] == 1
        assert conn.execute("SELECT n_records FROM documents").fetchone()[0] == 1


def test_formats_schema_file_is_the_database_schema(tmp_path, docs):
    from govbrief.formats.sqlite import schema_sql

    conn = sqlite3.connect(":memory:")
    conn.executescript(schema_sql())
    expected = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"documents", "records", "officials", "official_titles", "agencies",
            "organizations", "places", "dates", "counts", "campaigns"} <= expected
    path = tmp_path / "out.db"
    write_all(path, "sqlite", docs)
    with sqlite3.connect(path) as out:
        got = {r[0] for r in out.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert got == expected


# ---- script --------------------------------------------------------------------------

def test_formats_traditional_script(tmp_path, docs, records):
    path = tmp_path / "trad.jsonl"
    write_all(path, "jsonl", docs, script="traditional")
    back = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    henan, guangdong, shandong, yunnan = back
    assert guangdong["province"] == "廣東省"
    assert guangdong["agencies"][0] == {"text": "廣東省市場監管局", "start": 5, "end": 13,
                                        "name": "廣東省市場監督管理局"}
    assert guangdong["officials"][0]["titles"] == ["廣東省副省長"]
    assert guangdong["campaigns"][0]["name"] == "質量月"
    assert guangdong["counts"][0]["unit"] == "個" and guangdong["counts"][0]["object"] == "部門"
    assert henan["locations"][0]["name"] == "鄭州市"
    assert henan["counts"][0]["text"] == "1200余项"  # surface text untouched
    assert henan["dates"] == records[0]["dates"]  # values untouched
    assert yunnan["officials"][0]["name"] == "于小川"  # person names untouched (not 於)
    assert shandong["reporters"] == ["王芳"]
    # the records given to the writer are not modified
    assert records[1]["province"] == "广东省"


def test_formats_traditional_script_sqlite_and_csv(tmp_path, docs):
    db = tmp_path / "trad.db"
    write_all(db, "sqlite", docs, script="traditional")
    with sqlite3.connect(db) as conn:
        got = dict(conn.execute(
            "select province, sum(value) from counts where unit='個' group by province"))
    assert got["廣東省"] == 12
    path = tmp_path / "trad.csv"
    write_all(path, "csv", docs, script="traditional")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[1]["province"] == "廣東省" and rows[1]["campaigns"] == "質量月"


def test_formats_traditional_annotate(tmp_path, docs):
    path = tmp_path / "gold.jsonl"
    info, _recs, gold = docs[1]
    with open_writer(path, "jsonl", mode="annotate", script="traditional") as w:
        w.write(info, gold)
    back = json.loads(path.read_text("utf-8"))
    assert back["text"] == gold["text"]
    assert [s["province"] for s in back["sections"]] == ["廣東省"]
    assert back["officials"][0]["titles"] == ["廣東省副省長"]


# ---- atomicity, commit, append ---------------------------------------------------------

@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_formats_commit_publishes_and_writer_stays_usable(tmp_path, docs, fmt):
    pytest.importorskip("pyarrow") if fmt == "parquet" else None
    path = tmp_path / f"out.{EXT[fmt]}"
    (h, hr, _), (g, gr, _), (n, nr, _), (r, rr, _) = docs
    with open_writer(path, fmt) as w:
        w.write(h, hr)
        assert not path.exists()  # nothing visible before the first commit
        w.commit()
        assert read_ids(path, fmt) == ["henan"]
        w.write(g, gr)
        w.write(n, nr)
        assert read_ids(path, fmt) == ["henan"]  # uncommitted documents are not visible
        w.commit()
        w.commit()  # nothing new: harmless
        assert read_ids(path, fmt) == ["henan", "guangdong"]
        w.write(r, rr)
    assert read_ids(path, fmt) == ["henan", "guangdong", "roundup", "roundup"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no temporaries left
    assert (path.stat().st_mode & 0o777) != 0o600  # the umask's permissions, not mkstemp's


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_formats_append_and_done_ids(tmp_path, docs, fmt):
    pytest.importorskip("pyarrow") if fmt == "parquet" else None
    path = tmp_path / f"out.{EXT[fmt]}"
    write_all(path, fmt, docs[:2])
    with open_writer(path, fmt, append=True) as w:
        assert w.done_ids() == {"henan", "guangdong"}
        for info, recs, _gold in docs[2:]:
            w.write(info, recs)
        assert w.done_ids() == {"henan", "guangdong", "national", "roundup"}
    assert read_ids(path, fmt) == ["henan", "guangdong", "roundup", "roundup"]
    with open_writer(path, fmt, append=True) as w:
        # documents without records are only kept by SQLite (documents table)
        expected = {"henan", "guangdong", "roundup"} | ({"national"} if fmt == "sqlite" else set())
        assert w.done_ids() == expected
    with open_writer(path, fmt) as w:  # append=False starts afresh
        assert w.done_ids() == set()
    assert read_ids(path, fmt) == []


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_formats_exception_in_context_leaves_valid_output(tmp_path, docs, fmt):
    pytest.importorskip("pyarrow") if fmt == "parquet" else None
    path = tmp_path / f"out.{EXT[fmt]}"
    with pytest.raises(RuntimeError, match="boom"):
        with open_writer(path, fmt) as w:
            for info, recs, _gold in docs[:2]:
                w.write(info, recs)
            raise RuntimeError("boom")
    assert read_ids(path, fmt) == ["henan", "guangdong"]


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_formats_half_written_document_never_appears(tmp_path, docs, fmt):
    """A document whose second record cannot be written leaves nothing behind."""
    pytest.importorskip("pyarrow") if fmt == "parquet" else None
    path = tmp_path / f"out.{EXT[fmt]}"
    info, recs, _gold = docs[3]
    bad = {**recs[1], "officials": [{"titles": ["局长"], "mentions": []}],
           "counts": [{"text": "x", "start": 0, "end": 1, "value": object()}]}
    with open_writer(path, fmt) as w:
        w.write(docs[0][0], docs[0][1])
        with pytest.raises(ValueError, match="document roundup"):
            w.write(info, [recs[0], bad])
        assert "roundup" not in w.done_ids()
        w.write(docs[1][0], docs[1][1])  # the writer goes on
    assert read_ids(path, fmt) == ["henan", "guangdong"]


def test_formats_jsonl_append_drops_a_partial_last_line(tmp_path, docs, records):
    path = tmp_path / "out.jsonl"
    write_all(path, "jsonl", docs[:1])
    with open(path, "ab") as fh:
        fh.write(b'{"doc_id": "cut of')
    with open_writer(path, "jsonl", append=True) as w:
        assert w.done_ids() == {"henan"}
        w.write(docs[1][0], docs[1][1])
    assert [json.loads(line) for line in path.read_text("utf-8").splitlines()] == records[:2]


def test_formats_sqlite_append_refuses_foreign_database(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    with pytest.raises(UsageError, match="not a govbrief database"):
        open_writer(path, "sqlite", append=True)


def test_formats_writer_refuses_writes_after_close(tmp_path, docs):
    w = write_all(tmp_path / "out.jsonl", "jsonl", docs[:1])
    w.close()  # idempotent
    with pytest.raises(ValueError, match="closed"):
        w.write(docs[1][0], docs[1][1])
    assert os.path.exists(tmp_path / "out.jsonl")


@pytest.mark.parametrize("fmt, kwargs", [
    ("jsonl", {}), ("jsonl", {"script": "traditional"}), ("jsonl", {"mode": "annotate"}),
    ("csv", {}), ("csv", {"explode": True}), ("csv", {"script": "traditional"}),
])
def test_formats_encoder_bytes_equal_write(tmp_path, docs, fmt, kwargs):
    """Worker processes encode with writer.encoder(): the file is the one write() makes."""
    import pickle

    annotate = kwargs.get("mode") == "annotate"
    direct, encoded = tmp_path / f"direct.{fmt}", tmp_path / f"encoded.{fmt}"
    with open_writer(direct, fmt, **kwargs) as w:
        for info, recs, gold in docs:
            w.write(info, gold if annotate else recs)
    with open_writer(encoded, fmt, **kwargs) as w:
        encode = pickle.loads(pickle.dumps(w.encoder()))  # as a spawned worker gets it
        for info, recs, gold in docs:
            w.write_encoded(info, encode(info["id"], gold if annotate else recs))
        assert w.done_ids() == {info["id"] for info, _r, _g in docs}
    assert encoded.read_bytes() == direct.read_bytes()


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_formats_encoder_refuses_a_malformed_result_like_write(tmp_path, fmt):
    bad = [{"doc_id": "x", "dates": object()}]  # neither JSON nor a list of entities
    with open_writer(tmp_path / f"out.{fmt}", fmt) as w:
        with pytest.raises(ValueError, match=f"document x: cannot write it as {fmt}") as direct:
            w.write({"id": "x", "source": "s", "line": None, "published": None}, bad)
        with pytest.raises(ValueError) as encoded:
            w.encoder()("x", bad)
    assert str(encoded.value) == str(direct.value)


@pytest.mark.parametrize("fmt", ["parquet", "sqlite"])
def test_formats_table_formats_have_no_encoder(tmp_path, fmt):
    pytest.importorskip("pyarrow") if fmt == "parquet" else None
    with open_writer(tmp_path / f"out.{EXT[fmt]}", fmt) as w:
        assert w.encoder() is None

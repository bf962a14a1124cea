"""The batch engine (govbrief.batch): ordering, accounting, resume bookkeeping, exit codes.

Real pipeline (rules only: the model is not the point here), real files, real processes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from govbrief.batch import BatchOptions, Journal, count_documents, journal_path, run_batch
from govbrief.errors import UsageError

PROVINCES = ["安徽省", "江苏省", "浙江省", "福建省", "江西省", "山东省", "河南省", "湖北省",
             "湖南省", "广东省", "四川省", "云南省"]


def brief(n: int) -> str:
    """A short made-up brief with a province (so it yields a record)."""
    prov = PROVINCES[n % len(PROVINCES)]
    return (f"9月{n % 28 + 1}日上午,{prov}市场监管局联合省发展改革委等{n % 20 + 2}个部门"
            f"启动“质量月”活动,发放宣传资料{100 + n}份。\n")


EMPTY = "近日,一家公司召开了内部会议,讨论明年的工作安排。"  # no province: no record


def write_jsonl(path: Path, rows: list) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(row if isinstance(row, str) else json.dumps(row, ensure_ascii=False))
            fh.write("\n")
    return path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def docs_file(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("batch")
    return write_jsonl(d / "docs.jsonl", [{"id": f"d{n:02d}", "text": brief(n),
                                           "published": "2022-09-05"} for n in range(24)])


def opts(tmp: Path, **kw) -> BatchOptions:
    base = dict(output=str(tmp / "out.jsonl"), model=False, jobs=1, handle_signals=False)
    base.update(kw)
    return BatchOptions(**base)


def test_batch_jobs2_output_equals_jobs1_in_input_order(docs_file, tmp_path):
    one = run_batch([str(docs_file)], opts(tmp_path, output=str(tmp_path / "1.jsonl")))
    two = run_batch([str(docs_file)], opts(tmp_path, output=str(tmp_path / "2.jsonl"),
                                           jobs=2, chunk_size=2))
    assert one.line() == two.line() == "read 24 = written 24 + empty 0 + failed 0"
    text1 = (tmp_path / "1.jsonl").read_text(encoding="utf-8")
    assert text1 == (tmp_path / "2.jsonl").read_text(encoding="utf-8")
    ids = [r["doc_id"] for r in read_jsonl(tmp_path / "1.jsonl")]
    assert ids == [f"d{n:02d}" for n in range(24)]
    # A finished run leaves no resume journal behind.
    assert not journal_path(str(tmp_path / "2.jsonl")).exists()


@pytest.mark.parametrize("fmt, suffix", [("csv", "csv"), ("sqlite", "db")])
def test_batch_jobs2_other_formats_and_debug_summaries(docs_file, tmp_path, caplog, fmt,
                                                      suffix):
    """Workers encode CSV themselves (SQLite travels as records): same output, same log."""
    import logging
    import sqlite3

    caplog.set_level(logging.DEBUG, logger="govbrief.batch")
    outs, logs = [], []
    for jobs in (1, 2):
        out = tmp_path / f"{jobs}.{suffix}"
        caplog.clear()
        s = run_batch([str(docs_file)], opts(tmp_path, output=str(out), fmt=fmt, jobs=jobs,
                                             chunk_size=3))
        assert s.written == 24
        messages = [r.getMessage() for r in caplog.records]
        logs.append(sorted(m for m in messages if "officials=" in m))
        if fmt == "csv":
            outs.append(out.read_bytes())
        else:
            with sqlite3.connect(out) as conn:
                outs.append(conn.execute("SELECT doc_id, province FROM records "
                                         "ORDER BY record_id").fetchall())
    assert outs[0] == outs[1]
    assert len(logs[0]) == 24 and logs[0] == logs[1]


def test_batch_accounting_every_document_once(tmp_path):
    rows = [{"id": "ok1", "text": brief(1)},
            {"id": "none", "text": EMPTY},
            "{not json",
            {"id": "ok1", "text": brief(2)},          # duplicate id: a failure
            {"id": "long", "text": brief(3) * 40},    # above max_chars: a failure
            {"id": "notext"},                          # missing text: a failure
            {"id": "ok2", "text": brief(4)}]
    src = write_jsonl(tmp_path / "mixed.jsonl", rows)
    errors = tmp_path / "errors.jsonl"
    said: list[str] = []
    s = run_batch([str(src)], opts(tmp_path, errors=str(errors), max_chars=1000, jobs=2),
                  report=said.append)
    assert s.read == 7 == s.written + s.empty + s.failed
    assert (s.written, s.empty, s.failed) == (2, 1, 4)
    assert s.exit_status == 1
    entries = read_jsonl(errors)
    assert [e["line"] for e in entries] == [3, 4, 5, 6]
    assert all(set(e) == {"source", "line", "id", "reason"} for e in entries)
    assert {r["doc_id"] for r in read_jsonl(tmp_path / "out.jsonl")} == {"ok1", "ok2"}
    assert said == []  # failures go to the error report, not to stderr


def test_batch_failures_reported_when_there_is_no_error_file(tmp_path):
    src = write_jsonl(tmp_path / "bad.jsonl", ["[1, 2]", {"id": "a", "text": brief(5)}])
    said: list[str] = []
    s = run_batch([str(src)], opts(tmp_path), report=said.append)
    assert s.line() == "read 2 = written 1 + empty 0 + failed 1"
    assert len(said) == 1 and said[0].startswith("failed: ") and ":1" in said[0]


def test_batch_annotate_and_sqlite_count_empty_documents(tmp_path):
    src = write_jsonl(tmp_path / "two.jsonl", [{"id": "a", "text": brief(6)},
                                               {"id": "b", "text": EMPTY}])
    s = run_batch([str(src)], opts(tmp_path, mode="annotate"))
    assert s.line() == "read 2 = written 2 + empty 0 + failed 0"  # gold docs are never empty
    assert [d["id"] for d in read_jsonl(tmp_path / "out.jsonl")] == ["a", "b"]
    db = tmp_path / "out.sqlite"
    s = run_batch([str(src)], opts(tmp_path, output=str(db), fmt="sqlite"))
    assert s.line() == "read 2 = written 1 + empty 1 + failed 0"
    # Resuming a finished sqlite run: both documents (the empty one too) are done.
    s = run_batch([str(src)], opts(tmp_path, output=str(db), fmt="sqlite", resume=True))
    assert (s.read, s.already_done) == (0, 2)


def test_batch_resume_without_output_starts_fresh(docs_file, tmp_path):
    s = run_batch([str(docs_file)], opts(tmp_path, resume=True))
    assert (s.read, s.already_done, s.written) == (24, 0, 24)


@pytest.mark.parametrize("kw, message", [
    (dict(output=None, resume=True), "--resume"),
    (dict(output="-", resume=True), "--resume"),
    (dict(jobs=0), "--jobs"),
    (dict(fmt="parquet", output=None), "needs a file"),
    (dict(mode="annotate", fmt="csv"), "jsonl"),
])
def test_batch_usage_errors(docs_file, tmp_path, kw, message):
    with pytest.raises(UsageError, match=message):
        run_batch([str(docs_file)], opts(tmp_path, **kw))


def test_batch_resume_reconciles_output_ahead_of_journal(tmp_path):
    """The crash window between committing the output and the journal.

    The output already holds the first documents but the journal does not list them (it
    was not committed): resume must neither duplicate records nor lose the failure report.
    """
    rows = [{"id": f"r{n}", "text": brief(n)} for n in range(4)]
    rows[1] = {"id": "r1", "text": EMPTY}
    first = write_jsonl(tmp_path / "first.jsonl", rows[:3])
    out = tmp_path / "out.jsonl"
    run_batch([str(first)], opts(tmp_path, output=str(out)))  # journal removed: finished
    everything = write_jsonl(tmp_path / "all.jsonl", rows + ["{torn"])
    errors = tmp_path / "e.jsonl"
    s = run_batch([str(everything)], opts(tmp_path, output=str(out), resume=True,
                                          errors=str(errors)))
    assert s.already_done == 2  # r0, r2 are in the output; r1 (empty) is processed again
    assert s.line() == "read 3 = written 1 + empty 1 + failed 1"
    ids = [r["doc_id"] for r in read_jsonl(out)]
    assert ids == ["r0", "r2", "r3"]
    assert [e["line"] for e in read_jsonl(errors)] == [5]


def test_batch_resume_trusts_output_over_a_journal_ahead_of_it(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": brief(1)},
                                              {"id": "b", "text": brief(2)}])
    out = tmp_path / "out.jsonl"
    run_batch([str(src)], opts(tmp_path, output=str(out)))
    # A journal claiming "b" was written although the output lacks it (and a torn tail).
    lines = out.read_text(encoding="utf-8").splitlines()
    out.write_text(lines[0] + "\n", encoding="utf-8")
    journal_path(str(out)).write_text(
        '{"id": "a", "status": "written", "source": "x", "line": 1}\n'
        '{"id": "b", "status": "written", "source": "x", "line": 2}\n{"commit": 2}\n'
        '{"id": "c", "status": "fai', encoding="utf-8")
    s = run_batch([str(src)], opts(tmp_path, output=str(out), resume=True))
    assert (s.already_done, s.written) == (1, 1)
    assert [r["doc_id"] for r in read_jsonl(out)] == ["a", "b"]


def test_batch_journal_ignores_uncommitted_tail(tmp_path):
    path = tmp_path / "j.jsonl"
    path.write_text('{"id": "a", "status": "empty"}\n{"commit": 1}\n'
                    '{"id": "b", "status": "empty"}\n', encoding="utf-8")
    j = Journal(path)
    j.load()
    assert [e["id"] for e in j.entries] == ["a"]
    j.open(keep=True)
    j.add({"id": "c", "status": "written"})
    j.commit()
    j.close()
    j2 = Journal(path)
    j2.load()
    assert [e["id"] for e in j2.entries] == ["a", "c"]


def test_batch_count_documents(tmp_path, docs_file):
    d = tmp_path / "dir"
    (d / "sub").mkdir(parents=True)
    (d / "a.txt").write_text(brief(1), encoding="utf-8")
    (d / "sub" / "b.txt").write_text(brief(2), encoding="utf-8")
    (d / "skip.pdf").write_bytes(b"%PDF")
    assert count_documents([str(d), str(docs_file)]) == 26
    assert count_documents(["-"]) is None


def run_cli(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "govbrief", *args], input=stdin,
                          capture_output=True, text=True, timeout=300)


def test_batch_cli_exit_codes_and_stderr(tmp_path):
    good = write_jsonl(tmp_path / "good.jsonl", [{"id": "g", "text": brief(7)},
                                                 {"id": "e", "text": EMPTY}])
    proc = run_cli("extract", str(good), "--no-model", "-j", "2", "-o", str(tmp_path / "o"))
    assert proc.returncode == 0, proc.stderr
    # Default stderr: the summary only (per-record lines are DEBUG logging now).
    assert proc.stderr.strip().splitlines() == ["read 2 = written 1 + empty 1 + failed 0"]
    proc = run_cli("extract", str(good), "--no-model", "-j", "1", "-q", "-v")
    assert proc.returncode == 0 and "read 2" not in proc.stderr
    assert "INFO govbrief.batch: 2 documents in" in proc.stderr  # -v: progress logging
    assert json.loads(proc.stdout.splitlines()[0])["doc_id"] == "g"
    bad = write_jsonl(tmp_path / "bad.jsonl", ["{oops", {"id": "g", "text": brief(7)}])
    proc = run_cli("extract", str(bad), "--no-model", "-j", "1", "-o", str(tmp_path / "o2"))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "read 2 = written 1 + empty 0 + failed 1" in proc.stderr


@pytest.mark.parametrize("argv", [
    ["extract", "IN", "--resume"],
    ["extract", "IN", "--format", "parquet"],
    ["extract", "IN", "--engine", "dask", "-o", "OUT"],
    ["extract", "IN", "--scheduler", "tcp://127.0.0.1:1"],
    ["extract", "IN", "--jobs", "0"],
    ["annotate", "IN", "--format", "csv"],
    ["annotate", "IN", "--explode"],
])
def test_batch_cli_usage_errors_exit_2(tmp_path, capsys, argv):
    from govbrief.cli import main

    good = write_jsonl(tmp_path / "good.jsonl", [{"id": "g", "text": brief(7)}])
    argv = [str(good) if a == "IN" else str(tmp_path / "o") if a == "OUT" else a for a in argv]
    try:
        status = main(argv)
    except SystemExit as exc:  # argparse's own usage errors
        status = exc.code
    assert status == 2
    assert "Traceback" not in capsys.readouterr().err


def test_batch_progress_bar_on_request(docs_file, tmp_path, capsys):
    run_batch([str(docs_file)], opts(tmp_path, progress=True))
    err = capsys.readouterr().err
    assert "24/24" in err and "doc/s" in err


@pytest.mark.parametrize("jobs", [1, 2])
def test_batch_reads_ahead_a_bounded_window(tmp_path, monkeypatch, jobs):
    """Memory stays flat: the engine never holds more than a small window of documents."""
    import govbrief.batch as batch_mod
    from govbrief.io import InputDoc

    pulled = 0
    gaps: list[int] = []

    def documents(paths, skipped=None, **kw):
        nonlocal pulled
        for n in range(150):
            pulled += 1
            yield InputDoc("gen", n + 1, f"g{n}", EMPTY if n % 3 else brief(n))

    real_open = batch_mod.open_output

    def counting_open(o, append):
        writer = real_open(o, append)
        written = 0

        def counted(real):  # write() and write_encoded(): workers send JSON Lines bytes
            def write(info, result):
                nonlocal written
                written += 1
                gaps.append(pulled - written)
                real(info, result)
            return write

        writer.write = counted(writer.write)
        writer.write_encoded = counted(writer.write_encoded)
        return writer

    monkeypatch.setattr(batch_mod, "iter_documents", documents)
    monkeypatch.setattr(batch_mod, "open_output", counting_open)
    s = run_batch(["unused"], opts(tmp_path, jobs=jobs, chunk_size=2))
    assert s.read == 150 and len(gaps) == 150
    assert max(gaps) <= max(8, jobs * 2 * 3)

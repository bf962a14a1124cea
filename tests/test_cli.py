import json
import subprocess
import sys

import pytest

from govbrief.cli import main

BRIEF = "9月2日下午,安徽省市场监管局联合省发改委等21个部门在合肥启动2022年“质量月”活动。\n"


def run_cli(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "govbrief", *args], input=stdin,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def batch(tmp_path):
    d = tmp_path / "in"
    (d / "nested").mkdir(parents=True)
    (d / "a.txt").write_text(BRIEF, encoding="utf-8")
    lines = [{"id": "j1", "text": BRIEF, "published": "2022-09-03"},
             {"id": "j2", "text": "近日,福建省市場監管局啟動“質量月”活動。"}]
    (d / "nested" / "b.jsonl").write_text(
        "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    (d / "notes.pdf").write_bytes(b"%PDF")
    return d


def test_cli_extract_directory_writes_records(batch, tmp_path):
    out = tmp_path / "records.jsonl"
    proc = run_cli("extract", str(batch), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert {r["doc_id"] for r in records} <= {"a", "j1", "j2"}
    assert "read 3 =" in proc.stderr
    assert "notes.pdf" in proc.stderr  # skipped files are listed


def test_cli_annotate_stdin_jsonl():
    line = json.dumps({"id": "x", "text": BRIEF}, ensure_ascii=False)
    proc = run_cli("annotate", "-", stdin=line + "\n")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout.splitlines()[0])
    assert doc["id"] == "x" and doc["text"] == BRIEF
    for span in doc["spans"]:
        assert doc["text"][span["start"] : span["end"]] == span["text"]


def test_cli_bad_jsonl_line_is_reported_and_rest_processed(tmp_path):
    f = tmp_path / "bad.jsonl"
    f.write_text('{"id": "ok", "text": "近日,合肥启动活动。"}\n{not json\n', encoding="utf-8")
    errors = tmp_path / "errors.jsonl"
    proc = run_cli("annotate", str(f), "--errors", str(errors), "-o", str(tmp_path / "o"))
    assert proc.returncode == 1
    entries = [json.loads(x) for x in errors.read_text(encoding="utf-8").splitlines()]
    assert entries[0]["line"] == 2 and entries[0]["source"].endswith("bad.jsonl")
    assert "Traceback" not in proc.stderr


def test_cli_missing_path_is_a_usage_error(capsys):
    assert main(["extract", "/nonexistent/briefs"]) == 2
    assert "not found" in capsys.readouterr().err


def test_cli_evaluate_json_on_own_prediction(tmp_path, extractor):
    gold = extractor.annotate(BRIEF, doc_id="g1")
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(gold, ensure_ascii=False) + "\n", encoding="utf-8")
    proc = run_cli("evaluate", str(path), str(path), "--json")
    assert proc.returncode == 0, proc.stderr
    res = json.loads(proc.stdout)
    assert res["all"]["documents"] == 1

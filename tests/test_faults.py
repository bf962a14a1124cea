"""Faults with real processes: dying workers, SIGINT/SIGTERM, a killed run, then --resume.

The crashes use the engine's test-only hooks (govbrief.batch TEST_EXIT_ENV / TEST_DELAY_ENV):
a process about to handle a document containing the marker calls os._exit.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from govbrief.batch import (
    TEST_DELAY_ENV,
    TEST_EXIT_ENV,
    WORKER_DIED,
    BatchOptions,
    journal_path,
    run_batch,
)

MARKER = "TEST-CRASH-MARKER"
PROVINCES = ["河北省", "山西省", "辽宁省", "吉林省", "黑龙江省", "陕西省", "甘肃省", "青海省"]


def brief(n: int, marker: bool = False) -> str:
    prov = PROVINCES[n % len(PROVINCES)]
    extra = MARKER if marker else ""
    return f"9月{n % 27 + 1}日,{prov}市场监管局组织开展“质量月”宣传活动{extra},参加人员{n + 10}名。"


def make_input(path: Path, n: int, marker_at: int | None = None, bad_at: int | None = None
               ) -> list[str]:
    """n documents d00..; optionally a crash marker in one and a malformed line."""
    lines, ids = [], []
    for i in range(n):
        if i == bad_at:
            lines.append("{malformed")
        lines.append(json.dumps({"id": f"d{i:02d}", "text": brief(i, i == marker_at)},
                                ensure_ascii=False))
        ids.append(f"d{i:02d}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ids


def ids_in(path: Path) -> list[str]:
    return [json.loads(x)["doc_id"] for x in path.read_text(encoding="utf-8").splitlines()]


def cli(*args, env_extra=None, **popen):
    env = dict(os.environ)
    env.pop(TEST_EXIT_ENV, None)
    env.pop(TEST_DELAY_ENV, None)
    env.update(env_extra or {})
    return subprocess.Popen([sys.executable, "-m", "govbrief", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


def wait_for_checkpoint(out: Path, proc: subprocess.Popen, timeout: float = 120) -> None:
    """Until the output holds committed records (the run is mid-batch)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if out.exists() and out.stat().st_size > 0:
            return
        if proc.poll() is not None:
            pytest.fail(f"run ended before its first checkpoint: {proc.communicate()}")
        time.sleep(0.05)
    proc.kill()
    pytest.fail("no checkpoint within the timeout")


def test_faults_dying_worker_is_reported_and_batch_completes(tmp_path, monkeypatch):
    src = tmp_path / "in.jsonl"
    ids = make_input(src, 12, marker_at=5)
    monkeypatch.setenv(TEST_EXIT_ENV, MARKER)
    errors = tmp_path / "errors.jsonl"
    s = run_batch([str(src)], BatchOptions(output=str(tmp_path / "out.jsonl"), model=False,
                                           jobs=2, chunk_size=3, errors=str(errors),
                                           handle_signals=False))
    assert s.line() == "read 12 = written 11 + empty 0 + failed 1"
    assert s.worker_deaths == 1
    entry, = [json.loads(x) for x in errors.read_text(encoding="utf-8").splitlines()]
    assert entry["id"] == "d05" and entry["reason"].startswith(WORKER_DIED)
    assert "exit status 86" in entry["reason"]
    assert ids_in(tmp_path / "out.jsonl") == [i for i in ids if i != "d05"]


@pytest.mark.parametrize("sig, status", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_faults_signal_mid_batch_then_resume(tmp_path, sig, status):
    src = tmp_path / "in.jsonl"
    ids = make_input(src, 30, bad_at=1)
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    args = ["extract", str(src), "--no-model", "-o", str(out), "--errors", str(errors),
            "--checkpoint-every", "2"]
    proc = cli(*args, "-j", "2", env_extra={TEST_DELAY_ENV: "0.2"})
    wait_for_checkpoint(out, proc)
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == status, stderr
    assert "Traceback" not in stderr and "interrupted by" in stderr and "--resume" in stderr
    partial = ids_in(out)  # valid JSONL, an in-order prefix
    assert partial == ids[:len(partial)] and len(partial) < len(ids)
    assert journal_path(str(out)).exists()
    proc = cli(*args, "-j", "2", "--resume")
    _, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 1, stderr  # the malformed line is a failure
    assert ids_in(out) == ids  # every id exactly once, in input order
    assert "already done" in stderr
    entries = [json.loads(x) for x in errors.read_text(encoding="utf-8").splitlines()]
    assert [e["line"] for e in entries] == [2]  # reported once over both runs
    assert not journal_path(str(out)).exists()


@pytest.mark.parametrize("how", ["os._exit", "SIGKILL"])
def test_faults_crashed_run_then_resume(tmp_path, how):
    src = tmp_path / "in.jsonl"
    ids = make_input(src, 20, marker_at=12)
    out = tmp_path / "out.jsonl"
    args = ["extract", str(src), "--no-model", "-o", str(out), "--checkpoint-every", "3"]
    if how == "os._exit":
        # In-process (-j 1) the hook kills the whole run at document 12.
        proc = cli(*args, "-j", "1", env_extra={TEST_EXIT_ENV: MARKER})
        proc.communicate(timeout=300)
        assert proc.returncode == 86
        children: list[int] = []
    else:
        proc = cli(*args, "-j", "2", env_extra={TEST_DELAY_ENV: "0.2"})
        wait_for_checkpoint(out, proc)
        children = [int(c) for c in Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
                    .read_text().split()]
        proc.kill()
        proc.communicate(timeout=60)
    # Workers of a killed parent see end-of-file and exit rather than linger.
    deadline = time.monotonic() + 30
    while any(Path(f"/proc/{c}").exists() and "zombie" not in _state(c) for c in children):
        assert time.monotonic() < deadline, "orphaned worker processes"
        time.sleep(0.1)
    partial = ids_in(out)
    assert 0 < len(partial) < len(ids) and partial == ids[:len(partial)]
    proc = cli(*args, "-j", "2", "--resume")
    _, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, stderr
    assert ids_in(out) == ids


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().lower()
    except OSError:
        return "zombie"

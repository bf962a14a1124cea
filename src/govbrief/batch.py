"""The batch engine behind ``govbrief extract`` and ``govbrief annotate``.

:func:`run_batch` streams documents from :func:`govbrief.io.iter_documents`, processes them
in-process (``jobs=1``) or in a pool of worker processes, and writes results in INPUT ORDER
through :func:`govbrief.formats.open_writer`. Memory stays flat in the batch size: only a
bounded window of documents is read ahead, and results wait in a bounded reorder buffer.

Accounting: every input document ends as exactly one of *written* (records written, or the
gold document in annotate mode), *empty* (no province record) or *failed* (an entry of the
error report). :class:`BatchSummary` carries the counts.

Faults:

* A worker process that dies (``os._exit``, segfault, OOM kill) is noticed through its
  process sentinel; the document it was processing becomes a failure
  (:data:`WORKER_DIED`), the rest of its chunk is queued again, and a new worker replaces it.
* Checkpoints (every ``checkpoint_every`` documents or ``checkpoint_seconds`` seconds) commit,
  in this order, the output (atomic: temporary file, then rename), the resume journal
  (``OUTPUT.govbrief-journal.jsonl``, see :class:`Journal`) and the error report.
* SIGINT/SIGTERM stop reading; documents already handed to workers are finished (a second
  signal drops them), the contiguous prefix of results is written and committed, and the
  summary reports the interruption (exit status 130/143).
* ``resume=True`` appends to an existing output and skips every document already done:
  ids present in the output (``writer.done_ids()``) plus documents the journal records
  as empty or failed.

Workers, the in-process executor and the test-only fault hooks (``GOVBRIEF_TEST_EXIT_ON``,
``GOVBRIEF_TEST_DELAY``) live in :mod:`govbrief._pool`.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from ._files import temp_sibling
from ._pool import (  # noqa: F401  (WORKER_DIED and the hooks are part of this API)
    TEST_DELAY_ENV,
    TEST_EXIT_ENV,
    WORKER_DIED,
    Encoded,
    _Config,
    _InProcess,
    _Pool,
    get_extractor,
    process_document,
    summary_line,
)
from .errors import UsageError
from .io import InputFailure, iter_documents

log = logging.getLogger(__name__)

#: Suffix of the resume journal kept beside the output file.
JOURNAL_SUFFIX = ".govbrief-journal.jsonl"

FORMATS = ("jsonl", "csv", "parquet", "sqlite")


@dataclass
class BatchOptions:
    """What :func:`run_batch` does.

    Attributes:
        mode: ``"extract"`` (records) or ``"annotate"`` (gold-format documents).
        output: output path; ``None`` or ``"-"`` is stdout.
        fmt: output format (``jsonl``, ``csv``, ``parquet``, ``sqlite``).
        explode: one row per value instead of nested fields (tabular formats).
        script: ``"simplified"`` or ``"traditional"`` normalised fields.
        errors: path of the JSONL error report (source, line, id, reason), or ``None``.
        encoding: force the input encoding.
        max_chars: documents longer than this are failures.
        segmenter: ``"jieba"`` or ``"pkuseg"``.
        model: use the statistical NER model.
        jobs: worker processes; ``None`` = ``os.cpu_count()``; 1 = in-process.
        chunk_size: documents sent to a worker at once.
        resume: continue an interrupted run into the same output.
        checkpoint_every: commit every this many documents (0: only at the end).
        checkpoint_seconds: and at least this often (0: never by time).
        progress: show a tqdm bar on stderr.
        debug: print tracebacks of failing documents.
        handle_signals: install SIGINT/SIGTERM handlers (main thread only).
    """

    mode: str = "extract"
    output: str | None = None
    fmt: str = "jsonl"
    explode: bool = False
    script: str = "simplified"
    errors: str | None = None
    encoding: str | None = None
    max_chars: int | None = None
    segmenter: str = "jieba"
    model: bool | str = True
    jobs: int | None = None
    chunk_size: int = 4
    resume: bool = False
    checkpoint_every: int = 500
    checkpoint_seconds: float = 60.0
    progress: bool = False
    debug: bool = False
    handle_signals: bool = True


@dataclass
class BatchSummary:
    """Counts of one run; ``read == written + empty + failed`` always holds."""

    read: int = 0
    written: int = 0
    empty: int = 0
    failed: int = 0
    already_done: int = 0
    already_failed: int = 0  # of the documents already done, those that had failed
    dropped: int = 0
    skipped: list[str] = field(default_factory=list)
    interrupted: int | None = None  # the signal number that stopped the run
    worker_deaths: int = 0

    def line(self) -> str:
        """The summary line (its shape is relied upon by scripts and tests)."""
        return (f"read {self.read} = written {self.written} + empty {self.empty}"
                f" + failed {self.failed}")

    @property
    def exit_status(self) -> int:
        """0 all done, 1 some failed (also in the run a resumed run continues), 128+signal."""
        if self.interrupted is not None:
            return 128 + self.interrupted
        return 1 if self.failed or self.already_failed else 0


# ------------------------------------------------------------------------ journal, errors


def journal_path(output: str) -> Path:
    """The resume journal beside an output file."""
    return Path(output + JOURNAL_SUFFIX)


def _failure_key(source: str, line: int | None, doc_id: str | None, reason: str) -> str:
    return json.dumps([source, line, doc_id, reason], ensure_ascii=False)


class Journal:
    """Which documents a run has finished, for ``--resume``.

    An append-only JSONL file: one entry per document (``id``, ``status`` written / empty /
    failed, ``source``, ``line``, ``reason``; ``input: true`` for documents that could not
    be read), and after each checkpoint's entries a ``{"commit": N}`` marker, flushed and
    fsynced. Entries after the last marker (a torn write of a crashed run) are ignored, and
    :meth:`open` rewrites the file to its committed part before appending, so a commit is
    atomic in effect.
    """

    def __init__(self, path: Path):
        self.path = path
        self.entries: list[dict[str, Any]] = []  # committed entries read back
        self._fh: Any = None
        self._pending: list[dict[str, Any]] = []
        self.count = 0

    def load(self) -> None:
        """Read the committed entries of an existing journal."""
        self.entries = []
        if not self.path.exists():
            return
        tail: list[dict[str, Any]] = []
        with open(self.path, encoding="utf-8") as fh:
            for line in fh:
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError:
                    break  # torn write: nothing after it was committed
                if "commit" in obj:
                    self.entries.extend(tail)
                    tail = []
                else:
                    tail.append(obj)
        self.count = len(self.entries)

    def open(self, keep: bool) -> None:
        """Start writing; ``keep`` continues the committed entries, else starts empty."""
        tmp = temp_sibling(self.path)
        with open(tmp, "w", encoding="utf-8") as fh:
            if keep:
                for e in self.entries:
                    fh.write(json.dumps(e, ensure_ascii=False) + "\n")
                fh.write(json.dumps({"commit": len(self.entries)}) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)
        self.count = len(self.entries) if keep else 0
        self._fh = open(self.path, "a", encoding="utf-8")

    def add(self, entry: dict[str, Any]) -> None:
        """Record a finished document (durable at the next :meth:`commit`)."""
        self._pending.append(entry)

    def commit(self) -> None:
        """Append the recorded entries and a commit marker, durably."""
        if self._fh is None or not self._pending:
            return
        for e in self._pending:
            self._fh.write(json.dumps(e, ensure_ascii=False) + "\n")
        self.count += len(self._pending)
        self._pending = []
        self._fh.write(json.dumps({"commit": self.count}) + "\n")
        self._fh.flush()
        os.fsync(self._fh.fileno())

    def close(self, remove: bool = False) -> None:
        """Stop writing; ``remove`` deletes the journal (a finished run needs none)."""
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        if remove:
            self.path.unlink(missing_ok=True)


class ErrorReport:
    """The ``--errors`` JSONL file, committed atomically (temporary copy, then rename)."""

    def __init__(self, path: str | None):
        self.path = None if path in (None, "-") else Path(path)
        self.stdout = path == "-"
        self._fh: Any = None
        self._tmp: str | None = None
        self._dirty = True

    def open(self, initial: list[dict[str, Any]] = ()) -> None:  # type: ignore[assignment]
        """Start a working copy holding ``initial`` entries (failures of the resumed run)."""
        if self.path is None:
            return
        self._tmp = str(temp_sibling(self.path, suffix=".work"))
        self._fh = open(self._tmp, "w", encoding="utf-8")
        for entry in initial:
            self.write(entry)

    def write(self, entry: dict[str, Any]) -> None:
        """Add one entry (visible at the next :meth:`commit`)."""
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        if self.stdout:
            sys.stdout.write(line)
        elif self._fh is not None:
            self._fh.write(line)
            self._dirty = True

    def commit(self) -> None:
        """Publish the entries so far: copy the working file, then rename it into place."""
        if self._fh is None or not self._dirty:
            return
        self._fh.flush()
        assert self.path is not None and self._tmp is not None
        tmp = temp_sibling(self.path)
        shutil.copyfile(self._tmp, tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)
        self._dirty = False

    def close(self) -> None:
        """Commit and remove the working file."""
        if self._fh is None:
            return
        self.commit()
        self._fh.close()
        self._fh = None
        if self._tmp:
            Path(self._tmp).unlink(missing_ok=True)


# --------------------------------------------------------------------------------- writer


def open_output(opts: BatchOptions, append: bool) -> Any:
    """The record writer of :mod:`govbrief.formats` (validates format/mode/path combinations)."""
    from .formats import open_writer

    return open_writer(opts.output, opts.fmt, mode=opts.mode, explode=opts.explode,
                       script=opts.script, append=append)


# ---------------------------------------------------------------------------------- count


def count_documents(paths: list[str]) -> int | None:
    """A cheap upper estimate of the number of documents (``None`` for stdin)."""
    from .io import JSONL_SUFFIXES, TEXT_SUFFIXES

    def one(path: Path) -> int:
        suffix = path.suffix.lower()
        if suffix in TEXT_SUFFIXES:
            return 1
        if suffix in JSONL_SUFFIXES:
            n, last = 0, b"\n"
            try:
                with open(path, "rb") as fh:
                    while block := fh.read(1 << 20):
                        n += block.count(b"\n")
                        last = block[-1:]
            except OSError:
                return 1
            return n + (last != b"\n")
        return 0

    total = 0
    for p in paths:
        if p == "-":
            return None
        path = Path(p)
        if path.is_dir():
            total += sum(one(c) for c in path.rglob("*") if c.is_file())
        else:
            total += one(path) or 1
    return total


# ---------------------------------------------------------------------------------- engine


class _Stop:
    """SIGINT/SIGTERM: the first signal stops reading, the second drops in-flight work.

    In-process (``jobs=1``) the document being processed cannot be abandoned from the
    outside, so the second signal raises KeyboardInterrupt inside it instead.
    """

    def __init__(self, install: bool, raise_on_second: bool):
        self.signum: int | None = None
        self.hard = False
        self.raise_on_second = raise_on_second
        self._old: dict[int, Any] = {}
        if install and threading.current_thread() is threading.main_thread():
            for s in (signal.SIGINT, signal.SIGTERM):
                self._old[s] = signal.signal(s, self._handle)

    def _handle(self, signum: int, frame: Any) -> None:
        if self.signum is None:
            self.signum = signum
            return
        self.hard = True
        if self.raise_on_second:
            raise KeyboardInterrupt

    def restore(self) -> None:
        for s, h in self._old.items():
            signal.signal(s, h)


def run_batch(inputs: list[str], opts: BatchOptions,
              report: Callable[[str], None] | None = None) -> BatchSummary:
    """Process a batch of inputs into ``opts.output``.

    Args:
        inputs: files, directories or ``-`` (already checked by ``check_paths``).
        opts: what to do.
        report: called with each line meant for the user on stderr (failures when there
            is no error report); ``None`` discards them.

    Returns:
        The run's counts; ``interrupted`` is set when a signal stopped it.

    Raises:
        UsageError: impossible option combinations (checked before any work).
    """
    say = report or (lambda line: None)
    to_stdout = opts.output in (None, "-")
    if opts.resume and to_stdout:
        raise UsageError("--resume needs an output file (-o FILE), not stdout")
    if opts.mode not in ("extract", "annotate"):
        raise UsageError(f"unknown mode {opts.mode!r}")
    jobs = opts.jobs if opts.jobs is not None else (os.cpu_count() or 1)
    if jobs < 1:
        raise UsageError("--jobs must be at least 1")
    # Counting reads the inputs once more; only worth it for the pool size or the bar.
    expected = count_documents(inputs) if jobs > 1 or opts.progress else None
    if expected is not None and expected < jobs:
        # Never more workers than documents: a single brief runs in this process, without
        # the pool's start-up (warm-up and fork), which is most of a short run's time.
        jobs = max(1, expected)

    resume = opts.resume and Path(opts.output).exists()  # type: ignore[arg-type]
    if opts.resume and not resume:
        log.info("--resume: %s does not exist yet; starting a fresh run", opts.output)
    journal = None if to_stdout else Journal(journal_path(opts.output))  # type: ignore[arg-type]
    if journal is not None and resume:
        journal.load()

    summary = BatchSummary()
    started = time.monotonic()
    writer = open_output(opts, append=resume)
    with writer:
        done_docs: set[str] = set()
        failed_docs: set[str] = set()
        done_failures: set[str] = set()
        prior_failures: list[dict[str, Any]] = []
        if resume:
            assert journal is not None
            in_output = set(writer.done_ids())
            done_docs |= in_output
            for e in journal.entries:
                if e.get("input"):
                    done_failures.add(_failure_key(e["source"], e.get("line"), e.get("id"),
                                                   e["reason"]))
                elif e["status"] in ("empty", "failed"):
                    done_docs.add(e["id"])
                    if e["status"] == "failed":
                        failed_docs.add(e["id"])
                elif e["id"] not in in_output:
                    # The journal is never ahead of the output (it is committed after it);
                    # if it is, trust the output and process the document again.
                    log.warning("journal lists %s as written but the output lacks it; "
                                "processing it again", e["id"])
                if e["status"] == "failed":
                    prior_failures.append({k: e.get(k) for k in ("source", "line", "id",
                                                                  "reason")})
        if journal is not None:
            journal.open(keep=resume)
        errors = ErrorReport(opts.errors)
        errors.open(prior_failures)
        # Byte-stream outputs are encoded where the document is processed (in the workers).
        config = _Config(opts.mode, opts.segmenter, opts.model, opts.debug,
                         encoder=writer.encoder(),
                         summaries=log.isEnabledFor(logging.DEBUG))
        stop = _Stop(opts.handle_signals, raise_on_second=jobs == 1)
        bar = None
        try:
            if opts.progress:
                import tqdm

                tqdm.tqdm.monitor_interval = 0  # no monitor thread: workers are forked
                bar = tqdm.tqdm(total=expected, unit="doc", file=sys.stderr,
                                dynamic_ncols=True, smoothing=0.1)
            executor = _InProcess(config) if jobs == 1 else _Pool(jobs, config, opts.chunk_size)
            try:
                _loop(inputs, opts, jobs, executor, writer, journal, errors, summary, stop,
                      done_docs, failed_docs, done_failures, bar, say)
            finally:
                if stop.hard or summary.interrupted is not None:
                    executor.terminate()
                else:
                    executor.close()
                summary.worker_deaths = executor.deaths
        finally:
            stop.restore()
            if bar is not None:
                bar.close()
            # Commit order matters: output, then journal, then error report (see Journal).
            writer.commit()
            if journal is not None:
                journal.commit()
            errors.close()
    if journal is not None:
        # A finished run needs no journal; an interrupted one keeps it for --resume.
        journal.close(remove=summary.interrupted is None)
    elapsed = time.monotonic() - started
    log.info("%d documents in %.1f s (%.1f docs/s, %d job(s))", summary.read, elapsed,
             summary.read / max(elapsed, 1e-9), jobs)
    return summary


def _loop(inputs: list[str], opts: BatchOptions, jobs: int, executor: Any, writer: Any,
          journal: Journal | None, errors: ErrorReport, summary: BatchSummary, stop: _Stop,
          done_docs: set[str], failed_docs: set[str], done_failures: set[str], bar: Any,
          say: Callable[[str], None]) -> None:
    """Read, dispatch, reorder, write and checkpoint until the input ends or a signal."""
    items: Iterator[Any] = iter_documents(inputs, summary.skipped, encoding=opts.encoding,
                                          max_chars=opts.max_chars)
    window = max(8, jobs * max(1, opts.chunk_size) * 3)  # documents read ahead, at most
    waiting: dict[int, tuple[Any, str | None, Any]] = {}  # seq -> (item, status, payload)
    ready: dict[int, tuple[str, Any]] = {}  # reorder buffer: seq -> (status, payload)
    next_seq = next_out = 0
    since_commit = 0
    last_commit = last_log = time.monotonic()
    commit_cost = 0.0
    started = time.monotonic()
    exhausted = False

    def emit(seq: int) -> None:
        nonlocal since_commit
        item, _, _ = waiting.pop(seq)
        status, payload = ready.pop(seq)
        summary.read += 1
        info = {"id": item.id, "source": item.source, "line": item.line,
                "published": getattr(item, "published", None)}
        entry = {"id": item.id, "source": item.source, "line": item.line}
        if status == "ok":
            try:
                if isinstance(payload, Encoded):
                    writer.write_encoded(info, payload.data)
                else:
                    writer.write(info, payload)
            except ValueError as exc:  # a result the format cannot hold: nothing written
                status, payload = "error", str(exc)
        if status == "ok":
            if isinstance(payload, Encoded):
                count, lines = payload.count, payload.summaries
            else:
                count = len(payload) if opts.mode == "extract" else 1
                lines = (tuple(map(summary_line, payload))
                         if opts.mode == "extract" and log.isEnabledFor(logging.DEBUG) else ())
            if opts.mode == "extract" and not count:
                summary.empty += 1
                entry["status"] = "empty"
                log.debug("%-24s (no province record)", item.id)
            else:
                summary.written += 1
                entry["status"] = "written"
                for line in lines:
                    log.debug("%s", line)
        else:
            summary.failed += 1
            reason = payload
            entry.update(status="failed", reason=reason)
            if isinstance(item, InputFailure):
                entry["input"] = True
            errors.write({"source": item.source, "line": item.line, "id": item.id,
                          "reason": reason})
            if errors.path is None and not errors.stdout:
                where = f"{item.source}{':' + str(item.line) if item.line else ''}"
                say(f"failed: {where} ({item.id}): {reason}")
        if journal is not None:
            journal.add(entry)
        since_commit += 1
        if bar is not None:
            bar.update(1)

    while True:
        if stop.signum is not None and summary.interrupted is None:
            summary.interrupted = stop.signum
            dropped = executor.drop_pending()
            for seq in dropped:
                waiting.pop(seq, None)
            log.info("interrupted: finishing %d documents in progress", executor.in_flight())
        if stop.hard:
            for seq in executor.terminate():
                waiting.pop(seq, None)
        # Read ahead, up to the window.
        while (summary.interrupted is None and not exhausted
               and next_seq - next_out < window):
            try:
                item = next(items)
            except StopIteration:
                exhausted = True
                break
            if isinstance(item, InputFailure):
                key = _failure_key(item.source, item.line, item.id, item.reason)
                if key in done_failures:
                    summary.already_done += 1
                    summary.already_failed += 1
                    continue
                waiting[next_seq] = (item, None, None)
                ready[next_seq] = ("error", item.reason)
            else:
                if item.id in done_docs:
                    summary.already_done += 1
                    summary.already_failed += item.id in failed_docs
                    continue
                waiting[next_seq] = (item, None, None)
                executor.put(next_seq, item)
            next_seq += 1
        # Write every result that is next in input order.
        while next_out in ready:
            emit(next_out)
            next_out += 1
        busy = executor.backlog or executor.in_flight()
        if not busy and (exhausted or summary.interrupted is not None):
            break
        if stop.hard:
            break
        for seq, status, payload in executor.collect(timeout=0.5):
            if seq in waiting:
                ready[seq] = (status, payload)
        while next_out in ready:
            emit(next_out)
            next_out += 1
        now = time.monotonic()
        if journal is not None and since_commit and (
                (opts.checkpoint_every and since_commit >= opts.checkpoint_every)
                or (opts.checkpoint_seconds and now - last_commit >= opts.checkpoint_seconds)
        ) and now - last_commit >= 20 * commit_cost:
            # Committing a text output copies it; the last condition keeps checkpoints of a
            # large output under ~5% of the run time.
            writer.commit()
            journal.commit()
            errors.commit()
            after = time.monotonic()
            commit_cost = after - now
            since_commit, last_commit = 0, after
            log.debug("checkpoint: %d documents committed in %.2f s", journal.count,
                      commit_cost)
        if now - last_log >= 10:
            last_log = now
            rate = summary.read / max(now - started, 1e-9)
            log.info("%d documents processed (%.1f docs/s)", summary.read, rate)
    # Results after a gap (a document dropped by the interruption) are not written, so that
    # a resumed run appends everything in input order.
    summary.dropped = len(waiting)

"""Where documents are processed: in this process, or in a pool of forked workers.

:class:`_InProcess` (``jobs=1``) and :class:`_Pool` (``jobs>1``) share one interface used by
:func:`govbrief.batch.run_batch`: documents go in with their sequence numbers, results come
back one per document. For byte-stream outputs (JSON Lines, CSV) each result comes back
already encoded (:class:`Encoded`, made by the writer's picklable encoder), so the parent,
which every result passes through, only appends bytes. Each worker process holds one
warmed-up Extractor (:func:`get_extractor`); the parent builds and warms it before forking
so that workers start in milliseconds and share its memory pages. A worker that dies is
noticed through its process sentinel: the document it held becomes a failure
(:data:`WORKER_DIED`), the rest of its chunk is queued again, and a new worker replaces it.

Test-only hooks (environment variables, read by whichever process processes a document;
they exist so that tests can exercise crashes with real processes):

* ``GOVBRIEF_TEST_EXIT_ON=MARKER``: the process calls ``os._exit(86)`` when it is about to
  process a document whose text contains MARKER.
* ``GOVBRIEF_TEST_DELAY=SECONDS``: sleep this long before each document.
"""

from __future__ import annotations

import collections
import gc
import logging
import multiprocessing
import os
import selectors
import signal
import sys
import time
import traceback
from dataclasses import dataclass
from typing import Any, Callable, NamedTuple

from .errors import GovbriefError
from .io import InputDoc

log = logging.getLogger(__name__)

#: Reason recorded for the document a dying worker held.
WORKER_DIED = "worker process died while processing this document"
#: Test-only hook variables (see the module docstring).
TEST_EXIT_ENV = "GOVBRIEF_TEST_EXIT_ON"
TEST_DELAY_ENV = "GOVBRIEF_TEST_DELAY"


# --------------------------------------------------------------------------- processing


@dataclass(frozen=True)
class _Config:
    """What a worker needs to build its Extractor and process documents (picklable)."""

    mode: str
    segmenter: str
    model: bool | str
    debug: bool
    #: The output writer's ``encoder()`` (None: results travel as records).
    encoder: Callable[[str, Any], bytes] | None = None
    #: Also return a one-line summary per record (for the parent's debug log).
    summaries: bool = False


#: Record fields counted in the per-record debug summary line.
SUMMARY_FIELDS = ("dates", "officials", "agencies", "counts", "campaigns")


class Encoded(NamedTuple):
    """A document's result as the output's bytes (see ``RecordWriter.encoder``)."""

    data: bytes
    #: Records (extract) or gold documents (annotate, always 1) in ``data``.
    count: int
    #: One summary line per record when ``_Config.summaries``, else empty.
    summaries: tuple[str, ...] = ()


def summary_line(rec: dict[str, Any]) -> str:
    """``doc_id province dates=N officials=N ...``: a record in one log line."""
    parts = " ".join(f"{f}={len(rec.get(f, []))}" for f in SUMMARY_FIELDS)
    return f"{rec.get('doc_id')!s:<24} {rec.get('province') or '-':<10} {parts}"


_EXTRACTORS: dict[tuple[str, Any], Any] = {}
_WARMED: dict[tuple[str, Any], bool] = {}

# A made-up brief touching every extractor, so that their lazily built parts (POS taggers,
# large compiled patterns, dictionaries) are built once before workers are forked.
_WARM_UP = ("2022年9月1日上午,某某省市场监督管理局联合省发展改革委、省教育厅等21个部门在省会启动"
            "2022年“质量月”活动。副省长张三出席并讲话,省市场监管局党组书记、局长李四主持启动仪式。"
            "活动现场设置咨询台30余个,发放宣传资料3000余份,接受群众咨询500人次。9月2日,"
            "某某市质量技术协会开展质量开放日。(记者 王五 通讯员 赵六)")


def get_extractor(segmenter: str = "jieba", model: bool | str = True, warm: bool = True) -> Any:
    """One Extractor per process and configuration (cached).

    Args:
        segmenter: ``"jieba"`` or ``"pkuseg"``.
        model: as :class:`govbrief.Extractor`'s ``model``.
        warm: process a made-up brief first, so that lazily built parts (compiled patterns,
            POS tables) exist before workers are forked and every worker starts warm. A
            single process gains nothing from it: its first document pays the same cost.
    """
    key = (segmenter, model)
    if key not in _EXTRACTORS:
        from .api import Extractor

        _EXTRACTORS[key] = Extractor(segmenter=segmenter, model=model)
        _WARMED[key] = False
    if warm and not _WARMED[key]:
        _EXTRACTORS[key].process(_WARM_UP, "2022-09-02")
        _WARMED[key] = True
    return _EXTRACTORS[key]


def _test_hooks(text: str) -> None:
    """Test-only fault injection (see the module docstring); inert unless the variables are set."""
    delay = os.environ.get(TEST_DELAY_ENV)
    if delay:
        time.sleep(float(delay))
    marker = os.environ.get(TEST_EXIT_ENV)
    if marker and marker in text:
        os._exit(86)


def process_document(extractor: Any, mode: str, doc: InputDoc, debug: bool = False,
                     encoder: Callable[[str, Any], bytes] | None = None,
                     summaries: bool = False) -> tuple[str, Any]:
    """Process one document.

    Args:
        extractor: a (warmed-up) :class:`govbrief.Extractor`.
        mode: ``"extract"`` (records) or ``"annotate"`` (a gold-format dict).
        doc: the document.
        debug: print the traceback of a failure on stderr.
        encoder: a writer's ``encoder()``: return the result as :class:`Encoded` bytes.
        summaries: with ``encoder``, fill ``Encoded.summaries`` (extract mode).

    Returns:
        ``("ok", result)`` with a list of records (extract), a gold dict (annotate) or,
        given an encoder, their :class:`Encoded` form; or ``("error", reason)``, also for
        a result the output format cannot hold. One bad document never raises.
    """
    from . import assemble

    _test_hooks(doc.text)
    try:
        processed = extractor.process(doc.text, doc.published, doc.id)
        if mode == "extract":
            result: Any = assemble.to_records(processed)
        else:
            result = assemble.to_gold(processed)
    except Exception as exc:  # one bad document must not stop the batch
        if debug:
            traceback.print_exc()
        return "error", f"{type(exc).__name__}: {exc}"
    if encoder is None:
        return "ok", result
    try:
        data = encoder(str(doc.id), result)
    except ValueError as exc:  # the writer's "cannot write it as FORMAT"
        return "error", str(exc)
    if mode != "extract":
        return "ok", Encoded(data, 1)
    lines = tuple(summary_line(rec) for rec in result) if summaries else ()
    return "ok", Encoded(data, len(result), lines)


def _worker_main(conn: Any, config: _Config, inherited: list[Any] = ()) -> None:  # type: ignore[assignment]
    """A worker process: build (or inherit) the Extractor, then process chunks until told to stop.

    Args:
        conn: this worker's end of its pipe.
        config: what to build and do.
        inherited: pipe ends a forked child inherited from the parent (its own parent end,
            other workers' parent ends); closed so that the death of the parent gives every
            worker an end-of-file instead of leaving orphans waiting forever.
    """
    for other in inherited:
        other.close()
    # The parent decides what an interruption means; a Ctrl-C reaching the whole process
    # group must not kill workers in the middle of a document.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        extractor = get_extractor(config.segmenter, config.model)
    except BaseException as exc:  # reported to the parent, which stops the run
        conn.send(("init_error", f"{type(exc).__name__}: {exc}"))
        return
    while True:
        try:
            chunk = conn.recv()
        except (EOFError, OSError):
            return
        if chunk is None:
            return
        for seq, doc in chunk:
            status, payload = process_document(extractor, config.mode, doc, config.debug,
                                               config.encoder, config.summaries)
            try:
                conn.send((seq, status, payload))
            except (BrokenPipeError, OSError):
                return  # the parent is gone


# ----------------------------------------------------------------------------- executors

Outcome = tuple[int, str, Any]  # (seq, "ok" | "error", result or reason)


class _Queued:
    """The queue of documents waiting for an executor (shared by both executors)."""

    queue: collections.deque[tuple[int, InputDoc]]

    def put(self, seq: int, doc: InputDoc) -> None:
        self.queue.append((seq, doc))

    @property
    def backlog(self) -> int:
        return len(self.queue)


class _InProcess(_Queued):
    """``jobs=1``: process documents in this process, one at a time."""

    def __init__(self, config: _Config):
        self.config = config
        self.extractor = get_extractor(config.segmenter, config.model, warm=False)
        self.queue = collections.deque()
        self.deaths = 0

    def in_flight(self) -> int:
        return 0

    def collect(self, timeout: float | None) -> list[Outcome]:
        if not self.queue:
            return []
        seq, doc = self.queue.popleft()
        status, payload = process_document(self.extractor, self.config.mode, doc,
                                           self.config.debug, self.config.encoder,
                                           self.config.summaries)
        return [(seq, status, payload)]

    def drop_pending(self) -> list[int]:
        dropped = [seq for seq, _ in self.queue]
        self.queue.clear()
        return dropped

    def close(self) -> None:
        pass

    def terminate(self) -> list[int]:
        return self.drop_pending()


class _Worker:
    def __init__(self, ctx: Any, config: _Config, others: list["_Worker"]):
        parent, child = ctx.Pipe(duplex=True)
        self.conn = parent
        fork = ctx.get_start_method() == "fork"
        inherited = [parent] + [w.conn for w in others if not w.conn.closed] if fork else []
        self.proc = ctx.Process(target=_worker_main, args=(child, config, inherited),
                                daemon=True)
        if fork:
            # Keep the garbage collector of the child off the inherited objects, so that their
            # memory pages stay shared instead of being copied on the first collection.
            gc.freeze()
        try:
            self.proc.start()
        finally:
            if fork:
                gc.unfreeze()
        child.close()
        self.chunk: list[tuple[int, InputDoc]] = []
        self.received = 0

    @property
    def idle(self) -> bool:
        return self.received >= len(self.chunk)


class _Pool(_Queued):
    """Worker processes with one pipe each, so that a death is attributed to one document.

    A worker gets a chunk only when idle (it is then blocked in ``recv``), which rules out
    the deadlock of two processes both blocked writing to full pipes. Results come back one
    document at a time; when a worker dies, the first document of its chunk without a
    result is the one it held.
    """

    def __init__(self, jobs: int, config: _Config, chunk_size: int):
        self.config = config
        self.chunk_size = max(1, chunk_size)
        methods = multiprocessing.get_all_start_methods()
        # fork after the parent built and warmed the Extractor: workers start in
        # milliseconds and share its memory copy-on-write. Elsewhere spawn, and each worker
        # builds its own Extractor once.
        if "fork" in methods and sys.platform.startswith("linux"):
            get_extractor(config.segmenter, config.model)
            self.ctx = multiprocessing.get_context("fork")
        else:
            self.ctx = multiprocessing.get_context("spawn")
        self.queue: collections.deque[tuple[int, InputDoc]] = collections.deque()
        # One selector for the whole run (pipes and process sentinels): building one per
        # wait, as multiprocessing.connection.wait does, costs more than reading a result.
        # poll(2), not epoll: no kernel object for the forked workers to inherit.
        self.selector = selectors.PollSelector()
        self.workers: list[_Worker] = []
        for _ in range(jobs):
            self.workers.append(self._start(self.workers))
        self.deaths = 0
        self._fruitless_deaths = 0

    def _start(self, others: list[_Worker]) -> _Worker:
        w = _Worker(self.ctx, self.config, others)
        self.selector.register(w.conn, selectors.EVENT_READ, w)
        self.selector.register(w.proc.sentinel, selectors.EVENT_READ, w)
        return w

    def _forget(self, w: _Worker) -> None:
        for handle in (w.conn, w.proc.sentinel):
            try:
                self.selector.unregister(handle)
            except (KeyError, ValueError):
                pass

    def in_flight(self) -> int:
        return sum(len(w.chunk) - w.received for w in self.workers)

    def _dispatch(self) -> None:
        for w in list(self.workers):
            if w.idle and not w.proc.is_alive():  # died between chunks: holds nothing
                self._bury(w, [])
        idle = [w for w in self.workers if w.idle]
        for n, w in enumerate(idle):
            if not self.queue:
                return
            # Share a short queue evenly rather than giving it all to the first worker.
            share = -(-len(self.queue) // (len(idle) - n))
            size = min(self.chunk_size, share)
            w.chunk = [self.queue.popleft() for _ in range(size)]
            w.received = 0
            try:
                w.conn.send(w.chunk)
            except (BrokenPipeError, OSError):
                pass  # noticed as a death by collect()

    def collect(self, timeout: float | None) -> list[Outcome]:
        """Dispatch work, then wait up to ``timeout`` for results (or deaths)."""
        self._dispatch()
        if self.in_flight() == 0:
            return []
        out: list[Outcome] = []
        dead: list[_Worker] = []
        # Every worker is watched, idle ones too: an idle worker only ever becomes
        # readable by dying (or by failing to start), which is worth knowing at once.
        for key, _ in self.selector.select(timeout):
            w = key.data
            if w in dead:
                continue
            if key.fileobj is w.conn:
                if not self._receive(w, out):
                    dead.append(w)
            elif not w.proc.is_alive():
                dead.append(w)
        for w in dead:
            self._bury(w, out)
        return out

    def _receive(self, w: _Worker, out: list[Outcome]) -> bool:
        """Read one message from a readable worker pipe; False when the worker is gone.

        One message per call: if more are waiting, the next select reports the pipe again,
        which costs less than asking the pipe with a poll of its own after every message.
        """
        try:
            msg = w.conn.recv()
            if msg[0] == "init_error":
                raise GovbriefError(f"a worker process could not start: {msg[1]}")
            out.append(msg)
            w.received += 1
            self._fruitless_deaths = 0
        except (EOFError, OSError, ValueError):
            return False
        except Exception:  # a torn message from a process killed mid-send
            return False
        return True

    def _bury(self, w: _Worker, out: list[Outcome]) -> None:
        """Report the document a dead worker held, requeue the rest, and replace it."""
        self._forget(w)
        # Results it sent before dying still count.
        while True:
            try:
                pending = w.conn.poll()
            except (OSError, ValueError):
                pending = False
            if not pending or not self._receive(w, out):
                break
        w.proc.join(timeout=5)
        code = w.proc.exitcode
        how = (f"killed by signal {-code}" if code is not None and code < 0
               else f"exit status {code}")
        held = w.chunk[w.received:]
        if held:
            seq, doc = held[0]
            out.append((seq, "error", f"{WORKER_DIED} ({how})"))
            log.warning("worker process %s died (%s) on document %s", w.proc.pid, how, doc.id)
            self.queue.extendleft(reversed(held[1:]))
            self._fruitless_deaths = 0
        else:
            self._fruitless_deaths += 1
            if self._fruitless_deaths > 3 * len(self.workers) + 3:
                raise GovbriefError("worker processes keep dying before processing anything")
        self.deaths += 1
        w.conn.close()
        others = [o for o in self.workers if o is not w]
        self.workers[self.workers.index(w)] = self._start(others)

    def drop_pending(self) -> list[int]:
        dropped = [seq for seq, _ in self.queue]
        self.queue.clear()
        return dropped

    def close(self) -> None:
        """Stop idle workers politely."""
        for w in self.workers:
            try:
                w.conn.send(None)
            except OSError:
                pass
        for w in self.workers:
            w.proc.join(timeout=5)
            if w.proc.is_alive():
                w.proc.kill()
                w.proc.join()
            w.conn.close()
        self.selector.close()

    def terminate(self) -> list[int]:
        """Kill every worker now; returns the seqs of the documents they held or queued."""
        dropped = self.drop_pending()
        for w in self.workers:
            dropped.extend(seq for seq, _ in w.chunk[w.received:])
            w.chunk, w.received = [], 0
            w.proc.kill()
        for w in self.workers:
            w.proc.join()
            w.conn.close()
        self.selector.close()
        return dropped



"""Run govbrief on a Dask cluster (optional extra: ``pip install 'govbrief[dask]'``).

Library:

    >>> import dask.bag as db                                            # doctest: +SKIP
    >>> from govbrief.distributed import extract_bag
    >>> bag = db.from_sequence([{"id": "a", "text": "..."}], npartitions=1)
    >>> records = extract_bag(bag).compute()

Every worker process builds one :class:`govbrief.Extractor` on first use and keeps it
(:func:`govbrief.batch.get_extractor`), so a partition costs only its documents.
Run workers with one thread each (``--nthreads 1``): one process per core is what
speeds the pipeline up, and an Extractor is used by one thread at a time (a lock
guarantees it when a worker has more threads).

Command line: ``govbrief extract --engine dask --scheduler tcp://host:8786 INPUT... -o OUTDIR``
(:func:`run_dask`) reads the inputs on the client, sends partitions of documents to the
cluster, and each task writes its shard ``OUTDIR/part-00000.jsonl`` (atomically) on the
worker, so OUTDIR must be storage every worker and the client share. Records are those of
the local engine, document for document.
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
from pathlib import Path
from typing import Any, Callable, Iterable

from .batch import WORKER_DIED, BatchSummary, get_extractor, process_document
from .errors import UsageError
from .io import InputDoc, InputFailure, iter_documents

log = logging.getLogger(__name__)

#: Columns of :func:`extract_dataframe`'s result, per mode.
RECORD_COLUMNS = ("doc_id", "province", "province_code", "sections", "dates", "officials",
                  "agencies", "organizations", "locations", "counts", "campaigns", "reporters")
GOLD_COLUMNS = ("id", "text", "published", "script", "spans", "sections", "officials")
#: File suffix of a shard, per format.
SHARD_SUFFIX = {"jsonl": ".jsonl", "csv": ".csv", "parquet": ".parquet", "sqlite": ".sqlite"}
CONNECT_TIMEOUT = 10.0

_LOCK = threading.Lock()


def require_dask() -> Any:
    """Import dask (bag, distributed) or raise a UsageError naming the extra."""
    try:
        import dask.bag  # noqa: F401
        import distributed
    except ImportError as exc:
        raise UsageError(f"the dask engine needs the optional extra: "
                         f"pip install 'govbrief[dask]' ({exc})") from None
    return distributed


def _as_doc(item: Any, n: int) -> InputDoc:
    if isinstance(item, str):
        return InputDoc("<dask>", None, str(n), item, None)
    published = item.get("published")
    if published is not None and not isinstance(published, str):
        # pandas gives NaN/NaT for missing values and Timestamps for dates.
        try:
            import pandas as pd

            published = None if pd.isna(published) else pd.Timestamp(published).date().isoformat()
        except (ImportError, ValueError, TypeError):
            published = str(published)
    return InputDoc("<dask>", None, str(item.get("id", n)), item["text"], published)


def _run_docs(docs: Iterable[InputDoc], mode: str, model: bool | str, segmenter: str,
              on_error: str) -> list[Any]:
    """Process documents with this process's cached Extractor; results in order."""
    with _LOCK:
        extractor = get_extractor(segmenter, model)
        out: list[Any] = []
        for doc in docs:
            status, payload = process_document(extractor, mode, doc)
            if status == "error":
                if on_error == "raise":
                    raise RuntimeError(f"document {doc.id}: {payload}")
                continue
            if mode == "extract":
                out.extend(payload)
            else:
                out.append(payload)
        return out


def _bag_partition(items: Iterable[Any], mode: str, model: bool | str, segmenter: str,
                   on_error: str) -> list[Any]:
    docs = [_as_doc(item, n) for n, item in enumerate(items)]
    return _run_docs(docs, mode, model, segmenter, on_error)


def extract_bag(bag: Any, mode: str = "extract", model: bool | str = True,
                segmenter: str = "jieba", on_error: str = "raise") -> Any:
    """Run the pipeline over a dask bag.

    Args:
        bag: a ``dask.bag.Bag`` of strings or ``{"id", "text", "published"?}`` dicts.
        mode: ``"extract"``: the result holds every record (ANNOTATION.md §5) of every
            document, in order; ``"annotate"``: one gold-format dict per document.
        model: use the statistical NER model.
        segmenter: ``"jieba"`` or ``"pkuseg"``.
        on_error: ``"raise"`` (a failing document fails the computation) or ``"skip"``.

    Returns:
        A lazy ``dask.bag.Bag``.
    """
    require_dask()
    if mode not in ("extract", "annotate"):
        raise UsageError(f"unknown mode {mode!r}")
    if on_error not in ("raise", "skip"):
        raise UsageError(f"on_error must be 'raise' or 'skip', not {on_error!r}")
    return bag.map_partitions(_bag_partition, mode, model, segmenter, on_error)


def _frame_partition(df: Any, mode: str, model: bool | str, segmenter: str,
                     on_error: str) -> Any:
    import pandas as pd

    columns = RECORD_COLUMNS if mode == "extract" else GOLD_COLUMNS
    items = df.to_dict("records")
    rows = _bag_partition(items, mode, model, segmenter, on_error)
    return pd.DataFrame([{c: r.get(c) for c in columns} for r in rows], columns=list(columns),
                        dtype=object)


def extract_dataframe(ddf: Any, mode: str = "extract", model: bool | str = True,
                      segmenter: str = "jieba", on_error: str = "raise") -> Any:
    """Run the pipeline over a dask DataFrame with columns ``id``, ``text``, ``published``.

    Returns:
        A lazy dask DataFrame: one row per record with the columns of
        :data:`RECORD_COLUMNS` (mode extract; nested fields stay Python lists), or one row
        per document with :data:`GOLD_COLUMNS` (mode annotate).
    """
    require_dask()
    import pandas as pd

    if "text" not in ddf.columns:
        raise UsageError("the dataframe needs a 'text' column (and usually 'id', 'published')")
    columns = RECORD_COLUMNS if mode == "extract" else GOLD_COLUMNS
    meta = pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    return ddf.map_partitions(_frame_partition, mode, model, segmenter, on_error, meta=meta)


# ------------------------------------------------------------------------------------ CLI


def _doc_dict(doc: InputDoc) -> dict[str, Any]:
    return {"source": doc.source, "line": doc.line, "id": doc.id, "text": doc.text,
            "published": doc.published}


def process_shard(docs: list[dict[str, Any]], path: str, mode: str, fmt: str, explode: bool,
                  script: str, model: bool | str, segmenter: str) -> dict[str, Any]:
    """A task: process one partition and write it as one shard (on the worker).

    Returns:
        ``{"written", "empty", "failures": [error-report entries]}``.
    """
    from .formats import open_writer

    written = empty = 0
    failures: list[dict[str, Any]] = []
    with _LOCK:
        extractor = get_extractor(segmenter, model)
        with open_writer(path, fmt, mode=mode, explode=explode, script=script) as writer:
            for d in docs:
                doc = InputDoc(d["source"], d["line"], d["id"], d["text"], d["published"])
                status, payload = process_document(extractor, mode, doc)
                if status == "ok":
                    try:
                        writer.write({"id": doc.id, "source": doc.source, "line": doc.line,
                                      "published": doc.published}, payload)
                    except ValueError as exc:
                        status, payload = "error", str(exc)
                if status == "error":
                    failures.append({"source": doc.source, "line": doc.line, "id": doc.id,
                                     "reason": payload})
                elif mode == "extract" and not payload:
                    empty += 1
                else:
                    written += 1
    return {"written": written, "empty": empty, "failures": failures}


def connect(scheduler: str, timeout: float = CONNECT_TIMEOUT) -> Any:
    """A ``distributed.Client`` for the scheduler, or a UsageError within ``timeout``."""
    distributed = require_dask()
    try:
        return distributed.Client(scheduler, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise UsageError(f"cannot reach the Dask scheduler at {scheduler} within "
                         f"{timeout:g} s ({type(exc).__name__}: {exc})") from None


def run_dask(inputs: list[str], outdir: str, *, scheduler: str, mode: str = "extract",
             fmt: str = "jsonl", explode: bool = False, script: str = "simplified",
             errors: str | None = None, encoding: str | None = None,
             max_chars: int | None = None, segmenter: str = "jieba",
             model: bool | str = True, partition_size: int = 100,
             report: Callable[[str], None] | None = None,
             client: Any = None) -> BatchSummary:
    """``govbrief extract --engine dask``: one shard per partition in ``outdir``.

    Args:
        inputs: files, directories or ``-``, read on the client.
        outdir: output directory (created; must not already hold shards), shared with
            the workers.
        scheduler: the scheduler address (ignored when ``client`` is given).
        mode: ``"extract"`` or ``"annotate"``.
        fmt: shard format (jsonl, csv, parquet, sqlite).
        explode: csv shards: one row per entity.
        script: ``"simplified"`` or ``"traditional"`` normalised fields.
        errors: path of the error report (JSONL), or ``None``.
        encoding: force the input encoding.
        max_chars: documents longer than this are failures.
        segmenter: ``"jieba"`` or ``"pkuseg"``.
        model: use the statistical NER model.
        partition_size: documents per partition (= per shard).
        report: called with lines meant for stderr.
        client: an existing ``distributed.Client`` (tests, notebooks).

    Returns:
        The counts, as the local engine's.
    """
    from .batch import ErrorReport
    from .formats import open_writer

    say = report or (lambda line: None)
    if fmt not in SHARD_SUFFIX:
        raise UsageError(f"unknown output format {fmt!r}")
    # Validate the format options here, before any work (the workers would fail later).
    with tempfile.TemporaryDirectory() as tmp:
        open_writer(os.path.join(tmp, "probe" + SHARD_SUFFIX[fmt]), fmt, mode=mode,
                    explode=explode, script=script).close()
    out = Path(outdir)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--engine dask writes a directory, but {outdir} is a file")
    if out.is_dir() and any(out.glob("part-*")):
        raise UsageError(f"{outdir} already holds shards (part-*); choose an empty directory")
    own_client = client is None
    if own_client:
        client = connect(scheduler)
    distributed = require_dask()
    out.mkdir(parents=True, exist_ok=True)
    summary = BatchSummary()
    failures: dict[int, list[dict[str, Any]]] = {}
    report_file = ErrorReport(errors)
    report_file.open()
    try:
        nworkers = max(1, len(client.scheduler_info().get("workers", {})))
        limit = 2 * nworkers  # partitions in flight: bounded memory on the client
        running: dict[Any, tuple[int, list[dict[str, Any]]]] = {}
        part = 0

        def finish(future: Any) -> None:
            idx, docs = running.pop(future)
            try:
                res = future.result()
            except Exception as exc:  # the task failed as a whole: its shard is not there
                reason = (WORKER_DIED if isinstance(exc, distributed.KilledWorker)
                          else f"partition task failed: {type(exc).__name__}: {exc}")
                res = {"written": 0, "empty": 0, "failures": [
                    {"source": d["source"], "line": d["line"], "id": d["id"],
                     "reason": reason} for d in docs]}
            summary.read += len(docs)
            summary.written += res["written"]
            summary.empty += res["empty"]
            summary.failed += len(res["failures"])
            failures.setdefault(2 * idx + 1, []).extend(res["failures"])

        def submit(docs: list[dict[str, Any]]) -> None:
            nonlocal part
            path = str(out / f"part-{part:05d}{SHARD_SUFFIX[fmt]}")
            future = client.submit(process_shard, docs, path, mode, fmt, explode, script,
                                   model, segmenter, pure=False)
            running[future] = (part, docs)
            part += 1
            while len(running) >= limit:
                done, _ = distributed.wait(list(running), return_when="FIRST_COMPLETED")
                for f in done:
                    finish(f)

        batch: list[dict[str, Any]] = []
        for item in iter_documents(inputs, summary.skipped, encoding=encoding,
                                   max_chars=max_chars):
            if isinstance(item, InputFailure):
                summary.read += 1
                summary.failed += 1
                # Keyed so that the report follows input order: before partition `part`.
                failures.setdefault(2 * part, []).append(item.to_dict())
                continue
            batch.append(_doc_dict(item))
            if len(batch) >= partition_size:
                submit(batch)
                batch = []
        if batch:
            submit(batch)
        for f in list(running):
            finish(f)
    finally:
        for key in sorted(failures):
            for entry in failures[key]:
                report_file.write(entry)
        report_file.close()
        if own_client:
            client.close()
    if failures and errors is None:
        for key in sorted(failures):
            for e in failures[key]:
                where = f"{e['source']}{':' + str(e['line']) if e['line'] else ''}"
                say(f"failed: {where} ({e['id']}): {e['reason']}")
    say(f"{part} shard(s) in {outdir}")
    return summary

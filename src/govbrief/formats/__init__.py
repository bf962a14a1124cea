"""Output formats: JSON Lines, CSV, Parquet and SQLite behind one writer protocol.

Example:
    >>> from govbrief.formats import open_writer
    >>> with open_writer("out.csv", "csv") as w:                      # doctest: +SKIP
    ...     w.write({"id": "d1", "source": "d1.txt", "line": None, "published": None},
    ...             extractor.extract(text, doc_id="d1"))

Every writer writes whole documents only, works in a temporary sibling of the output
(SQLite: until its first commit) and publishes with ``os.replace`` on ``commit()`` and
when the context ends, also on an exception, so a crash leaves valid output holding
every document written before the last commit (and, on a clean or exceptional exit,
every document written at all).
"""

from __future__ import annotations

import os
from typing import Any

from ..errors import UsageError
from ._base import RecordWriter, gold_to_traditional, record_to_traditional

__all__ = ["FORMATS", "RecordWriter", "open_writer", "record_to_traditional",
           "gold_to_traditional", "format_from_path"]

#: Format name -> "module:class" (imported on use, so pyarrow loads only for parquet).
FORMATS = {
    "jsonl": "text:JsonlWriter",
    "csv": "text:CsvWriter",
    "parquet": "parquet:ParquetWriter",
    "sqlite": "sqlite:SqliteWriter",
}

_SUFFIXES = {".jsonl": "jsonl", ".json": "jsonl", ".ndjson": "jsonl", ".csv": "csv",
             ".parquet": "parquet", ".pq": "parquet", ".sqlite": "sqlite",
             ".sqlite3": "sqlite", ".db": "sqlite"}


def format_from_path(path: str | os.PathLike[str] | None, default: str = "jsonl") -> str:
    """Guess the format from the output's suffix (``out.parquet`` -> ``parquet``)."""
    if path is None or str(path) == "-":
        return default
    return _SUFFIXES.get(os.path.splitext(str(path))[1].lower(), default)


def open_writer(
    path: str | os.PathLike[str] | None,
    fmt: str = "jsonl",
    *,
    mode: str = "extract",
    explode: bool = False,
    script: str = "simplified",
    append: bool = False,
) -> RecordWriter:
    """Open an output writer (a context manager).

    Args:
        path: the output file; ``None`` or ``"-"`` is stdout (jsonl and csv only).
        fmt: ``"jsonl"``, ``"csv"``, ``"parquet"`` (needs ``govbrief[parquet]``) or
            ``"sqlite"``.
        mode: ``"extract"`` (``write`` takes a list of records per document) or
            ``"annotate"`` (one gold-format dict per document; jsonl only).
        explode: CSV only: one row per entity instead of one row per record.
        script: ``"traditional"`` converts the normalised fields (province, canonical
            names, titles, units, campaign names …) with OpenCC s2t; surface ``text``
            fields and person names stay as they are.
        append: keep what is already at ``path`` and add to it (``--resume``);
            ``done_ids()`` then starts with the documents found there.

    Returns:
        A :class:`RecordWriter` with ``write(info, result)``, ``commit()``,
        ``done_ids()`` and ``close()``.

    Raises:
        UsageError: unknown format, mode or script; a combination the format cannot
            do; stdout for a binary format; an existing output that cannot be appended
            to; a missing optional dependency (the message names the pip extra).
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown output format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if explode and fmt != "csv":
        raise UsageError(f"explode applies to csv output only, not {fmt}")
    module_name, class_name = FORMATS[fmt].split(":")
    import importlib

    module = importlib.import_module(f"{__name__}.{module_name}")
    writer_class: Any = getattr(module, class_name)
    return writer_class(path, mode=mode, explode=explode, script=script, append=append)

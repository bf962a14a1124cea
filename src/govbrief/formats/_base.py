"""What every output writer shares: the writer protocol, atomic files, script conversion."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

from .._files import (  # noqa: F401  (re-exported for the writers)
    TMP_PREFIX,
    TMP_SUFFIX,
    fsync_dir,
    fsync_path,
    replace_durably,
    temp_sibling,
)
from ..errors import UsageError


def copy_file(src: Path, dst: Path) -> None:
    """Copy ``src`` over ``dst`` inside the kernel where possible.

    ``os.copy_file_range`` avoids moving the bytes through Python and shares extents
    (reflink) on filesystems that support it (btrfs, XFS), so a commit of a large text
    output costs a kernel copy at most.
    """
    with open(src, "rb") as fin, open(dst, "wb") as fout:
        remaining = os.fstat(fin.fileno()).st_size
        if hasattr(os, "copy_file_range"):
            try:
                while remaining > 0:
                    n = os.copy_file_range(fin.fileno(), fout.fileno(), remaining)
                    if n == 0:
                        break
                    remaining -= n
                if remaining <= 0:
                    return
            except OSError:
                pass
            fin.seek(0)
            fout.seek(0)
            fout.truncate()
        shutil.copyfileobj(fin, fout, 1 << 20)


def iso_date(value: Any) -> str | None:
    """``published`` as text (``YYYY-MM-DD``) whatever the input gave."""
    if value is None or value == "":
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


# ---- script conversion --------------------------------------------------------------

def _s2t(text: Any) -> Any:
    if not isinstance(text, str) or not text:
        return text
    from ..normalize.script import to_traditional  # cached OpenCC s2t converter

    return to_traditional(text)


def _convert_items(items: Iterable[Mapping[str, Any]], keys: tuple[str, ...]) -> list[dict]:
    out = []
    for item in items or []:
        item = dict(item)
        for key in keys:
            if key in item:
                item[key] = _s2t(item[key])
        out.append(item)
    return out


#: Normalised (derived, simplified-script) entity attributes converted by script="traditional".
#: Person names (officials[].name, reporters) are NOT converted: OpenCC s2t turns the
#: surnames 于, 范, 余 into 於, 範, 餘, which are different surnames.
TRADITIONAL_FIELDS: dict[str, tuple[str, ...]] = {
    "agencies": ("name",),
    "organizations": ("name",),
    "locations": ("name",),
    "counts": ("unit", "object"),
    "campaigns": ("name", "kind"),
}


def record_to_traditional(rec: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of a record with its normalised fields in traditional script (OpenCC s2t).

    Converted: ``province``, ``agencies[].name``, ``organizations[].name``,
    ``locations[].name``, ``counts[].unit``/``object``, ``campaigns[].name``/``kind`` and
    ``officials[].titles``. Unchanged: surface ``text`` fields, offsets, codes, date and
    count values, and person names (``officials[].name``, ``reporters``).
    """
    out = dict(rec)
    out["province"] = _s2t(rec.get("province"))
    for name, keys in TRADITIONAL_FIELDS.items():
        if name in rec:
            out[name] = _convert_items(rec[name], keys)
    if "officials" in rec:
        out["officials"] = [
            {**o, "titles": [_s2t(t) for t in o.get("titles") or []]}
            for o in rec["officials"] or []
        ]
    return out


def gold_to_traditional(doc: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of a gold-format document with normalised fields in traditional script.

    Converted: ``sections[].province``, ``officials[].titles``, COUNT ``unit``/``object``.
    ``text`` and the span texts stay as in the input.
    """
    out = dict(doc)
    out["sections"] = _convert_items(doc.get("sections") or [], ("province",))
    out["spans"] = _convert_items(doc.get("spans") or [], ("unit", "object"))
    out["officials"] = [
        {**o, "titles": [_s2t(t) for t in o.get("titles") or []]}
        for o in doc.get("officials") or []
    ]
    return out


# ---- the writer protocol -------------------------------------------------------------

def convert_script(result: Any, mode: str, script: str) -> Any:
    """A document's result in the output script (records listed, annotate dicts as they are)."""
    if mode == "extract":
        records = list(result or [])
        if script == "traditional":
            records = [record_to_traditional(r) for r in records]
        return records
    return gold_to_traditional(result) if script == "traditional" else result


@contextlib.contextmanager
def malformed_result(doc_id: str, fmt: str) -> Iterator[None]:
    """Turn the errors of a malformed result into the ``ValueError`` writers promise."""
    try:
        yield
    except (TypeError, KeyError, AttributeError, ValueError) as exc:
        # A malformed result: this document is not written, the writer goes on.
        raise ValueError(f"document {doc_id}: cannot write it as {fmt}: "
                         f"{type(exc).__name__}: {exc}") from exc


class RecordWriter:
    """Base of every output writer: a context manager writing whole documents.

    Subclasses implement ``_write_doc(info, payload)`` (all of one document or nothing),
    ``_commit()`` and ``_close()``; this class handles script conversion, ids and the
    context protocol. Byte-stream writers (:class:`~govbrief.formats.text.TextWriter`)
    instead write through their :meth:`encoder`.

    Args:
        path: output path, or ``None``/``"-"`` for stdout where the format allows it.
        mode: ``"extract"`` (a list of records per document) or ``"annotate"`` (one
            gold-format dict per document).
        explode: CSV only: one row per entity instead of one per record.
        script: ``"simplified"`` or ``"traditional"`` for the normalised fields.
        append: start from the output already at ``path`` (for ``--resume``).
    """

    fmt = ""
    stdout_ok = False
    modes: tuple[str, ...] = ("extract",)

    def __init__(self, path: str | os.PathLike[str] | None, *, mode: str = "extract",
                 explode: bool = False, script: str = "simplified", append: bool = False):
        if mode not in ("extract", "annotate"):
            raise UsageError(f"unknown mode {mode!r} (extract or annotate)")
        if mode not in self.modes:
            raise UsageError(f"{self.fmt} output supports {' and '.join(self.modes)} only, "
                             f"not {mode}; use jsonl")
        if script not in ("simplified", "traditional"):
            raise UsageError(f"unknown script {script!r} (simplified or traditional)")
        if path is None or str(path) == "-":
            if not self.stdout_ok:
                raise UsageError(f"{self.fmt} output needs a file: give -o PATH")
            self.path: Path | None = None
        else:
            self.path = Path(path)
            if self.path.is_dir():
                raise UsageError(f"output {self.path} is a directory")
        self.mode = mode
        self.explode = explode
        self.script = script
        self.append = append
        self._ids: set[str] = set()
        self._closed = False

    # -- public API --

    def write(self, info: Mapping[str, Any], result: Any) -> None:
        """Write one document: all its output, or (on error) none of it.

        Args:
            info: ``{"id", "source", "line", "published"}`` of the input document.
            result: the document's list of record dicts (mode extract; may be empty) or
                its gold-format dict (mode annotate).

        Raises:
            ValueError: the result cannot be written (malformed); nothing of this
                document was written and the writer can go on. I/O errors (``OSError``,
                ``sqlite3.OperationalError``) propagate as they are.
        """
        self._check_open()
        doc_id = str(info["id"])
        payload = convert_script(result, self.mode, self.script)
        with malformed_result(doc_id, self.fmt):
            self._write_doc(dict(info), payload)
        self._ids.add(doc_id)

    def encoder(self) -> Callable[[str, Any], bytes] | None:
        """A picklable ``(doc_id, result) -> bytes`` for :meth:`write_encoded`, or None.

        Byte-stream formats (JSON Lines, CSV) return one, so that worker processes encode
        their own results and the process owning the writer only appends bytes; the bytes
        are exactly those :meth:`write` would append, and a malformed result raises the
        same ``ValueError``. Formats that are not byte streams (SQLite, Parquet) return
        None: write their results with :meth:`write`.
        """
        return None

    def write_encoded(self, info: Mapping[str, Any], data: bytes) -> None:
        """Write one document already encoded by this writer's :meth:`encoder`."""
        raise NotImplementedError(f"{self.fmt} output has no encoder; use write()")

    def _check_open(self) -> None:
        if self._closed:
            raise ValueError(f"{self.fmt} writer for {self.path or 'stdout'} is closed")

    def commit(self) -> None:
        """Make everything written so far durable and visible at ``path`` (atomically)."""
        if not self._closed:
            self._commit()

    def done_ids(self) -> set[str]:
        """Ids of the documents in the output.

        Those found at ``path`` when appending, plus every document written since.
        Documents without records count only where the format keeps them (SQLite's
        ``documents`` table); elsewhere a resumed run simply processes them again.
        """
        return set(self._ids)

    def close(self) -> None:
        """Commit and release the output (idempotent)."""
        if self._closed:
            return
        try:
            self._close()
        finally:
            self._closed = True

    def __enter__(self) -> "RecordWriter":
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        # Also on an exception: every fully written document is kept (a crash mid-batch
        # must leave valid output for --resume).
        self.close()

    # -- for subclasses --

    def _write_doc(self, info: dict[str, Any], payload: Any) -> None:
        raise NotImplementedError

    def _commit(self) -> None:
        raise NotImplementedError

    def _close(self) -> None:
        raise NotImplementedError

    def __repr__(self) -> str:
        return (f"<{type(self).__name__} {self.path or 'stdout'} mode={self.mode} "
                f"script={self.script}{' explode' if self.explode else ''}>")

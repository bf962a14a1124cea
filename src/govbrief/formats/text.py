"""Line-oriented outputs: JSON Lines and CSV.

Both work in a temporary sibling of the output that only ever receives whole documents
(each document is encoded in memory first and written with one call). ``commit()``
syncs it and publishes a snapshot with ``os.replace``; closing the writer renames the
working file itself into place, so a run that commits only at the end copies nothing.
An intermediate commit costs one kernel-side copy of the file (``copy_file_range``, a
reflink on btrfs/XFS), about a second per GB: commit on a time interval (tens of
seconds), not per document.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Iterable, Mapping

from ..errors import UsageError
from ._base import (
    RecordWriter,
    convert_script,
    copy_file,
    malformed_result,
    replace_durably,
    temp_sibling,
)

BOM = "\ufeff".encode("utf-8")


class TextWriter(RecordWriter):
    """A line-oriented writer: stdout, or a working file published on commit."""

    stdout_ok = True

    def __init__(self, path: Any, **kwargs: Any):
        super().__init__(path, **kwargs)
        self._dirty = True  # the output must exist after close even if nothing is written
        self._fh: IO[bytes] | None = None
        if self.path is None:
            sys.stdout.flush()
            self._stdout: Any = getattr(sys.stdout, "buffer", None)
            self._emit(self._header(stdout=True))
            return
        self._work = temp_sibling(self.path)
        try:
            if self.append and self.path.exists():
                copy_file(self.path, self._work)
                self._drop_partial_line(self._work)
                self._ids.update(self._read_ids(self._work))
                if self._work.stat().st_size == 0:
                    self._work.write_bytes(self._header(stdout=False))
            else:
                self._work.write_bytes(self._header(stdout=False))
            self._fh = open(self._work, "ab")
        except BaseException:
            self._work.unlink(missing_ok=True)
            raise

    # -- format hooks --

    def _header(self, stdout: bool) -> bytes:
        return b""

    @classmethod
    def encode_payload(cls, payload: Any, *, mode: str, explode: bool) -> bytes:
        """One document's bytes (its result already in the output script)."""
        raise NotImplementedError

    def _read_ids(self, path: Path) -> set[str]:
        raise NotImplementedError

    # -- mechanics --

    @staticmethod
    def _drop_partial_line(path: Path) -> None:
        """Cut a trailing line without newline (left by some other writer crashing)."""
        size = path.stat().st_size
        if size == 0:
            return
        with open(path, "r+b") as fh:
            fh.seek(size - 1)
            if fh.read(1) == b"\n":
                return
            # Search backwards for the last newline in chunks.
            pos = size
            while pos > 0:
                step = min(pos, 1 << 16)
                fh.seek(pos - step)
                chunk = fh.read(step)
                nl = chunk.rfind(b"\n")
                if nl >= 0:
                    fh.truncate(pos - step + nl + 1)
                    return
                pos -= step
            fh.truncate(0)

    def _emit(self, data: bytes) -> None:
        if not data:
            return
        if self._stdout is not None:
            self._stdout.write(data)
            self._stdout.flush()
        else:  # a text-only stdout (some test harnesses)
            sys.stdout.write(data.decode("utf-8"))
            sys.stdout.flush()

    def encoder(self) -> "DocumentEncoder":
        """See :meth:`RecordWriter.encoder`: this writer's encoding, picklable."""
        return DocumentEncoder(type(self), self.mode, self.script, self.explode)

    def write(self, info: Mapping[str, Any], result: Any) -> None:
        """See :meth:`RecordWriter.write`: encoded with :meth:`encoder`, then appended."""
        self._check_open()
        # Encoding fails before anything is written.
        self.write_encoded(info, self.encoder()(str(info["id"]), result))

    def write_encoded(self, info: Mapping[str, Any], data: bytes) -> None:
        """See :meth:`RecordWriter.write_encoded`."""
        self._check_open()
        self._append(data)
        self._ids.add(str(info["id"]))

    def _append(self, data: bytes) -> None:
        if self.path is None:
            self._emit(data)
            return
        assert self._fh is not None
        pos = self._fh.tell()
        try:
            self._fh.write(data)
        except BaseException:
            # Interrupted (Ctrl-C, disk full): cut the document's partial bytes off again.
            try:
                self._fh.truncate(pos)
            except OSError:  # pragma: no cover - the disk is beyond help
                pass
            raise
        self._dirty = True

    def _commit(self) -> None:
        if self.path is None:
            sys.stdout.flush()
            return
        if not self._dirty:
            return
        assert self._fh is not None
        self._fh.flush()
        os.fsync(self._fh.fileno())
        snapshot = temp_sibling(self.path)
        try:
            copy_file(self._work, snapshot)
            replace_durably(snapshot, self.path)
        except BaseException:
            snapshot.unlink(missing_ok=True)
            raise
        self._dirty = False

    def _close(self) -> None:
        if self.path is None:
            sys.stdout.flush()
            return
        assert self._fh is not None
        self._fh.flush()
        self._fh.close()
        if self._dirty:
            replace_durably(self._work, self.path)
        else:
            self._work.unlink(missing_ok=True)
        self._dirty = False


@dataclass(frozen=True)
class DocumentEncoder:
    """A text writer's encoding of one document, picklable for worker processes.

    ``encoder(doc_id, result)`` returns the bytes :meth:`TextWriter.write` would append
    (script conversion included) and raises the same ``ValueError`` on a malformed result.
    """

    writer: type[TextWriter]
    mode: str
    script: str
    explode: bool

    def __call__(self, doc_id: str, result: Any) -> bytes:
        """The bytes of document ``doc_id`` (``ValueError`` when it cannot be written)."""
        payload = convert_script(result, self.mode, self.script)
        with malformed_result(doc_id, self.writer.fmt):
            return self.writer.encode_payload(payload, mode=self.mode, explode=self.explode)


# ---- JSON Lines ---------------------------------------------------------------------

class JsonlWriter(TextWriter):
    """JSON Lines: one record per line (extract) or one gold document per line (annotate).

    UTF-8 without BOM, non-ASCII characters written as they are.
    """

    fmt = "jsonl"
    modes = ("extract", "annotate")

    @classmethod
    def encode_payload(cls, payload: Any, *, mode: str, explode: bool) -> bytes:
        """One JSON object per line: each record (extract) or the gold document."""
        objs = payload if mode == "extract" else [payload]
        return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs).encode("utf-8")

    def _read_ids(self, path: Path) -> set[str]:
        key = "doc_id" if self.mode == "extract" else "id"
        ids = set()
        with open(path, "rb") as fh:
            for lineno, line in enumerate(fh, 1):
                if not line.strip() or not line.endswith(b"\n"):
                    continue  # blank, or the partial last line dropped from the copy
                try:
                    obj = json.loads(line)
                except ValueError:
                    raise UsageError(
                        f"cannot append to {self.path}: line {lineno} is not JSON") from None
                if isinstance(obj, dict) and obj.get(key) is not None:
                    ids.add(str(obj[key]))
        return ids


# ---- CSV ----------------------------------------------------------------------------

#: Columns of the one-row-per-record CSV. ``n_*`` count the mentions; the text columns
#: list the distinct values in order of first mention, joined with "; ".
CSV_COLUMNS = (
    "doc_id", "province", "province_code", "sections",
    "n_dates", "dates", "n_officials", "officials", "n_agencies", "agencies",
    "n_organizations", "organizations", "n_locations", "locations",
    "n_counts", "counts", "n_campaigns", "campaigns", "n_reporters", "reporters",
)

#: Columns of the one-row-per-entity CSV (``explode=True``).
EXPLODE_COLUMNS = (
    "doc_id", "province", "province_code", "field", "label", "text", "start", "end",
    "name", "value", "unit", "approx", "min", "object", "kind", "code", "titles", "mentions",
)

#: Record list field -> span label of ANNOTATION.md (for the exploded CSV).
FIELD_LABELS = {
    "dates": "DATE", "officials": "PERSON", "agencies": "AGENCY", "organizations": "ORG",
    "locations": "GPE", "counts": "COUNT", "campaigns": "CAMPAIGN", "reporters": "PERSON",
}

SEP = "; "
TITLE_SEP = "、"
_APPROX = {"more": ">", "about": "~", "less": "<"}


def number(value: Any) -> str:
    """A count value as text: integral floats without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _span(pair: Iterable[int]) -> str:
    s, e = pair
    return f"{s}-{e}"


def _distinct(values: Iterable[Any]) -> str:
    seen: dict[str, None] = {}
    for v in values:
        if v not in (None, ""):
            seen.setdefault(str(v), None)
    return SEP.join(seen)


def official_summary(o: Mapping[str, Any]) -> str:
    """``张三(副省长、组长)``, or the bare name without titles."""
    titles = TITLE_SEP.join(o.get("titles") or [])
    return f"{o['name']}({titles})" if titles else str(o["name"])


def count_summary(c: Mapping[str, Any]) -> str:
    """``>2000名 市民``: approximation mark, value (``min-value`` for ranges), unit, object."""
    value = number(c.get("value"))
    if c.get("min") is not None:
        value = f"{number(c['min'])}-{value}"
    text = f"{_APPROX.get(c.get('approx') or '', '')}{value}{c.get('unit') or ''}"
    return f"{text} {c['object']}" if c.get("object") else text


def summary_row(rec: Mapping[str, Any]) -> list[Any]:
    """The one-row-per-record CSV row for a record (in :data:`CSV_COLUMNS` order)."""
    def n(name: str) -> int:
        return len(rec.get(name) or [])

    def items(name: str) -> list[Mapping[str, Any]]:
        return list(rec.get(name) or [])

    return [
        rec.get("doc_id"), rec.get("province"), rec.get("province_code"),
        SEP.join(_span(s) for s in rec.get("sections") or []),
        n("dates"), _distinct(d.get("value") or d.get("text") for d in items("dates")),
        n("officials"), _distinct(official_summary(o) for o in items("officials")),
        n("agencies"), _distinct(a.get("name") or a.get("text") for a in items("agencies")),
        n("organizations"),
        _distinct(o.get("name") or o.get("text") for o in items("organizations")),
        n("locations"), _distinct(p.get("name") or p.get("text") for p in items("locations")),
        n("counts"), _distinct(count_summary(c) for c in items("counts")),
        n("campaigns"), _distinct(c.get("name") or c.get("text") for c in items("campaigns")),
        n("reporters"), _distinct(rec.get("reporters") or []),
    ]


def explode_rows(rec: Mapping[str, Any]) -> list[list[Any]]:
    """The one-row-per-entity CSV rows of a record (in :data:`EXPLODE_COLUMNS` order)."""
    head = {"doc_id": rec.get("doc_id"), "province": rec.get("province"),
            "province_code": rec.get("province_code")}
    rows = []
    for field, label in FIELD_LABELS.items():
        for item in rec.get(field) or []:
            row: dict[str, Any] = {**head, "field": field, "label": label}
            if field == "reporters":
                row.update(text=item, name=item)
            elif field == "officials":
                mentions = item.get("mentions") or []
                row.update(name=item.get("name"),
                           titles=TITLE_SEP.join(item.get("titles") or []),
                           mentions=SEP.join(_span(m) for m in mentions))
                if mentions:
                    row.update(start=mentions[0][0], end=mentions[0][1])
            else:
                row.update({k: v for k, v in item.items() if k in EXPLODE_COLUMNS})
                if field == "counts":
                    row["value"] = number(item.get("value"))
                    row["min"] = number(item.get("min"))
            rows.append([row.get(c) for c in EXPLODE_COLUMNS])
    return rows


class CsvWriter(TextWriter):
    """CSV (RFC 4180, CRLF line ends), one row per record or (explode) per entity.

    Files are UTF-8 with a byte-order mark, so Excel shows the Chinese text correctly;
    pandas (``read_csv``) skips the mark by itself, Python's csv module wants
    ``encoding="utf-8-sig"``. Standard output gets no mark (it is usually piped into
    other tools). Empty cells stand for absent values.
    """

    fmt = "csv"

    @property
    def columns(self) -> tuple[str, ...]:
        """The header of this writer's CSV."""
        return EXPLODE_COLUMNS if self.explode else CSV_COLUMNS

    @staticmethod
    def _rows_to_bytes(rows: Iterable[Iterable[Any]]) -> bytes:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])
        return buf.getvalue().encode("utf-8")

    def _header(self, stdout: bool) -> bytes:
        return (b"" if stdout else BOM) + self._rows_to_bytes([self.columns])

    @classmethod
    def encode_payload(cls, payload: Any, *, mode: str, explode: bool) -> bytes:
        """One row per record, or per entity with ``explode``; no header."""
        if explode:
            rows = [row for rec in payload for row in explode_rows(rec)]
        else:
            rows = [summary_row(rec) for rec in payload]
        return cls._rows_to_bytes(rows)

    def _read_ids(self, path: Path) -> set[str]:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, None)
            if header is None:
                return set()
            if tuple(header) != self.columns:
                kind = "exploded " if self.explode else ""
                raise UsageError(
                    f"cannot append to {self.path}: its columns are not those of the "
                    f"{kind}CSV output ({', '.join(header[:4])} …)")
            return {row[0] for row in reader if row and row[0]}

"""Parquet output (optional extra ``govbrief[parquet]``): one row per record.

The schema (:func:`record_schema`) is explicit and fixed, the same for an empty output,
with nested lists of structs mirroring the JSON record, so
``pq.read_table(path).to_pylist()`` gives back record dicts (absent attributes as
``None``; ``Record.from_dict`` accepts them). Count values are float64.

A Parquet file cannot be appended to: its footer indexes every row group. So:

- written documents are validated against the schema at once (a bad document fails
  alone) and buffered; every ``ROW_GROUP_ROWS`` records the buffer is spilled to a
  part file in a hidden sibling directory, so memory stays bounded however rarely the
  caller commits;
- ``commit()`` writes a new file from the committed file's row groups, the parts and
  the buffer, into a temporary sibling, then ``os.replace``. That re-encodes the whole
  output: at a few hundred MB/s, commit on a time interval (minutes for big runs),
  not per document. A run that commits only when it ends encodes everything once.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any, Iterator

from ..errors import UsageError
from ..records import require
from ._base import RecordWriter, replace_durably, temp_sibling

#: Records per row group (and per spilled part).
ROW_GROUP_ROWS = 16384
COMPRESSION = "zstd"


def _pa() -> Any:
    require("pyarrow.parquet", "parquet")
    import pyarrow

    return pyarrow


def record_schema() -> Any:
    """The pyarrow schema of the Parquet output (one row per record)."""
    pa = _pa()
    s, i64, f64 = pa.string(), pa.int64(), pa.float64()
    offsets = pa.list_(pa.list_(i64))

    def spans(*extra: tuple[str, Any]) -> Any:
        return pa.list_(pa.struct([("text", s), ("start", i64), ("end", i64), *extra]))

    return pa.schema([
        ("doc_id", s),
        ("province", s),
        ("province_code", s),
        ("sections", offsets),
        ("dates", spans(("value", s))),
        ("officials", pa.list_(pa.struct([
            ("name", s), ("titles", pa.list_(s)), ("mentions", offsets)]))),
        ("agencies", spans(("name", s))),
        ("organizations", spans(("name", s))),
        ("locations", spans(("name", s), ("code", s))),
        ("counts", spans(("value", f64), ("unit", s), ("approx", s), ("object", s),
                         ("min", f64))),
        ("campaigns", spans(("name", s), ("kind", s))),
        ("reporters", pa.list_(s)),
    ], metadata={"govbrief": "records v1"})


class ParquetWriter(RecordWriter):
    """Write records to a Parquet file (see the module docstring for the commit cost)."""

    fmt = "parquet"

    def __init__(self, path: Any, **kwargs: Any):
        super().__init__(path, **kwargs)
        self._pa = _pa()
        import pyarrow.parquet as pq

        self._pq = pq
        self._schema = record_schema()
        assert self.path is not None
        self._base: Path | None = None  # committed file whose row groups come first
        if self.append and self.path.exists():
            self._base = self.path
            self._ids.update(self._read_ids(self.path))
        self._pending: list[Any] = []  # RecordBatches
        self._pending_rows = 0
        self._parts: list[Path] = []
        self._parts_dir: Path | None = None
        self._dirty = True  # the file must exist after close even if empty

    def _read_ids(self, path: Path) -> set[str]:
        try:
            pf = self._pq.ParquetFile(path)
        except Exception as exc:  # pyarrow raises ArrowInvalid and friends
            raise UsageError(f"cannot append to {path}: not a Parquet file ({exc})") from None
        if not pf.schema_arrow.remove_metadata().equals(self._schema.remove_metadata()):
            raise UsageError(f"cannot append to {path}: its schema is not the govbrief "
                             f"record schema")
        ids: set[str] = set()
        for batch in pf.iter_batches(columns=["doc_id"]):
            ids.update(str(v) for v in batch.column(0).to_pylist() if v is not None)
        return ids

    def _write_doc(self, info: dict[str, Any], payload: Any) -> None:
        if not payload:
            return
        try:
            batch = self._pa.RecordBatch.from_pylist(list(payload), schema=self._schema)
        except (self._pa.ArrowInvalid, self._pa.ArrowTypeError, TypeError) as exc:
            raise ValueError(f"records do not fit the Parquet schema: {exc}") from exc
        self._pending.append(batch)
        self._pending_rows += batch.num_rows
        self._dirty = True
        if self._pending_rows >= ROW_GROUP_ROWS:
            self._spill()

    def _spill(self) -> None:
        if not self._pending:
            return
        assert self.path is not None
        if self._parts_dir is None:
            self._parts_dir = Path(tempfile.mkdtemp(
                prefix=f".{self.path.name}.", suffix=".parts", dir=self.path.parent))
        part = self._parts_dir / f"part-{len(self._parts):06d}.parquet"
        table = self._pa.Table.from_batches(self._pending, schema=self._schema)
        self._pq.write_table(table, part, compression=COMPRESSION,
                             row_group_size=ROW_GROUP_ROWS)
        self._parts.append(part)
        self._pending = []
        self._pending_rows = 0

    def _tables(self) -> Iterator[Any]:
        """Everything written so far, in order, as tables of at most a row group."""
        if self._base is not None:
            pf = self._pq.ParquetFile(self._base)
            for i in range(pf.num_row_groups):
                yield pf.read_row_group(i)
        for part in self._parts:
            pf = self._pq.ParquetFile(part)
            for i in range(pf.num_row_groups):
                yield pf.read_row_group(i)
        if self._pending:
            yield self._pa.Table.from_batches(self._pending, schema=self._schema)

    def _commit(self) -> None:
        if not self._dirty:
            return
        assert self.path is not None
        pa = self._pa
        tmp = temp_sibling(self.path)
        try:
            with self._pq.ParquetWriter(tmp, self._schema, compression=COMPRESSION) as out:
                # Coalesce small groups (from frequent commits) into full row groups.
                buf: list[Any] = []
                rows = 0
                for table in self._tables():
                    buf.append(table.cast(self._schema))
                    rows += table.num_rows
                    if rows >= ROW_GROUP_ROWS:
                        out.write_table(pa.concat_tables(buf), row_group_size=ROW_GROUP_ROWS)
                        buf, rows = [], 0
                if buf:
                    out.write_table(pa.concat_tables(buf), row_group_size=ROW_GROUP_ROWS)
            replace_durably(tmp, self.path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        self._base = self.path
        self._pending, self._pending_rows = [], 0
        self._drop_parts()
        self._dirty = False

    def _drop_parts(self) -> None:
        if self._parts_dir is not None:
            shutil.rmtree(self._parts_dir, ignore_errors=True)
        self._parts, self._parts_dir = [], None

    def _close(self) -> None:
        try:
            self._commit()
        finally:
            self._drop_parts()

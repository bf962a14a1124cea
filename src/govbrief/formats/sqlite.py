"""SQLite output: normalised tables (``schema.sql``) written with the stdlib ``sqlite3``.

Atomicity comes from SQLite itself. A fresh output is built in a temporary sibling
database; the first ``commit()`` commits the transaction, closes it and renames it over
``path`` (so an older file at ``path`` survives until then). From then on the writer
works on ``path`` directly and ``commit()`` is a transaction COMMIT: durable
(``synchronous=FULL``, rollback journal), atomic, and its cost is proportional to what
was written since the previous commit, not to the size of the database. The query
indexes are built in bulk when the writer closes (see ``schema.sql``). A crash between
commits leaves a hot journal that SQLite rolls back on the next open, so readers only
ever see whole documents. Each document is written inside a SAVEPOINT, so a document
that fails half way leaves nothing behind.
"""

from __future__ import annotations

import importlib.resources
import json
import sqlite3
from pathlib import Path
from typing import Any, Mapping

from ..about import __version__
from ..errors import UsageError
from ._base import RecordWriter, fsync_dir, iso_date, temp_sibling

SCHEMA_VERSION = "1"

#: Entity tables: record field -> (table, columns taken from each item).
ENTITY_TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "dates": ("dates", ("text", "start", "end", "value")),
    "agencies": ("agencies", ("text", "start", "end", "name")),
    "organizations": ("organizations", ("text", "start", "end", "name")),
    "locations": ("places", ("text", "start", "end", "name", "code")),
    "counts": ("counts", ("text", "start", "end", "value", "unit", "approx", "min", "object")),
    "campaigns": ("campaigns", ("text", "start", "end", "name", "kind")),
}


INDEX_MARK = "\n-- indexes --\n"


def schema_sql(part: str = "all") -> str:
    """The CREATE statements of the SQLite output (``govbrief/formats/schema.sql``).

    Args:
        part: ``"all"``, ``"tables"`` (tables and the indexes kept while writing) or
            ``"indexes"`` (the query indexes built when the writer closes).
    """
    text = importlib.resources.files(__package__).joinpath("schema.sql").read_text("utf-8")
    if part == "all":
        return text
    tables, indexes = text.split(INDEX_MARK)
    return tables if part == "tables" else indexes


def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    cols = ", ".join(f'"{c}"' for c in ("record_id", "doc_id", "province", "position", *columns))
    marks = ", ".join("?" * (4 + len(columns)))
    return f"INSERT INTO {table} ({cols}) VALUES ({marks})"


_INSERTS = {field: _insert_sql(table, cols) for field, (table, cols) in ENTITY_TABLES.items()}


class SqliteWriter(RecordWriter):
    """Write documents into a SQLite database (see module docstring and ``schema.sql``).

    A document written again (same id) replaces the earlier one.
    """

    fmt = "sqlite"

    def __init__(self, path: Any, **kwargs: Any):
        super().__init__(path, **kwargs)
        assert self.path is not None
        self._tmp: Path | None = None
        if self.append and self.path.exists():
            self._conn = self._connect(self.path)
            self._check_existing()
        else:
            self._tmp = temp_sibling(self.path)
            self._conn = self._connect(self._tmp)
        try:
            self._conn.executescript(schema_sql("tables"))
            self._conn.executemany(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                [("schema_version", SCHEMA_VERSION), ("govbrief_version", __version__),
                 ("script", self.script)])
            self._ids.update(r[0] for r in self._conn.execute("SELECT id FROM documents"))
            self._conn.execute("BEGIN")
        except BaseException:
            self._discard()
            raise

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        # isolation_level=None: transactions are ours (BEGIN/COMMIT/SAVEPOINT), not the
        # sqlite3 module's implicit ones.
        conn = sqlite3.connect(str(path), isolation_level=None)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA synchronous = FULL")
        return conn

    def _check_existing(self) -> None:
        try:
            tables = {r[0] for r in self._conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            raise UsageError(f"cannot append to {self.path}: not a SQLite database ({exc})") \
                from None
        if tables and "documents" not in tables:
            self._conn.close()
            raise UsageError(f"cannot append to {self.path}: not a govbrief database "
                             f"(no documents table)")
        if "meta" in tables:
            row = self._conn.execute(
                "SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if row and row[0] != SCHEMA_VERSION:
                self._conn.close()
                raise UsageError(f"cannot append to {self.path}: schema version {row[0]}, "
                                 f"this govbrief writes version {SCHEMA_VERSION}")

    def _discard(self) -> None:
        self._conn.close()
        if self._tmp is not None:
            self._tmp.unlink(missing_ok=True)

    # -- writing --

    def _write_doc(self, info: dict[str, Any], payload: Any) -> None:
        if self.mode != "extract":  # pragma: no cover - refused in __init__
            raise UsageError("sqlite output holds records only")
        cur = self._conn.cursor()
        cur.execute("SAVEPOINT doc")
        try:
            self._insert_doc(cur, info, payload)
        except BaseException as exc:
            cur.execute("ROLLBACK TO doc")
            cur.execute("RELEASE doc")
            if isinstance(exc, (sqlite3.ProgrammingError, sqlite3.IntegrityError,
                                sqlite3.InterfaceError, sqlite3.DataError)):
                raise ValueError(str(exc)) from exc  # bad data, not a broken database
            raise
        cur.execute("RELEASE doc")

    def _insert_doc(self, cur: sqlite3.Cursor, info: Mapping[str, Any],
                    records: list[Mapping[str, Any]]) -> None:
        doc_id = str(info["id"])
        cur.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
        cur.execute(
            "INSERT INTO documents (id, source, line, published, status, n_records) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (doc_id, info.get("source"), info.get("line"), iso_date(info.get("published")),
             "ok" if records else "empty", len(records)))
        for position, rec in enumerate(records):
            province = rec.get("province")
            cur.execute(
                "INSERT INTO records (doc_id, position, province, province_code, sections) "
                "VALUES (?, ?, ?, ?, ?)",
                (doc_id, position, province, rec.get("province_code"),
                 json.dumps(rec.get("sections") or [])))
            record_id = cur.lastrowid
            head = (record_id, doc_id, province)
            for field, (_table, cols) in ENTITY_TABLES.items():
                items = rec.get(field) or []
                if items:
                    cur.executemany(_INSERTS[field], [
                        (*head, i, *(item.get(c) for c in cols)) for i, item in enumerate(items)
                    ])
            for i, off in enumerate(rec.get("officials") or []):
                cur.execute(
                    "INSERT INTO officials (record_id, doc_id, province, position, name, "
                    "mentions) VALUES (?, ?, ?, ?, ?, ?)",
                    (*head, i, off["name"], json.dumps(off.get("mentions") or [])))
                official_id = cur.lastrowid
                cur.executemany(
                    "INSERT INTO official_titles (official_id, position, title) "
                    "VALUES (?, ?, ?)",
                    [(official_id, j, t) for j, t in enumerate(off.get("titles") or [])])
            cur.executemany(
                "INSERT INTO reporters (record_id, doc_id, province, position, name) "
                "VALUES (?, ?, ?, ?, ?)",
                [(*head, i, name) for i, name in enumerate(rec.get("reporters") or [])])

    # -- committing --

    def _commit(self) -> None:
        self._conn.execute("COMMIT")
        if self._tmp is not None:
            # First commit of a fresh output: publish the temporary database.
            assert self.path is not None
            self._conn.close()
            self._tmp.replace(self.path)
            fsync_dir(self.path.parent)
            self._tmp = None
            self._conn = self._connect(self.path)
        self._conn.execute("BEGIN")

    def _close(self) -> None:
        try:
            self._commit()
            self._conn.execute("COMMIT")
            self._conn.executescript(schema_sql("indexes"))
        finally:
            self._conn.close()

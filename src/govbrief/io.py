"""Read input documents from files, JSONL, directories and stdin; write JSONL outputs.

Every input document becomes either a :class:`InputDoc` or an :class:`InputFailure`
naming its source and line, so that nothing is silently lost.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, Union

from .errors import UsageError

TEXT_SUFFIXES = {".txt"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}


@dataclass
class InputDoc:
    """One readable document."""

    source: str
    line: int | None
    id: str
    text: str
    published: Any = None


@dataclass
class InputFailure:
    """A document (or line) that could not be read."""

    source: str
    line: int | None
    id: str | None
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """The error-report entry: source, line, id, reason."""
        return {"source": self.source, "line": self.line, "id": self.id, "reason": self.reason}


Item = Union[InputDoc, InputFailure]


def check_paths(paths: Iterable[str]) -> list[str]:
    """Fail before any work starts when an input path does not exist.

    Raises:
        UsageError: naming the first missing path.
    """
    paths = list(paths)
    if not paths:
        raise UsageError("no INPUT given (a file, a directory, or - for stdin)")
    for p in paths:
        if p != "-" and not os.path.exists(p):
            raise UsageError(f"input not found: {p}")
    return paths


def _jsonl_items(lines: Iterable[str], source: str) -> Iterator[Item]:
    seen: set[str] = set()
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputFailure(source, lineno, None, f"malformed JSON: {exc.msg}")
            continue
        if not isinstance(obj, dict):
            yield InputFailure(source, lineno, None, "a JSONL line must be an object")
            continue
        doc_id = obj.get("id", f"{Path(source).stem}:{lineno}")
        if not isinstance(doc_id, (str, int)) or isinstance(doc_id, bool):
            yield InputFailure(source, lineno, None, "'id' must be a string")
            continue
        doc_id = str(doc_id)
        text = obj.get("text")
        if not isinstance(text, str):
            yield InputFailure(source, lineno, doc_id, "missing or non-string 'text'")
            continue
        if doc_id in seen:
            # Policy: the first occurrence wins; later duplicates are reported, not dropped
            # silently.
            yield InputFailure(source, lineno, doc_id, "duplicate id in this file")
            continue
        seen.add(doc_id)
        yield InputDoc(source, lineno, doc_id, text, obj.get("published"))


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.decode("utf-8")


def _file_items(path: Path) -> Iterator[Item]:
    source = str(path)
    try:
        if path.suffix.lower() in JSONL_SUFFIXES:
            with open(path, encoding="utf-8-sig") as fh:
                yield from _jsonl_items(fh, source)
        else:
            yield InputDoc(source, None, path.stem, _read_text(path))
    except UnicodeDecodeError as exc:
        yield InputFailure(source, None, path.stem, f"not UTF-8 text: {exc.reason}")
    except OSError as exc:
        yield InputFailure(source, None, path.stem, f"cannot read: {exc.strerror}")


def iter_documents(
    paths: Iterable[str],
    skipped: list[str] | None = None,
    *,
    encoding: str | None = None,
    max_chars: int | None = None,
) -> Iterator[Item]:
    """Yield every document of the inputs, in order.

    Args:
        paths: files (``.txt``: one document, id = stem; ``.jsonl``: one
            ``{"id", "text", "published"?}`` per line), directories (searched recursively
            for those files, in sorted order) or ``-`` for stdin (JSONL when its first
            non-blank character is ``{``, else one text document with id ``stdin``).
        skipped: when given, files in directories that are not inputs are appended here.
        encoding: force this input encoding instead of detecting it.
        max_chars: documents longer than this become failures instead of documents.
    """
    for p in paths:
        if p == "-":
            data = sys.stdin.read()
            if data.lstrip().startswith("{"):
                yield from _jsonl_items(data.splitlines(), "<stdin>")
            else:
                yield InputDoc("<stdin>", None, "stdin", data)
            continue
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if not child.is_file():
                    continue
                if child.suffix.lower() in TEXT_SUFFIXES | JSONL_SUFFIXES:
                    yield from _file_items(child)
                elif skipped is not None:
                    skipped.append(str(child))
        else:
            yield from _file_items(path)


class AtomicWriter:
    """Write a file through a temporary sibling, renamed into place on success.

    ``path`` ``None`` or ``"-"`` writes to stdout directly.
    """

    def __init__(self, path: str | None):
        self.path = None if path in (None, "-") else Path(path)
        self._tmp: str | None = None
        self.fh: IO[str]

    def __enter__(self) -> IO[str]:
        if self.path is None:
            self.fh = sys.stdout
            return self.fh
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self._tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        self.fh = os.fdopen(fd, "w", encoding="utf-8")
        return self.fh

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if self.path is None:
            self.fh.flush()
            return
        self.fh.close()
        assert self._tmp is not None
        if exc_type is None:
            os.replace(self._tmp, self.path)
        else:
            os.unlink(self._tmp)


def write_jsonl(fh: IO[str], obj: Any) -> None:
    """Write one JSON object as a line (UTF-8, not ASCII-escaped)."""
    fh.write(json.dumps(obj, ensure_ascii=False))
    fh.write("\n")

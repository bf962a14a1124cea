"""Read gold (and prediction) files in the ANNOTATION.md §1 format."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

from .._jsonlines import read_json_lines
from ..errors import GoldFormatError


def _check(doc: Any, where: str) -> dict[str, Any]:
    if not isinstance(doc, dict):
        raise GoldFormatError(f"{where}: a document must be a JSON object")
    if not isinstance(doc.get("id"), str):
        raise GoldFormatError(f"{where}: missing string 'id'")
    if not isinstance(doc.get("text"), str):
        raise GoldFormatError(f"{where}: missing string 'text'")
    n = len(doc["text"])
    for span in doc.get("spans", []):
        ok = (
            isinstance(span, dict)
            and isinstance(span.get("start"), int)
            and isinstance(span.get("end"), int)
            and isinstance(span.get("label"), str)
            and 0 <= span["start"] < span["end"] <= n
        )
        if not ok:
            raise GoldFormatError(f"{where}: bad span {span!r}")
    doc.setdefault("spans", [])
    doc.setdefault("sections", [])
    doc.setdefault("officials", [])
    return doc


def iter_gold(path: str | Path) -> Iterator[dict[str, Any]]:
    """Yield the documents of a gold JSONL file, checked.

    Raises:
        GoldFormatError: naming the file and line of the first malformed document.
    """
    for where, doc in read_json_lines(path, GoldFormatError):
        yield _check(doc, where)


def read_gold(path: str | Path) -> list[dict[str, Any]]:
    """All documents of a gold JSONL file (see :func:`iter_gold`)."""
    return list(iter_gold(path))

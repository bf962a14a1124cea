"""Strict JSON Lines reading for project-owned files (rules, gold): every line must parse."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator


def read_json_lines(path: str | Path, error: type[Exception]) -> Iterator[tuple[str, Any]]:
    """Yield ``(where, object)`` for each non-blank line, ``where`` being ``path:line``.

    Args:
        path: the file.
        error: the exception class raised, with ``path:line``, for a line that is not JSON.
    """
    for _, where, obj in numbered_json_lines(path, error):
        yield where, obj


def numbered_json_lines(
    path: str | Path, error: type[Exception]
) -> Iterator[tuple[int, str, Any]]:
    """Like :func:`read_json_lines`, with the line number first: ``(line, where, object)``.

    A UTF-8 byte-order mark (as some annotation tools write) is accepted.
    """
    with open(path, encoding="utf-8-sig") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise error(f"{where}: not JSON: {exc}") from None
            yield lineno, where, obj

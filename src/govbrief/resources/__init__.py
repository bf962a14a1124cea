"""Package data: rule files and lexicons, located with ``importlib.resources``.

Rule files are JSONL, one rule per line: ``{"id", "label", "pattern", "examples", "note"}``
where ``pattern`` is a literal string or ``{"regex": ...}``. They are validated when loaded
and a bad rule fails with the file and rule id (:class:`govbrief.errors.RuleFileError`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import regex

from .._jsonlines import read_json_lines
from ..errors import RuleFileError

_ALLOWED_KEYS = {"id", "label", "pattern", "examples", "note", "priority", "attrs"}


def _root() -> Path:
    return Path(str(resources.files("govbrief.resources")))


def rules_path(name: str) -> Path:
    """Path of ``resources/rules/<name>.jsonl``."""
    return _root() / "rules" / f"{name}.jsonl"


def lexicon_path(name: str) -> Path:
    """Path of ``resources/lexicons/<name>``."""
    return _root() / "lexicons" / name


@dataclass(frozen=True)
class Rule:
    """One validated rule from a rule file.

    Attributes:
        id: unique id within its file; recorded as provenance on every span it makes.
        label: the ANNOTATION.md label it produces (or a helper label for the extractor).
        regex: the compiled pattern (a literal pattern is escaped).
        examples: example inputs and what the rule must yield; run as tests.
        note: why the rule exists.
        priority: merge priority of its spans (higher wins over longer).
        attrs: extra fixed attributes for the spans it makes.
    """

    id: str
    label: str
    regex: Any
    examples: list[Any] = field(default_factory=list)
    note: str = ""
    priority: int = 0
    attrs: dict[str, Any] = field(default_factory=dict)


@lru_cache(maxsize=None)
def load_rules(name: str) -> tuple[Rule, ...]:
    """Load and validate ``resources/rules/<name>.jsonl``.

    Args:
        name: the rule file's stem, e.g. ``"dates"``.

    Returns:
        The rules in file order.

    Raises:
        RuleFileError: with file, line and rule id when a rule is malformed.
    """
    path = rules_path(name)
    rules: list[Rule] = []
    seen: set[str] = set()
    for where, obj in read_json_lines(path, RuleFileError):
        extra = set(obj) - _ALLOWED_KEYS
        rid = obj.get("id")
        if extra:
            raise RuleFileError(f"{where} rule {rid!r}: unknown keys {sorted(extra)}")
        if not isinstance(rid, str) or not rid:
            raise RuleFileError(f"{where}: rule without an id")
        if rid in seen:
            raise RuleFileError(f"{where} rule {rid!r}: duplicate id")
        seen.add(rid)
        if not isinstance(obj.get("label"), str):
            raise RuleFileError(f"{where} rule {rid!r}: label must be a string")
        pattern = obj.get("pattern")
        if isinstance(pattern, str):
            source = regex.escape(pattern)
        elif isinstance(pattern, dict) and isinstance(pattern.get("regex"), str):
            source = pattern["regex"]
        else:
            raise RuleFileError(
                f"{where} rule {rid!r}: pattern must be a string or {{\"regex\": str}}"
            )
        try:
            compiled = regex.compile(source)
        except regex.error as exc:
            raise RuleFileError(f"{where} rule {rid!r}: bad regex: {exc}") from None
        rules.append(
            Rule(
                id=rid,
                label=obj["label"],
                regex=compiled,
                examples=list(obj.get("examples", [])),
                note=obj.get("note", ""),
                priority=int(obj.get("priority", 0)),
                attrs=dict(obj.get("attrs", {})),
            )
        )
    return tuple(rules)


@lru_cache(maxsize=None)
def load_tsv(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a tab-separated lexicon, skipping blank lines and ``#`` comments."""
    rows = []
    for line in lexicon_path(name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(tuple(line.split("\t")))
    return tuple(rows)

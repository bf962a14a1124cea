"""Officials: named people with their full title phrases (ANNOTATION.md §4). Work in progress."""

from __future__ import annotations

from typing import Any


def build_officials(text: str, spans: list[Any]) -> list[dict[str, Any]]:
    """List each named official once with the full title phrases the text gives.

    Args:
        text: the normalised (simplified) document text.
        spans: the merged spans in text order (objects with ``label_``, ``start_char``,
            ``end_char``, ``text``).

    Returns:
        ``[{"name", "titles", "mentions"}]`` with ``mentions`` as normalised offsets.
    """
    return []

"""DATE values in TIMEX3 style (ANNOTATION.md §2 DATE). Work in progress."""

from __future__ import annotations

import datetime as dt


def resolve_dates(
    text: str,
    spans: list[tuple[int, int]],
    sections: list[tuple[int, int]],
    published: dt.date | None,
) -> list[str | None]:
    """Resolve every DATE span of a document.

    Args:
        text: the normalised (simplified) document text.
        spans: DATE spans as ``(start, end)`` offsets, in text order.
        sections: the document's sections as ``(start, end)``; each resolves on its own
            reference year when ``published`` is not given.
        published: the publication date, the reference for relative expressions.

    Returns:
        One TIMEX3 value (or ``None`` when unresolvable) per span.
    """
    return [None for _ in spans]

"""Self-contained HTML pages: ``govbrief show`` and ``govbrief evaluate --html``.

Rendering is made of pure functions from plain dicts to an HTML string (inline CSS,
a few lines of inline script, no external resources), so a page is one file that opens
anywhere, offline:

- :func:`render_documents` — documents with entities highlighted by label, sections with
  their province and byline, and each province's record beside its text;
- :func:`render_evaluation` — an :func:`govbrief.evaluate.evaluate` result as bars, with
  every error in its sentence;
- :func:`document_data` — the dict ``render_documents`` takes, built from a processed Doc.
"""

from __future__ import annotations

from typing import Any

from ._common import LABEL_COLOURS, LABELS
from .documents import render_documents
from .evaluation import render_evaluation


def document_data(doc: Any, source: str | None = None, line: int | None = None) -> dict:
    """See :func:`govbrief.html.data.document_data` (imported lazily: it needs spaCy)."""
    from .data import document_data as build

    return build(doc, source, line)


__all__ = ["LABELS", "LABEL_COLOURS", "document_data", "render_documents", "render_evaluation"]

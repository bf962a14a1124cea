"""Shared pieces of the HTML pages: escaping, the stylesheet, the page skeleton."""

from __future__ import annotations

import html
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable

from ..about import __version__

#: The eight span labels of ANNOTATION.md §2, in legend order.
LABELS = ("DATE", "PERSON", "TITLE", "AGENCY", "ORG", "GPE", "COUNT", "CAMPAIGN")

#: Highlight colour per label (the same values as the CSS variables in page.css); the
#: browser test looks for these exact colours in the screenshot.
LABEL_COLOURS = {
    "DATE": "#bfe1d9", "PERSON": "#aa9cfc", "TITLE": "#f4b8e4", "AGENCY": "#7aecec",
    "ORG": "#bfeeb7", "GPE": "#feca74", "COUNT": "#ffa98f", "CAMPAIGN": "#ffeb80",
}

# Clicking a legend chip hides that label's highlights; nothing else needs script.
_SCRIPT = """
document.querySelectorAll('.legend .chip[data-label]').forEach(function (chip) {
  chip.addEventListener('click', function () {
    var label = chip.getAttribute('data-label');
    chip.classList.toggle('off');
    document.body.classList.toggle('hide-' + label);
  });
});
"""


def esc(value: Any) -> str:
    """HTML-escape any value (quotes included, so it is safe inside attributes too)."""
    return html.escape("" if value is None else str(value), quote=True)


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """The page stylesheet, read from the package data file ``page.css``."""
    return resources.files(__package__).joinpath("page.css").read_text(encoding="utf-8")


def legend(counts: dict[str, int] | None = None, labels: Iterable[str] = LABELS,
           toggle: bool = True) -> str:
    """A row of label chips, with counts when given (clickable when ``toggle``)."""
    items = []
    for lab in labels:
        n = f'<span class="n">{counts.get(lab, 0)}</span>' if counts is not None else ""
        hint = ' title="click to hide or show"' if toggle else ""
        items.append(f'<li><span class="chip" data-label="{esc(lab)}"{hint}>'
                     f"{esc(lab)}{n}</span></li>")
    return '<ul class="legend">' + "".join(items) + "</ul>"


def page(title: str, subtitle: str, body: str, script: bool = False) -> str:
    """A complete self-contained HTML document.

    Args:
        title: the page title (escaped here).
        subtitle: a line under the title (escaped here).
        body: the already rendered (and escaped) body HTML.
        script: include the small legend-toggle script.
    """
    js = f"<script>{_SCRIPT}</script>" if script else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<meta name=\"generator\" content=\"govbrief {esc(__version__)}\">\n"
        f"<title>{esc(title)}</title>\n<style>\n{stylesheet()}</style>\n</head>\n<body>\n"
        f'<header class="page"><h1>{esc(title)}</h1>'
        f'<div class="meta">{esc(subtitle)}</div></header>\n'
        f"<main>\n{body}\n</main>\n{js}\n</body>\n</html>\n"
    )

"""HTML to plain text, offset-safe: briefs pasted from web pages keep their markup.

:func:`strip_html` only acts when the text looks like HTML (:func:`looks_like_html`): a
brief that merely contains ``<`` or ``&`` is left alone. Tags, comments and the content of
``<script>``/``<style>`` disappear, entities are decoded, block tags (``<p>``, ``<br>``,
``<div>``, ``<li>`` …) become line breaks, and whitespace runs of the markup collapse as a
browser would show them. Every output character keeps the ``[start, end)`` range of the
input it came from, so spans found on the plain text slice the HTML string as given.
"""

from __future__ import annotations

import html
from html.entities import html5 as _HTML5

import regex

# A known tag name (so "a<b" or "<<书名>>" are not taken for markup), a comment or a doctype.
_LOOKS_LIKE_HTML = regex.compile(
    r"<(?:/?(?:html|head|body|title|meta|link|p|br|div|span|a|b|i|u|em|strong|font|"
    r"table|thead|tbody|tr|td|th|ul|ol|li|dl|dt|dd|h[1-6]|img|script|style|section|"
    r"article|header|footer|nav|center|hr|pre|blockquote|figure|figcaption|small|sub|sup)"
    r"\b[^<>]{0,2000}>|!--|!doctype\b)",
    regex.IGNORECASE,
)

_TOKEN = regex.compile(
    r"(?P<drop><!--.*?(?:-->|\Z)"
    r"|<(?P<raw>script|style|noscript|template)\b[^>]*>.*?(?:</(?P=raw)\s*>|\Z)"
    r"|<![^>]*>|<\?[^>]*>)"
    r"|(?P<tag></?(?P<name>[a-zA-Z][\w:-]*)(?:\s[^<>]*)?/?>)"
    r"|(?P<ent>&(?:\#[0-9]{1,7}|\#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});?)",
    regex.DOTALL | regex.IGNORECASE,
)

# Tags that start a new line when a browser renders them.
_BLOCK = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 "
    "h3 h4 h5 h6 header hr li main nav ol p pre section table tbody thead tfoot tr title ul "
    "html body head".split()
)
# Table cells are separated by a space rather than run together.
_CELL = frozenset({"td", "th"})

_HAN = regex.compile(r"\p{Han}")


def looks_like_html(text: str) -> bool:
    """True when ``text`` contains a known HTML tag, a comment or a doctype."""
    return "<" in text and _LOOKS_LIKE_HTML.search(text) is not None


def _entity(raw: str) -> str | None:
    """Decode one entity; ``None`` when it is not a known entity (then kept as text)."""
    if raw.startswith("&#"):
        decoded = html.unescape(raw if raw.endswith(";") else raw + ";")
        return decoded if decoded != raw else None
    name = raw[1:]
    if name in _HTML5:
        return _HTML5[name]
    if not name.endswith(";") and name + ";" in _HTML5:
        return _HTML5[name + ";"]
    return None


def strip_html(text: str) -> tuple[str, tuple[list[int], list[int]] | None]:
    """Turn an HTML brief into plain text with a map back to the markup.

    Args:
        text: any text; only text that :func:`looks_like_html` is changed.

    Returns:
        ``(plain, (starts, ends))`` where normalised character ``i`` came from
        ``text[starts[i]:ends[i]]`` (a whole entity such as ``&amp;``, a tag for a line
        break, or one character); ``(text, None)`` when ``text`` is not HTML.
    """
    if not looks_like_html(text):
        return text, None
    # Pieces: (char, start, end, kind) with kind "t" text, "b" block break, "c" cell gap.
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    kinds: list[str] = []

    def emit_text(lo: int, hi: int) -> None:
        for k in range(lo, hi):
            chars.append(text[k])
            starts.append(k)
            ends.append(k + 1)
            kinds.append("t")

    last = 0
    for m in _TOKEN.finditer(text):
        emit_text(last, m.start())
        last = m.end()
        if m.group("drop") is not None:
            continue
        if m.group("tag") is not None:
            name = m.group("name").lower()
            if name in _BLOCK or name in _CELL:
                chars.append("\n" if name in _BLOCK else " ")
                starts.append(m.start())
                ends.append(m.end())
                kinds.append("b" if name in _BLOCK else "c")
            continue
        decoded = _entity(m.group("ent"))
        if decoded is None:
            emit_text(m.start(), m.end())
            continue
        # Multi-character results (rare html5 entities) get consecutive start positions
        # inside the entity so the map stays strictly increasing.
        for k, ch in enumerate(decoded):
            chars.append(ch)
            starts.append(m.start() + k)
            ends.append(m.end() if k == len(decoded) - 1 else m.start() + k + 1)
            kinds.append("t")
    emit_text(last, len(text))
    return _collapse_space(chars, starts, ends, kinds)


def _collapse_space(
    chars: list[str], starts: list[int], ends: list[int], kinds: list[str]
) -> tuple[str, tuple[list[int], list[int]]]:
    """Collapse whitespace as a browser does, keeping the map.

    A run containing a block break becomes one newline; a run of source whitespace becomes
    one space, or nothing when it only wraps a line between two Han characters (Chinese has
    no spaces between words); runs at the start and end disappear.
    """
    out: list[str] = []
    o_starts: list[int] = []
    o_ends: list[int] = []
    n = len(chars)
    i = 0
    while i < n:
        if not chars[i].isspace():
            out.append(chars[i])
            o_starts.append(starts[i])
            o_ends.append(ends[i])
            i += 1
            continue
        j = i
        while j < n and chars[j].isspace():
            j += 1
        if out and j < n:
            run_kinds = kinds[i:j]
            if "b" in run_kinds:
                k = i + run_kinds.index("b")
                out.append("\n")
            else:
                k = i + run_kinds.index("c") if "c" in run_kinds else i
                wrapped = all(c in "\r\n\t " for c in chars[i:j]) and "\n" in chars[i:j]
                if (
                    wrapped
                    and "c" not in run_kinds
                    and _HAN.match(out[-1])
                    and _HAN.match(chars[j])
                ):
                    i = j
                    continue
                out.append(" ")
            o_starts.append(starts[k])
            o_ends.append(ends[k])
        i = j
    return "".join(out), (o_starts, o_ends)

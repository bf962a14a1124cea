r"""Word-list matching without compiling the list into a regular expression.

The agency grammar and its helpers match closed word lists (6,000+ place names) at a
position. Compiling such a list into a ``regex`` named list (``\L<place>``) costs about
a second per pattern; a set lookup costs nothing to build and matches the same way.

:class:`WordSet` answers "which words start at ``pos``", longest first, exactly as the
``regex`` module tries a named list (longest first, shorter ones on backtracking), and
:func:`repeat_ends` enumerates the ends of ``(?:\L<words>){lo,hi}`` in the order a
backtracking engine tries them (greedy). Callers try each end in turn and keep the first
that lets the rest of their pattern match, which is what the compiled pattern returned.
"""

from __future__ import annotations

from typing import Iterable, Iterator


class WordSet:
    """A closed word list looked up by its first character."""

    __slots__ = ("words", "_lengths")

    def __init__(self, words: Iterable[str]):
        self.words = frozenset(w for w in words if w)
        by_first: dict[str, set[int]] = {}
        for w in self.words:
            by_first.setdefault(w[0], set()).add(len(w))
        self._lengths = {ch: tuple(sorted(ls, reverse=True)) for ch, ls in by_first.items()}

    def __contains__(self, word: object) -> bool:
        return word in self.words

    def lengths(self, text: str, pos: int, endpos: int) -> list[int]:
        """Lengths of the words starting at ``pos`` and ending by ``endpos``, longest first."""
        if pos >= endpos:
            return []
        lens = self._lengths.get(text[pos])
        if not lens:
            return []
        words = self.words
        return [n for n in lens if pos + n <= endpos and text[pos : pos + n] in words]

    def longest(self, text: str, pos: int, endpos: int | None = None) -> int:
        """End of the longest word starting at ``pos`` (``-1`` when none)."""
        lens = self.lengths(text, pos, len(text) if endpos is None else endpos)
        return pos + lens[0] if lens else -1


def repeat_ends(
    words: WordSet, text: str, pos: int, endpos: int, lo: int, hi: int
) -> Iterator[int]:
    r"""Ends of ``(?:\L<words>){lo,hi}`` matched at ``pos``, in backtracking order.

    Greedy: one more word is tried (longest first) before stopping; the same end may
    come more than once (different segmentations).
    """
    return _repeat(words, text, pos, endpos, 0, lo, hi)


def _repeat(
    words: WordSet, text: str, pos: int, endpos: int, count: int, lo: int, hi: int
) -> Iterator[int]:
    if count < hi:
        for n in words.lengths(text, pos, endpos):
            yield from _repeat(words, text, pos + n, endpos, count + 1, lo, hi)
    if count >= lo:
        yield pos


class SpanMatch:
    """A match found by hand, read like a ``regex`` match object.

    Only the methods the agency code uses: ``group``, ``start``, ``end``, ``span``.
    Groups that did not take part give ``None`` (``group``) and ``-1`` (``start``/``end``).
    """

    __slots__ = ("string", "_spans")

    def __init__(self, string: str, spans: dict):
        self.string = string
        self._spans = spans

    def span(self, name: int | str = 0) -> tuple[int, int]:
        return self._spans.get(name, (-1, -1))

    def start(self, name: int | str = 0) -> int:
        return self.span(name)[0]

    def end(self, name: int | str = 0) -> int:
        return self.span(name)[1]

    def group(self, name: int | str = 0) -> str | None:
        sp = self._spans.get(name)
        return None if sp is None else self.string[sp[0] : sp[1]]

    def __repr__(self) -> str:
        return f"<SpanMatch span={self.span()} match={self.group()!r}>"

"""Fast scans for ``govbrief_people``: anchored rule patterns and word tries.

Rule patterns are tried only near their final words, and word lists are written as a trie.
Both give exactly what the plain scan gives (a compiled ``regex`` run over the whole text, an
alternation of words sorted longest first); they only try fewer positions and fewer words.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Iterator

import regex

# A pattern that ends with a group of plain words: a lookahead ``(?=先生|女士)`` or a named
# group ``(?P<title>总书记|总理)``. Group 1 is the words, separated by ``|``.
_PLAIN = r"[^\\()\[\]{}|.*+?^$]+"  # a word without regex syntax
FINAL_WORDS_RE = regex.compile(r"\((?:\?=|\?P<\w+>)((?:" + _PLAIN + r"\|)*" + _PLAIN + r")\)$")


def final_words(source: str) -> tuple[str, ...]:
    """The plain words a rule pattern ends with (empty when it ends otherwise)."""
    m = FINAL_WORDS_RE.search(source)
    return tuple(m.group(1).split("|")) if m else ()


class AnchoredPattern:
    r"""A rule regex that is tried only just before its final words.

    The name rules (``{SURNAME}\p{Han}{1,2}?(?=同志|女士|先生)``, ``\p{Han}{2,3}(?P<title>总理)``)
    start with a name and end with one of a few plain words. Run over the whole text, the
    engine tries the surname alternation at every position; here the words are found with
    ``str.find`` and the pattern is matched only at the ``reach + 1`` positions up to each of
    them. The result is the same as ``finditer``: a match starts at most ``reach`` characters
    before its word (the name part is never longer), so no other position can match; the
    positions are tried in text order with the compiled pattern (``match`` at a position sees
    the text before it, so lookbehinds behave as in a scan), and after a match the next try is
    at its end, or one past its start when ``overlapped``, as ``finditer`` does. The patterns
    never match the empty string.

    Args:
        pattern: the compiled rule regex.
        words: the words it ends with.
        reach: the longest the part of a match before its word can be.
    """

    def __init__(self, pattern: Any, words: tuple[str, ...], reach: int):
        self.pattern = pattern
        self.words = words
        self.reach = reach

    def finditer(self, text: str, overlapped: bool = False) -> Iterator[Any]:
        """The matches of the pattern in ``text``, as ``pattern.finditer`` gives them."""
        starts: set[int] = set()
        for word in self.words:
            at = text.find(word)
            while at != -1:
                starts.update(range(max(0, at - self.reach), at + 1))
                at = text.find(word, at + 1)
        match = self.pattern.match
        next_try = 0
        for pos in sorted(starts):
            if pos < next_try:
                continue
            m = match(text, pos)
            if m is not None:
                yield m
                next_try = pos + 1 if overlapped else m.end()


def trie_source(words: Iterable[str]) -> str:
    """An ``re`` pattern matching the longest of ``words`` that starts at a position.

    Words sharing a prefix share its characters (主任|主席 -> 主(?:任|席)); a word that is
    also the prefix of longer ones makes the rest optional, greedy, so the longest word wins
    as in an alternation sorted longest first (主任(?:委员)?).
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def source(node: dict[str, dict]) -> str:
        branches = [re.escape(ch) + source(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return source(trie)

"""Character-level normalisation steps: width folding and pinyin-debris removal."""

from __future__ import annotations

import re

import regex

# Full-width ASCII (U+FF01..U+FF5E) sits exactly 0xFEE0 above its half-width twin; the
# ideographic space folds to a plain space. Both are one character to one character, so
# folding is length-preserving and needs no offset map.
_WIDTH_TABLE = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH_TABLE[0x3000] = 0x20
_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")


def fold_width(text: str) -> tuple[str, None]:
    """Fold full-width ASCII letters, digits and punctuation to half width.

    Args:
        text: any text.

    Returns:
        ``(folded, None)``; the result has the same length as ``text``.
    """
    # Same result as text.translate(_WIDTH_TABLE), ten times faster: a brief uses a
    # handful of distinct full-width characters (，（）：…), and str.replace of each is
    # a C loop, where translate looks every character up in a dict. No folded character
    # is itself folded again (the targets are ASCII), so the order does not matter.
    for char in set(_FULL_WIDTH.findall(text)):
        text = text.replace(char, chr(_WIDTH_TABLE[ord(char)]))
    return text, None


# One pinyin syllable with or without tone marks, as conversion tools leave it behind a
# character: 監(jiān)督, 區(qū), 的(de). The optional caret covers a damaged variant ^(qū).
_VOWELS = "aeiouvüāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_SYLLABLE = rf"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcswy])?[{_VOWELS}]{{1,4}}(?:ng|n|r)?|ng|m|n|ê"
_DEBRIS = regex.compile(rf"(?<=\p{{Han}})\^?\((?:{_SYLLABLE})\)", regex.IGNORECASE)


def strip_pinyin_debris(text: str) -> tuple[str, list[int] | None]:
    """Remove pinyin glosses that script converters leave after characters.

    ``監(jiān)督`` becomes ``監督``. Only a parenthesised single syllable directly after a
    Han character is removed, so ``(張勇 李輝)`` bylines and ``(個人)`` stay.

    Args:
        text: any text.

    Returns:
        ``(cleaned, index)`` where ``index[i]`` is the position in ``text`` of cleaned
        character ``i``; ``index`` is ``None`` when nothing was removed.
    """
    if "(" not in text:
        return text, None
    pieces: list[str] = []
    index: list[int] = []
    last = 0
    for m in _DEBRIS.finditer(text):
        pieces.append(text[last : m.start()])
        index.extend(range(last, m.start()))
        last = m.end()
    if last == 0:
        return text, None
    pieces.append(text[last:])
    index.extend(range(last, len(text)))
    return "".join(pieces), index


# Characters that carry no text: C0/C1 controls (not tab and newline), zero-width and
# direction marks, soft hyphen, BOMs left inside the text. They are dropped (with the map)
# so that "监管\u200b局" still reads as one word. Line separators become "\n" and the
# no-break space a plain space (length-preserving replacements).
_INVISIBLE = regex.compile(
    "\r\n|[\x00-\x08\x0e-\x1f\x7f\x80-\x84\x86-\x9f\xad"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
_LINEBREAKS = str.maketrans({"\r": "\n", "\x0b": "\n", "\x0c": "\n", "\x85": "\n",
                             "\u2028": "\n", "\u2029": "\n", "\xa0": " "})
# (stdlib re: several times faster than regex at scanning for a plain character class)
_ANY_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\xa0\xad\u200b-\u200f\u2028-\u202e\u2060-\u2064"
    "\u2066-\u2069\ufeff]"
)


def clean_controls(text: str) -> tuple[str, list[int] | None]:
    r"""Normalise line ends and remove invisible control characters.

    ``\\r\\n`` and lone ``\\r`` become ``\\n`` (the ``\\r`` of a pair is dropped), other
    line and page separators become ``\\n``, the no-break space a space; C0/C1 controls,
    zero-width characters, direction marks and soft hyphens are dropped.

    Args:
        text: any text.

    Returns:
        ``(cleaned, index)`` where ``index[i]`` is the position in ``text`` of cleaned
        character ``i``; ``index`` is ``None`` when nothing was dropped.
    """
    if _ANY_CONTROL.search(text) is None:
        return text, None
    pieces: list[str] = []
    index: list[int] = []
    last = 0
    for m in _INVISIBLE.finditer(text):
        pieces.append(text[last : m.start()])
        index.extend(range(last, m.start()))
        if m.group() == "\r\n":
            # Keep the "\n" (mapped to itself), drop the "\r".
            pieces.append("\n")
            index.append(m.start() + 1)
        last = m.end()
    if last == 0:
        return text.translate(_LINEBREAKS), None
    pieces.append(text[last:])
    index.extend(range(last, len(text)))
    return "".join(pieces).translate(_LINEBREAKS), index

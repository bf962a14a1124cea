"""Character-level normalisation steps: width folding and pinyin-debris removal."""

from __future__ import annotations

import regex

# Full-width ASCII (U+FF01..U+FF5E) sits exactly 0xFEE0 above its half-width twin; the
# ideographic space folds to a plain space. Both are one character to one character, so
# folding is length-preserving and needs no offset map.
_WIDTH_TABLE = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH_TABLE[0x3000] = 0x20


def fold_width(text: str) -> tuple[str, None]:
    """Fold full-width ASCII letters, digits and punctuation to half width.

    Args:
        text: any text.

    Returns:
        ``(folded, None)``; the result has the same length as ``text``.
    """
    return text.translate(_WIDTH_TABLE), None


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

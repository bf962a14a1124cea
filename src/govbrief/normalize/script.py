"""Script conversion with OpenCC (traditional <-> simplified), offset-safe."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=4)
def _converter(config: str) -> Any:
    try:
        import opencc
    except ImportError:  # pragma: no cover - core dependency
        raise ImportError(
            "govbrief needs OpenCC for script conversion: pip install opencc"
        ) from None
    return opencc.OpenCC(config)


def _convert_aligned(text: str, config: str) -> str:
    """Convert with OpenCC and keep the result aligned to the input.

    OpenCC's phrase tables map almost every phrase to one of the same length; when the
    whole-text result differs in length, fall back to converting line by line and then
    character by character where a line still differs, so offsets stay one to one.
    """
    conv = _converter(config)
    out = conv.convert(text)
    if len(out) == len(text):
        return out
    lines = text.split("\n")
    fixed = []
    for line in lines:
        converted = conv.convert(line)
        if len(converted) != len(line):
            converted = "".join(
                c2 if len(c2 := conv.convert(ch)) == 1 else ch for ch in line
            )
        fixed.append(converted)
    return "\n".join(fixed)


# Variant characters OpenCC's t2s tables leave alone but briefs use for common words
# (陜西 is written with the variant 陜, U+965C, in many Taiwanese and HK sources).
_VARIANTS = str.maketrans({"陜": "陕", "戸": "户", "吿": "告", "敍": "叙", "衞": "卫",
                           "粧": "妆", "錬": "炼", "甯": "宁"})
_HAS_VARIANT = re.compile("[陜戸吿敍衞粧錬甯]")


def to_simplified(text: str) -> tuple[str, None]:
    """Convert traditional script to simplified (OpenCC ``t2s``), length-preserving.

    Args:
        text: text in any script; simplified text passes unchanged.

    Returns:
        ``(simplified, None)``.
    """
    out = _convert_aligned(text, "t2s")
    if _HAS_VARIANT.search(out) is not None:
        out = out.translate(_VARIANTS)
    return out, None


def to_traditional(text: str) -> str:
    """Convert simplified script to traditional (OpenCC ``s2t``) for output fields."""
    return _converter("s2t").convert(text)

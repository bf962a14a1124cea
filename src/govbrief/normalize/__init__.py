"""Stage 1: text normalisation before the spaCy ``Doc`` exists.

Every step is a pure ``str -> (str, map)`` function. A step is either length-preserving
(it returns ``None`` as its map) or returns, for each output character, the index of the
input character it came from. :func:`normalize` composes the steps and keeps one map from
the normalised text back to the ORIGINAL text, so that spans found on the simplified,
width-folded, debris-free text can be reported with offsets into the brief as received.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from .script import to_simplified, to_traditional
from .text import fold_width, strip_pinyin_debris

Step = Callable[[str], "tuple[str, list[int] | None]"]

DEFAULT_STEPS: tuple[Step, ...] = (fold_width, strip_pinyin_debris, to_simplified)


@dataclass(frozen=True)
class Normalized:
    """A normalised text with its way back to the original.

    Attributes:
        original: the text as received.
        text: the normalised text (simplified script, half-width ASCII, no pinyin debris).
        index: ``index[i]`` is the original index of normalised character ``i``; ``None``
            when the two texts are the same length and aligned one to one.
    """

    original: str
    text: str
    index: Sequence[int] | None = None

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised ``[start, end)`` span to original offsets.

        Args:
            start: inclusive start in the normalised text.
            end: exclusive end in the normalised text (``end > start``).

        Returns:
            ``(start, end)`` in the original text. Characters the normaliser removed
            inside the span (pinyin debris) are covered; removed characters after the
            span's last character are not.
        """
        if self.index is None:
            return start, end
        return self.index[start], self.index[end - 1] + 1

    def to_normalized(self, start: int) -> int:
        """Map an original offset to the first normalised character at or after it."""
        if self.index is None:
            return start
        import bisect

        return bisect.bisect_left(self.index, start)


def _compose(outer: Sequence[int] | None, inner: list[int] | None) -> Sequence[int] | None:
    """Chain two index maps: ``inner`` maps step output to step input (= ``outer``'s text)."""
    if inner is None:
        return outer
    if outer is None:
        return inner
    return [outer[i] for i in inner]


def make_normalizer(*steps: Step) -> Callable[[str], Normalized]:
    """Build a normaliser from steps applied left to right.

    Args:
        *steps: functions ``str -> (str, map or None)``.

    Returns:
        A function ``str -> Normalized``.
    """

    def normalize_text(text: str) -> Normalized:
        index: Sequence[int] | None = None
        current = text
        for step in steps:
            current, step_map = step(current)
            index = _compose(index, step_map)
        return Normalized(original=text, text=current, index=index)

    return normalize_text


normalize = make_normalizer(*DEFAULT_STEPS)
normalize.__doc__ = "Normalise a brief with the default steps (width, debris, script)."

__all__ = [
    "Normalized",
    "make_normalizer",
    "normalize",
    "fold_width",
    "strip_pinyin_debris",
    "to_simplified",
    "to_traditional",
]

"""Stage 1: text normalisation before the spaCy ``Doc`` exists.

Every step is a pure ``str -> (str, map)`` function. A step is either length-preserving
(it returns ``None`` as its map) or returns, for each output character, the index of the
input character it came from (a list), or the ``[start, end)`` input range it came from
(a pair of lists ``(starts, ends)``: an HTML entity such as ``&amp;`` becomes one
character that stands for five). :func:`normalize` composes the steps and keeps one map from
the normalised text back to the ORIGINAL text, so that spans found on the simplified,
width-folded, debris-free text can be reported with offsets into the brief as received.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence, Union

from .markup import looks_like_html, strip_html
from .script import to_simplified, to_traditional
from .text import clean_controls, fold_width, strip_pinyin_debris

StepMap = Union[Sequence[int], "tuple[Sequence[int], Sequence[int]]", None]
Step = Callable[[str], "tuple[str, StepMap]"]

# HTML first (its entities and tags are not text), then line ends and invisible
# characters, then the character-level folds.
DEFAULT_STEPS: tuple[Step, ...] = (
    strip_html, clean_controls, fold_width, strip_pinyin_debris, to_simplified,
)


@dataclass(frozen=True)
class Normalized:
    """A normalised text with its way back to the original.

    Attributes:
        original: the text as received.
        text: the normalised text (simplified script, half-width ASCII, no pinyin debris).
        index: ``index[i]`` is the original index of normalised character ``i``; ``None``
            when the two texts are the same length and aligned one to one. Strictly
            increasing.
        ends: ``ends[i]`` is the original end (exclusive) of normalised character ``i``
            when a character stands for more than one original character (HTML
            entities, tags turned into line breaks); ``None`` means ``index[i] + 1``.
    """

    original: str
    text: str
    index: Sequence[int] | None = None
    ends: Sequence[int] | None = None

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
        if self.ends is not None:
            return self.index[start], self.ends[end - 1]
        return self.index[start], self.index[end - 1] + 1

    def to_normalized(self, start: int) -> int:
        """Map an original offset to the first normalised character at or after it."""
        if self.index is None:
            return start
        import bisect

        return bisect.bisect_left(self.index, start)


def _compose(
    outer: Sequence[int] | None, outer_ends: Sequence[int] | None, inner: StepMap
) -> tuple[Sequence[int] | None, Sequence[int] | None]:
    """Chain maps: ``inner`` maps step output to step input (= ``outer``'s text).

    Returns:
        ``(index, ends)`` from the step output to the original text.
    """
    if inner is None:
        return outer, outer_ends
    if isinstance(inner, tuple):
        inner_starts, inner_ends = inner
    else:
        inner_starts, inner_ends = inner, None
    if outer is None:
        return list(inner_starts), (list(inner_ends) if inner_ends is not None else None)
    starts = [outer[i] for i in inner_starts]
    if inner_ends is None and outer_ends is None:
        return starts, None
    last_in = inner_ends if inner_ends is not None else [i + 1 for i in inner_starts]
    if outer_ends is None:
        ends = [outer[j - 1] + 1 for j in last_in]
    else:
        ends = [outer_ends[j - 1] for j in last_in]
    return starts, ends


def make_normalizer(*steps: Step) -> Callable[[str], Normalized]:
    """Build a normaliser from steps applied left to right.

    Args:
        *steps: functions ``str -> (str, map or None)``.

    Returns:
        A function ``str -> Normalized``.
    """

    def normalize_text(text: str) -> Normalized:
        index: Sequence[int] | None = None
        ends: Sequence[int] | None = None
        current = text
        for step in steps:
            current, step_map = step(current)
            index, ends = _compose(index, ends, step_map)
        return Normalized(original=text, text=current, index=index, ends=ends)

    return normalize_text


normalize = make_normalizer(*DEFAULT_STEPS)
normalize.__doc__ = (
    "Normalise a brief with the default steps (HTML, controls, width, debris, script)."
)

__all__ = [
    "Normalized",
    "make_normalizer",
    "normalize",
    "clean_controls",
    "looks_like_html",
    "strip_html",
    "fold_width",
    "strip_pinyin_debris",
    "to_simplified",
    "to_traditional",
]

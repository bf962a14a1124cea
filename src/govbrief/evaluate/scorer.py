"""Scoring in spaCy's shape: :class:`PRFScore` with tp/fp/fn, per label and micro."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable


@dataclass
class PRFScore:
    """Counts of true positives, false positives and false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def score_set(self, cand: set[Any], gold: set[Any]) -> None:
        """Add the comparison of a candidate set with a gold set."""
        self.tp += len(cand & gold)
        self.fp += len(cand - gold)
        self.fn += len(gold - cand)

    def __iadd__(self, other: "PRFScore") -> "PRFScore":
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self

    @property
    def precision(self) -> float:
        """Tp / (tp + fp); 0 when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """Tp / (tp + fn); 0 when there was nothing to find."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def fscore(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        """``{"p", "r", "f", "tp", "fp", "fn"}``."""
        return {"p": self.precision, "r": self.recall, "f": self.fscore,
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Accuracy:
    """Correct / total."""

    correct: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        """Count one comparison."""
        self.total += 1
        self.correct += int(ok)

    @property
    def value(self) -> float:
        """The share correct; 0 when nothing was compared."""
        return self.correct / self.total if self.total else 0.0

    def to_dict(self) -> dict[str, float | int]:
        """``{"acc", "correct", "total"}``."""
        return {"acc": self.value, "correct": self.correct, "total": self.total}


def overlap_matches(cand: Iterable[tuple[int, int]], gold: Iterable[tuple[int, int]]) -> int:
    """Number of one-to-one overlapping pairs (partial match), greedy in text order."""
    used: set[int] = set()
    gold_list = sorted(gold)
    hits = 0
    for cs, ce in sorted(cand):
        for k, (gs, ge) in enumerate(gold_list):
            if k not in used and cs < ge and gs < ce:
                used.add(k)
                hits += 1
                break
    return hits

"""``govbrief_merge``: choose non-overlapping spans and write them to the ``Doc``.

Policy (ANNOTATION.md §1: spans never overlap or nest; the longer, more specific reading
wins):

1. candidates are ranked by provenance first — rule candidates before statistical-model
   candidates, so the model only fills gaps where no rule fired — then priority, length,
   score and position;
2. they are accepted greedily when they overlap no accepted span; model candidates must
   first pass :func:`govbrief.extract.model_policy.plausible`;
3. tokens are split once so every accepted boundary is a token boundary;
4. the accepted spans go to ``doc.spans["govbrief"]`` and ``doc.ents`` with their
   provenance (``rule_id``, ``source``, ``score``) and attributes.
"""

from __future__ import annotations

from typing import Any, Iterable

import numpy
from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.tokens import Doc, Span

from ._base import Candidate, doc_text, token_edges
from .model_policy import plausible

SPAN_KEY = "govbrief"


def _rank(c: Candidate) -> tuple[Any, ...]:
    return (c.source != "rule", -c.priority, -c.length, -c.score, c.start)


def select(cands: Iterable[Candidate], text_length: int) -> list[Candidate]:
    """Pick a non-overlapping subset by the merge policy, in text order.

    Args:
        cands: proposed spans (any order, may overlap or repeat).
        text_length: length of the text, for the occupancy map.

    Returns:
        Accepted candidates sorted by start.
    """
    taken = bytearray(text_length + 1)
    chosen: list[Candidate] = []
    for c in sorted(cands, key=_rank):
        if c.start < 0 or c.end > text_length or c.end <= c.start:
            continue
        if any(taken[c.start : c.end]):
            continue
        taken[c.start : c.end] = b"\x01" * c.length
        chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    return chosen


def split_tokens_at(doc: Doc, boundaries: Iterable[int]) -> None:
    """Split tokens so each offset in ``boundaries`` falls between two tokens.

    Existing span groups are NOT updated by spaCy's retokenizer, so this runs before any
    span is written.
    """
    cuts = sorted(set(boundaries))
    if not cuts:
        return
    # Look up the few cut points among the token offsets rather than visiting every
    # token: iterating spaCy tokens in Python dominates this step otherwise.
    # (The search runs in numpy: turning the whole array into Python ints costs more.)
    arr = doc.to_array([IDX, LENGTH]).astype(numpy.int64)
    found = numpy.searchsorted(arr[:, 0], cuts, side="right") - 1
    inner: dict[int, list[int]] = {}
    for cut, i in zip(cuts, found.tolist(), strict=True):
        if i >= 0:
            start, length = arr[i].tolist()
            if start < cut < start + length:
                inner.setdefault(i, []).append(cut - start)
    plan = []
    for i, offsets in inner.items():
        token = doc[i]
        edges = [0, *offsets, len(token.text)]
        orths = [token.text[a:b] for a, b in zip(edges, edges[1:])]
        plan.append((token, orths))
    if not plan:
        return
    with doc.retokenize() as retok:
        for token, orths in plan:
            retok.split(token, orths, heads=[(token, 0)] * len(orths))


def write_spans(doc: Doc, chosen: list[Candidate]) -> list[Span]:
    """Create spans for accepted candidates, set provenance, store them on the doc."""
    split_tokens_at(doc, [b for c in chosen for b in (c.start, c.end)])
    spans = []
    for c in chosen:
        span = doc.char_span(c.start, c.end, label=c.label)
        if span is None:  # whitespace-only edge; cannot happen after the split
            continue
        ext = span._  # one accessor for the five values
        ext.rule_id = c.rule_id
        ext.source = c.source
        ext.score = c.score
        ext.value = c.attrs.get("value")
        ext.attrs = dict(c.attrs)
        spans.append(span)
    doc.spans[SPAN_KEY] = spans
    doc.ents = spans
    # Extension values on spans are keyed by (start_char, end_char, label); re-set them on
    # the spans as stored so that both views carry provenance.
    return spans


class Merge:
    """The merge component (see module docstring)."""

    def __init__(self, nlp: Any = None, name: str = "govbrief_merge"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        """Select and write the spans."""
        text = doc_text(doc)
        cands = doc._.gb_candidates or []
        if any(c.source != "rule" for c in cands):
            bounds = token_edges(doc)
            cands = [c for c in cands if c.source == "rule" or plausible(c, text, bounds)]
        write_spans(doc, select(cands, len(text)))
        return doc


@Language.factory(
    "govbrief_merge",
    assigns=["doc.spans", "doc.ents", "span._.rule_id", "span._.source", "span._.attrs"],
    requires=["doc._.gb_candidates"],
)
def make_merge(nlp: Language, name: str) -> Merge:
    """Factory of ``govbrief_merge``."""
    return Merge(nlp, name)

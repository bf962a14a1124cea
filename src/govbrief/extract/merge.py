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

The later stages (sections, values, assembly) read the merged spans many times. They use
:func:`merged_spans` and :func:`get_ext` / :func:`set_exts` rather than spaCy ``Span``
objects and ``span._``: the values are the same, without building a ``Span``, a token per
``span.text`` and an ``Underscore`` object per access.
"""

from __future__ import annotations

import bisect
import weakref
from typing import Any, Iterable

from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.tokens import Doc, Span

from ._base import Candidate, doc_text, token_edges
from .model_policy import plausible

SPAN_KEY = "govbrief"


def _rank(c: Candidate) -> tuple[Any, ...]:
    return (c.source != "rule", -c.priority, c.start - c.end, -c.score, c.start)  # -length


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
        start, end = c.start, c.end
        if start < 0 or end > text_length or end <= start:
            continue
        if taken.find(1, start, end) >= 0:  # overlaps an accepted span
            continue
        taken[start:end] = b"\x01" * (end - start)
        chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    return chosen


def _token_bounds(doc: Doc) -> tuple[list[int], list[int]]:
    """Start and end offsets of the tokens, in order (one ``to_array`` call)."""
    arr = doc.to_array([IDX, LENGTH])
    return arr[:, 0].tolist(), (arr[:, 0] + arr[:, 1]).tolist()


def split_tokens_at(doc: Doc, boundaries: Iterable[int]) -> None:
    """Split tokens so each offset in ``boundaries`` falls between two tokens.

    Existing span groups are NOT updated by spaCy's retokenizer, so this runs before any
    span is written.
    """
    _split_tokens(doc, sorted(set(boundaries)), *_token_bounds(doc))


def _split_tokens(doc: Doc, cuts: list[int], starts: list[int], ends: list[int]) -> bool:
    """:func:`split_tokens_at` given the sorted cuts and the token offsets.

    Returns:
        Whether a token was split (``starts`` and ``ends`` are out of date then).
    """
    # Look up the cut points among the token offsets by binary search rather than
    # visiting every token: iterating spaCy tokens in Python dominates this step otherwise.
    inner: dict[int, list[int]] = {}
    for cut in cuts:
        i = bisect.bisect_right(starts, cut) - 1  # the token starting at or before the cut
        if i >= 0 and starts[i] < cut < ends[i]:
            inner.setdefault(i, []).append(cut - starts[i])
    if not inner:
        return False
    plan = []
    for i, offsets in inner.items():
        token = doc[i]
        edges = [0, *offsets, len(token.text)]
        orths = [token.text[a:b] for a, b in zip(edges, edges[1:], strict=False)]
        plan.append((token, orths))
    with doc.retokenize() as retok:
        for token, orths in plan:
            retok.split(token, orths, heads=[(token, 0)] * len(orths))
    return True


def _token_ranges(
    starts: list[int], ends: list[int], chosen: list[Candidate]
) -> list[tuple[int, int] | None]:
    """Token range ``[i, j)`` of each candidate, ``None`` when it is not on token edges.

    The same as ``doc.char_span(start, end)`` (strict alignment), by binary search in the
    token offsets.
    """
    out: list[tuple[int, int] | None] = []
    for c in chosen:
        i = bisect.bisect_left(starts, c.start)
        j = bisect.bisect_left(ends, c.end)
        on_edges = i < len(starts) and starts[i] == c.start and j < len(ends) and ends[j] == c.end
        out.append((i, j + 1) if on_edges and j >= i else None)
    return out


# spaCy keeps ``span._.<name>`` in ``doc.user_data`` under the key
# ``("._.", name, span.start_char, span.end_char)`` (spacy.tokens.underscore.Underscore
# ._get_key); tests/extract/test_merge.py checks that both ways agree.
_EXT = "._."


def get_ext(doc: Doc, start: int, end: int, name: str) -> Any:
    """``span._.<name>`` of the span at ``[start, end)``, without building the ``Span``.

    Only for govbrief's span extensions, which have neither getter nor mutable default.
    """
    return doc.user_data.get((_EXT, name, start, end))


def set_exts(doc: Doc, start: int, end: int, values: dict[str, Any]) -> None:
    """Set ``span._.<name> = value`` for each item of ``values`` (see :func:`get_ext`)."""
    user_data = doc.user_data
    for name, value in values.items():
        user_data[(_EXT, name, start, end)] = value


def _set_provenance(user_data: dict, c: Candidate) -> None:
    """``span._.rule_id``, ``source``, ``score``, ``value`` and ``attrs`` of ``c``'s span."""
    s, e = c.start, c.end
    user_data[(_EXT, "rule_id", s, e)] = c.rule_id
    user_data[(_EXT, "source", s, e)] = c.source
    user_data[(_EXT, "score", s, e)] = c.score
    user_data[(_EXT, "value", s, e)] = c.attrs.get("value")
    user_data[(_EXT, "attrs", s, e)] = dict(c.attrs)


def text_length(doc: Doc) -> int:
    """``len(doc.text)`` without joining the tokens (the last token ends the text)."""
    norm = doc._.gb_norm
    if norm is not None:
        return len(norm.text)
    if len(doc) == 0:
        return 0
    last = doc[-1]
    return last.idx + len(last.text_with_ws)


def write_spans(doc: Doc, chosen: list[Candidate]) -> list[Span]:
    """Create spans for accepted candidates, set provenance, store them on the doc."""
    starts, ends = _token_bounds(doc)
    if _split_tokens(doc, sorted({b for c in chosen for b in (c.start, c.end)}), starts, ends):
        starts, ends = _token_bounds(doc)
    user_data = doc.user_data
    spans = []
    for c, tokens in zip(chosen, _token_ranges(starts, ends, chosen), strict=True):
        if tokens is None:  # not on token edges; cannot happen after the split
            continue
        span = Span(doc, tokens[0], tokens[1], label=c.label)
        _set_provenance(user_data, c)
        spans.append(span)
    doc.spans[SPAN_KEY] = spans
    doc.set_ents(spans)  # what ``doc.ents = spans`` does, without copying each span first
    return spans


class SpanView:
    """A merged span's offsets, label and text, read once from the ``Doc``.

    Quacks like the ``Span`` for the resolvers: ``label_``, ``start_char``, ``end_char``,
    ``text`` and ``_.attrs``. ``attrs`` is read from the Doc on each access, so it is
    always the current ``span._.attrs``.
    """

    __slots__ = ("start_char", "end_char", "label_", "text", "_doc")

    def __init__(self, doc: Doc, start: int, end: int, label: str, text: str) -> None:
        self.start_char = start
        self.end_char = end
        self.label_ = label
        self.text = text
        # Weak, like spaCy's own span groups: the views live in ``doc.user_data``, and a
        # strong reference would make every Doc a cycle for the garbage collector.
        self._doc = weakref.ref(doc)

    @property
    def attrs(self) -> Any:
        """``span._.attrs`` (``None`` once the Doc is gone)."""
        doc = self._doc()
        return None if doc is None else get_ext(doc, self.start_char, self.end_char, "attrs")

    @property
    def _(self) -> SpanView:
        """``view._.attrs`` reads like ``span._.attrs``."""
        return self


_VIEWS = ("govbrief", "merged_spans")  # doc.user_data key of merged_spans' cache


def merged_spans(doc: Doc, text: str | None = None) -> tuple[SpanView, ...]:
    """Views of ``doc.spans["govbrief"]`` in their order (empty before the merge).

    The views are made once per Doc and kept with the span group they describe; a new or
    resized group gets new views. (A span group edited in place, ``group[i] = span``, is
    not noticed: govbrief never does that.)

    Args:
        doc: a Doc the merge ran on.
        text: ``doc.text`` when the caller has it already.
    """
    group = doc.spans[SPAN_KEY] if SPAN_KEY in doc.spans else None
    if group is None or not len(group):
        return ()
    cached = doc.user_data.get(_VIEWS)
    # The cache holds the group itself, so ``is`` cannot match a later group that
    # happens to reuse a freed group's id.
    if cached is not None and cached[0] is group and len(cached[1]) == len(group):
        return cached[1]
    if text is None:
        text = doc_text(doc)
    views = []
    for span in group:
        s, e = span.start_char, span.end_char
        # ``text[s:e]`` is ``span.text``: a span's text is the doc's text between its
        # offsets (its last token's trailing space is not part of it).
        views.append(SpanView(doc, s, e, span.label_, text[s:e]))
    out = tuple(views)
    doc.user_data[_VIEWS] = (group, out)
    return out


class Merge:
    """The merge component (see module docstring)."""

    def __init__(self, nlp: Any = None, name: str = "govbrief_merge"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        """Select and write the spans."""
        cands = doc._.gb_candidates or []
        if any(c.source != "rule" for c in cands):
            text = doc_text(doc)
            bounds = token_edges(doc)
            cands = [c for c in cands if c.source == "rule" or plausible(c, text, bounds)]
        write_spans(doc, select(cands, text_length(doc)))
        return doc


@Language.factory(
    "govbrief_merge",
    assigns=["doc.spans", "doc.ents", "span._.rule_id", "span._.source", "span._.attrs"],
    requires=["doc._.gb_candidates"],
)
def make_merge(nlp: Language, name: str) -> Merge:
    """Factory of ``govbrief_merge``."""
    return Merge(nlp, name)

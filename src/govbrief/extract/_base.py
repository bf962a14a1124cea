"""Shared machinery of the rule extractors: candidates, rule matching, provenance.

Extractors never create spaCy spans themselves. Each appends char-level
:class:`Candidate` objects (offsets into ``doc.text``, the normalised text) to
``doc._.gb_candidates``; the ``govbrief_merge`` component then chooses a non-overlapping
set, splits tokens once so that every chosen boundary is a token boundary (jieba glues
``委等`` into one token in ``省发展改革委等18个部门``), and writes the span group.
Working on characters keeps the rules independent of the segmenter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc

from ..resources import Rule, load_rules

LABELS = ("DATE", "PERSON", "TITLE", "AGENCY", "ORG", "GPE", "COUNT", "CAMPAIGN")


@dataclass
class Candidate:
    """A proposed span on the normalised text.

    Attributes:
        start: inclusive char offset into ``doc.text``.
        end: exclusive char offset.
        label: one of :data:`LABELS`.
        rule_id: provenance: the rule (or ``"ner"``) that proposed it.
        source: ``"rule"`` or ``"model"``.
        score: confidence in [0, 1].
        priority: merge priority; a higher priority beats a longer span.
        attrs: label-specific attributes (``value``, ``unit``, ``kind`` ...).
    """

    start: int
    end: int
    label: str
    rule_id: str
    source: str = "rule"
    score: float = 1.0
    priority: int = 0
    attrs: dict[str, Any] = field(default_factory=dict)

    @property
    def length(self) -> int:
        """Length in characters."""
        return self.end - self.start


def doc_text(doc: Doc) -> str:
    """The Doc's text without rebuilding it from its tokens.

    ``Doc.text`` joins every token on each call; the normalised string the Doc was made
    from is kept on ``doc._.gb_norm`` and is identical.
    """
    norm = doc._.gb_norm
    return norm.text if norm is not None else doc.text


def token_edges(doc: Doc) -> tuple[frozenset[int], frozenset[int]]:
    """Start and end offsets of the Doc's tokens, computed once per Doc.

    Several extractors check word boundaries; iterating spaCy tokens in Python costs more
    than the checks themselves, so the offsets are read in one ``to_array`` call and kept
    in ``doc.user_data`` (keyed by the token count: the merge splits tokens later).
    """
    key = ("govbrief", "token_edges")
    cached = doc.user_data.get(key)
    if cached is not None and cached[0] == len(doc):
        return cached[1]
    arr = doc.to_array([IDX, LENGTH])
    starts = arr[:, 0].tolist()
    ends = (arr[:, 0] + arr[:, 1]).tolist()
    edges = (frozenset(starts), frozenset(ends))
    doc.user_data[key] = (len(doc), edges)
    return edges


def add_candidates(doc: Doc, candidates: Iterable[Candidate]) -> None:
    """Append candidates to ``doc._.gb_candidates`` (created on first use)."""
    # One extension lookup (each ``doc._`` access builds an accessor object); the list
    # is stored by reference, so extending it updates the Doc.
    cands = doc._.gb_candidates
    if cands is None:
        cands = doc._.gb_candidates = []
    cands.extend(candidates)


def candidates(doc: Doc, label: str | None = None) -> list[Candidate]:
    """The candidates proposed so far, optionally only those of one label."""
    cands = doc._.gb_candidates or []
    if label is None:
        return list(cands)
    return [c for c in cands if c.label == label]


def match_rules(
    text: str, rules: Iterable[Rule], group: str | int = 0
) -> Iterator[tuple[Rule, Any, int, int]]:
    """Run every rule's regex over ``text``.

    Args:
        text: the normalised document text.
        rules: validated rules.
        group: the regex group whose extent is the span (``0``: the whole match; a
            named group ``"span"`` when a rule needs context outside the span).

    Yields:
        ``(rule, match, start, end)`` for every non-empty match.
    """
    for rule in rules:
        g = "span" if "span" in rule.regex.groupindex else group
        for m in rule.regex.finditer(text):
            start, end = m.span(g)
            if end > start:
                yield rule, m, start, end


class RuleExtractor:
    """Base of rule components: loads ``resources/rules/<rules>.jsonl`` once.

    Subclasses implement :meth:`find`, returning candidates for a text; ``__call__`` adds
    them to the ``Doc``. ``find`` works on a plain string so it is testable without spaCy.

    Args:
        nlp: the pipeline (unused; factories pass it).
        name: the component name.
        rules: the rule file's stem.
    """

    rules_name: str = ""

    def __init__(self, nlp: Any = None, name: str = "", rules: str | None = None):
        self.name = name
        self.rules = load_rules(rules or self.rules_name) if (rules or self.rules_name) else ()

    def find(self, text: str, doc: Doc | None = None) -> list[Candidate]:
        """Return the candidates in ``text`` (override)."""
        raise NotImplementedError

    def __call__(self, doc: Doc) -> Doc:
        """Add this extractor's candidates to ``doc``."""
        add_candidates(doc, self.find(doc_text(doc), doc))
        return doc

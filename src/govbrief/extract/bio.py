"""Entities from per-character BIO tags: the decoding half of the govbrief NER model.

The statistical model (``models/govbrief_ner``) is a character-level spaCy ``tagger``
trained on BIO tags (``B-PERSON``, ``I-PERSON``, ..., ``O``): one softmax per character,
no transition system. That makes it cheap to run (one CNN pass and an argmax) and leaves
turning tags into entity spans to this module:

* :func:`bio_tags` writes the training tags of a ``Doc`` from its entities;
* :func:`decode` turns one text's tag ids into ``(start, end, label)`` spans, vectorised
  with numpy;
* the ``govbrief_bio_ents`` component sets ``doc.ents`` from the tagger's ``token.tag_``,
  so that ``spacy.load("models/govbrief_ner")(text).ents`` works like any spaCy NER.

Decoding is lenient, as spaCy's own BILUO conversion is: an ``I-X`` that does not follow
``B-X`` or ``I-X`` opens a new ``X`` entity instead of being dropped, and ``B-X I-Y``
becomes two entities.

A per-character softmax knows nothing of its neighbours' tags, so its argmax can split a
name (``启/B-ORG 岳/B-ORG 精/I-ORG …``). :func:`viterbi_tags` fixes that with a tag-bigram
prior: ``govbrief_bio_ents`` counts tag bigrams in the training data when ``spacy train``
initialises it and saves them with the model (``transitions.json``), and the best tag
sequence under emission x transition probabilities is searched wherever the tagger is not
sure (runs of characters between confident ``O``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, Iterable, Sequence

import numpy
from spacy.language import Language
from spacy.scorer import get_ner_prf
from spacy.tokens import Doc, Span
from spacy.training import Example

OUTSIDE = "O"
TRANSITIONS_FILE = "transitions.json"
# Characters whose best tag is O with at least this probability anchor the Viterbi search.
ANCHOR_PROB = 0.95


def bio_tags(doc: Doc) -> list[str]:
    """The BIO tag of every token of ``doc`` from its entities (``B-GPE``, ``I-GPE``, ``O``)."""
    return [
        OUTSIDE if tok.ent_iob_ in ("O", "") else f"{tok.ent_iob_}-{tok.ent_type_}"
        for tok in doc
    ]


class TagTable:
    """What each tag id means: its entity label (or none) and whether it begins an entity.

    Args:
        tags: the tagger's labels, in the order of its output columns.
    """

    def __init__(self, tags: Sequence[str]):
        self.tags = tuple(tags)
        labels = sorted({t[2:] for t in self.tags if t != OUTSIDE})
        self.labels = tuple(labels)
        # label_of[tag id] = 1 + index in self.labels, 0 for O.
        self.label_of = numpy.array(
            [0 if t == OUTSIDE else 1 + labels.index(t[2:]) for t in self.tags], dtype="int32"
        )
        self.begins = numpy.array([t.startswith("B-") for t in self.tags], dtype=bool)

    def decode(self, tag_ids: numpy.ndarray) -> list[tuple[int, int, str]]:
        """Spans ``(start, end, label)`` in token (= character) offsets.

        An entity starts at a tagged token that is a ``B-`` or whose label differs from
        the previous token's; it ends before the next token that starts an entity or is
        ``O``.
        """
        if len(tag_ids) == 0:
            return []
        lab = self.label_of[tag_ids]
        inside = lab > 0
        prev = numpy.concatenate(([0], lab[:-1]))
        starts = inside & (self.begins[tag_ids] | (prev != lab))
        # A token ends an entity when the next token does not continue it.
        nxt_starts = numpy.concatenate((starts[1:], [True]))
        nxt_inside = numpy.concatenate((inside[1:], [False]))
        ends = inside & (nxt_starts | ~nxt_inside)
        s_idx = numpy.flatnonzero(starts)
        e_idx = numpy.flatnonzero(ends) + 1
        return [
            (int(s), int(e), self.labels[lab[s] - 1])
            for s, e in zip(s_idx, e_idx, strict=True)
        ]


def decode(tag_ids: numpy.ndarray, tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Decode one sequence of tag ids; see :meth:`TagTable.decode`."""
    return TagTable(tags).decode(numpy.asarray(tag_ids))


def transition_log_probs(bigrams: dict[str, dict[str, int]], tags: Sequence[str]) -> numpy.ndarray:
    """Log P(tag | previous tag) in the order of ``tags`` (rows: previous), add-one smoothed.

    ``bigrams[prev][cur]`` are counts; the sequence start counts as a previous ``O``.
    ``I-X`` after anything but ``B-X`` or ``I-X`` is impossible (``-inf``).
    """
    n = len(tags)
    counts = numpy.zeros((n, n))
    for i, prev in enumerate(tags):
        for j, cur in enumerate(tags):
            if not (cur.startswith("I-") and prev[2:] != cur[2:]):
                counts[i, j] = 1 + bigrams.get(prev, {}).get(cur, 0)
    with numpy.errstate(divide="ignore"):  # log(0) = -inf for the impossible ones
        return numpy.log(counts / counts.sum(axis=1, keepdims=True))


def log_softmax(logits: numpy.ndarray) -> numpy.ndarray:
    """Log probabilities of each row of raw scores (idempotent: log-probabilities stay)."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    return shifted - numpy.log(numpy.exp(shifted).sum(axis=1, keepdims=True))


def viterbi_tags(
    logits: numpy.ndarray, trans: numpy.ndarray, outside: int, anchor: float = ANCHOR_PROB
) -> numpy.ndarray:
    """Best tag ids under the tagger's scores and a tag-bigram prior.

    Characters tagged ``O`` with probability >= ``anchor`` keep ``O``; the search runs on
    each stretch between them (most of a text is confidently outside any entity, so this
    costs little), entering and leaving through ``O``.

    Args:
        logits: the tagger's raw scores, one row per character.
        trans: :func:`transition_log_probs` in the tagger's label order.
        outside: the id of ``O``.
        anchor: the probability of ``O`` that fixes a character.
    """
    logp = log_softmax(logits)
    best = logits.argmax(axis=1)
    fixed = (best == outside) & (logp[:, outside] >= numpy.log(anchor))
    out = best.copy()
    free = numpy.flatnonzero(~fixed)
    if len(free) == 0:
        return out
    # Stretches [start, start + length) of consecutive free positions, searched all at
    # once: step t advances every stretch longer than t (a few dozen numpy steps per
    # batch instead of a Python loop over characters).
    breaks = numpy.flatnonzero(numpy.diff(free) > 1)
    starts = numpy.concatenate(([free[0]], free[breaks + 1]))
    lengths = numpy.concatenate((free[breaks], [free[-1]])) + 1 - starts
    n_tags = logits.shape[1]
    steps = int(lengths.max())
    pos = starts[:, None] + numpy.arange(steps)[None, :]  # (stretches, steps)
    active = numpy.arange(steps)[None, :] < lengths[:, None]
    emit = logp[numpy.where(active, pos, 0)]  # (stretches, steps, tags)
    score = trans[outside][None, :] + emit[:, 0]
    back = numpy.zeros((len(starts), steps, n_tags), dtype="int64")
    for t in range(1, steps):
        cand = score[:, :, None] + trans[None, :, :]  # previous x current
        back[:, t] = cand.argmax(axis=1)
        score = numpy.where(active[:, t, None], cand.max(axis=1) + emit[:, t], score)
    # A stretch that ends before the text does is followed by an anchored O.
    followed = (starts + lengths < len(logits))[:, None]
    score = score + numpy.where(followed, trans[:, outside][None, :], 0.0)
    tag = score.argmax(axis=1)
    rows = numpy.arange(len(starts))
    for t in range(steps - 1, -1, -1):
        here = active[:, t]
        out[pos[here, t]] = tag[here]
        if t:
            tag = numpy.where(here, back[rows, t, tag], tag)
    return out


class BioEnts:
    """Set ``doc.ents`` from the BIO tags a preceding tagger wrote into ``token.tag_``.

    Args:
        nlp: the pipeline.
        name: the component name.
    """

    def __init__(self, nlp: Language, name: str = "bio_ents"):
        self.name = name
        #: Tag bigram counts ``{previous: {tag: count}}`` from the training data.
        self.bigrams: dict[str, dict[str, int]] = {}
        self._log_probs: dict[tuple[str, ...], numpy.ndarray] = {}

    def initialize(self, get_examples: Callable[[], Iterable[Example]], *, nlp=None) -> None:
        """Count the tag bigrams of the training data (``spacy train`` calls this once)."""
        bigrams: dict[str, dict[str, int]] = {}
        for eg in get_examples():
            prev = OUTSIDE
            for tag in bio_tags(eg.reference):
                row = bigrams.setdefault(prev, {})
                row[tag] = row.get(tag, 0) + 1
                prev = tag
        self.bigrams = bigrams
        self._log_probs.clear()

    def transitions(self, tags: Sequence[str]) -> numpy.ndarray | None:
        """The transition log probabilities in the order of ``tags``; None when untrained."""
        if not self.bigrams:
            return None
        key = tuple(tags)
        if key not in self._log_probs:
            self._log_probs[key] = transition_log_probs(self.bigrams, key)
        return self._log_probs[key]

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Save the bigram counts as ``transitions.json`` in the component's directory."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / TRANSITIONS_FILE).write_text(json.dumps(self.bigrams, sort_keys=True))

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "BioEnts":
        """Load what :meth:`to_disk` saved (a missing file leaves the component untrained)."""
        file = Path(path) / TRANSITIONS_FILE
        if file.is_file():
            self.bigrams = json.loads(file.read_text())
            self._log_probs.clear()
        return self

    def __call__(self, doc: Doc) -> Doc:
        """Set ``doc.ents`` from ``token.tag_`` (untagged tokens count as ``O``)."""
        tags = [t.tag_ or OUTSIDE for t in doc]
        table = TagTable(sorted(set(tags) | {OUTSIDE}))
        index = {t: i for i, t in enumerate(table.tags)}
        ids = numpy.array([index[t] for t in tags], dtype="int32")
        doc.ents = [Span(doc, s, e, label=lab) for s, e, lab in table.decode(ids)]
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        """Apply :meth:`__call__` to each ``Doc`` of a stream."""
        for doc in docs:
            yield self(doc)

    def score(self, examples: Iterable[Example], **kwargs) -> dict:
        """Entity P/R/F (``ents_f`` ...), so ``spacy train`` picks the best model by it."""
        return get_ner_prf(examples)


@Language.factory(
    "govbrief_bio_ents",
    assigns=["doc.ents"],
    requires=["token.tag"],
    default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0, "ents_per_type": None},
)
def make_bio_ents(nlp: Language, name: str) -> BioEnts:
    """Factory of ``govbrief_bio_ents``."""
    return BioEnts(nlp, name)

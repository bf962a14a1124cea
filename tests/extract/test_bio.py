"""BIO tags <-> entity spans (govbrief.extract.bio), on hand-built tag sequences and Docs."""

from __future__ import annotations

import numpy
import pytest
import spacy
from spacy.tokens import Span
from spacy.training import Example

from govbrief.extract.bio import (
    OUTSIDE,
    TagTable,
    bio_tags,
    decode,
    transition_log_probs,
    viterbi_tags,
)

TAGS = ("B-GPE", "B-PERSON", "I-GPE", "I-PERSON", "O")


def ids(*tags: str) -> numpy.ndarray:
    return numpy.array([TAGS.index(t) for t in tags], dtype="int32")


# fmt: off
CASES = [
    # (tags, expected spans)
    ((), []),
    (("O", "O"), []),
    (("B-GPE", "I-GPE", "O"), [(0, 2, "GPE")]),
    (("B-GPE", "I-GPE", "I-GPE"), [(0, 3, "GPE")]),          # entity at the end
    (("B-PERSON",), [(0, 1, "PERSON")]),                        # one-token entity
    (("B-GPE", "B-GPE", "I-GPE"), [(0, 1, "GPE"), (1, 3, "GPE")]),  # B starts anew
    (("O", "I-GPE", "I-GPE", "O"), [(1, 3, "GPE")]),           # I without B: lenient
    (("B-GPE", "I-PERSON", "I-PERSON"), [(0, 1, "GPE"), (1, 3, "PERSON")]),  # label change
    (("B-PERSON", "I-PERSON", "B-GPE", "I-GPE", "O", "B-PERSON"),
     [(0, 2, "PERSON"), (2, 4, "GPE"), (5, 6, "PERSON")]),
]
# fmt: on


@pytest.mark.parametrize("tags,expected", CASES)
def test_bio_decode(tags, expected):
    assert decode(ids(*tags), TAGS) == expected


def test_bio_table_labels_and_order_independence():
    shuffled = ("O", "I-PERSON", "B-GPE", "I-GPE", "B-PERSON")
    table = TagTable(shuffled)
    assert table.labels == ("GPE", "PERSON")
    seq = numpy.array([shuffled.index(t) for t in ("B-GPE", "I-GPE", "O", "B-PERSON")])
    assert table.decode(seq) == [(0, 2, "GPE"), (3, 4, "PERSON")]


def test_bio_tags_round_trip_through_component():
    nlp = spacy.blank("zh")  # char segmenter
    doc = nlp.make_doc("江南市市长韩立出席")
    doc.ents = [Span(doc, 0, 3, "GPE"), Span(doc, 5, 7, "PERSON")]
    tags = bio_tags(doc)
    assert tags == ["B-GPE", "I-GPE", "I-GPE", OUTSIDE, OUTSIDE,
                    "B-PERSON", "I-PERSON", OUTSIDE, OUTSIDE]
    # The component rebuilds the same entities from the tags alone.
    nlp.add_pipe("govbrief_bio_ents")
    fresh = nlp.make_doc(doc.text)
    for tok, tag in zip(fresh, tags, strict=True):
        tok.tag_ = tag
    out = nlp.get_pipe("govbrief_bio_ents")(fresh)
    assert [(e.text, e.label_) for e in out.ents] == [("江南市", "GPE"), ("韩立", "PERSON")]


def test_bio_component_untagged_doc_has_no_entities():
    nlp = spacy.blank("zh")
    comp = nlp.add_pipe("govbrief_bio_ents")
    assert list(comp(nlp.make_doc("没有标注")).ents) == []


# --- the tag-bigram prior and the Viterbi search


def bigrams_from(*sequences: tuple[str, ...]) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for seq in sequences:
        prev = OUTSIDE
        for tag in seq:
            counts.setdefault(prev, {}).setdefault(tag, 0)
            counts[prev][tag] += 1
            prev = tag
    return counts


def logits_for(*rows: dict[str, float]) -> numpy.ndarray:
    """Raw scores from probabilities per position (unlisted tags share what is left)."""
    out = []
    for row in rows:
        rest = (1.0 - sum(row.values())) / (len(TAGS) - len(row))
        out.append([numpy.log(row.get(t, rest)) for t in TAGS])
    return numpy.array(out, dtype="float32")


TRAINING = bigrams_from(
    *[("O", "B-GPE", "I-GPE", "I-GPE", "O")] * 50,
    *[("B-PERSON", "I-PERSON", "O")] * 50,
)


def test_bio_transitions_forbid_i_after_other_labels():
    trans = transition_log_probs(TRAINING, TAGS)
    o, b_gpe, i_gpe, i_per = (TAGS.index(t) for t in ("O", "B-GPE", "I-GPE", "I-PERSON"))
    assert trans[o, i_gpe] == -numpy.inf and trans[b_gpe, i_per] == -numpy.inf
    assert trans[b_gpe, i_gpe] > trans[b_gpe, b_gpe]  # seen 50 times vs never
    assert numpy.allclose(numpy.exp(trans).sum(axis=1), 1.0)


def test_bio_viterbi_joins_a_split_entity():
    # The argmax says B-GPE B-GPE I-GPE (two entities); the prior prefers one.
    logits = logits_for(
        {"O": 0.99}, {"B-GPE": 0.9}, {"B-GPE": 0.5, "I-GPE": 0.45}, {"I-GPE": 0.9}, {"O": 0.99},
    )
    assert decode(logits.argmax(axis=1), TAGS) == [(1, 2, "GPE"), (2, 4, "GPE")]
    trans = transition_log_probs(TRAINING, TAGS)
    best = viterbi_tags(logits, trans, TAGS.index(OUTSIDE))
    assert decode(best, TAGS) == [(1, 4, "GPE")]


def test_bio_viterbi_keeps_confident_tags():
    logits = logits_for({"B-PERSON": 0.98}, {"I-PERSON": 0.98}, {"O": 0.99}, {"B-GPE": 0.97},
                        {"I-GPE": 0.97})
    trans = transition_log_probs(TRAINING, TAGS)
    assert (viterbi_tags(logits, trans, TAGS.index(OUTSIDE)) == logits.argmax(axis=1)).all()


def test_bio_component_learns_and_saves_transitions(tmp_path):
    nlp = spacy.blank("zh")
    comp = nlp.add_pipe("govbrief_bio_ents")
    assert comp.transitions(TAGS) is None  # untrained
    doc = nlp.make_doc("江南市市长韩立")
    doc.ents = [Span(doc, 0, 3, "GPE"), Span(doc, 5, 7, "PERSON")]
    comp.initialize(lambda: [Example(nlp.make_doc(doc.text), doc)], nlp=nlp)
    assert comp.bigrams["B-GPE"] == {"I-GPE": 1}
    nlp.to_disk(tmp_path / "m")
    loaded = spacy.load(tmp_path / "m")
    assert loaded.get_pipe("govbrief_bio_ents").bigrams == comp.bigrams
    assert numpy.array_equal(loaded.get_pipe("govbrief_bio_ents").transitions(TAGS),
                             comp.transitions(TAGS))


def reference_viterbi(logits, trans, outside, anchor=0.95):
    """The textbook search, one stretch and one character at a time."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    logp = shifted - numpy.log(numpy.exp(shifted).sum(axis=1, keepdims=True))
    best = logits.argmax(axis=1)
    out = best.copy()
    fixed = (best == outside) & (logp[:, outside] >= numpy.log(anchor))
    i = 0
    while i < len(logits):
        if fixed[i]:
            i += 1
            continue
        a = i
        while i < len(logits) and not fixed[i]:
            i += 1
        score, back = trans[outside] + logp[a], []
        for k in range(a + 1, i):
            cand = score[:, None] + trans
            back.append(cand.argmax(axis=0))
            score = cand.max(axis=0) + logp[k]
        if i < len(logits):
            score = score + trans[:, outside]
        tag = int(score.argmax())
        out[i - 1] = tag
        for k in range(i - 1, a, -1):
            tag = int(back[k - a - 1][tag])
            out[k - 1] = tag
    return out


@pytest.mark.parametrize("seed", range(40))
def test_bio_viterbi_matches_the_reference_search(seed):
    rng = numpy.random.default_rng(seed)
    n = int(rng.integers(1, 60))
    logits = rng.normal(size=(n, len(TAGS))).astype("float32") * 3
    logits[rng.random(n) < 0.5, TAGS.index(OUTSIDE)] += 8  # confident O anchors
    trans = transition_log_probs(TRAINING, TAGS)
    expected = reference_viterbi(logits, trans, TAGS.index(OUTSIDE))
    assert (viterbi_tags(logits, trans, TAGS.index(OUTSIDE)) == expected).all()

from spacy.tokens import Doc

from govbrief.extract._base import Candidate
from govbrief.extract.merge import SPAN_KEY, select, split_tokens_at, write_spans


def test_merge_longer_span_wins():
    cands = [Candidate(0, 3, "GPE", "p"), Candidate(0, 8, "AGENCY", "a"),
             Candidate(10, 13, "COUNT", "c")]
    chosen = select(cands, 20)
    assert [(c.label, c.start, c.end) for c in chosen] == [("AGENCY", 0, 8), ("COUNT", 10, 13)]


def test_merge_priority_beats_length():
    cands = [Candidate(0, 6, "ORG", "o"), Candidate(2, 4, "DATE", "d", priority=5)]
    assert [c.label for c in select(cands, 10)] == ["DATE"]


def test_merge_rules_win_ties_over_model():
    cands = [Candidate(0, 3, "PERSON", "ner", source="model"), Candidate(0, 3, "ORG", "r")]
    assert select(cands, 5)[0].source == "rule"


def test_merge_splits_tokens_at_span_boundaries(nlp):
    # jieba glues 委等 into one token; the AGENCY must still end after 委.
    doc = Doc(nlp.vocab, words=["省", "发展", "改革", "委等", "18", "个", "部门"],
              spaces=[False] * 7)
    doc._.gb_candidates = []
    spans = write_spans(doc, [Candidate(0, 6, "AGENCY", "agency.x", attrs={"name": "n"}),
                              Candidate(7, 10, "COUNT", "count.x", attrs={"value": 18})])
    assert [s.text for s in doc.spans[SPAN_KEY]] == ["省发展改革委", "18个"]
    assert spans[1]._.value == 18 and spans[0]._.rule_id == "agency.x"
    assert [e.label_ for e in doc.ents] == ["AGENCY", "COUNT"]


def test_merge_split_noop_on_aligned_boundaries(nlp):
    doc = Doc(nlp.vocab, words=["a", "bc"], spaces=[False, False])
    split_tokens_at(doc, [0, 1, 3])
    assert [t.text for t in doc] == ["a", "bc"]

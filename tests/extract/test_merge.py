import pytest
from spacy.tokens import Doc

from govbrief.extract._base import Candidate
from govbrief.extract.merge import (
    SPAN_KEY,
    _token_bounds,
    _token_ranges,
    get_ext,
    merged_spans,
    select,
    set_exts,
    split_tokens_at,
    text_length,
    write_spans,
)


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


# --- the fast paths stay equal to spaCy's own (merged_spans, get_ext/set_exts, ranges) ---


def _doc(nlp, words, spaces):
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    doc._.gb_candidates = []
    return doc


def test_merge_ext_helpers_agree_with_span_underscore(nlp):
    doc = _doc(nlp, ["安徽省", "市场", "监管局"], [False, False, False])
    span = doc[0:3]
    span._.attrs = {"name": "安徽省市场监督管理局"}
    assert get_ext(doc, 0, 8, "attrs") == {"name": "安徽省市场监督管理局"}
    set_exts(doc, 0, 8, {"rule_id": "agency.x", "value": 3})
    assert (span._.rule_id, span._.value) == ("agency.x", 3)
    assert get_ext(doc, 0, 3, "attrs") is None  # another span's


@pytest.mark.parametrize("words,spaces", [
    (["省", "发展", "改革", "委等", "18", "个"], [False] * 6),
    (["Hello", "world", "!", "再见"], [True, False, True, False]),
    (["a", " ", "bc", "d"], [False, False, True, True]),
])
def test_merge_token_ranges_equal_char_span(nlp, words, spaces):
    doc = _doc(nlp, words, spaces)
    n = len(doc.text)
    cands = [Candidate(s, e, "ORG", "x") for s in range(n) for e in range(s + 1, n + 1)]
    got = _token_ranges(*_token_bounds(doc), cands)
    for c, rng in zip(cands, got, strict=True):
        span = doc.char_span(c.start, c.end)
        assert rng == (None if span is None else (span.start, span.end)), (c.start, c.end)


@pytest.mark.parametrize("words,spaces", [
    (["省", "发展"], [False, False]),
    (["Hello", "world"], [True, True]),
    ([], []),
])
def test_merge_text_length_is_len_of_doc_text(nlp, words, spaces):
    doc = _doc(nlp, words, spaces)
    assert text_length(doc) == len(doc.text)


def test_merge_merged_spans_follow_the_span_group(nlp):
    doc = _doc(nlp, ["省", "发展", "改革", "委等", "18", "个", "部门"], [False] * 7)
    write_spans(doc, [Candidate(0, 6, "AGENCY", "agency.x", attrs={"name": "n"}),
                      Candidate(7, 10, "COUNT", "count.x", attrs={"value": 18})])
    views = merged_spans(doc)
    spans = list(doc.spans[SPAN_KEY])
    assert [(v.start_char, v.end_char, v.label_, v.text, v._.attrs) for v in views] == [
        (s.start_char, s.end_char, s.label_, s.text, s._.attrs) for s in spans]
    assert merged_spans(doc) is views  # made once
    spans[1]._.attrs = {"value": 19}  # attrs are read afresh
    assert views[1].attrs == {"value": 19}
    doc.spans[SPAN_KEY] = spans[:1]  # a new group gets new views
    assert [v.text for v in merged_spans(doc)] == ["省发展改革委"]
    doc.spans[SPAN_KEY].append(spans[1])  # so does a resized one
    assert [v.text for v in merged_spans(doc)] == ["省发展改革委", "18个"]
    del doc.spans[SPAN_KEY]
    assert merged_spans(doc) == ()

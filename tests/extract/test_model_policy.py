import pytest

from govbrief.extract._base import Candidate
from govbrief.extract.merge import select
from govbrief.extract.model_policy import plausible


def model(text, surface, label):
    start = text.index(surface)
    return Candidate(start, start + len(surface), label, "ner", source="model", score=0.5)


# fmt: off
CASES = [
    ("副主任钱明远出席会议。", "钱明远", "PERSON", True),
    ("通过张贴海报宣传。", "张贴", "PERSON", False),          # an ordinary verb
    ("会议在青石镇举行。", "青石镇", "GPE", True),             # a town no list holds
    ("会议在杭州举行。", "杭州", "GPE", False),               # known: the rules decide
    ("各区县将开展活动。", "各区县", "GPE", False),            # generic determiner
    ("市州市场监管局自选活动。", "市州市场监管局", "AGENCY", False),  # collective
    ("临河区税务分局召开会议。", "临河区税务分局", "AGENCY", True),
    ("宏远精密机械有限公司参加。", "宏远精密机械有限公司", "ORG", True),
    ("联合公安、消防开展。", "联合公安", "ORG", False),        # no organisation head
    ("他说:“好。”", "他说:", "PERSON", False),              # punctuation inside
]
# fmt: on


@pytest.mark.parametrize("text,surface,label,ok", CASES)
def test_model_policy_plausible(text, surface, label, ok):
    assert plausible(model(text, surface, label), text) is ok


def test_model_policy_word_boundaries():
    text = "公安交警部门参加"
    cand = Candidate(0, 5, "AGENCY", "ner", source="model")
    starts, ends = {0, 2, 4, 6, 8}, {2, 4, 6, 8}
    assert plausible(cand, text) is True
    assert plausible(cand, text, (starts, ends)) is False  # ends inside 部门


def test_model_policy_rules_win_over_longer_model_spans():
    rule = Candidate(2, 5, "GPE", "places.x")
    longer = Candidate(0, 9, "ORG", "ner", source="model")
    assert [c.rule_id for c in select([longer, rule], 12)] == ["places.x"]


def test_model_policy_model_fills_gaps(extractor):
    text = "近日,副主任钱明远在青石镇宣讲。"
    doc = extractor.process(text)
    sources = {s.text: s._.source for s in doc.spans["govbrief"]}
    assert sources.get("近日") == "rule"

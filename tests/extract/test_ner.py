"""The shipped character-level NER model and the ``govbrief_ner`` component.

Every name below is invented: none occurs in the gazetteers, the public training corpora
or the synthetic training sentences, so finding them shows the model generalises from
context and character patterns rather than memorising.
"""

import json
from collections import Counter

import pytest
import spacy

from govbrief._extensions import set_extensions
from govbrief.extract import ner as ner_mod
from govbrief.extract.ner import (
    MODEL_LABELS,
    NerExtractor,
    default_ner_model,
    entity_labels,
    load_ner_model,
    retype_label,
)

pytestmark = pytest.mark.skipif(
    not (default_ner_model() / "config.cfg").is_file(),
    reason="models/govbrief_ner not built (run `make train`)",
)


@pytest.fixture(scope="module")
def ner_model():
    return load_ner_model()


@pytest.fixture(scope="module")
def extractor():
    return NerExtractor()


# fmt: off
FINDS = [
    ("9月5日上午,临澜市副市长蔺珂蓁出席启动仪式并讲话。",
     [("临澜市", "GPE"), ("蔺珂蓁", "PERSON")]),
    ("启岳精密仪表有限公司董事长覃曜川代表参展企业发言。",
     [("启岳精密仪表有限公司", "ORG"), ("覃曜川", "PERSON")]),
    ("近日,青岚县市场监管局联合县教育局在岚溪市开展计量宣传活动。",
     [("青岚县市场监管局", "AGENCY"), ("县教育局", "AGENCY"), ("岚溪市", "GPE")]),
    ("活动由澄岳县人民政府主办,淞禾食品股份有限公司承办。",
     [("澄岳县人民政府", "AGENCY"), ("淞禾食品股份有限公司", "ORG")]),
    ("省市场监管局党组书记、局长杜沅汐对全省工作作出部署。(记者 闵骁霆 通讯员 裘芷缨)",
     [("省市场监管局", "AGENCY"), ("杜沅汐", "PERSON"), ("闵骁霆", "PERSON"),
      ("裘芷缨", "PERSON")]),
    ("苍澜县副县长邝霁川带队检查了沣禾电气有限公司的特种设备。",
     [("苍澜县", "GPE"), ("邝霁川", "PERSON"), ("沣禾电气有限公司", "ORG")]),
    ("翠湄区质量技术协会、云皋县计量测试研究院等单位参加了活动。",
     [("翠湄区质量技术协会", "ORG"), ("云皋县计量测试研究院", "ORG")]),
    ("会上,漪皋市市场监督管理局局长谌思蘅通报了上半年的工作情况。",
     [("漪皋市市场监督管理局", "AGENCY"), ("谌思蘅", "PERSON")]),
    ("鹭汀市人民政府与翊航新材料科技股份有限公司签署了合作协议。",
     [("鹭汀市人民政府", "AGENCY"), ("翊航新材料科技股份有限公司", "ORG")]),
    ("泷湄县委宣传部、县文旅局联合举办了质量知识竞赛。",
     [("泷湄县委宣传部", "AGENCY"), ("县文旅局", "AGENCY")]),
    ("据鹭汀新闻网消息,鄢骞当选为本届质量协会会长。",
     [("鹭汀新闻网", "ORG"), ("鄢骞", "PERSON")]),
]
# fmt: on

# The sentences each test of one sentence uses: found whole by the shipped model.
CLEAR = [FINDS[2], FINDS[5], FINDS[6]]


def test_ner_model_loads_offline(ner_model):
    assert set(MODEL_LABELS) <= entity_labels(ner_model)
    assert ner_model.tokenizer.segmenter == "char"
    meta = json.loads((default_ner_model() / "meta.json").read_text(encoding="utf-8"))
    assert meta["name"] == "govbrief_ner" and meta["version"]


def test_ner_model_tokens_are_characters(ner_model):
    doc = ner_model.make_doc("临澜市副市长")
    assert [t.text for t in doc] == list("临澜市副市长")


def test_ner_finds_unseen_names(extractor):
    # A statistical model misses some names; ask for good recall over the whole table
    # and for every label, rather than for each name.
    hit = Counter()
    total = Counter()
    for text, expected in FINDS:
        found = {(text[c.start:c.end], c.label) for c in extractor.find(text)}
        for item in expected:
            total[item[1]] += 1
            hit[item[1]] += item in found
    assert sum(hit.values()) / sum(total.values()) >= 0.75, (hit, total)
    for label in MODEL_LABELS:
        assert hit[label] / total[label] >= 0.5, (label, hit, total)


@pytest.mark.parametrize("text,expected", CLEAR)
def test_ner_finds_every_name_in_clear_sentences(extractor, text, expected):
    found = {(text[c.start:c.end], c.label) for c in extractor.find(text)}
    assert set(expected) <= found, found


@pytest.mark.parametrize(
    "text,label,expected",
    [
        ("翠湄区质量技术协会", "AGENCY", "ORG"),
        ("云皋县计量测试研究院", "AGENCY", "ORG"),
        ("团市委", "AGENCY", "ORG"),
        ("漪皋市市场监督管理局", "ORG", "AGENCY"),
        ("中共泷湄县委", "ORG", "AGENCY"),
        ("鹭汀市人民政府", "ORG", "AGENCY"),
        ("某某联盟", "ORG", "ORG"),
        ("某某联盟", "AGENCY", "AGENCY"),
        ("苍澜县", "GPE", "GPE"),
    ],
)
def test_ner_retype_label_by_head_word(text, label, expected):
    assert retype_label(text, label) == expected


def test_ner_retype_keeps_model_label():
    ext = NerExtractor()
    for text, _ in FINDS:
        for c in ext.find(text):
            if "model_label" in c.attrs:
                assert c.attrs["model_label"] != c.label
    raw = NerExtractor(retype=False)
    assert all(set(c.attrs) == {"confidence"} for t, _ in FINDS for c in raw.find(t))


def test_ner_confidence_threshold_drops_uncertain_entities():
    loose = NerExtractor(gate=False, min_confidence=0.0)
    strict = NerExtractor(gate=False, min_confidence=0.99)
    for text, _ in FINDS:
        everything = loose.find(text)
        assert all(0.0 < c.attrs["confidence"] <= 1.0 for c in everything)
        kept = {(c.start, c.end, c.label) for c in strict.find(text)}
        assert kept == {
            (c.start, c.end, c.label) for c in everything if c.attrs["confidence"] >= 0.99
        }


@pytest.mark.parametrize("text,expected", FINDS)
def test_ner_candidates_carry_provenance(extractor, text, expected):
    cands = extractor.find(text)
    assert cands
    for c in cands:
        assert c.source == "model" and c.rule_id == "ner" and c.score == pytest.approx(0.5)
        assert c.label in MODEL_LABELS
        assert 0 <= c.start < c.end <= len(text) and not text[c.start].isspace()


def test_ner_component_appends_model_candidates():
    set_extensions()
    nlp = spacy.blank("zh")
    nlp.add_pipe("govbrief_ner")
    text, expected = CLEAR[0]
    doc = nlp(text)
    got = {(text[c.start:c.end], c.label) for c in doc._.gb_candidates}
    assert set(expected) <= got
    assert all(c.source == "model" for c in doc._.gb_candidates)


def test_ner_component_keeps_earlier_candidates():
    from govbrief.extract._base import Candidate

    set_extensions()
    nlp = spacy.blank("zh")
    ext = nlp.add_pipe("govbrief_ner")
    text = FINDS[1][0]
    doc = nlp.make_doc(text)
    doc._.gb_candidates = [Candidate(0, 2, "DATE", "dates.x")]
    ext(doc)
    assert doc._.gb_candidates[0].rule_id == "dates.x"
    assert any(c.source == "model" for c in doc._.gb_candidates[1:])


def test_ner_pipe_matches_call():
    set_extensions()
    nlp = spacy.blank("zh")
    nlp.add_pipe("govbrief_ner", config={"batch_size": 2})
    texts = [t for t, _ in FINDS] + ["", "没有实体的一句话。"]
    piped = [
        sorted((c.start, c.end, c.label) for c in d._.gb_candidates)
        for d in nlp.pipe(texts, batch_size=3)
    ]
    single = [sorted((c.start, c.end, c.label) for c in nlp(t)._.gb_candidates) for t in texts]
    assert piped == single
    assert piped[len(FINDS)] == []


def test_ner_missing_model_says_make_train(tmp_path):
    with pytest.raises(OSError, match="make train"):
        load_ner_model(tmp_path / "nowhere")


def test_ner_model_path_from_env(monkeypatch, tmp_path):
    monkeypatch.setenv(ner_mod.NER_ENV, str(tmp_path))
    assert default_ner_model() == tmp_path
    with pytest.raises(OSError, match="make train"):
        NerExtractor().find("临澜市")


# --- gating: the model runs only on windows around spans the combination policy could keep


@pytest.fixture(scope="module")
def govbrief_nlp():
    from govbrief.pipeline import build_nlp

    return build_nlp(model=False)


def _edges(nlp, text):
    from govbrief.extract._base import token_edges
    from govbrief.pipeline import make_doc

    doc = make_doc(nlp, text)
    return doc, token_edges(doc)


@pytest.mark.parametrize(
    "text,span,label",
    [
        ("昨天上午,覃曜川在会上发言。", "覃曜川", "PERSON"),
        ("阿依古丽·吐尔逊代表参会企业发言。", "阿依古丽·吐尔逊", "PERSON"),
        ("活动在岚溪镇中心广场举行,青岚县市场监管局派员参加。", "青岚县市场监管局", "AGENCY"),
        ("启岳精密仪表有限公司派员参加。", "启岳精密仪表有限公司", "ORG"),
        ("工作人员走进泷湄街道开展宣传。", "泷湄街道", "GPE"),
    ],
)
def test_ner_candidate_windows_cover_policy_shapes(govbrief_nlp, text, span, label):
    from govbrief.extract._base import Candidate
    from govbrief.extract.model_policy import plausible
    from govbrief.extract.ner import candidate_windows

    doc, edges = _edges(govbrief_nlp, text)
    start = text.index(span)
    end = start + len(span)
    cand = Candidate(start, end, label, "ner", source="model")
    assert plausible(cand, text, edges)  # the policy would keep it ...
    windows = candidate_windows(text, edges)
    assert any(a <= start and end <= b for a, b in windows), windows  # ... so it is read


def test_ner_candidate_windows_skip_text_without_name_shapes(govbrief_nlp):
    from govbrief.extract.ner import candidate_windows

    text = "2022年9月5日,10:30。"
    _, edges = _edges(govbrief_nlp, text)
    assert candidate_windows(text, edges) == []


def test_ner_gate_keeps_the_candidates_the_policy_keeps(govbrief_nlp):
    from govbrief.extract._base import token_edges
    from govbrief.extract.model_policy import plausible
    from govbrief.pipeline import make_doc

    gated, whole = NerExtractor(gate=True), NerExtractor(gate=False)
    tail = "\n会议要求,各地要持续做好质量安全工作,确保不发生重大事故。"
    text = "".join(t for t, _ in FINDS) + tail
    doc = make_doc(govbrief_nlp, text)
    edges = token_edges(doc)

    def kept(ext):
        return {(c.start, c.end, c.label) for c in ext.find(text, doc) if plausible(c, text, edges)}

    assert kept(gated) == kept(whole)
    assert kept(gated)

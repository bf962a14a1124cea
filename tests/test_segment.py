import pytest

from govbrief.pipeline import build_nlp
from govbrief.segment import ChineseTokenizer, default_pkuseg_model


def test_segment_jieba_reproduces_text(nlp):
    text = "9月2日下午,福建省市场监管局联合省发改委等21个部门启动 活动。\n(张勇 李辉)"
    doc = nlp.make_doc(text)
    assert doc.text == text
    assert len(doc) > 5


def test_segment_rejects_unknown_segmenter(nlp):
    with pytest.raises(ValueError, match="segmenter"):
        ChineseTokenizer(nlp.vocab, segmenter="char")


def test_segment_pkuseg_selectable():
    if not (default_pkuseg_model() / "features.pkl").is_file():
        pytest.skip("pkuseg model not unpacked (run `make pkuseg`)")
    nlp = build_nlp(segmenter="pkuseg")
    assert nlp.tokenizer.segmenter == "pkuseg"
    text = "河北省市场监管局联合省委宣传部开展活动。"
    doc = nlp.make_doc(text)
    assert doc.text == text


def test_segment_missing_pkuseg_model_is_a_clear_error(tmp_path):
    with pytest.raises(OSError, match="make pkuseg"):
        build_nlp(segmenter="pkuseg", pkuseg_model=str(tmp_path))

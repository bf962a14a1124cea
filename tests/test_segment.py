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


def test_segment_cached_table_builds_once_then_reads_disk(tmp_path, monkeypatch):
    from govbrief import segment

    monkeypatch.setenv(segment.CACHE_ENV, str(tmp_path))
    calls = []

    def build():
        calls.append(1)
        return {"市场监管局": (10, "nt")}, ["召开"]

    first = segment.cached_table("probe", "k1", build)
    second = segment.cached_table("probe", "k1", build)
    assert calls == [1]
    assert second == first
    assert len(list(tmp_path.glob("probe-*.marshal"))) == 1
    segment.cached_table("probe", "k2", build)  # another key: another file
    assert calls == [1, 1]


def test_segment_cached_tokenizer_matches_a_fresh_one(tmp_path, monkeypatch):
    import jieba

    from govbrief import segment

    monkeypatch.setenv(segment.CACHE_ENV, str(tmp_path))
    fresh = jieba.Tokenizer()
    fresh.initialize()
    fresh.load_userdict(str(segment.lexicon_path("jieba_user.dict")))
    path = tmp_path / "tok.marshal"
    segment._write_atomic(path, segment.marshal.dumps((fresh.FREQ, fresh.total, {})))
    cached = jieba.Tokenizer()
    assert segment._load_cached(cached, path)
    text = "9月2日,湖北省市场监管局联合省发展改革委在武汉市江岸区召开会议。"
    assert cached.lcut(text) == fresh.lcut(text)
    assert not segment._load_cached(jieba.Tokenizer(), tmp_path / "missing.marshal")

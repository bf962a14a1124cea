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


_FAST_CASES = [
    "今天上午,河南省市场监管局在郑州召开全省质量提升工作推进会。",
    "  两个空格开头,中间 一个空格,结尾两个空格  ",
    "第一段。\n\n第二段:抽查了1,234家企业,合格率98.5%。\t制表符后的文字",
    "王小明副局长指出,要加强食品安全监管。李大妈说:好!",
    "abc-12.5%#x 混合 English words 与中文",
    "",
    "\n",
    "   ",
    "谷歌翻譯後的繁體文字也可以切分嗎",
]


@pytest.mark.parametrize("text", _FAST_CASES)
def test_segment_fast_search_matches_jieba(text):
    import jieba

    from govbrief.segment import _jieba_tokenizer

    fast = _jieba_tokenizer()
    plain = jieba.Tokenizer()
    plain.FREQ, plain.total, plain.initialized = fast.FREQ, fast.total, True
    plain.user_word_tag_tab = fast.user_word_tag_tab
    assert fast.lcut_accurate(text) == plain.lcut(text, cut_all=False, HMM=True)
    assert fast.lcut(text, HMM=True) == plain.lcut(text, HMM=True)
    dag = plain.get_DAG(text)
    route_fast: dict = {}
    route_plain: dict = {}
    fast.calc(text, dag, route_fast)
    plain.calc(text, dag, route_plain)
    assert route_fast == route_plain


_ALIGN_CASES = [
    *_FAST_CASES,
    " 开头一个空格",
    "结尾一个空格 ",
    "词 \n 词\r\n\r\n词\u3000\u3000词\xa0词",
    "abc def  ghi\t\tjkl",
]


@pytest.mark.parametrize("text", _ALIGN_CASES)
def test_segment_words_and_spaces_match_spacy_alignment(text):
    from spacy.util import get_words_and_spaces

    from govbrief.segment import _jieba_tokenizer, _jieba_words_and_spaces

    cut = _jieba_tokenizer().lcut_accurate
    words = [w for w in cut(text) if w]
    assert _jieba_words_and_spaces(cut, text) == get_words_and_spaces(words, text)


_HMM_CASES = [
    "",
    "强",
    "强省",
    "降碳减污扩绿增长",
    "等21个",
    "2023年",
    "abc",
    "绥芬河口岸",
    "谷歌翻譯後的繁體文字",
    "魑魅魍魉饕餮",
]


@pytest.mark.parametrize("text", _HMM_CASES)
def test_segment_hmm_matches_jieba_finalseg(text):
    from jieba import finalseg

    from govbrief.segment import _hmm_cutter

    out: list[str] = []
    _hmm_cutter()(text, out)
    assert out == list(finalseg.cut(text))


def test_segment_hmm_respects_force_split_words(monkeypatch):
    from jieba import finalseg

    from govbrief.segment import _hmm_cutter

    text = "降碳减污扩绿增长"
    plain: list[str] = []
    _hmm_cutter()(text, plain)
    word = next(w for w in plain if len(w) > 1)
    monkeypatch.setattr(finalseg, "Force_Split_Words", finalseg.Force_Split_Words | {word})
    _hmm_cutter.cache_clear()  # it keeps the set it was built with
    try:
        split: list[str] = []
        _hmm_cutter()(text, split)
        assert split == list(finalseg.cut(text))
        assert word not in split
    finally:
        _hmm_cutter.cache_clear()


def test_segment_edge_table_is_bounded(monkeypatch):
    from govbrief import segment

    monkeypatch.setattr(segment, "_EDGE_LIMIT", 50)
    tk = segment._jieba_tokenizer()
    tk._logp = None  # fresh tables for this test
    text = "今天上午,河南省市场监管局在郑州召开全省质量提升工作推进会。" * 3
    before = tk.lcut_accurate(text)
    assert len(tk._edges) <= 50
    tk._logp = None
    assert tk.lcut_accurate(text) == before


def test_segment_cached_word_tags_match_jieba_dictionary(tmp_path, monkeypatch):
    from govbrief import segment

    monkeypatch.setenv(segment.CACHE_ENV, str(tmp_path))
    built = segment._cached_word_tags()  # builds the cache file
    assert list(tmp_path.glob("jieba-tags-*.marshal"))
    assert segment._cached_word_tags() == built == segment._word_tags()

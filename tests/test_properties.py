"""Property tests: normalisation maps and annotate over arbitrary Unicode.

Texts mix arbitrary characters with fragments that exercise every normalisation step:
traditional Chinese, astral characters and emoji, control and invisible characters, CRLF,
HTML tags and entities, pinyin debris and full-width punctuation.
"""

from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govbrief.normalize import clean_controls, normalize, strip_html

FRAGMENTS = [
    # traditional and simplified brief vocabulary
    "質量月", "市場監督管理局", "廣東省", "河北省石家莊市", "副市長", "舉辦", "活動",
    "质量月", "市场监管局", "9月6日", "2023年", "12個", "300餘人次", "（記者 張三）",
    # pinyin debris
    "監(jiān)", "(zhì)", "^(qū)", "的(de)",
    # punctuation and width
    "，", "。", "、", "“", "”", "「", "」", "（", "）", "ＡＢ１２", "\u3000",
    # astral characters and emoji
    "😀", "🎉👍", "𠮷", "𪚥", "\U0001F1E8\U0001F1F3", "👨\u200d👩\u200d👧",
    # controls, invisible characters, line ends
    "\r\n", "\r", "\n", "\t", "\x00", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85",
    "\u200b", "\u200e", "\u2028", "\ufeff", "\xad", "\xa0",
    # HTML-ish
    "<p>", "</p>", "<br>", "<br/>", "<div class=\"x\">", "</div>", "<b>", "&amp;",
    "&nbsp;", "&ldquo;", "&rdquo;", "&#x4E2D;", "&#20013;", "&bogus;", "&", "<", ">",
    "<script>var a='<p>';</script>", "<style>p{}</style>", "<!-- 注释 -->", "<!DOCTYPE html>",
    "<td>", "</td>", "<tr>", "<p", "a<b", "< p >",
]

texts = st.lists(
    st.one_of(
        st.sampled_from(FRAGMENTS),
        st.text(max_size=6),  # any code point except surrogates
        st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
                max_size=6),
    ),
    max_size=30,
).map("".join)


def _check_map(original: str, norm) -> None:
    if norm.index is None:
        assert len(norm.text) == len(original)
        assert norm.ends is None
        return
    index = norm.index
    assert len(index) == len(norm.text)
    assert all(a < b for a, b in pairwise(index))  # monotone: order preserved
    assert all(0 <= i < len(original) for i in index)  # total: every char maps inside
    if norm.ends is not None:
        assert len(norm.ends) == len(index)
        for i, (start, end) in enumerate(zip(index, norm.ends, strict=True)):
            assert start < end <= len(original)
            if i + 1 < len(index):
                assert end <= index[i + 1]  # source ranges do not overlap
    for i in range(len(norm.text)):
        s, e = norm.to_original(i, i + 1)
        assert 0 <= s < e <= len(original)
    if norm.text:
        s, e = norm.to_original(0, len(norm.text))
        assert 0 <= s < e <= len(original)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_properties_normalize_map_monotone_and_total(text):
    _check_map(text, normalize(text))


@settings(max_examples=300, deadline=None)
@given(texts)
def test_properties_steps_are_idempotent_and_keep_text(text):
    cleaned, _ = clean_controls(text)
    assert clean_controls(cleaned)[0] == cleaned
    plain, maps = strip_html(text)
    if maps is None:
        assert plain == text
    else:
        starts, ends = maps
        assert len(starts) == len(ends) == len(plain)


@pytest.fixture(scope="module")
def extractor():
    from govbrief import Extractor

    return Extractor(model=False)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=texts, published=st.sampled_from([None, "2023-09-06"]))
def test_properties_annotate_spans_slice_original(extractor, text, published):
    gold = extractor.annotate(text, published=published, doc_id="p")
    assert gold["text"] == text
    last_end = 0
    for span in sorted(gold["spans"], key=lambda s: (s["start"], s["end"])):
        assert 0 <= span["start"] < span["end"] <= len(text)
        assert text[span["start"]:span["end"]] == span["text"]
        assert span["start"] >= last_end  # spans never overlap
        last_end = span["end"]
    for sec in gold["sections"]:
        assert 0 <= sec["start"] <= sec["end"] <= len(text)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_properties_decode_bytes_never_crashes(data):
    from govbrief.errors import InputError
    from govbrief.io import decode_bytes

    try:
        text, codec = decode_bytes(data)
    except InputError:
        return
    # Decoding is exact (no replacement characters, no lost bytes): it round-trips.
    assert data.endswith(text.encode(codec))


jsonl_lines = st.lists(st.one_of(
    st.binary(max_size=40),
    st.sampled_from([b'{"id": "a", "text": "x"}', b'{"text": 1}', b"{", b"[]", b"", b"  ",
                     b'{"id": "b", "text": "\\ud800"}', b'{"id": 3, "text": "y", "published": 1}',
                     '{"text": "監督"}'.encode("big5"), '{"text": "监督"}'.encode("gbk")]),
), max_size=12)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=jsonl_lines)
def test_properties_iter_documents_never_crashes(tmp_path, lines):
    from govbrief.io import InputDoc, InputFailure, iter_documents

    path = tmp_path / "fuzz.jsonl"
    path.write_bytes(b"\n".join(lines))
    ids = set()
    for item in iter_documents([str(path)], max_chars=50):
        assert isinstance(item, (InputDoc, InputFailure))
        if isinstance(item, InputDoc):
            assert item.id not in ids and item.text.strip() and len(item.text) <= 50
            ids.add(item.id)

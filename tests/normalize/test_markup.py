from itertools import pairwise

import pytest

from govbrief.normalize import clean_controls, looks_like_html, normalize, strip_html

# fmt: off
HTML_CASES = [
    # html, plain text
    ("<p>近日,活动开展。</p>", "近日,活动开展。"),
    ("<p>第一段</p><p>第二段</p>", "第一段\n第二段"),
    ("甲<br>乙<br/>丙", "甲\n乙\n丙"),
    ("<b>粗体</b>与<i>斜体</i>", "粗体与斜体"),
    ("<p>市民&amp;企业</p>", "市民&企业"),
    ("<p>&ldquo;质量月&rdquo;</p>", "“质量月”"),
    ("<p>&#36136;&#x91CF;月</p>", "质量月"),
    ("<p>未知&foo;实体</p>", "未知&foo;实体"),
    ("<p>前&nbsp;后</p>", "前 后"),
    ("<script>var a = '<p>';</script><p>正文</p>", "正文"),
    ("<style>p { color: red }</style><div>正文</div>", "正文"),
    ("<!-- 注释 --><p>正文</p>", "正文"),
    ("<!DOCTYPE html><html><body>正文</body></html>", "正文"),
    ("<p>中文换\n  行不加空格</p>", "中文换行不加空格"),
    ("<p>word\n  wrap</p>", "word wrap"),
    ("<table><tr><td>甲</td><td>乙</td></tr></table>", "甲 乙"),
    ("<p>未闭合的<b 标签", "未闭合的<b 标签"),
]
NOT_HTML = [
    "x<y 和 z>w 都不是标签",
    "《质量月》活动",
    "数量<10 & 质量>90",
    "<<书名>>",
    "",
]
CONTROL_CASES = [
    ("甲\r\n乙", "甲\n乙"),
    ("甲\r乙", "甲\n乙"),
    ("市场\u200b监管局", "市场监管局"),
    ("监管\x00局\x07", "监管局"),
    ("甲\x0c乙\u2028丙", "甲\n乙\n丙"),
    ("甲\u00a0乙", "甲 乙"),
    ("\ufeff正文", "正文"),
    ("加油站\u00ad28家", "加油站28家"),
    ("\x85", "\n"),
]
# fmt: on


@pytest.mark.parametrize("html,plain", HTML_CASES)
def test_markup_strip_html_text(html, plain):
    assert strip_html(html)[0] == plain


@pytest.mark.parametrize("html,plain", HTML_CASES)
def test_markup_strip_html_map_slices_the_markup(html, plain):
    out, maps = strip_html(html)
    if maps is None:
        assert out == html
        return
    starts, ends = maps
    assert len(starts) == len(ends) == len(out)
    assert all(a < b for a, b in pairwise(starts))
    for ch, s, e in zip(out, starts, ends, strict=True):
        assert 0 <= s < e <= len(html)
        if not ch.isspace() and e - s == 1:
            assert html[s] == ch


@pytest.mark.parametrize("text", NOT_HTML)
def test_markup_plain_text_is_not_html(text):
    assert not looks_like_html(text)
    assert strip_html(text) == (text, None)


@pytest.mark.parametrize("text,cleaned", CONTROL_CASES)
def test_markup_clean_controls(text, cleaned):
    out, index = clean_controls(text)
    assert out == cleaned
    if index is not None:
        assert all(a < b for a, b in pairwise(index))


def test_markup_clean_controls_leaves_clean_text_alone():
    text = "近日,合肥启动活动。\n第二行\t制表"
    assert clean_controls(text) == (text, None)


@pytest.mark.parametrize("original,plain,surface", [
    ("<p>9月7日,&ldquo;质量月&rdquo;启动</p>", "“质量月”", "&ldquo;质量月&rdquo;"),
    ("<p>市民&amp;企业代表</p>", "市民&企业", "市民&amp;企业"),
    ("甲\r\n市场\u200b监管局", "市场监管局", "市场\u200b监管局"),
    ("<p>監(jiān)督&nbsp;管理</p>", "监督 管理", "監(jiān)督&nbsp;管理"),
])
def test_markup_normalized_spans_cover_whole_entities(original, plain, surface):
    norm = normalize(original)
    start = norm.text.index(plain)
    s, e = norm.to_original(start, start + len(plain))
    assert original[s:e] == surface

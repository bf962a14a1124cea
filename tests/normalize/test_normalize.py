from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govbrief.normalize import fold_width, normalize, strip_pinyin_debris, to_simplified

# fmt: off
CASES = [
    # original, normalised
    ("質量月活動", "质量月活动"),
    ("監(jiān)督管理", "监督管理"),
    ("２０２３年９月，", "2023年9月,"),
    ("（張勇 李輝）", "(张勇 李辉)"),
    ("陜西省", "陕西省"),
    ("南充市順慶區(qū)市場(chǎng)監(jiān)管局", "南充市顺庆区市场监管局"),
    ("的(de)", "的"),
]
# fmt: on


@pytest.mark.parametrize("original,expected", CASES)
def test_normalize_text(original, expected):
    assert normalize(original).text == expected


def test_normalize_keeps_bylines_and_parenthesised_words():
    for text in ["(张勇 李辉)", "单位(个人)代表", "中国质量协会(CAQ)"]:
        assert strip_pinyin_debris(text)[0] == text


def test_normalize_offsets_back_to_original_with_debris():
    original = "今年由南充市市場(chǎng)監(jiān)管局組織"
    norm = normalize(original)
    start = norm.text.index("南充市市场监管局")
    s, e = norm.to_original(start, start + len("南充市市场监管局"))
    assert original[s:e] == "南充市市場(chǎng)監(jiān)管局"


def test_normalize_width_and_script_are_length_preserving():
    text = "２０２２年，河北省質量強省戰略領導小組辦公室聯合省委宣傳部開展“質量月”活動。"
    assert len(fold_width(text)[0]) == len(text)
    assert len(to_simplified(text)[0]) == len(text)
    assert normalize(text).index is None


DEBRIS_ALPHABET = list("監督質量月(jiān)(zhì)（）ａ１ 國家\n、“”")


@given(st.text(alphabet=st.sampled_from(DEBRIS_ALPHABET), max_size=60))
def test_normalize_offset_map_is_monotone_and_total(text):
    norm = normalize(text)
    if norm.index is None:
        assert len(norm.text) == len(text)
        return
    assert len(norm.index) == len(norm.text)
    assert all(a < b for a, b in pairwise(norm.index))
    assert all(0 <= i < len(text) for i in norm.index)
    for i in range(len(norm.text)):
        s, e = norm.to_original(i, i + 1)
        assert e - s == 1


WIDTH_ALPHABET = list("质量ａＺ０９，（）：；！？　 \u3000\uff01\uff5e\uff5f\uff00~!")


@given(st.text(alphabet=st.sampled_from(WIDTH_ALPHABET), max_size=40))
def test_normalize_fold_width_equals_the_translation_table(text):
    from govbrief.normalize.text import _WIDTH_TABLE

    assert fold_width(text) == (text.translate(_WIDTH_TABLE), None)

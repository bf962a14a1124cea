"""Tests for govbrief.extract._postag and the agency core scan: same output as jieba/regex."""

import random

import pytest

from govbrief.extract._postag import pos_tokenizer
from govbrief.extract.agencies import _core_re, _core_starts
from govbrief.segment import pos_tokenizer as jieba_tokenizer

SENTENCES = [
    "市场监管局联合县文化和旅游局开展了食品安全检查。",
    "张晓梅和李国栋在柯桥区齐贤街道走访了三家企业",
    "截至9月底,全省共抽检样品1.2万批次,合格率98.6%",
    "嘎吱嘎吱的响声从隔壁传来,邬槿萱笑着说没事",
    "The 2nd forum was held in 中关村 on Monday",
    "鞫蘅蓥蔺熹",
]


def _random_strings(n: int) -> list[str]:
    rnd = random.Random(7)
    return [
        "".join(chr(rnd.randint(0x4E00, 0x9FA5)) for _ in range(rnd.randint(2, 20)))
        for _ in range(n)
    ]


@pytest.mark.parametrize("sentence", SENTENCES + _random_strings(40))
def test_postag_same_as_jieba(sentence):
    fast = [(p.word, p.flag) for p in pos_tokenizer().lcut(sentence)]
    slow = [(p.word, p.flag) for p in jieba_tokenizer().lcut(sentence)]
    assert fast == slow


@pytest.mark.parametrize(
    "text",
    [
        "县文化和旅游局与市卫生健康委员会召开会议",
        "教育和体育局局长、民政与",
        "省市场监管局质量发展处",
        "没有任何机构名称",
    ],
)
def test_postag_core_starts_same_as_core_regex(text):
    assert _core_starts(text) == [m.start() for m in _core_re().finditer(text, overlapped=True)]

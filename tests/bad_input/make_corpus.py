"""Write the bad-input corpus (encodings, markup, broken JSONL …) into a directory.

The files are generated rather than committed: most are deliberately not UTF-8 and some
are binary, which diff tools and editors handle badly. ``tests/test_bad_input.py`` calls
:func:`make_corpus` into ``tmp_path``; run this module to look at the files yourself::

    python tests/bad_input/make_corpus.py /tmp/bad_input

Every sentence here is invented for the tests. ``EXPECTED_FAILURES`` and ``GOOD_IDS``
describe what ``govbrief extract`` must report for the corpus.
"""

from __future__ import annotations

import codecs
import json
import sys
from pathlib import Path

# Simplified briefs (invented).
GB_TEXT = (
    "2023年9月5日上午,江西省南昌市市场监督管理局在八一广场举办“质量月”启动仪式,"
    "副市长王建国出席并讲话。活动共设咨询台12个,发放宣传资料3000余份。\n"
)
UTF16_TEXT = "9月12日,湖南省长沙市市场监管局组织开展“质量月”质量提升培训,共有86家企业参加。\n"
BOM_TEXT = "近日,山东省济南市市场监管局联合市教育局开展“质量月”进校园活动。\n"
# Traditional script (Big5 has no simplified forms).
BIG5_TEXT = (
    "2023年9月8日,福建省廈門市市場監督管理局舉辦「質量月」宣傳活動,"
    "共發放資料1200份,接受群眾諮詢300餘人次。\n"
)
PINYIN_TEXT = "9月6日,廣東省佛山市市場監(jiān)督管理局啟動(dòng)“質量月”活動。\n"
HTML_TEXT = (
    "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>质量月新闻</title>\n"
    "<style>p { margin: 0 }</style><script>var 江苏省 = 1;</script></head>\n<body>\n"
    "<p>9月7日,浙江省杭州市市场监管局举办&ldquo;质量月&rdquo;启动仪式。</p>\n"
    "<p>活动现场&nbsp;设置展台15个,<br/>吸引市民&amp;企业代表500余人参加。</p>\n"
    "<!-- 广西壮族自治区 -->\n</body></html>\n"
)
CRLF_TEXT = (
    "9月15日,四川省成都市市场监管局召开“质量月”工作推进会。\r\n"
    "会议要求各区县市场监管局认真落实。\r\n"
)
CONTROL_TEXT = (
    "9月\x0b20日,河南省郑州市市场\u200b监管局\x00开展\x07“质量月”\x0c"
    "计量器具检查,共检查加油站\u00ad28家。\x1b\n"
)
EMOJI_TEXT = "🎉9月18日,陕西省西安市市场监管局启动“质量月”活动👍,𠮷祥物“质质”亮相。\n"
MIXED_TEXT = (
    "On 21 September, 云南省昆明市市场监管局 hosted a «Quality Month» forum; "
    "참가자 40명, участники из 6 стран。\n"
)


def _jsonl(objs: list[object]) -> str:
    return "".join(
        (o if isinstance(o, str) else json.dumps(o, ensure_ascii=False)) + "\n" for o in objs
    )


# Every JSONL fault, one per line (line numbers are in EXPECTED_FAILURES).
BROKEN_LINES: list[object] = [
    {"id": "ok-1", "text": "9月3日,河北省石家庄市市场监管局启动“质量月”活动。",
     "published": "2023-09-04"},                                       # 1 good
    "",                                                                 # 2 blank: skipped
    '{"id": "bad-json", "text": "未闭合',                              # 3 malformed JSON
    '["not", "an", "object"]',                                         # 4 not an object
    {"id": "no-text"},                                                  # 5 missing text
    {"id": "empty-text", "text": ""},                                   # 6 empty text
    {"id": "num-text", "text": 42},                                     # 7 non-string text
    {"id": ["x"], "text": "列表id"},                                    # 8 non-string id
    {"id": "ok-1", "text": "重复的id。"},                              # 9 duplicate id
    {"id": "bad-date", "text": "9月3日,活动开展。", "published": "上周"},  # 10 bad date
    {"id": "num-date", "text": "9月3日,活动开展。", "published": 20230903},  # 11 bad date
    "   \t ",                                                           # 12 blank: skipped
    {"id": "spaces", "text": " \u3000\n "},                             # 13 whitespace only
    '{"id": "surrogate", "text": "\\ud800坏"}',                         # 14 lone surrogate
    {"id": 7, "text": "9月9日,天津市市场监管局开展“质量月”活动。",
     "published": "2023/9/9"},                                          # 15 good (int id)
    {"text": "9月10日,重庆市市场监管局开展“质量月”活动。"},            # 16 good (no id)
    {"id": "../../etc/passwd", "text": "9月11日,北京市市场监管局开展检查。"},  # 17 good
]

# (file relative to the corpus, line, id, reason fragment)
EXPECTED_FAILURES = [
    ("bad/broken.jsonl", 3, None, "malformed JSON"),
    ("bad/broken.jsonl", 4, None, "must be an object"),
    ("bad/broken.jsonl", 5, "no-text", "'text' is missing"),
    ("bad/broken.jsonl", 6, "empty-text", "empty document"),
    ("bad/broken.jsonl", 7, "num-text", "'text' is not a string"),
    ("bad/broken.jsonl", 8, None, "'id' must be a string"),
    ("bad/broken.jsonl", 9, "ok-1", "duplicate id (first seen in"),
    ("bad/broken.jsonl", 10, "bad-date", "'published' is not a date"),
    ("bad/broken.jsonl", 11, "num-date", "'published' is not a date"),
    ("bad/broken.jsonl", 13, "spaces", "empty document"),
    ("bad/broken.jsonl", 14, "surrogate", "unpaired surrogate"),
    ("bad/dup.txt", None, "bad/dup", "duplicate id (first seen in"),
    ("bad/empty.txt", None, "bad/empty", "empty document"),
    ("bad/gbk_bad_line.jsonl", 2, None, "cannot decode as gb18030"),
    ("bad/latin1.txt", None, "bad/latin1", "cannot decode"),
    ("bad/markup_only.txt", None, "bad/markup_only", "empty document"),
    ("bad/not_text.txt", None, "bad/not_text", "binary data"),
    ("bad/whitespace.txt", None, "bad/whitespace", "empty document"),
]
# Documents of the bad half that are still processed.
BAD_GOOD_IDS = {"ok-1", "7", "bad/broken:16", "../../etc/passwd", "bad/dup", "bad/gbk_bad_line:1",
                "bad/gbk_bad_line:3"}
SKIPPED = {"bad/binary.bin", "bad/notes.md"}

# Good half: id -> (province expected in a record, original text as given).
GOOD = {
    "good/gbk": ("江西省", GB_TEXT),
    "good/big5": ("福建省", BIG5_TEXT),
    "good/utf16le_bom": ("湖南省", UTF16_TEXT),
    "good/utf16be_bom": ("湖南省", UTF16_TEXT),
    "good/utf16le_nobom": ("湖南省", UTF16_TEXT),
    "good/bom": ("山东省", BOM_TEXT),
    "good/html": ("浙江省", HTML_TEXT),
    "good/crlf": ("四川省", CRLF_TEXT),
    "good/control": ("河南省", CONTROL_TEXT),
    "good/emoji": ("陕西省", EMOJI_TEXT),
    "good/pinyin": ("广东省", PINYIN_TEXT),
    "good/mixed": ("云南省", MIXED_TEXT),
    "good/nested/deeper/gb": ("江西省", GB_TEXT.replace("南昌市", "九江市")),
}


def make_corpus(dest: str | Path) -> Path:
    """Write the corpus under ``dest`` (``good/`` and ``bad/``) and return ``dest``."""
    root = Path(dest)
    good, bad = root / "good", root / "bad"
    (good / "nested" / "deeper").mkdir(parents=True, exist_ok=True)
    bad.mkdir(parents=True, exist_ok=True)

    (good / "gbk.txt").write_bytes(GB_TEXT.encode("gbk"))
    (good / "nested" / "deeper" / "gb.txt").write_bytes(
        GOOD["good/nested/deeper/gb"][1].encode("gb18030"))
    (good / "big5.txt").write_bytes(BIG5_TEXT.encode("big5"))
    (good / "utf16le_bom.txt").write_bytes(codecs.BOM_UTF16_LE + UTF16_TEXT.encode("utf-16-le"))
    (good / "utf16be_bom.txt").write_bytes(codecs.BOM_UTF16_BE + UTF16_TEXT.encode("utf-16-be"))
    (good / "utf16le_nobom.txt").write_bytes(UTF16_TEXT.encode("utf-16-le"))
    (good / "bom.txt").write_bytes(codecs.BOM_UTF8 + BOM_TEXT.encode("utf-8"))
    # newline="" everywhere: the exact characters (CRLF, controls) must reach the file.
    for name, text in [("html.txt", HTML_TEXT), ("crlf.txt", CRLF_TEXT),
                       ("control.txt", CONTROL_TEXT), ("emoji.txt", EMOJI_TEXT),
                       ("pinyin.txt", PINYIN_TEXT), ("mixed.txt", MIXED_TEXT)]:
        with open(good / name, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    (good / ".hidden.txt").write_text("隐藏文件不读取。", encoding="utf-8")

    (bad / "broken.jsonl").write_text(_jsonl(BROKEN_LINES), encoding="utf-8")
    # A GBK JSONL whose second line is cut inside a character.
    gb_lines = [
        _jsonl([{"text": "9月1日,山西省太原市市场监管局开展“质量月”活动。"}]).encode("gbk"),
        b'{"text": "\xd6\xca\xc1"}\n',
        _jsonl([{"text": "9月2日,吉林省长春市市场监管局开展“质量月”活动。"}]).encode("gbk"),
    ]
    (bad / "gbk_bad_line.jsonl").write_bytes(b"".join(gb_lines))
    (bad / "empty.txt").write_bytes(b"")
    (bad / "whitespace.txt").write_text(" \n\u3000\t\r\n", encoding="utf-8")
    (bad / "markup_only.txt").write_text("<html><body><p>&nbsp;</p><br></body></html>",
                                         encoding="utf-8")
    (bad / "latin1.txt").write_bytes("Qualité: contrôle des résultats à Paris".encode("latin-1")
                                     + bytes([0xFF, 0x80, 0x81]))
    (bad / "not_text.txt").write_bytes((b"\x7fELF\x02\x01\x01" + bytes(25)) * 40)
    (bad / "binary.bin").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    (bad / "notes.md").write_text("# 说明\n", encoding="utf-8")
    # Same id as bad/dup.txt: the JSONL line comes first in sorted order ("broken" < "dup").
    with open(bad / "broken.jsonl", "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "bad/dup", "text": "9月12日,上海市市场监管局开展“质量月”活动。"},
                            ensure_ascii=False) + "\n")
    (bad / "dup.txt").write_text("同一个id的第二份文件。", encoding="utf-8")
    return root


if __name__ == "__main__":
    print(make_corpus(sys.argv[1] if len(sys.argv) > 1 else "bad_input_corpus"))

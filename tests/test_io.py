import codecs
import io
import json
import os
import sys
import tracemalloc
from pathlib import Path

import pytest

from govbrief.errors import InputError, UsageError
from govbrief.io import (
    InputDoc,
    InputFailure,
    check_encoding,
    check_paths,
    decode_bytes,
    iter_documents,
    parse_published_field,
)

SIMPLE = "9月5日上午,江西省南昌市市场监督管理局举办“质量月”启动仪式,副市长出席并讲话。"
TRAD = "2023年9月8日,福建省廈門市市場監督管理局舉辦「質量月」宣傳活動,共發放資料1200份。"

# fmt: off
ENCODED = [
    # name, text, bytes
    ("utf-8", SIMPLE, SIMPLE.encode("utf-8")),
    ("utf-8 bom", SIMPLE, codecs.BOM_UTF8 + SIMPLE.encode("utf-8")),
    ("utf-16 le bom", SIMPLE, codecs.BOM_UTF16_LE + SIMPLE.encode("utf-16-le")),
    ("utf-16 be bom", SIMPLE, codecs.BOM_UTF16_BE + SIMPLE.encode("utf-16-be")),
    ("utf-16 le no bom", SIMPLE, SIMPLE.encode("utf-16-le")),
    ("utf-16 be no bom", SIMPLE, SIMPLE.encode("utf-16-be")),
    ("utf-16 ascii no bom", "Quality Month 2023", "Quality Month 2023".encode("utf-16-le")),
    ("utf-32 bom", SIMPLE, SIMPLE.encode("utf-32")),
    ("gbk", SIMPLE, SIMPLE.encode("gbk")),
    ("gb18030 emoji", "近日😀启动𠮷", "近日😀启动𠮷".encode("gb18030")),
    ("gbk traditional", TRAD, TRAD.encode("gb18030")),
    ("big5", TRAD, TRAD.encode("big5")),
    ("big5 hkscs", "香港特別行政區", "香港特別行政區".encode("big5hkscs")),
    # short texts are where detectors go wrong
    ("gbk 3 chars", "质量月", "质量月".encode("gbk")),
    ("gbk 2 chars", "监督", "监督".encode("gbk")),
    ("big5 3 chars", "質量月", "質量月".encode("big5")),
    ("big5 2 chars", "監督", "監督".encode("big5")),
    ("gbk with ascii", "Page 1: 市场监管局", "Page 1: 市场监管局".encode("gbk")),
    ("big5 with ascii", "Page 1: 市場監管局", "Page 1: 市場監管局".encode("big5")),
]
UNDECODABLE = [
    ("latin-1", "Qualité contrôlée à 100 %".encode("latin-1") + b"\xff\x80"),
    ("binary", (b"\x7fELF\x02\x01" + bytes(26)) * 20),
    ("random high bytes", bytes([0x80, 0xFF, 0x81, 0x7F, 0xFE, 0x00] * 30)),
]
# fmt: on


@pytest.mark.parametrize("name,text,data", ENCODED, ids=[c[0] for c in ENCODED])
def test_io_decode_detects_encoding(name, text, data):
    assert decode_bytes(data)[0] == text


@pytest.mark.parametrize("name,data", UNDECODABLE, ids=[c[0] for c in UNDECODABLE])
def test_io_decode_refuses_instead_of_mojibake(name, data):
    with pytest.raises(InputError, match="cannot decode|binary data"):
        decode_bytes(data)


def test_io_decode_forced_encoding():
    assert decode_bytes(TRAD.encode("big5"), "big5")[0] == TRAD
    assert decode_bytes(codecs.BOM_UTF8 + b"abc", "utf-8")[0] == "abc"
    with pytest.raises(InputError, match="cannot decode as utf-8: byte 0x"):
        decode_bytes(SIMPLE.encode("gbk"), "utf-8")


@pytest.mark.parametrize("name", ["no-such-codec", "utf-9", "base64", "rot13"])
def test_io_unknown_encoding_is_usage_error_at_call_time(name, tmp_path):
    with pytest.raises(UsageError, match="unknown encoding"):
        check_encoding(name)
    with pytest.raises(UsageError, match="unknown encoding"):
        iter_documents([str(tmp_path)], encoding=name)  # raises before iteration


def test_io_max_chars_must_be_positive(tmp_path):
    with pytest.raises(UsageError):
        iter_documents([str(tmp_path)], max_chars=0)


def _items(paths, **kw):
    skipped = []
    items = list(iter_documents([str(p) for p in paths], skipped, **kw))
    return items, skipped


def _by_line(items):
    return {i.line: i for i in items}


def _write_jsonl(path, lines, encoding="utf-8"):
    text = "".join((x if isinstance(x, str) else json.dumps(x, ensure_ascii=False)) + "\n"
                   for x in lines)
    path.write_bytes(text.encode(encoding))
    return path


# fmt: off
JSONL_FAULTS = [
    # line content, expected failure reason fragment (None: a document)
    ({"id": "a", "text": SIMPLE}, None),
    ('{"id": "b", "text": ', "malformed JSON"),
    ("42", "must be an object, not int"),
    ("null", "must be an object"),
    ({"id": "c"}, "'text' is missing"),
    ({"id": "d", "text": None}, "'text' is missing"),
    ({"id": "e", "text": ["x"]}, "'text' is not a string"),
    ({"id": "f", "text": ""}, "empty document"),
    ({"id": "g", "text": "\u3000 \n"}, "empty document"),
    ({"id": "h", "text": "<p>&nbsp;</p>"}, "empty document"),
    ({"id": "i", "text": "\u200b\x00"}, "empty document"),
    ({"id": 1.5, "text": "x"}, "'id' must be a string, not float"),
    ({"id": True, "text": "x"}, "'id' must be a string, not bool"),
    ({"id": None, "text": "x"}, "'id' must be a string, not NoneType"),
    ({"id": "", "text": "x"}, "'id' is empty"),
    ({"id": "a", "text": "again"}, "duplicate id (first seen in"),
    ({"id": "j", "text": "x", "published": "yesterday"}, "'published' is not a date"),
    ({"id": "k", "text": "x", "published": "2023-02-30"}, "'published' is not a date"),
    ({"id": "l", "text": "x", "published": 2023}, "'published' is not a date"),
    ('{"id": "m", "text": "\\udc00"}', "unpaired surrogate"),
    ({"id": 12, "text": "整数id"}, None),
    ({"text": "没有id"}, None),
    ({"id": "n", "text": "行内\u2028分隔符"}, None),
    ({"id": "../../etc/passwd", "text": "路径样的id只是数据"}, None),
]
# fmt: on


def test_io_jsonl_faults_reported_per_line_rest_processed(tmp_path):
    lines = []
    for content, _ in JSONL_FAULTS:
        lines.append(content)
        lines.append("")  # blank lines are skipped and not documents
    path = _write_jsonl(tmp_path / "in.jsonl", lines)
    items, _ = _items([path])
    assert len(items) == len(JSONL_FAULTS)
    for item, (_, reason) in zip(items, JSONL_FAULTS, strict=True):
        assert item.line is not None and item.source == str(path)
        if reason is None:
            assert isinstance(item, InputDoc), item
        else:
            assert isinstance(item, InputFailure) and reason in item.reason, item
    ids = [i.id for i in items if isinstance(i, InputDoc)]
    assert ids == ["a", "12", f"in:{2 * 22 - 1}", "n", "../../etc/passwd"]
    assert items[-2].text == "行内\u2028分隔符"  # U+2028 does not split a JSONL line


def test_io_jsonl_crlf_and_bom(tmp_path):
    path = tmp_path / "crlf.jsonl"
    path.write_bytes(codecs.BOM_UTF8
                     + b'{"id": "a", "text": "x"}\r\n\r\n{"id": "b", "text": "y"}\r\n')
    items, _ = _items([path])
    assert [(i.id, i.line, i.text) for i in items] == [("a", 1, "x"), ("b", 3, "y")]


@pytest.mark.parametrize("encoding", ["gbk", "big5", "utf-16", "utf-16-le", "utf-8-sig"])
def test_io_jsonl_in_other_encodings(tmp_path, encoding):
    text = TRAD if encoding == "big5" else SIMPLE
    path = _write_jsonl(tmp_path / "x.jsonl", [{"id": "a", "text": text}, "",
                                                {"id": "b", "text": text[:5]}], encoding)
    items, _ = _items([path])
    assert [(i.id, i.line, i.text) for i in items] == [("a", 1, text), ("b", 3, text[:5])]


def test_io_jsonl_undecodable_line_is_a_failure_for_that_line(tmp_path):
    path = tmp_path / "gb.jsonl"
    good = json.dumps({"text": SIMPLE}, ensure_ascii=False).encode("gbk")
    path.write_bytes(good + b"\n" + b'{"text": "\xd6\xca\xc1"}\n' + good + b"\n")
    items, _ = _items([path])
    assert [type(i).__name__ for i in items] == ["InputDoc", "InputFailure", "InputDoc"]
    assert items[1].line == 2 and "cannot decode as gb18030" in items[1].reason
    assert items[2].text == SIMPLE


def test_io_jsonl_utf16_decode_error_stops_the_file(tmp_path):
    path = tmp_path / "u16.jsonl"
    path.write_bytes(_jsonl_bytes("utf-16-le") + b"\x00\xd8\x41\x00\n\x00")
    items, _ = _items([path], encoding="utf-16-le")
    assert isinstance(items[0], InputDoc)
    assert isinstance(items[-1], InputFailure) and "cannot decode" in items[-1].reason


def _jsonl_bytes(encoding):
    return (json.dumps({"id": "a", "text": SIMPLE}, ensure_ascii=False) + "\n").encode(encoding)


def test_io_jsonl_undetectable_file_is_one_failure(tmp_path):
    path = tmp_path / "latin.jsonl"
    path.write_bytes('{"text": "Qualité"}\n'.encode("latin-1") + b"\xff\xfe\x80\n")
    items, _ = _items([path])
    assert len(items) == 1 and items[0].line is None and "cannot decode" in items[0].reason


def test_io_ids_txt_relative_in_directories_stem_on_command_line(tmp_path):
    d = tmp_path / "in"
    (d / "nested" / "deeper").mkdir(parents=True)
    (d / "a.txt").write_text(SIMPLE, encoding="utf-8")
    (d / "nested" / "deeper" / "b.txt").write_text(SIMPLE, encoding="utf-8")
    (d / "nested" / "c.jsonl").write_text('{"text": "x"}\n', encoding="utf-8")
    (d / "nested" / "report.pdf").write_bytes(b"%PDF-1.4")
    (d / ".hidden.txt").write_text(SIMPLE, encoding="utf-8")
    (d / ".cache").mkdir()
    (d / ".cache" / "z.txt").write_text(SIMPLE, encoding="utf-8")
    items, skipped = _items([d])
    assert [i.id for i in items] == ["a", "nested/c:1", "nested/deeper/b"]
    assert skipped == [str(d / "nested" / "report.pdf")]
    items, _ = _items([d / "nested" / "deeper" / "b.txt"])
    assert [i.id for i in items] == ["b"]


def test_io_duplicate_ids_first_wins_across_files(tmp_path):
    first = _write_jsonl(tmp_path / "one.jsonl", [{"id": "x", "text": "第一"},
                                                   {"id": "y", "text": ""}])
    second = _write_jsonl(tmp_path / "two.jsonl", [{"id": "x", "text": "第二"},
                                                    {"id": "y", "text": "有文本"}])
    (tmp_path / "x.txt").write_text("第三", encoding="utf-8")
    items, _ = _items([first, second, tmp_path / "x.txt"])
    assert isinstance(items[0], InputDoc) and items[0].text == "第一"
    assert items[1].reason == "empty document"
    assert items[2].reason == f"duplicate id (first seen in {first}:1)"
    # An id is claimed by its first line even when that document failed.
    assert items[3].reason == f"duplicate id (first seen in {first}:2)"
    assert items[4].reason == f"duplicate id (first seen in {first}:1)"
    assert items[4].line is None and items[4].id == "x"


def test_io_same_file_twice_is_duplicate(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(SIMPLE, encoding="utf-8")
    items, _ = _items([path, path])
    assert isinstance(items[0], InputDoc)
    assert items[1].reason == f"duplicate id (first seen in {path})"


@pytest.mark.parametrize("value,expected", [
    (None, None), ("", None), ("  ", None),
    ("2023-09-06", "2023-09-06"), ("2023-9-6", "2023-09-06"), ("2023/09/06", "2023-09-06"),
    ("2023年9月6日", "2023-09-06"), ("2023-09-06T08:30:00+08:00", "2023-09-06"),
    ("2023-09-06 08:30", "2023-09-06"),
])
def test_io_published_accepted(value, expected):
    assert parse_published_field(value) == expected


@pytest.mark.parametrize("value", ["yesterday", "2023-13-01", "2023-02-30", "09/06/2023",
                                   "20230906x", 20230906, 2023.5, ["2023-09-06"], {"y": 1}])
def test_io_published_rejected(value):
    with pytest.raises(ValueError, match="'published' is not a date"):
        parse_published_field(value)


def test_io_max_chars_failure_message(tmp_path):
    path = _write_jsonl(tmp_path / "x.jsonl", [{"id": "long", "text": "长" * 101},
                                                {"id": "ok", "text": "长" * 100}])
    items, _ = _items([path], max_chars=100)
    assert items[0].reason == ("document has 101 characters, more than --max-chars 100; "
                               "split it or raise the limit")
    assert (items[0].line, items[0].id) == (1, "long")
    assert isinstance(items[1], InputDoc)


def test_io_ten_megabyte_document_refused_in_bounded_memory(tmp_path):
    path = tmp_path / "huge.txt"
    unit = (SIMPLE + "\n").encode("utf-8")
    with open(path, "wb") as fh:
        for _ in range(10 * 1024 * 1024 // len(unit) + 1):
            fh.write(unit)
    n_chars = (10 * 1024 * 1024 // len(unit) + 1) * (len(SIMPLE) + 1)
    tracemalloc.start()
    try:
        items, _ = _items([path], max_chars=2_000_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(items) == 1 and isinstance(items[0], InputFailure)
    assert items[0].reason.startswith(f"document has {n_chars} characters, more than "
                                      "--max-chars 2000000")
    assert peak < 12 * 1024 * 1024  # the file is never held whole (it would need > 30 MB)


def test_io_document_below_limit_is_read(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(SIMPLE * 2000, encoding="gbk")
    items, _ = _items([path], max_chars=len(SIMPLE) * 2000)
    assert isinstance(items[0], InputDoc) and items[0].text == SIMPLE * 2000


def test_io_permission_denied_is_a_failure(tmp_path, monkeypatch):
    path = tmp_path / "secret.txt"
    path.write_text(SIMPLE, encoding="utf-8")

    def denied(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    items, _ = _items([path])
    assert len(items) == 1 and items[0].reason == "cannot read: Permission denied"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root reads files whatever their mode")
def test_io_unreadable_file_and_directory(tmp_path):
    d = tmp_path / "in"
    (d / "locked").mkdir(parents=True)
    (d / "a.txt").write_text(SIMPLE, encoding="utf-8")
    (d / "b.txt").write_text(SIMPLE, encoding="utf-8")
    os.chmod(d / "b.txt", 0)
    os.chmod(d / "locked", 0)
    try:
        items, _ = _items([d])
    finally:
        os.chmod(d / "b.txt", 0o644)
        os.chmod(d / "locked", 0o755)
    reasons = [getattr(i, "reason", None) for i in items]
    assert any("cannot list directory" in (r or "") for r in reasons)
    assert "cannot read: Permission denied" in reasons


def test_io_check_paths(tmp_path):
    with pytest.raises(UsageError, match="input not found"):
        check_paths([str(tmp_path / "missing.txt")])
    with pytest.raises(UsageError, match="no INPUT"):
        check_paths([])
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(UsageError, match="no .txt, .jsonl or .ndjson files"):
        check_paths([str(empty)])
    (empty / "image.png").write_bytes(b"\x89PNG")
    (empty / ".hidden.txt").write_text("x", encoding="utf-8")
    with pytest.raises(UsageError, match="no .txt, .jsonl or .ndjson files"):
        check_paths([str(empty)])
    (empty / "sub").mkdir()
    (empty / "sub" / "a.ndjson").write_text("", encoding="utf-8")
    assert check_paths([str(empty), "-"]) == [str(empty), "-"]


class _Stdin:
    def __init__(self, data: bytes):
        self.buffer = io.BytesIO(data)


@pytest.mark.parametrize("data,expected", [
    (SIMPLE.encode("gbk"), [("stdin", SIMPLE)]),
    (TRAD.encode("big5"), [("stdin", TRAD)]),
    (SIMPLE.encode("utf-16"), [("stdin", SIMPLE)]),
    (_jsonl_bytes("gbk") + b"\n{bad\n", [("a", SIMPLE), (None, "malformed JSON")]),
    (_jsonl_bytes("utf-16"), [("a", SIMPLE)]),
    (b"  \n", [("stdin", "empty document")]),
])
def test_io_stdin(monkeypatch, data, expected):
    monkeypatch.setattr(sys, "stdin", _Stdin(data))
    items, _ = _items(["-"])
    got = [(i.id, i.text if isinstance(i, InputDoc) else i.reason) for i in items]
    assert [(i, t[:14]) for i, t in got] == [(i, t[:14]) for i, t in expected]
    assert all(i.source == "<stdin>" for i in items)


def test_io_source_never_evaluates_or_unpickles():
    source = (Path(__file__).parents[1] / "src" / "govbrief" / "io.py").read_text("utf-8")
    for word in ("eval(", "exec(", "pickle", "marshal", "yaml.load"):
        assert word not in source

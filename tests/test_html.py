"""The HTML pages: ``govbrief show`` and ``govbrief evaluate --html``.

Structure is checked with ``html.parser`` (no browser); the rendered pages are then opened
in headless chromium, which must log nothing on the console and paint a screenshot with
the highlight colours in it (PNG decoded here with zlib/struct only).
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from govbrief.cli import main
from govbrief.evaluate import evaluate
from govbrief.html import LABEL_COLOURS, LABELS, render_documents, render_evaluation
from govbrief.html.evaluation import highlight

# fmt: off
# Sentences written for these tests (not corpus text).
ROUNDUP = ("10月9日，湖南省市场监管局在长沙举行“质量月”总结会，副省长陈立国出席并讲话，"
           "全省共有86家企业获得表彰。\n（记者 李明）\n"
           "10月10日，广西壮族自治区市场监管局在南宁组织“标准进企业”活动，320余名技术人员参加。\n"
           "（记者 黄海）")
HOSTILE = "9月8日，河南省市场监管局启动“计量惠民”活动。<script>alert('x')</script>&amp; <b>粗</b>"
# fmt: on


def span(text: str, surface: str, label: str, nth: int = 0, **attrs) -> dict:
    """A gold-format span for the nth occurrence of ``surface`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return {"start": start, "end": start + len(surface), "label": label, "text": surface,
            "source": "rule", "rule_id": "test", **attrs}


def hostile_doc() -> dict:
    spans = [span(HOSTILE, "9月8日", "DATE", value="2023-09-08"),
             span(HOSTILE, "河南省市场监管局", "AGENCY", name="河南省市场监督管理局"),
             span(HOSTILE, "计量惠民", "CAMPAIGN", name="计量惠民", kind="活动"),
             span(HOSTILE, "<script>", "ORG")]
    record = {"doc_id": "x<1>", "province": "河南省", "province_code": "410000",
              "sections": [[0, len(HOSTILE)]],
              "dates": [{"text": "9月8日", "start": 0, "end": 5, "value": "2023-09-08"}],
              "officials": [{"name": "周<i>民", "titles": ["河南省副省长"], "mentions": []}],
              "agencies": [{"text": "河南省市场监管局", "name": "河南省市场监督管理局"}],
              "counts": [{"text": "3个", "value": 3, "unit": "个"}],
              "campaigns": [{"text": "计量惠民", "name": "计量惠民", "kind": "活动"}],
              "organizations": [], "locations": [], "reporters": []}
    return {"id": "x<1>", "source": "in/<a>.txt", "line": None, "published": "2023-09-09",
            "text": HOSTILE, "spans": spans,
            "sections": [{"start": 0, "end": len(HOSTILE), "province": "河南省"}],
            "records": [record]}


class PageParser(HTMLParser):
    """Collects marks (label, text), scripts, section texts and all text data."""

    def __init__(self):
        super().__init__()
        self.marks: list[tuple[str, str]] = []
        self.tips: list[str] = []
        self.scripts = 0
        self.external: list[str] = []
        self.data: list[str] = []
        self.texts: list[str] = []
        self.bands: list[str] = []
        self.classes: list[str] = []
        self._stack: list[tuple[str, str]] = []
        self._mark: list[str] | None = None
        self._in_lbl = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = a.get("class") or ""
        self.classes.extend(cls.split())
        if tag == "script":
            self.scripts += 1
        if tag in ("link", "img", "iframe") or "src" in a or (
                "href" in a and not a["href"].startswith("#")):
            self.external.append(tag)
        if tag == "mark":
            self._mark = [a["data-label"], ""]
            self.tips.append(a.get("data-tip", ""))
        if tag == "span" and "lbl" in cls.split():
            self._in_lbl = True
        if tag == "div" and cls == "text":
            self.texts.append("")
        if tag == "div" and cls.startswith("band"):
            self.bands.append("")
        self._stack.append((tag, cls))

    def handle_endtag(self, tag):
        while self._stack:
            t, cls = self._stack.pop()
            if t == tag:
                break
        if tag == "mark" and self._mark is not None:
            self.marks.append((self._mark[0], self._mark[1]))
            self._mark = None
        if tag == "span":
            self._in_lbl = False

    def handle_data(self, data):
        self.data.append(data)
        inside = [c for _, c in self._stack]
        if self._mark is not None and not self._in_lbl:
            self._mark[1] += data
        if "text" in inside and not self._in_lbl:
            self.texts[-1] += data
        if any(c.startswith("band") for c in inside):
            self.bands[-1] += data


def parse(page: str) -> PageParser:
    p = PageParser()
    p.feed(page)
    p.close()
    return p


# ---------------------------------------------------------------- show page, no browser


def test_html_render_documents_marks_every_span():
    doc = hostile_doc()
    p = parse(render_documents([doc]))
    assert p.marks == [(s["label"], s["text"]) for s in doc["spans"]]


def test_html_render_documents_shows_every_character_once():
    doc = hostile_doc()
    p = parse(render_documents([doc]))
    assert "".join(p.texts) == HOSTILE


def test_html_render_documents_escapes_input():
    doc = hostile_doc()
    failures = [{"source": "bad.jsonl", "line": 3, "id": None, "reason": "malformed <JSON>"}]
    page = render_documents([doc], failures, title="t<itle>")
    p = parse(page)
    assert p.scripts == 1  # only the page's own legend script
    assert "<script>alert" not in page and "<b>粗</b>" not in page
    text = "".join(p.data)
    assert "<script>alert('x')</script>&amp; <b>粗</b>" in text.replace("ORG", "")
    assert "malformed <JSON>" in text and "周<i>民" in text and "t<itle>" in text
    assert "x<1>" in text and "in/<a>.txt" in text


def test_html_render_documents_tooltips_carry_values_and_provenance():
    p = parse(render_documents([hostile_doc()]))
    date_tip, agency_tip = p.tips[0], p.tips[1]
    assert "value: 2023-09-08" in date_tip and "source: rule (test)" in date_tip
    assert "name: 河南省市场监督管理局" in agency_tip


def test_html_render_documents_marks_model_predictions():
    doc = hostile_doc()
    doc["spans"][0]["source"] = "model"
    page = render_documents([doc])
    assert page.count('class="ent model"') == 1
    assert "source: model" in parse(page).tips[0]


def test_html_render_documents_sections_and_records():
    p = parse(render_documents([hostile_doc()]))
    assert len(p.bands) == 1 and "河南省" in p.bands[0]
    text = "".join(p.data)
    for expected in ("record", "410000", "2023-09-08", "河南省副省长", "河南省市场监督管理局",
                     "3 个", "计量惠民"):
        assert expected in text
    assert "record" in p.classes


def test_html_render_documents_lists_failures_and_handles_no_document():
    failures = [{"source": "a.jsonl", "line": 2, "id": "d2",
                 "reason": "missing or non-string 'text'"}]
    p = parse(render_documents([], failures))
    text = "".join(p.data)
    assert "missing or non-string 'text'" in text and "a.jsonl" in text
    assert "No document to show." in text


def test_html_render_documents_is_self_contained():
    p = parse(render_documents([hostile_doc()]))
    assert p.external == []


# fmt: off
SECTION_CASES = [
    # (sections, expected band count, expected provinces shown in bands)
    ([], 1, []),
    ([{"start": 0, "end": 10, "province": "河南省"}], 2, ["河南省"]),
    ([{"start": 0, "end": 10, "province": "河南省"}, {"start": 10, "end": 1000, "province": None}],
     2, ["河南省"]),
]
# fmt: on


@pytest.mark.parametrize("sections,n_bands,provinces", SECTION_CASES)
def test_html_render_documents_covers_gaps_between_sections(sections, n_bands, provinces):
    doc = hostile_doc()
    doc["sections"] = sections
    p = parse(render_documents([doc]))
    assert len(p.bands) == n_bands
    assert "".join(p.texts) == HOSTILE
    for prov in provinces:
        assert any(prov in b for b in p.bands)


# ---------------------------------------------------------- evaluation page, no browser

EVAL_TEXT = ("9月5日上午，山东省市场监管局在济南召开“标准化宣传周”启动会，副省长李明华出席。"
             "<script>x</script>（记者 王小川）")


def eval_pair() -> tuple[list[dict], list[dict]]:
    """Gold and a prediction with one error of every kind."""
    t = EVAL_TEXT
    gold_spans = [span(t, "9月5日上午", "DATE", value="2023-09-05TMO"),
                  span(t, "山东省市场监管局", "AGENCY"), span(t, "济南", "GPE"),
                  span(t, "标准化宣传周", "CAMPAIGN"), span(t, "副省长", "TITLE"),
                  span(t, "李明华", "PERSON"), span(t, "王小川", "PERSON")]
    pred_spans = [span(t, "9月5日上午", "DATE", value="2023-09-05"),  # wrong value
                  span(t, "市场监管局", "AGENCY"),  # boundary
                  span(t, "标准化宣传周", "CAMPAIGN"), span(t, "副省长", "TITLE"),
                  span(t, "李明华", "PERSON"), span(t, "王小川", "ORG"),  # wrong label
                  span(t, "启动会", "CAMPAIGN")]  # spurious; 济南 missed
    gold = [{"id": "e<1>", "text": t, "spans": gold_spans,
             "sections": [{"start": 0, "end": len(t), "province": "山东省"}],
             "officials": [{"name": "李明华", "titles": ["山东省副省长"]}]}]
    pred = [{"id": "e<1>", "text": t, "spans": pred_spans,
             "sections": [{"start": 0, "end": len(t), "province": "河南省"}],
             "officials": [{"name": "李明华", "titles": ["副省长"]}]}]
    return gold, pred


def test_html_render_evaluation_groups_every_error_with_highlights():
    gold, pred = eval_pair()
    result = evaluate(gold, pred)
    page = render_evaluation(result, gold)
    p = parse(page)
    kinds = {(e["label"], e["kind"]) for e in result["errors"]}
    assert {("GPE", "missed"), ("CAMPAIGN", "spurious"), ("AGENCY", "boundary"),
            ("PERSON", "wrong_label"), ("DATE", "wrong_value"), ("SECTION", "wrong_value"),
            ("OFFICIAL", "missed"), ("OFFICIAL", "spurious")} <= kinds
    assert page.count('class="err"') == len(result["errors"])
    assert page.count('class="errgroup"') == len(kinds)
    assert '<span class="g">济南</span>' in page
    assert '<span class="p">启动会</span>' in page
    assert '<span class="gp">市场监管局</span>' in page and '<span class="g">山东省</span>' in page
    assert p.scripts == 0 and "<script>x" not in page
    assert "<script>x</script>" in "".join(p.data)
    assert p.external == []


def test_html_render_evaluation_draws_a_bar_per_score():
    gold, pred = eval_pair()
    result = evaluate(gold, pred)
    page = render_evaluation(result, gold)
    # 6 bars per label row and for micro, 5 for values, sections and officials.
    assert page.count('class="track"') == 6 * (len(LABELS) + 1) + 5
    strict_date = result["labels"]["DATE"]["strict"]["f"]
    assert f"{strict_date:.3f}" in page


def test_html_render_evaluation_without_gold_texts_uses_short_context():
    gold, pred = eval_pair()
    result = evaluate(gold, pred)
    page = render_evaluation(result, [])
    assert "[济南]" in "".join(parse(page).data)


# fmt: off
HIGHLIGHT_CASES = [
    ("前文。甲乙丙丁。后文", (4, 5), None, '<span class="g">乙</span>', "前文"),
    ("前文。甲乙丙丁。后文", None, (5, 7), '<span class="p">丙丁</span>', "后文"),
    ("甲乙丙丁", (0, 3), (1, 4), '<span class="gp">乙丙</span>', "。"),
    ("a<b>c", (1, 4), None, '<span class="g">&lt;b&gt;</span>', "<b>"),
]
# fmt: on


@pytest.mark.parametrize("text,gold,pred,expected,absent", HIGHLIGHT_CASES)
def test_html_highlight_sentence_window(text, gold, pred, expected, absent):
    out = highlight(text, gold, pred)
    assert expected in out
    assert absent not in out


# ------------------------------------------------------------------- the CLI commands


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    """``govbrief show`` on test briefs and ``govbrief evaluate --html`` on a test pair."""
    d = tmp_path_factory.mktemp("pages")
    (d / "in").mkdir()
    (d / "in" / "roundup.txt").write_text(ROUNDUP, encoding="utf-8")
    lines = [json.dumps({"id": "h1", "text": HOSTILE, "published": "2023-09-09"},
                        ensure_ascii=False), "{not json"]
    (d / "in" / "more.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    show = d / "show.html"
    status = main(["show", str(d / "in"), "-o", str(show), "--no-model", "-q"])
    assert status == 1  # one malformed line
    gold, pred = eval_pair()
    for name, docs in (("gold", gold), ("pred", pred)):
        with open(d / f"{name}.jsonl", "w", encoding="utf-8") as fh:
            for doc in docs:
                fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
    report = d / "report.html"
    status = main(["evaluate", str(d / "gold.jsonl"), str(d / "pred.jsonl"),
                   "--html", str(report), "--json"])
    assert status == 0
    return {"show": show, "evaluate": report}


def test_html_cli_show_writes_the_page(pages):
    page = pages["show"].read_text(encoding="utf-8")
    p = parse(page)
    labels = {lab for lab, _ in p.marks}
    assert {"DATE", "AGENCY", "GPE", "CAMPAIGN", "PERSON", "COUNT"} <= labels
    assert ("AGENCY", "湖南省市场监管局") in p.marks and ("PERSON", "黄海") in p.marks
    bands = " ".join(p.bands)
    assert "湖南省" in bands and "广西壮族自治区" in bands and "李明" in bands
    text = "".join(p.data)
    assert "malformed JSON" in text  # the failure is listed with its reason
    assert p.scripts == 1 and "<script>alert('x')</script>" in text
    assert ROUNDUP in "".join(p.texts).replace("…", "")


def test_html_cli_show_limit(tmp_path):
    (tmp_path / "a.txt").write_text("9月1日，山西省市场监管局召开会议。", encoding="utf-8")
    (tmp_path / "b.txt").write_text("9月2日，吉林省市场监管局召开会议。", encoding="utf-8")
    out = tmp_path / "p.html"
    assert main(["show", str(tmp_path), "-o", str(out), "--no-model", "-q", "--limit", "1"]) == 0
    page = out.read_text(encoding="utf-8")
    assert "山西省市场监管局" in page and "吉林省市场监管局" not in page


def test_html_cli_evaluate_keeps_text_output(pages, tmp_path, capsys):
    d = pages["evaluate"].parent
    assert main(["evaluate", str(d / "gold.jsonl"), str(d / "pred.jsonl"), "--errors",
                 "--html", str(tmp_path / "r.html")]) == 0
    out = capsys.readouterr().out
    assert "micro" in out and "== " in out
    assert "section province accuracy" in (tmp_path / "r.html").read_text(encoding="utf-8")


# --------------------------------------------------------------- headless chromium

CHROMIUM = next((p for p in (shutil.which("chromium"), shutil.which("chromium-browser"),
                             "/usr/bin/chromium") if p and os.path.exists(p)), None)
needs_browser = pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium not installed (run `make browser`, i.e. scripts/install_browser.sh)")


def screenshot(page: Path, png: Path, profile: Path) -> list[str]:
    """Open ``page`` in headless chromium, save a screenshot; return console lines.

    The window is 1280×2000 CSS pixels at device scale 0.5, so the PNG (640×1000) stays
    quick to decode in pure Python.
    """
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
           "--no-first-run", "--enable-logging=stderr", "--v=0",
           f"--user-data-dir={profile}", "--force-device-scale-factor=0.5",
           "--window-size=1280,2000", f"--screenshot={png}", page.resolve().as_uri()]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180,
                          stdin=subprocess.DEVNULL)
    assert png.exists(), f"chromium wrote no screenshot: {proc.stderr[-2000:]}"
    return [line for line in proc.stderr.splitlines() if ":CONSOLE" in line]


def decode_png(data: bytes) -> tuple[int, int, set[bytes], float]:
    """Width, height, distinct RGB colours and the share of non-white pixels of a PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, []
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + n]
        pos += 12 + n
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
    assert depth == 8 and ctype in (2, 6) and interlace == 0
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = w * bpp
    prev = bytearray(stride)
    colours: set[bytes] = set()
    non_white = 0
    for y in range(h):
        off = y * (stride + 1)
        ftype, cur = raw[off], bytearray(raw[off + 1 : off + 1 + stride])
        if ftype == 1:
            for i in range(bpp, stride):
                cur[i] = (cur[i] + cur[i - bpp]) & 255
        elif ftype == 2:
            cur = bytearray((a + b) & 255 for a, b in zip(cur, prev, strict=True))
        elif ftype == 3:
            for i in range(stride):
                left = cur[i - bpp] if i >= bpp else 0
                cur[i] = (cur[i] + ((left + prev[i]) >> 1)) & 255
        elif ftype == 4:
            for i in range(stride):
                a = cur[i - bpp] if i >= bpp else 0
                b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                cur[i] = (cur[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        pixels = {bytes(cur[i : i + 3]) for i in range(0, stride, bpp)}
        colours |= pixels
        non_white += sum(1 for i in range(0, stride, bpp * 8) if cur[i : i + 3] != b"\xff\xff\xff")
        prev = cur
    return w, h, colours, non_white / (h * ((w + 7) // 8))


def rgb(hex_colour: str) -> bytes:
    return bytes.fromhex(hex_colour.lstrip("#"))


# fmt: off
PAGE_COLOURS = {
    "show": [LABEL_COLOURS[lab] for lab in LABELS],
    "evaluate": ["#d3f9d8", "#ffe3e3", "#4a90d9", "#2fb380", "#1d3f66"],
}
# fmt: on


@needs_browser
@pytest.mark.parametrize("name", ["show", "evaluate"])
def test_html_page_renders_in_headless_chromium(pages, tmp_path, name):
    png = tmp_path / f"{name}.png"
    console = screenshot(pages[name], png, tmp_path / "profile")
    assert console == [], "the page logged on the console:\n" + "\n".join(console)
    w, h, colours, inked = decode_png(png.read_bytes())
    assert (w, h) == (640, 1000)
    assert len(colours) > 150, "the screenshot looks blank"
    assert inked > 0.2
    missing = [c for c in PAGE_COLOURS[name] if rgb(c) not in colours]
    assert not missing, f"colours not painted: {missing}"


@needs_browser
def test_html_console_check_catches_script_errors(tmp_path):
    page = tmp_path / "bad.html"
    page.write_text("<!DOCTYPE html><p>x</p><script>notDefined();</script>", encoding="utf-8")
    console = screenshot(page, tmp_path / "bad.png", tmp_path / "profile")
    assert any("notDefined" in line for line in console)

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from govbrief.cli import main
from govbrief.convert import (
    ConvertError,
    Stats,
    from_doccano,
    from_labelstudio,
    labeling_config,
    read_docbin,
    read_doccano,
    read_labelstudio,
    strip_provenance,
    to_docbin,
    to_doccano,
    to_labelstudio,
    write_target,
)
from govbrief.convert.docbin import tokenizer_nlp

VALIDATOR = Path(__file__).resolve().parents[2] / "shared" / "tools" / "validate_gold.py"

# Sentences written for these tests (not corpus text).
BRIEFS = [
    {"id": "b1", "published": "2023-09-05",
     "text": "9月3日上午,江西省市场监管局在南昌启动“质量月”活动,副省长王明出席,"
             "全省共有120余家企业参加。"},
    {"id": "b2", "published": None,
     "text": "近日，廣東省市場監管局召開會議，局長李華出席並講話，30個部門參加。"},
    {"id": "b3", "published": "2024-03-01",
     "text": "今年以来,浙江省市场监管局开展“铁拳”行动,查处案件45件。\n(记者 张勇)"},
]


@pytest.fixture(scope="module")
def gold_docs(extractor):
    """Documents the project writes (govbrief annotate), as gold."""
    return [strip_provenance(extractor.annotate(b["text"], b["published"], b["id"]))
            for b in BRIEFS]


@pytest.fixture
def gold_file(tmp_path, gold_docs):
    path = tmp_path / "gold.jsonl"
    write_target("gold", gold_docs, path)
    return path


def spans_of(docs):
    return {d["id"]: sorted((s["start"], s["end"], s["label"], json.dumps(
        {k: v for k, v in s.items() if k not in ("start", "end", "label")}, sort_keys=True))
        for s in d["spans"]) for d in docs}


def validate(path):
    if not VALIDATOR.is_file():
        pytest.skip("../shared/tools/validate_gold.py not found")
    proc = subprocess.run([sys.executable, str(VALIDATOR), str(path)], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout


def test_convert_fixture_has_values(gold_docs):
    labels = {s["label"] for d in gold_docs for s in d["spans"]}
    assert {"DATE", "COUNT", "AGENCY"} <= labels
    assert any(s["label"] == "COUNT" and "unit" in s for d in gold_docs for s in d["spans"])


@pytest.mark.parametrize("entities", [False, True])
def test_convert_doccano_roundtrip_identical(tmp_path, gold_file, gold_docs, entities):
    dpath, back = tmp_path / "doccano.jsonl", tmp_path / "back.jsonl"
    assert main(["convert", "--to", "doccano", "--from", "gold", str(gold_file), "-o",
                 str(dpath), "-q"] + (["--entities"] if entities else [])) == 0
    first = json.loads(dpath.read_text(encoding="utf-8").splitlines()[0])
    assert ("entities" in first) == entities and ("label" in first) != entities
    assert main(["convert", "--from", "doccano", str(dpath), "-o", str(back), "-q"]) == 0
    docs = [json.loads(x) for x in back.read_text(encoding="utf-8").splitlines()]
    assert spans_of(docs) == spans_of(gold_docs)
    for d, g in zip(docs, gold_docs, strict=True):
        assert (d["id"], d["text"], d["published"], d["script"]) == (
            g["id"], g["text"], g["published"], g["script"])
        assert d["sections"] == g["sections"] and d["officials"] == g["officials"]
    validate(back)


@pytest.mark.parametrize("as_annotations", [False, True])
def test_convert_labelstudio_roundtrip_identical(tmp_path, gold_file, gold_docs,
                                                  as_annotations):
    lpath, back = tmp_path / "tasks.json", tmp_path / "back.jsonl"
    args = ["convert", "--to", "labelstudio", "--from", "gold", str(gold_file), "-o",
            str(lpath), "-q"]
    assert main(args + (["--as-annotations"] if as_annotations else [])) == 0
    assert (tmp_path / "tasks.config.xml").is_file()
    imp = ["convert", "--from", "labelstudio", str(lpath), "-o", str(back), "-q"]
    assert main(imp + ([] if as_annotations else ["--predictions"])) == 0
    docs = [json.loads(x) for x in back.read_text(encoding="utf-8").splitlines()]
    assert spans_of(docs) == spans_of(gold_docs)
    validate(back)


def test_convert_labelstudio_predictions_shape(gold_docs):
    task = to_labelstudio(gold_docs[0])
    pred = task["predictions"][0]
    assert pred["model_version"].startswith("govbrief ")
    assert 0 <= pred["score"] <= 1
    regions = [r for r in pred["result"] if r["type"] == "labels"]
    assert len(regions) == len(gold_docs[0]["spans"])
    text = task["data"]["text"]
    for r in regions:
        assert text[r["value"]["start"]:r["value"]["end"]] == r["value"]["text"]
        assert 0 <= r["score"] <= 1
    date = next(r for r in pred["result"] if r["type"] == "textarea")
    assert any(line.startswith("value=") for line in date["value"]["text"])


def test_convert_labeling_config_matches_tasks(gold_docs):
    root = ET.fromstring(labeling_config())
    labels = root.find("Labels")
    assert {x.get("value") for x in labels.findall("Label")} == {
        "DATE", "PERSON", "TITLE", "AGENCY", "ORG", "GPE", "COUNT", "CAMPAIGN"}
    region = to_labelstudio(gold_docs[0])["predictions"][0]["result"][0]
    assert region["from_name"] == labels.get("name")
    assert region["to_name"] == root.find("Text").get("name")
    area = root.find(".//TextArea")
    assert area.get("perRegion") == "true" and area.get("name") == "attrs"


def test_convert_print_config_without_inputs(capsys):
    assert main(["convert", "--to", "labelstudio", "--print-config"]) == 0
    ET.fromstring(capsys.readouterr().out)


def test_convert_docbin_roundtrip_entities(tmp_path, gold_docs):
    stats = Stats()
    nlp = tokenizer_nlp()
    db = to_docbin(gold_docs, nlp, stats=stats)
    path = tmp_path / "train.spacy"
    db.to_disk(path)
    from spacy.tokens import DocBin

    loaded = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    assert len(loaded) == len(gold_docs)
    for doc, gold in zip(loaded, gold_docs, strict=True):
        assert [(e.label_) for e in doc.ents] == [s["label"] for s in gold["spans"]]
        assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == [
            (s.start_char, s.end_char, s.label_) for s in doc.spans["govbrief"]]
        assert doc.user_data["govbrief"]["id"] == gold["id"]
    # The traditional-script document holds its normalised text; offsets map back exactly.
    assert loaded[1].text != gold_docs[1]["text"]
    back = list(read_docbin(path))
    if stats.adjusted == 0 and stats.dropped == 0:
        assert spans_of(back) == spans_of(gold_docs)


def test_convert_docbin_snaps_spans_to_tokens():
    # jieba keeps 发展改革委等 / 委等 together; a span ending inside a token is widened.
    gold = {"id": "x", "text": "省发展改革委等部门参加", "spans": [
        {"start": 0, "end": 6, "label": "AGENCY"}]}
    nlp = tokenizer_nlp()
    probe = nlp.make_doc(gold["text"])
    if probe.char_span(0, 6) is not None:
        pytest.skip("the segmenter already cuts after 委 here")
    stats = Stats()
    doc = next(iter(to_docbin([gold], nlp, stats=stats).get_docs(nlp.vocab)))
    assert stats.adjusted == 1
    assert doc.ents[0].start_char == 0 and doc.ents[0].end_char > 6
    stats = Stats()
    doc = next(iter(to_docbin([gold], nlp, stats=stats, snap="split").get_docs(nlp.vocab)))
    assert stats.adjusted == 0 and doc.ents[0].text == "省发展改革委"


def test_convert_docbin_cli_reports_adjusted(tmp_path, capsys):
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps({"id": "x", "text": "省发展改革委等部门参加", "spans": [
        {"start": 0, "end": 6, "label": "AGENCY"}]}, ensure_ascii=False) + "\n",
        encoding="utf-8")
    assert main(["convert", "--to", "docbin", "--from", "gold", str(gold), "-o",
                 str(tmp_path / "o.spacy")]) == 0
    err = capsys.readouterr().err
    assert "1 documents, 1 spans" in err
    assert (tmp_path / "o.spacy").stat().st_size > 0


def test_convert_pipeline_preannotations_import_back(tmp_path, capsys):
    src = tmp_path / "briefs.jsonl"
    src.write_text("".join(json.dumps(b, ensure_ascii=False) + "\n" for b in BRIEFS),
                   encoding="utf-8")
    ann, tasks, dpath = tmp_path / "ann.jsonl", tmp_path / "t.json", tmp_path / "d.jsonl"
    assert main(["annotate", str(src), "-o", str(ann), "--no-model", "-q"]) == 0
    assert main(["convert", "--to", "labelstudio", str(src), "-o", str(tasks), "--no-model",
                 "-q"]) == 0
    assert main(["convert", "--to", "doccano", str(src), "-o", str(dpath), "--no-model",
                 "-q"]) == 0
    expected = [strip_provenance(json.loads(x))
                for x in ann.read_text(encoding="utf-8").splitlines()]
    from_ls = list(read_labelstudio(tasks, predictions=True))
    from_dc = list(read_doccano(dpath))
    assert spans_of(from_ls) == spans_of(expected) == spans_of(from_dc)
    task = json.loads(tasks.read_text(encoding="utf-8"))[0]
    assert task["predictions"][0]["model_version"].startswith("govbrief")


@pytest.mark.parametrize("obj, spans", [
    ({"id": 7, "text": "浙江和江苏", "label": [[0, 2, "GPE"], [3, 5, "GPE"]]},
     [(0, 2, "GPE"), (3, 5, "GPE")]),
    ({"text": "浙江和江苏", "labels": [[3, 5, "GPE"]]}, [(3, 5, "GPE")]),
    ({"id": 9, "text": "浙江和江苏", "entities": [
        {"id": 1, "label": "GPE", "start_offset": 0, "end_offset": 2}], "relations": []},
     [(0, 2, "GPE")]),
    ({"text": "浙江和江苏", "label": []}, []),
])
def test_convert_doccano_variants(obj, spans):
    doc = from_doccano(obj, "f.jsonl:3", line=3)
    assert [(s["start"], s["end"], s["label"]) for s in doc["spans"]] == spans
    assert doc["id"] == str(obj.get("id", 3))
    assert doc["script"] == "simplified"


def test_convert_doccano_meta_published():
    doc = from_doccano({"id": 1, "text": "昨日开会", "label": [[0, 2, "DATE"]],
                        "published": "2023-01-02", "gb_attrs": {"0:2:DATE": {
                            "value": "2023-01-01"}}}, "f:1")
    assert doc["published"] == "2023-01-02"
    assert doc["spans"] == [{"start": 0, "end": 2, "label": "DATE", "value": "2023-01-01"}]


def test_convert_unknown_label_names_file_and_line(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text('{"text": "浙江"}\n{"text": "浙江", "label": [[0, 2, "LOC"]]}\n',
                    encoding="utf-8")
    with pytest.raises(ConvertError, match=r"x\.jsonl:2 .*unknown label 'LOC'.*--label-map"):
        list(read_doccano(path))
    docs = list(read_doccano(path, label_map={"LOC": "GPE"}))
    assert docs[1]["spans"][0]["label"] == "GPE"


def test_convert_cli_unknown_label_exit_1_and_label_map(tmp_path, capsys):
    path = tmp_path / "x.jsonl"
    path.write_text('{"text": "浙江", "label": [[0, 2, "LOC"]]}\n', encoding="utf-8")
    out = tmp_path / "g.jsonl"
    assert main(["convert", "--from", "doccano", str(path), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "x.jsonl:1" in err and "'LOC'" in err and "Traceback" not in err
    assert not out.exists()
    assert main(["convert", "--from", "doccano", str(path), "-o", str(out),
                 "--label-map", "LOC=GPE", "-q"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["spans"][0]["label"] == "GPE"


@pytest.mark.parametrize("argv", [
    ["convert", "x.jsonl", "-o", "y"],
    ["convert", "--from", "doccano", "-o", "y"],
    ["convert", "--from", "doccano", "missing.jsonl", "-o", "y"],
    ["convert", "--from", "doccano", "x.jsonl"],
    ["convert", "--from", "doccano", "x", "-o", "y", "--label-map", "LOC"],
    ["convert", "--from", "doccano", "x", "-o", "y", "--label-map", "LOC=PLACE"],
])
def test_convert_cli_usage_errors_exit_2(argv, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x").write_text("", encoding="utf-8")
    (tmp_path / "x.jsonl").write_text("", encoding="utf-8")
    assert main(argv) == 2


def ls_task(text, results, **extra):
    return {"id": 5, "data": {"text": text}, "annotations": [
        {"id": 1, "was_cancelled": False, "result": results}], **extra}


def region(start, end, text, label, rid="r1"):
    return {"id": rid, "from_name": "label", "to_name": "text", "type": "labels",
            "value": {"start": start, "end": end, "text": text, "labels": [label]}}


def test_convert_labelstudio_offset_mismatch_names_task_and_span():
    task = ls_task("浙江和江苏", [region(0, 2, "江苏", "GPE")])
    with pytest.raises(ConvertError, match=r"ls\.json task 5 span 0-2 GPE.*'江苏'.*'浙江'"):
        from_labelstudio(task, "ls.json task 5")


def test_convert_labelstudio_utf16_offsets():
    text = "𠀀浙江和江苏"  # a character outside the BMP counts 2 in Label Studio
    doc = from_labelstudio(ls_task(text, [region(2, 4, "浙江", "GPE")]), "t")
    assert [(s["start"], s["end"]) for s in doc["spans"]] == [(1, 3)]


def test_convert_labelstudio_latest_non_cancelled_annotation():
    text = "浙江和江苏"
    task = {"id": 1, "data": {"text": text}, "annotations": [
        {"id": 1, "updated_at": "2024-01-01T00:00:00Z", "result": [region(0, 2, "浙江", "GPE")]},
        {"id": 2, "updated_at": "2024-02-01T00:00:00Z", "result": [region(3, 5, "江苏", "GPE")]},
        {"id": 3, "updated_at": "2024-03-01T00:00:00Z", "was_cancelled": True,
         "result": [region(0, 5, text, "GPE")]},
    ]}
    doc = from_labelstudio(task, "t")
    assert [(s["start"], s["end"]) for s in doc["spans"]] == [(3, 5)]
    assert doc["id"] == "1"


def test_convert_labelstudio_predictions_only_when_asked():
    task = {"id": 2, "data": {"text": "浙江"}, "predictions": [
        {"model_version": "m", "result": [region(0, 2, "浙江", "GPE")]}]}
    stats = Stats()
    assert from_labelstudio(task, "t", stats=stats) is None and stats.skipped == 1
    doc = from_labelstudio(task, "t", predictions=True)
    assert doc["spans"] == [{"start": 0, "end": 2, "label": "GPE"}]


def test_convert_labelstudio_attrs_textarea():
    text = "共有18个部门"
    results = [region(2, 5, "18个", "COUNT"),
               {"id": "r1", "from_name": "attrs", "to_name": "text", "type": "textarea",
                "value": {"start": 2, "end": 5, "text": ["value=18\nunit=个", "object=部门"]}}]
    doc = from_labelstudio(ls_task(text, results), "t")
    assert doc["spans"] == [{"start": 2, "end": 5, "label": "COUNT", "value": 18, "unit": "个",
                             "object": "部门"}]


def test_convert_overlapping_spans_rejected():
    with pytest.raises(ConvertError, match="overlaps"):
        from_doccano({"text": "安徽省市场监管局", "label": [[0, 8, "AGENCY"], [0, 3, "GPE"]]},
                     "f:1", line=1)


def test_convert_edge_whitespace_trimmed():
    stats = Stats()
    doc = from_doccano({"text": "会上 王明 讲话", "label": [[2, 6, "PERSON"]]}, "f:1",
                       line=1, stats=stats)
    assert doc["spans"] == [{"start": 3, "end": 5, "label": "PERSON"}]
    assert stats.trimmed == 1


def test_convert_missing_values_reported_and_filled(tmp_path, capsys):
    path = tmp_path / "d.jsonl"
    text = "2023年9月1日,江西省召开会议。"
    path.write_text(json.dumps({"id": 1, "text": text, "label": [[0, 9, "DATE"]],
                                "published": "2023-09-05"}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    out = tmp_path / "g.jsonl"
    assert main(["convert", "--from", "doccano", str(path), "-o", str(out)]) == 0
    assert "has no value" in capsys.readouterr().err
    assert main(["convert", "--from", "doccano", str(path), "-o", str(out), "--fill-values",
                 "--no-model"]) == 0
    assert "1 values filled" in capsys.readouterr().err
    span = json.loads(out.read_text(encoding="utf-8"))["spans"][0]
    assert span["value"] == "2023-09-01"
    validate(out)


def test_convert_roundtrip_via_python_api(gold_docs):
    for gold in gold_docs:
        assert from_doccano(to_doccano(gold), "x")["spans"] == gold["spans"]
        back = from_labelstudio(to_labelstudio(gold), "x", predictions=True)
        assert back["spans"] == gold["spans"]

import json

import pytest

from govbrief.errors import GoldFormatError
from govbrief.evaluate import evaluate, group_errors, read_gold

TEXT = "9月2日,安徽省市场监管局启动“质量月”活动,21个部门参加。"


def doc(spans, sections=None, officials=None):
    return {"id": "d1", "text": TEXT, "spans": spans,
            "sections": sections or [{"start": 0, "end": len(TEXT), "province": "安徽省"}],
            "officials": officials or []}


GOLD = doc([
    {"start": 0, "end": 4, "label": "DATE", "value": "2022-09-02"},
    {"start": 5, "end": 13, "label": "AGENCY"},
    {"start": 16, "end": 19, "label": "CAMPAIGN"},
    {"start": 23, "end": 26, "label": "COUNT", "value": 21, "unit": "个"},
], officials=[{"name": "张三", "titles": ["安徽省市场监管局局长"]}])


def test_evaluate_perfect_prediction():
    res = evaluate([GOLD], [GOLD])
    assert res["micro"]["strict"]["f"] == 1.0
    assert res["values"]["DATE"]["acc"] == 1.0
    assert res["sections"]["acc"] == 1.0
    assert res["officials"]["name_title"]["f"] == 1.0
    assert res["errors"] == []


def test_evaluate_error_kinds():
    pred = doc([
        {"start": 0, "end": 4, "label": "DATE", "value": "XXXX-09-02"},  # wrong value
        {"start": 5, "end": 8, "label": "AGENCY"},  # boundary
        {"start": 16, "end": 19, "label": "ORG"},  # wrong label
        {"start": 30, "end": 32, "label": "PERSON"},  # spurious
    ], sections=[{"start": 0, "end": len(TEXT), "province": "安徽省"}])
    res = evaluate([GOLD], [pred])
    kinds = {(e["label"], e["kind"]) for e in res["errors"]}
    assert ("DATE", "wrong_value") in kinds
    assert ("AGENCY", "boundary") in kinds
    assert ("CAMPAIGN", "wrong_label") in kinds
    assert ("PERSON", "spurious") in kinds
    assert ("COUNT", "missed") in kinds
    assert ("OFFICIAL", "missed") in kinds
    assert res["labels"]["AGENCY"]["partial"]["tp"] == 1
    assert res["labels"]["AGENCY"]["strict"]["tp"] == 0
    assert res["values"]["DATE"]["acc"] == 0.0
    assert list(group_errors(res["errors"]))  # grouped, largest first


def test_evaluate_section_province_accuracy():
    pred = doc([], sections=[{"start": 0, "end": len(TEXT), "province": "福建省"}])
    assert evaluate([GOLD], [pred])["sections"]["acc"] == 0.0


def test_evaluate_missing_prediction_is_an_error():
    with pytest.raises(GoldFormatError, match="no prediction"):
        evaluate([GOLD], [])


def test_evaluate_gold_reader_names_file_and_line(tmp_path):
    path = tmp_path / "g.jsonl"
    path.write_text(json.dumps(GOLD, ensure_ascii=False) + "\n{broken\n", encoding="utf-8")
    with pytest.raises(GoldFormatError, match=r"g\.jsonl:2"):
        read_gold(path)

import doctest

import govbrief.api


def test_api_docstring_examples_run():
    result = doctest.testmod(govbrief.api)
    assert result.attempted > 0 and result.failed == 0


def test_api_extract_and_annotate_agree(extractor):
    text = "近日,福建省市場監管局聯合省發改委等21個部門啟動“質量月”活動。(張明 李華)\n"
    records = extractor.extract(text, published="2022-09-06", doc_id="x")
    gold = extractor.annotate(text, published="2022-09-06", doc_id="x")
    assert [r["province"] for r in records] == ["福建省"]
    assert records[0]["reporters"] == ["张明", "李华"]
    assert records[0]["agencies"][0]["name"] == "福建省市场监督管理局"
    for span in gold["spans"]:
        assert gold["text"][span["start"] : span["end"]] == span["text"]
        assert span["source"] in ("rule", "model")


def test_api_pipe_streams_in_order(extractor):
    items = [{"id": f"d{i}", "text": f"{i + 1}月3日,合肥启动活动。"} for i in range(5)]
    out = list(extractor.pipe(items, output="annotate"))
    assert [d["id"] for d in out] == [f"d{i}" for i in range(5)]


def test_api_rules_only_extractor_has_no_model():
    from govbrief import Extractor

    assert "govbrief_ner" not in Extractor(model=False).nlp.pipe_names

import importlib.metadata
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

from govbrief.spacy_integration import (
    PipelineOrderError,
    build_spacy_nlp,
    pipeline_problems,
)

ROOT = Path(__file__).resolve().parents[1]
MODEL_DIR = ROOT / "models" / "govbrief"

# Raw text as briefs arrive: traditional script, full-width punctuation, pinyin debris.
RAW = "9月3日上午，廣東省市場監管局在廣州啟動“質量月”活動，監(jiān)管部門共18個參加。"

ENTRY_POINTS = {
    "spacy_factories": {"govbrief_init": "govbrief.spacy_integration:make_init"},
    "spacy_tokenizers": {
        "govbrief.NormalizingTokenizer.v1":
            "govbrief.spacy_integration:create_normalizing_tokenizer",
        "govbrief.ChineseTokenizer.v1": "govbrief.segment:create_chinese_tokenizer",
    },
}

LOAD_SCRIPT = textwrap.dedent(f"""
    import sys, spacy
    nlp = spacy.load({str(MODEL_DIR)!r}, exclude=["govbrief_ner"])
    doc = nlp({RAW!r})
    print("|".join(f"{{e.label_}}:{{e.text}}" for e in doc.ents))
""")


def ents(doc):
    return [(e.label_, e.text) for e in doc.ents]


@pytest.fixture(scope="module")
def loaded():
    return spacy.load(MODEL_DIR)


def test_spacy_integration_load_raw_text(loaded):
    assert loaded.pipe_names[0] == "govbrief_init"
    assert "govbrief_ner" in loaded.pipe_names
    doc = loaded(RAW)
    assert doc.text == "9月3日上午,广东省市场监管局在广州启动“质量月”活动,监管部门共18个参加。"
    found = ents(doc)
    assert ("AGENCY", "广东省市场监管局") in found
    assert ("CAMPAIGN", "质量月") in found
    assert ("COUNT", "18个") in found
    # doc._.gb_norm maps every entity back to the raw input.
    norm = doc._.gb_norm
    assert norm.original == RAW
    back = {RAW[slice(*norm.to_original(e.start_char, e.end_char))] for e in doc.ents}
    assert {"廣東省市場監管局", "質量月", "18個"} <= back
    assert list(doc.spans["govbrief"]) == list(doc.ents)


def test_spacy_integration_published_resolves_dates(loaded):
    doc = loaded.make_doc("今年9月1日,会议召开。")
    doc._.gb_meta["published"] = "2022-09-06"
    doc = loaded(doc)
    assert [(e.text, e._.value) for e in doc.ents if e.label_ == "DATE"] == [
        ("今年9月1日", "2022-09-01")]


def test_spacy_integration_pipe_many(loaded):
    docs = list(loaded.pipe(["近日,浙江省召开会议。", "2023年5月,江苏省启动活动。"]))
    assert all(d.ents for d in docs)


def test_spacy_integration_meta_and_no_weight_copy():
    import json

    meta = json.loads((MODEL_DIR / "meta.json").read_text(encoding="utf-8"))
    assert meta["name"] == "govbrief" and meta["lang"] == "zh"
    cfg = (MODEL_DIR / "config.cfg").read_text(encoding="utf-8")
    assert '@tokenizers = "govbrief.NormalizingTokenizer.v1"' in cfg
    size = sum(p.stat().st_size for p in MODEL_DIR.rglob("*") if p.is_file())
    assert size < 100_000  # the NER weights stay in models/govbrief_ner


def test_spacy_integration_tokenizer_normalises():
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {
        "@tokenizers": "govbrief.NormalizingTokenizer.v1"}}})
    doc = nlp("國家市場監督管理總局（ＳＡＭＲ）")
    assert doc.text == "国家市场监督管理总局(SAMR)"
    assert doc._.gb_norm.original == "國家市場監督管理總局（ＳＡＭＲ）"
    assert doc._.gb_meta["script"] == "traditional" and doc._.gb_candidates == []
    # Idempotent: normalised text (e.g. DocBin training data) tokenizes to itself.
    assert nlp(doc.text).text == doc.text


def test_spacy_integration_rule_components_in_blank_pipeline():
    nlp = spacy.blank("zh")
    for name in ("govbrief_dates", "govbrief_counts", "govbrief_places", "govbrief_merge"):
        nlp.add_pipe(name)
    doc = nlp("2023年9月1日,浙江省18个部门参加。")
    labels = {label for label, _ in ents(doc)}
    assert {"DATE", "COUNT", "GPE"} <= labels


def test_spacy_integration_single_rule_component_candidates():
    nlp = spacy.blank("zh")
    nlp.add_pipe("govbrief_dates")
    doc = nlp("2023年9月1日召开")
    assert [(c.label, c.start, c.end) for c in doc._.gb_candidates] == [("DATE", 0, 9)]


def test_spacy_integration_init_fills_extensions():
    nlp = spacy.blank("zh")
    nlp.add_pipe("govbrief_init")
    nlp.add_pipe("govbrief_dates")
    doc = nlp(Doc(nlp.vocab, words=["2023年", "5月", "开会"], spaces=[False, False, False]))
    assert doc._.gb_norm.text == doc.text and doc._.gb_meta["id"] is None
    assert doc._.gb_candidates


@pytest.mark.parametrize("names, fragment", [
    (["govbrief_init", "govbrief_dates", "govbrief_values"],
     "govbrief_values needs govbrief_merge"),
    (["govbrief_init", "govbrief_merge"], "no extractor before it"),
    (["govbrief_init", "govbrief_dates", "govbrief_merge", "govbrief_values",
      "govbrief_sections"], "govbrief_sections comes after it"),
    (["govbrief_init", "govbrief_merge", "govbrief_dates"], "govbrief_dates comes after"),
    (["govbrief_dates", "govbrief_init"], "must be the first"),
])
def test_spacy_integration_order_problems(names, fragment):
    problems = pipeline_problems(names)
    assert any(fragment in p for p in problems), problems


@pytest.mark.parametrize("names", [
    ["govbrief_dates"],
    ["govbrief_init", "govbrief_places", "govbrief_merge", "govbrief_sections",
     "govbrief_values"],
    ["tok2vec", "ner"],
])
def test_spacy_integration_order_ok(names):
    assert pipeline_problems(names) == []


def test_spacy_integration_misordered_pipeline_fails_clearly():
    nlp = spacy.blank("zh")
    for name in ("govbrief_init", "govbrief_dates", "govbrief_values"):
        nlp.add_pipe(name)
    with pytest.raises(PipelineOrderError, match="govbrief_values needs govbrief_merge"):
        nlp("2023年9月1日召开")


def test_spacy_integration_build_matches_saved_config():
    nlp = build_spacy_nlp(model=False)
    assert nlp.pipe_names[0] == "govbrief_init"
    assert nlp.pipe_names[-1] == "govbrief_values"
    assert not pipeline_problems(nlp.pipe_names)


def _run(script, env_extra=None, cwd=None):
    import os

    env = dict(os.environ)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=300, env=env, cwd=cwd)


def test_spacy_integration_load_without_import_via_entry_points(tmp_path):
    """The entry points we ask pyproject to declare make spacy.load work without importing
    govbrief: checked with a throw-away distribution declaring only them."""
    dist = tmp_path / "govbrief_spacy_ep-0.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: govbrief-spacy-ep\n"
                                   "Version: 0.0\n", encoding="utf-8")
    lines = []
    for group, items in ENTRY_POINTS.items():
        lines.append(f"[{group}]")
        lines += [f"{k} = {v}" for k, v in items.items()]
        lines.append("")
    (dist / "entry_points.txt").write_text("\n".join(lines), encoding="utf-8")
    import os

    path = os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")]))
    proc = _run(LOAD_SCRIPT, {"PYTHONPATH": path}, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "AGENCY:广东省市场监管局" in proc.stdout


def test_spacy_integration_load_without_import_installed(tmp_path):
    """Passes once pyproject declares the entry points and the package is reinstalled."""
    eps = importlib.metadata.entry_points(group="spacy_tokenizers")
    if "govbrief.NormalizingTokenizer.v1" not in {ep.name for ep in eps}:
        pytest.skip("entry point spacy_tokenizers/govbrief.NormalizingTokenizer.v1 is not "
                    "installed yet (add it to pyproject.toml and reinstall)")
    proc = _run(LOAD_SCRIPT, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "AGENCY:广东省市场监管局" in proc.stdout

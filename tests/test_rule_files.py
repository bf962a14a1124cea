"""Every shipped rule file validates, and every rule's examples are tests.

An example is ``{"text": "...", "spans": [surface | {"text": surface, attr: value ...}]}``;
``"absent": [surface ...]`` lists surfaces the extractor must NOT propose. The extractor
owning ``rules/<stem>.jsonl`` is the ``RuleExtractor`` subclass in
``govbrief.extract.<stem>`` whose ``rules_name`` is ``<stem>``.
"""

import importlib
import inspect
import json
from importlib import resources
from pathlib import Path

import pytest

from govbrief.extract._base import RuleExtractor
from govbrief.normalize import normalize
from govbrief.resources import load_rules, rules_path

RULE_DIR = Path(str(resources.files("govbrief.resources"))) / "rules"
RULE_FILES = sorted(p.stem for p in RULE_DIR.glob("*.jsonl"))


def extractor_for(stem):
    try:
        module = importlib.import_module(f"govbrief.extract.{stem}")
    except ImportError:
        return None
    for _, obj in inspect.getmembers(module, inspect.isclass):
        if issubclass(obj, RuleExtractor) and obj is not RuleExtractor \
                and obj.rules_name == stem:
            return obj()
    return None


def examples():
    for stem in RULE_FILES:
        for rule in load_rules(stem):
            for k, ex in enumerate(rule.examples):
                if isinstance(ex, dict) and "text" in ex:
                    yield pytest.param(stem, rule.id, ex, id=f"{stem}:{rule.id}:{k}")


@pytest.mark.parametrize("stem", RULE_FILES)
def test_rule_files_validate(stem):
    rules = load_rules(stem)
    assert rules, f"{rules_path(stem)} is empty"
    for line in rules_path(stem).read_text(encoding="utf-8").splitlines():
        if line.strip():
            assert json.loads(line).get("examples"), f"rule without examples: {line[:80]}"


@pytest.mark.parametrize("stem,rule_id,example", list(examples()))
def test_rule_files_examples(stem, rule_id, example):
    ex = extractor_for(stem)
    if ex is None:
        pytest.skip(f"no RuleExtractor owns rules/{stem}.jsonl (examples tested elsewhere)")
    text = normalize(example["text"]).text
    found = ex.find(text)
    surfaces = {text[c.start : c.end]: c for c in found}
    for want in example.get("spans", []):
        want = {"text": want} if isinstance(want, str) else want
        surface = normalize(want["text"]).text
        assert surface in surfaces, f"{rule_id}: {surface!r} not found in {sorted(surfaces)}"
        cand = surfaces[surface]
        for key, value in want.items():
            if key == "text":
                continue
            if key == "label":
                assert cand.label == value
            else:
                assert cand.attrs.get(key) == value, f"{rule_id}: {surface} {key}"
    for absent in example.get("absent", []):
        assert normalize(absent).text not in surfaces, f"{rule_id}: {absent!r} proposed"

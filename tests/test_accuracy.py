"""Accuracy floors on real briefs: evaluation on ../shared/corpus must not fall below
the floors committed in tests/accuracy_floors.json. Raise the floors with every gain."""

import json
from pathlib import Path

import pytest

from govbrief.cli.evaluate import predict
from govbrief.evaluate import evaluate, flat_scores, read_gold

FLOORS = json.loads((Path(__file__).parent / "accuracy_floors.json").read_text("utf-8"))


def gold_path(name, shared_dir, root):
    if name == "samples":
        return root / "data" / "gold" / "samples.gold.jsonl"
    return shared_dir / "corpus" / f"{name}.jsonl"


@pytest.fixture(scope="module")
def scores(shared_dir, root):
    out = {}
    for name in FLOORS:
        path = gold_path(name, shared_dir, root)
        if not path.is_file():
            continue
        gold = read_gold(path)
        out[name] = flat_scores(evaluate(gold, predict(gold)))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("dataset,metric",
                         [(d, m) for d, floors in FLOORS.items() for m in floors])
def test_accuracy_floor(scores, dataset, metric):
    if dataset not in scores:
        pytest.skip(f"gold for {dataset} not present")
    floor = FLOORS[dataset][metric]
    got = scores[dataset][metric]
    assert got >= floor, f"{dataset} {metric}: {got:.3f} fell below the floor {floor:.3f}"

"""Measure the accuracy numbers and raise tests/accuracy_floors.json to them (minus a margin).

Floors only ever rise: a metric whose new value minus the margin is below the committed
floor keeps the committed floor (and the test will then fail, which is the point).

usage: python scripts/set_floors.py [--margin 0.01]
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

from govbrief.cli.evaluate import predict
from govbrief.evaluate import evaluate, flat_scores, read_gold

ROOT = Path(__file__).resolve().parents[1]
FLOORS = ROOT / "tests" / "accuracy_floors.json"
SETS = {
    "dev": ROOT.parent / "shared" / "corpus" / "dev.jsonl",
    "seed": ROOT.parent / "shared" / "corpus" / "seed.jsonl",
    "samples": ROOT / "data" / "gold" / "samples.gold.jsonl",
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--margin", type=float, default=0.01)
    args = parser.parse_args()
    old = json.loads(FLOORS.read_text("utf-8")) if FLOORS.is_file() else {}
    new = {}
    for name, path in SETS.items():
        if not path.is_file():
            new[name] = old.get(name, {})
            continue
        gold = read_gold(path)
        scores = flat_scores(evaluate(gold, predict(gold)))
        floors = {}
        for key, value in sorted(scores.items()):
            floor = max(0.0, math.floor((value - args.margin) * 100) / 100)
            floors[key] = max(floor, old.get(name, {}).get(key, 0.0))
        new[name] = floors
        print(name, " ".join(f"{k}={v:.3f}" for k, v in sorted(scores.items())))
    FLOORS.write_text(json.dumps(new, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

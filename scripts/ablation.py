"""Ablation: per-label strict P/R/F1 for rules only, model only, and rules + model.

usage: python scripts/ablation.py [GOLD ...]   (default: ../shared/corpus/dev.jsonl)
"""

from __future__ import annotations

import sys
from pathlib import Path

from govbrief import Extractor
from govbrief.evaluate import LABELS, evaluate, read_gold
from govbrief.pipeline import build_nlp

ROOT = Path(__file__).resolve().parents[1]
SYSTEMS = {
    "rules only": dict(model=False, rules=True),
    "model only": dict(model=True, rules=False),
    "combined": dict(model=True, rules=True),
}


def run(path: Path) -> str:
    gold = read_gold(path)
    items = [{"id": d["id"], "text": d["text"], "published": d.get("published")} for d in gold]
    results = {}
    for name, kw in SYSTEMS.items():
        ex = Extractor(nlp=build_nlp(**kw))
        results[name] = evaluate(gold, list(ex.pipe(items, output="annotate")))
    lines = [f"ablation on {path} ({len(gold)} documents), strict P / R / F1", "",
             "| label | " + " | ".join(SYSTEMS) + " |", "|---" * (len(SYSTEMS) + 1) + "|"]
    for label in (*LABELS, "micro"):
        cells = []
        for name in SYSTEMS:
            res = results[name]
            d = res["micro"]["strict"] if label == "micro" else res["labels"][label]["strict"]
            cells.append(f"{d['p']:.3f} / {d['r']:.3f} / {d['f']:.3f}")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    paths = [Path(p) for p in sys.argv[1:]] or [ROOT.parent / "shared" / "corpus" / "dev.jsonl"]
    for path in paths:
        print(run(path))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())

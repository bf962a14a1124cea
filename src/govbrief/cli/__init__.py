"""The ``govbrief`` command line: a thin layer over :mod:`govbrief.cli.run` and friends.

Commands:
    govbrief extract INPUT... [-o FILE]     records (ANNOTATION.md §5) as JSONL
    govbrief annotate INPUT... [-o FILE]    gold-format documents (§1) as JSONL
    govbrief evaluate GOLD [PRED]           scores against gold annotations

Exit status: 0 when every document was processed, 1 when some failed, 2 on usage errors.
"""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Sequence

from ..errors import GovbriefError, UsageError


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--segmenter", choices=("jieba", "pkuseg"), default="jieba",
                   help="word segmenter (default: jieba)")
    p.add_argument("--no-model", dest="model", action="store_false",
                   help="rules only: skip the statistical NER model (faster)")
    p.add_argument("--debug", action="store_true", help="show tracebacks")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = argparse.ArgumentParser(
        prog="govbrief", description="Structured records from Chinese government news briefs."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for name, helptext in (("extract", "write one record per province per document"),
                           ("annotate", "write gold-format annotations per document")):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("inputs", nargs="+", metavar="INPUT",
                       help=".txt file, .jsonl file, directory, or - for stdin")
        p.add_argument("-o", "--output", help="output file (default: stdout)")
        p.add_argument("--errors", metavar="FILE",
                       help="write failed documents as JSONL (source, line, id, reason)")
        _common(p)
    p = sub.add_parser("evaluate", help="score predictions against gold annotations")
    p.add_argument("gold", help="gold JSONL (ANNOTATION.md §1)")
    p.add_argument("pred", nargs="?", help="predicted JSONL (default: run the pipeline)")
    p.add_argument("--json", action="store_true", help="print the metrics as JSON")
    p.add_argument("--errors", action="store_true", help="list every error, grouped")
    p.add_argument("--labels", nargs="+", help="only these labels")
    p.add_argument("--by", choices=("script",), help="also report per group")
    p.add_argument("-o", "--output", help="also write the metrics JSON here")
    _common(p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        if args.command in ("extract", "annotate"):
            from .run import run_cli

            return run_cli(args)
        from .evaluate import evaluate_cli

        return evaluate_cli(args)
    except UsageError as exc:
        print(f"govbrief: error: {exc}", file=sys.stderr)
        return 2
    except GovbriefError as exc:
        if args.debug:
            raise
        print(f"govbrief: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("govbrief: interrupted", file=sys.stderr)
        return 130

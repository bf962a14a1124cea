"""The ``govbrief`` command line: a thin layer over pure functions.

Every command lives in its own module, which declares its arguments (``add_parser``)
and runs them (``run``):

    govbrief extract INPUT... [-o FILE]     records (ANNOTATION.md §5)        cli/run.py
    govbrief annotate INPUT... [-o FILE]    gold-format documents (§1)        cli/run.py
    govbrief evaluate GOLD [PRED]           scores against gold annotations  cli/evaluate.py
    govbrief show INPUT... -o page.html     a page to look at                cli/show.py
    govbrief convert ...                    doccano / Label Studio / DocBin  cli/convert.py

Exit status: 0 when every document was processed, 1 when some failed, 2 on usage errors.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from typing import Sequence

from ..errors import GovbriefError, UsageError

#: command name -> module under govbrief.cli that declares and runs it.
COMMANDS = {
    "extract": "run",
    "annotate": "run",
    "evaluate": "evaluate",
    "show": "show",
    "convert": "convert",
}


def add_common(p: argparse.ArgumentParser) -> None:
    """Options every pipeline-running command shares."""
    p.add_argument("--segmenter", choices=("jieba", "pkuseg"), default="jieba",
                   help="word segmenter (default: jieba)")
    p.add_argument("--no-model", dest="model", action="store_false",
                   help="rules only: skip the statistical NER model (faster)")
    add_logging(p)


def add_logging(p: argparse.ArgumentParser) -> None:
    """--debug, --quiet and --verbose."""
    p.add_argument("--debug", action="store_true", help="show tracebacks")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="no progress bar and no summary on stderr")
    p.add_argument("-v", "--verbose", action="store_true", help="log progress through logging")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = argparse.ArgumentParser(
        prog="govbrief", description="Structured records from Chinese government news briefs."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for name, module in COMMANDS.items():
        importlib.import_module(f"{__name__}.{module}").add_parser(sub, name)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    debug = getattr(args, "debug", False)
    level = (logging.DEBUG if debug else
             logging.INFO if getattr(args, "verbose", False) else logging.WARNING)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    try:
        module = importlib.import_module(f"{__name__}.{COMMANDS[args.command]}")
        return int(module.run(args))
    except UsageError as exc:
        if debug:
            raise
        print(f"govbrief: error: {exc}", file=sys.stderr)
        return 2
    except GovbriefError as exc:
        if debug:
            raise
        print(f"govbrief: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("govbrief: interrupted", file=sys.stderr)
        return 130

"""``govbrief extract`` and ``govbrief annotate``: run the pipeline over a batch.

A thin layer over :func:`govbrief.batch.run_batch` (local processes) and
:func:`govbrief.distributed.run_dask` (a Dask cluster).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import Any

from ..batch import FORMATS, BatchOptions, run_batch
from ..errors import GovbriefError, UsageError
from ..io import check_encoding, check_paths

log = logging.getLogger(__name__)

DEFAULT_MAX_CHARS = 2_000_000
DEFAULT_CHECKPOINT = 500


def _positive(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {n}")
    return n


def _non_negative(text: str) -> float:
    try:
        n = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"must not be negative: {text}")
    return n


def add_parser(sub: Any, name: str) -> None:
    """Declare ``govbrief extract`` / ``govbrief annotate`` and their options."""
    from . import add_common

    helptext = {"extract": "write one record per province per document",
                "annotate": "write gold-format annotations per document"}[name]
    p = sub.add_parser(name, help=helptext, description=helptext)
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help=".txt file, .jsonl file, directory, or - for stdin")
    p.add_argument("-o", "--output",
                   help="output file (default: stdout); with --engine dask an output directory")
    p.add_argument("--errors", metavar="FILE",
                   help="write failed documents as JSONL (source, line, id, reason)")
    p.add_argument("--encoding", metavar="NAME",
                   help="force the input encoding (default: detect UTF-8/16, GB18030, Big5)")
    p.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS, metavar="N",
                   help=f"refuse documents longer than N characters (default: {DEFAULT_MAX_CHARS})")
    p.add_argument("-j", "--jobs", type=_positive, default=None, metavar="N",
                   help="worker processes (default: all cores); 1 runs in this process")
    if name == "extract":
        p.add_argument("--format", dest="fmt", choices=FORMATS, default="jsonl",
                       help="output format (default: jsonl); parquet and sqlite need -o")
        p.add_argument("--explode", action="store_true",
                       help="csv: one row per entity (date, official …) instead of per record")
    else:
        p.set_defaults(fmt="jsonl", explode=False)
    p.add_argument("--script", choices=("simplified", "traditional"), default="simplified",
                   help="script of normalised values such as canonical names (default: simplified)")
    p.add_argument("--resume", action="store_true",
                   help="continue an interrupted run into the same -o FILE: documents already "
                        "done are skipped (a missing FILE starts a fresh run)")
    p.add_argument("--checkpoint-every", type=_positive, default=DEFAULT_CHECKPOINT, metavar="N",
                   help=f"commit output and resume journal every N documents "
                        f"(default: {DEFAULT_CHECKPOINT})")
    p.add_argument("--checkpoint-seconds", type=_non_negative, default=60.0, metavar="T",
                   help="... and at least every T seconds (default: 60; 0: never by time)")
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local processes (default) or a Dask cluster (needs --scheduler)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="Dask scheduler address, e.g. tcp://host:8786 (with --engine dask)")
    p.add_argument("--partition-size", type=_positive, default=100, metavar="N",
                   help="--engine dask: documents per partition / output shard (default: 100)")
    add_common(p)


def run(args: argparse.Namespace) -> int:
    """Entry point of the CLI module."""
    inputs = check_paths(args.inputs)
    # A bad --encoding is a usage error before any output (or journal) is opened.
    args.encoding = check_encoding(args.encoding)
    if args.engine == "dask":
        return _run_dask(args, inputs)
    if args.scheduler:
        raise UsageError("--scheduler needs --engine dask")
    opts = BatchOptions(
        mode=args.command, output=args.output, fmt=args.fmt, explode=args.explode,
        script=args.script, errors=args.errors, encoding=args.encoding,
        max_chars=args.max_chars, segmenter=args.segmenter, model=args.model, jobs=args.jobs,
        resume=args.resume, checkpoint_every=args.checkpoint_every,
        checkpoint_seconds=args.checkpoint_seconds,
        progress=not args.quiet and sys.stderr.isatty(), debug=args.debug,
    )
    say = (lambda line: None) if args.quiet else (lambda line: print(line, file=sys.stderr))
    try:
        summary = run_batch(inputs, opts, report=say)
    except OSError as exc:  # disk full, permissions: a message, not a traceback
        if args.debug:
            raise
        raise GovbriefError(f"cannot write output: {exc}") from None
    for path in summary.skipped:
        say(f"skipped (not .txt/.jsonl): {path}")
    if summary.already_done:
        failed = f" ({summary.already_failed} of them failed)" if summary.already_failed else ""
        say(f"resume: {summary.already_done} documents already done were skipped{failed}")
    if summary.worker_deaths:
        say(f"{summary.worker_deaths} worker process(es) died and were replaced")
    say(summary.line())
    if summary.interrupted is not None:
        name = "SIGINT" if summary.interrupted == 2 else "SIGTERM" if summary.interrupted == 15 \
            else f"signal {summary.interrupted}"
        more = f"; {summary.dropped} documents read but not finished" if summary.dropped else ""
        hint = " run again with --resume to continue" if args.output not in (None, "-") else ""
        say(f"interrupted by {name}{more}; the output holds every finished document;{hint}")
    return summary.exit_status


def _run_dask(args: argparse.Namespace, inputs: list[str]) -> int:
    from ..distributed import run_dask

    if not args.scheduler:
        raise UsageError("--engine dask needs --scheduler ADDRESS (e.g. tcp://host:8786)")
    if args.output in (None, "-"):
        raise UsageError("--engine dask needs -o OUTDIR (one shard per partition)")
    if args.resume:
        raise UsageError("--resume is not supported with --engine dask")
    if args.output and os.path.isfile(args.output):
        raise UsageError(f"--engine dask writes a directory, but {args.output} is a file")
    say = (lambda line: None) if args.quiet else (lambda line: print(line, file=sys.stderr))
    summary = run_dask(
        inputs, args.output, scheduler=args.scheduler, mode=args.command, fmt=args.fmt,
        explode=args.explode, script=args.script, errors=args.errors,
        encoding=args.encoding, max_chars=args.max_chars, segmenter=args.segmenter,
        model=args.model, partition_size=args.partition_size, report=say,
    )
    for path in summary.skipped:
        say(f"skipped (not .txt/.jsonl): {path}")
    say(summary.line())
    return summary.exit_status

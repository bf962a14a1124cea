"""``govbrief extract`` and ``govbrief annotate``: run the pipeline over a batch."""

from __future__ import annotations

import argparse
import logging
import sys
import traceback
from typing import Any, Iterator

from .. import assemble
from ..io import AtomicWriter, InputDoc, InputFailure, check_paths, iter_documents, write_jsonl

log = logging.getLogger(__name__)

SUMMARY_FIELDS = ("dates", "officials", "agencies", "counts", "campaigns")


def summary_line(rec: dict[str, Any]) -> str:
    """One readable line per record: document, province, and how many of each field."""
    parts = " ".join(f"{f}={len(rec.get(f, []))}" for f in SUMMARY_FIELDS)
    return f"{rec['doc_id']:<24} {rec['province'] or '-':<10} {parts}"


def process_inputs(
    inputs: list[str],
    mode: str = "extract",
    segmenter: str = "jieba",
    debug: bool = False,
    model: bool = True,
) -> Iterator[tuple[str, Any]]:
    """Process every input document.

    Yields:
        ``("records", (doc, [record, ...]))`` or ``("document", gold_dict)`` per processed
        document, ``("failure", InputFailure)`` per document that could not be read or
        processed, and ``("skipped", path)`` per non-input file found in a directory.
    """
    from ..api import Extractor

    extractor = Extractor(segmenter=segmenter, model=model)
    skipped: list[str] = []
    for item in iter_documents(inputs, skipped):
        while skipped:
            yield "skipped", skipped.pop(0)
        if isinstance(item, InputFailure):
            yield "failure", item
            continue
        assert isinstance(item, InputDoc)
        try:
            doc = extractor.process(item.text, item.published, item.id)
            if mode == "extract":
                yield "records", (item, assemble.to_records(doc))
            else:
                yield "document", assemble.to_gold(doc)
        except Exception as exc:  # one bad document must not stop the batch
            if debug:
                traceback.print_exc()
            yield "failure", InputFailure(item.source, item.line, item.id,
                                          f"{type(exc).__name__}: {exc}")
    while skipped:
        yield "skipped", skipped.pop(0)


def add_parser(sub: Any, name: str) -> None:
    """Declare ``govbrief extract`` / ``govbrief annotate`` and their options."""
    from . import add_common

    helptext = {"extract": "write one record per province per document",
                "annotate": "write gold-format annotations per document"}[name]
    p = sub.add_parser(name, help=helptext, description=helptext)
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help=".txt file, .jsonl file, directory, or - for stdin")
    p.add_argument("-o", "--output", help="output file (default: stdout)")
    p.add_argument("--errors", metavar="FILE",
                   help="write failed documents as JSONL (source, line, id, reason)")
    p.add_argument("--encoding", metavar="NAME",
                   help="force the input encoding (default: detect UTF-8/16, GB18030, Big5)")
    p.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS, metavar="N",
                   help=f"refuse documents longer than N characters (default: {DEFAULT_MAX_CHARS})")
    add_common(p)


DEFAULT_MAX_CHARS = 2_000_000


def run(args: argparse.Namespace) -> int:
    """Entry point of the CLI module."""
    return run_cli(args)


def run_cli(args: argparse.Namespace) -> int:
    """The command: write outputs, an error report, and a summary on stderr."""
    inputs = check_paths(args.inputs)
    read = written = empty = 0
    failures: list[InputFailure] = []
    say = (lambda *a: None) if args.quiet else (lambda *a: print(*a, file=sys.stderr))
    with AtomicWriter(args.output) as out:
        for kind, payload in process_inputs(inputs, args.command, args.segmenter, args.debug, args.model):
            if kind == "skipped":
                say(f"skipped (not .txt/.jsonl): {payload}")
                continue
            read += 1
            if kind == "failure":
                failures.append(payload)
                say(f"failed: {payload.source}"
                    f"{':' + str(payload.line) if payload.line else ''} "
                    f"({payload.id}): {payload.reason}")
            elif kind == "records":
                item, records = payload
                if not records:
                    empty += 1
                    say(f"{item.id:<24} (no province record)")
                for rec in records:
                    write_jsonl(out, rec)
                    say(summary_line(rec))
                if records:
                    written += 1
            else:
                write_jsonl(out, payload)
                written += 1
    if args.errors:
        with AtomicWriter(args.errors) as fh:
            for f in failures:
                write_jsonl(fh, f.to_dict())
    say(f"read {read} = written {written} + empty {empty} + failed {len(failures)}")
    return 1 if failures else 0

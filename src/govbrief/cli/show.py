"""``govbrief show``: one self-contained HTML page to look at what the pipeline found."""

from __future__ import annotations

import argparse
import sys
import traceback
from typing import Any

from ..errors import UsageError
from ..io import AtomicWriter, InputDoc, InputFailure, check_paths, iter_documents

DEFAULT_MAX_CHARS = 2_000_000


def add_parser(sub: Any, name: str) -> None:
    """Declare ``govbrief show`` and its options."""
    from . import add_common

    helptext = "write an HTML page of documents, entities, sections and records"
    p = sub.add_parser(name, help=helptext, description=helptext)
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help=".txt file, .jsonl file, directory, or - for stdin")
    p.add_argument("-o", "--output", required=True, metavar="PAGE.html",
                   help="the HTML page to write")
    p.add_argument("--limit", type=int, metavar="N",
                   help="show at most N documents (failures met on the way are listed)")
    p.add_argument("--title", default=None, help="page title (default: govbrief show)")
    p.add_argument("--encoding", metavar="NAME",
                   help="force the input encoding (default: detect UTF-8/16, GB18030, Big5)")
    p.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS, metavar="N",
                   help=f"refuse documents longer than N characters (default: {DEFAULT_MAX_CHARS})")
    add_common(p)


def run(args: argparse.Namespace) -> int:
    """Entry point of the CLI module: exit 1 when some document failed."""
    from ..api import Extractor
    from ..html import document_data, render_documents

    inputs = check_paths(args.inputs)
    if args.limit is not None and args.limit < 1:
        raise UsageError("--limit must be at least 1")
    say = (lambda *a: None) if args.quiet else (lambda *a: print(*a, file=sys.stderr))
    extractor = Extractor(segmenter=args.segmenter, model=args.model)
    docs: list[dict] = []
    failures: list[dict] = []
    for item in iter_documents(inputs, None, encoding=args.encoding, max_chars=args.max_chars):
        if args.limit is not None and len(docs) >= args.limit:
            break
        if isinstance(item, InputFailure):
            failures.append(item.to_dict())
            continue
        assert isinstance(item, InputDoc)
        try:
            doc = extractor.process(item.text, item.published, item.id)
            docs.append(document_data(doc, item.source, item.line))
        except Exception as exc:  # one bad document must not spoil the page
            if args.debug:
                traceback.print_exc()
            failures.append(InputFailure(item.source, item.line, item.id,
                                         f"{type(exc).__name__}: {exc}").to_dict())
    page = render_documents(docs, failures, title=args.title or "govbrief show")
    with AtomicWriter(args.output) as fh:
        fh.write(page)
    say(f"{args.output}: {len(docs)} document(s), {len(failures)} failed")
    return 1 if failures else 0

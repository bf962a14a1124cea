"""``govbrief convert``: annotation tools in and out (doccano, Label Studio, spaCy DocBin).

Import annotations into the gold format (ANNOTATION.md §1)::

    govbrief convert --from doccano export.jsonl -o gold.jsonl [--label-map PER=PERSON]
    govbrief convert --from labelstudio export.json -o gold.jsonl [--predictions]

Write pre-annotations (the pipeline's output, or an existing gold/annotate file)::

    govbrief convert --to doccano briefs/ -o pre.jsonl
    govbrief convert --to labelstudio briefs.jsonl -o tasks.json     # + tasks.config.xml
    govbrief convert --to docbin --from gold gold.jsonl -o train.spacy
    govbrief convert --to labelstudio --print-config                  # the XML only
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Iterator

from ..errors import UsageError
from . import add_common

SOURCES = ("pipeline", "doccano", "labelstudio", "gold")
TARGETS = ("gold", "doccano", "labelstudio", "docbin")


def add_parser(sub: Any, name: str) -> None:
    """Declare the command."""
    p = sub.add_parser(
        name,
        help="convert to and from doccano, Label Studio and spaCy DocBin",
        description="Import doccano / Label Studio exports as gold JSONL, or write the "
        "pipeline's pre-annotations (or a gold file) for doccano, Label Studio or spaCy "
        "training (DocBin).",
    )
    p.add_argument("inputs", nargs="*", metavar="INPUT",
                   help="input files (pipeline: .txt/.jsonl files, directories or -)")
    p.add_argument("--from", dest="source", choices=SOURCES,
                   help="input format (default: pipeline when --to is given)")
    p.add_argument("--to", dest="target", choices=TARGETS,
                   help="output format (default: gold when --from is given)")
    p.add_argument("-o", "--output", help="output file")
    p.add_argument("--label-map", action="append", metavar="FROM=TO", default=[],
                   help="map a tool label to a govbrief label (repeatable)")
    p.add_argument("--predictions", action="store_true",
                   help="Label Studio import: use the latest prediction of tasks that have "
                   "no annotation")
    p.add_argument("--fill-values", action="store_true",
                   help="import: run the pipeline to fill DATE/COUNT values of spans that "
                   "have none (only where it finds the same span)")
    p.add_argument("--entities", action="store_true",
                   help="doccano export: the newer 'entities' shape instead of 'label'")
    p.add_argument("--as-annotations", action="store_true",
                   help="Label Studio export: finished annotations instead of predictions")
    p.add_argument("--model-version", help="Label Studio export: model_version of the "
                   "predictions (default 'govbrief VERSION')")
    p.add_argument("--config", dest="config_path", metavar="XML",
                   help="Label Studio export: where to write the labelling config "
                   "(default: next to the output, OUTPUT_STEM.config.xml)")
    p.add_argument("--print-config", action="store_true",
                   help="Label Studio: print the labelling config on stdout")
    p.add_argument("--original-text", action="store_true",
                   help="DocBin: keep the original text (default: the normalised text "
                   "govbrief's components see)")
    p.add_argument("--snap", choices=("expand", "split"), default="expand",
                   help="DocBin: widen spans to token boundaries (expand, default) or split "
                   "tokens at span boundaries (split)")
    add_common(p)


def _pipeline_docs(args: argparse.Namespace, failures: list[str]) -> Iterator[dict]:
    from ..api import Extractor
    from ..io import InputFailure, check_paths, iter_documents

    paths = check_paths(args.inputs)
    ex = Extractor(segmenter=args.segmenter, model=args.model)
    items = []
    for item in iter_documents(paths):
        if isinstance(item, InputFailure):
            failures.append(f"{item.source}:{item.line or '-'}: {item.reason}")
            continue
        items.append({"id": item.id, "text": item.text, "published": item.published})
    yield from ex.pipe(items, output="annotate")


def _fill_values(docs: list[dict], args: argparse.Namespace, stats: Any) -> int:
    """Copy DATE/COUNT values from the pipeline's identical spans; returns spans filled."""
    from ..api import Extractor
    from ..convert._common import REQUIRED_ATTRS, span_attrs

    todo = [d for d in docs if any(
        s.get(k) is None for s in d["spans"] for k in REQUIRED_ATTRS.get(s["label"], ()))]
    if not todo:
        return 0
    ex = Extractor(segmenter=args.segmenter, model=args.model)
    filled = 0
    for doc in todo:
        pred = ex.annotate(doc["text"], doc.get("published"), doc["id"])
        found = {(s["start"], s["end"], s["label"]): s for s in pred["spans"]}
        for s in doc["spans"]:
            need = REQUIRED_ATTRS.get(s["label"], ())
            p = found.get((s["start"], s["end"], s["label"]))
            if p is not None and any(s.get(k) is None for k in need):
                for key, value in span_attrs(p).items():
                    s.setdefault(key, value)
                filled += 1
    # Recount what is still missing, now naming documents by id.
    stats.missing_values = [
        (f"document {d['id']}", s["label"], d["text"][s["start"]:s["end"]])
        for d in docs for s in d["spans"]
        if any(s.get(k) is None for k in REQUIRED_ATTRS.get(s["label"], ()))
    ]
    return filled


def _config_path(args: argparse.Namespace) -> Path:
    if args.config_path:
        return Path(args.config_path)
    out = Path(args.output)
    return out.with_name(f"{out.stem}.config.xml")


def run(args: argparse.Namespace) -> int:
    """Entry point of the CLI module."""
    from ..convert import Stats, labeling_config, parse_label_map, read_source, write_target
    from ..convert._common import write_atomic

    if args.print_config and not args.inputs:
        if args.target not in (None, "labelstudio"):
            raise UsageError("--print-config is for --to labelstudio")
        sys.stdout.write(labeling_config())
        return 0
    if args.source is None and args.target is None:
        raise UsageError("give --from FORMAT (import) or --to FORMAT (export)")
    source = args.source or "pipeline"
    target = args.target or "gold"
    if source == "pipeline" and args.target is None:
        raise UsageError("--from pipeline needs --to FORMAT")
    if not args.inputs:
        raise UsageError("no INPUT given")
    if not args.output:
        raise UsageError("give the output file with -o")
    if target == "gold" and source == "gold":
        raise UsageError("--from gold --to gold converts nothing")
    label_map = parse_label_map(args.label_map)

    stats = Stats()
    failures: list[str] = []
    if source == "pipeline":
        docs = list(_pipeline_docs(args, failures))
        stats.documents = len(docs)
        stats.spans = sum(len(d["spans"]) for d in docs)
    else:
        docs = []
        for path in args.inputs:
            if not Path(path).is_file():
                raise UsageError(f"input not found: {path}")
            docs.extend(read_source(source, path, label_map=label_map,
                                    predictions=args.predictions, stats=stats))
        seen: set[str] = set()
        for d in docs:
            if d["id"] in seen:
                raise UsageError(f"document id {d['id']!r} occurs in more than one input")
            seen.add(d["id"])
    filled = _fill_values(docs, args, stats) if args.fill_values else 0

    out_stats = Stats()
    write_target(
        target, docs, args.output, stats=out_stats, entities=args.entities,
        as_annotations=args.as_annotations, version=args.model_version,
        normalized=not args.original_text, snap=args.snap, segmenter=args.segmenter,
    )
    if target == "labelstudio":
        if args.print_config:
            sys.stdout.write(labeling_config())
        else:
            write_atomic(_config_path(args), labeling_config())
    if target == "docbin":
        stats.adjusted, stats.dropped = out_stats.adjusted, out_stats.dropped
    if not args.quiet:
        line = f"govbrief convert: {source} -> {target}: {stats.summary()}"
        if filled:
            line += f", {filled} values filled by the pipeline"
        print(line, file=sys.stderr)
        for where, label, surface in stats.missing_values[:5]:
            print(f"  {where}: {label} {surface!r} has no value "
                  "(add it in the tool, or use --fill-values)", file=sys.stderr)
        if target == "labelstudio" and not args.print_config:
            print(f"  labelling config: {_config_path(args)}", file=sys.stderr)
    for f in failures:
        print(f"govbrief convert: failed: {f}", file=sys.stderr)
    return 1 if failures else 0

"""Convert between govbrief's gold format (ANNOTATION.md §1) and annotation tools.

Readers yield gold-format documents; writers take them. Everything in between is the gold
format, so any reader pairs with any writer::

    readers: doccano JSONL, Label Studio JSON, gold JSONL (also ``govbrief annotate`` output)
    writers: gold JSONL, doccano JSONL, Label Studio JSON (+ labelling config), spaCy DocBin

``govbrief convert`` (:mod:`govbrief.cli.convert`) adds the pipeline as a reader, to write
pre-annotations for a tool.

Example:
    >>> from govbrief.convert import to_doccano, from_doccano
    >>> gold = {"id": "a", "text": "9月2日召开", "spans": [
    ...     {"start": 0, "end": 4, "label": "DATE", "value": "XXXX-09-02"}]}
    >>> from_doccano(to_doccano(gold), "example")["spans"]
    [{'start': 0, 'end': 4, 'label': 'DATE', 'value': 'XXXX-09-02'}]
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from ._common import ConvertError, Stats, parse_label_map, write_atomic
from .docbin import read_docbin, to_docbin
from .doccano import from_doccano, read_doccano, to_doccano
from .labelstudio import (
    from_labelstudio,
    labeling_config,
    model_version,
    read_labelstudio,
    to_labelstudio,
)

READERS = ("doccano", "labelstudio", "gold")
WRITERS = ("gold", "doccano", "labelstudio", "docbin")


def read_gold_file(path: str | Path, stats: Stats | None = None) -> Iterator[dict[str, Any]]:
    """Yield the documents of a gold (or ``govbrief annotate``) JSONL file, checked."""
    from ..evaluate.gold import iter_gold

    stats = stats if stats is not None else Stats()
    for doc in iter_gold(path):
        stats.documents += 1
        stats.spans += len(doc["spans"])
        yield doc


def read_source(
    fmt: str,
    path: str | Path,
    *,
    label_map: Mapping[str, str] | None = None,
    predictions: bool = False,
    stats: Stats | None = None,
) -> Iterator[dict[str, Any]]:
    """Yield gold documents from a file in ``fmt`` (one of :data:`READERS`).

    Raises:
        ConvertError: naming the file and line/task of the first problem.
        ValueError: for an unknown format.
    """
    if fmt == "doccano":
        return read_doccano(path, label_map=label_map, stats=stats)
    if fmt == "labelstudio":
        return read_labelstudio(path, label_map=label_map, predictions=predictions, stats=stats)
    if fmt == "gold":
        return read_gold_file(path, stats=stats)
    raise ValueError(f"unknown source format {fmt!r}; expected one of {READERS}")


def strip_provenance(doc: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of a document whose spans keep only offsets, label and attributes."""
    from ._common import span_attrs

    out = dict(doc)
    out["spans"] = [{"start": s["start"], "end": s["end"], "label": s["label"], **span_attrs(s)}
                    for s in doc.get("spans", [])]
    return out


def write_target(
    fmt: str,
    docs: Iterable[Mapping[str, Any]],
    path: str | Path,
    *,
    stats: Stats | None = None,
    entities: bool = False,
    as_annotations: bool = False,
    version: str | None = None,
    normalized: bool = True,
    snap: str = "expand",
    segmenter: str = "jieba",
) -> None:
    """Write documents to ``path`` in ``fmt`` (one of :data:`WRITERS`), atomically.

    Args:
        fmt: the output format.
        docs: gold-format documents.
        path: the output file.
        stats: counts to update (DocBin: ``adjusted``, ``dropped``).
        entities: doccano: write the ``entities`` shape instead of ``label``.
        as_annotations: Label Studio: write finished annotations instead of predictions.
        version: Label Studio: the predictions' ``model_version``.
        normalized: DocBin: normalised text (default) or the original.
        snap: DocBin: ``"expand"`` or ``"split"``.
        segmenter: DocBin: ``"jieba"`` or ``"pkuseg"`` for the govbrief tokenizer.
    """
    stats = stats if stats is not None else Stats()
    if fmt == "gold":
        lines = [json.dumps(strip_provenance(d), ensure_ascii=False) for d in docs]
        write_atomic(path, "".join(line + "\n" for line in lines))
    elif fmt == "doccano":
        lines = [json.dumps(to_doccano(d, entities=entities), ensure_ascii=False) for d in docs]
        write_atomic(path, "".join(line + "\n" for line in lines))
    elif fmt == "labelstudio":
        tasks = [to_labelstudio(d, as_annotations=as_annotations, version=version) for d in docs]
        write_atomic(path, json.dumps(tasks, ensure_ascii=False, indent=1) + "\n")
    elif fmt == "docbin":
        from .docbin import tokenizer_nlp

        db = to_docbin(docs, tokenizer_nlp(segmenter), normalized=normalized, snap=snap,
                       stats=stats)
        write_atomic(path, db.to_bytes())
    else:
        raise ValueError(f"unknown target format {fmt!r}; expected one of {WRITERS}")


__all__ = [
    "ConvertError",
    "READERS",
    "Stats",
    "WRITERS",
    "from_doccano",
    "from_labelstudio",
    "labeling_config",
    "model_version",
    "parse_label_map",
    "read_docbin",
    "read_doccano",
    "read_labelstudio",
    "read_source",
    "strip_provenance",
    "to_docbin",
    "to_doccano",
    "to_labelstudio",
    "write_target",
]

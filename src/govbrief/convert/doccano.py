"""doccano sequence-labelling JSONL, both ways.

doccano exports one JSON object per line. Two shapes of spans exist:

- ``{"text": ..., "label": [[start, end, "LABEL"], ...]}`` (older releases, and the
  import format; some tools write ``"labels"``);
- ``{"text": ..., "entities": [{"start_offset", "end_offset", "label", ...}],
  "relations": [...]}`` (releases with relation labelling).

Any other key of the line is metadata doccano keeps and exports again. govbrief writes
its document metadata there (``doc_id``, ``published``, ``script``, ``sections``,
``officials``) and the span attributes doccano cannot show (DATE ``value``, COUNT
``value``/``unit``/``approx``/``object``) under ``gb_attrs``, keyed ``start:end:LABEL``,
so that an unchanged span gets its attributes back on import.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator, Mapping

from .._jsonlines import numbered_json_lines
from ._common import (
    DOC_META,
    ConvertError,
    Stats,
    attr_key,
    finish_doc,
    gold_skeleton,
    make_span,
    map_label,
    span_attrs,
)

#: The metadata key holding span attributes.
ATTRS_KEY = "gb_attrs"
#: The metadata key holding the govbrief document id (doccano's own ``id`` is its row id).
ID_KEY = "doc_id"


def _raw_spans(obj: Mapping[str, Any], where: str) -> list[tuple[Any, Any, Any]]:
    if "entities" in obj:
        ents = obj["entities"]
        if not isinstance(ents, list):
            raise ConvertError(f"{where}: 'entities' must be a list")
        out = []
        for e in ents:
            if not isinstance(e, dict):
                raise ConvertError(f"{where}: an entity must be an object, not {e!r}")
            out.append((e.get("start_offset"), e.get("end_offset"), e.get("label")))
        return out
    key = "label" if "label" in obj else "labels" if "labels" in obj else None
    if key is None:
        return []
    items = obj[key]
    if not isinstance(items, list):
        raise ConvertError(f"{where}: {key!r} must be a list of [start, end, label]")
    out = []
    for item in items:
        if isinstance(item, list) and len(item) == 3:
            out.append((item[0], item[1], item[2]))
        elif isinstance(item, str):
            raise ConvertError(
                f"{where}: {key!r} holds a plain label {item!r}: this is a text-classification "
                f"export, not sequence labelling"
            )
        else:
            raise ConvertError(f"{where}: {key!r} items must be [start, end, label], not {item!r}")
    return out


def from_doccano(
    obj: Any,
    where: str,
    *,
    line: int | None = None,
    label_map: Mapping[str, str] | None = None,
    stats: Stats | None = None,
) -> dict[str, Any]:
    """Convert one doccano line into a gold document.

    Args:
        obj: the parsed JSON line.
        where: ``file:line`` for messages.
        line: the line number, the id of last resort.
        label_map: tool label -> govbrief label.
        stats: counts to update.

    Returns:
        The gold-format document.

    Raises:
        ConvertError: naming ``where`` and the span for any problem.
    """
    stats = stats if stats is not None else Stats()
    if not isinstance(obj, dict):
        raise ConvertError(f"{where}: a doccano line must be a JSON object")
    text = obj.get("text", obj.get("data"))
    if not isinstance(text, str):
        raise ConvertError(f"{where}: missing string 'text'")
    doc_id = obj.get(ID_KEY, obj.get("id", line))
    if doc_id is None:
        raise ConvertError(f"{where}: no id")
    meta = obj.get("meta") if isinstance(obj.get("meta"), dict) else {}
    meta = {**meta, **{k: obj[k] for k in DOC_META if k in obj}}
    doc = gold_skeleton(str(doc_id), text, meta)
    attrs = obj.get(ATTRS_KEY) or meta.get(ATTRS_KEY) or {}
    for start, end, label in _raw_spans(obj, where):
        label = map_label(label, label_map or {}, f"{where} span {start}-{end}")
        span = make_span(text, start, end, label, where, stats)
        if span is None:
            continue
        extra = attrs.get(attr_key(start, end, label)) or attrs.get(
            attr_key(span["start"], span["end"], label)
        )
        if isinstance(extra, dict):
            span.update(extra)
        doc["spans"].append(span)
    return finish_doc(doc, where, stats)


def to_doccano(doc: Mapping[str, Any], *, entities: bool = False) -> dict[str, Any]:
    """Convert a gold (or ``govbrief annotate``) document into a doccano line.

    Args:
        doc: the gold-format document.
        entities: write the newer ``entities`` shape instead of ``label``.

    Returns:
        The doccano JSON object: text, spans, and govbrief metadata.
    """
    spans = sorted(doc.get("spans", []), key=lambda s: (s["start"], s["end"]))
    out: dict[str, Any] = {"text": doc["text"]}
    if entities:
        out["entities"] = [
            {"id": i, "label": s["label"], "start_offset": s["start"], "end_offset": s["end"]}
            for i, s in enumerate(spans, 1)
        ]
        out["relations"] = []
    else:
        out["label"] = [[s["start"], s["end"], s["label"]] for s in spans]
    out[ID_KEY] = doc.get("id")
    for key in DOC_META:
        if doc.get(key) is not None:
            out[key] = doc[key]
    attrs = {attr_key(s["start"], s["end"], s["label"]): span_attrs(s) for s in spans}
    out[ATTRS_KEY] = {k: v for k, v in attrs.items() if v}
    return out


def read_doccano(
    path: str | Path,
    *,
    label_map: Mapping[str, str] | None = None,
    stats: Stats | None = None,
) -> Iterator[dict[str, Any]]:
    """Yield the gold documents of a doccano JSONL export.

    Raises:
        ConvertError: naming the file and line of the first problem (bad JSON, unknown
            label, offsets that do not fit the text, overlapping spans).
    """
    stats = stats if stats is not None else Stats()
    seen: set[str] = set()
    for lineno, where, obj in numbered_json_lines(path, ConvertError):
        doc = from_doccano(obj, where, line=lineno, label_map=label_map, stats=stats)
        if doc["id"] in seen:
            raise ConvertError(f"{where}: duplicate id {doc['id']!r}")
        seen.add(doc["id"])
        yield doc

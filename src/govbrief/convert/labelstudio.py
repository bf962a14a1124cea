"""Label Studio JSON tasks, both ways, and the labelling configuration that goes with them.

A Label Studio export is a JSON list of tasks::

    {"id": 7, "data": {"text": "...", "doc_id": "...", "published": "..."},
     "annotations": [{"id": 1, "was_cancelled": false, "updated_at": "...",
                      "result": [{"id": "gb1", "from_name": "label", "to_name": "text",
                                  "type": "labels",
                                  "value": {"start": 0, "end": 5, "text": "...",
                                            "labels": ["DATE"]}},
                                 {"id": "gb1", "from_name": "attrs", "to_name": "text",
                                  "type": "textarea",
                                  "value": {"start": 0, "end": 5, "text": ["value=2022-09-02"]}}]}],
     "predictions": [{"model_version": "govbrief 0.1.0", "score": 0.9, "result": [...]}]}

Span attributes (DATE ``value``; COUNT ``value``, ``unit``, ``approx``, ``object``) travel
in a per-region text area named ``attrs``, one ``key=value`` per line, which annotators can
read and correct in the editor (:func:`labeling_config` declares it).

Label Studio measures offsets in the browser, in UTF-16 code units; Python counts code
points. The two differ only after a character outside the Basic Multilingual Plane (rare
CJK extension characters, emoji). When a region's recorded text does not match at its
code-point offsets, the UTF-16 reading is tried before giving up.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator, Mapping
from xml.sax.saxutils import quoteattr

from ..about import __version__
from ..evaluate import LABELS
from ._common import (
    DOC_META,
    ConvertError,
    Stats,
    finish_doc,
    gold_skeleton,
    make_span,
    map_label,
    span_attrs,
)

FROM_NAME = "label"
TO_NAME = "text"
ATTRS_NAME = "attrs"
ID_KEY = "doc_id"
#: Numeric attributes per label, parsed back from ``key=value`` lines (a DATE value such
#: as ``2022`` stays a string).
NUMERIC_ATTRS = {"COUNT": ("value", "min")}
#: Colours of the labels in the editor.
COLOURS = {
    "DATE": "#4e79a7", "PERSON": "#f28e2b", "TITLE": "#e15759", "AGENCY": "#76b7b2",
    "ORG": "#59a14f", "GPE": "#edc948", "COUNT": "#b07aa1", "CAMPAIGN": "#ff9da7",
}


def model_version() -> str:
    """The ``model_version`` written on predictions."""
    return f"govbrief {__version__}"


def labeling_config(labels: tuple[str, ...] = LABELS) -> str:
    """The Label Studio labelling configuration (XML) matching the tasks written here."""
    lines = ["<View>", '  <Header value="$doc_id"/>',
             f'  <Labels name="{FROM_NAME}" toName="{TO_NAME}">']
    for label in labels:
        colour = COLOURS.get(label, "#999999")
        lines.append(f"    <Label value={quoteattr(label)} background={quoteattr(colour)}/>")
    lines += [
        "  </Labels>",
        f'  <Text name="{TO_NAME}" value="$text" granularity="symbol"/>',
        '  <View visibleWhen="region-selected">',
        '    <Header value="Attributes, one key=value per line (DATE: value; '
        'COUNT: value, unit, approx, object)"/>',
        f'    <TextArea name="{ATTRS_NAME}" toName="{TO_NAME}" perRegion="true" '
        'editable="true" rows="4"/>',
        "  </View>",
        "</View>",
        "",
    ]
    return "\n".join(lines)


# --- attributes as key=value lines -------------------------------------------------------


def attrs_to_lines(attrs: Mapping[str, Any]) -> list[str]:
    """``{"value": 18, "unit": "个"}`` -> ``["value=18", "unit=个"]``."""
    out = []
    for key, value in attrs.items():
        if value is None:
            continue
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            value = json.dumps(value, ensure_ascii=False)
        out.append(f"{key}={value}")
    return out


def lines_to_attrs(lines: Any, where: str, label: str = "") -> dict[str, Any]:
    """Parse ``key=value`` lines back (COUNT ``value``/``min`` become numbers)."""
    numeric = NUMERIC_ATTRS.get(label, ())
    if isinstance(lines, str):
        lines = lines.splitlines()
    out: dict[str, Any] = {}
    for line in lines or ():
        for part in str(line).splitlines():
            if not part.strip():
                continue
            key, sep, value = part.partition("=")
            if not sep or not key.strip():
                raise ConvertError(f"{where}: attribute line {part!r} is not key=value")
            key, value = key.strip(), value.strip()
            out[key] = _number(value) if key in numeric else value
    return out


def _number(value: str) -> Any:
    try:
        return int(value)
    except ValueError:
        pass
    try:
        return float(value)
    except ValueError:
        return value


# --- import ----------------------------------------------------------------------------


def _utf16_to_index(text: str, offset: int) -> int:
    """The code-point index of a UTF-16 code-unit offset into ``text``."""
    units = 0
    for i, ch in enumerate(text):
        if units >= offset:
            return i
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


def _offsets(text: str, value: Mapping[str, Any], where: str) -> tuple[Any, Any]:
    start, end, surface = value.get("start"), value.get("end"), value.get("text")
    if (
        isinstance(start, int) and isinstance(end, int) and isinstance(surface, str)
        and text[start:end] != surface
    ):
        s16, e16 = _utf16_to_index(text, start), _utf16_to_index(text, end)
        if text[s16:e16] == surface:
            return s16, e16
    return start, end


def _pick(task: Mapping[str, Any], where: str, predictions: bool) -> list[dict] | None:
    """The result list to import.

    The latest non-cancelled annotation; else, when ``predictions``, the latest prediction;
    else ``None``.
    """
    anns = [
        (a.get("updated_at") or a.get("created_at") or "", i, a)
        for i, a in enumerate(task.get("annotations") or task.get("completions") or [])
        if isinstance(a, dict) and not a.get("was_cancelled")
    ]
    if anns:
        return max(anns, key=lambda t: (t[0], t[1]))[2].get("result") or []
    if predictions:
        preds = [
            (p.get("updated_at") or p.get("created_at") or "", i, p)
            for i, p in enumerate(task.get("predictions") or [])
            if isinstance(p, dict)
        ]
        if preds:
            return max(preds, key=lambda t: (t[0], t[1]))[2].get("result") or []
    return None


def from_labelstudio(
    task: Any,
    where: str,
    *,
    label_map: Mapping[str, str] | None = None,
    predictions: bool = False,
    stats: Stats | None = None,
) -> dict[str, Any] | None:
    """Convert one Label Studio task into a gold document.

    Args:
        task: the task object.
        where: ``file task N`` for messages.
        label_map: tool label -> govbrief label.
        predictions: use the latest prediction when a task has no (non-cancelled)
            annotation.
        stats: counts to update (``skipped`` for tasks with nothing to import).

    Returns:
        The gold document, or ``None`` when the task has no usable annotation.

    Raises:
        ConvertError: naming the task and the span for any problem.
    """
    stats = stats if stats is not None else Stats()
    if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
        raise ConvertError(f"{where}: a task must be an object with 'data'")
    data = task["data"]
    text = data.get("text")
    if not isinstance(text, str):
        raise ConvertError(f"{where}: data.text is missing or not a string")
    result = _pick(task, where, predictions)
    if result is None:
        stats.skipped += 1
        return None
    doc_id = data.get(ID_KEY, data.get("id", task.get("id")))
    if doc_id is None:
        raise ConvertError(f"{where}: no id (data.doc_id or the task id)")
    doc = gold_skeleton(str(doc_id), text, {k: data.get(k) for k in DOC_META})
    regions: dict[str, dict[str, Any]] = {}
    attrs: dict[str, dict[str, Any]] = {}
    for item in result:
        if not isinstance(item, dict):
            raise ConvertError(f"{where}: a result item must be an object")
        kind, value = item.get("type"), item.get("value") or {}
        rid = str(item.get("id"))
        if kind == "labels":
            labels = value.get("labels") or []
            tag = f"{where} span {value.get('start')}-{value.get('end')}"
            if len(labels) != 1:
                raise ConvertError(f"{tag}: a region needs exactly one label, has {labels!r}")
            label = map_label(labels[0], label_map or {}, tag)
            start, end = _offsets(text, value, where)
            span = make_span(text, start, end, label, where, stats, value.get("text"))
            if span is not None:
                regions[rid] = span
        elif kind == "textarea" and item.get("from_name") == ATTRS_NAME:
            attrs[rid] = value.get("text")
    for rid, span in regions.items():
        if rid in attrs:
            span.update(lines_to_attrs(attrs[rid], f"{where} region {rid}", span["label"]))
        doc["spans"].append(span)
    return finish_doc(doc, where, stats)


def read_labelstudio(
    path: str | Path,
    *,
    label_map: Mapping[str, str] | None = None,
    predictions: bool = False,
    stats: Stats | None = None,
) -> Iterator[dict[str, Any]]:
    """Yield the gold documents of a Label Studio JSON export (a list of tasks).

    Raises:
        ConvertError: naming the file and task of the first problem.
    """
    stats = stats if stats is not None else Stats()
    try:
        with open(path, encoding="utf-8-sig") as fh:
            tasks = json.load(fh)
    except json.JSONDecodeError as exc:
        raise ConvertError(f"{path}: not JSON: {exc}") from None
    if isinstance(tasks, dict):
        tasks = [tasks]
    if not isinstance(tasks, list):
        raise ConvertError(f"{path}: a Label Studio export is a JSON list of tasks")
    seen: set[str] = set()
    for n, task in enumerate(tasks, 1):
        tid = task.get("id", n) if isinstance(task, dict) else n
        where = f"{path} task {tid}"
        doc = from_labelstudio(
            task, where, label_map=label_map, predictions=predictions, stats=stats
        )
        if doc is None:
            continue
        if doc["id"] in seen:
            raise ConvertError(f"{where}: duplicate id {doc['id']!r}")
        seen.add(doc["id"])
        yield doc


# --- export ----------------------------------------------------------------------------


def span_score(span: Mapping[str, Any]) -> float:
    """A span's confidence: its ``score``, else 0.5 for model spans and 1.0 otherwise."""
    score = span.get("score")
    if isinstance(score, (int, float)):
        return float(score)
    return 0.5 if span.get("source") == "model" else 1.0


def to_results(doc: Mapping[str, Any], *, scores: bool = True) -> list[dict[str, Any]]:
    """The Label Studio result items of a gold document's spans (regions + attributes)."""
    text = doc["text"]
    out = []
    spans = sorted(doc.get("spans", []), key=lambda s: (s["start"], s["end"]))
    for i, s in enumerate(spans, 1):
        rid = f"gb{i}"
        value = {"start": s["start"], "end": s["end"], "text": text[s["start"]:s["end"]],
                 "labels": [s["label"]]}
        item: dict[str, Any] = {"id": rid, "from_name": FROM_NAME, "to_name": TO_NAME,
                                "type": "labels", "value": value}
        if scores:
            item["score"] = span_score(s)
        out.append(item)
        lines = attrs_to_lines(span_attrs(s))
        if lines:
            out.append({"id": rid, "from_name": ATTRS_NAME, "to_name": TO_NAME,
                        "type": "textarea",
                        "value": {"start": s["start"], "end": s["end"], "text": lines}})
    return out


def to_labelstudio(
    doc: Mapping[str, Any], *, as_annotations: bool = False, version: str | None = None
) -> dict[str, Any]:
    """Convert a gold (or ``govbrief annotate``) document into a Label Studio task.

    Args:
        doc: the gold-format document.
        as_annotations: write the spans as a finished annotation (for reviewing gold)
            instead of as a prediction (pre-annotation).
        version: ``model_version`` of the prediction (default ``govbrief <version>``).

    Returns:
        The task: ``data`` (text and govbrief metadata) and ``predictions`` or
        ``annotations``.
    """
    data: dict[str, Any] = {"text": doc["text"], ID_KEY: doc.get("id")}
    for key in DOC_META:
        if doc.get(key) is not None:
            data[key] = doc[key]
    if as_annotations:
        return {"data": data, "annotations": [{"result": to_results(doc, scores=False),
                                               "was_cancelled": False}]}
    spans = doc.get("spans", [])
    score = sum(span_score(s) for s in spans) / len(spans) if spans else 1.0
    prediction = {"model_version": version or model_version(), "score": round(score, 4),
                  "result": to_results(doc)}
    return {"data": data, "predictions": [prediction]}

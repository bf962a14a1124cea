"""What every converter shares: labels, label maps, span attributes, checks, atomic writes.

A converted document is a gold-format dict (ANNOTATION.md §1). Converters never guess: a
span whose label is unknown, whose offsets fall outside the text, or whose recorded surface
differs from the text at its offsets is an error naming the file, the line (or task) and
the span. Spans are trimmed of edge whitespace (annotation tools make selecting a trailing
space easy; the contract forbids it) and the number of trimmed spans is reported.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from .._files import temp_sibling
from ..errors import GoldFormatError, UsageError
from ..evaluate import LABELS

#: Keys of a gold span that are not attributes.
SPAN_KEYS = ("start", "end", "label")
#: Keys the pipeline adds to spans for provenance; not carried into annotation tools.
PROVENANCE_KEYS = ("text", "source", "rule_id", "score")
#: Attributes a label must carry in gold (ANNOTATION.md §2), checked as warnings.
REQUIRED_ATTRS = {"DATE": ("value",), "COUNT": ("value", "unit")}
#: Document-level keys carried through annotation tools as metadata.
DOC_META = ("published", "script", "sections", "officials")


class ConvertError(GoldFormatError):
    """An input file cannot be converted (the message names file, line/task and span)."""


@dataclass
class Stats:
    """Counts a conversion reports.

    Attributes:
        documents: documents converted.
        spans: spans written.
        trimmed: spans whose edge whitespace was removed.
        adjusted: spans snapped to token boundaries (DocBin).
        dropped: spans that could not be represented (DocBin: overlapping after snapping).
        skipped: tasks without a usable annotation (Label Studio).
        missing_values: ``(where, label, surface)`` of DATE/COUNT spans without their
            required attributes.
    """

    documents: int = 0
    spans: int = 0
    trimmed: int = 0
    adjusted: int = 0
    dropped: int = 0
    skipped: int = 0
    missing_values: list[tuple[str, str, str]] = field(default_factory=list)

    def summary(self) -> str:
        """One line for stderr."""
        parts = [f"{self.documents} documents", f"{self.spans} spans"]
        if self.trimmed:
            parts.append(f"{self.trimmed} trimmed of edge whitespace")
        if self.adjusted:
            parts.append(f"{self.adjusted} snapped to token boundaries")
        if self.dropped:
            parts.append(f"{self.dropped} dropped")
        if self.skipped:
            parts.append(f"{self.skipped} tasks skipped (no annotation)")
        if self.missing_values:
            parts.append(f"{len(self.missing_values)} DATE/COUNT spans without values")
        return ", ".join(parts)


def parse_label_map(items: Iterable[str] | None) -> dict[str, str]:
    """Turn ``["PER=PERSON", "LOC=GPE"]`` into a mapping.

    Raises:
        UsageError: for an item without ``=`` or mapping to an unknown label.
    """
    out: dict[str, str] = {}
    for item in items or ():
        src, sep, dst = item.partition("=")
        if not sep or not src.strip() or not dst.strip():
            raise UsageError(f"--label-map takes FROM=TO, not {item!r}")
        dst = dst.strip()
        if dst not in LABELS:
            raise UsageError(
                f"--label-map {item!r}: {dst!r} is not a govbrief label ({', '.join(LABELS)})"
            )
        out[src.strip()] = dst
    return out


def map_label(label: Any, label_map: Mapping[str, str], where: str) -> str:
    """The govbrief label for a tool's label.

    Raises:
        ConvertError: when the label is neither a govbrief label nor mapped.
    """
    if isinstance(label, str) and label in label_map:
        return label_map[label]
    if isinstance(label, str) and label in LABELS:
        return label
    raise ConvertError(
        f"{where}: unknown label {label!r}; govbrief labels are {', '.join(LABELS)} "
        f"(map others with --label-map {label}=LABEL)"
    )


def span_attrs(span: Mapping[str, Any]) -> dict[str, Any]:
    """The attributes of a gold span (everything but offsets, label and provenance)."""
    return {k: v for k, v in span.items() if k not in SPAN_KEYS and k not in PROVENANCE_KEYS}


def attr_key(start: int, end: int, label: str) -> str:
    """The key under which a span's attributes travel through a tool: ``start:end:LABEL``."""
    return f"{start}:{end}:{label}"


def make_span(
    text: str,
    start: Any,
    end: Any,
    label: str,
    where: str,
    stats: Stats,
    surface: str | None = None,
) -> dict[str, Any] | None:
    """A checked gold span; ``None`` when it is only whitespace.

    Args:
        text: the document text.
        start: start offset as the tool gave it.
        end: end offset as the tool gave it.
        label: the govbrief label (already mapped).
        where: ``file:line`` or ``file task N`` for messages.
        stats: counts ``trimmed``.
        surface: the span text the tool recorded, checked against ``text[start:end]``.

    Raises:
        ConvertError: offsets that are not integers, out of range, or whose text differs.
    """
    tag = f"{where} span {start}-{end} {label}"
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool):
        raise ConvertError(f"{tag}: offsets must be integers")
    if not 0 <= start < end <= len(text):
        raise ConvertError(f"{tag}: offsets outside the text (length {len(text)})")
    if surface is not None and text[start:end] != surface:
        raise ConvertError(
            f"{tag}: the tool's span text {surface!r} differs from the text at these offsets "
            f"{text[start:end]!r} (was the text changed after annotation?)"
        )
    s, e = start, end
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e <= s:
        stats.trimmed += 1
        return None
    if (s, e) != (start, end):
        stats.trimmed += 1
    return {"start": s, "end": e, "label": label}


def finish_doc(doc: dict[str, Any], where: str, stats: Stats) -> dict[str, Any]:
    """Sort the spans, reject overlaps, note missing values, validate the document.

    Raises:
        ConvertError: overlapping spans (the contract forbids overlap and nesting), or a
            document the project's gold reader rejects.
    """
    from ..evaluate.gold import _check

    spans = sorted(doc.get("spans", []), key=lambda s: (s["start"], s["end"]))
    for prev, cur in zip(spans, spans[1:], strict=False):
        if cur["start"] < prev["end"]:
            text = doc["text"]
            raise ConvertError(
                f"{where}: span {cur['start']}-{cur['end']} {cur['label']} "
                f"{text[cur['start']:cur['end']]!r} overlaps span {prev['start']}-{prev['end']} "
                f"{prev['label']} {text[prev['start']:prev['end']]!r} (gold spans never overlap)"
            )
    doc["spans"] = spans
    for s in spans:
        for key in REQUIRED_ATTRS.get(s["label"], ()):
            if s.get(key) is None:
                stats.missing_values.append((where, s["label"], doc["text"][s["start"]:s["end"]]))
                break
    stats.documents += 1
    stats.spans += len(spans)
    return _check(doc, where)


def gold_skeleton(doc_id: str, text: str, meta: Mapping[str, Any]) -> dict[str, Any]:
    """A gold document with the metadata a tool carried (or defaults)."""
    return {
        "id": doc_id,
        "text": text,
        "published": meta.get("published"),
        "script": meta.get("script") or _guess_script(text),
        "spans": [],
        "sections": list(meta.get("sections") or []),
        "officials": list(meta.get("officials") or []),
    }


def _guess_script(text: str) -> str:
    from ..normalize import normalize
    from ..pipeline import detect_script

    return detect_script(text, normalize(text))


def write_atomic(path: str | os.PathLike, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary sibling renamed into place."""
    target = Path(path)
    tmp = temp_sibling(target)
    try:
        with open(tmp, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise

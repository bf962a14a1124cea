"""Evaluate predicted documents against gold annotations (ANNOTATION.md §1).

:func:`evaluate` returns a metrics dict:

- ``labels``: per label, strict (exact offsets and label) and partial (overlap, same
  label, one to one) precision/recall/F1;
- ``micro``: strict and partial over all labels;
- ``values``: DATE value accuracy and COUNT value+unit accuracy on strictly matched spans;
- ``sections``: section-province accuracy (each gold section against the predicted
  section that overlaps it most);
- ``officials``: name F1 and name+title F1 over per-document sets;
- ``errors``: every miss and false alarm, with its kind (missed, spurious, boundary,
  wrong_label, wrong_value) and context.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable

from ..errors import GoldFormatError
from .gold import iter_gold, read_gold
from .scorer import Accuracy, PRFScore, overlap_matches

LABELS = ("DATE", "PERSON", "TITLE", "AGENCY", "ORG", "GPE", "COUNT", "CAMPAIGN")


def _norm_title(title: str) -> str:
    return "".join(title.split())


def _values_equal(gold: Any, pred: Any) -> bool:
    if isinstance(gold, (int, float)) and isinstance(pred, (int, float)):
        return abs(float(gold) - float(pred)) < 1e-6 * max(1.0, abs(float(gold)))
    return gold == pred


def _context(text: str, start: int, end: int, width: int = 12) -> str:
    left = text[max(0, start - width) : start].replace("\n", " ")
    right = text[end : end + width].replace("\n", " ")
    return f"{left}[{text[start:end]}]{right}"


def _span_errors(doc_id: str, text: str, gold: list[dict], pred: list[dict]) -> list[dict]:
    errors = []
    gold_keys = {(s["start"], s["end"], s["label"]) for s in gold}
    pred_keys = {(s["start"], s["end"], s["label"]) for s in pred}
    pred_by_offsets = {(s["start"], s["end"]): s for s in pred}

    def entry(kind: str, label: str, s: dict, other: dict | None = None) -> dict:
        item = {"doc": doc_id, "label": label, "kind": kind, "start": s["start"],
                "end": s["end"], "text": text[s["start"] : s["end"]],
                "context": _context(text, s["start"], s["end"])}
        if other is not None:
            item["other"] = {k: other.get(k) for k in ("start", "end", "label", "value")}
            item["other"]["text"] = text[other["start"] : other["end"]]
        return item

    explained_pred: set[tuple[int, int, str]] = set()
    for g in gold:
        key = (g["start"], g["end"], g["label"])
        if key in pred_keys:
            continue
        same = pred_by_offsets.get((g["start"], g["end"]))
        if same is not None:
            errors.append(entry("wrong_label", g["label"], g, same))
            explained_pred.add((same["start"], same["end"], same["label"]))
            continue
        over = [p for p in pred if p["label"] == g["label"]
                and p["start"] < g["end"] and g["start"] < p["end"]
                and (p["start"], p["end"], p["label"]) not in gold_keys]
        if over:
            errors.append(entry("boundary", g["label"], g, over[0]))
            explained_pred.update((p["start"], p["end"], p["label"]) for p in over)
        else:
            errors.append(entry("missed", g["label"], g))
    for p in pred:
        key = (p["start"], p["end"], p["label"])
        if key in gold_keys or key in explained_pred:
            continue
        errors.append(entry("spurious", p["label"], p))
    return errors


def _province_for(sections: list[dict], start: int, end: int) -> Any:
    best, best_len = None, 0
    for sec in sections:
        inter = min(end, sec["end"]) - max(start, sec["start"])
        if inter > best_len:
            best, best_len = sec.get("province"), inter
    return best


def evaluate(
    gold_docs: Iterable[dict[str, Any]],
    pred_docs: Iterable[dict[str, Any]],
    labels: Iterable[str] | None = None,
) -> dict[str, Any]:
    """Score predictions against gold.

    Args:
        gold_docs: gold documents (ANNOTATION.md §1).
        pred_docs: predicted documents with the same ids (``govbrief annotate`` output).
        labels: restrict span scores to these labels (default: all eight).

    Returns:
        The metrics dict described in the module docstring.

    Raises:
        GoldFormatError: when a gold document has no prediction or texts differ.
    """
    wanted = tuple(labels) if labels else LABELS
    preds = {d["id"]: d for d in pred_docs}
    strict = {lab: PRFScore() for lab in wanted}
    partial = {lab: PRFScore() for lab in wanted}
    date_acc, count_acc = Accuracy(), Accuracy()
    section_acc = Accuracy()
    names, name_titles = PRFScore(), PRFScore()
    errors: list[dict] = []
    n_docs = 0
    for gold in gold_docs:
        n_docs += 1
        pred = preds.get(gold["id"])
        if pred is None:
            raise GoldFormatError(f"no prediction for gold document {gold['id']!r}")
        if pred.get("text") not in (None, gold["text"]):
            raise GoldFormatError(f"document {gold['id']!r}: predicted text differs from gold")
        text = gold["text"]
        g_spans = [s for s in gold["spans"] if s["label"] in wanted]
        p_spans = [s for s in pred.get("spans", []) if s["label"] in wanted]
        for lab in wanted:
            gs = {(s["start"], s["end"]) for s in g_spans if s["label"] == lab}
            ps = {(s["start"], s["end"]) for s in p_spans if s["label"] == lab}
            strict[lab].score_set(ps, gs)
            hits = overlap_matches(ps, gs)
            partial[lab] += PRFScore(hits, len(ps) - hits, len(gs) - hits)
        errors.extend(_span_errors(gold["id"], text, g_spans, p_spans))
        p_index = {(s["start"], s["end"], s["label"]): s for s in p_spans}
        for g in g_spans:
            p = p_index.get((g["start"], g["end"], g["label"]))
            if p is None:
                continue
            if g["label"] == "DATE":
                ok = g.get("value") == p.get("value")
                date_acc.add(ok)
            elif g["label"] == "COUNT":
                ok = _values_equal(g.get("value"), p.get("value")) and g.get("unit") == p.get(
                    "unit"
                )
                count_acc.add(ok)
            else:
                continue
            if not ok:
                item = {"doc": gold["id"], "label": g["label"], "kind": "wrong_value",
                        "start": g["start"], "end": g["end"], "text": text[g["start"] : g["end"]],
                        "context": _context(text, g["start"], g["end"]),
                        "gold": {k: g.get(k) for k in ("value", "unit", "approx", "object")},
                        "pred": {k: p.get(k) for k in ("value", "unit", "approx", "object")}}
                errors.append(item)
        for sec in gold.get("sections", []):
            got = _province_for(pred.get("sections", []), sec["start"], sec["end"])
            section_acc.add(got == sec.get("province"))
            if got != sec.get("province"):
                errors.append({"doc": gold["id"], "label": "SECTION", "kind": "wrong_value",
                               "start": sec["start"], "end": sec["end"],
                               "text": text[sec["start"] : sec["start"] + 20],
                               "context": _context(text, sec["start"], sec["start"] + 20),
                               "gold": sec.get("province"), "pred": got})
        g_off = gold.get("officials", [])
        p_off = pred.get("officials", [])
        names.score_set({o["name"] for o in p_off}, {o["name"] for o in g_off})
        gp = {(o["name"], _norm_title(t)) for o in g_off for t in o.get("titles", [])}
        pp = {(o["name"], _norm_title(t)) for o in p_off for t in o.get("titles", [])}
        name_titles.score_set(pp, gp)
        for name, title in sorted(gp - pp):
            errors.append({"doc": gold["id"], "label": "OFFICIAL", "kind": "missed",
                           "text": f"{name}: {title}"})
        for name, title in sorted(pp - gp):
            errors.append({"doc": gold["id"], "label": "OFFICIAL", "kind": "spurious",
                           "text": f"{name}: {title}"})
    micro_s, micro_p = PRFScore(), PRFScore()
    for lab in wanted:
        micro_s += strict[lab]
        micro_p += partial[lab]
    return {
        "documents": n_docs,
        "labels": {lab: {"strict": strict[lab].to_dict(), "partial": partial[lab].to_dict()}
                   for lab in wanted},
        "micro": {"strict": micro_s.to_dict(), "partial": micro_p.to_dict()},
        "values": {"DATE": date_acc.to_dict(), "COUNT": count_acc.to_dict()},
        "sections": section_acc.to_dict(),
        "officials": {"name": names.to_dict(), "name_title": name_titles.to_dict()},
        "errors": errors,
    }


def flat_scores(result: dict[str, Any]) -> dict[str, float]:
    """The headline numbers of an :func:`evaluate` result as one flat dict.

    Keys: ``micro_f``, ``<LABEL>_f`` (strict F1), ``date_value_acc``, ``count_value_acc``,
    ``section_acc``, ``officials_name_f``, ``officials_name_title_f``.
    """
    out = {"micro_f": result["micro"]["strict"]["f"],
           "date_value_acc": result["values"]["DATE"]["acc"],
           "count_value_acc": result["values"]["COUNT"]["acc"],
           "section_acc": result["sections"]["acc"],
           "officials_name_f": result["officials"]["name"]["f"],
           "officials_name_title_f": result["officials"]["name_title"]["f"]}
    for label, d in result["labels"].items():
        out[f"{label}_f"] = d["strict"]["f"]
    return out


def group_errors(errors: list[dict]) -> dict[tuple[str, str], list[dict]]:
    """Errors grouped by (label, kind), largest groups first."""
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for e in errors:
        groups[(e["label"], e["kind"])].append(e)
    return dict(sorted(groups.items(), key=lambda kv: -len(kv[1])))


__all__ = ["evaluate", "flat_scores", "group_errors", "iter_gold", "read_gold", "PRFScore", "LABELS"]

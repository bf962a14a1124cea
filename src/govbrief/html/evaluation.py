"""The ``govbrief evaluate --html`` page: scores as bars, every error in its sentence."""

from __future__ import annotations

from collections import Counter
from typing import Any, Iterable, Mapping

from ..evaluate import group_errors
from ._common import esc, page

_BOUNDARIES = "。！？!?；;\n"
_KINDS = ("missed", "spurious", "boundary", "wrong_label", "wrong_value")


def _bar(value: float | None, cls: str = "") -> str:
    """A horizontal bar for a score in [0, 1]; ``None`` (nothing to score) is a dash."""
    if value is None:
        return '<div class="bar na"><div class="track"></div><em>—</em></div>'
    pct = max(0.0, min(1.0, float(value))) * 100
    if value < 0.8:
        cls += " low"
    return (f'<div class="bar {cls}" title="{value:.3f}"><div class="track">'
            f'<span style="width:{pct:.1f}%"></span></div><em>{value:.3f}</em></div>')


def _kpi(caption: str, value: float | None, detail: str = "") -> str:
    shown = "—" if value is None else f"{value:.3f}"
    return (f'<div class="kpi"><div class="v">{shown}</div><div class="k">{esc(caption)}'
            f'{"<br>" + esc(detail) if detail else ""}</div></div>')


def _label_table(result: Mapping[str, Any]) -> str:
    head = ("<thead><tr><th>label</th><th>gold</th><th>pred</th>"
            "<th>strict P</th><th>strict R</th><th>strict F1</th>"
            "<th>partial P</th><th>partial R</th><th>partial F1</th></tr></thead>")
    rows = []
    items = list(result["labels"].items()) + [("micro", result["micro"])]
    for label, d in items:
        s, p = d["strict"], d["partial"]
        if s["tp"] + s["fp"] + s["fn"] == 0:  # nothing in gold nor predicted
            s = p = {**s, "p": None, "r": None, "f": None}
        name = (f'<span class="chip" data-label="{esc(label)}">{esc(label)}</span>'
                if label != "micro" else "<b>micro</b>")
        rows.append(
            f"<tr><td>{name}</td><td class=\"num\">{s['tp'] + s['fn']}</td>"
            f"<td class=\"num\">{s['tp'] + s['fp']}</td>"
            f"<td>{_bar(s['p'])}</td><td>{_bar(s['r'], 'r')}</td><td>{_bar(s['f'], 'f')}</td>"
            f"<td>{_bar(p['p'], 'partial')}</td><td>{_bar(p['r'], 'r partial')}</td>"
            f"<td>{_bar(p['f'], 'f partial')}</td></tr>")
    return f'<table class="scores labels">{head}<tbody>{"".join(rows)}</tbody></table>'


def _acc(d: Mapping[str, Any]) -> float | None:
    return d["acc"] if d.get("total") else None


def _other_table(result: Mapping[str, Any]) -> str:
    v, sec, off = result["values"], result["sections"], result["officials"]
    rows = [
        ("DATE value accuracy (strictly matched spans)", _acc(v["DATE"]),
         f"{v['DATE']['correct']}/{v['DATE']['total']}"),
        ("COUNT value + unit accuracy (strictly matched spans)", _acc(v["COUNT"]),
         f"{v['COUNT']['correct']}/{v['COUNT']['total']}"),
        ("section province accuracy", _acc(sec), f"{sec['correct']}/{sec['total']}"),
        ("officials: name F1", off["name"]["f"],
         f"tp {off['name']['tp']} · fp {off['name']['fp']} · fn {off['name']['fn']}"),
        ("officials: name + title F1", off["name_title"]["f"],
         f"tp {off['name_title']['tp']} · fp {off['name_title']['fp']} · "
         f"fn {off['name_title']['fn']}"),
    ]
    body = "".join(f"<tr><td>{esc(c)}</td><td style=\"width:45%\">{_bar(x, 'f')}</td>"
                   f"<td class=\"num\">{esc(n)}</td></tr>" for c, x, n in rows)
    return ('<table class="scores values"><thead><tr><th>measure</th><th>score</th>'
            f"<th>counts</th></tr></thead><tbody>{body}</tbody></table>")


def _window(text: str, start: int, end: int, width: int = 70) -> tuple[int, int]:
    """The sentence around ``[start, end)``, at most ``width`` characters either side."""
    lo = max(0, start - width)
    left = max((text.rfind(ch, lo, start) for ch in _BOUNDARIES), default=-1)
    s = left + 1 if left >= 0 else lo
    hi = min(len(text), end + width)
    rights = [i for i in (text.find(ch, end, hi) for ch in _BOUNDARIES) if i >= 0]
    e = min(rights) + 1 if rights else hi
    return s, e


def highlight(text: str, gold: tuple[int, int] | None, pred: tuple[int, int] | None) -> str:
    """The sentence holding the spans, with gold and predicted spans highlighted.

    Gold is green (``.g``), predicted red-dashed (``.p``), where both cover a character
    yellow (``.gp``); everything is escaped.
    """
    spans = [x for x in (gold, pred) if x is not None]
    if not spans:
        return ""
    start, end = min(x[0] for x in spans), max(x[1] for x in spans)
    s, e = _window(text, start, end)
    cuts = sorted({s, e, *(c for x in spans for c in x if s <= c <= e)})
    out = ["…" if s > 0 and text[s - 1] not in _BOUNDARIES else ""]
    for a, b in zip(cuts, cuts[1:], strict=False):
        in_g = gold is not None and gold[0] <= a < gold[1]
        in_p = pred is not None and pred[0] <= a < pred[1]
        piece = esc(text[a:b].replace("\n", " "))
        cls = "gp" if in_g and in_p else "g" if in_g else "p" if in_p else ""
        out.append(f'<span class="{cls}">{piece}</span>' if cls else piece)
    if e < len(text) and text[e - 1] not in _BOUNDARIES:
        out.append("…")
    return "".join(out)


def _fmt_value(d: Any) -> str:
    if isinstance(d, Mapping):
        return " ".join(f"{k}={v}" for k, v in d.items() if v is not None) or "—"
    return "—" if d is None else str(d)


def render_error(e: Mapping[str, Any], texts: Mapping[str, str]) -> str:
    """One error: document id, the sentence with gold/pred highlighted, and a note."""
    kind, label = e["kind"], e["label"]
    text = texts.get(e.get("doc"))
    gold = pred = None
    note = ""
    if "start" in e:
        span = (e["start"], e["end"])
        other = e.get("other")
        if kind == "spurious":
            pred = span
            note = f'<span class="tag pred">pred {esc(label)}</span>'
        elif kind == "missed":
            gold = span
            note = f'<span class="tag gold">gold {esc(label)}</span>'
        elif kind in ("boundary", "wrong_label") and other:
            gold, pred = span, (other["start"], other["end"])
            note = (f'<span class="tag gold">gold {esc(label)} “{esc(e.get("text"))}”</span>'
                    f'<span class="tag pred">pred {esc(other.get("label"))} '
                    f'“{esc(other.get("text"))}”</span>')
        elif kind == "wrong_value":
            if label == "SECTION":
                gold = span if text is None else (span[0], min(span[1], span[0] + 1))
            else:
                gold = pred = span
            note = (f'<span class="tag gold">gold {esc(_fmt_value(e.get("gold")))}</span>'
                    f'<span class="tag pred">pred {esc(_fmt_value(e.get("pred")))}</span>')
        else:
            gold = span
    if text is not None and (gold or pred):
        ctx = highlight(text, gold, pred)
    else:
        ctx = esc(e.get("context") or e.get("text") or "")
    return (f'<li class="err" data-label="{esc(label)}" data-kind="{esc(kind)}">'
            f'<span class="doc mono">{esc(e.get("doc"))}</span><span class="ctx">{ctx}</span>'
            f"{note}</li>")


def _matrix(errors: list[Mapping[str, Any]]) -> str:
    counts = Counter((e["label"], e["kind"]) for e in errors)
    labels = list(dict.fromkeys(e["label"] for e in errors))
    kinds = [k for k in _KINDS if any(kk == k for _, kk in counts)] + sorted(
        {k for _, k in counts} - set(_KINDS))
    head = "<tr><th>label</th>" + "".join(f"<th>{esc(k)}</th>" for k in kinds) + "<th>all</th></tr>"
    rows = "".join(
        f"<tr><td>{esc(lab)}</td>" + "".join(
            f'<td class="num">{counts.get((lab, k), "") or ""}</td>' for k in kinds)
        + f'<td class="num"><b>{sum(counts.get((lab, k), 0) for k in kinds)}</b></td></tr>'
        for lab in sorted(labels))
    return f'<table class="grid matrix"><thead>{head}</thead><tbody>{rows}</tbody></table>'


def render_evaluation(
    result: Mapping[str, Any],
    gold_docs: Iterable[Mapping[str, Any]] = (),
    title: str = "govbrief evaluate",
    groups: Mapping[str, Mapping[str, Any]] | None = None,
) -> str:
    """An :func:`govbrief.evaluate.evaluate` result as one self-contained HTML page.

    Args:
        result: the metrics dict (with ``errors``).
        gold_docs: the gold documents, to show each error in its sentence; without them
            the short context string of each error is shown.
        title: the page title.
        groups: optional per-group results (``--by script``), shown as a small table.
    """
    texts = {d["id"]: d["text"] for d in gold_docs if "id" in d and "text" in d}
    micro = result["micro"]
    errors = list(result.get("errors") or [])
    parts = ['<div class="kpis">',
             _kpi("micro F1, strict", micro["strict"]["f"]),
             _kpi("micro F1, partial", micro["partial"]["f"]),
             _kpi("DATE value accuracy", _acc(result["values"]["DATE"])),
             _kpi("COUNT value+unit accuracy", _acc(result["values"]["COUNT"])),
             _kpi("section province accuracy", _acc(result["sections"])),
             _kpi("officials name+title F1", result["officials"]["name_title"]["f"]),
             "</div>",
             "<h2>Spans per label</h2>",
             '<p class="muted">Strict: same offsets and label. Partial: overlapping, same label, '
             "one to one. Bars: precision (blue), recall (green), F1 (dark); partial bars are "
             "paler.</p>",
             _label_table(result),
             "<h2>Values, sections and officials</h2>",
             _other_table(result)]
    if groups:
        rows = "".join(
            f"<tr><td>{esc(name)}</td><td class=\"num\">{g['documents']}</td>"
            f"<td>{_bar(g['micro']['strict']['f'], 'f')}</td>"
            f"<td>{_bar(_acc(g['sections']), 'f')}</td></tr>" for name, g in groups.items())
        parts.append("<h2>By group</h2><table class=\"scores groups\"><thead><tr><th>group</th>"
                     "<th>documents</th><th>micro F1 (strict)</th><th>section accuracy</th>"
                     f"</tr></thead><tbody>{rows}</tbody></table>")
    parts.append(f"<h2>Errors ({len(errors)})</h2>")
    if errors:
        parts.append('<p class="muted">Each error in its sentence: '
                     '<span class="g swatch">gold</span>'
                     '<span class="p swatch">predicted</span><span class="gp swatch">both</span>. '
                     "Groups by label and kind, largest first.</p>")
        parts.append(_matrix(errors))
        for (label, kind), items in group_errors(errors).items():
            lis = "".join(render_error(e, texts) for e in items)
            parts.append(f'<details class="errgroup" open data-label="{esc(label)}" '
                         f'data-kind="{esc(kind)}"><summary><span class="chip" '
                         f'data-label="{esc(label)}">{esc(label)}</span> {esc(kind)} · '
                         f"{len(items)}</summary><ol>{lis}</ol></details>")
    else:
        parts.append('<p class="empty">No errors.</p>')
    subtitle = (f"{result['documents']} document(s) · {len(result['labels'])} label(s) · "
                f"{len(errors)} error(s)")
    return page(title, subtitle, "\n".join(parts))

"""Render evaluation results as text tables."""

from __future__ import annotations

from typing import Any

from . import group_errors


def _row(name: str, d: dict[str, Any]) -> str:
    s, p = d["strict"], d["partial"]
    return (f"{name:<10} {s['p']:6.3f} {s['r']:6.3f} {s['f']:6.3f}   "
            f"{p['p']:6.3f} {p['r']:6.3f} {p['f']:6.3f}   {s['tp'] + s['fn']:5d} {s['tp'] + s['fp']:5d}")


def render(result: dict[str, Any], title: str = "") -> str:
    """A human-readable table of an :func:`govbrief.evaluate.evaluate` result."""
    lines = []
    if title:
        lines.append(title)
    lines.append(f"documents: {result['documents']}")
    lines.append(f"{'label':<10} {'P':>6} {'R':>6} {'F1':>6}   {'P~':>6} {'R~':>6} {'F1~':>6}"
                 f"   {'gold':>5} {'pred':>5}")
    lines.append(f"{'':<10} {'strict':^20}   {'partial':^20}")
    for lab, d in result["labels"].items():
        lines.append(_row(lab, d))
    lines.append(_row("micro", result["micro"]))
    v = result["values"]
    lines.append(f"DATE value accuracy (matched):        {v['DATE']['acc']:.3f} "
                 f"({v['DATE']['correct']}/{v['DATE']['total']})")
    lines.append(f"COUNT value+unit accuracy (matched):  {v['COUNT']['acc']:.3f} "
                 f"({v['COUNT']['correct']}/{v['COUNT']['total']})")
    sec = result["sections"]
    lines.append(f"section-province accuracy:            {sec['acc']:.3f} "
                 f"({sec['correct']}/{sec['total']})")
    o = result["officials"]
    lines.append(f"officials name F1:                    {o['name']['f']:.3f}")
    lines.append(f"officials name+title F1:              {o['name_title']['f']:.3f}")
    return "\n".join(lines)


def render_errors(errors: list[dict], limit: int | None = None) -> str:
    """Every error, grouped by label and kind, largest groups first."""
    lines = []
    for (label, kind), items in group_errors(errors).items():
        lines.append(f"== {label} {kind}: {len(items)}")
        for e in items[:limit]:
            extra = ""
            if "other" in e:
                o = e["other"]
                extra = f"  (pred {o['label']} {o['text']!r})" if kind != "boundary" else \
                    f"  (pred {o['text']!r})"
            if kind == "wrong_value":
                extra = f"  gold={e.get('gold')} pred={e.get('pred')}"
            ctx = e.get("context", e.get("text"))
            lines.append(f"  {e['doc']}: {ctx}{extra}")
    return "\n".join(lines)

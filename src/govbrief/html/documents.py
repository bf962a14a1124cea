"""The ``govbrief show`` page: documents with their entities, sections and records.

Everything here is a pure function of plain dicts (see :func:`render_documents` for the
shape), so the page can be built and tested without running the pipeline.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Iterable, Mapping

from ._common import LABELS, esc, legend, page

# Span attributes shown in the tooltip, in this order, with their captions.
_TIP_FIELDS = (("value", "value"), ("unit", "unit"), ("approx", "approx"), ("min", "min"),
               ("object", "object"), ("name", "name"), ("code", "code"), ("kind", "kind"),
               ("role", "role"))


def _tooltip(span: Mapping[str, Any]) -> str:
    lines = [f"{span['label']}  ·  {span.get('text', '')}"]
    for key, caption in _TIP_FIELDS:
        if span.get(key) not in (None, "", [], {}):
            lines.append(f"{caption}: {span[key]}")
    official = span.get("official")
    if official:
        lines.append(f"official: {official.get('name')}")
        lines.extend(f"  · {t}" for t in official.get("titles", []))
    source = span.get("source") or "?"
    rule = span.get("rule_id")
    lines.append(f"source: {source}" + (f" ({rule})" if rule else ""))
    return "\n".join(lines)


def _mark(text: str, span: Mapping[str, Any]) -> str:
    label = span["label"]
    cls = "ent model" if span.get("source") == "model" else "ent"
    return (f'<mark class="{cls}" data-label="{esc(label)}" data-tip="{esc(_tooltip(span))}">'
            f'{esc(text)}<span class="lbl">{esc(label)}</span></mark>')


def render_text(text: str, spans: Iterable[Mapping[str, Any]], start: int = 0,
                end: int | None = None) -> str:
    """``text[start:end]`` escaped, with every span inside it wrapped in a ``<mark>``.

    Spans are clipped to the range; a span overlapping an earlier one is left out
    (spans never overlap in valid output, but the page must not break when they do).
    """
    end = len(text) if end is None else end
    out, pos = [], start
    for span in sorted(spans, key=lambda s: (s["start"], -s["end"])):
        s, e = max(span["start"], start), min(span["end"], end)
        if s >= e or s < pos:
            continue
        out.append(esc(text[pos:s]))
        out.append(_mark(text[s:e], span))
        pos = e
    out.append(esc(text[pos:end]))
    return "".join(out)


def _cuts(doc: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The document's sections, gaps included, so every character is shown exactly once.

    A stretch of text no section covers becomes a section without a province.
    """
    text = doc.get("text") or ""
    cuts, pos = [], 0
    for sec in sorted(doc.get("sections") or [], key=lambda s: s["start"]):
        s, e = max(sec["start"], pos), min(sec["end"], len(text))
        if s > pos:
            cuts.append({"start": pos, "end": s, "province": None, "gap": True})
        if e > s:
            cuts.append({"start": s, "end": e, "province": sec.get("province")})
            pos = e
    if pos < len(text) or not cuts:
        cuts.append({"start": pos, "end": len(text), "province": None, "gap": bool(cuts)})
    return cuts


def _items(entries: list[Mapping[str, Any]], fmt: Any) -> str:
    """A list of formatted entries; repeated identical entries are shown once, ×N."""
    if not entries:
        return '<span class="empty">—</span>'
    seen = Counter(fmt(x) for x in entries)
    return "<ul>" + "".join(
        f"<li>{item}" + (f' <span class="muted">×{n}</span>' if n > 1 else "") + "</li>"
        for item, n in seen.items()) + "</ul>"


def _arrow(surface: Any, value: Any, mono: bool = False) -> str:
    if value in (None, "") or value == surface:
        return esc(surface)
    cls = "val" if mono else "norm"
    return f'{esc(surface)}<span class="arrow">→</span><span class="{cls}">{esc(value)}</span>'


def _count(c: Mapping[str, Any]) -> str:
    value = c.get("value")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    parts = [f"{value}" if value is not None else "?", c.get("unit") or ""]
    extra = [x for x in (c.get("approx"), c.get("object") and f"object {c['object']}") if x]
    norm = " ".join(p for p in parts if p) + (f" ({', '.join(extra)})" if extra else "")
    return _arrow(c.get("text"), norm, mono=True)


def _official(o: Mapping[str, Any]) -> str:
    titles = "；".join(o.get("titles") or [])
    return f"<b>{esc(o.get('name'))}</b>" + (
        f' <span class="titles">{esc(titles)}</span>' if titles else "")


def render_record(rec: Mapping[str, Any]) -> str:
    """The side panel of one record (ANNOTATION.md §5)."""
    code = f' <span class="muted mono">{esc(rec["province_code"])}</span>' \
        if rec.get("province_code") else ""
    rows = [
        ("dates", "DATE", lambda d: _arrow(d.get("text"), d.get("value"), mono=True)),
        ("officials", "PERSON", _official),
        ("agencies", "AGENCY", lambda a: _arrow(a.get("text"), a.get("name"))),
        ("counts", "COUNT", _count),
        ("campaigns", "CAMPAIGN", lambda c: esc(c.get("name") or c.get("text")) + (
            f' <span class="muted">({esc(c["kind"])})</span>' if c.get("kind") else "")),
        ("organizations", "ORG", lambda o: _arrow(o.get("text"), o.get("name"))),
        ("locations", "GPE", lambda g: _arrow(g.get("text"), g.get("name"))),
    ]
    body = []
    for field, label, fmt in rows:
        entries = list(rec.get(field) or [])
        if not entries and field in ("organizations", "locations"):
            continue
        body.append(f'<tr><th><span class="chip" data-label="{label}">{esc(field)}</span></th>'
                    f"<td>{_items(entries, fmt)}</td></tr>")
    if rec.get("reporters"):
        body.append(f'<tr><th>reporters</th><td>{esc("、".join(rec["reporters"]))}</td></tr>')
    return (f'<div class="record"><h3>record · {esc(rec.get("province"))}{code}</h3>'
            f'<table>{"".join(body)}</table></div>')


def _band(n: int, cut: Mapping[str, Any], byline: list[str]) -> str:
    prov = cut.get("province")
    if prov:
        name = f'<span class="prov">{esc(prov)}</span>'
    elif cut.get("gap"):
        name = '<span class="prov">outside any section</span>'
    else:
        name = ('<span class="prov">no province</span> '
                '<span class="muted">national or unplaced</span>')
    by = f'<span>byline: {esc("、".join(byline))}</span>' if byline else ""
    cls = "band" if prov else "band none"
    return (f'<div class="{cls}"><span class="muted">§{n}</span>{name}{by}'
            f'<span class="span mono">chars {cut["start"]}–{cut["end"]}</span></div>')


def render_document(doc: Mapping[str, Any], anchor: str = "") -> str:
    """One document card: header, then per section a band, the text and the record."""
    text = doc.get("text") or ""
    spans = list(doc.get("spans") or [])
    records = {r.get("province"): r for r in doc.get("records") or []}
    counts = Counter(s["label"] for s in spans)
    where = esc(doc.get("source") or "")
    if doc.get("line"):
        where += f":{esc(doc['line'])}"
    published = f'<span>published {esc(doc["published"])}</span>' if doc.get("published") else ""
    head = (f'<div class="head"><h2>{esc(doc.get("id"))}</h2>'
            f'<span class="muted mono">{where}</span>{published}'
            f'<span class="muted">{len(text)} chars · {len(spans)} entities · '
            f'{len(records)} record(s)</span>'
            f'{legend(dict(counts), [lab for lab in LABELS if counts.get(lab)], toggle=False)}'
            "</div>")
    rows, shown = [], {}
    for n, cut in enumerate(_cuts(doc), 1):
        inside = [s for s in spans if cut["start"] <= s["start"] < cut["end"]]
        byline = [s.get("text", "") for s in inside if s.get("role") == "reporter"]
        prov = cut.get("province")
        if prov in records and prov not in shown:
            shown[prov] = n
            side = render_record(records[prov])
        elif prov in records:
            side = (f'<div class="record cont">record of {esc(prov)}: see §{shown[prov]}'
                    " (one record per province)</div>")
        else:
            side = '<div class="record cont">no record for this part</div>'
        rows.append(_band(n, cut, byline)
                    + '<div class="text">'
                    + render_text(text, inside, cut["start"], cut["end"]) + "</div>"
                    + side)
    return (f'<section class="card doc" id="{esc(anchor)}">{head}'
            f'<div class="sections">{"".join(rows)}</div></section>')


def render_failures(failures: Iterable[Mapping[str, Any]]) -> str:
    """A table of the documents that could not be read or processed, with reasons."""
    rows = "".join(
        f"<tr><td class=\"mono\">{esc(f.get('source'))}</td><td>{esc(f.get('line') or '')}</td>"
        f"<td>{esc(f.get('id') or '')}</td><td>{esc(f.get('reason'))}</td></tr>"
        for f in failures)
    return ('<table class="grid fail failures"><thead><tr><th>source</th><th>line</th><th>id</th>'
            f"<th>reason</th></tr></thead><tbody>{rows}</tbody></table>")


def render_documents(
    docs_data: Iterable[Mapping[str, Any]],
    failures: Iterable[Mapping[str, Any]] = (),
    title: str = "govbrief show",
    subtitle: str | None = None,
) -> str:
    """The whole ``govbrief show`` page as one self-contained HTML string.

    Args:
        docs_data: one dict per document, as :func:`govbrief.html.document_data` builds:
            ``id``, ``source``, ``line``, ``published``, ``text`` (the original text),
            ``spans`` (gold-format spans with ``source``/``rule_id`` and the resolved
            attributes ``value``, ``unit``, ``name``, ``kind``, ``role``, ``official`` …),
            ``sections`` (``start``, ``end``, ``province``) and ``records`` (§5 records).
        failures: ``{"source", "line", "id", "reason"}`` per document that failed.
        title: the page title.
        subtitle: a line under the title (default: document and failure counts).

    Returns:
        The HTML page; every piece of input text is escaped.
    """
    docs, failures = list(docs_data), list(failures)
    totals = Counter(s["label"] for d in docs for s in d.get("spans") or [])
    if subtitle is None:
        subtitle = (f"{len(docs)} document(s) · {sum(totals.values())} entities · "
                    f"{sum(len(d.get('records') or []) for d in docs)} record(s) · "
                    f"{len(failures)} failed")
    parts = ['<p class="muted">Entities are highlighted by label (hover for value, normalised '
             "name and source; a dotted outline marks model predictions). Each band starts a "
             "section and names its province; the province's record is beside its text. "
             "Click a label below to hide or show it.</p>",
             legend(dict(totals))]
    if failures:
        parts.append(f"<h2>Documents that could not be read ({len(failures)})</h2>")
        parts.append(render_failures(failures))
    if len(docs) > 1:
        parts.append("<h2>Documents</h2><ol class=\"toc\">" + "".join(
            f'<li><span class="no">{n}.</span><a href="#doc-{n}">{esc(d.get("id"))}</a> '
            '<span class="muted">'
            f'{esc("、".join(r.get("province") or "" for r in d.get("records") or []))}</span></li>'
            for n, d in enumerate(docs, 1)) + "</ol>")
    if not docs:
        parts.append('<p class="empty">No document to show.</p>')
    parts.extend(render_document(d, f"doc-{n}") for n, d in enumerate(docs, 1))
    return page(title, subtitle, "\n".join(parts), script=True)

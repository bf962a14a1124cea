"""govbrief side by side with the offline peers, in one process over the same documents.

:func:`compare` runs govbrief (``Extractor.annotate``) and every installed peer of
:data:`govbrief.evaluate.peers.PEERS` on the gold texts, maps all spans (gold included) to
the comparable labels PERSON, GPE, ORGANIZATION (AGENCY + ORG) and DATE, and scores them
with :func:`govbrief.evaluate.evaluate`: strict and partial F1 per label, DATE value
accuracy on strictly matched spans for the systems that give values, and throughput.
:func:`render_compare` prints one table.
"""

from __future__ import annotations

import time
from typing import Any, Callable, Iterable

from . import evaluate
from .peers import (
    COMPARABLE_LABELS,
    FIXED_TIME_BASE,
    INPUTS,
    JIONLP_STATS,
    PEERS,
    Peer,
    comparable,
)

Span = dict[str, Any]
Runner = Callable[[dict[str, Any]], list[Span]]


def _gold_view(doc: dict[str, Any]) -> dict[str, Any]:
    """A gold document reduced to its comparable spans (sections and officials dropped)."""
    return {"id": doc["id"], "text": doc["text"], "published": doc.get("published"),
            "spans": comparable(doc.get("spans", []))}


def _run_system(
    docs: list[dict[str, Any]], run: Runner
) -> tuple[list[dict[str, Any]], float, list[str]]:
    """Predictions for every document, seconds spent, and the ids of documents that failed.

    A document on which a system raises gets no spans (and is listed), so one crash costs
    that system recall on one document instead of ending the comparison.
    """
    preds, failed = [], []
    elapsed = 0.0
    for doc in docs:
        t0 = time.perf_counter()
        try:
            spans = run(doc)
        except ImportError:
            raise
        except Exception:  # noqa: BLE001 - recorded and reported per system
            spans = []
            failed.append(doc["id"])
        elapsed += time.perf_counter() - t0
        preds.append({"id": doc["id"], "text": doc["text"], "spans": spans})
    return preds, elapsed, failed


def _score(
    name: str,
    gold: list[dict[str, Any]],
    preds: list[dict[str, Any]],
    labels: tuple[str, ...],
    values: bool,
    seconds: float,
    load_seconds: float,
    failed: list[str],
    input_kind: str,
) -> dict[str, Any]:
    res = evaluate(gold, preds, COMPARABLE_LABELS)
    dated = [d for d in gold if d.get("published")]
    row: dict[str, Any] = {
        "name": name,
        "input": input_kind,
        "covers": list(labels),
        "labels": {lab: res["labels"][lab] for lab in labels},
        "date_value": res["values"]["DATE"] if values and "DATE" in labels else None,
        "date_value_published": (
            evaluate(dated, preds, ("DATE",))["values"]["DATE"]
            if values and "DATE" in labels and dated else None
        ),
        "seconds": seconds,
        "load_seconds": load_seconds,
        "chars_per_s": sum(len(d["text"]) for d in gold) / seconds if seconds > 0 else None,
        "failed": failed,
        "errors": [e for e in res["errors"] if e["label"] in labels],
    }
    return row


def _govbrief_row(docs: list[dict[str, Any]], gold: list[dict[str, Any]],
                  extractor: Any = None) -> dict[str, Any]:
    t0 = time.perf_counter()
    if extractor is None:
        from ..api import Extractor

        extractor = Extractor()
    load = time.perf_counter() - t0

    def run(doc: dict[str, Any]) -> list[Span]:
        out = extractor.annotate(doc["text"], published=doc.get("published"), doc_id=doc["id"])
        return comparable(out.get("spans", []))

    run({"id": "warmup", "text": "9月2日,省政府召开会议。", "published": None})
    preds, seconds, failed = _run_system(docs, run)
    return _score("govbrief", gold, preds, COMPARABLE_LABELS, True, seconds, load, failed,
                  "original")


def _peer_row(peer: Peer, input: str, docs: list[dict[str, Any]],
              gold: list[dict[str, Any]], suffix: str = "") -> dict[str, Any]:
    def run(doc: dict[str, Any]) -> list[Span]:
        spans = peer.run(doc["text"], doc.get("published"), input)
        return [s for s in spans if s["label"] in peer.labels]

    t0 = time.perf_counter()
    peer.run("9月2日,省政府召开会议。", None, input)  # loads the model, imports
    load = time.perf_counter() - t0
    preds, seconds, failed = _run_system(docs, run)
    return _score(peer.name + suffix, gold, preds, peer.labels, peer.values, seconds, load,
                  failed, input)


def compare(
    gold_docs: Iterable[dict[str, Any]],
    peers: Iterable[str] | None = None,
    inputs: str = "best",
    extractor: Any = None,
    with_govbrief: bool = True,
) -> dict[str, Any]:
    """Score govbrief and the installed peers on the same gold documents.

    Args:
        gold_docs: gold documents (ANNOTATION.md §1).
        peers: peer names from :data:`PEERS` (default: every installed one). A named peer
            that is not installed raises ImportError; unnamed missing peers are skipped.
        inputs: ``"best"`` runs each peer on its default input (see ``PEERS``); one of
            :data:`~govbrief.evaluate.peers.INPUTS` forces it; ``"all"`` gives one row per
            peer and input.
        extractor: a govbrief ``Extractor`` to reuse (built when None).
        with_govbrief: include the govbrief row.

    Returns:
        ``{"documents", "chars", "labels", "systems": [row, ...], "skipped", "notes"}``
        where each row has ``name``, ``input``, ``covers``, per-label ``labels`` (strict /
        partial PRF), ``date_value`` and ``date_value_published`` (accuracy dicts or None),
        ``chars_per_s``, ``load_seconds``, ``failed`` (document ids) and ``errors``.

    Raises:
        ImportError: when a peer named in ``peers`` is not installed.
        ValueError: for an unknown peer name or ``inputs`` value.
    """
    if inputs not in ("best", "all", *INPUTS):
        raise ValueError(f"inputs must be best, all or one of {INPUTS}, not {inputs!r}")
    docs = list(gold_docs)
    gold = [_gold_view(d) for d in docs]
    if peers is None:
        chosen = [p for p in PEERS.values() if p.available()]
        skipped = [p.name for p in PEERS.values() if not p.available()]
    else:
        unknown = [n for n in peers if n not in PEERS]
        if unknown:
            raise ValueError(f"unknown peers {unknown}; known: {sorted(PEERS)}")
        chosen, skipped = [PEERS[n] for n in peers], []
    systems = []
    if with_govbrief:
        systems.append(_govbrief_row(docs, gold, extractor))
    before = (JIONLP_STATS.parse_errors, JIONLP_STATS.crashes, JIONLP_STATS.dropped)
    for peer in chosen:
        if inputs == "all":
            for kind in INPUTS:
                systems.append(_peer_row(peer, kind, docs, gold, f" [{kind[:4]}]"))
        else:
            systems.append(_peer_row(peer, peer.input if inputs == "best" else inputs,
                                     docs, gold))
    notes = []
    if any(p.name == "jionlp" for p in chosen):
        n_null = sum(1 for d in docs if not d.get("published"))
        notes.append(f"jionlp time_base = published date; {n_null} of {len(docs)} documents "
                     f"have none and use the fixed base {FIXED_TIME_BASE.date()} "
                     f"(DATE val pub = documents with a published date only)")
        pe, cr, dr = (JIONLP_STATS.parse_errors - before[0], JIONLP_STATS.crashes - before[1],
                      JIONLP_STATS.dropped - before[2])
        notes.append(f"jionlp: {pe} internal parse errors swallowed (expressions it found but "
                     f"could not resolve, hence not returned), {cr} crashes of extract_time, "
                     f"{dr} results with offsets off their text")
    for row in systems:
        if row["failed"]:
            notes.append(f"{row['name']} raised on {len(row['failed'])} documents: "
                         f"{', '.join(row['failed'][:8])}")
    return {
        "documents": len(docs),
        "chars": sum(len(d["text"]) for d in docs),
        "labels": list(COMPARABLE_LABELS),
        "systems": systems,
        "skipped": skipped,
        "notes": notes,
    }


def _cell(row: dict[str, Any], label: str) -> str:
    if label not in row["labels"]:
        return "-"
    d = row["labels"][label]
    return f"{d['strict']['f']:.3f}/{d['partial']['f']:.3f}"


def _acc(acc: dict[str, Any] | None) -> str:
    if acc is None:
        return "-"
    return f"{acc['acc']:.3f} ({acc['correct']}/{acc['total']})"


def render_compare(result: dict[str, Any], title: str = "") -> str:
    """One table: rows are systems; columns strict/partial F1 per label, DATE values, speed.

    Args:
        result: the output of :func:`compare`.
        title: a first line (e.g. the corpus path).

    Returns:
        The table with its caption (inputs, counts, notes) as text.
    """
    labels = result["labels"]
    name_w = max([len("system")] + [len(r["name"]) for r in result["systems"]])
    header = [f"{'system':<{name_w}}", f"{'input':<5}"]
    header += [f"{lab[:12]:>13}" for lab in labels]
    header += [f"{'DATE val':>16}", f"{'DATE val pub':>16}", f"{'chars/s':>9}"]
    lines = []
    if title:
        lines.append(title)
    lines.append(f"documents: {result['documents']}, characters: {result['chars']}; "
                 f"cells are strict F1/partial F1")
    lines.append(" ".join(header))
    for row in result["systems"]:
        cells = [f"{row['name']:<{name_w}}", f"{row['input'][:4]:<5}"]
        cells += [f"{_cell(row, lab):>13}" for lab in labels]
        cells += [f"{_acc(row['date_value']):>16}", f"{_acc(row['date_value_published']):>16}"]
        cps = row["chars_per_s"]
        cells.append(f"{cps:>9.0f}" if cps else f"{'-':>9}")
        lines.append(" ".join(cells))
    peers_inputs = ", ".join(f"{r['name']}: {r['input']}" for r in result["systems"])
    lines.append(f"input: {peers_inputs}")
    lines.append("  (normalized = govbrief's simplified, width-folded text; cjk = the same "
                 "with Chinese punctuation restored; offsets mapped back to the original)")
    lines.append("ORGANIZATION = AGENCY + ORG; DATE val = value accuracy on strictly "
                 "matched DATE spans; chars/s excludes model loading")
    if result.get("skipped"):
        lines.append(f"not installed (pip install 'govbrief[peers]'): "
                     f"{', '.join(result['skipped'])}")
    for note in result.get("notes", []):
        lines.append(f"note: {note}")
    return "\n".join(lines)


__all__ = ["compare", "render_compare"]

"""Train the character-level NER model ``models/govbrief_ner`` and report its scores.

Steps (all deterministic: fixed seeds in scripts/ner_corpus.py and configs/ner.cfg):

1. build the DocBin training data under ``build/ner/`` (scripts/ner_corpus.py);
2. ``spacy train configs/ner.cfg`` (python API, CPU) into ``build/ner/output/``;
3. copy ``model-best`` to ``models/govbrief_ner/``, describe it in its meta.json and export
   its tagger to ONNX (``bio_tagger.onnx``, checked against thinc's logits);
4. score the model alone (strict P/R/F1 per label, char offsets) on the held-out slice of
   ``../shared/ner`` and on ``../shared/corpus/dev.jsonl`` (normalised first, spans mapped
   back to the original text), and measure its speed in chars/s on the dev texts.

The dev corpus is only read in step 4, never for training.

Usage::

    python scripts/train_ner.py                 # build, train, install, evaluate
    python scripts/train_ner.py --max-steps 300 --out build/ner/trial   # a quick trial
    python scripts/train_ner.py --eval-only     # score the installed model
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Iterable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import ner_corpus  # noqa: E402

import govbrief.extract.bio  # noqa: E402,F401  (registers the govbrief_bio_ents factory)

LABELS = ner_corpus.LABELS
VERSION = "0.1.0"

DESCRIPTION = (
    "Character-level Chinese NER (spaCy, segmenter 'char', CNN tok2vec inside the ner "
    "component) for govbrief: PERSON, GPE, ORG, AGENCY on normalised simplified text. "
    "Trained on People's Daily 1998 NER (zjy-ucas dev + test splits, minus every 10th "
    "test sentence held out) and MSRA NER (SIGHAN 2006 test), with PER->PERSON, LOC->GPE "
    "and ORG->AGENCY for government/Party bodies (name ends in a government head word or "
    "starts with 中共) else ORG; the project's gold (data/gold/*.gold.jsonl); and "
    "synthetic brief sentences generated from templates over gazetteers "
    "(scripts/ner_corpus.py). No corpus text is shipped."
)


# --------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------

Triple = tuple[int, int, str]


def prf(tp: int, fp: int, fn: int) -> dict:
    """Precision, recall and F1 from counts (0 when undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def score(pairs: Iterable[tuple[set[Triple], set[Triple]]]) -> dict:
    """Strict span scores per label, micro over the four labels, and ORG+AGENCY merged.

    Args:
        pairs: ``(predicted, gold)`` span sets per document.
    """
    tp: Counter = Counter()
    fp: Counter = Counter()
    fn: Counter = Counter()
    for pred, gold in pairs:
        for key, p_set, g_set in (
            ("", pred, gold),
            ("merged", {(s, e, "ORG" if lab == "AGENCY" else lab) for s, e, lab in pred},
             {(s, e, "ORG" if lab == "AGENCY" else lab) for s, e, lab in gold}),
        ):
            for s, e, lab in p_set:
                name = lab if not key else f"{lab}*"
                (tp if (s, e, lab) in g_set else fp)[name] += 1
            for _s, _e, lab in g_set - p_set:
                fn[lab if not key else f"{lab}*"] += 1
    out = {lab: prf(tp[lab], fp[lab], fn[lab]) for lab in LABELS}
    out["micro"] = prf(
        sum(tp[lab] for lab in LABELS), sum(fp[lab] for lab in LABELS),
        sum(fn[lab] for lab in LABELS),
    )
    # ORG and AGENCY as one label: how good the boundaries are, whatever the subtype.
    out["ORG|AGENCY"] = prf(tp["ORG*"], fp["ORG*"], fn["ORG*"])
    return out


def _spans(ner, texts: list[str]) -> list[set[Triple]]:
    """The model's entities per text, decoded as govbrief decodes them (tag-bigram Viterbi,
    no confidence threshold, no retyping)."""
    return [{(s, e, lab) for s, e, lab, _conf in found} for found in ner.entity_spans(texts)]


def eval_docbin(ner, path: Path) -> dict:
    """Score the model of ``ner`` (a NerExtractor) on the gold Docs of a DocBin."""
    from spacy.tokens import DocBin

    gold_docs = list(DocBin().from_disk(path).get_docs(ner.model.vocab))
    preds = _spans(ner, [d.text for d in gold_docs])
    return score(
        (p, {(e.start_char, e.end_char, e.label_) for e in g.ents})
        for p, g in zip(preds, gold_docs, strict=True)
    )


def eval_corpus(ner, path: Path) -> tuple[dict, dict, dict]:
    """Score on a gold JSONL (ANNOTATION.md format) and time the model on its texts.

    Texts are normalised as the pipeline does; predicted spans are mapped back to
    original offsets with ``Normalized.to_original``.

    Returns:
        ``(scores, component_scores, speed)``: the model alone, the model with the
        component's ORG/AGENCY head-word retyping (``govbrief.extract.ner.retype_label``),
        and speed with ``chars``, ``seconds``, ``chars_per_s``.
    """
    from govbrief.extract.ner import retype_label
    from govbrief.normalize import normalize

    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    norms = [normalize(d["text"]) for d in docs]
    t0 = time.perf_counter()
    preds = _spans(ner, [n.text for n in norms])
    seconds = time.perf_counter() - t0
    pairs = []
    retyped = []
    for d, n, p in zip(docs, norms, preds, strict=True):
        gold = {(s["start"], s["end"], s["label"]) for s in d["spans"] if s["label"] in LABELS}
        pairs.append(({(*n.to_original(s, e), lab) for s, e, lab in p}, gold))
        retyped.append(
            ({(*n.to_original(s, e), retype_label(n.text[s:e], lab)) for s, e, lab in p}, gold)
        )
    chars = sum(len(n.text) for n in norms)
    speed = {"chars": chars, "seconds": round(seconds, 3), "chars_per_s": round(chars / seconds)}
    return score(pairs), score(retyped), speed


def format_scores(name: str, scores: dict) -> str:
    """A small text table."""
    lines = [f"{name}:", f"  {'label':<11} {'P':>6} {'R':>6} {'F1':>6}  (tp/fp/fn)"]
    for lab, s in scores.items():
        counts = f"({s['tp']}/{s['fp']}/{s['fn']})"
        lines.append(f"  {lab:<11} {s['p']:6.3f} {s['r']:6.3f} {s['f']:6.3f}  {counts}")
    return "\n".join(lines)


def evaluate(model_dir: Path, build_dir: Path, dev_jsonl: Path) -> dict:
    """Scores of the model in ``model_dir``; printed and returned."""
    from govbrief.extract.ner import NerExtractor

    ner = NerExtractor(model_path=str(model_dir), gate=False, retype=False, min_confidence=0.0)
    results: dict = {}
    if (build_dir / "heldout.spacy").is_file():
        results["heldout_public"] = eval_docbin(ner, build_dir / "heldout.spacy")
        print(format_scores("held-out People's Daily slice", results["heldout_public"]))
    if (build_dir / "synth_dev.spacy").is_file():
        results["synthetic_dev"] = eval_docbin(ner, build_dir / "synth_dev.spacy")
        print(format_scores("synthetic dev", results["synthetic_dev"]))
    if dev_jsonl.is_file():
        ner.find("预热。")  # the first call allocates; keep it out of the timing
        results["corpus_dev"], results["corpus_dev_retyped"], speed = eval_corpus(ner, dev_jsonl)
        results["speed"] = speed
        print(format_scores(f"{dev_jsonl} (model alone)", results["corpus_dev"]))
        print(format_scores("same, ORG/AGENCY retyped as govbrief_ner does",
                            results["corpus_dev_retyped"]))
        print(
            f"speed: {speed['chars_per_s']} chars/s "
            f"({speed['chars']} chars in {speed['seconds']} s)"
        )
    return results


# --------------------------------------------------------------------------------------
# Training
# --------------------------------------------------------------------------------------


def train(config: Path, build_dir: Path, max_steps: int | None) -> tuple[Path, float]:
    """Run ``spacy train``; return the model-best directory and the seconds taken."""
    from spacy.cli.train import train as spacy_train

    output = build_dir / "output"
    if output.exists():
        shutil.rmtree(output)
    overrides = {
        "paths.train": str(build_dir / "train.spacy"),
        "paths.dev": str(build_dir / "dev.spacy"),
    }
    if max_steps:
        overrides["training.max_steps"] = max_steps
        overrides["training.eval_frequency"] = max(50, min(500, max_steps // 4))
    t0 = time.perf_counter()
    spacy_train(config, output, overrides=overrides, use_gpu=-1)
    return output / "model-best", time.perf_counter() - t0


def install(best: Path, out: Path, stats: dict, seconds: float) -> None:
    """Copy ``best`` to ``out`` and write the project's description into meta.json."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(best, out)
    meta_path = out / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update(
        {
            "name": "govbrief_ner",
            "version": VERSION,
            "description": DESCRIPTION,
            "author": "govbrief",
            "license": "research use (training corpora carry no stated licence)",
            "sources": [
                {"name": "People's Daily 1998 NER (zjy-ucas split)", "license": "none stated"},
                {"name": "MSRA NER, SIGHAN 2006 bakeoff", "license": "none stated"},
                {"name": "govbrief data/gold and synthetic template sentences", "license": "MIT"},
            ],
            "govbrief": {"training_data": stats, "training_seconds": round(seconds)},
        }
    )
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")


def export_onnx(model_dir: Path, build_dir: Path) -> None:
    """Export the tagger to ONNX (``bio_tagger.onnx``) and check it computes the same logits
    as thinc on the held-out and synthetic dev sentences."""
    import numpy
    from spacy.tokens import DocBin

    from govbrief.extract import _onnx_tagger
    from govbrief.extract.ner import load_ner_model

    nlp = load_ner_model(model_dir)
    path = _onnx_tagger.export(nlp, model_dir)
    fast = _onnx_tagger.load(nlp, model_dir)
    if fast is None:
        raise SystemExit(f"{path}: onnxruntime cannot use the export")
    docs = list(DocBin().from_disk(build_dir / "dev.spacy").get_docs(nlp.vocab))
    docs = [nlp.make_doc(d.text) for d in docs]
    thinc = nlp.get_pipe(_onnx_tagger.TAGGER).model.predict(docs)
    onnx = fast.predict(docs)
    diff = max(float(numpy.abs(a - b).max()) for a, b in zip(thinc, onnx, strict=True) if len(a))
    if diff > 1e-3:
        raise SystemExit(f"{path}: logits differ from thinc's by up to {diff:g}")
    print(f"exported {path} ({path.stat().st_size / 1e6:.1f} MB); "
          f"largest logit difference from thinc on {len(docs)} docs: {diff:.2g}")


def dir_size(path: Path) -> int:
    """Total bytes of the files under ``path``."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", type=Path, default=ROOT / "configs" / "ner.cfg")
    ap.add_argument("--build", type=Path, default=ROOT / "build" / "ner")
    ap.add_argument("--out", type=Path, default=ROOT / "models" / "govbrief_ner")
    ap.add_argument("--ner-dir", type=Path, default=ROOT.parent / "shared" / "ner")
    ap.add_argument("--gold-dir", type=Path, default=ROOT / "data" / "gold")
    ap.add_argument("--dev", type=Path, default=ROOT.parent / "shared" / "corpus" / "dev.jsonl")
    ap.add_argument("--max-steps", type=int, default=None, help="override training.max_steps")
    ap.add_argument("--synth", type=int, default=3500, help="synthetic training documents")
    ap.add_argument("--skip-corpus", action="store_true", help="reuse build/ner/*.spacy")
    ap.add_argument("--eval-only", action="store_true", help="only score the model in --out")
    ap.add_argument("--export-only", action="store_true",
                    help="only (re-)export the model in --out to ONNX, then score it")
    args = ap.parse_args(argv)

    if not args.eval_only and not args.export_only:
        if not sorted(args.ner_dir.glob("*.bio")):
            ap.error(f"no *.bio files in --ner-dir {args.ner_dir} (the public NER corpora)")
        if args.skip_corpus and (args.build / "corpus_stats.json").is_file():
            stats = json.loads((args.build / "corpus_stats.json").read_text(encoding="utf-8"))
        else:
            stats = ner_corpus.build(args.build, args.ner_dir, args.gold_dir, n_synth=args.synth)
        best, seconds = train(args.config, args.build, args.max_steps)
        install(best, args.out, stats, seconds)
        print(f"trained in {seconds:.0f} s; model: {args.out} ({dir_size(args.out) / 1e6:.1f} MB)")
    if not args.eval_only:
        export_onnx(args.out, args.build)
    results = evaluate(args.out, args.build, args.dev)
    meta_path = args.out / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.setdefault("govbrief", {})["scores"] = results
    meta["govbrief"]["size_bytes"] = dir_size(args.out)
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()

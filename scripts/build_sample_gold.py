#!/usr/bin/env python3
"""Build the sample batch and its gold annotations from the marked sources.

The single source of truth is ``data/gold/marked/<id>.json``::

    {"id": "...", "target": "txt" | "batch", "published": "YYYY-MM-DD" | null,
     "script": "simplified" | "traditional",
     "officials": [{"name": "...", "titles": ["..."]}],
     "marked": "<article text with the markup of marks_to_gold.py>"}

From these files the script writes

* ``data/samples/<id>.txt`` for ``target == "txt"`` (the plain text, no trailing newline),
* ``data/samples/batch.jsonl`` for ``target == "batch"`` (``{"id", "text", "published"}``),
* ``data/gold/samples.gold.jsonl`` (gold documents as defined in ANNOTATION.md).

The plain text is the marked text with the markup removed, and the gold is produced by the
shared converter ``../shared/tools/marks_to_gold.py`` (relative to the repository root), so
text and gold cannot drift apart and no conversion logic is re-implemented here.

usage:
    python scripts/build_sample_gold.py            # (re)write samples and gold, then validate
    python scripts/build_sample_gold.py --check    # exit 1 if the written files are stale
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT.parent / "shared" / "tools"
CONVERTER = TOOLS / "marks_to_gold.py"
VALIDATOR = TOOLS / "validate_gold.py"
MARKED_DIR = ROOT / "data" / "gold" / "marked"
SAMPLES_DIR = ROOT / "data" / "samples"
GOLD_PATH = ROOT / "data" / "gold" / "samples.gold.jsonl"
BATCH_PATH = SAMPLES_DIR / "batch.jsonl"


def _load_converter():
    """Import the shared ``marks_to_gold`` module from its file.

    Returns:
        The imported module (we use its ``TOKEN`` regex to strip the markup).

    Raises:
        SystemExit: when the shared tools are not next to the repository.
    """
    if not CONVERTER.is_file():
        sys.exit(
            f"error: {CONVERTER} not found. The sample gold is built with the shared "
            "annotation tools, expected at ../shared/tools/ relative to the repository root."
        )
    spec = importlib.util.spec_from_file_location("marks_to_gold", CONVERTER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def plain_text(marked: str, token) -> str:
    """Remove the markup from a marked text.

    Args:
        marked: text with ``⟦LABEL:surface|k=v⟧`` spans and ``⟪province⟫`` section cuts.
        token: the converter's compiled markup regex.

    Returns:
        The article text: span surfaces kept, attributes and section cuts dropped.
    """
    return token.sub(lambda m: m.group(2) if m.group(4) is None else "", marked)


def build(marked_paths: list[Path], token) -> tuple[dict[str, str], str, str]:
    """Convert every marked file.

    Args:
        marked_paths: the ``data/gold/marked/*.json`` files, in output order.
        token: the converter's markup regex.

    Returns:
        ``(txt_files, batch_jsonl, gold_jsonl)``: the ``.txt`` contents keyed by file name,
        and the full contents of ``batch.jsonl`` and ``samples.gold.jsonl``.
    """
    txt_files: dict[str, str] = {}
    batch_lines: list[str] = []
    gold_lines: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in marked_paths:
            ann = json.loads(path.read_text(encoding="utf-8"))
            if ann["id"] != path.stem:
                sys.exit(f"error: {path.name}: id {ann['id']!r} differs from the file name")
            text = plain_text(ann["marked"], token)
            raw = {k: ann[k] for k in ("id", "published", "script")} | {"text": text}
            raw_path = Path(tmp) / f"{ann['id']}.raw.json"
            raw_path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
            # The converter re-derives the text from the markup and checks it against RAW,
            # so a markup slip stops the build here with the converter's own message.
            result = subprocess.run(
                [sys.executable, str(CONVERTER), str(raw_path), str(path)],
                capture_output=True, text=True, encoding="utf-8",
            )
            if result.returncode != 0:
                sys.exit(f"error: marks_to_gold failed on {path.name}: "
                         f"{result.stderr.strip() or result.stdout.strip()}")
            gold_lines.append(result.stdout.strip())
            if ann["target"] == "txt":
                txt_files[f"{ann['id']}.txt"] = text
            elif ann["target"] == "batch":
                batch_lines.append(json.dumps(
                    {"id": ann["id"], "text": text, "published": ann["published"]},
                    ensure_ascii=False))
            else:
                sys.exit(f"error: {path.name}: target must be 'txt' or 'batch'")
    return txt_files, "\n".join(batch_lines) + "\n", "\n".join(gold_lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write (or, with ``--check``, verify) the sample files and the gold."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 when a written file is missing or stale")
    args = parser.parse_args(argv)

    converter = _load_converter()
    marked_paths = sorted(MARKED_DIR.glob("*.json"))
    if not marked_paths:
        sys.exit(f"error: no marked files in {MARKED_DIR}")
    txt_files, batch, gold = build(marked_paths, converter.TOKEN)

    wanted = {SAMPLES_DIR / name: text for name, text in txt_files.items()}
    wanted[BATCH_PATH] = batch
    wanted[GOLD_PATH] = gold
    stale = sorted(p.name for p in SAMPLES_DIR.glob("*.txt") if p not in wanted)

    if args.check:
        bad = [str(p.relative_to(ROOT)) for p, text in wanted.items()
               if not p.is_file() or p.read_text(encoding="utf-8") != text]
        for name in bad:
            print(f"stale or missing: {name}")
        for name in stale:
            print(f"no marked source for: data/samples/{name}")
        return 1 if bad or stale else 0

    SAMPLES_DIR.mkdir(parents=True, exist_ok=True)
    for path, text in wanted.items():
        # newline="" keeps the text byte-exact (no platform newline translation).
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
    for name in stale:
        print(f"warning: data/samples/{name} has no marked source", file=sys.stderr)
    print(f"{len(txt_files)} .txt briefs, {batch.count(chr(10))} batch documents, "
          f"{gold.count(chr(10))} gold documents written")
    if VALIDATOR.is_file():
        return subprocess.run([sys.executable, str(VALIDATOR), str(GOLD_PATH)]).returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Build ``src/govbrief/resources/lexicons/divisions.tsv`` from ``data/raw/adcodes.csv``.

Input: GB/T 2260 codes and official names (see ``data/raw/SOURCES.md``). Output, one
division per line, tab separated::

    code  name  level  parent  short_forms  abbreviations

- ``level``: 1 province, 2 prefecture, 3 county (from the code's shape);
- ``parent``: the code of the nearest real division above (placeholder rows such as
  ``市辖区`` or ``省直辖县级行政区划`` are skipped, so Beijing's districts hang under
  ``110000`` and 仙桃市 under ``420000``);
- ``short_forms``: comma-separated names without the administrative suffix, as briefs
  write them (合肥市 → 合肥, 延边朝鲜族自治州 → 延边 and 延边州, 广西壮族自治区 → 广西);
- ``abbreviations``: one-character province abbreviations (皖, 浙 ...). They are NOT place
  names on their own; the place extractor only uses them inside runs like 苏浙皖赣沪.

Usage::

    python scripts/build_divisions.py            # write the lexicon
    python scripts/build_divisions.py --check    # exit 1 when the committed file differs

``build_rows``/``render`` are imported by ``tests/test_lexicon_integrity.py``, which
regenerates the file in memory and compares it with the committed one.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw" / "adcodes.csv"
OUT = ROOT / "src" / "govbrief" / "resources" / "lexicons" / "divisions.tsv"

# Rows that are grouping placeholders in GB/T 2260, not divisions.
PLACEHOLDERS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})

# One-character abbreviations (简称) by province code prefix. Where a province has two in
# common use both are listed (川/蜀, 黔/贵, 滇/云, 陕/秦, 甘/陇).
ABBREVIATIONS = {
    "11": "京", "12": "津", "13": "冀", "14": "晋", "15": "蒙",
    "21": "辽", "22": "吉", "23": "黑",
    "31": "沪", "32": "苏", "33": "浙", "34": "皖", "35": "闽", "36": "赣", "37": "鲁",
    "41": "豫", "42": "鄂", "43": "湘", "44": "粤", "45": "桂", "46": "琼",
    "50": "渝", "51": "川,蜀", "52": "黔,贵", "53": "滇,云", "54": "藏",
    "61": "陕,秦", "62": "甘,陇", "63": "青", "64": "宁", "65": "新",
    "71": "台", "81": "港", "82": "澳",
}

# The 56 ethnic groups as they appear inside autonomous-area names (with or without 族).
# Longer names first so that 蒙古 is not read as 蒙 + 古.
ETHNIC_GROUPS = sorted(
    """汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤
    畲 高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌
    普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴
    珞巴 基诺""".split(),
    key=len,
    reverse=True,
)
_ETHNIC = "(?:" + "|".join(ETHNIC_GROUPS) + ")族?|各族"
# 恩施土家族苗族自治州 -> (恩施)(土家族苗族)自治(州). The place part is non-greedy but at
# least two characters, so 大理白族 keeps 大理 and is not cut after one character.
_AUTONOMOUS = re.compile(rf"^(.{{2,}}?)(?:{_ETHNIC})+自治(州|县|旗|区)$")

# Suffixes stripped for short forms, longest first.
SUFFIXES = (
    "特别行政区", "自治区", "自治州", "自治县", "自治旗",
    "新区", "林区", "特区", "地区", "省", "市", "盟", "县", "区", "旗",
)

# Remainders that only say where a district lies (城区 -> 城, 市中区 -> 市中, 城关区 -> 城关,
# 河北区 -> 河北, which is also a province): such divisions keep their full name but get no
# short form. Ordinary words that are also names (长寿, 和平) are kept here and handled by
# the place extractor, which asks for context around them.
GENERIC_REMAINDERS = frozenset(
    """城 矿 郊 东 西 南 北 中 新 市中 城关 城中 城东 城西 城南 城北 城厢 新城 老城 古城 新市
    市北 市南 河东 河西 河南 河北 江北 江南 江东 江西 山东 山西 湖南 湖北 广东 广西 海南 桥东
    桥西 铁东 铁西 郊区 开发 高新 经济""".split()
)


def level_of(code: str) -> int:
    """1 province (``xx0000``), 2 prefecture (``xxyy00``), 3 county."""
    if code.endswith("0000"):
        return 1
    if code.endswith("00"):
        return 2
    return 3


def short_forms(name: str, level: int) -> list[str]:
    """Short names of a division as briefs write them, most common first.

    Args:
        name: the official full name (``延边朝鲜族自治州``).
        level: its level (1-3).

    Returns:
        Distinct short forms other than the full name; empty when stripping the suffix
        would leave fewer than two characters or a generic word.
    """
    m = _AUTONOMOUS.match(name)
    if m:
        stem, kind = m.group(1), m.group(2)
        # 延边州, 恩施州, 峨边县: the stem plus the plain suffix is the everyday name.
        forms = [stem, stem + kind] if kind in ("州", "县") else [stem]
    else:
        stem = ""
        for suffix in SUFFIXES:
            rest = name[: -len(suffix)]
            # 新区/特区/林区 are suffixes only when a real name is left: 浦东新区 -> 浦东,
            # but 清新区 -> 清新 and 碑林区 -> 碑林. Only 神农架林区 is a forest district.
            need = 3 if suffix == "林区" else 2 if suffix in ("新区", "特区") else 1
            if name.endswith(suffix) and len(rest) >= need:
                stem = rest
                break
        # 鄂温克族自治旗 has no place part besides the people's name: keep 鄂温克.
        if stem.endswith("族") and len(stem) > 2:
            stem = stem[:-1]
        forms = [stem]
    if len(stem) < 2 or (level > 1 and stem in GENERIC_REMAINDERS):
        return []
    return [f for f in dict.fromkeys(forms) if f != name]


def read_raw(path: Path = RAW) -> list[tuple[str, str]]:
    """``(code, name)`` rows of the raw file, in file order."""
    with open(path, encoding="utf-8", newline="") as fh:
        return [(row["adcode"].strip(), row["name"].strip()) for row in csv.DictReader(fh)]


def build_rows(raw: list[tuple[str, str]]) -> list[tuple[str, str, str, str, str, str]]:
    """Turn raw ``(code, name)`` rows into lexicon rows, sorted by code.

    Args:
        raw: codes and official names.

    Returns:
        ``(code, name, level, parent, short_forms, abbreviations)`` string tuples.
    """
    real = {code: name for code, name in raw if name not in PLACEHOLDERS}
    rows = []
    for code in sorted(real):
        name = real[code]
        level = level_of(code)
        parent = ""
        if level == 3 and code[:4] + "00" in real:
            parent = code[:4] + "00"
        elif level >= 2:
            parent = code[:2] + "0000"
        shorts = ",".join(short_forms(name, level))
        abbr = ABBREVIATIONS.get(code[:2], "") if level == 1 else ""
        rows.append((code, name, str(level), parent, shorts, abbr))
    return rows


HEADER = (
    "# GB/T 2260 administrative divisions, generated by scripts/build_divisions.py from\n"
    "# data/raw/adcodes.csv (see lexicons/SOURCES.md). Do not edit by hand.\n"
    "# code\tname\tlevel\tparent\tshort_forms\tabbreviations\n"
)


def render(rows: list[tuple[str, ...]]) -> str:
    """The lexicon file's text."""
    return HEADER + "".join("\t".join(r) + "\n" for r in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    text = render(build_rows(read_raw()))
    if args.check:
        same = OUT.is_file() and OUT.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{OUT} differs; rerun without --check")
        return 0 if same else 1
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({text.count(chr(10)) - 3} divisions)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

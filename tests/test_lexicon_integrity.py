"""Generated lexicons match their raw sources; hand-written lexicons are well formed."""

import importlib.util

import pytest

from govbrief.resources import lexicon_path, load_tsv


@pytest.fixture(scope="module")
def build_divisions(root):
    path = root / "scripts" / "build_divisions.py"
    if not path.is_file():
        pytest.skip(f"{path} not found (tests run outside the checkout)")
    spec = importlib.util.spec_from_file_location("build_divisions", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_lexicon_divisions_regenerates_identically(build_divisions):
    raw = build_divisions.read_raw()
    text = build_divisions.render(build_divisions.build_rows(raw))
    committed = lexicon_path("divisions.tsv").read_text(encoding="utf-8")
    assert text == committed, "divisions.tsv is stale: run python scripts/build_divisions.py"


# fmt: off
SHORT_FORMS = [
    ("合肥市", 2, ["合肥"]),
    ("延边朝鲜族自治州", 2, ["延边", "延边州"]),
    ("恩施土家族苗族自治州", 2, ["恩施", "恩施州"]),
    ("内蒙古自治区", 1, ["内蒙古"]),
    ("广西壮族自治区", 1, ["广西"]),
    ("新疆维吾尔自治区", 1, ["新疆"]),
    ("香港特别行政区", 1, ["香港"]),
    ("巴音郭楞蒙古自治州", 2, ["巴音郭楞", "巴音郭楞州"]),
    ("大理白族自治州", 2, ["大理", "大理州"]),
    ("峨边彝族自治县", 3, ["峨边", "峨边县"]),
    ("龙胜各族自治县", 3, ["龙胜", "龙胜县"]),
    ("鄂温克族自治旗", 3, ["鄂温克"]),
    ("阿勒泰地区", 2, ["阿勒泰"]),
    ("锡林郭勒盟", 2, ["锡林郭勒"]),
    ("浦东新区", 3, ["浦东"]),
    ("清新区", 3, ["清新"]),
    ("神农架林区", 3, ["神农架"]),
    ("碑林区", 3, ["碑林"]),
    ("六枝特区", 3, ["六枝"]),
    ("城区", 3, []),
    ("市中区", 3, []),
    ("城关区", 3, []),
    ("河北区", 3, []),
    ("寿县", 3, []),
]
# fmt: on


@pytest.mark.parametrize("name,level,forms", SHORT_FORMS)
def test_lexicon_divisions_short_forms(build_divisions, name, level, forms):
    assert build_divisions.short_forms(name, level) == forms


def test_lexicon_divisions_rows_well_formed():
    rows = load_tsv("divisions.tsv")
    codes = {r[0] for r in rows}
    assert len(codes) == len(rows)
    for row in rows:
        assert len(row) == 6, row
        code, name, level, parent, shorts, abbr = row
        assert len(code) == 6 and code.isdigit()
        assert level in ("1", "2", "3")
        assert (parent == "") == (level == "1")
        assert not parent or parent in codes
        assert name not in shorts.split(",")
        assert not abbr or level == "1"
        assert all(len(a) == 1 for a in abbr.split(",") if a)


def test_lexicon_regions_well_formed():
    codes = {r[0] for r in load_tsv("divisions.tsv") if r[2] == "1"}
    seen = set()
    for row in load_tsv("regions.tsv"):
        assert len(row) >= 3, row
        name, kind, provinces = row[0], row[1], row[2]
        assert name and name not in seen, name
        seen.add(name)
        assert kind in ("region", "nickname", "zone", "country"), row
        for code in filter(None, provinces.split(",")):
            assert code in codes, row
        if kind == "nickname":
            assert len(provinces.split(",")) == 1, row
        assert "全国" != name  # generic areas are not GPE (ANNOTATION.md)


def test_lexicon_division_renames_well_formed():
    rows = load_tsv("division_renames.tsv")
    divisions = {r[0]: r for r in load_tsv("divisions.tsv")}
    names = {r[1] for r in divisions.values()}
    seen = set()
    for row in rows:
        assert len(row) == 5, row
        name, based_on, shorts, year, note = row
        assert name not in seen and name not in names, name
        seen.add(name)
        assert name[-1] in "市区县旗", name
        assert based_on in divisions and divisions[based_on][2] == "3", row
        assert 2016 <= int(year) <= 2030, row
        assert note, row
        for short in filter(None, shorts.split(",")):
            assert len(short) >= 2 and name.startswith(short), row


def test_lexicon_place_ambiguous_are_divisions():
    from govbrief.resolve import places

    forms = places.surface_forms()
    for row in load_tsv("place_ambiguous.tsv"):
        assert row[0] in forms, f"{row[0]} is not a division name or short form"


def test_lexicon_user_dict_follows_place_lexicons(root):
    """jieba_user.dict is built from divisions.tsv and regions.tsv among others."""
    path = root / "scripts" / "build_user_dict.py"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    spec = importlib.util.spec_from_file_location("build_user_dict", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    committed = lexicon_path("jieba_user.dict").read_text(encoding="utf-8")
    assert module.build() == committed, "jieba_user.dict is stale: run python scripts/build_user_dict.py"

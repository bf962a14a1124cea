"""Division lookup (govbrief.resolve.places)."""

import pytest

from govbrief.resolve import places


def test_places_all_divisions_provinces_first():
    divs = places.all_divisions()
    provinces = [d for d in divs if d.level == 1]
    assert len(provinces) == 34
    assert divs[: len(provinces)] == tuple(provinces)
    assert all(d.parent is None for d in provinces)


# fmt: off
LOOKUP = [
    ("合肥", "合肥市"),
    ("合肥市", "合肥市"),
    ("延边", "延边朝鲜族自治州"),
    ("延边州", "延边朝鲜族自治州"),
    ("恩施州", "恩施土家族苗族自治州"),
    ("广西", "广西壮族自治区"),
    ("内蒙古", "内蒙古自治区"),
    ("香港", "香港特别行政区"),
    ("阿勒泰", "阿勒泰地区"),
    ("锡林郭勒", "锡林郭勒盟"),
    ("浦东", "浦东新区"),
    ("神农架", "神农架林区"),
    ("吉林", "吉林省"),
]
# fmt: on


@pytest.mark.parametrize("surface,name", LOOKUP)
def test_places_lookup_most_prominent_first(surface, name):
    assert places.lookup(surface)[0].name == name


def test_places_lookup_unknown_is_empty():
    assert places.lookup("不存在的地方") == ()
    assert places.best_division("不存在的地方") is None


# fmt: off
BEST = [
    ("朝阳", None, "朝阳市"),
    ("朝阳", "北京市", "朝阳区"),
    ("朝阳", "北京", "朝阳区"),
    ("鼓楼区", "福建省", "鼓楼区"),
    ("西安", None, "西安市"),
    ("吉林", "吉林省", "吉林省"),
]
# fmt: on


@pytest.mark.parametrize("surface,province,name", BEST)
def test_places_best_division_prefers_province(surface, province, name):
    div = places.best_division(surface, province)
    assert div is not None and div.name == name
    if province:
        assert places.province_of(div).name == places.province_by_name(province).name


@pytest.mark.parametrize("surface,province", [
    ("合肥市", "安徽省"), ("东城区", "北京市"), ("仙桃市", "湖北省"), ("北海", "广西壮族自治区"),
    ("安徽省", "安徽省"), ("珲春市", "吉林省"),
])
def test_places_province_of(surface, province):
    assert places.province_of(places.best_division(surface)).name == province


@pytest.mark.parametrize("name,province", [
    ("安徽省", "安徽省"), ("安徽", "安徽省"), ("皖", "安徽省"), ("陇", "甘肃省"),
    ("川", "四川省"), ("蜀", "四川省"), ("渝", "重庆市"), ("广西壮族自治区", "广西壮族自治区"),
    ("新疆", "新疆维吾尔自治区"), ("澳门", "澳门特别行政区"), ("三秦", "陕西省"), ("八闽", "福建省"),
])
def test_places_province_by_name(name, province):
    div = places.province_by_name(name)
    assert div is not None and div.name == province and div.level == 1


@pytest.mark.parametrize("name", ["", "合肥", "长三角", "全省"])
def test_places_province_by_name_rejects_non_provinces(name):
    assert places.province_by_name(name) is None


def test_places_by_code_and_parents():
    assert places.by_code("340100").name == "合肥市"
    assert places.by_code("340100").parent == "340000"
    # Districts of a municipality hang under the municipality (市辖区 is a placeholder).
    assert places.by_code("110101").parent == "110000"
    # Counties directly under a province (省直辖县级行政区划) likewise.
    assert places.by_code("429004").parent == "420000"
    assert places.by_code("110100") is None
    assert places.by_code("999999") is None


@pytest.mark.parametrize("surface,provinces", [
    ("合肥", ["安徽省"]),
    ("苏浙皖赣沪", ["江苏省", "浙江省", "安徽省", "江西省", "上海市"]),
    ("川渝地区", ["四川省", "重庆市"]),
    ("长三角地区", ["上海市", "江苏省", "浙江省", "安徽省"]),
    ("三秦", ["陕西省"]),
    ("美国", []),
    ("中国", []),
])
def test_places_provinces_in(surface, provinces):
    assert [d.name for d in places.provinces_in(surface)] == provinces


def test_places_surface_forms_cover_every_full_name():
    forms = places.surface_forms()
    for div in places.all_divisions():
        assert div in forms[div.name]


# fmt: off
RENAMED = [
    # hand-written renames (division_renames.tsv): the new name, the old code
    ("郫都区", "郫都区", "510124", "四川省"),
    ("郫都", "郫都区", "510124", "四川省"),
    ("盘州市", "盘州市", "520222", "贵州省"),
    ("莱芜区", "莱芜区", "371202", "山东省"),
    # derived upgrade names: the division they continue
    ("海安市", "海安县", "320621", "江苏省"),
    ("湟中区", "湟中县", "630122", "青海省"),
    ("即墨区", "即墨市", "370282", "山东省"),
    ("那曲市", "那曲地区", "542400", "西藏自治区"),
]
# fmt: on


@pytest.mark.parametrize("surface,name,code,province", RENAMED)
def test_places_lookup_renamed(surface, name, code, province):
    div = places.best_division(surface)
    assert (div.name, div.code) == (name, code)
    assert places.province_of(div).name == province


def test_places_derived_forms_skip_words_and_known_names():
    derived = places.derived_forms()
    assert "海安市" in derived and "湟中区" in derived
    # ordinary-word stems (place_ambiguous.tsv) and names that already exist are not derived
    for word in ("大城市", "合作区", "平原区", "资源区", "宜宾市", "浦东区"):
        assert word not in derived
    assert places.lookup("大城市") == ()
    # autonomous counties are not upgraded by suffix swap
    assert "峨边区" not in derived


def test_places_renames_are_new_names():
    existing = {d.name for d in places.all_divisions()}
    for name, (div, shorts) in places.renamed().items():
        assert name not in existing, name
        assert div.name == name and div.level == 3
        assert places.by_code(div.code) is not None

"""GPE candidates of ``govbrief_places`` (PlaceExtractor.find on hand-written text)."""

import pytest

from govbrief.extract.places import PlaceExtractor
from govbrief.normalize import normalize


@pytest.fixture(scope="module")
def places():
    return PlaceExtractor()


def surfaces(extractor, text):
    text = normalize(text).text
    return [text[c.start : c.end] for c in extractor.find(text)]


# fmt: off
FOUND = [
    # provinces, prefectures, counties: full names and short forms
    ("安徽省质量月活动在合肥启动。", ["安徽省", "合肥"]),
    ("内蒙古自治区和广西壮族自治区的代表出席。", ["内蒙古自治区", "广西壮族自治区"]),
    ("延边州和恩施州开展宣传。", ["延边州", "恩施州"]),
    ("江苏省南通市如东县市场主体增长。", ["江苏省", "南通市", "如东县"]),
    ("重庆市江津区与四川省泸州市签约。", ["重庆市", "江津区", "四川省", "泸州市"]),
    ("甘肃省副省长出席会议。", ["甘肃省"]),
    # county short forms with their prefecture or province in the text
    ("浙江金华所辖义乌、东阳两地联合执法。", ["浙江", "金华", "义乌", "东阳"]),
    # ordinary words that are county names, right after their province
    ("湖南会同的企业代表发言。", ["湖南", "会同"]),
    # traditional input arrives simplified; 陜 is a variant the converter keeps
    ("陜西省西安市", ["陕西省", "西安市"]),
    # regions, runs of abbreviations, countries
    ("推动长三角地区一体化发展。", ["长三角地区"]),
    ("苏浙皖赣沪五地联合举办竞赛。", ["苏浙皖赣沪"]),
    ("京津冀、粤港澳大湾区和成渝地区双城经济圈", ["京津冀", "粤港澳大湾区", "成渝地区双城经济圈"]),
    ("川渝两地市场监管部门签署协议。", ["川渝"]),
    ("云贵川三省联合开展检查。", ["云贵川"]),
    ("中国与德国、新加坡的企业参展。", ["中国", "德国", "新加坡"]),
    ("三秦大地和八闽大地", ["三秦", "八闽"]),
    # places below the county after a known division, and new districts
    ("湖北省宜昌市夷陵区小溪塔街道开展检查。", ["湖北省", "宜昌市", "夷陵区", "小溪塔街道"]),
    ("深圳市光明区举办活动。", ["深圳市", "光明区"]),
    # the suffix that starts a word is not part of the place
    ("北京市场主体数量增加。", ["北京"]),
    ("浙江省级部门参与评审。", ["浙江"]),
]
# fmt: on


@pytest.mark.parametrize("text,expected", FOUND)
def test_places_finds(places, text, expected):
    assert surfaces(places, text) == expected


# fmt: off
NOT_FOUND = [
    ("全省各地基层单位积极参与。", ["全省", "各地", "基层"]),
    ("会同有关部门开展计量惠民活动。", ["会同", "惠民"]),
    ("比如说,合作社要提高县级服务水平。", ["比如", "合作", "高县"]),
    ("示范县创建工作取得成效。", ["范县"]),
    ("迈上新台阶,青云直上。", ["新台", "青云"]),
    ("盛大庆祝活动期间保持长治久安。", ["大庆", "长治"]),
    ("中国是最大的发展中国家。", []),
    ("朝鲜族群众和俄罗斯族群众", ["朝鲜", "俄罗斯"]),
    ("商户集中在南京路一带。", ["南京"]),
    ("拉美国家代表出席论坛。", ["美国"]),
    ("9月8日本报记者获悉。", ["日本"]),
    ("在各乡镇开展宣传,走进美丽乡村。", ["各乡", "美丽乡"]),
    ("城区和郊区同步开展检查。", ["城区", "郊区"]),
]
# fmt: on


@pytest.mark.parametrize("text,absent", NOT_FOUND)
def test_places_rejects(places, text, absent):
    found = surfaces(places, text)
    for word in absent:
        assert word not in found, f"{word} proposed in {text}"


def test_places_developing_countries_keeps_china_only(places):
    assert surfaces(places, "中国是最大的发展中国家。") == ["中国"]


def test_places_county_short_form_needs_context(places):
    # 义乌 alone, with no Zhejiang place in the text, is not proposed ...
    assert "义乌" not in surfaces(places, "义乌小商品市场很繁荣。")
    # ... but with its province named anywhere it is.
    assert "义乌" in surfaces(places, "浙江省市场监管局在义乌召开会议。")


def test_places_candidates_carry_codes(places):
    text = "安徽省合肥市"
    cands = places.find(text)
    assert [c.label for c in cands] == ["GPE", "GPE"]
    assert cands[0].attrs["code"] == "340000"
    assert cands[1].attrs["code"] == "340100"
    assert cands[1].attrs["provinces"] == ["340000"]
    assert all(c.rule_id.startswith("gazetteer_") for c in cands)


def test_places_run_provinces(places):
    (cand,) = places.find("苏浙皖赣沪")
    assert cand.rule_id == "abbr_run"
    assert cand.attrs["provinces"] == ["320000", "330000", "340000", "360000", "310000"]


def test_places_no_overlaps(places):
    text = normalize("2022年安徽省合肥市包河区滨湖世纪社区与长三角地区苏浙沪企业合作。").text
    cands = sorted(places.find(text), key=lambda c: c.start)
    for a, b in zip(cands, cands[1:]):
        assert a.end <= b.start


def test_places_in_pipeline_agency_wins(extractor):
    out = extractor.annotate("9月1日,甘肃省市场监管局召开会议,甘肃省副省长出席。")
    gpe = [s["text"] for s in out["spans"] if s["label"] == "GPE"]
    assert gpe == ["甘肃省"]

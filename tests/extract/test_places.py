"""GPE candidates of ``govbrief_places`` (PlaceExtractor.find on hand-written text)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


# fmt: off
RENAMED = [
    # counties upgraded after the lexicon: the short form with the new suffix
    ("青海省西宁市湟中区举办农产品展销。", ["青海省", "西宁市", "湟中区"], "630122"),
    ("海安市开展电动自行车专项检查。", ["海安市"], "320621"),
    ("山东即墨区推进标准化建设。", ["山东", "即墨区"], "370282"),
    ("西藏那曲市召开会议。", ["西藏", "那曲市"], "542400"),
    # new stems from the hand-written renames lexicon
    ("四川省成都市郫都区开展计量检定。", ["四川省", "成都市", "郫都区"], "510124"),
    ("贵州盘州市的企业代表发言。", ["贵州", "盘州市"], "520222"),
    ("浙江省龙港市获评先进。", ["浙江省", "龙港市"], "330327"),
]
# fmt: on


@pytest.mark.parametrize("text,expected,code", RENAMED)
def test_places_renamed_divisions(places, text, expected, code):
    assert surfaces(places, text) == expected
    last = max(places.find(normalize(text).text), key=lambda c: c.start)
    assert last.attrs["code"] == code


# fmt: off
RENAMED_NOT = [
    # the suffix starts a word: 市场, 市民, 区域
    ("海安市场监管部门开展检查。", ["海安市"]),
    ("湟中区域协调发展。", ["湟中区"]),
    # derived names are never made from ordinary words (大城 -> 大城市, 合作 -> 合作区)
    ("大城市的交通压力很大。", ["大城市", "大城"]),
    ("深化两地合作区建设。", ["合作区", "合作"]),
    # 上党课 is 上 + 党课 (上党区 has no short form)
    ("书记为党员上党课。", ["上党"]),
]
# fmt: on


@pytest.mark.parametrize("text,absent", RENAMED_NOT)
def test_places_renamed_divisions_need_clean_boundaries(places, text, absent):
    found = surfaces(places, text)
    for word in absent:
        assert word not in found, f"{word} proposed in {text}"


# fmt: off
AUTONOMOUS = [
    ("吉林省延边朝鲜族自治州开展宣传。", ["吉林省", "延边朝鲜族自治州"]),
    ("内蒙古鄂温克族自治旗举办活动。", ["内蒙古", "鄂温克族自治旗"]),
    ("青海省海西蒙古族藏族自治州的企业", ["青海省", "海西蒙古族藏族自治州"]),
    ("辽宁省阜新蒙古族自治县和吉林省长白朝鲜族自治县", ["辽宁省", "阜新蒙古族自治县", "吉林省", "长白朝鲜族自治县"]),
    ("黑龙江杜尔伯特蒙古族自治县", ["黑龙江", "杜尔伯特蒙古族自治县"]),
    ("内蒙古莫力达瓦达斡尔族自治旗", ["内蒙古", "莫力达瓦达斡尔族自治旗"]),
    # the guard still holds for the people alone
    ("延边朝鲜族群众欢度节日。", ["延边"]),
]
# fmt: on


@pytest.mark.parametrize("text,expected", AUTONOMOUS)
def test_places_autonomous_full_names_beat_guards(places, text, expected):
    assert surfaces(places, text) == expected


def test_lexicon_every_guarded_autonomous_name_is_found(places):
    """Every ethnic-autonomy full name in the lexicon is proposed whole."""
    from govbrief.resolve import places as gaz

    for div in gaz.all_divisions():
        if "自治" in div.name and div.level > 1:
            assert surfaces(places, div.name) == [div.name], div.name


# fmt: off
ZONES = [
    ("北京经济技术开发区举办质量开放日。", ["北京经济技术开发区"]),
    ("西安高新区与成都高新技术产业开发区签约。", ["西安高新区", "成都高新技术产业开发区"]),
    ("安徽省合肥经开区的企业", ["安徽省", "合肥经开区"]),
    ("宁波保税区和青岛综合保税区", ["宁波保税区", "青岛综合保税区"]),
    ("河北雄安新区和重庆两江新区", ["河北", "雄安新区", "重庆", "两江新区"]),
    ("中国(广东)自由贸易试验区南沙片区", ["中国(广东)自由贸易试验区南沙片区"]),
    ("湖北自贸区和海南自由贸易港", ["湖北自贸区", "海南自由贸易港"]),
    # a county short form needs no other context before a zone word
    ("昆山经济技术开发区管委会", ["昆山经济技术开发区"]),
    ("苏州工业园区企业代表", ["苏州工业园区"]),
]
# fmt: on


@pytest.mark.parametrize("text,expected", ZONES)
def test_places_zones_are_one_span(places, text, expected):
    assert surfaces(places, text) == expected


@pytest.mark.parametrize("text,absent", [
    ("推动高新区和经开区高质量发展。", ["高新区", "经开区"]),
    ("开发区管委会召开会议。", ["开发区"]),
    ("支持新区域协调发展。", ["新区"]),
])
def test_places_zone_words_alone_are_not_places(places, text, absent):
    found = surfaces(places, text)
    for word in absent:
        assert word not in found


# fmt: off
TOWNS = [
    # after a county or district, whatever follows
    ("新疆新源县喀拉布拉镇启动农资打假行动。", ["新疆", "新源县", "喀拉布拉镇"]),
    ("福建省屏南县双溪镇举行启动仪式。", ["福建省", "屏南县", "双溪镇"]),
    ("河南省滑县留固镇高标准农田建设", ["河南省", "滑县", "留固镇"]),
    ("湖北省宜都市红花套镇开展农资检查", ["湖北省", "宜都市", "红花套镇"]),
    # a village after its town or county
    ("四川省丹棱县双桥镇梅湾村", ["四川省", "丹棱县", "双桥镇梅湾村"]),
    # after a verb of going or a locative preposition
    ("农技培训班在凤城镇开班。", ["凤城镇"]),
    ("志愿者走进石岭乡,开展义诊。", ["石岭乡"]),
    ("执法人员赴白马镇检查。", ["白马镇"]),
    # before its people or territory
    ("比赛中,东坝镇代表队获得第一名。", ["东坝镇"]),
    ("组织马岭镇群众参加培训。", ["马岭镇"]),
    ("专家为青溪镇茶农讲解标准。", ["青溪镇"]),
    ("义诊队来到了龙泉乡,为村民体检。", ["龙泉乡"]),
]
# fmt: on


@pytest.mark.parametrize("text,expected", TOWNS)
def test_places_towns(places, text, expected):
    assert surfaces(places, text) == expected


@pytest.mark.parametrize("text,absent", [
    ("推进新型城镇化,建设特色小镇。", ["新型城镇", "特色小镇"]),
    ("江苏小城镇建设和乡镇企业发展", ["小城镇", "乡镇"]),
    ("在千年古镇和历史文化名镇举办活动。", ["千年古镇", "历史文化名镇", "文化名镇"]),
    ("各乡镇政府和街道办事处", ["各乡镇", "乡镇"]),
    ("这里是工业重镇,也是商贸集镇。", ["工业重镇", "商贸集镇"]),
    ("他回到家乡后又去了异乡。", ["到家乡", "去了异乡"]),
    ("湖北新农村建设和浙江农村电商", ["新农村", "农村"]),
    # a town inside the name of one of its bodies is not annotated (ANNOTATION.md)
    ("会议由高桥乡党委主持。", ["高桥乡"]),
    ("湖南省浏阳市大瑶镇党委书记讲话。", ["大瑶镇"]),
    ("石桥镇卫生院和马岭镇中心校", ["石桥镇", "马岭镇"]),
])
def test_places_generic_towns_rejected(places, text, absent):
    found = surfaces(places, text)
    for word in absent:
        assert word not in found, f"{word} proposed in {text}"


# fmt: off
PORTS = [
    ("云南河口口岸通关量增长。", ["云南", "河口"]),
    ("河口口岸进出口货物检验", ["河口"]),
]
# fmt: on


@pytest.mark.parametrize("text,expected", PORTS)
def test_places_county_before_port(places, text, expected):
    assert surfaces(places, text) == expected


def test_places_county_before_port_takes_home_province(places):
    (_, port) = places.find("云南河口口岸")
    assert port.attrs["provinces"] == ["530000"]


def test_places_in_pipeline_agency_wins(extractor):
    out = extractor.annotate("9月1日,甘肃省市场监管局召开会议,甘肃省副省长出席。")
    gpe = [s["text"] for s in out["spans"] if s["label"] == "GPE"]
    assert gpe == ["甘肃省"]


# -- fast paths: same results as the plain scans -------------------------------------

# Characters that make the town rules fire: triggers, suffixes, people words, names.
_TOWN_ALPHABET = "深入走进到在于了镇乡街道苏木社区村代表队群众居民境内一带石桥白马龙泉新老故的,("


def _anchored_rules():
    from govbrief.resources import load_rules

    return [r for r in load_rules("places") if "anchor" in r.attrs]


def _check_anchored_scan(text):
    from govbrief.extract.places import _finditer

    for rule in _anchored_rules():
        for overlapped in (False, True):
            fast = [m.span() for m in _finditer(rule, text, overlapped=overlapped)]
            slow = [m.span() for m in rule.regex.finditer(text, overlapped=overlapped)]
            assert fast == slow, (rule.id, overlapped, text)


def test_places_anchored_rules_exist():
    assert {r.id for r in _anchored_rules()} >= {"town_after_verb", "town_before_people"}


@pytest.mark.parametrize("text", [
    "执法人员深入石桥镇红岩村,又走进白马乡群众家中,来到了龙泉街道和桂花社区。",
    "镇乡街苏社",
    "在镇",
    "由石桥镇群众和白马乡村民、龙泉镇代表队在新城镇境内一带",
    "深入石桥镇白马乡龙泉镇",
])
def test_places_anchored_scan_equals_finditer(text):
    _check_anchored_scan(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_TOWN_ALPHABET, max_size=40))
def test_places_anchored_scan_equals_finditer_generated(text):
    _check_anchored_scan(text)


def _gazetteer_letters():
    from govbrief.extract.places import gazetteer

    entries, _ = gazetteer()
    return "".join(sorted({ch for s in list(entries)[::40] for ch in s})) + "苏浙皖赣沪川渝的,"


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_places_starts_cover_every_lexicon_place(places, data):
    text = data.draw(st.text(alphabet=_gazetteer_letters(), max_size=30))
    starts = set(places._starts(text))
    for i in range(len(text)):
        for length in places.lengths.get(text[i], ()):
            if text[i : i + length] in places.entries:
                assert i in starts, (text, i)
        if text[i] in places.abbr and text[i + 1 : i + 2] in places.abbr:
            assert i in starts, (text, i)


@pytest.mark.parametrize("text", [
    "9月1日,安徽省市场监管局在合肥召开会议,深入石桥镇开展检查。",
    "陜西省西安市和湖南会同的企业代表",  # a variant character: the Doc's tokens are not used
    "苏浙皖赣沪五地联合举办竞赛,川渝两地签约。",
])
def test_places_component_equals_find(places, extractor, text):
    from govbrief.pipeline import make_doc

    doc = make_doc(extractor.nlp, text)
    expected = places.find(doc.text, doc)
    assert places(doc)._.gb_candidates == expected
    assert places.find(doc.text) == expected

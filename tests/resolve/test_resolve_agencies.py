"""Canonical agency names and leading cities (govbrief.resolve.agencies)."""

import pytest

from govbrief.resolve.agencies import canonical_agency, leading_city, lexicon

# fmt: off
CANONICAL = [
    # (surface, province, city, canonical)
    # abbreviations expanded, written place kept
    ("安徽省市场监管局", None, None, "安徽省市场监督管理局"),
    ("湖南省质监局", None, None, "湖南省质量技术监督局"),
    ("哈尔滨市安监局", None, None, "哈尔滨市安全生产监督管理局"),
    ("云南省人民政府", None, None, "云南省人民政府"),
    ("石家庄市政府", None, None, "石家庄市人民政府"),
    # short place prefixes become full names
    ("安徽市场监管局", None, None, "安徽省市场监督管理局"),
    ("延边州消防支队", None, None, "延边朝鲜族自治州消防支队"),
    # the province filled in where the text leaves it implicit
    ("省市场监管局", "安徽省", None, "安徽省市场监督管理局"),
    ("省发改委", "福建省", None, "福建省发展和改革委员会"),
    ("省发展改革委", "陕西省", None, "陕西省发展和改革委员会"),
    ("省人社厅", "四川省", None, "四川省人力资源和社会保障厅"),
    ("省住建厅", "四川省", None, "四川省住房和城乡建设厅"),
    ("省卫健委", "河北省", None, "河北省卫生健康委员会"),
    ("省食安办", "河北省", None, "河北省食品安全委员会办公室"),
    ("省政府安委会", "黑龙江省", None, "黑龙江省人民政府安全生产委员会"),
    ("自治区市场监管局", "广西壮族自治区", None, "广西壮族自治区市场监督管理局"),
    ("自治区减灾委", "广西壮族自治区", None, "广西壮族自治区减灾委员会"),
    ("省人大常委会", "福建省", None, "福建省人民代表大会常务委员会"),
    ("省政协", "浙江省", None, "政协浙江省委员会"),
    # a level word that does not match the province is kept
    ("省市场监管局", "广西壮族自治区", None, "省市场监督管理局"),
    # the city named most recently fills 市 / 州 / 地区
    ("市市场监管局", "福建省", "福州市", "福州市市场监督管理局"),
    ("市公安局", "广东省", "汕尾市", "汕尾市公安局"),
    ("州人民政府", "吉林省", "延边朝鲜族自治州", "延边朝鲜族自治州人民政府"),
    ("地区公安局", "新疆维吾尔自治区", "阿勒泰地区", "阿勒泰地区公安局"),
    # in a municipality, 市 is the province itself
    ("市市场监管局", "北京市", None, "北京市市场监督管理局"),
    ("市质监局", "上海市", None, "上海市质量技术监督局"),
    # a county unknown to the text stays a bare level word
    ("县卫健委", "江西省", None, "县卫生健康委员会"),
    # Party committees and their departments
    ("益阳市委", "湖南省", None, "中共益阳市委员会"),
    ("中共湖南省委", None, None, "中共湖南省委员会"),
    ("省委宣传部", "河北省", None, "中共河北省委宣传部"),
    ("市委网信办", "福建省", "漳州市", "中共漳州市委互联网信息办公室"),
    ("中宣部", None, None, "中共中央宣传部"),
    # national bodies stay national
    ("市场监管总局", "北京市", None, "国家市场监督管理总局"),
    ("国家市场监督管理总局", None, None, "国家市场监督管理总局"),
    ("国家发展改革委", None, None, "国家发展和改革委员会"),
    ("应急管理部", "河南省", "郑州市", "应急管理部"),
    ("国务院安委会", None, None, "国务院安全生产委员会"),
    # departments written alone in a list: 厅 is provincial
    ("工信厅", "广西壮族自治区", "玉林市", "广西壮族自治区工业和信息化厅"),
    ("科技局", "新疆维吾尔自治区", "阿勒泰地区", "阿勒泰地区科学技术局"),
    # open names keep their own words; their prefix is filled
    ("省质量发展领导小组", "甘肃省", None, "甘肃省质量发展领导小组"),
    ("吉林省质量发展工作领导小组办公室", None, None, "吉林省质量发展工作领导小组办公室"),
    ("质量发展领导小组", "甘肃省", None, "质量发展领导小组"),
    # special bodies
    ("石家庄海关", "河北省", None, "石家庄海关"),
    ("人行漳州市中支", "福建省", None, "中国人民银行漳州市中心支行"),
    ("政协杭州市委员会", "浙江省", None, "政协杭州市委员会"),
    # composed department names keep their words; clear abbreviations are expanded
    ("黔东南州文化体育广播电视和旅游局", None, None,
     "黔东南苗族侗族自治州文化体育广播电视和旅游局"),
    ("县教育和体育局", "河北省", None, "县教育和体育局"),
    ("文物局", "河北省", "保定市", "保定市文物局"),
    ("县卫生健康和计划生育委", "河南省", None, "县卫生健康和计划生育委员会"),
    ("市资规局", "浙江省", "杭州市", "杭州市自然资源和规划局"),
    ("省疾控局", "江苏省", None, "江苏省疾病预防控制局"),
    # Party and discipline bodies
    ("县纪委", "江西省", None, "中共县纪律检查委员会"),
    ("省纪委监委", "江西省", None, "江西省纪委监委"),
    ("市委国安办", "湖北省", "武汉市", "中共武汉市委国家安全委员会办公室"),
    ("省委教育工委", "湖南省", None, "中共湖南省委教育工作委员会"),
    ("县委办", "江西省", None, "中共县委办公室"),
    ("市政府办", "江苏省", "南京市", "南京市人民政府办公室"),
    ("首都精神文明建设委员会办公室", "北京市", None, "首都精神文明建设委员会办公室"),
    # national systems and their branches; the national word is not doubled
    ("国家税务总局", None, None, "国家税务总局"),
    ("国家税务总局江苏省税务局", "江苏省", None, "国家税务总局江苏省税务局"),
    ("中国证监会江苏监管局", None, None, "中国证券监督管理委员会江苏监管局"),
    # newer place names and SAR governments are kept as written
    ("长丰市市场监管局", "安徽省", None, "长丰市市场监督管理局"),
    ("香港特别行政区政府投资推广署", None, None, "香港特别行政区政府投资推广署"),
]

LEADING_CITY = [
    ("益阳市市场监督管理局", "湖南省", "益阳市"),
    ("漳州市云霄县市场监管局", "福建省", "漳州市"),
    ("延边州消防支队", "吉林省", "延边朝鲜族自治州"),
    ("哈尔滨市政府安委会", "黑龙江省", "哈尔滨市"),
    ("湖南省市场监管局", "湖南省", None),
    ("市市场监管局", "福建省", None),
    ("石城县市场监管局", "江西省", None),
    ("市场监管总局", None, None),
]
# fmt: on


@pytest.mark.parametrize("surface,province,city,expected", CANONICAL)
def test_canonical_agency_table(surface, province, city, expected):
    assert canonical_agency(surface, province=province, city=city) == expected


@pytest.mark.parametrize("surface,province,expected", LEADING_CITY)
def test_leading_city_table(surface, province, expected):
    assert leading_city(surface, province) == expected


def test_canonical_agency_unknown_surface_is_kept():
    assert canonical_agency("某某工作专班", province="安徽省") == "某某工作专班"
    assert canonical_agency("") == ""


def test_lexicon_heads_expand():
    cores = lexicon().cores
    assert cores["发改委"].canonical == "发展和改革委员会"
    assert cores["网信办"].canonical == "互联网信息办公室"
    assert cores["市场监管局"].canonical == "市场监督管理局"
    assert "prefix" in cores["食安办"].flags

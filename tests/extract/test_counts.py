"""COUNT extraction (govbrief.extract.counts): rules, units, filters and objects."""

import pytest

from govbrief.extract.counts import CountExtractor, match_unit, unit_table
from govbrief.normalize import normalize
from govbrief.resources import load_rules, load_tsv

KINDS = {"classifier", "measure", "admin", "level", "group"}


@pytest.fixture(scope="module")
def counts():
    return CountExtractor()


def found(extractor, text):
    text = normalize(text).text
    return {text[c.start : c.end]: c for c in extractor.find(text)}


def rule_examples():
    for rule in load_rules("counts"):
        for k, ex in enumerate(rule.examples):
            yield pytest.param(rule.id, ex, id=f"{rule.id}:{k}")


@pytest.mark.parametrize("rule_id,example", list(rule_examples()))
def test_counts_rule_examples(counts, rule_id, example):
    got = found(counts, example["text"])
    for want in example.get("spans", []):
        want = {"text": want} if isinstance(want, str) else want
        assert want["text"] in got, f"{rule_id}: {want['text']!r} not in {sorted(got)}"
        cand = got[want["text"]]
        for key, value in want.items():
            if key != "text":
                assert cand.attrs.get(key) == value, f"{rule_id}: {want['text']} {key}"
    for absent in example.get("absent", []):
        assert absent not in got, f"{rule_id}: {absent!r} proposed"


# fmt: off
POSITIVE = [
    # text, span, value, unit, approx, object
    ("省农业农村厅等14个部门联合印发方案。", "14个", 14, "个", None, "部门"),
    ("全区共检查餐饮单位2,350家次。", "2,350家次", 2350, "家次", None, None),
    ("为群众挽回经济损失86.5万元。", "86.5万元", 865000, "元", None, None),
    ("累计受理投诉1.3万余件,办结率为96.8%。", "1.3万余件", 13000, "件", "more", None),
    ("累计受理投诉1.3万余件,办结率为96.8%。", "96.8%", 96.8, "%", None, None),
    ("现场有五百多名师生观看了演示。", "五百多名", 500, "名", "more", "师生"),
    ("共出动执法人员逾两千人次。", "逾两千人次", 2000, "人次", "more", None),
    ("全市有近百家商超参加促销。", "近百家", 100, "家", "about", "商超"),
    ("合格率比去年提高了2.3个百分点。", "2.3个百分点", 2.3, "百分点", None, None),
    ("主办方邀请了二十余位专家授课。", "二十余位", 20, "位", "more", "专家"),
    ("该县现有3所职业学校、7座水库。", "3所", 3, "所", None, "职业学校"),
    ("该县现有3所职业学校、7座水库。", "7座", 7, "座", None, "水库"),
    ("该省共查获问题猪肉1.5吨。", "1.5吨", 1.5, "吨", None, None),
    ("共有32个省级部门参与,联合开展20项重点工作。", "20项", 20, "项", None, "重点工作"),
    ("活动覆盖华东三省一市。", "三省", 3, "省", None, None),
    ("活动覆盖华东三省一市。", "一市", 1, "市", None, None),
    ("实施五大工程,推进三大专项行动。", "三大专项行动", 3, "专项行动", None, None),
    ("建立省市县乡四级网络。", "四级", 4, "级", None, "网络"),
    ("培训基层人员不足300人。", "不足300人", 300, "人", "less", None),
    ("目前约六成企业完成改造。", "约六成", 60, "%", "about", None),
    ("发放了一千份调查问卷,收回有效问卷九百八十份。", "一千份", 1000, "份", None, "调查问卷"),
    ("发放了一千份调查问卷,收回有效问卷九百八十份。", "九百八十份", 980, "份", None, None),
    ("开展了一次别开生面的模拟演练。", "一次", 1, "次", None, "模拟演练"),
    ("检定各类计量器具600余台(件)。", "600余台", 600, "台", "more", None),
    ("全市三十几家企业报名。", "三十几家", 30, "家", "more", "企业"),
    # continuations that only look like a blocked word (家门 / 门店, 支队 / 队伍)
    ("连锁品牌的800家门店同步开展促销。", "800家", 800, "家", None, "门店"),
    ("全县共有26支队伍报名参赛。", "26支", 26, "支", None, "队伍"),
    ("辖区7家风电企业完成检查。", "7家", 7, "家", None, "风电企业"),
    ("引进4家境外检测机构。", "4家", 4, "家", None, "境外检测机构"),
    ("组织9家教育培训机构签订承诺书。", "9家", 9, "家", None, "教育培训机构"),
    ("全市5家人民医院参与义诊。", "5家", 5, "家", None, "人民医院"),
    ("在12家当地企业开展帮扶。", "12家", 12, "家", None, "当地企业"),
    ("走访6家产业园区。", "6家", 6, "家", None, "产业园区"),
    ("举办4场主题讲座。", "4场", 4, "场", None, "主题讲座"),
    ("分解为15项目标任务。", "15项", 15, "项", None, "目标任务"),
    ("共处置8起火灾事故。", "8起", 8, "起", None, "火灾事故"),
    ("核查群众反映的9条线索。", "9条", 9, "条", None, "线索"),
    ("先后开展3轮训练。", "3轮", 3, "轮", None, "训练"),
    ("收集11个案例。", "11个", 11, "个", None, "案例"),
    ("建成2个体验区。", "2个", 2, "个", None, "体验区"),
    ("组织开展了一个别具特色的展览。", "一个", 1, "个", None, "展览"),
    ("研发出一种新型检测设备。", "一种", 1, "种", None, "新型检测设备"),
    # units and admin nouns
    ("检定各类计量器具3.2万台件。", "3.2万台件", 32000, "台件", None, None),
    ("覆盖全疆五地州。", "五地州", 5, "地州", None, None),
    ("服务队走进千家企业开展帮扶。", "千家", 1000, "家", None, "企业"),
    ("共有12名单位负责人参加培训。", "12名", 12, "名", None, "单位负责人"),
    ("省局出台20条规定。", "20条", 20, "条", None, "规定"),
    ("园区引进6种植物。", "6种", 6, "种", None, "植物"),
    ("社区38位居民参与。", "38位", 38, "位", None, "居民"),
    ("构建区、街道、社区三级网络。", "三级", 3, "级", None, "网络"),
]

NEGATIVE = [
    # text, surfaces that must not be proposed
    ("2022年9月1日上午10时,活动正式启动。", ["2022", "1日", "10时"]),
    ("这是第32个全国质量月,也是第二届质量节。", ["32个", "二届"]),
    ("活动为期一个月,历时三天,持续10余年。", ["一个", "三天", "10余年"]),
    ("曝光一批典型案例,开展一系列活动,一些企业参加。", ["一批", "一系列", "一些"]),
    ("全市上下一心,打造一站式服务、一体化平台,进一步统一部署。", ["一站", "一体", "一步"]),
    ("推动质量知识进入千家万户,启动百家电商平台点亮行动。", ["千家", "万户", "百家"]),
    ("评选十佳质量标兵,发布十大典型案例。", ["十佳", "十大典型案例"]),
    ("拨打12315热线投诉,或登录12345平台。", ["12315", "12345"]),
    ("坚持“两个毫不动摇”,落实“四个最严”和“十五条”措施。", ["两个", "四个", "十五条"]),
    ("增强四个意识,坚定四个自信,做到两个维护。", ["四个", "两个"]),
    ("在长三角地区,四川省三台县和七台河市也有参与。", ["三台", "七台"]),
    ("省局一级巡视员、二级高级主办出席,全市二级以上医院参加。", ["一级", "二级", "二级以上"]),
    ("迎接党的二十大胜利召开,学习十九大精神。", ["十大胜利", "九大"]),
    ("全省两三家企业、三四个项目存在问题,多家单位、多项指标、几个部门待整改。",
     ["两三家", "三四个", "多家", "多项", "几个"]),
    ("全省排名前三名,居全国第一位。", ["三名", "一位"]),
    ("同比实现两位数增长,开展“双随机、一公开”检查。", ["两位", "一公"]),
    ("要把每一份努力落到实处,开启新一轮改革。", ["一份", "一轮"]),
    ("推行一企一策、一户一档。", ["一企", "一户"]),
    ("十四届全国人大二次会议期间。", ["二次"]),
    ("质量月期间,“3·15”活动与剑锋2022-3号专项行动同步进行,5G网络覆盖。", ["15", "3号", "5G"]),
    # blocked continuations that still make a non-count word
    ("服务送到家门口,一家人参加,三支队负责巡查。", ["一家", "三支"]),
    ("连续两个小时、一个多小时的讲解,3个体工商户参与。", ["两个", "一个", "3个"]),
    ("两地市场监管局联合执法。", ["两地", "两地市"]),
    # bare 百/千/万 inside a quoted slogan, however long
    ("开展“平安进万家”和“消防安全知识宣传进千家”活动。", ["万家", "千家"]),
    ("启动“计量服务惠千企”行动。", ["千企"]),
    ("开展平安进万家活动,推动节能知识进千家。", ["万家", "千家"]),
    # 一种 as a determiner
    ("把诚信经营当成一种习惯,这是一种责任,也是一种担当。", ["一种"]),
    ("以一种全新的方式呈现。", ["一种"]),
]

OBJECTS = [
    # text after "共有5份", expected object
    ("企业参展。", "企业"),
    ("市民免费参观了展馆。", "市民"),
    ("丰富多彩的群众性活动。", "群众性活动"),
    ("以“安全你我”为主题的知识竞赛。", "知识竞赛"),
    ("“消费提示”,", "消费提示"),
    ("“放心消费”主题承诺活动。", "主题承诺活动"),
    ("省级部门参与。", "省级部门"),
    ("专家线上线下答疑。", "专家"),
    ("参加了仪式。", None),
    (",共计", None),
    ("、查封问题食品", None),
    ("具体举措。", "具体举措"),
    ("重点工作。", "重点工作"),
    ("知识竞赛试题。", "知识竞赛试题"),
    ("优秀企业宣传等活动。", "优秀企业"),
    ("中小企业参加。", "中小企业"),
    ("共享单车。", "共享单车"),
    ("活动中,", "活动"),
]
# fmt: on


@pytest.mark.parametrize("text,surface,value,unit,approx,obj", POSITIVE)
def test_counts_positive(counts, text, surface, value, unit, approx, obj):
    got = found(counts, text)
    assert surface in got, f"{surface!r} not in {sorted(got)}"
    attrs = got[surface].attrs
    assert attrs["value"] == value and type(attrs["value"]) is type(value)
    assert attrs["unit"] == unit
    assert attrs.get("approx") == approx
    assert attrs.get("object") == obj
    assert "_object" not in attrs


@pytest.mark.parametrize("text,absent", NEGATIVE)
def test_counts_negative(counts, text, absent):
    got = found(counts, text)
    for surface in absent:
        assert not any(surface in g or g in surface for g in got), f"{surface!r} in {sorted(got)}"


@pytest.mark.parametrize("after,obj", OBJECTS)
def test_counts_object(counts, after, obj):
    text = "共有5份" + after
    assert counts.find_object(text, 4) == obj


def test_counts_candidates_are_count_label_without_overlap(counts):
    text = normalize("四省一市的21个部门开展近千场活动,覆盖1.2亿人次,近三成企业参与。").text
    cands = counts.find(text)
    assert {c.label for c in cands} == {"COUNT"}
    ends = [(c.start, c.end) for c in cands]
    assert all(a[1] <= b[0] for a, b in zip(ends, ends[1:]))
    assert [text[s:e] for s, e in ends] == ["四省", "一市", "21个", "近千场", "1.2亿人次", "近三成"]


def test_counts_traditional_text_after_normalisation(counts):
    got = found(counts, "共有1000餘名質量專家參與,發放資料兩萬份。")
    assert got["1000余名"].attrs == {"value": 1000, "unit": "名", "approx": "more",
                                   "object": "质量专家"}
    assert got["两万份"].attrs["value"] == 20000


def test_counts_units_lexicon_is_well_formed():
    rows = load_tsv("units.tsv")
    assert rows
    surfaces = set()
    for row in rows:
        assert len(row) == 4, row
        surface, unit, kind, blocked = row
        assert surface and unit and kind in KINDS, row
        assert (surface, kind) not in surfaces, f"duplicate {surface} {kind}"
        surfaces.add((surface, kind))
        assert all(blocked.split("|")) or not blocked, row


@pytest.mark.parametrize(
    "text,pos,kinds,unit",
    [("个部门", 0, ("classifier",), "个"), ("个百分点", 0, ("classifier", "measure"), "百分点"),
     ("人次", 0, ("classifier",), "人次"), ("个月", 0, ("classifier",), None),
     ("家庭", 0, ("classifier",), None), ("省市", 0, ("admin",), "省市"),
     ("系列", 0, ("classifier",), None), ("系列", 0, ("group",), "系列")],
)
def test_counts_match_unit(text, pos, kinds, unit):
    got = match_unit(text, pos, kinds)
    assert (got.unit if got else None) == unit


def test_counts_unit_table_longest_first():
    for rows in unit_table().values():
        lengths = [len(u.surface) for u in rows]
        assert lengths == sorted(lengths, reverse=True)


def test_counts_end_to_end_offsets_on_original_text(extractor):
    text = "省商務廳聯合9個單位舉辦活動,近千名群眾到場。"
    spans = [s for s in extractor.annotate(text)["spans"] if s["label"] == "COUNT"]
    assert [(text[s["start"] : s["end"]], s["value"], s["unit"]) for s in spans] == [
        ("9個", 9, "个"), ("近千名", 1000, "名")]
    assert spans[0]["object"] == "单位"
    assert spans[1]["approx"] == "about"


# fmt: off
RANGES = [
    ("全市3至5家企业参加。", "3至5家", 5, 3, "家"),
    ("培训人员200-300人。", "200-300人", 300, 200, "人"),
    ("预计投入1.5-2万元。", "1.5-2万元", 20000, 15000, "元"),
    ("邀请三到五家机构。", "三到五家", 5, 3, "家"),
]
# fmt: on


@pytest.mark.parametrize("text,surface,value,low,unit", RANGES)
def test_counts_ranges_are_one_span(text, surface, value, low, unit):
    from govbrief.extract.counts import CountExtractor

    found = {text[c.start : c.end]: c for c in CountExtractor().find(text)}
    assert surface in found
    attrs = found[surface].attrs
    assert (attrs["value"], attrs["min"], attrs["unit"]) == (value, low, unit)


@pytest.mark.parametrize("text", ["拨打12315-1热线咨询。", "开展剑锋2022-3号行动。"])
def test_counts_dashes_in_ids_are_not_ranges(text):
    from govbrief.extract.counts import CountExtractor

    assert CountExtractor().find(text) == []


# fmt: off
TAGGED = [
    "共有5家企业参加了标准化培训。",
    "推进产品定制化、服务个性化发展",
    "化解矛盾纠纷32起",
    "邬槿萱等3名专家现场讲解",
    "化化肥",
    "全面深化改革",
    "",
]
# fmt: on


@pytest.mark.parametrize("text", TAGGED)
def test_counts_iter_tags_same_as_whole_window_tagging(text):
    """Lazy tagging gives jieba's words with X化 joined, as tagging the window at once."""
    from govbrief.extract._postag import pos_tokenizer
    from govbrief.extract.counts import _PUNCT, iter_tags, tag

    expected: list[tuple[str, str]] = []
    for pair in pos_tokenizer().lcut(text, HMM=True):
        if pair.word == "化" and expected and not _PUNCT.match(expected[-1][0]):
            expected[-1] = (expected[-1][0] + "化", "b")
        else:
            expected.append((pair.word, pair.flag))
    assert list(iter_tags(text)) == expected
    assert tag(text) == expected

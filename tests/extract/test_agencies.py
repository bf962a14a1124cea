"""AGENCY and ORG candidates of ``govbrief_agencies`` (AgencyExtractor.find on hand-written text).

Spans are checked after the merge policy (``select``), as the pipeline would keep them.
"""

import pytest

from govbrief.extract.agencies import AgencyExtractor
from govbrief.extract.merge import select
from govbrief.normalize import normalize


@pytest.fixture(scope="module")
def agencies():
    return AgencyExtractor()


def spans(extractor, text):
    """(label, surface) of the kept candidates, in text order."""
    text = normalize(text).text
    return [(c.label, text[c.start : c.end]) for c in select(extractor.find(text), len(text))]


def A(*names):
    return [("AGENCY", n) for n in names]


def O(*names):
    return [("ORG", n) for n in names]


# fmt: off
EXACT = [
    # place prefix + department; the verb before is not swallowed
    ("9月1日,江苏省市场监管局联合省教育厅、省科技厅等部门举办仪式。",
     A("江苏省市场监管局", "省教育厅", "省科技厅")),
    ("此次活动由浙江省市场监督管理局主办。", A("浙江省市场监督管理局")),
    ("省文旅厅会同省委宣传部、省商务厅印发方案。", A("省文旅厅", "省委宣传部", "省商务厅")),
    # each member of a list is its own span; 等 and the count stop the last one
    ("由县市场监管局、县教体局、县卫健局等12个部门共同举办。",
     A("县市场监管局", "县教体局", "县卫健局")),
    ("苏州市吴中区市场监管局、吴江区市场监管局联合开展检查。",
     A("苏州市吴中区市场监管局", "吴江区市场监管局")),
    # government, Party, congress, CPPCC bodies
    ("南京市人民政府副市长李明出席并讲话。", A("南京市人民政府")),
    ("中共江苏省委宣传部、江苏省人大常委会、省政协有关负责同志出席。",
     A("中共江苏省委宣传部", "江苏省人大常委会", "省政协")),
    ("杭州市人大常委会、政协杭州市委员会组织视察。",
     A("杭州市人大常委会", "政协杭州市委员会")),
    ("中共中央、国务院印发《质量强国建设纲要》。", A("中共中央", "国务院")),
    # a Party committee before a title is AGENCY; the department after 常委 is its own span
    ("市委常委、宣传部部长王红出席开幕式。", A("市委", "宣传部")),
    ("县委书记、县长出席。", A("县委")),
    # national bodies, with and without 国家
    ("国家市场监督管理总局副局长视频致辞。", A("国家市场监督管理总局")),
    ("根据市场监管总局等部门的通知要求,", A("市场监管总局")),
    ("省药监局、国家药监局、海关总署联合发文。", A("省药监局", "国家药监局", "海关总署")),
    ("国家标准委、国家认监委联合开展活动。", A("国家标准委", "国家认监委")),
    # leading groups, committees and their offices
    ("5月起,吉林省质量发展工作领导小组办公室携手省委组织部举办培训。",
     A("吉林省质量发展工作领导小组办公室", "省委组织部")),
    ("由青岛市落实标准化战略专项工作领导小组办公室统筹,市市场监管局具体承办。",
     A("青岛市落实标准化战略专项工作领导小组办公室", "市市场监管局")),
    ("下月,省食品安全委员会还要组织专项抽检。", A("省食品安全委员会")),
    ("市食品安全委员会办公室发布消费提示。", A("市食品安全委员会办公室")),
    ("国务院食品安全委员会办公室印发通知。", A("国务院食品安全委员会办公室")),
    ("省政府安委会和市政府安委办联合检查。", A("省政府安委会", "市政府安委办")),
    # internal divisions belong to the agency written right before them
    ("省市场监督管理局特种设备安全监察处处长赵六介绍。", A("省市场监督管理局特种设备安全监察处")),
    ("区市场监管局食品股、广告股和区应急局一起进社区。",
     A("区市场监管局食品股", "广告股", "区应急局")),
    ("市质监局抽调计量科和综合科的骨干下企业。", A("市质监局", "计量科", "综合科")),
    ("市消防救援支队、省公安厅交警总队参与演练。", A("市消防救援支队", "省公安厅交警总队")),
    # mass organisations, institutes, media, companies, schools are ORG
    ("省妇联、省总工会、团省委共同主办。", O("省妇联", "省总工会", "团省委")),
    ("中国质量协会会长、中国标准化研究院院长作报告。", O("中国质量协会", "中国标准化研究院")),
    ("江苏省特种设备安全监督检验研究院与南京市产品质量监督检验院联合检测。",
     O("江苏省特种设备安全监督检验研究院", "南京市产品质量监督检验院")),
    ("县人民医院、市融媒体中心参加义诊。", O("县人民医院", "市融媒体中心")),
    ("苏州市消费者权益保护委员会发布报告。", O("苏州市消费者权益保护委员会")),
    ("获奖企业南通远洋机械制造有限公司和苏州晶辉光电股份有限公司分别发言。",
     O("南通远洋机械制造有限公司", "苏州晶辉光电股份有限公司")),
    ("启动仪式在杭州师范大学举行。", O("杭州师范大学")),
    ("启动仪式在宁波国际会展中心举行。", O("宁波国际会展中心")),
    ("市质监所、市药检所、标准化协会等单位参加。", O("市药检所", "标准化协会")),
    # customs, central-bank branches and township offices are government bodies
    ("南京海关、市场监管局联合开展行动。", A("南京海关", "市场监管局")),
    ("人行泉州市中支与市通管办签署合作备忘录。", A("人行泉州市中支", "市通管办")),
    ("鼓楼区华大街道办事处组织居民参加。", A("鼓楼区华大街道办事处")),
]

ABSENT = [
    # generic and collective mentions
    ("由市场监管部门牵头,各有关部门配合,省直部门参加。", ["市场监管部门", "省直部门"]),
    ("全省市场监管系统要深入开展质量提升行动。", ["市场监管系统", "全省市场监管系统"]),
    ("各区县市场监管局也同步设立咨询台。", ["县市场监管局", "市场监管局"]),
    ("两地市场监管局签订协作协议。", ["市场监管局"]),
    ("请各市州市场监管局、县(区)局于月底前报送。", ["州市场监管局", "区局"]),
    ("各级党委和政府要高度重视,地方政府要落实责任。", ["政府", "地方政府"]),
    ("成立工作领导小组,召开领导小组会议。", ["工作领导小组", "领导小组"]),
    ("请消防安全委员会的成员单位按时报送材料。", ["成员单位"]),
    ("有关行业协会、商会和快递公司代表参加。", ["行业协会", "快递公司"]),
    ("走进学校、深入医院开展宣传。", ["走进学校", "学校", "医院"]),
    ("大学生志愿者参与活动。", ["大学"]),
    # titles and ranks are not agencies
    ("县政府副县长、公安局长李强到会。", ["公安局"]),
    ("省委宣传部长出席。", ["省委宣传部"]),
    ("全市处级、乡局级干部参加轮训。", ["乡局"]),
    ("李强同志兼任办公室主任。", ["办公室"]),
    # place before a title (a GPE), squares and markets
    ("甘肃省副省长出席。", ["甘肃省"]),
    ("在人民广场和新华路步行街举办活动。", ["人民广场", "新华路步行街"]),
    # words that contain a head
    ("开展计量科普宣传活动,当日报名人数超过200人。", ["计量科", "日报"]),
    ("为民办实事,推进质量强省建设,优化营商格局。", ["质量强省", "格局"]),
]

# Names the closed lists do not hold: composed departments, national systems with their
# local branches, sub-units, Party bodies, newer place names, SAR departments, ORG heads
# and boundaries (the held-out error categories).
GENERALISED = [
    # 1. departments composed of domain words and a head
    ("黔东南州文化体育广播电视和旅游局和县教育和体育局联合主办。",
     A("黔东南州文化体育广播电视和旅游局", "县教育和体育局")),
    ("浙江省文物局、市体育局、区农业农村和水利局参加。",
     A("浙江省文物局", "市体育局", "区农业农村和水利局")),
    ("县住房城乡建设和交通运输局与市自然资源和规划局签订协议。",
     A("县住房城乡建设和交通运输局", "市自然资源和规划局")),
    ("县卫生健康和计划生育委牵头,文化体育和旅游局配合。",
     A("县卫生健康和计划生育委", "文化体育和旅游局")),
    # 2. national systems and their local branches are one body each
    ("国家税务总局江苏省税务局、国家税务总局南京市鼓楼区税务局联合发布公告。",
     A("国家税务总局江苏省税务局", "国家税务总局南京市鼓楼区税务局")),
    ("国家金融监督管理总局宁波监管局提示风险。", A("国家金融监督管理总局宁波监管局")),
    ("国家统计局苏州调查队和国家统计局江苏调查总队开展调查。",
     A("国家统计局苏州调查队", "国家统计局江苏调查总队")),
    ("国家外汇管理局江苏省分局、国家能源局江苏监管办公室和海关总署广东分署参加。",
     A("国家外汇管理局江苏省分局", "国家能源局江苏监管办公室", "海关总署广东分署")),
    ("中国人民银行江苏省分行、中国证监会江苏监管局联合宣传。",
     A("中国人民银行江苏省分行", "中国证监会江苏监管局")),
    ("南京海关、拱北海关和满洲里海关联合查获一批货物。",
     A("南京海关", "拱北海关", "满洲里海关")),
    ("国家税务总局南京市税务局第一稽查局查处一起案件。",
     A("国家税务总局南京市税务局第一稽查局")),
    # 3. branches and internal offices after an agency
    ("南京市公安局玄武分局、鼓楼公安分局和新街口派出所民警到场。",
     A("南京市公安局玄武分局", "鼓楼公安分局", "新街口派出所")),
    ("市纪委监委第三监督检查室、市卫健委办公室负责同志出席。",
     A("市纪委监委第三监督检查室", "市卫健委办公室")),
    ("省教育厅研究室、市公安局指挥中心、县市场监管局城关市场监管所参加演练。",
     A("省教育厅研究室", "市公安局指挥中心", "县市场监管局城关市场监管所")),
    ("省纪委监委驻省教育厅纪检监察组、市纪委监委派驻市卫健委纪检监察组参加。",
     A("省纪委监委驻省教育厅纪检监察组", "市纪委监委派驻市卫健委纪检监察组")),
    # 4. Party and discipline bodies, abbreviations
    ("省委国家安全委员会办公室、市委国安办、县纪委监委联合部署。",
     A("省委国家安全委员会办公室", "市委国安办", "县纪委监委")),
    ("市委政法委、县委统战部、市委网信办、县委编办、市委深改办参加。",
     A("市委政法委", "县委统战部", "市委网信办", "县委编办", "市委深改办")),
    ("县委办、县政府办联合印发通知。", A("县委办", "县政府办")),
    ("省疾控局、省药监局、市医保局、县教体局、省安委办、市城管局等单位参加。",
     A("省疾控局", "省药监局", "市医保局", "县教体局", "省安委办", "市城管局")),
    ("县纪委书记王明出席。", A("县纪委")),
    ("市资规局、市城管执法局、县退役军人局和省委教育工委参加。",
     A("市资规局", "市城管执法局", "县退役军人局", "省委教育工委")),
    # 5. newer place names, 首都, SAR departments
    ("长丰市市场监管局、长丰市文化和旅游局开展检查。",
     A("长丰市市场监管局", "长丰市文化和旅游局")),
    ("首都精神文明建设委员会办公室主办。", A("首都精神文明建设委员会办公室")),
    ("香港特别行政区政府投资推广署署长出席。", A("香港特别行政区政府投资推广署")),
    ("澳门特区政府经济局与省商务厅签署协议。", A("澳门特区政府经济局", "省商务厅")),
    # 6. ORG heads; the place prefix of a company; a location before a place-initial name
    ("贵州日报报业集团、温州传媒中心和市体育中心参与报道。",
     O("贵州日报报业集团", "温州传媒中心", "市体育中心")),
    ("由浙江中天建设集团有限公司和江苏华通建设集团有限公司承建。",
     O("浙江中天建设集团有限公司", "江苏华通建设集团有限公司")),
    ("活动在银川市宁夏科技馆举行。", O("宁夏科技馆")),
    ("在南京市南京国际博览中心开幕。", O("南京国际博览中心")),
    ("福州市鼓楼区第一中学和江苏省南京市人民医院参加。",
     O("福州市鼓楼区第一中学", "江苏省南京市人民医院")),
    ("北方民族大学、西南财经大学的学生参加。", O("北方民族大学", "西南财经大学")),
    # 7. the verb or noun before a company is not part of it
    ("组织学员到苏州金龙汽车有限公司参观。", O("苏州金龙汽车有限公司")),
    ("代表们赴杭州娃哈哈集团有限公司考察。", O("杭州娃哈哈集团有限公司")),
]

GENERALISED_ABSENT = [
    ("推动文化和旅游深度融合,促进体育产业发展。", ["文化和旅游", "旅游"]),
    ("全省教育系统和卫生健康系统干部参加培训。", ["教育系统"]),
    ("各级卫生健康委员会要高度重视。", ["卫生健康委员会"]),
    ("该市的统计局面临新的挑战。", ["统计局"]),
    ("他在会议室里说,市委常委会议室已布置好。", ["市委常委会议室"]),
    ("通过海关的货物,出入境海关检查。", ["通过海关", "出入境海关", "海关"]),
    ("学生到派出所报到,辖区派出所民警回访。", ["辖区派出所", "到派出所"]),
    ("民族大学生志愿者参加活动。", ["民族大学"]),
    ("市委书记和县政府办公室主任出席。", ["和县政府办公室"]),
    ("委员会主席尤尔科发表讲话。", ["委员会主席尤尔科"]),
    ("市公安局责令治安股整改。", ["市公安局责令治安股"]),
]
# fmt: on


@pytest.mark.parametrize("text,expected", GENERALISED)
def test_agencies_generalised_names(agencies, text, expected):
    assert spans(agencies, text) == expected


@pytest.mark.parametrize("text,absent", GENERALISED_ABSENT)
def test_agencies_generalised_not_annotated(agencies, text, absent):
    found = {s for _, s in spans(agencies, text)}
    for surface in absent:
        assert surface not in found, f"{surface!r} proposed in {text!r}"


@pytest.mark.parametrize(
    "text,expected",
    [
        # the people extractor's TITLE follows the discipline commission
        ("县纪委书记王明出席会议。", [("AGENCY", "县纪委"), ("TITLE", "书记"), ("PERSON", "王明")]),
        # a full division name before a place-initial venue is its location
        ("活动在银川市宁夏科技馆举行。", [("GPE", "银川市"), ("ORG", "宁夏科技馆")]),
    ],
)
def test_agencies_pipeline_boundaries(extractor, text, expected):
    doc = extractor.annotate(text, published="2024-05-01")
    got = [(s["label"], text[s["start"] : s["end"]]) for s in doc["spans"]]
    for item in expected:
        assert item in got


# fmt: off
BYLINES = [
    ("星城网长沙3月2日讯 记者获悉,", O("星城网")),
    ("【南方快讯网讯】3月2日,省市场监管局发布", O("南方快讯网") + A("省市场监管局")),
    ("东方新闻·掌上东方3月2日讯(记者 王明)", O("东方新闻", "掌上东方")),
    ("江城日报·新江城客户端3月2日讯(记者 王明)", O("江城日报·新江城客户端")),
    ("青山新闻网-青山县融媒体中心(记者 李华)3月2日,", O("青山新闻网", "青山县融媒体中心")),
    ("本报讯(记者 王明)3月2日,", []),
]
# fmt: on


@pytest.mark.parametrize("text,expected", EXACT)
def test_agencies_exact_spans(agencies, text, expected):
    assert spans(agencies, text) == expected


@pytest.mark.parametrize("text,absent", ABSENT)
def test_agencies_generic_not_annotated(agencies, text, absent):
    found = {s for _, s in spans(agencies, text)}
    for surface in absent:
        assert surface not in found, f"{surface!r} proposed in {text!r}"


@pytest.mark.parametrize("text,expected", BYLINES)
def test_agencies_byline_sources(agencies, text, expected):
    assert spans(agencies, text) == expected


def test_agencies_traditional_input(agencies):
    # Extractors see simplified text; the variant 陜 is folded to 陕 by the normaliser.
    text = normalize("陜西省市場監督管理局聯合省教育廳開展活動。").text
    cands = select(agencies.find(text), len(text))
    assert [(c.start, c.end, c.label) for c in cands] == [(0, 10, "AGENCY"), (12, 16, "AGENCY")]


def test_agencies_offsets_are_into_the_given_text(agencies):
    text = "据悉,省市场监管局联合省总工会开展活动。"
    cands = select(agencies.find(text), len(text))
    assert [(c.start, c.end, c.label) for c in cands] == [
        (3, 9, "AGENCY"),
        (11, 15, "ORG"),
    ]
    assert all(c.rule_id for c in cands)


def test_agencies_pipeline_records(extractor):
    records = extractor.extract(
        "6月3日,安徽省“计量宣传周”在芜湖开幕。省市场监管局会同省发改委举办系列活动。",
        published="2022-09-05",
    )
    agencies = [a for r in records for a in r["agencies"]]
    assert [a["text"] for a in agencies] == ["省市场监管局", "省发改委"]
    assert [a["name"] for a in agencies] == ["安徽省市场监督管理局", "安徽省发展和改革委员会"]


# -- fast paths: the same answers as the plain computations ------------------------------

FAST_PATH_TEXTS = [
    "市卫健委、县文化和旅游局与鼓楼区市场监管所开展了联合检查。",
    "张晓梅在柯桥区齐贤街道走访了3家企业,并到ABC科技有限公司调研。",
    "截至9月底,全省共抽检样品1.2万批次\r\n合格率98.6% 其中省药监局抽检 420批次",
    "“质量月”期间,国家税务总局某省税务局第三分局和县委办联合发布《通知》;",
    "Forum 2nd round 在中关村举行   ,嘎吱嘎吱地响",
    "",
    "。",
]


def _whole_text_tokens(text):
    from govbrief.extract._agency_parts import _pos_tokenizer

    out, cur = [], 0
    for pair in _pos_tokenizer().lcut(text):
        out.append((cur, cur + len(pair.word), pair.flag))
        cur += len(pair.word)
    return out


@pytest.mark.parametrize("text", FAST_PATH_TEXTS)
def test_agencies_tokens_same_as_tagging_the_whole_text(text):
    from govbrief.extract._agency_parts import _Tokens

    whole = _whole_text_tokens(text)
    ends = {e for _, e, _ in whole}
    # Queried one position at a time (lazily tagged blocks) ...
    tokens = _Tokens(text)
    for pos in range(1, len(text) + 1):
        token = next(t for t in whole if t[0] < pos <= t[1])
        assert tokens.piece_before(pos) == (token[0], pos, token[2])
        assert tokens.is_boundary(pos) == (pos >= len(text) or pos in ends)
    # ... and over ranges that cross blocks, on a fresh instance.
    assert _Tokens(text).pieces_in(0, len(text)) == whole
    for start in range(len(text)):
        expected = [t for t in whole if t[1] > start and t[0] < start + 5]
        assert _Tokens(text).pieces_in(start, start + 5) == expected


@pytest.mark.parametrize("text", FAST_PATH_TEXTS)
def test_agencies_word_list_same_as_word_set(text):
    from govbrief.extract._agency_parts import _WordList
    from govbrief.extract.agencies import _core_words, _start_words

    for words in [*_core_words(), _start_words(), _WordList(["省", "市", "市场", "市场监管局"])]:
        found = [p for p in range(len(text)) if words.words.lengths(text, p, len(text))]
        assert set(found) <= set(words.candidates(text))
        assert [p for p in range(len(text)) if words.starts_word(text, p)] == found
        for p in range(len(text)):
            assert words.lengths(text, p) == words.words.lengths(text, p, len(text))


@pytest.mark.parametrize("text", FAST_PATH_TEXTS)
def test_agencies_grammar_core_hint_changes_nothing(text):
    from govbrief.extract.agencies import _core_starts
    from govbrief.resolve.agencies import agency_grammar

    def groups(m):
        names = (0, "party", "pre", "gov", "dept", "org", "bdept", "borg")
        return None if m is None else [m.span(g) for g in names]

    grammar = agency_grammar()
    core_at = frozenset(_core_starts(text))
    for pos in range(len(text)):
        plain = grammar.match(text, pos)
        assert groups(grammar.match(text, pos, core_at=core_at)) == groups(plain)

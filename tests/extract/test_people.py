"""``govbrief_people``: PERSON and TITLE candidates on sentences written for these tests."""

from __future__ import annotations

import pytest
import regex

from govbrief.extract._people_scan import AnchoredPattern, trie_source
from govbrief.extract.people import PeopleExtractor, _title_match_ends, lexicon
from govbrief.normalize import normalize


@pytest.fixture(scope="module")
def people():
    return PeopleExtractor()


def found(people, text, label=None):
    text = normalize(text).text
    return [(text[c.start : c.end], c.label, c.attrs.get("role"))
            for c in people.find(text) if label is None or c.label == label]


def surfaces(people, text, label):
    return [s for s, _, _ in found(people, text, label)]


# fmt: off
TITLE_CONTEXT = [
    # sentence, PERSON surfaces, TITLE surfaces
    ("副省长郑立宏出席启动仪式并讲话。", ["郑立宏"], ["副省长"]),
    ("市场监管局局长方敏主持会议。", ["方敏"], ["局长"]),            # two characters: 主持 follows
    ("副市长贝和平出席。", ["贝和平"], ["副市长"]),                    # 和 inside the name
    ("局长龙永生在致辞中强调,", ["龙永生"], ["局长"]),               # 在 ends the name
    ("县委书记燕海参加了活动。", ["燕海"], ["书记"]),                  # 海参 is not the name's end
    ("省委常委、常务副省长简一鸣讲话。", ["简一鸣"], ["常委", "常务副省长"]),
    ("区应急管理局局长欧阳春和主持。", ["欧阳春和"], ["局长"]),       # compound surname
    ("市政府副秘书长上官云出席。", ["上官云"], ["副秘书长"]),
    ("省交通运输厅厅长周长乐通报情况。", ["周长乐"], ["厅长"]),       # 周长 is a word; 通报 decides
    ("州教育局二级调研员阿不都·热合曼出席。", ["阿不都·热合曼"], ["二级调研员"]),
    ("州委常委、副州长才让旦增出席活动。", ["才让旦增"], ["常委", "副州长"]),
    ("区委副书记、代区长毕然出席。", ["毕然"], ["副书记", "代区长"]),
    ("中国工程院院士、浙江大学教授施一民作报告。", ["施一民"], ["院士", "教授"]),
    ("副市长滕飞、市政协副主席卓群出席。", ["滕飞", "卓群"], ["副市长", "副主席"]),
    ("副市长黎晓东、岳红出席并讲话。", ["黎晓东", "岳红"], ["副市长"]),  # a listed second name
    ("省市场监管局一级巡视员包青9月1日到企业调研。", ["包青"], ["一级巡视员"]),
    # surnames of the Hui, Manchu and other groups, and rarer Han surnames
    ("县委常委、宣传部部长纳振东出席会议。", ["纳振东"], ["常委", "部长"]),
    ("副县长撒明礼主持会议。", ["撒明礼"], ["副县长"]),
    ("市政协副主席喇国栋出席。", ["喇国栋"], ["副主席"]),
    ("副州长锁建平、副市长仉立群出席。", ["锁建平", "仉立群"], ["副州长", "副市长"]),
    ("区长回振斌在致辞中说,", ["回振斌"], ["区长"]),
    ("党组书记、局长保金海出席。", ["保金海"], ["党组书记", "局长"]),
    ("副局长赫连成出席。", ["赫连成"], ["副局长"]),                   # compound surname
    ("县长钮祜禄·明安出席。", ["钮祜禄·明安"], ["县长"]),
    # modifiers belong to the title
    ("市总工会专职副主席佘立平出席。", ["佘立平"], ["专职副主席"]),
    ("省残联执行副主席晏丽、驻会副主席敖志刚出席。", ["晏丽", "敖志刚"], ["执行副主席", "驻会副主席"]),
    ("海关助理署长冼伟文出席。", ["冼伟文"], ["助理署长"]),
    ("集团总经理助理寇晓红介绍情况。", ["寇晓红"], ["总经理助理"]),
    ("市人大常委会常务副主任蔺海出席。", ["蔺海"], ["常务副主任"]),
]
# fmt: on


@pytest.mark.parametrize("text,persons,titles", TITLE_CONTEXT)
def test_people_after_title(people, text, persons, titles):
    assert surfaces(people, text, "PERSON") == persons
    got = surfaces(people, text, "TITLE")
    assert all(t in got for t in titles), got


def test_people_title_chain_far_from_name(people):
    text = "市质量强市工作委员会办公室主任,市市场监管局党组书记、局长聂远对全市质量工作作了部署。"
    assert surfaces(people, text, "PERSON") == ["聂远"]
    titles = surfaces(people, text, "TITLE")
    assert {"主任", "党组书记", "局长"} <= set(titles)


# fmt: off
@pytest.mark.parametrize("text,titles,person", [
    ("县纪委书记禤建新主持会议。", ["书记"], "禤建新"),
    ("市纪委副书记满红出席。", ["副书记"], "满红"),
    ("区监委主任党一鸣作报告。", ["主任"], "党一鸣"),
    ("自治区政协主席敖国庆出席。", ["主席"], "敖国庆"),
    ("省委常委、纪委书记寇振华出席。", ["常委", "纪委书记"], "寇振华"),  # no level word
    ("市场监管局纪委书记晏清出席。", ["纪委书记"], "晏清"),
])
# fmt: on
def test_people_body_abbreviation_after_level_word_is_not_title(people, text, titles, person):
    """县纪委书记: the agency is 县纪委, the TITLE only 书记 (ANNOTATION.md §2)."""
    assert surfaces(people, text, "PERSON") == [person]
    assert surfaces(people, text, "TITLE") == titles


def test_people_office_director_alone_after_jian(people):
    text = "省质量工作领导小组副组长兼办公室主任伍思远出席。"
    titles = surfaces(people, text, "TITLE")
    assert "副组长" in titles and "办公室主任" in titles


# fmt: off
NO_PERSON = [
    "湖南省长沙市市场监管局开展检查。",
    "上海市长宁区、徐汇区市场监管局联合开展活动。",
    "西安市长安区市场监管局在辖区开展宣传。",
    "局长任组长,分管副局长任副组长。",
    "会议要求,各级局长高度重视,亲自部署。",
    "会上,市场监管局局长马上作了动员讲话。",
    "市长热线全天候受理投诉。",
    "省长质量奖获奖企业代表参加活动。",
    "领导小组组长单位和成员单位负责人参加会议。",
    "主任科员以上干部参加培训。",
    "党组书记、局长和其他班子成员出席。",
    "市场监管局局长向全体干部提出要求。",
    "局长向大会作工作报告。",
    "主任向记者介绍了有关情况。",
    "院长高兴地说,",
    "局长和副局长分别讲话。",
    "近日,记者从市市场监管局了解到,",
    "活动现场,工作人员向市民发放宣传资料。",
    "为民办实事(企)活动(集团)开展。\n",
    # rare surnames that start ordinary words
    "主任回应称,将继续推进。",
    "局长保障供应,书记信心十足。",
    "局长铁腕治理,主任冒雨检查。",
    "主任南下调研,局长商量对策。",
    "局长纳入考核,主任迟迟未到。",
    "局长妥善处理,主任拜访企业。",
]
# fmt: on


@pytest.mark.parametrize("text", NO_PERSON)
def test_people_no_false_names(people, text):
    assert found(people, text) == []


# fmt: off
CREDITS = [
    ("全年抽检样品1.2万批次。\n(汤立 卞晓红)\n", ["汤立", "卞晓红"]),
    ("本报讯(见习记者 阮文博 记者 沙沙 通讯员 霍宁)9月6日,", ["阮文博", "沙沙", "霍宁"]),
    ("本报讯(宫雪 记者 庞博)近日,", ["宫雪", "庞博"]),
    ("本报讯 (记者柏林)12月15日,", ["柏林"]),
    ("(作者:焦阳 谷雨)", ["焦阳", "谷雨"]),
    ("志愿者讲解计量知识(黎明/摄)\n", ["黎明"]),
    ("□文/图 本报记者 甄真\n3月15日,", ["甄真"]),
    ("市民在咨询。 记者 翁晴摄\n", ["翁晴"]),
    ("活动现场 实习生樊星/摄\n", ["樊星"]),
    ("(实习记者 祁玉 热依拉·买买提)9月14日,", ["祁玉", "热依拉·买买提"]),
    ("(记者 车辙 通讯员 钟 声)“夏季温度高,", ["车辙", "钟 声"]),
]
# fmt: on


@pytest.mark.parametrize("text,names", CREDITS)
def test_people_reporters_in_credits(people, text, names):
    got = found(people, text, "PERSON")
    assert [s for s, _, _ in got] == names
    assert all(role == "reporter" for _, _, role in got)
    assert found(people, text, "TITLE") == []  # 记者, 通讯员 are not titles


def test_people_remention_everywhere(people):
    text = "副县长蒲公英出席。蒲公英在讲话中强调,要抓落实。会后蒲公英还走访了企业。"
    persons = surfaces(people, text, "PERSON")
    assert persons == ["蒲公英"] * 3


def test_people_remention_keeps_reporter_role(people):
    text = "(记者 封尘)\n本报记者封尘从现场发回报道。"
    roles = {role for _, _, role in found(people, text, "PERSON")}
    assert roles == {"reporter"}


# fmt: off
@pytest.mark.parametrize("text,persons,titles", [
    ("家住城南的鲍大妈报名参加了活动。", ["鲍"], []),               # the surname as written
    ("获奖代表邱德明同志作了发言。", ["邱德明"], []),
    ("深入学习贯彻李明德总书记的重要讲话精神", ["李明德"], ["总书记"]),
    ("活动结束后,曹文静表示,将继续参与。", ["曹文静"], []),
])
# fmt: on
def test_people_other_contexts(people, text, persons, titles):
    assert surfaces(people, text, "PERSON") == persons
    assert surfaces(people, text, "TITLE") == titles


def test_people_traditional_input_after_normalisation(people):
    text = "副省長郭明遠出席並講話。"
    assert surfaces(people, text, "PERSON") == ["郭明远"]
    assert surfaces(people, text, "TITLE") == ["副省长"]


def test_people_lexicons():
    lex = lexicon()
    assert {"欧阳", "司马", "上官", "诸葛", "慕容"} <= lex.compounds
    assert {"王", "李", "张", "鄢", "覃"} <= lex.surnames
    assert {"纳", "撒", "喇", "仉", "回", "保"} <= lex.surnames
    assert {"回", "保", "铁"} <= lex.rare and not {"王", "纳"} & lex.rare
    for title in ("省长", "副省长", "党组书记", "党组副书记", "一级巡视员", "二级高级主办",
                  "办公室主任", "常务副市长", "总经济师", "村支书", "副主席"):
        assert title in lex.titles, title
    assert "负责人" in lex.triggers and "负责人" not in lex.titles
    for role in ("记者", "通讯员", "编辑"):
        assert role not in lex.titles


def test_people_end_to_end(extractor):
    text = ("9月1日,某省质量月活动启动。省市场监管局党组书记、局长鲍国栋出席並講話。"
            "鲍国栋指出,要推动质量提升。\n(記者 翟羽)")
    gold = extractor.annotate(text, published="2023-09-02")
    spans = {(s["text"], s["label"]) for s in gold["spans"]}
    assert {("党组书记", "TITLE"), ("局长", "TITLE"), ("鲍国栋", "PERSON"),
            ("翟羽", "PERSON")} <= spans
    assert sum(1 for s in gold["spans"] if s["text"] == "鲍国栋") == 2
    assert ("記者", "TITLE") not in spans and ("记者", "TITLE") not in spans
    # offsets are into the original text
    for s in gold["spans"]:
        assert text[s["start"] : s["end"]] == s["text"]


# Sentences for the fast scans: names before honorifics, speech verbs and leaders' titles,
# overlapping readings, compound surnames, a name at the very start and at a line start.
SCAN_TEXTS = [
    "欧阳大妈和李大爷来到社区,王芳女士、赵德明同志、钱先生也到了。",
    "司马先生说:活动很好。\n孙丽表示,要做好服务。,周文强调:要抓落实。",
    "学习李明德总书记和王建国副总理的讲话,张伟委员长出席。",
    "王李大妈大妈先生同志表示表示",
    "上官云海同志同志说,上官说:好",
    "",
    "没有任何名字的句子。",
]


def test_people_anchored_patterns_match_like_finditer(people):
    """Rules tried only before their final words give the matches of a full scan."""
    anchored = [(rule.id, p) for rule, p in people.patterns if isinstance(p, AnchoredPattern)]
    assert {rid for rid, _ in anchored} >= {"honorific.surname", "honorific.fullname",
                                           "leader.title", "speech.clause"}
    for rid, pattern in anchored:
        for overlapped in (False, True):
            for text in SCAN_TEXTS:
                want = [m.span() for m in pattern.pattern.finditer(text, overlapped=overlapped)]
                got = [m.span() for m in pattern.finditer(text, overlapped=overlapped)]
                assert got == want, (rid, overlapped, text)


def test_people_title_scan_finds_longest_title_at_each_position():
    lex = lexicon()
    words = sorted({*lex.titles, *lex.triggers}, key=lambda w: (-len(w), w))
    plain = regex.compile("|".join(map(regex.escape, words)))
    for text in [*SCAN_TEXTS, "省委常委、常务副省长出席,副局长、局长、党组书记、办公室主任讲话。"]:
        want = [m.end() for m in plain.finditer(text, overlapped=True)]
        assert list(_title_match_ends(text)) == want, text


@pytest.mark.parametrize("text,want", [
    ("主任委员", "主任委员"), ("主任委", "主任"), ("主席", "主席"), ("副局长", "副局长"),
    ("局", None),
])
def test_people_trie_source_matches_longest_word(text, want):
    pattern = regex.compile(trie_source(["主任", "主任委员", "主席", "局长", "副局长"]))
    m = pattern.match(text)
    assert (m.group() if m else None) == want

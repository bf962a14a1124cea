"""Tests of ``govbrief_campaigns``: quoted CAMPAIGN names (ANNOTATION.md, CAMPAIGN)."""

import pytest

from govbrief.extract.campaigns import CampaignExtractor, find_quotes, read_tail
from govbrief.normalize import normalize
from govbrief.resources import load_tsv


@pytest.fixture(scope="module")
def campaigns():
    return CampaignExtractor()


def names(extractor, text):
    """Surfaces of the campaigns found in ``text`` (normalised first)."""
    norm = normalize(text).text
    return [norm[c.start : c.end] for c in extractor.find(norm)]


# fmt: off
POSITIVES = [
    # activity noun right after the closing quote
    ("区里开展“清风护航”专项行动。", ["清风护航"]),
    ("深入实施“强链补链”工程。", ["强链补链"]),
    ("启动“食安放心”品牌建设。", ["食安放心"]),
    ("举办“匠心杯”技能大赛、“我心中的好产品”征文。", ["匠心杯", "我心中的好产品"]),
    # activity noun at the end of a short noun phrase after the quote
    ("推进“千村万户”食品安全宣传活动。", ["千村万户"]),
    ("开展“放心消费”创建活动。", ["放心消费"]),
    # the quoted text is itself an event or programme name
    ("今年是第30个“全国节能宣传周”。", ["全国节能宣传周"]),
    ("“世界标准日”前后,各地开展宣传。", ["世界标准日"]),
    ("该企业获评“市长质量奖”。", ["市长质量奖"]),
    ("纪念“3·15”,开展“看·计量”体验。", ["3·15", "看·计量"]),
    # a launching verb and punctuation after the name: platforms, codes, brands
    ("全省上线“质量服务通”、推出“信用码”。", ["质量服务通", "信用码"]),
    # a slogan-like title is a campaign when the activity noun follows at once
    ("举办“我的城市 我的品牌”征文。", ["我的城市 我的品牌"]),
    # 等 after a theme marker: the quotations are activities with a theme
    ("开展“安全家庭日”、“平安校园行”等主题活动。", ["安全家庭日", "平安校园行"]),
]

NEGATIVES = [
    # themes and slogans
    "活动以“守护安全 共享健康”为主题。",
    "大力弘扬“精益求精、追求卓越”的工匠精神。",
    "今年的主题为“质量惠民行”。",
    "举办“诚信经营你我同心”主题活动。",
    # generic descriptors, policy terms, metaphors
    "建成计量检测“一站式”服务平台。",
    "对违法行为坚持“零容忍”。",
    "质量是企业的“生命线”。",
    "编制“十四五”规划。",
    # scope words standing alone
    "开展安全宣传“六进”,推动知识“进家庭、进校园”。",
    # quoted speech
    "他表示:“这次宣传效果很好。我们会继续做。”",
    # a facility or a document in quotes
    "举办“市级科普场馆”开放活动。",
    # a weak noun without 等
    "推动做好“六保”工作,开展“送检上门”服务。",
]
# fmt: on


@pytest.mark.parametrize("text,expected", POSITIVES)
def test_campaigns_positive_sentences(campaigns, text, expected):
    assert names(campaigns, text) == expected


@pytest.mark.parametrize("text", NEGATIVES)
def test_campaigns_negative_sentences(campaigns, text):
    assert names(campaigns, text) == []


# fmt: off
KINDS = [
    ("开展“质量月”活动。", "质量月", "活动"),
    ("开展“护苗”专项行动。", "护苗", "专项行动"),
    ("实施“三强”战略。", "三强", "战略"),
    ("开展“百城万企”质量提升行动。", "百城万企", "行动"),
    ("今年是“质量月”。", "质量月", None),
]
# fmt: on


@pytest.mark.parametrize("text,name,kind", KINDS)
def test_campaigns_kind_is_the_noun_after_the_quote(campaigns, text, name, kind):
    norm = normalize(text).text
    [cand] = campaigns.find(norm)
    assert cand.label == "CAMPAIGN"
    assert cand.attrs == {"name": name, "kind": kind}


def test_campaigns_span_excludes_the_marks(campaigns):
    text = "开展“质量月”活动。"
    [cand] = campaigns.find(text)
    assert (cand.start, cand.end) == (3, 6)
    assert text[cand.start - 1] == "“" and text[cand.end] == "”"


def test_campaigns_adjacent_quotes_share_the_noun(campaigns):
    text = "开展“标准宣传周”“认证体验日”“计量进社区”等活动。"
    found = campaigns.find(text)
    assert [text[c.start : c.end] for c in found] == ["标准宣传周", "认证体验日", "计量进社区"]
    assert all(c.attrs["kind"] == "活动" for c in found)


def test_campaigns_conjoined_quotes_share_the_noun(campaigns):
    assert names(campaigns, "开展“春风”和“秋雨”专项行动。") == ["春风", "秋雨"]


def test_campaigns_list_sibling_of_a_named_event(campaigns):
    # “看·计量” is an event name by itself; its dash-joined sibling is the same activity.
    text = "开展“看·计量”——“计量在身边”咨询。"
    assert names(campaigns, text) == ["看·计量", "计量在身边"]


def test_campaigns_list_of_plain_terms_stays_unannotated(campaigns):
    assert names(campaigns, "用“方言讲解”“实物演示”等通俗方式宣传。") == []


def test_campaigns_nested_quotes_outer_wins(campaigns):
    text = "开展“计量‘一对一’帮扶‘千企行’”等系列活动。"
    assert names(campaigns, text) == ["计量‘一对一’帮扶‘千企行’"]


def test_campaigns_nested_quote_inside_speech(campaigns):
    # The outer quotation is speech; the nested name is judged on its own context.
    text = "他说:“我们开展了‘放心菜篮’等活动,群众很满意。”"
    assert names(campaigns, text) == ["放心菜篮"]


def test_campaigns_same_name_later_in_document(campaigns):
    text = "举行“119”消防宣传月活动。表彰“119”先进集体。"
    assert names(campaigns, text) == ["119", "119"]


def test_campaigns_theme_marker_after_deng_only(campaigns):
    assert names(campaigns, "举办“科技点亮生活”主题宣传活动。") == []
    assert names(campaigns, "举办“科普进家庭”等主题宣传活动。") == ["科普进家庭"]


# fmt: off
QUOTES = [
    ("“甲”和「乙」", ["甲", "乙"]),
    ("“外‘内’外”", ["外‘内’外", "内"]),
    ("“未闭合 然后“完整”", ["完整"]),
    ('说"好"', ["好"]),
]
# fmt: on


@pytest.mark.parametrize("text,contents", QUOTES)
def test_campaigns_find_quotes_pairs_marks(text, contents):
    assert [text[q.start : q.end] for q in find_quotes(text)] == contents


# fmt: off
TAILS = [
    ("活动。", "活动", True, False),
    ("质量提升行动,", "行动", False, False),
    ("主题活动", None, False, True),
    ("等主题活动", "活动", False, False),
    ("为主题的宣传活动", None, False, False),
    ("工作", None, False, False),
    ("等工作", "工作", False, False),
    ("期间", None, False, False),
]
# fmt: on


@pytest.mark.parametrize("after,noun,direct,theme", TAILS)
def test_campaigns_read_tail(after, noun, direct, theme):
    tail = read_tail("“甲”" + after, 3)
    assert (tail.noun, tail.direct, tail.theme) == (noun, direct, theme)


def test_campaigns_lexicon_roles_are_known():
    rows = load_tsv("campaign_nouns.tsv")
    assert rows
    for row in rows:
        assert len(row) == 3, row
        assert row[1] in {"activity", "weak", "theme", "generic"}, row


def test_campaigns_traditional_text_end_to_end(extractor):
    text = "9月1日,某市啟動「質量月」活動,開展「質量開放日」「計量惠民行」等活動。"
    gold = extractor.annotate(text, published="2023-09-05")
    spans = [s for s in gold["spans"] if s["label"] == "CAMPAIGN"]
    assert [text[s["start"] : s["end"]] for s in spans] == ["質量月", "質量開放日", "計量惠民行"]


@pytest.mark.parametrize(
    "text",
    [
        "开展“计量‘一对一’帮扶‘千企行’”和“质量月”活动,“护苗”行动。",
        "「甲『乙』丙」“丁”、‘戊’与\"己\"",
        "“a「b”c」“d‘e’”",
    ],
)
def test_campaigns_outermost_same_as_pairwise_containment(text):
    from govbrief.extract.campaigns import _outermost

    quotes = find_quotes(text)
    expected = [q for q in quotes if not any(o.contains(q) for o in quotes)]
    assert _outermost(quotes) == expected


def test_campaigns_reversed_rules_match_like_forward_ones():
    """``(?r)`` only changes the direction of a full match, never its answer."""
    import regex

    from govbrief.resources import load_rules

    probes = ["质量月", "岁月", "放心消费服务", "科普场馆", "场馆开放活动", "月", "双休日",
              "最佳新人奖", "计量惠民服务周", "3·15", "一等奖", "绿色发展论坛"]
    for rule in load_rules("campaigns"):
        if not rule.regex.pattern.startswith("(?r)"):
            continue
        forward = regex.compile(rule.regex.pattern[len("(?r)"):])
        texts = probes + [t for ex in rule.examples
                          for t in ex.get("absent", []) + ex.get("spans", []) if isinstance(t, str)]
        for text in texts:
            same = bool(rule.regex.fullmatch(text)) == bool(forward.fullmatch(text))
            assert same, (rule.id, text)

"""Build the training data of the character-level NER model as spaCy DocBin files.

Three sources, all turned into char-tokenised ``Doc`` objects (``spacy.blank("zh")``,
segmenter ``char``) with PERSON / GPE / ORG / AGENCY entities:

1. The public People's Daily 1998 and MSRA sets in ``../shared/ner/*.bio`` (char per
   line, BIO, PER/LOC/ORG). PER -> PERSON, LOC -> GPE, and ORG -> AGENCY when the name is
   a government or Party body (ends in a government head word or starts with 中共), else
   ORG. A fixed slice (every 10th sentence of ``peoples_daily_1998.test``) is held out.
2. The project's own gold, ``data/gold/*.gold.jsonl``, when present (these four labels).
3. Synthetic brief sentences generated from templates over gazetteers (today's agency
   names, our label set and span conventions), with a fixed seed.

Texts are normalised the way the pipeline normalises briefs (width folding, simplified
script; both length-preserving) so that the model sees ``,`` and ``()`` as it will at run
time. ``../shared/corpus`` (dev, seed) is NEVER read here: it is for evaluation only.

Usage::

    python scripts/ner_corpus.py [--out build/ner] [--ner-dir ../shared/ner]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Callable, Iterable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from govbrief.normalize import normalize  # noqa: E402
from govbrief.normalize.script import to_simplified  # noqa: E402
from govbrief.normalize.text import fold_width  # noqa: E402

LABELS = ("PERSON", "GPE", "ORG", "AGENCY")
SEED = 20240917
HOLDOUT_FILE = "peoples_daily_1998.test.bio"
HOLDOUT_EVERY = 10  # sentence i is held out when i % HOLDOUT_EVERY == 0

Span = tuple[int, int, str]
Example = tuple[str, list[Span]]

# --------------------------------------------------------------------------------------
# 1. Public BIO corpora
# --------------------------------------------------------------------------------------

# A corpus ORG is a government or Party body when its name ends in one of these (longest
# first is irrelevant: endswith is tested for each) ...
AGENCY_HEADS = (
    "局", "厅", "委", "委员会", "政府", "办公室", "办", "部", "处", "法院", "检察院",
    "人大", "常委会", "政协", "国务院", "中央", "署", "总署", "海关", "参议院", "众议院",
    "议会", "内阁", "省委", "市委", "县委", "区委", "党委", "纪委", "监委", "支队", "总队",
    "大队", "派出所", "工商所", "税务所", "街道办事处", "办事处", "公署", "管委会", "人大会",
    "监察院", "立法院", "行政院", "司法院", "白宫", "克里姆林宫", "国会", "民政局", "领事馆",
    "大使馆", "使馆", "中央军委", "军委", "书记处", "政治局", "常委",
)
# ... unless it ends in one of these (mass organisations, clubs, editorial offices).
NOT_AGENCY_HEADS = (
    "俱乐部", "编辑部", "奥委会", "团委", "团省委", "团市委", "团县委", "团中央", "总部",
    "营业部", "门市部", "分部", "事业部", "服务部", "销售部", "工程部", "经理部", "总工会",
    "红十字会", "居委会", "村委会", "村委", "组委会", "筹委会", "评委会", "足协", "篮协",
    "妇联", "科协", "侨联", "文联", "工商联", "青联", "学联", "残联", "共青团",
)
AGENCY_PREFIXES = ("中共", "中国共产党")


def org_label(name: str) -> str:
    """AGENCY when a corpus ORG name looks like a government or Party body, else ORG."""
    if name.startswith(AGENCY_PREFIXES):
        return "AGENCY"
    if name.endswith(NOT_AGENCY_HEADS):
        return "ORG"
    if name.endswith(AGENCY_HEADS):
        return "AGENCY"
    return "ORG"


def map_label(tag: str, surface: str) -> str | None:
    """Map a corpus tag (PER/LOC/ORG) to ours."""
    if tag == "PER":
        return "PERSON"
    if tag == "LOC":
        return "GPE"
    if tag == "ORG":
        return org_label(surface)
    return None


def norm_text(text: str) -> str:
    """Width folding and simplified script: the length-preserving steps of normalize."""
    return to_simplified(fold_width(text)[0])[0]


def read_bio(path: Path) -> list[Example]:
    """Read a char-per-line BIO file (space or tab separated) into examples.

    Args:
        path: the ``.bio`` file.

    Returns:
        ``(text, spans)`` per sentence, text normalised, spans with our labels.
    """
    examples: list[Example] = []
    chars: list[str] = []
    tags: list[str] = []

    def flush() -> None:
        if not chars:
            return
        text = norm_text("".join(chars))
        spans: list[Span] = []
        i = 0
        while i < len(tags):
            tag = tags[i]
            if tag.startswith("B-") or tag.startswith("I-"):
                kind = tag[2:]
                j = i + 1
                while j < len(tags) and tags[j] == f"I-{kind}":
                    j += 1
                label = map_label(kind, text[i:j])
                if label and text[i:j].strip():
                    spans.append((i, j, label))
                i = j
            else:
                i += 1
        examples.append((text, spans))
        chars.clear()
        tags.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            flush()
            continue
        # The character itself may be a (full-width) space; the tag is the last field.
        if "\t" in line:
            ch, tag = line.split("\t", 1)
        else:
            ch, _, tag = line.rpartition(" ")
        if len(ch) != 1:
            ch = ch[:1] or " "
        chars.append(ch)
        tags.append(tag.strip())
    flush()
    return examples


def load_public(ner_dir: Path) -> tuple[list[Example], list[Example]]:
    """All ``*.bio`` sentences, split into (train, held-out)."""
    train: list[Example] = []
    held: list[Example] = []
    for path in sorted(ner_dir.glob("*.bio")):
        for i, ex in enumerate(read_bio(path)):
            if path.name == HOLDOUT_FILE and i % HOLDOUT_EVERY == 0:
                held.append(ex)
            else:
                train.append(ex)
    return train, held


# --------------------------------------------------------------------------------------
# 2. Project gold
# --------------------------------------------------------------------------------------


def load_gold(gold_dir: Path) -> list[Example]:
    """The project's gold documents (``*.gold.jsonl``), normalised, our four labels only."""
    examples: list[Example] = []
    for path in sorted(gold_dir.glob("*.gold.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            doc = json.loads(line)
            norm = normalize(doc["text"])
            spans: list[Span] = []
            for s in doc.get("spans", []):
                if s["label"] not in LABELS:
                    continue
                start = norm.to_normalized(s["start"])
                end = norm.to_normalized(s["end"])
                if end > start:
                    spans.append((start, end, s["label"]))
            examples.append((norm.text, spans))
    return examples


# --------------------------------------------------------------------------------------
# 3. Synthetic briefs
# --------------------------------------------------------------------------------------

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐")
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国民志红春玉梅新海波宁辉斌宇浩凯"
    "健俊帆帅旭鹏飞鑫彬峰晨晓亮欣丹婷雪琳颖倩慧佳怡萍莉燕蕾琴云莹晶瑶璐薇楠岚文博宏卫东永清林"
    "兴荣昌盛忠诚德仁义礼智信安康福寿祥瑞春秋冬夏松柏竹梓涵睿哲轩泽航铭宸奕杨泉源江河湖山石"
    "金玉宝珍珠光耀辰星月阳晖煜炜烨焕然若思远志成才学武斌强国庆跃进卫红向前立新振兴家乐天"
    "书豪雨晴婉仪嘉琪淑贞凤霞桂芬秀珍美玲丽华爱民治平少华子豪一鸣二虎三元益民为民亦可之恒"
)
MINORITY = (
    "阿不都", "热合曼", "买买提", "努尔", "艾力", "吐尔逊", "古丽", "巴特尔", "斯琴", "乌兰",
    "扎西", "次仁", "卓玛", "达瓦", "阿依", "木拉提", "哈斯", "其其格", "格桑", "拉姆", "图雅",
    "阿布力孜", "依明", "帕提", "赛力克", "别克", "玛依拉", "多吉", "央金", "旺堆",
)
FOREIGN = (
    "美国", "日本", "德国", "法国", "英国", "俄罗斯", "韩国", "新加坡", "意大利", "加拿大",
    "澳大利亚", "巴西", "印度", "越南", "泰国", "马来西亚", "瑞士", "荷兰", "西班牙", "南非",
    "中国", "老挝", "柬埔寨", "蒙古国", "哈萨克斯坦", "巴基斯坦", "埃及", "新西兰",
)
REGIONS = (
    "长三角", "珠三角", "京津冀", "粤港澳大湾区", "成渝地区", "长江经济带", "东北地区", "西北地区",
    "中原地区", "海峡西岸", "环渤海地区", "黄河流域", "西部地区", "华东地区", "华南地区",
)
# Agency heads below a place prefix (province, city, county) or 省/市/县/区.
LOCAL_HEADS = (
    "市场监督管理局", "市场监管局", "发展和改革委员会", "发展改革委", "发改委", "工业和信息化厅",
    "工业和信息化局", "工信厅", "工信局", "经济和信息化委员会", "经信委", "经信厅", "教育厅",
    "教育局", "科学技术厅", "科技厅", "科技局", "公安厅", "公安局", "民政厅", "民政局", "司法厅",
    "司法局", "财政厅", "财政局", "人力资源和社会保障厅", "人社厅", "人社局", "自然资源厅",
    "自然资源和规划局", "生态环境厅", "生态环境局", "住房和城乡建设厅", "住建厅", "住建局",
    "交通运输厅", "交通运输局", "水利厅", "水务局", "农业农村厅", "农业农村局", "商务厅", "商务局",
    "文化和旅游厅", "文旅厅", "文化广电旅游局", "卫生健康委员会", "卫健委", "退役军人事务厅",
    "应急管理厅", "应急管理局", "审计厅", "审计局", "国资委", "税务局", "统计局", "医疗保障局",
    "医保局", "林业局", "林业和草原局", "知识产权局", "药品监督管理局", "药监局", "体育局",
    "人民政府", "政府", "人民政府办公厅", "政府办公厅", "人民政府办公室", "政府办公室",
    "人大常委会", "政协", "人民法院", "中级人民法院", "人民检察院", "质量技术监督局", "质监局",
    "工商行政管理局", "工商局", "食品药品监督管理局", "食药监局", "城市管理局", "城管局",
    "大数据局", "营商环境建设局", "行政审批局", "数据资源管理局", "乡村振兴局", "信访局",
    "粮食和物资储备局", "能源局", "地方金融监督管理局", "金融办", "外事办", "侨办", "台办",
    "机关事务管理局", "消防救援支队", "公安局交通警察支队", "海关", "邮政管理局", "气象局",
)
PARTY_HEADS = (
    "委宣传部", "委组织部", "委统战部", "委政法委", "委网信办", "委办公厅", "委办公室", "纪委监委",
    "委", "委农办", "委编办", "委政研室", "委财经委",
)
NATIONAL = (
    "国务院", "国家市场监督管理总局", "市场监管总局", "国家发展改革委", "国家发展和改革委员会",
    "工业和信息化部", "工信部", "教育部", "科技部", "科学技术部", "商务部", "财政部", "公安部",
    "民政部", "生态环境部", "住房和城乡建设部", "交通运输部", "农业农村部", "文化和旅游部",
    "国家卫生健康委", "应急管理部", "海关总署", "国家税务总局", "国家统计局", "国家标准委",
    "国家标准化管理委员会", "国家认监委", "国家药监局", "国家知识产权局", "中共中央宣传部",
    "中宣部", "中央网信办", "全国人大常委会", "全国政协", "国务院国资委", "最高人民法院",
    "最高人民检察院", "国家能源局", "国家邮政局", "国务院办公厅", "中共中央办公厅",
    "国务院食品安全委员会办公室", "国务院安委会办公室", "国家乡村振兴局", "国家林草局",
)
LEADING_GROUPS = (
    "质量强省工作领导小组办公室", "质量强省工作领导小组", "质量工作领导小组",
    "质量强市工作领导小组办公室", "质量发展委员会", "质量强省工作委员会办公室",
    "食品安全委员会办公室", "食品安全委员会", "安全生产委员会", "标准化工作领导小组",
    "知识产权战略实施工作领导小组办公室", "消费者权益保护工作联席会议办公室",
    "质量强县工作领导小组办公室", "打击侵权假冒工作领导小组办公室",
)
DIVISIONS = (
    "质量发展处", "标准化处", "计量处",
    "认证监督管理处", "特种设备安全监察处", "产品质量安全监督管理处",
    "宣传处", "办公室", "执法稽查局", "质量发展局", "价格监督检查处", "广告监督管理处",
    "食品生产监督管理处", "消费者权益保护处", "信用监督管理处", "科技和财务处", "法规处",
)
COMPANY_CORE = (
    "华", "鑫", "宏", "盛", "鸿", "瑞", "泰", "恒", "达", "远", "祥", "丰", "润", "通", "德",
    "新", "天", "海", "金", "银", "联", "创", "嘉", "源", "博", "凯", "力", "晨", "光", "明",
    "中", "东", "南", "西", "北", "永", "安", "信", "诚", "和", "美", "佳", "科", "卓", "越",
    "正", "大", "长", "星", "辰", "耀", "智", "汇", "众", "合", "升", "昌", "隆", "兴", "腾",
)
INDUSTRY = (
    "科技", "电子", "机械", "食品", "制药", "医药", "能源", "电气", "建材", "化工", "纺织", "服饰",
    "汽车", "汽车零部件", "新材料", "精密仪器", "环保", "物流", "家居", "智能装备", "电缆",
    "光电", "生物", "农业", "乳业", "茶业", "酒业", "钢铁", "水泥", "塑料", "陶瓷", "电梯",
    "锅炉", "阀门", "轴承", "电器", "信息技术", "网络科技", "检测技术", "包装", "印刷", "工程",
    "仪表", "燃气", "供水", "热力", "电力", "环境", "船舶", "航空", "新能源", "半导体", "医疗器械",
    "家电", "五金", "照明", "橡胶", "玻璃", "造纸",
    "饲料", "种业", "粮油", "饮品", "调味品", "日化",
    "眼镜", "珠宝", "文具", "玩具", "数控", "模具", "光伏", "锂电", "软件", "传媒", "商贸", "实业",
)
COMPANY_SUFFIX = (
    "有限公司", "有限责任公司", "股份有限公司", "集团有限公司", "集团股份有限公司", "集团", "公司",
)
INSTITUTES = (
    "计量测试研究院", "产品质量监督检验研究院", "特种设备检验研究院", "标准化研究院", "质检院",
    "特检院", "计量院", "纤维检验局", "检验检疫技术中心", "质量技术监督检测中心",
    "食品药品检验所", "疾病预防控制中心", "标准化研究所", "产品质量检验所",
)
ASSOCIATIONS = (
    "质量协会", "消费者协会", "消费者权益保护委员会", "标准化协会", "计量测试学会", "总工会",
    "妇联", "科协", "个体劳动者协会", "企业联合会", "工商业联合会", "品牌促进会", "团委",
    "质量检验协会", "特种设备安全与节能促进会", "红十字会", "供销合作社", "广告协会",
)
ABBREV_AGENCIES = (
    "安监局", "食安办", "质监局", "市监局", "工信局",
    "发改局", "文旅局", "住建局", "人社局", "质量强省办",
    "安委会", "政府安委会", "食安委", "消安委", "网信办",
    "编办", "农办", "财政局", "卫健局", "市场监管局",
)
SECTIONS = (
    "计量科", "标准科", "综合科", "执法科", "质量科", "特设科", "执法大队", "稽查大队", "办公室",
)
ORG_ABBREV = (
    "市总工会", "省总工会", "县总工会", "团市委", "团省委", "团县委", "团区委", "市妇联", "省妇联",
    "县妇联", "市科协", "省科协", "省供销社", "市供销社", "市红十字会", "省红十字会", "市特检院",
    "省特检院", "市计量院", "省计量院", "市质检院", "省质检院", "市药检所", "省药检所", "市标准院",
    "市消协", "省消协", "区电视台", "市电视台", "省电视台", "市电台", "市图书馆", "市工商联",
    "省质协", "市质协", "市疾控中心", "省疾控中心", "县医院", "市中心医院",
)
WEB_MEDIA = ("网", "新闻网", "在线", "融媒体中心", "日报客户端", "发布", "广播电视台", "新闻客户端")
MEDIA = (
    "电视台", "广播电视台", "日报", "日报社", "广播电台", "经济频道", "新闻频道", "融媒体中心",
    "晚报",
)
NATIONAL_ORGS = (
    "新华社", "人民日报", "中央电视台", "中央广播电视总台", "中国质量协会", "中国消费者协会",
    "中国标准化研究院", "中国计量科学研究院", "中国科学院", "清华大学", "北京大学", "中国银行",
    "中国工商银行", "国家电网有限公司", "中国铁路总公司", "中国质量认证中心", "光明日报",
    "经济日报", "中国质量报", "中国市场监管报", "中国检验检疫科学研究院",
)
SCHOOLS = (
    "大学", "师范大学", "理工大学", "科技大学", "职业技术学院", "职业学院", "第一中学", "实验小学",
    "第二中学", "医科大学", "农业大学", "工业大学", "财经大学",
)
VENUES = ("博物馆", "科技馆", "会展中心", "图书馆", "人民医院", "第一人民医院", "中医院", "大剧院")
TITLES = (
    "副省长", "副市长", "副县长", "副区长", "省长",
    "市长", "县长", "区长", "局长", "副局长", "党组书记",
    "党组成员", "厅长", "副厅长", "主任", "副主任", "一级巡视员", "二级巡视员", "书记", "副书记",
    "副主席", "主席", "组长", "副组长", "处长", "副处长", "总工程师", "秘书长", "副秘书长",
    "党委书记", "常务副市长", "副部长", "部长", "委员", "常委", "局长助理", "四级调研员",
)
ORG_TITLES = (
    "董事长", "总经理", "院长", "校长", "会长", "副会长", "首席质量官", "副院长", "理事长",
)
ACT_NOUNS = ("活动", "行动", "专项行动", "宣传周", "系列活动", "竞赛", "评选", "开放日", "主题活动")
CAMPAIGNS = (
    "质量月", "3·15", "质量兴农", "品质生活", "诚信经营", "放心消费", "标准化+", "计量惠民",
    "质量开放日", "安全生产月", "百城千企", "小个专", "优质服务", "红盾护农", "守护消费",
)
EVENTS = (
    "质量提升推进会", "标准化工作会议", "新闻发布会", "启动仪式", "专题培训班", "工作座谈会",
    "现场观摩会", "表彰大会", "质量论坛", "消费者权益保护日主题活动", "质量安全宣传咨询活动",
    "品牌建设大会", "计量日宣传活动", "质量强省建设推进会", "工作调度会", "联席会议",
)
GENERIC = (
    "各有关部门", "省直有关部门", "成员单位", "全省市场监管系统", "各级市场监管部门", "相关企业",
    "有关单位", "市场监管部门", "质监部门", "各地", "基层", "全省各地", "各市县", "职能部门",
    "社会各界", "广大消费者", "企业代表", "行业协会", "省直部门", "执法人员", "志愿者",
    "检验检测机构", "生产企业", "经营主体", "全市", "全省", "全区", "当地政府", "主管部门",
)
DATES = (
    "近日", "日前", "9月2日下午", "8月31日", "今年9月", "2023年5月20日", "当天", "昨日", "今年以来",
    "3月15日上午", "11月", "2022年", "6月上旬", "上半年", "近年来", "前不久", "9月1日至30日",
    "10月18日", "4月26日上午", "12月3日", "2024年3月", "近期", "此前", "今年",
)


def _load_divisions() -> dict[str, list]:
    """Places from divisions.tsv: full names per level, short forms, abbreviations, and
    (parent, child) pairs such as (province, city) for runs of two place names."""
    path = ROOT / "src/govbrief/resources/lexicons/divisions.tsv"
    d: dict[str, list] = {k: [] for k in ("prov", "city", "county", "short_prov", "short",
                                          "abbr", "pairs")}
    names: dict[str, tuple[str, str]] = {}
    rows = []
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t") + [""] * 6
            code, name, level, parent, short, ab = cols[:6]
            names[code] = (name, short)
            rows.append((name, level, parent, short, ab))
    for name, level, parent, shorts, ab in rows:
        # short_forms may list several (青龙,青龙县); the first is the plain one.
        short = shorts.split(",")[0]
        if level == "1":
            d["prov"].append(name)
            if short:
                d["short_prov"].append(short)
            d["abbr"].extend(a for a in ab.split(",") if a)
        elif level == "2":
            d["city"].append(name)
            if short and len(short) >= 2:
                d["short"].append(short)
        elif level == "3" and name != "市辖区":
            d["county"].append(name)
            if short and len(short) >= 2:
                d["short"].append(short)
        if parent in names and level in ("2", "3") and name != "市辖区":
            p_name, p_short = names[parent]
            p_short = p_short.split(",")[0]
            d["pairs"].append((p_name, name))
            if p_short:
                d["pairs"].append((p_short, name))
    if not d["prov"]:  # fallback when the lexicon has not been generated
        d["prov"] = ["安徽省", "浙江省", "江苏省", "福建省", "河北省", "湖北省", "广东省", "四川省"]
        d["short_prov"] = [p[:-1] for p in d["prov"]]
        d["city"] = [
            "合肥市", "杭州市", "南京市", "福州市",
            "石家庄市", "武汉市", "广州市", "成都市",
        ]
        d["short"] = [c[:-1] for c in d["city"]]
        d["county"] = [
            "肥西县", "桐庐县", "江宁区", "闽侯县",
            "正定县", "江夏区", "番禺区", "双流区",
        ]
        d["abbr"] = ["皖", "浙", "苏", "闽", "冀", "鄂", "粤", "川"]
        d["pairs"] = list(zip(d["prov"], d["city"], strict=True))
    return d


class Synth:
    """Template-based generator of brief-like sentences with entity spans.

    Args:
        seed: the random seed; the same seed yields the same sentences.
    """

    def __init__(self, seed: int = SEED):
        self.r = random.Random(seed)
        d = _load_divisions()
        self.prov, self.city, self.county = d["prov"], d["city"], d["county"]
        self.short_prov, self.short, self.abbr, self.pairs = (
            d["short_prov"], d["short"], d["abbr"], d["pairs"]
        )

    # -- entity surfaces --------------------------------------------------------------

    def person(self) -> str:
        r = self.r
        if r.random() < 0.06:
            return r.choice(MINORITY) + "·" + r.choice(MINORITY)
        sur = r.choice(COMPOUND_SURNAMES) if r.random() < 0.03 else r.choice(SURNAMES)
        n = 1 if r.random() < 0.25 else 2
        return sur + "".join(r.choice(GIVEN) for _ in range(n))

    def place(self, full_only: bool = False) -> str:
        r = self.r
        x = r.random()
        if x < 0.22:
            return r.choice(self.prov)
        if x < 0.50:
            return r.choice(self.city)
        if x < 0.70:
            return r.choice(self.county)
        if full_only:
            return r.choice(self.prov)
        if x < 0.85:
            return r.choice(self.short_prov)
        return r.choice(self.short)

    def gpe(self) -> str:
        r = self.r
        x = r.random()
        if x < 0.06:
            return r.choice(FOREIGN)
        if x < 0.10:
            return r.choice(REGIONS)
        if x < 0.17:
            combo = "".join(r.sample(self.abbr, r.randint(2, 5)))
            return combo + ("地区" if r.random() < 0.3 else "")
        return self.place()

    def agency(self) -> str:
        r = self.r
        x = r.random()
        if x < 0.15:
            return r.choice(NATIONAL)
        if x < 0.27:
            pre = r.choice(("省", "市", "县", "区", self.place(full_only=True)))
            party = "中共" if r.random() < 0.3 and len(pre) > 1 else ""
            return party + pre + r.choice(PARTY_HEADS)
        if x < 0.37:
            pre = r.choice((self.place(full_only=True), "省", "市", "县"))
            return pre + r.choice(LEADING_GROUPS)
        if x < 0.45:
            if r.random() < 0.25:  # sections of a county bureau: 计量科, 执法大队
                return r.choice(("", "局", "县局", "区局")) + r.choice(SECTIONS)
            base = r.choice(("省局", "市局", "总局", self.local_agency()))
            return base + r.choice(DIVISIONS)
        return self.local_agency()

    def local_agency(self) -> str:
        r = self.r
        x = r.random()
        if x < 0.05:  # a bare head, as in 税务局干部走访企业
            return r.choice(LOCAL_HEADS[:60])
        if x < 0.10:  # an abbreviation: 州安监局, 区食安办, 县质量强县办
            return r.choice(("省", "市", "州", "县", "区", "地区")) + r.choice(ABBREV_AGENCIES)
        if x < 0.13:  # a branch named by its district: 海淀分局
            return r.choice(self.short) + r.choice(("分局", "局", "市场监管所", "派出所"))
        if x < 0.42:
            pre = r.choice(("省", "市", "县", "区", "自治区", "州", "地区", "盟", "旗", "镇"))
        else:
            pre = self.place()
        return pre + r.choice(LOCAL_HEADS)

    def org(self) -> str:
        r = self.r
        x = r.random()
        place = self.place() if r.random() < 0.7 else ""
        if x < 0.36:
            # Brand cores of any name-like characters, not only the typical ones.
            pool = COMPANY_CORE if r.random() < 0.5 else GIVEN
            core = "".join(r.choice(pool) for _ in range(r.randint(2, 3)))
            if r.random() < 0.4:
                place = ""
            suffix = r.choice(COMPANY_SUFFIX) if r.random() < 0.85 else ""
            return place + core + r.choice(INDUSTRY) + suffix
        if x < 0.40:  # a city-owned group: 市供水集团
            return r.choice(("市", "县", "省")) + r.choice(INDUSTRY) + r.choice(("集团", "公司"))
        if x < 0.48:  # abbreviated mass organisations and institutes: 市总工会, 团市委, 省特检院
            return r.choice(ORG_ABBREV)
        if x < 0.54:  # web and converged media, often in datelines
            return (r.choice(self.short_prov + self.short) + r.choice(WEB_MEDIA))
        if x < 0.60:
            return (place or r.choice(self.prov)) + r.choice(INSTITUTES)
        if x < 0.70:
            pre = place or r.choice(("省", "市", "县", r.choice(self.prov)))
            if r.random() < 0.2:
                return pre + r.choice(INDUSTRY) + "行业协会"
            return pre + r.choice(ASSOCIATIONS)
        if x < 0.78:
            return (place or r.choice(self.prov)) + r.choice(MEDIA)
        if x < 0.86:
            return r.choice(NATIONAL_ORGS)
        if x < 0.94:
            return (place or r.choice(self.city)) + r.choice(SCHOOLS)
        return (place or r.choice(self.city)) + r.choice(VENUES)

    # -- templates ----------------------------------------------------------------------

    def slot(self, name: str) -> list[tuple[str, str | None]]:
        """Pieces (surface, label or None) of a template slot."""
        base = name.rstrip("0123456789")
        if base == "gpepair":  # 浙江省杭州市: two GPE spans side by side
            parent, child = self.r.choice(self.pairs)
            return [(parent, "GPE"), (child, "GPE")]
        return [self.slot1(base)]

    def slot1(self, base: str) -> tuple[str, str | None]:
        """Surface and label (None: not an entity) of a one-piece slot."""
        r = self.r
        if base == "year":
            return str(r.randint(2012, 2025)) + "年", None
        if base == "lvl":
            return r.choice(("省", "市", "县", "区", "自治区", "州", "省、市", "市、区")), None
        if base == "person":
            return self.person(), "PERSON"
        if base == "gpe":
            return self.gpe(), "GPE"
        if base == "agency":
            return self.agency(), "AGENCY"
        if base == "org":
            return self.org(), "ORG"
        if base == "title":
            return r.choice(TITLES), None
        if base == "otitle":
            return r.choice(ORG_TITLES), None
        if base == "date":
            return r.choice(DATES), None
        if base == "n":
            if r.random() < 0.6:
                return str(r.randint(2, 60)), None
            return r.choice("二三四五六七八九十"), None
        if base == "campaign":
            return "“" + r.choice(CAMPAIGNS) + "”" + r.choice(ACT_NOUNS), None
        if base == "cname":
            return "“" + r.choice(CAMPAIGNS) + "”" + r.choice(("", "活动", "主题活动")), None
        if base == "abbr":
            return "".join(r.sample(self.abbr, 2)), "GPE"
        if base == "event":
            return r.choice(EVENTS), None
        if base == "generic":
            return r.choice(GENERIC), None
        raise KeyError(base)

    def render(self, template: str) -> Example:
        """Fill ``{slot}`` placeholders; return the text with entity spans."""
        parts: list[str] = []
        spans: list[Span] = []
        pos = 0
        i = 0
        while i < len(template):
            j = template.find("{", i)
            if j < 0:
                parts.append(template[i:])
                break
            parts.append(template[i:j])
            pos += j - i
            k = template.index("}", j)
            for surface, label in self.slot(template[j + 1 : k]):
                if label:
                    spans.append((pos, pos + len(surface), label))
                parts.append(surface)
                pos += len(surface)
            i = k + 1
        return "".join(parts), spans

    def sentence(self) -> Example:
        return self.render(self.r.choice(TEMPLATES))

    def document(self) -> Example:
        """One to four sentences, optionally closed by a byline."""
        r = self.r
        text = ""
        spans: list[Span] = []
        for _ in range(r.randint(1, 4)):
            t, s = self.sentence()
            spans.extend((a + len(text), b + len(text), lab) for a, b, lab in s)
            text += t
        if r.random() < 0.25:
            t, s = self.render(r.choice(BYLINES))
            spans.extend((a + len(text), b + len(text), lab) for a, b, lab in s)
            text += t
        return text, spans


TEMPLATES = (
    "{date},{agency}{title}{person}出席{gpe}{event}并讲话。",
    "{date},{agency}党组书记、{title}{person}带队赴{gpe}调研{event}筹备工作。",
    "{date},{agency}联合{agency2}等{n}个部门在{gpe}开展{campaign}。",
    "{date},由{agency}、{agency2}、{agency3}主办,{org}承办的{event}在{gpe}举行。",
    "{agency}{title}{person},{agency2}{title2}{person2}等出席会议。",
    "{gpe}{title}{person}在会上强调,要进一步提高质量意识。",
    "{date},{gpe}{campaign}在{org}启动。",
    "{org}{otitle}{person}代表获奖企业发言。",
    "{org}代表、{org2}代表先后作交流发言。",
    "{agency}相关负责人介绍,{date}{gpe}共有{n}家企业参与{campaign}。",
    "活动期间,{agency}组织{org}、{org2}等单位走进社区,开展{campaign}。",
    "{date},{agency}召开{event},{agency2}{title}{person}主持会议。",
    "{person}指出,{generic}要把质量工作摆在突出位置。",
    "{date},记者从{agency}获悉,{gpe}将在全省范围内开展{campaign}。",
    "会议由{agency}{title}{person}主持,{generic}负责同志参加会议。",
    "{agency}与{org}签署战略合作协议,{person}、{person2}代表双方签约。",
    "{gpe}、{gpe2}、{gpe3}等地的{n}家企业参加了{event}。",
    "{agency}{title}、{agency2}{title2}{person}宣布活动启动。",
    "{date},{generic}和{generic2}在{gpe}共同举办{event}。",
    "据{org}报道,{agency}{date}对{gpe}{n}家企业开展执法检查。",
    "{agency}{title}{person}一行到{org}调研指导工作。",
    "{person}({agency}{title})在{event}上作主旨报告。",
    "{date}上午,{agency}与{org}联合举办{event},{org2}{otitle}{person}出席。",
    "{gpe}副省长{person}、{agency}{title}{person2}为获奖单位颁奖。",
    "{org}被{agency}授予“质量信得过单位”称号。",
    "{date},{agency}发布{event}通知,要求{generic}认真落实。",
    "{person}表示,{org}将持续加大研发投入。",
    "在{gpe}召开的{event}上,{person}介绍了{agency}的经验做法。",
    "{agency}牵头,会同{agency2}、{agency3}、{agency4}等{n}个部门联合印发实施方案。",
    "{gpe}{generic}共检查{n}家单位,发现问题{n2}处。",
    "{date},{gpe}召开{event}。{agency}{title}{person}通报了{date2}的工作情况。",
    "{agency}成立以来,先后与{gpe}、{gpe2}建立协作机制。",
    "{org}、{org2}、{org3}等{n}家单位获评示范企业。",
    "来自{gpe}的{n}名选手参加了{org}举办的{event}。",
    "{date},{gpe}{title}{person}带队检查{org}安全生产工作。",
    "{date},{gpe}{year}{cname}启动仪式在{gpe2}举行。",
    "{date},{gpepair}、{gpepair2}与{gpe}三地{generic}签订合作协议。",
    "{org}{gpe}{date}讯 {date2},{agency}在{gpe2}开展{campaign}。",
    "本报{gpe}{date}电 {agency}日前召开{event}。",
    "{lvl}{title}{person}出席开幕式并致辞。",
    "{lvl}领导指出,{generic}要深入推进质量提升工作。",
    "这也是{gpe}首次将{event}放在县级城市。",
    "助力{gpe}经济社会高质量发展,{agency}将持续发力。",
    "现场设置{gpe}特色农产品展区,展示{gpe2}名优产品。",
    "{gpepair}{event}在{org}举行,{agency}{title}{person}出席。",
    "{agency}、{agency2}、{org}、{org2}等{n}家单位参加活动。",
    "{gpe}全省各级{generic}共受理投诉{n}件。",
    "推进{abbr}协同共治,服务{gpe}发展大局。",
    "{agency}工作人员向{generic}发放宣传资料{n}份。",
    "{org}与{org2}、{agency}签订合作协议。",
    "{gpe}{cname}暨{gpe2}{event}开幕。",
    "{org}获评{gpe}质量标杆企业。",
    "{org}承办了本次{event}。",
    "{org}、{org2}入选{gpe}首批示范单位名单。",
)
BYLINES = (
    "({person} {person2})",
    "(记者 {person} 通讯员 {person2})",
    "(记者 {person})",
    "(通讯员 {person} 记者 {person2})",
    "({org} {person})",
    "({person})",
    "来源:{org}",
)


# --------------------------------------------------------------------------------------
# DocBin output
# --------------------------------------------------------------------------------------


def to_docbin(examples: Iterable[Example], nlp) -> tuple[object, int, int]:
    """Char-tokenised Docs with entities and their BIO tags (``token.tag_``, what the
    model's tagger learns); returns (DocBin, docs, dropped spans)."""
    from spacy.tokens import DocBin
    from spacy.util import filter_spans

    from govbrief.extract.bio import bio_tags

    db = DocBin(attrs=["ORTH", "TAG", "ENT_IOB", "ENT_TYPE"], store_user_data=False)
    dropped = 0
    n = 0
    for text, spans in examples:
        if not text.strip():
            continue
        doc = nlp.make_doc(text)
        ents = []
        for start, end, label in spans:
            span = doc.char_span(start, end, label=label)
            if span is None:
                dropped += 1
                continue
            ents.append(span)
        kept = filter_spans(ents)
        dropped += len(ents) - len(kept)
        doc.ents = kept
        for tok, tag in zip(doc, bio_tags(doc), strict=True):
            tok.tag_ = tag
        db.add(doc)
        n += 1
    return db, n, dropped


def build(
    out_dir: Path,
    ner_dir: Path,
    gold_dir: Path,
    n_synth: int = 3500,
    n_synth_dev: int = 300,
    seed: int = SEED,
    log: Callable[[str], None] = print,
) -> dict:
    """Write ``train.spacy``, ``dev.spacy`` (held-out + synthetic dev), ``heldout.spacy``
    and ``synth_dev.spacy`` under ``out_dir``; return a description of the data."""
    import spacy

    nlp = spacy.blank("zh")  # default segmenter: char
    assert nlp.tokenizer.segmenter == "char"
    out_dir.mkdir(parents=True, exist_ok=True)
    public_train, held = load_public(ner_dir)
    gold = load_gold(gold_dir) if gold_dir.is_dir() else []
    synth = Synth(seed)
    synth_train = [synth.document() for _ in range(n_synth)]
    synth_d = Synth(seed + 1)
    synth_dev = [synth_d.document() for _ in range(n_synth_dev)]

    # Shuffle deterministically so batches mix the sources.
    train = public_train + gold + synth_train
    random.Random(seed).shuffle(train)
    stats: dict = {"sources": {}}
    for name, exs in (
        ("train", train),
        ("heldout", held),
        ("synth_dev", synth_dev),
        ("dev", held + synth_dev),
    ):
        db, n, dropped = to_docbin(exs, nlp)
        db.to_disk(out_dir / f"{name}.spacy")
        log(f"{name}: {n} docs, {sum(len(t) for t, _ in exs)} chars, {dropped} spans dropped")
    for name, exs in (
        ("public_train", public_train),
        ("heldout", held),
        ("gold", gold),
        ("synthetic", synth_train),
    ):
        counts = {lab: 0 for lab in LABELS}
        for _, spans in exs:
            for _, _, lab in spans:
                counts[lab] += 1
        stats["sources"][name] = {
            "docs": len(exs),
            "chars": sum(len(t) for t, _ in exs),
            "entities": counts,
        }
    stats["seed"] = seed
    stats["holdout"] = f"{HOLDOUT_FILE}: sentences with index % {HOLDOUT_EVERY} == 0"
    (out_dir / "corpus_stats.json").write_text(
        json.dumps(stats, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return stats


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "ner")
    ap.add_argument("--ner-dir", type=Path, default=ROOT.parent / "shared" / "ner")
    ap.add_argument("--gold-dir", type=Path, default=ROOT / "data" / "gold")
    ap.add_argument("--synth", type=int, default=3500, help="synthetic training documents")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--sample", type=int, default=0, help="print N synthetic documents and exit")
    args = ap.parse_args(argv)
    if args.sample:
        s = Synth(args.seed)
        for _ in range(args.sample):
            text, spans = s.document()
            print(text)
            print("   ", [(text[a:b], lab) for a, b, lab in spans])
        return
    stats = build(args.out, args.ner_dir, args.gold_dir, n_synth=args.synth, seed=args.seed)
    print(json.dumps(stats["sources"], ensure_ascii=False))


if __name__ == "__main__":
    main()

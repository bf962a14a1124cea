"""``govbrief_people``: PERSON names and TITLE positions.

Chinese names carry no capitals and no spaces, so rules look for the places where briefs put
names and decide each name's extent there (ANNOTATION.md §2, PERSON and TITLE):

1. **After a position word** (``局长向明远出席``): the name is a surname (single or compound,
   ``surnames.tsv``) plus one or two characters. The two readings are scored by what
   follows them (a verb such as 出席 or 表示, a function character such as 在 or 等,
   punctuation) and by the segmenter's word boundaries; a reading that is an ordinary
   dictionary word (马上, 高度) is refused.
2. **Credits** (bylines): ``(罗建国 邵婷)`` on its own line, ``(见习记者 王晓明 记者 陈立)``,
   ``记者 杜若溪摄``, ``文/图 本报记者 潘立群``. Each name is a PERSON with ``role="reporter"``;
   the role words are not annotated.
3. **Honorifics and leaders' titles after a name** (``李大妈`` gives PERSON 李;
   ``李明德总书记``), and a name opening a clause before a speech verb (``王芳表示``).
4. **Re-mentions**: a name found once is a PERSON wherever it recurs.

TITLE spans are proposed only for position words that belong to a found name: the title right
before it and the chain of titles joined by 、, 兼 or a comma that ends at it
(``市文明办主任,市市场监管局党组书记、局长聂远`` gives 主任, 党组书记 and
局长). Organisations before titles are left to the agencies and places
extractors.

The context patterns live in ``rules/people.jsonl``; ``{SURNAME}``, ``{TITLE}`` and
``{ROLE}`` in a pattern are filled in from the lexicons when the extractor is built.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable

import regex
from spacy.language import Language
from spacy.tokens import Doc

from ..resources import load_tsv
from ._base import Candidate, RuleExtractor, add_candidates, doc_text, token_edges
from ._people_scan import AnchoredPattern, final_words, trie_source

# Characters that cannot be part of a given name: grammatical words that end a name when
# they follow it (龙永生在…, 张伟等…).
NEVER_IN_NAME = frozenset("的了在是等对与及或并也就都还又被把将从于这那个们着过吗呢吧啊所该各每此说称地得")

# Single characters that commonly follow a name (a weaker sign than a whole word).
AFTER_NAME_CHARS = frozenset(
    "在对为等和与及向的是说称也就都还以将已于从会要并率带同陪到来作首亲先曾又被把给跟则即"
)

# Words that commonly follow a name in briefs: what officials and others do or say.
AFTER_NAME_WORDS = frozenset(
    """出席 主持 表示 指出 强调 讲话 宣读 参加 致辞 介绍 通报 宣布 部署 发表 带队 率队 一行 同志
    等人 一同 陪同 调研 考察 视察 检查 会见 会晤 看望 慰问 走访 来到 深入 前往 提出 要求 认为 希望
    代表 分别 先后 亲自 现场 听取 观看 参观 巡视 莅临 颁发 颁奖 揭牌 启动 按下 点亮 宣讲 授课 讲授
    解答 接受 回应 发言 作报告 作了 作出 批示 主讲 登台 说道 告诉 坦言 介绍说 透露 解读 答复 回答
    肯定 充分 对此 在会上 出任 担任 当选 获得 荣获 摄 报道 主任 讲解 演示 示范 点评 总结 动员
    指导 督导 督查 带领 组织 召集 召开 主讲 寄语 致信 签署 签约 一起 共同 作为 也 还 已 则 称
    今天 今日 昨天 昨日 上午 下午 晚上 近日 日前 当天 当日 首先 随后 最后 同时 此前 专程 亲临
    巡查 走进 表彰 发布 围绕 讲授 赴 率 为 与 就 向 对 说, 说: 说“ 称, 称: 告诉记者 笑着说
    """.split()
)

_AFTER_NAME_LENGTHS = sorted({len(w) for w in AFTER_NAME_WORDS})


def _after_name_word(follow: str) -> bool:
    """Whether ``follow`` starts with one of :data:`AFTER_NAME_WORDS`.

    One set lookup per word length rather than a ``startswith`` per word.
    """
    return any(follow[:n] in AFTER_NAME_WORDS for n in _AFTER_NAME_LENGTHS)


# Characters that end a name outright: punctuation, spaces, brackets, the credit slash.
BOUNDARY = frozenset(" \t\n\r\u3000,.;:!?()[]{}<>、。;:!?“”‘’《》「」『』【】/|-—…·\"'")

# Honorifics after a surname (李大妈 -> PERSON 李).
HONORIFICS = ("大妈", "大爷", "阿姨", "大姐", "大哥", "大叔", "大婶", "师傅", "老师", "先生",
              "女士", "奶奶", "爷爷", "老汉", "阿婆", "小姐", "同学", "医生", "律师", "警官")

# Minority names: syllable groups joined by a middle dot (阿不都·热合曼).
_DOTS = "\u00b7\u2022\u2027\u30fb\uff65"
_DOT_NAME = regex.compile(r"\p{Han}{1,5}(?:[" + _DOTS + r"]\p{Han}{1,6}){1,3}")

# Fallback for the rule ``role.journalist`` (the rule file's alternation is used when present).
_ROLE_DEFAULT = r"(?:本报|本台|见习|实习|特约)?记者|通讯员|实习生|(?:责任)?编辑|作者|摄影|文/图"


@dataclass(frozen=True)
class Lexicon:
    """The lexicons the extractor needs, loaded once.

    Attributes:
        surnames: single-character surnames.
        top: the most frequent surnames (used where a name has little context).
        compounds: multi-character surnames (欧阳, 司马 ...).
        titles: position words (TITLE) with their attach rule (see ``titles.tsv``).
        triggers: words that announce a name but are not titles (负责人 ...).
        max_title: length of the longest title or trigger.
        minority: name elements of minority names without a surname (才让, 巴特尔).
        rare: single surnames that also start many ordinary words (回, 保, 信): used only
            after a position word, and refused when the reading opens with such a word.
    """

    surnames: frozenset[str]
    top: frozenset[str]
    compounds: frozenset[str]
    titles: dict[str, str]
    triggers: frozenset[str]
    max_title: int
    minority: frozenset[str] = frozenset()
    rare: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load ``surnames.tsv`` and ``titles.tsv`` (cached)."""
    surnames, top, compounds, rare = set(), set(), set(), set()
    for row in load_tsv("surnames.tsv"):
        word, cls = row[0].strip(), (row[1].strip() if len(row) > 1 else "single")
        if cls == "compound":
            compounds.add(word)
        else:
            surnames.add(word)
            if cls == "top":
                top.add(word)
            elif cls == "rare":
                rare.add(word)
    titles: dict[str, str] = {}
    triggers = set()
    for row in load_tsv("titles.tsv"):
        word, attach, deputy, kind = (list(row) + ["", "", "", ""])[:4]
        forms = [word]
        if deputy.strip() == "y":
            forms += ["副" + word, "常务副" + word]
        for form in forms:
            if kind.strip() == "trigger":
                triggers.add(form)
            else:
                titles.setdefault(form, attach.strip() or "-")
    minority = frozenset(row[0].strip() for row in load_tsv("minority_names.tsv"))
    return Lexicon(
        frozenset(surnames), frozenset(top), frozenset(compounds), titles,
        frozenset(triggers), max(len(w) for w in [*titles, *triggers]), minority,
        frozenset(rare),
    )


@lru_cache(maxsize=1)
def _jieba_dictionary() -> tuple[dict[str, tuple[int, str]], frozenset[str]]:
    from ..segment import cached_table

    # Reading jieba's 350k-line dictionary is slow; the two small tables drawn from it are
    # cached on disk, keyed by the dictionaries and the surname list they depend on.
    surnames = "".join(sorted(lexicon().surnames))
    words, follow = cached_table("names", surnames, _read_jieba_dictionary)
    return words, frozenset(follow)


def _read_jieba_dictionary() -> tuple[dict[str, tuple[int, str]], list[str]]:
    from ..segment import _jieba_tokenizer

    lex = lexicon()
    words: dict[str, tuple[int, str]] = {}
    follow: set[str] = set()
    with _jieba_tokenizer().get_dict_file() as fh:
        data = fh.read().decode("utf-8")
    for line in data.splitlines():
        parts = line.split(" ")
        if len(parts) < 3 or not 2 <= len(parts[0]) <= 4:
            continue
        word, tag = parts[0], parts[2]
        if len(word) <= 3 and word[0] in lex.surnames:
            words[word] = (int(parts[1]), tag)
        if tag[:1] in _FOLLOW_TAGS and int(parts[1]) >= 20:
            follow.add(word)
    return words, sorted(follow)


# Parts of speech of words that can follow a name: verbs, prepositions, adverbs, conjunctions,
# time words (张三走进…, 张三今天…).
_FOLLOW_TAGS = frozenset("vpdct")


def dictionary_words() -> dict[str, tuple[int, str]]:
    """Frequency and part of speech of jieba's dictionary words that could look like names.

    Only two- to three-character words starting with a surname are kept: they are what a
    name reading is checked against (马上 is an adverb, 高度 a noun, 田野 a name).
    """
    return _jieba_dictionary()[0]


def follower_words() -> frozenset[str]:
    """Dictionary verbs, prepositions, adverbs, conjunctions and time words (2-4 characters)."""
    return _jieba_dictionary()[1]


def _common_word(word: str, min_freq: int = 200) -> bool:
    """An ordinary dictionary word, not a name: 马上, 高度; very frequent words even when
    jieba tags them as names (明白).
    """
    entry = dictionary_words().get(word)
    if entry is None:
        from ..segment import _jieba_tokenizer

        entry = (_jieba_tokenizer().FREQ.get(word) or 0, "")
    freq, tag = entry
    return freq >= max(min_freq, 1000) or (freq >= min_freq and not tag.startswith("nr"))


def _user_word(word: str) -> bool:
    """A word of the project's segmentation user dictionary (places, agencies, titles) that
    jieba's own dictionary does not list as a name.
    """
    from ..segment import _jieba_tokenizer

    return bool(_jieba_tokenizer().FREQ.get(word)) and word not in dictionary_words()


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _fill(pattern: str, slots: dict[str, str]) -> str:
    for key, value in slots.items():
        pattern = pattern.replace("{" + key + "}", value)
    return pattern


def _alternation(words: Iterable[str]) -> str:
    return "(?:" + "|".join(regex.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w))) + ")"


class PeopleExtractor(RuleExtractor):
    """Propose PERSON names and TITLE positions (see the module docstring)."""

    rules_name = "people"

    def __init__(self, nlp: Any = None, name: str = "govbrief_people", rules: str | None = None):
        super().__init__(nlp, name, rules)
        self.lex = lexicon()
        self.role_source = _ROLE_DEFAULT
        for rule in self.rules:
            if rule.id == "role.journalist":
                self.role_source = rule.regex.pattern
        slots = {
            # Rare surnames (回, 保) only after a position word, never in these contexts.
            "SURNAME": _alternation([*(self.lex.surnames - self.lex.rare), *self.lex.compounds]),
            "TITLE": _alternation(self.lex.titles),
            "ROLE": "(?:" + self.role_source + ")",
        }
        # Patterns with lexicon slots are compiled again with the slots filled in. Those that
        # end with plain words (a name, then 先生 or 表示) are tried only before those words;
        # the name before the word is at most a compound surname and two characters.
        reach = max(len(w) for w in [*self.lex.surnames, *self.lex.compounds]) + 2
        self.patterns = []
        for r in self.rules:
            pattern = regex.compile(_fill(r.regex.pattern, slots))
            words = final_words(r.regex.pattern)
            self.patterns.append((r, AnchoredPattern(pattern, words, reach) if words else pattern))
        self.role_re = regex.compile("(?:" + self.role_source + ")")

    # ------------------------------------------------------------------ entry point
    def find(self, text: str, doc: Doc | None = None) -> list[Candidate]:
        """Return PERSON and TITLE candidates in ``text`` (normalised, simplified script).

        Args:
            text: the normalised document text.
            doc: the tokenized ``Doc``; its tokens give word boundaries (otherwise the text is
                segmented here).
        """
        return self._find(_Context(text, self.lex, doc))

    def __call__(self, doc: Doc) -> Doc:
        """Add this extractor's candidates to ``doc``.

        Unlike :meth:`find`, the text is the Doc's own, so it is not compared with the Doc's
        again (a Doc without ``gb_norm`` rebuilds its text from the tokens for that).
        """
        text = doc_text(doc)
        add_candidates(doc, self._find(_Context(text, self.lex, doc, is_doc_text=True)))
        return doc

    def _find(self, ctx: "_Context") -> list[Candidate]:
        for rule, pattern in self.patterns:
            handler = _HANDLERS.get(rule.id.split(".", 1)[0])
            if handler is not None:
                handler(self, ctx, rule, pattern)
        self._title_names(ctx)
        self._remention(ctx)
        return ctx.candidates(self)

    # ------------------------------------------------------------------ name readings
    def read_name(self, ctx: "_Context", p: int, *, credit: bool = False,
                  min_score: int = 2) -> tuple[int, int] | None:
        """The best name reading starting at ``p``, or None.

        Args:
            ctx: the document context.
            p: where the surname starts.
            credit: a byline: the name must end at a boundary (space, punctuation, 摄).
            min_score: the weakest acceptable reading (see :meth:`_score`).

        Returns:
            ``(start, end)`` of the name.
        """
        text = ctx.text
        m = _DOT_NAME.match(text, p)
        if m:
            return self._dot_name(ctx, p, m.end(), credit)
        best, best_score = None, -1
        for end in self.readings(text, p):
            if self._cuts_title(text, p, end):
                continue
            score = self._score(ctx, p, end, credit)
            # Ties go to the longer reading (most names have three characters), except in
            # credits, where 杜若溪摄 must not swallow the credit mark.
            if score > best_score or (score == best_score and not credit):
                best, best_score = (p, end), score
        if best is None or best_score < min_score:
            return None
        return best

    def readings(self, text: str, p: int) -> list[int]:
        """Possible ends of a name starting at ``p``, shortest first.

        A surname (single or compound) plus one or two characters; or one or two minority
        name elements, optionally followed by one more character (才让旦增, 才让太).
        """
        ends: set[int] = set()

        def given_ok(a: int, b: int) -> bool:
            chars = text[a:b]
            return len(chars) == b - a and all(
                _is_han(c) and c not in NEVER_IN_NAME for c in chars)

        for sur in (4, 3, 2, 1):
            head = text[p : p + sur]
            if len(head) == sur and (head in self.lex.compounds if sur > 1
                                     else head in self.lex.surnames):
                for given in (1, 2):
                    if given_ok(p + sur, p + sur + given):
                        ends.add(p + sur + given)
                    else:
                        break
        pos, parts = p, 0
        while parts < 2:
            step = next((n for n in (4, 3, 2) if text[pos : pos + n] in self.lex.minority), 0)
            if not step:
                break
            pos += step
            parts += 1
            ends.add(pos)
            if given_ok(pos, pos + 1):
                ends.add(pos + 1)
        return sorted(ends)

    def _cuts_title(self, text: str, p: int, end: int) -> bool:
        """A reading that contains or cuts a title word is not a name (局长和副|局长,
        局长任组长).
        """
        return any(self._title_at(text, q) for q in range(p + 1, end))

    def _dot_name(self, ctx: "_Context", p: int, end: int, credit: bool) -> tuple[int, int]:
        """Where a middle-dot name (阿不都·热合曼) ends: its last part stops where the text after
        it looks most like what follows a name (the regex alone would run on into 出席).
        """
        text = ctx.text
        last = max(text.rfind(d, p, end) for d in _DOTS)
        best, best_ev = end, -1
        for stop in range(last + 2, end + 1):
            follow = text[stop : stop + 4]
            if not follow or follow[0] in BOUNDARY:
                ev = 3
            elif _after_name_word(follow) or (
                credit and follow.startswith(("摄", "报道"))):
                ev = 3
            elif follow[0] in AFTER_NAME_CHARS or self._title_at(text, stop):
                ev = 2
            else:
                ev = 0
            if ev > best_ev:
                best, best_ev = stop, ev
        return p, best

    def _score(self, ctx: "_Context", start: int, end: int, credit: bool) -> int:
        """How plausible ``text[start:end]`` is as a whole name, from what follows it.

        10 per level of evidence after the name (3: boundary or a word that follows names;
        2: a function character; 0: anything else), plus 2 when the segmenter also ends a word
        there. Dictionary words that are not names are refused (-100).
        """
        text = ctx.text
        word = text[start:end]
        if _common_word(word):
            return -100
        if word[0] in self.lex.rare and word[:2] not in self.lex.compounds and (
                _common_word(word[:2], 10) or _common_word(text[start : start + 3], 10)):
            return -100  # 主任回应称, 局长铁腕治理: a word opening with a rare surname
        penalty_prep = 0
        if end - start == 3 and word[0] in _PREPOSITION_SURNAMES:
            # 局长向记者介绍, 局长和其他成员: a preposition and a frequent noun, not a name;
            # a rarer word may still be a given name (局长向明远出席).
            if _common_word(word[1:], 2000):
                return -100
            if _common_word(word[1:], 500):
                penalty_prep = 5
        # 单位和…: a reading whose first two characters are an ordinary word needs more
        # evidence than one whose start is not (周长乐通报 still passes).
        penalty = 5 if end - start == 3 and _common_word(text[start : start + 2], 500) else 0
        follow = text[end : end + 4]
        if credit and word.endswith("摄"):
            evidence = 0  # 杜若溪摄: the credit mark, not the name's last character
        elif not follow or follow[0] in BOUNDARY or not _is_han(follow[0]):
            evidence = 3
        elif credit:
            evidence = 3 if follow.startswith(("摄", "报道", "/")) else 0
        elif _after_name_word(follow):
            evidence = 3
        elif _common_word(text[end - 1 : end + 1], 500):
            evidence = 0  # 局长向大|会: the next character makes a word with the last one
        elif follow[0] in AFTER_NAME_CHARS or any(
                follow[:n] in follower_words() and end + n in ctx.boundaries for n in (2, 3, 4)):
            evidence = 2
        elif self._title_at(text, end):
            evidence = 2  # another title follows: 张三副局长
        else:
            evidence = 0
        return 10 * evidence + (2 if end in ctx.boundaries else 0) - penalty - penalty_prep

    def _title_at(self, text: str, pos: int) -> str | None:
        for n in range(self.lex.max_title, 1, -1):
            if text[pos : pos + n] in self.lex.titles:
                return text[pos : pos + n]
        return None

    def title_ending(self, text: str, pos: int) -> tuple[int, bool] | None:
        """The longest title or trigger ending at ``pos``: ``(start, is_title)``.

        After a level word, a body abbreviation at the start of the title belongs to the
        organisation (县纪委 + 书记, not 县 + 纪委书记; ANNOTATION.md §2: TITLE is the
        position word alone).
        """
        for n in range(min(self.lex.max_title, pos), 1, -1):
            word = text[pos - n : pos]
            if word in self.lex.titles:
                return self._after_body(text, pos - n, pos), True
            if word in self.lex.triggers:
                return pos - n, False
        return None

    def _after_body(self, text: str, start: int, end: int) -> int:
        """Where the title ``text[start:end]`` starts once a leading body abbreviation that
        follows a level word (县纪委书记, 市监委主任) is left to the organisation.
        """
        word = text[start:end]
        for body in _BODY_ABBREVIATIONS:
            if word.startswith(body) and word[len(body):] in self.lex.titles \
                    and _LEVEL_BEFORE.search(text, max(0, start - 4), start):
                return start + len(body)
        return start

    @staticmethod
    def with_modifiers(text: str, start: int) -> int:
        """Extend a title starting at ``start`` over the modifiers written right before it
        (专职副主席, 驻会副主席, 执行副主任, 助理署长): they are part of the position.
        """
        moved = True
        while moved:
            moved = False
            for mod in _TITLE_MODIFIERS:
                if start >= len(mod) and text.startswith(mod, start - len(mod)):
                    start -= len(mod)
                    moved = True
                    break
        return start

    # ------------------------------------------------------------------ title context
    def _title_names(self, ctx: "_Context") -> None:
        """Names right after a position word, and names listed after such a name."""
        text = ctx.text
        for p in _title_match_ends(text):
            if p >= len(text) or ctx.covered(p):
                continue
            found = self.title_ending(text, p)
            if found is None:
                continue
            if found[0] not in ctx.boundaries and p not in ctx.boundaries:
                continue  # 上海市长宁区: the "title" straddles two words
            # At least a function character after the name (20), or a word that follows
            # names (30) when the segmenter glued the name to the title. After a role word
            # (市民, 负责人) a name is rarer than after a title: ask for such a word and a
            # word boundary at both ends.
            need = 20 if p in ctx.boundaries else 30
            if not found[1]:
                need = 30
            span = self.read_name(ctx, p, min_score=need)
            if span is None:
                continue
            ctx.add_person(span[0], span[1], "person.after_title", strength=3)
            # 副省长张三、李四出席: a second name listed after the first shares the context.
            end = span[1]
            while end < len(text) and text[end] == "、":
                nxt = self.read_name(ctx, end + 1, min_score=22)
                if nxt is None or self._title_at(text, nxt[1]):
                    break
                ctx.add_person(nxt[0], nxt[1], "person.listed", strength=2)
                end = nxt[1]

    def title_chain(self, text: str, p: int) -> list[tuple[int, int]]:
        """Titles that belong to the name starting at ``p``, right to left.

        The title right before the name, then each earlier segment of the same sentence that
        is joined by 、, 兼 or a comma and itself ends with a title
        (``…办公室主任,市市场监管局党组书记、局长|聂远``). A segment ending with anything
        else (a name, a verb) ends the chain.
        """
        out: list[tuple[int, int]] = []
        found = self.title_ending(text, p)
        if found is None or not found[1]:
            return out
        start = self.with_modifiers(text, found[0])
        out.append((start, p))
        if text[start:p].startswith("办公室") and len(text[start:p]) > 3:
            out.append((start + 3, p))  # 主任 survives when an agency takes …办公室
        while True:
            # Walk back over the organisation part of this segment to its separator.
            k = start - 1
            limit = max(0, start - 30)
            while k >= limit and text[k] not in "、,兼" and text[k] not in _HARD_STOP:
                k -= 1
            if k < limit or text[k] in _HARD_STOP:
                break
            prev = self.title_ending(text, k)
            if prev is None or not prev[1]:
                break
            prev = (self.with_modifiers(text, prev[0]), True)
            out.append((prev[0], k))
            if text[prev[0] : k].startswith("办公室") and k - prev[0] > 3:
                out.append((prev[0] + 3, k))
            start = prev[0]
        return out

    # ------------------------------------------------------------------ re-mentions
    def _remention(self, ctx: "_Context") -> None:
        """Every recurrence of a found name (two characters or more) is a PERSON."""
        text = ctx.text
        names = sorted({(text[s:e], role) for (s, e), (_, role, _) in ctx.persons.items()
                        if e - s >= 2}, key=lambda x: -len(x[0]))
        for name, role in names:
            start = text.find(name)
            while start != -1:
                end = start + len(name)
                if not ctx.overlaps(start, end) and self._clean_occurrence(ctx, start, end):
                    ctx.add_person(start, end, "person.remention", strength=1, role=role)
                start = text.find(name, start + 1)

    def _clean_occurrence(self, ctx: "_Context", start: int, end: int) -> bool:
        text = ctx.text
        if start in ctx.boundaries and end in ctx.boundaries:
            return True
        if any(c in _DOTS or c == " " for c in text[start:end]):
            return True
        return self._score(ctx, start, end, credit=False) >= 20


# Last characters of place and unit names, refused in a credit without a role word ((高新区)).
_PLACE_ENDINGS = frozenset("区县镇乡村路街巷省市州局厅委办院所站处科馆园场店厂社")

# Modifiers that are part of the title right after them (专职副主任, 驻会副主席, 助理署长).
_TITLE_MODIFIERS = ("专职", "常务", "执行", "驻会", "助理")

# Body abbreviations that belong to the organisation when a level word precedes them: in
# 县纪委书记 the agency is 县纪委 and the title 书记 (longest first).
_BODY_ABBREVIATIONS = ("纪委监委", "人大常委会", "常委会", "纪委", "监委", "政府", "政协", "委")
_LEVEL_BEFORE = regex.compile(r"(?:省|市|县|区|州|旗|盟|乡|镇)$")

# Surnames that are far more often prepositions or conjunctions at the start of a clause.
_PREPOSITION_SURNAMES = frozenset("向于和从以为经由自在同")

_HARD_STOP = frozenset("。;!?\n:“”《》()「」『』")


class _Context:
    """Per-document state: the text, word boundaries and the names found so far."""

    def __init__(self, text: str, lex: Lexicon, doc: Doc | None, is_doc_text: bool = False):
        self.text = text
        if doc is not None and (is_doc_text or doc_text(doc) == text):
            starts, ends = token_edges(doc)
            bounds = starts | ends
        else:
            from ..segment import _jieba_tokenizer

            bounds, pos = {0}, 0
            for word in _jieba_tokenizer().lcut(text, HMM=True):
                pos += len(word)
                bounds.add(pos)
        self.boundaries = bounds
        # (start, end) -> (rule_id, role, strength)
        self.persons: dict[tuple[int, int], tuple[str, str | None, int]] = {}
        self.titles: dict[tuple[int, int], str] = {}

    def covered(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.persons)

    def overlaps(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.persons)

    def add_person(self, start: int, end: int, rule_id: str, strength: int,
                   role: str | None = None) -> None:
        """Record a name; of two overlapping readings the stronger (then longer) stays."""
        for (s, e), (_, old_role, old) in list(self.persons.items()):
            if s < end and start < e:
                if (old, e - s) >= (strength, end - start):
                    if role and not old_role and (s, e) == (start, end):
                        self.persons[(s, e)] = (self.persons[(s, e)][0], role, old)
                    return
                del self.persons[(s, e)]
        self.persons[(start, end)] = (rule_id, role, strength)

    def candidates(self, ex: PeopleExtractor) -> list[Candidate]:
        out = []
        titles: dict[tuple[int, int], str] = dict(self.titles)
        for (s, e), (rule_id, role, _) in sorted(self.persons.items()):
            attrs = {"role": role} if role else {}
            out.append(Candidate(s, e, "PERSON", rule_id, attrs=attrs))
            if role:
                continue
            for ts, te in ex.title_chain(self.text, s):
                titles.setdefault((ts, te), "title.chain")
        for (s, e), rule_id in sorted(titles.items()):
            if not self.overlaps(s, e):
                out.append(Candidate(s, e, "TITLE", rule_id))
        return out


@lru_cache(maxsize=1)
def _title_scanner() -> Any:
    """Every title and trigger word at every position, longest first.

    Used by :func:`_title_match_ends`. Compiled with the standard ``re`` module: a zero-width
    match at each position captures the longest word starting there, which is an overlapped
    search; the leading character class lets the engine skip positions where no word starts,
    and the words are written as a trie (:func:`trie_source`) so that a position is not
    compared with every word. About six times faster than the plain alternation in ``regex``.
    """
    lex = lexicon()
    words = {*lex.titles, *lex.triggers}
    first = "".join(sorted({w[0] for w in words}))
    return re.compile("(?=[" + re.escape(first) + "])(?=(" + trie_source(words) + "))")


def _title_match_ends(text: str) -> Iterable[int]:
    """Where the longest title or trigger word starting at each position ends, in text order."""
    return (m.end(1) for m in _title_scanner().finditer(text))


# ---------------------------------------------------------------------- rule handlers
def _names_in(ex: PeopleExtractor, ctx: _Context, start: int, end: int,
              strict: bool, mode: str = "role") -> list[tuple[int, int]]:
    """Parse the names of a credit between ``start`` and ``end``.

    Role words are skipped; names are separated by spaces (two one-character pieces in a row
    are one two-character name typeset with a space, ``陆 军``). With ``strict`` every piece
    must be a name, otherwise parsing stops at the first piece that is not.
    """
    text = ctx.text
    pieces: list[tuple[int, int]] = []
    for m in _CREDIT_PIECE.finditer(text[start:end]):
        pieces.append((start + m.start(), start + m.end()))
    names: list[tuple[int, int]] = []
    i = 0
    while i < len(pieces):
        s, e = pieces[i]
        word = text[s:e]
        role = ex.role_re.match(word)
        if role and role.end() == len(word):
            i += 1
            continue
        if role:  # role glued to the name: 记者刘明
            s += role.end()
            word = text[s:e]
        if word in ("摄", "报道", "文", "图"):
            i += 1
            continue
        for tail in ("摄", "报道"):
            if word.endswith(tail) and len(word) > len(tail) + 1:
                cut = ex.read_name(ctx, s, credit=True, min_score=0)
                if cut and cut[1] == e - len(tail):
                    e -= len(tail)
                    word = text[s:e]
        if len(word) == 1 and i + 1 < len(pieces):
            ns, ne = pieces[i + 1]
            if ne - ns == 1 and ns - e == 1 and word in ex.lex.surnames:
                names.append((s, ne))
                i += 2
                continue
        if _credit_name_ok(ex, word, mode):
            names.append((s, e))
        elif strict:
            return []
        else:
            break
        i += 1
    return names


# A piece of a credit: what lies between spaces, colons and slashes.
_CREDIT_PIECE = regex.compile(r"[^\s:/]+")


def _credit_name_ok(ex: PeopleExtractor, word: str, mode: str = "role") -> bool:
    """Whether a piece of a credit is a name.

    Args:
        ex: the extractor (lexicons).
        word: the piece.
        mode: ``"paren"``: inside parentheses with a role word, where every piece is a name
            (记者 柏林); ``"role"``: after a role word in running text, where frequent words
            are refused (作者简介); ``"bare"``: parentheses without a role word ((王府井) at a
            line end), where dictionary words that are not names and the project's own place
            and agency words are refused too.
    """
    bare = mode == "bare"
    if _DOT_NAME.fullmatch(word):
        return not bare or len(word) <= 12
    if bare and (_common_word(word, 100) or _user_word(word) or word[-1] in _PLACE_ENDINGS):
        return False
    if not 2 <= len(word) <= 6 or not all(_is_han(c) for c in word):
        return False
    if len(word) not in ex.readings(word, 0):
        return False
    return mode == "paren" or not _common_word(word, 1000)


def _line_end(text: str, pos: int) -> bool:
    while pos < len(text) and text[pos] in " \t\u3000":
        pos += 1
    return pos >= len(text) or text[pos] in "\n\r"


def _handle_byline(ex: PeopleExtractor, ctx: _Context, rule: Any, pattern: Any) -> None:
    """``(罗建国 邵婷)``, ``(记者 X 通讯员 Y)``, ``(作者:X Y)``, ``(郝思远/摄)``."""
    text = ctx.text
    for m in pattern.finditer(text):
        s, e = m.span("names")
        body = text[s:e]
        has_role = bool(ex.role_re.search(body)) or "摄" in body
        placed = _line_end(text, m.end()) or text[max(0, m.start() - 1) : m.start()] in (
            "", "\n", "讯", "电") or text[max(0, m.start() - 2) : m.start()] == "消息"
        if not (has_role or placed):
            continue
        for ns, ne in _names_in(ex, ctx, s, e, strict=True, mode="paren" if has_role else "bare"):
            ctx.add_person(ns, ne, rule.id, strength=4, role=rule.attrs.get("role"))


def _handle_credit(ex: PeopleExtractor, ctx: _Context, rule: Any, pattern: Any) -> None:
    """``记者 杜若溪摄``, ``□文/图 本报记者 潘立群``, ``实习生汤雨桐/摄``: names after a role
    word.
    """
    text = ctx.text
    for m in pattern.finditer(text):
        s, e = m.span("names")
        for ns, ne in _names_in(ex, ctx, s, e, strict=False):
            if ne - ns >= 2 and (ne >= len(text) or text[ne] in BOUNDARY
                                 or text.startswith(("摄", "报道"), ne)):
                ctx.add_person(ns, ne, rule.id, strength=4, role=rule.attrs.get("role"))
            else:
                break


def _handle_honorific(ex: PeopleExtractor, ctx: _Context, rule: Any, pattern: Any) -> None:
    """A surname (or full name) before an honorific: 李大妈 -> 李, 王芳女士 -> 王芳."""
    text = ctx.text
    for m in pattern.finditer(text):
        s, e = m.span("name")
        if s not in ctx.boundaries:
            continue
        if e - s == 1:
            if text[s] not in _PREPOSITION_SURNAMES:  # 向大爷询问: a preposition
                ctx.add_person(s, e, rule.id, strength=2)
        elif e in ctx.boundaries and _credit_name_ok(ex, text[s:e]) \
                and text[s:e] not in dictionary_words():
            ctx.add_person(s, e, rule.id, strength=2)


def _handle_leader(ex: PeopleExtractor, ctx: _Context, rule: Any, pattern: Any) -> None:
    """A name right before a leader's title: 李明德总书记 (TITLE proposed too)."""
    text = ctx.text
    for m in pattern.finditer(text, overlapped=True):
        s, e = m.span("name")
        if s not in ctx.boundaries or not _credit_name_ok(ex, text[s:e]):
            continue
        entry = dictionary_words().get(text[s:e])
        if entry and not entry[1].startswith("nr"):
            continue
        ctx.add_person(s, e, rule.id, strength=3)
        ts, te = m.span("title")
        ctx.titles[(ts, te)] = rule.id


def _handle_speech(ex: PeopleExtractor, ctx: _Context, rule: Any, pattern: Any) -> None:
    """A clause that opens with a name and a speech verb: ,王芳表示."""
    text = ctx.text
    for m in pattern.finditer(text):
        s, e = m.span("name")
        word = text[s:e]
        if word[0] not in ex.lex.top or s not in ctx.boundaries or e not in ctx.boundaries:
            continue
        if word[0] in _PREPOSITION_SURNAMES or _common_word(word[1:], 5000):
            continue  # ,向公众介绍: a preposition and a noun, not 向 + given name
        if word in dictionary_words() and not dictionary_words()[word][1].startswith("nr"):
            continue
        if any(c in NEVER_IN_NAME or not _is_han(c) for c in word):
            continue
        ctx.add_person(s, e, rule.id, strength=2)


_HANDLERS = {
    "byline": _handle_byline,
    "credit": _handle_credit,
    "honorific": _handle_honorific,
    "leader": _handle_leader,
    "speech": _handle_speech,
}


@Language.factory("govbrief_people", assigns=["doc._.gb_candidates"])
def make_people(nlp: Language, name: str) -> PeopleExtractor:
    """Factory of ``govbrief_people``."""
    return PeopleExtractor(nlp, name)

"""What a count question counts ("多少家会员单位" -> 单位), in the texts' words.

A figure answers a count question only when it counts that thing: "五位一体" has a number
and a measure word but counts no experts."""

from __future__ import annotations

import itertools
import re

import jieba.posseg

from assistant.core.bilingual import Bilingual
from assistant.core.lexicon import chinese_terms
from assistant.core.query import Query
from ingest.model import Clause
from text.fold import fold
from text.sentences import sentences
from text.tokenize import tokenize

COUNT_MODIFIER_CHARS = 6  # between a figure and the noun it counts: "32个重点合作国家"
COUNTED_BEFORE = re.compile(r"([\u4e00-\u9fff]{2,10}?)(?:一共|总共|共|总计)?(?:有|是|为)?(?:几|多少)")
# "多少家会员单位", and without a measure word "多少检测人员"
COUNTED_AFTER = re.compile(r"(?:几|多少)[个项家份条类名人所批种]?([\u4e00-\u9fff]{2,24})")
CLAUSE_MARK = re.compile(r"[了过着在与和被把对给向从]")
# Where a noun after a count ends: a particle, a copula or punctuation ("3个国家级…服务平台|吗")
NOUN_END = r"(?=[的了是有在和与及吗呢吧,,。??]|$)"


def counted_things(query: Query) -> list[str]:
    """What a count question counts, in the texts' words: the nouns it asks the number of."""
    if query.parts[0].slot != "count":
        return []
    if query.english:
        return chinese_terms(" ".join(Bilingual.asked_words(query.parts[0].text)))
    q = fold(query.parts[0].text)
    found: list[str] = []
    # the word right before "(有)几个" ("组织有几个"), or right after it ("几个重点国家");
    # jieba's part of speech is not asked: "组织" is tagged a verb there
    # the thing named after the measure word is what is counted ("多少个子项"); only a question
    # ending at the measure word names it before ("组织有几个")
    if (after := _noun_after_measure(q)) is not None:
        return after
    if m := COUNTED_BEFORE.search(q):
        found += [t for t in tokenize(m.group(1)) if len(t) >= 2][-1:]
    return found


# Only a count of people asks for its noun: "位" and "名" also make idioms and titles ("五位一体",
# "名单"), while a figure in 家, 项 or 份 counts what the sentence names, whatever word the
# question used for it (公司, 企业, 机构, 单位 are one another's paraphrases).
PERSON_MEASURES = ("人", "名", "位")
# A noun naming people ("检测人员", "专家"): asked without a measure word, it still counts people
PERSON_NOUN = re.compile(r"(?:人员|人士|人才|专家|学者|代表|成员|骨干|员工|职工)$")


def measured_noun(query: Query) -> list[str]:
    """The people a count of people counts, as the question names them ("多少名专家" -> 专家,
    "多少检测人员" -> 检测人员): a figure answers the question only in a sentence that names them
    ("五位一体" counts no experts; "技术人员…组成的11人课题组" counts no 检测人员: the modifier
    says which people, and its word elsewhere in the sentence is not them). An English question's measure is not written, so it does not ask for the noun."""
    part = query.parts[0]
    if part.slot != "count" or query.english:
        return []
    noun = counted_noun(fold(part.text))
    if part.measure not in PERSON_MEASURES and not PERSON_NOUN.search(noun):
        return []
    return [noun] if noun else []


def counted_noun(q: str) -> str:
    """The noun named after "几/多少 (measure)", with its modifiers, up to where it ends
    ("几家副会长单位?" -> 副会长单位; "多少家出口食品企业的需求" -> 出口食品企业); "" when none."""
    run = _run_after_measure(q)
    return re.match(rf"[\u4e00-\u9fff]*?{NOUN_END}", run).group(0) if run else ""


def _run_after_measure(q: str) -> str | None:
    """The characters after "几/多少 (measure)" (None when no noun follows one), "" when they run
    on into a clause ("多少个国家签署了…协议": no noun this simple reading finds)."""
    m = COUNTED_AFTER.search(q)
    if not m:
        return None
    return "" if CLAUSE_MARK.search(m.group(1)) else m.group(1)


def _noun_after_measure(q: str) -> list[str] | None:
    """The head of the noun named after the measure word ("多少个…能力验证物品" -> 物品), [] when
    the phrase runs on into a clause ("多少个国家签署了…协议": no head this simple reading finds),
    None when no noun follows a measure word."""
    if (run := _run_after_measure(q)) is None:
        return None
    return [t for t in tokenize(run) if len(t) >= 2][-1:] if run else []


def head_after_measure(q: str) -> str:
    """The head noun after "几/多少 (measure)": the last word of the noun run ("几个国际检测认证
    多边互认体系" -> 体系); where the run goes on into a clause or ends in a verb, the last word
    before its first verb ("多少个国家|来参加", "多少个国家|参加了" -> 国家); "" when none."""
    m = COUNTED_AFTER.search(q)
    if not m:
        return ""
    run = _run_after_measure(q)
    last = [t for t in tokenize(run) if len(t) >= 2][-1:] if run else []
    if last and not any(w.flag.startswith("v") and w.flag != "vn" for w in jieba.posseg.cut(last[0], HMM=False)):
        return last[0]
    words = itertools.takewhile(lambda w: w.flag == "vn" or not w.flag.startswith(("v", "p", "d", "c")), jieba.posseg.cut(m.group(1), HMM=False))
    return next(iter([w.word for w in words if len(w.word) >= 2 and _WORD.fullmatch(w.word)][-1:]), "")


_WORD = re.compile(r"[\u4e00-\u9fff]+")
# A question ending at its measure word ("智库计划建几个?") names what it counts before the
# verb; what stands between them says how or when, never what: verbs, and the words that
# make a verb a plan or a total (计划/打算 + verb, 一共有)
_ENDS_AT_MEASURE = re.compile(r"(?:几|多少)个[吗呢啊呀]?[??!!。]*$")
_BEFORE_VERB = frozenset(["计划", "打算", "准备", "预计", "规划", "一共", "总共", "总计", "共计", "大概", "大约", "目前", "现在", "已经", "需要", "应该", "可以", "能够"])


def head_before_measure(q: str) -> str:
    """The noun a question ending at "几个/多少个" counts, named before its verb ("认证认可国际型
    智库计划建几个" -> 智库, "重点领域一共有几个" -> 领域); "" when the question does not end at
    its measure word or no noun stands there."""
    if not (m := _ENDS_AT_MEASURE.search(q)):
        return ""
    words = [w for w in jieba.posseg.cut(q[: m.start()], HMM=False) if _WORD.fullmatch(w.word)]
    verb = False  # one verb only: jieba tags nouns such as 组织 and 认证 as verbs too
    # and the time it is asked for ("示范区年内要增加几个": 年内 says when)
    while words and (len(words[-1].word) < 2 or words[-1].word in _BEFORE_VERB or words[-1].flag == "t" or (words[-1].flag.startswith("v") and not verb)):
        verb = verb or words[-1].flag.startswith("v")
        words.pop()
    return words[-1].word if words else ""


# What a figure counts stands near it, within its phrase: the noun after it ("25个国家和地区"),
# or the subject right before it ("上线企业增加500家"); as the premise checks read a count
COUNTED_BEFORE_CHARS = 8
COUNTED_AFTER_CHARS = 20
# a figure, not a date, a share, an item's number ("5.召开…", "第5项") or a code
_FIGURE = re.compile(r"(?<![\d.第A-Za-z])\d+(?![\d.]*\s*(?:年|月|日|号|%))(?![.、)）])|[一二三四五六七八九十两百千万]+(?=[个项家份条类名人所批种国])")


def counts_near(sentence: str, head: str) -> bool:
    """The sentence gives a figure that counts `head`: the noun stands near the figure within
    its phrase. "召开上合组织国家…国际会议,组织成立…联盟六项举措" counts no 国家: six measures."""
    for phrase in re.split(r"[,,。;;::!!??]", fold(sentence)):
        for m in _FIGURE.finditer(phrase):
            # up to the next figure: a long modifier may come between ("8个国际检测认证多边互认体系")
            after = re.split(r"\d|、", phrase[m.end(): m.end() + COUNTED_AFTER_CHARS], maxsplit=1)[0]
            # "10国驻华使节": a measure that is the noun's own short form counts it (国 for 国家)
            if head in phrase[m.start():m.end()] + after or (after[:1] in _SHORT_FORM_MEASURES and head.startswith(after[:1])) or _widened(head, after):
                return True
            # the words before count only a figure that ends its phrase: one followed by its own
            # noun counts that ("…国家贸易便利化六项措施" counts 措施)
            ends = _FIGURE_ENDS.match(phrase[m.end():])
            if ends and head in phrase[max(0, m.start() - COUNTED_BEFORE_CHARS): m.start()]:
                return True
    return False


_SHORT_FORM_MEASURES = ("国", "人")


def _widened(head: str, text: str) -> bool:
    """A three-character noun with a word put inside it ("示范创建区" is a 示范区): its first two
    characters together, its last within three characters after them."""
    return len(head) == 3 and re.search(f"{re.escape(head[:2])}[\u4e00-\u9fff]{{0,3}}{re.escape(head[2])}", text) is not None


_FIGURE_ENDS = re.compile(r"[个项家份条类名人所批种国]?(?:以上|左右|多|余)?(?![\u4e00-\u9fff])")


def asked_head(q: str) -> str:
    """The head noun of what a "几个/多少个" question counts, 的 and all ("几个国家级的…服务平台"
    -> 平台): the last two characters of the noun run that ends the question."""
    m = re.search(r"(?:几|多少|哪[几两三四五六七八九十\d]?)[个项家份条类种]([\u4e00-\u9fff]{2,24}?)(?=[吗呢吧啊??,,。]|是|有|$)", q)
    return m.group(1)[-2:] if m else ""


def enumerated(text: str, head: str) -> list[str]:
    """Items a text lists of one kind, each ending in `head` ("建立国家节能减排…服务平台、国家智能
    制造…服务平台、…平台" -> three platforms): the longest such run of 、-separated items."""
    best: list[str] = []
    for phrase in re.split(r"[,,;;。]", text):
        items = [i for i in phrase.split("、") if i]
        if head and len(items) >= 2 and all(i.endswith(head) for i in items) and len(items) > len(best):
            best = items
    # the verb before the first item is not part of it: "推动建立|国家节能减排…平台"
    if best and (at := best[0].find(best[1][:2], 1)) > 0:
        best[0] = best[0][at:]
    return best


def counted_head(query: Query) -> str:
    """What a count in the general classifier 个 counts ("多少个国家" -> 国家), "" otherwise: 个
    fits any noun, so the noun, not the measure word, says what a figure must count."""
    part = query.parts[0]
    if part.slot != "count" or part.measure != "个" or query.english:
        return ""
    q = fold(part.text)
    head = head_after_measure(q) or head_before_measure(q)
    return "" if re.match(r"[个项家份条类名人所批种]", head) else head  # "几个人": people, counted in 人


def uncounted(query: Query, clauses: list[Clause]) -> str:
    """The noun a 个 question counts when no sentence of the evidence gives a figure for it or
    lists things beside it to be counted, else "". A noun the evidence never writes ("分布在几个
    区域" over "东亚:…;南亚:…") does not say which figure or list counts it: the slot check decides."""
    head = counted_head(query)
    said = [fold(s) for c in clauses for s in sentences(c.text)]
    if not head or not any(head in s for s in said):
        return ""
    return "" if any(counts_near(s, head) or _lists_of(s, head) for s in said) else head


# three or more members joined by 、 or ;, within one phrase
_LIST_RUN = re.compile(r"(?:[^、;;,,。“”《》()()]{1,16}[、;;]){2,}[^、;;,,。“”《》()()]{1,16}")


def _lists_of(text: str, head: str) -> bool:
    """The text lists things of the kind `head` names: the word ends a member ("…服务平台、…服务平台"),
    labels one ("南亚:印度、…") or stands right before or after the list ("包括东亚:…;南亚:…"), not
    anywhere in the sentence."""
    return any(head in m.group(0)[-16:] or f"{head}:" in m.group(0) or head in text[max(0, m.start() - 8):m.start()] or head in text[m.end():m.end() + 8]
               for m in _LIST_RUN.finditer(text))

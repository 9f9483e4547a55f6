"""A statement the question makes by restating a sentence of the texts with one term changed,
or with a change told the other way round ("减少10家" where the text says "增加10家以上").

"行动方案要建立认证认可与计量工作协调机制" restates "建立认证认可与标准化工作协调机制": the
words on both sides agree, and between them the question put "计量" where the text says
"标准化". A term replaced inside a restated phrase is a claim the texts contradict, whatever
its kind (a body, a category, a term of a slogan, an acronym), so it is found by aligning the
question with the sentence rather than by a rule for each kind of premise. Figures are read
by the premise checks (`premises.py`), which know what a number counts.

Alignment runs over units: one CJK character, or one run of Latin letters and digits ("CRCC",
"2025"), so that a changed acronym is one replaced unit, not a shared letter.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher
from typing import NamedTuple

import jieba.posseg

from assistant.core.query import ASKING_PHRASE
from assistant.core.titles import differing_titles, held_title, opens_with_title
from text.fold import fold

_UNIT = re.compile(r"[A-Za-z0-9.\-]+|\S")
# Characters that join or frame a phrase without carrying its content: a question's 是/要/的
# or the texts' 、 and 及 between agreeing words, the 等 closing a list, are no replaced term.
_FILLER = re.compile(r"[的了是和与及或等、,,;:“”《》()()'\"\s要将在把被就也都还再吧吗呢啊么所该其之以为]")
# A negated restatement ("不是…", "没有…") denies rather than replaces: other checks read it.
_NEGATION = re.compile(r"不|没|未|非|无")
# A term opening with a figure ("5大项", "六大") is the premise checks' (they know what a number counts)
_FIGURE = re.compile(r"[\d.\-~至到]|[一二三四五六七八九十百千万两]+[大个项家条类批年倍部]")
# Nouns (and acronyms, abbreviations, the domain words taught to jieba): a paraphrase changes
# verbs and adverbs ("想打进"/"开拓", "遇到"/"应对"), a wrong claim changes the thing named.
_NOUN = re.compile(r"n[a-z]*|s|eng|j|x")  # s: place words (国内, 境外)
_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")  # jieba tags punctuation x as well: a word has letters
# The agreeing context a replaced term must stand in: a run on each side, and together long
# enough that the question plainly restates this sentence (a short run agrees by chance).
MIN_SIDE = 2
MIN_CONTEXT = 6
# A replaced term is a word or a short phrase; longer differences are another sentence.
MAX_SPAN = 8


# Words whose opposite shares a character (so the sharing rule below would take them for a
# paraphrase) and is often a verb to jieba: direction, inside and outside, the two ends of a chain.
OPPOSITES = frozenset(frozenset(pair) for pair in (
    ("进口", "出口"), ("输入", "输出"), ("引进", "输出"), ("国内", "国外"), ("境内", "境外"), ("对内", "对外"),
    ("内销", "外销"), ("上游", "下游"), ("线上", "线下"), ("事前", "事后"), ("双边", "多边"), ("强制性", "自愿性"),
    ("进口食品", "出口食品"), ("入境", "出境"),
))


class Replaced(NamedTuple):
    """One replaced term: character ranges in the folded question and sentence."""

    asked: tuple[int, int]
    said: tuple[int, int]


def units_of(text: str) -> list[tuple[int, int]]:
    """The spans of the alignment units: one CJK character, or one run of Latin letters and digits."""
    return [m.span() for m in _UNIT.finditer(text)]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The range without the joining characters at its ends."""
    while start < end and _FILLER.fullmatch(text[start]):
        start += 1
    while end > start and _FILLER.fullmatch(text[end - 1]):
        end -= 1
    return start, end


def _replaced(question: str, q_units: list[tuple[int, int]], sentence: str, s_units: list[tuple[int, int]]) -> tuple[int, list[Replaced]]:
    """Units the question and the sentence agree on (in runs of `MIN_SIDE` or more), and each
    term the question replaced between two such runs (`q_units`, `s_units`: their `_units`)."""
    matcher = SequenceMatcher(None, [question[a:b] for a, b in q_units], [sentence[a:b] for a, b in s_units], autojunk=False)
    # a run agrees in content: "、电" is one shared character beside a list mark
    runs = [b for b in matcher.get_matching_blocks()
            if sum(not _FILLER.fullmatch(question[slice(*q_units[i])]) for i in range(b.a, b.a + b.size)) >= MIN_SIDE]
    found = []
    for left, right in zip(runs, runs[1:], strict=False):
        asked, said = (left.a + left.size, right.a), (left.b + left.size, right.b)
        said_fits = 0 < said[1] - said[0] <= MAX_SPAN or _whole_list(sentence, s_units[said[0]][0], s_units[said[1] - 1][1]) \
            or _titled(question, q_units, asked, sentence, s_units, said)
        if 0 < asked[1] - asked[0] <= MAX_SPAN and said_fits and left.size + right.size >= MIN_CONTEXT:
            found.append(Replaced(
                _whole_words(question, _trim(question, q_units[asked[0]][0], q_units[asked[1] - 1][1])),
                _whole_words(sentence, _trim(sentence, s_units[said[0]][0], s_units[said[1] - 1][1])),
            ))
    if runs and (framed := _framed(q_units, s_units, question, sentence, runs[0])):
        found.insert(0, framed)
    return sum(r.size for r in runs), found


def _titled(question: str, q_units, asked: tuple[int, int], sentence: str, s_units, said: tuple[int, int]) -> bool:
    """The question puts one title where the text names officers at length ("以…局长为负责人" for
    "以…分管领导和…中心主任为课题负责人"): a title against titles is a claim, however long the text's side."""
    if said[1] <= said[0] or asked[1] <= asked[0]:
        return False
    start, end = _trim(question, q_units[asked[0]][0], q_units[asked[1] - 1][1])
    return held_title(question[start:end]) and opens_with_title(sentence, s_units[said[0]][0])


# Prepositions that open a frame around a term ("以玩具、电子电器为试点开展…"): the same
# preposition before the agreeing words, on both sides, bounds the replaced term where no
# agreeing run precedes it
FRAME_OPENERS = frozenset("以在对向从由与把将")


def _framed(q_units: list[tuple[int, int]], s_units: list[tuple[int, int]], question: str, sentence: str, run) -> Replaced | None:
    """The term between a frame's preposition and the first agreeing run, when both sides open
    the frame with the same preposition within `MAX_SPAN` units and the run is long enough to
    be a restatement by itself ("以家电、汽车|为试点开展强制性产品认证目录改革")."""
    if run.size < MIN_CONTEXT + MIN_SIDE:
        return None

    def opener(units: list[tuple[int, int]], text: str, end: int) -> tuple[int, str] | None:
        for i in range(end - 1, max(-1, end - 1 - MAX_SPAN), -1):
            if text[slice(*units[i])] in FRAME_OPENERS:
                return i, text[slice(*units[i])]
        return None

    asked, said = opener(q_units, question, run.a), opener(s_units, sentence, run.b)
    if not asked or not said or asked[1] != said[1] or asked[0] + 1 >= run.a or said[0] + 1 >= run.b:
        return None
    return Replaced(
        _whole_words(question, _trim(question, q_units[asked[0] + 1][0], q_units[run.a - 1][1])),
        _whole_words(sentence, _trim(sentence, s_units[said[0] + 1][0], s_units[run.b - 1][1])),
    )


def _whole_words(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """The range grown to the words it cuts, unless it is words of its own ("局长" of
    "监管局局长"): alignment matches single characters, so two different words that end
    alike ("乳制品" / "蜂产品", "中文" / "英文") leave only their differing characters."""
    own = [w for w in jieba.cut(text[slice(*span)], HMM=False) if not _FILLER.fullmatch(w)]
    if span[0] >= span[1] or all(len(w) >= 2 for w in own):
        return span
    at, start, end = 0, span[0], span[1]
    for word in jieba.cut(text, HMM=False):
        stop = at + len(word)
        if at < span[1] and stop > span[0]:
            start, end = min(start, at), max(end, stop)
        at = stop
    return _trim(text, start, end)


def _words(text: str, span: tuple[int, int]) -> list[tuple[str, str]] | None:
    """The (word, part of speech) of the range; where the range cuts a word of the sentence
    ("监管局局长" cut as 局局长), the range's own words if each is a word of two characters
    or more, else None ("国家级" has no word "级" of its own)."""
    at, words, cut = 0, [], False
    for token in jieba.posseg.cut(text, HMM=False):
        end = at + len(token.word)
        if at < span[1] and end > span[0]:
            cut = cut or at < span[0] or end > span[1]
            words.append((token.word, token.flag))
        at = end
    if not cut:
        return words
    own = [(t.word, t.flag) for t in jieba.posseg.cut(text[slice(*span)], HMM=False)]
    return own if all(len(w) >= 2 for w, _ in own if not _FILLER.fullmatch(w)) else None


def _covering(text: str, span: tuple[int, int]) -> str:
    """The words of the text the range falls in ("进" of "装备进口提供" -> 进口)."""
    at, words = 0, []
    for word in jieba.cut(text, HMM=False):
        if at < span[1] and at + len(word) > span[0]:
            words.append(word)
        at += len(word)
    return "".join(words)


def _contradicts(question: str, sentence: str, term: Replaced) -> bool:
    """A replaced term contradicts the text when the question's side is whole nouns that
    neither ask nor negate, the text's side is whole words naming a thing, the two share under
    half the characters of the shorter (sharing more is a paraphrase or a short form: 自贸 /
    自由贸易), and neither side's words stand elsewhere in the other (then the alignment
    paired the wrong places)."""
    asked, said = question[slice(*term.asked)], sentence[slice(*term.said)]
    if not asked or not said or ASKING_PHRASE.search(asked) or _NEGATION.search(asked) or _FIGURE.match(asked) or _FIGURE.match(said):
        return False
    if frozenset((_covering(question, term.asked), _covering(sentence, term.said))) in OPPOSITES:
        return True  # "装备进口" for "装备出口": an opposite is a claim whatever its part of speech
    asked_words, said_words = _words(question, term.asked), _words(sentence, term.said)
    if not asked_words or not said_words:
        return False
    content = [(w, f) for w, f in asked_words if not _FILLER.fullmatch(w) and _WORD.search(w)]
    # a noun phrase: nouns, or verbal nouns before a noun head ("研究中心")
    if not content or not _NOUN.fullmatch(content[-1][1]) or not all(_NOUN.fullmatch(f) or f == "vn" for _, f in content):
        return False
    if not any(_NOUN.fullmatch(f) or f == "vn" for w, f in said_words if not _FILLER.fullmatch(w) and _WORD.search(w)):
        return False
    if any(len(w) >= 2 and w in sentence for w, _ in content) or any(len(w) >= 2 and w in question for w, _ in said_words):
        return False
    if said.isascii() and asked.isascii():
        return said.lower() != asked.lower()
    a, s = _FILLER.sub("", asked), _FILLER.sub("", said)
    if abbreviates(a, s) or abbreviates(s, a):
        return False  # a short form of the other: 自贸 / 自由贸易, 国际部 / 国际合作部
    # sharing up to half: 中文 / 英文, 行业 / 企业 name different things of one kind
    return 2 * len(set(a) & set(s)) <= min(len(set(a)), len(set(s)))


def _titles(question: str, sentence: str, term: Replaced) -> tuple[str, str] | None:
    """The two titles the replaced term makes different ("常务副会长" / "轮值会长"), or None."""
    return differing_titles(question, term.asked[0], sentence, term.said[0])


def abbreviates(short: str, long: str) -> bool:
    """Whether `short` keeps characters of `long` in their order (a Chinese short form)."""
    rest = iter(long)
    return len(short) < len(long) and all(ch in rest for ch in short)


def replaced_term_corrections(question: str, sentences: list[str], corrected: Sequence[str] = ()) -> list[str]:
    """"文本写的是“标准化”,不是“计量”" for each term the question replaced in the sentence it
    restates best (the one it agrees with over the most units); nothing when it restates none,
    nor for a text's term one of the `corrected` already says (a figure is corrected once)."""
    q = fold(question)
    q_units = units_of(q)
    best: tuple[int, str, list[Replaced]] = (0, "", [])
    # each sentence once (reposts of a text say the same ones; the first of the best is kept
    # either way), and none too short to agree over more units than the best so far
    for sentence in dict.fromkeys(map(fold, sentences)):
        if min(len(q_units), len(sentence)) <= best[0] or min(len(q_units), len(s_units := units_of(sentence))) <= best[0]:
            continue
        agreeing, terms = _replaced(q, q_units, sentence, s_units)
        if agreeing > best[0]:
            best = (agreeing, sentence, terms)
    _, sentence, terms = best
    corrections = []
    for t in terms:
        said, asked = sentence[slice(*t.said)], q[slice(*t.asked)]
        if _is_list(said):
            corrections += _missing_members(q, t, said)
        elif titles := _titles(q, sentence, t):
            # "常务副会长单位" for "轮值会长单位": another title, though both end in 会长
            if not any(titles[0] in c for c in corrected):
                corrections.append("文本写的是“{}”,不是“{}”".format(*titles))
        elif _contradicts(q, sentence, t) and not any(said in c for c in corrected):
            if len(said) == 1:  # one character of a word ("出" of 出口): the words are what differ
                said, asked = _covering(sentence, t.said), _covering(q, t.asked)
            corrections.append("文本写的是“{}”,不是“{}”".format(*_told(sentence, t.said, asked)))
    return corrections


def _told(sentence: str, said: tuple[int, int], asked: str) -> tuple[str, str]:
    """The two terms as a correction names them: the text's side from its first noun ("共建以英文"
    -> 英文), the question's without the words that follow the text's term there too ("中文网站"
    against "英文网站" -> 中文)."""
    words = [(w, f) for w, f in _words(sentence, said) or [] if not _FILLER.fullmatch(w)]
    while len(words) > 1 and not _NOUN.fullmatch(words[0][1]):
        words.pop(0)
    # a list keeps its marks ("玩具、电子电器"), a phrase is read from its first noun
    text = sentence[slice(*said)] if "、" in sentence[slice(*said)] else "".join(w for w, _ in words) or sentence[slice(*said)]
    after = sentence[said[1]:]
    for k in range(len(asked) - 1, 0, -1):
        if after.startswith(asked[k:]):
            return text, asked[:k]
    return text, asked


# A list the question restates a sentence around: "帮助越南建立认证认可体系" for "帮助蒙古、朝鲜、
# 巴基斯坦、上海合作组织等欠发达国家或经济体建立认证认可体系" puts a member in the list that it lacks.
MAX_LIST = 60
_LIST_END = re.compile(r"等[^、]*$")


_LIST = re.compile(r"[^、,,;;。::()()]{1,12}(?:、[^、,,;;。::()()]{1,12}){2,}")


def _is_list(text: str) -> bool:
    """Three or more short members joined by 、 and nothing else, whatever closes them."""
    return len(text) <= MAX_LIST and bool(_LIST.fullmatch(_LIST_END.sub("", text)))


def _whole_list(sentence: str, start: int, end: int) -> bool:
    """A list the range holds whole: not the rest of one whose first member the question named
    ("与法国必维公司、广电计量、…" after "法国必维公司")."""
    start, end = _trim(sentence, start, end)
    return _is_list(sentence[start:end]) and not sentence[:start].rstrip().endswith("、")


def _missing_members(question: str, term: Replaced, said: str) -> list[str]:
    """"文本列出的是“A、B、C”,其中没有“D”" for each thing the question names in the list's place
    that is none of its members (a noun, as for any replaced term)."""
    listed = _LIST_END.sub("", said)
    members = [m for m in re.split(r"[、和及与]", listed) if m]
    missing = []
    for asked in re.split(r"[、和及与]", question[slice(*term.asked)]):
        words = [(w, f) for w, f in jieba.posseg.cut(asked, HMM=False) if not _FILLER.fullmatch(w)]
        if not words or not all(_NOUN.fullmatch(f) for _, f in words) or ASKING_PHRASE.search(asked) or _NEGATION.search(asked):
            continue
        if not any(asked in m or m in asked for m in members):
            missing.append(asked)
    return [f"文本列出的是“{listed}”,其中没有“{'、'.join(missing)}”"] if missing else []

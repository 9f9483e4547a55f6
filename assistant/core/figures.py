"""The figure a count, amount or date question asks for, as the clause writes it.

`figure_pattern` says what a stated answer looks like; `stated_figure` picks it from the
sentence and phrase that carry most of the question's words (the phrase that asks, not the
premises before it); `only_added` tells a plan's increase from a total.
"""

from __future__ import annotations

import re

import jieba.posseg

from assistant.core.counts import CHANGE_BEFORE, INDEFINITE, SAME_MEASURE, TOTAL_ASKED, in_measure
from assistant.core.dated import PHRASE_BREAK
from assistant.core.names import looks_like_person
from assistant.core.query import ASKING_PHRASE, Part
from assistant.core.slots import POSITION, POSITIONS, date_pattern, part_terms
from ingest.model import Clause
from text.coverage import coverage
from text.fold import fold
from text.sentences import sentences

# "销量目标是多少" asks an amount in whatever unit the text uses (100亿元, 30%), written in digits:
# "一批" is no figure, and a digit run inside a year, a code (ISO9001) or a decimal is not one.
AMOUNT = re.compile(r"(?<![A-Za-z\d.])(?:\d+\s*[-–~至到]\s*)?\d+(?:\.\d+)?(?![\d.年月日号\-–~])\s*(?:万|亿)?\s*(?:元|%|[个项家份条类名人所批种])?")
# ...but "几" and "多少个" count things
COUNTING_WORD = re.compile(r"几|多少[个项家份条类名人所批种]")


def figure_pattern(part: Part) -> re.Pattern[str] | None:
    """What a stated answer to a count or date part looks like: a number in the asked measure
    (or any counting measure for "几个"), or a date; None for other slots."""
    if part.slot == "count" and not part.measure and not COUNTING_WORD.search(fold(part.text)):
        return AMOUNT
    if part.slot == "count":
        return in_measure(SAME_MEASURE.get(part.measure, part.measure) if part.measure not in ("", "个") else r"[个项家份条类名人所批种]")
    if part.slot == "place":
        # "在哪个市开的": a place of the asked level ("胶州市", not "上合示范区")
        level = re.search(r"哪[个座些几]?(?:城(?=市))?(市|省|县|区)", fold(part.text))
        english = re.search(r"\b(?:which|what) (city|province|county|district)\b", part.text, re.I)
        asked = level.group(1) if level else ENGLISH_LEVEL[english.group(1).lower()] if english else None
        return PLACE_AT_LEVEL[asked] if asked else PLACE_STATED
    return date_pattern(part) if part.slot == "date" else None


# Where something happens, as a text says it: "在胶州市举行", "在中国青岛上合示范区召开"
def _place_stated(ends: str) -> re.Pattern[str]:
    return re.compile(rf"(?<=在)[\u4e00-\u9fff]{{2,12}}?(?:{ends})(?=召开|举行|举办|开幕|成立|设立|落户|入驻)")


PLACE_STATED = _place_stated("市|省|县|新区|示范区|园区|片区|港")
PLACE_AT_LEVEL = {level: _place_stated(level) for level in ("市", "省", "县", "区")}
ENGLISH_LEVEL = {"city": "市", "province": "省", "county": "县", "district": "区"}


_MONTH_DAY = re.compile(r"^(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]$")


def dated_in_year(figure: str, clause: Clause) -> str:
    """"8月7日" in a report dated 2020-08-07 is 2020年8月7日: a date written without its year
    falls in the year of the text's own date when it is not later than that date."""
    m = _MONTH_DAY.match(figure)
    published = re.match(r"((?:19|20)\d{2})-(\d{2})-(\d{2})", clause.date or "")
    if not m or not published:
        return figure
    year, month, day = (int(g) for g in published.groups())
    return f"{year}年{figure}" if (int(m.group(1)), int(m.group(2))) <= (month, day) else figure


def stated_figure(part: Part, clause: Clause, idf: dict[str, float]) -> str | None:
    """The figure a count or date question asks for, as the clause writes it: from the
    sentence that carries most of the question's terms and a figure of the asked kind."""
    kind = figure_pattern(part)
    if kind is None:
        return None
    weights = part_terms(part, idf)
    # within the sentence, the words of the phrase that asks ("既然销量要突破1000亿元,那上线企业
    #要增加多少": 上线企业增加), not those of the premise before it, pick the phrase and figure
    own = part_terms(Part(asked_phrase(part.text), part.slot, part.measure), idf) or weights
    # the sentence with most of the question's terms, then within it the phrase (between
    # commas) with most of them: "征求12000家企业需求,…,“三同”食品销量突破100亿元" answers
    # "三同食品的销量目标是多少" with the figure said of 销量, not the sentence's first one
    # and within the phrase a figure in the asked measure ("多少个" -> 36个, not 82份), the one whose
    # own words (between its neighbours) carry most of them: "在沿线65个国家中选取32个国家确定为…重点合作国家" counts the key countries with 32
    best = max(
        ((coverage(sentence, weights), coverage(phrase, own), bool(part.measure) and figure.endswith(part.measure),
          coverage(said, own), -i, -j, -k, figure)
         for i, sentence in enumerate(sentences(clause.text))
         for j, phrase in enumerate(PHRASE_BREAK.split(fold(sentence)))
         for k, (figure, said) in enumerate(_figures_with_words(kind, phrase))),
        default=None,
    )
    return dated_in_year(best[7], clause) if best and best[0] > 0 else None


def asked_phrase(text: str) -> str:
    """The phrase (between commas) of a question that holds its asking word, the last such:
    the phrases before it state what the asker takes as given."""
    phrases = [p for p in PHRASE_BREAK.split(fold(text)) if ASKING_PHRASE.search(p)]
    return phrases[-1] if phrases else text


def _figures_with_words(kind: re.Pattern[str], phrase: str) -> list[tuple[str, str]]:
    """Each figure of a phrase with its own words: the verb right before it and what follows
    it up to the next figure ("选取|32个|国家确定为…重点合作国家"); the subject further before
    ("认监委与25个…") is the whole phrase's, not the figure's."""
    # "一批", "一些": a quantity that names no number
    found = [m for m in kind.finditer(phrase) if not INDEFINITE.fullmatch(m.group(0))]
    return [
        (m.group(0), phrase[max(m.start() - VERB_CHARS, found[n - 1].end() if n else 0): found[n + 1].start() if n + 1 < len(found) else len(phrase)])
        for n, m in enumerate(found)
    ]


VERB_CHARS = 2  # a Chinese verb before a figure is mostly two characters: 选取, 增加, 签署


def only_added(part: Part, clause: Clause, idf: dict[str, float]) -> bool:
    """True when a question asking how many there are ("现在一共有多少个") would be answered with
    a figure the clause gives as an addition ("年内增加10家以上"): a plan's increase is no total."""
    if part.slot != "count" or not TOTAL_ASKED.search(fold(part.text)):
        return False
    figure = stated_figure(part, clause, idf)
    text = fold(clause.text)
    at = text.find(figure) if figure else -1
    return at >= 0 and bool(CHANGE_BEFORE.search(text[:at]))


# "梁成珠是谁", "刘原龙担任什么职务", "常务副会长叫什么": who a named person is (or who holds a
# named title), which the texts say by the titles written right before the name ("…副巡视员刘原龙说")
POSITION_ASKED = re.compile(r"是谁|哪位|叫什么|名字|姓名|什么职务|什么职位|哪个职位|担任什么|什么身份|什么头衔|什么官|何职|干什么的"
                            r"|\bwho (?:is|was)\b|\bwhat (?:position|title|post|job)\b|\bwhich (?:position|title|post)\b", re.I)
_BEFORE_NAME = re.compile(r"[^。!?！？;；,，:：“”\"、]{2,48}$")


def stated_position(question: str, names: list[str], clause: Clause) -> str | None:
    """"刘原龙:青岛市市场监督管理局副巡视员" for a question asking who a person the clause names
    is: the bodies and titles the clause writes right before the name, one title each."""
    if not POSITION_ASKED.search(fold(question)):
        return None
    text = fold(clause.text)
    people = [n for n in names if looks_like_person(n)]  # a place or a body the question names has no titles
    # "常务副会长是谁": the person the clause names after the asked title
    asked = re.findall(POSITIONS, fold(question)) if not people else []
    people += [w for w, flag in jieba.posseg.cut(text) if flag == "nr" and looks_like_person(w)] if asked else []
    for name in people:
        at = text.find(name)
        before = _BEFORE_NAME.search(text[:at]) if at > 0 else None
        if before and POSITION.search(before.group(0)) and all(p in before.group(0) for p in asked):
            titles = re.sub(f"({POSITIONS})(?=.)", r"\1、", before.group(0))
            return f"{name}:{titles}"
    return None


# "IAF的全称", "DEPA的中文名": the words an acronym stands for, as the texts write them
NAME_ASKED = re.compile(r"全称|全名|简称|缩写|中文名|英文名")


def stated_name(question: str, clause: Clause) -> str | None:
    """"国际认可论坛(IAF)" for a question asking what an acronym it names stands for, when the
    clause writes the acronym in brackets after its words (or after a title in 《》)."""
    if not NAME_ASKED.search(question):
        return None
    text = fold(clause.text)
    for acronym in re.findall(r"[A-Za-z][A-Za-z\-]+", question):
        if m := re.search(rf"(《[^》]{{2,40}}》|[^、,,;;::“”《》()()\s]{{2,24}})\s*[((]{re.escape(acronym)}[))]", text, re.I):
            return f"{m.group(1)}({acronym})"
    return None

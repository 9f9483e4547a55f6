"""What a sentence must hold to answer a count: a number in the asked measure, or a list of the
thing counted; and what a count question asks (a total, a magnitude, the counted noun)."""

from __future__ import annotations

import re

import jieba.posseg

from assistant.core.counted import counted_noun
from assistant.core.query import Part
from text.fold import fold

# a range is one figure: "3-5家国家质检中心"
NUMBER_WITH = r"(?:\d+\s*[-–~至到]\s*)?(?:\d+(?:\.\d+)?|[一二三四五六七八九十两百千万]+)\s*(?:多|余)?\s*{measure}"
# Measure words that count the same things: a question in 人 is answered by 名 or 位.
SAME_MEASURE = {"人": "人|名|位", "名": "人|名|位", "位": "人|名|位", "项": "项|子项|条|大项", "条": "条|项",
                # kinds are counted in 种, 类, or the general 个 and 项, never in 条 (policies) or 家 (firms)
                "种": "种|类|个|项", "类": "种|类|个|项"}


def in_measure(measure: str) -> re.Pattern[str]:
    """A number written in one of the measure words `measure` (a regex alternation)."""
    return re.compile(NUMBER_WITH.format(measure=f"(?:{measure})"))


# "现在一共有多少个" asks how many there are; "年内增加10家" says how many are added
TOTAL_ASKED = re.compile(r"一共|总共|共有|总数|总量|现有|现在|目前")
CHANGE_BEFORE = re.compile(r"(?:增加|新增|增长|减少|再)\s*(?:了)?\s*$")


INDEFINITE = re.compile(r"一\s*(?:批|些|系列)")


QUOTED_SPAN = re.compile(r"“[^”]*”")
# "是多少?", "多少钱": how much of something, not how many things
MAGNITUDE_ASKED = re.compile(r"多少(?:钱|元|金额|[??]|$)")


def count_kind(part: Part):
    """A sentence carries a count in the asked measure (a list will do for 个 and 种, when it is
    a list of the thing counted); a question asking for the total is not answered by a figure
    that only says how many are added."""
    magnitude = bool(MAGNITUDE_ASKED.search(fold(part.text)))
    if part.measure and part.measure != "个":
        figure = in_measure(SAME_MEASURE.get(part.measure, part.measure))
    else:
        # a year, a day or a share is no count ("2020年" counts nothing); a share is a magnitude
        share = "" if magnitude else "|%"
        figure = re.compile(rf"\d+(?![\d.]*\s*(?:年|月|日|号{share}|-\d))|[一二三四五六七八九十两]+[个项家份条类]")
    # kinds and things are also given by listing them; "经费预算是多少" by no list
    listed = not magnitude and part.measure in ("", "个", "种", "类")
    head = _counted_head(part.text)
    total = bool(TOTAL_ASKED.search(fold(part.text)))

    def carries(sentence: str) -> bool:
        # a quoted phrase is one name or slogan: "“吃、穿、住、用、行”" lists no kinds
        text = QUOTED_SPAN.sub("", fold(sentence))
        if any(not (total and CHANGE_BEFORE.search(text[: m.start()])) and not INDEFINITE.fullmatch(m.group(0))  # "一批" names no number
               and _counts_asked(text, m, part.measure, head)
               for m in figure.finditer(text)):
            return True
        # "多少国家": a list of fields ("食品、化学品、能源") counts no countries; the list is named
        # by the word after it ("…、文莱等10个国家") or by a label the question gives ("东南亚:泰国、…")
        return listed and any(not head or head in text[m.end(): m.end() + LIST_NAME_REACH]
                              or ((label := LIST_LABEL.match(m.group(0))) and label.group(1) in fold(part.text))
                              for m in ENUMERATION.finditer(text))

    return carries


def _counts_asked(text: str, figure: re.Match, measure: str, head: str) -> bool:
    """"多少个项目": a figure in another measure ("六家实验室") counts what the asked noun is only
    when that noun stands by it ("…7家机构当选为副会长单位"); one in 个 is read as asked."""
    if measure != "个" or not head:
        return True
    given = text[figure.end(): figure.end() + 1] if figure.group(0)[-1].isdigit() else figure.group(0)[-1]
    # the measures that sort things into kinds (firms 家, papers 份, items 项/条, schools 所);
    # "11人" counts the people of "几个人"
    return given not in CLASSIFYING_MEASURES or head in text[max(figure.start() - 8, 0): figure.end() + LIST_NAME_REACH]


CLASSIFYING_MEASURES = frozenset("家份项条所批")


ENUMERATION = re.compile(r"[^、,,;;。]+(?:、[^、,,;;。]+){2,}")  # three or more things in one phrase
LIST_NAME_REACH = 12  # characters between a list and the word naming what it lists
LIST_LABEL = re.compile(r"(?:具体)?(?:包括)?([\u4e00-\u9fff]{2,6})[:：]")  # "东南亚:泰国、越南…": the label names the list


def _counted_head(question: str) -> str:
    """The noun a count question counts ("多少国家参加" -> 国家, "几家副会长单位" -> 单位), or ""."""
    nouns = [t.word for t in jieba.posseg.cut(counted_noun(fold(question)), HMM=False) if t.flag.startswith("n") and len(t.word) >= 2]
    return nouns[-1] if nouns else ""

"""Years (and terms of office) a question asks of that the evidence does not speak for.

Two ways a question's year makes a detail one the texts cannot give: an event told as done in
a year after the texts were written ("2021年又出台了哪些措施?"), and a figure asked for a year
the evidence gives it for another ("“三同”食品2018年的销量目标是多少?" of a plan for 2017).
A term of office works the same way: "第二届轮值会长单位是谁" where the texts name only the first.
A year that dates a claim ("是2013年发布的吧") is a premise, checked in `premises`.
"""

from __future__ import annotations

import re

import jieba.posseg

from assistant.core.premises import PERIOD_OR_TITLE
from assistant.core.query import Query, deadline_years, is_claim
from ingest.model import Clause
from text.fold import fold


def after_the_texts(query: Query, clauses: list[Clause], corpus_text: str) -> str | None:
    """"2021年又出台了哪些措施?" over texts written by 2020: a year later than the evidence's
    documents, not written anywhere in the texts, told as a completed event (a verb with 了
    or 已 after it; plans write targets as "到2025年实现…") is one the texts cannot know."""
    dated = [int(c.date[:4]) for c in clauses if c.date[:4].isdigit()]
    if not dated or len(dated) < len(clauses):
        return None
    q = fold(query.text)
    for m in re.finditer(r"(?<!\d)((?:19|20)\d{2})(?!\d)", q):
        year = int(m.group(1))
        # a year the evidence itself names is the texts' own ("2019年IEC大会"): asked of
        # evidence written before it, the year is one the texts cannot know
        if year <= max(dated) or any(m.group(1) in c.text for c in clauses):
            continue
        if m.group(1) in deadline_years(q):
            continue
        # told as done ("出台了", "已经") or asked whether it happened ("有没有调整")
        if not re.search(r"[\u4e00-\u9fff]了|已经|已|有没有|是否|有无", q[m.end():m.end() + 16]):
            continue
        return f"文本写于{max(dated)}年及以前,没有{year}年的情况"
    return None


# "2018年的销量目标是多少", "2019年度有几家": a year, then (without a verb) what is asked of it and
# the asking word; not a period ("2018年底前") nor a document's title ("2017年行动计划")
_YEAR_OF_ASKED = re.compile(
    rf"(?<![\d-])((?:19|20)\d{{2}})\s*年(?:的|度)?(?!{PERIOD_OR_TITLE}|规划)"
    r"([\u4e00-\u9fff“”\"]{0,12}?)(?:是|有|为|要|能)?(?:多少|几|什么|哪)"
)


def year_not_given(query: Query, clauses: list[Clause]) -> str | None:
    """A figure asked for a year no clause of the evidence speaks of: the texts give it for
    another year (or none), so the asked year's figure is one they do not give. A claim's year
    is a premise to correct, and a year followed by a deed dates an event: neither is this."""
    if not clauses or query.english or is_claim(query.text):
        return None
    for m in _YEAR_OF_ASKED.finditer(fold(query.text)):
        year, asked = m.group(1), m.group(2).strip("的“”\"")
        first = next(iter(jieba.posseg.cut(asked, HMM=False)), None)
        if first is None or first.flag.startswith("v"):
            continue  # "2019年成立的协会有几家会员": the year dates the founding, a premise
        if any(year in c.search_text or year in c.date for c in clauses):
            continue
        return f"文本没有给出{year}年的{asked or '情况'}"
    return None


# "第二届", "首届", "下一届", "下任": which term of an office; 首 and 一 are the first
_TERM = re.compile(r"(首|第[一二三四五六七八九十\d]{1,3}|下一?|上一?|本)(届|任)")


def _term_of(match: re.Match) -> str:
    ordinal = match.group(1).replace("第一", "首").replace("第1", "首")
    return ordinal + match.group(2)


def term_not_given(query: Query, clauses: list[Clause]) -> str | None:
    """"协会的第二届轮值会长单位是谁?" where the evidence names only the 首届 one: the term asked
    for is not the one the texts tell of. A claim about a term ("第二届是华测吧") is a premise."""
    if not clauses or query.english or is_claim(query.text):
        return None
    asked = [_term_of(m) for m in _TERM.finditer(fold(query.text))]
    if not asked:
        return None
    said = {_term_of(m) for c in clauses for m in _TERM.finditer(fold(c.text))}
    if said and not said & set(asked):
        return f"文本只写了{'、'.join(sorted(said))}的情况,没有{asked[0]}的"
    return None

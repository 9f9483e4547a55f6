"""Years a question asks of that the evidence does not speak for.

Two ways a question's year makes a detail one the texts cannot give: an event told as done in
a year after the texts were written ("2021年又出台了哪些措施?"), and a figure asked for a year
the evidence gives it for another ("“三同”食品2018年的销量目标是多少?" of a plan for 2017).
A year that dates a claim ("是2013年发布的吧") is a premise, checked in `premises`.
"""

from __future__ import annotations

import re

import jieba.posseg

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
    r"(?<![\d-])((?:19|20)\d{2})\s*年(?:的|度)?(?!底|前|内|以|起|之|后|到|至|工作|行动|计划|方案|要点|规划)"
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
        if any(flag.startswith("v") for _, flag in jieba.posseg.cut(asked, HMM=False)):
            continue  # "2019年成立的协会有几家会员": the year dates the founding, a premise
        if any(year in fold(c.title + c.date + c.clause + c.text) for c in clauses):
            continue
        return f"文本没有给出{year}年的{asked or '情况'}"
    return None

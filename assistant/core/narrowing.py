"""The documents a question names, narrowed by what else it says of them.

`scope.question_scope` finds the documents a question's words name; these steps drop those it
cannot mean (a year that dates a thing the document never speaks of, an English "action plan" of
another span of years) and tell when the task table answers for only one of the documents asked of.
"""

from __future__ import annotations

import re

from assistant.core.context import Context
from assistant.core.query import Query
from assistant.core.scope import Scope
from text.fold import fold, fold_loose

_LATIN_NAME = re.compile(r"[A-Za-z]{2,}")


# "…分别/各是什么": one answer for each document named
PER_DOCUMENT = re.compile(r"分别|各自|各是|各有|各为")


def beyond_the_table(query: Query, scope: Scope, snapshot) -> bool:
    """"青岛那篇报道和三年计划里,中检集团分别是什么身份?": asked of each of the documents named,
    one of which has no task table: the table answers for one of them only, the clauses for all."""
    table_docs = {row.clause.doc for row in snapshot.tasks.rows}
    return len(scope.docs) >= 2 and any(d not in table_docs for d in scope.docs) and bool(PER_DOCUMENT.search(fold(query.text)))


def undated(scope: Scope, query: Query, ctx: Context) -> Scope:
    """A document named only by a year is not the one meant when the question names a thing
    the texts speak of but that document never does ("IEC大会是2018年筹备的吗": 2018 is a year
    of the three-year plan's title, the IEC meeting is in the 2017 plan): the year is then what
    the question takes as given about the thing, to be checked, not a pointer."""
    if not scope.dated or query.english:
        return scope
    names = {fold_loose(n) for n in [*query.names, *_LATIN_NAME.findall(query.text)] if len(n) >= 2}
    names = {n for n in names if n in ctx.snapshot.corpus_text}
    dropped = [d for d in scope.dated if any(not ctx.says(n, d) for n in names)]
    return scope.without(dropped, query.scope_text) if dropped else scope


_TITLE_RANGE = re.compile(r"((?:19|20)\d{2})\s*[-–~]\s*((?:19|20)\d{2})")


def ranged(scope: Scope, query: Query, ctx: Context) -> Scope:
    """"the 2024-2030 action plan": the glossary gives "action plan" as 行动计划 and 行动方案,
    each another document's title word; the years the question gives pick the one whose title
    spans them."""
    ranges = {f"{a}-{b}" for a, b in _TITLE_RANGE.findall(query.text)}
    if not query.english or len(scope.docs) < 2 or not ranges:
        return scope
    titles = {d["doc"]: re.sub(r"\s|年", "", fold(d.get("title", ""))).replace("–", "-") for d in ctx.documents}
    spanning = [d for d in scope.docs if any(r in titles.get(d, "") for r in ranges)]
    dropped = [d for d in scope.docs if d not in spanning]
    return scope.without(dropped, query.scope_text) if spanning and dropped else scope

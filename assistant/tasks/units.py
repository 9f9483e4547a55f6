"""Which units of the task table a question names, as people write them."""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.tasks.table import TaskTable
from text.fold import fold
from text.tokenize import runs_on

# Characters that may stand right before a unit name without being part of it.
# 务 项 些 end the words asking about tasks ("哪些任务国际部是配合单位", "第3项国际部…")
NAME_BOUNDARY = set("由和与及跟同是在让请问那哪的为对给向从就头面里中上下后前看说找令帮被务项些有括含,、")


def units_in(question: str, table: TaskTable) -> list[str]:
    """Unit names of the table mentioned in the question (longest match wins), in order."""
    q = fold(question)
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for unit in sorted(table.unit_names(), key=len, reverse=True):
        for m in re.finditer(re.escape(unit), q):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            before = q[m.start() - 1] if m.start() else ""
            if "\u4e00" <= before <= "\u9fff" and before not in NAME_BOUNDARY:
                continue  # "星河认证办公室" is another unit, not 办公室
            if runs_on(q, m.end()):
                continue  # "实验室部分" is 实验室 and 部分
            taken.append((m.start(), m.end()))
            found.append((m.start(), unit))
    return [u for _, u in sorted(found)]


def respell_units(question: str, table: TaskTable, respelled: Callable[[str], str], canonical: Callable[[str], str]) -> str:
    """The question in the table's unit names (`canonical` maps other names to them), read as
    respelled when only the respelled words name a unit ("注测部", "国际合做部": a unit typed by
    its sound); otherwise as typed."""
    as_typed = canonical(question)
    if units_in(as_typed, table):
        return as_typed
    typed = respelled(question)
    if typed != fold(question) and units_in(as_respelled := canonical(typed), table):
        return as_respelled
    return as_typed

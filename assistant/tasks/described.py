"""A unit named by what it does: "负责国别研究的牵头部门还牵头了哪些任务?".

People name a unit by its task when they do not know its name ("the department leading
the country studies", "the unit that co-leads policy talks with 法律部"). The description
is the phrase before "的(牵头|配合)?(部门|单位)"; its task is found like any task, and
the phrase is replaced by that task's units (lead units for 负责/牵头, support units for
配合; a unit the description names as partner is not one of them). The rest of the
question is then answered about those units as usual. Only when the rest asks something
of its own: "负责国别研究的牵头部门是哪个?" is a plain who-leads question.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.tasks.table import TaskRow, TaskTable
from text.fold import fold

DESCRIBED = re.compile(r"^(?P<desc>[^,,。;;??]{3,30}?)的(?:那个|那家|这个)?(?P<role>牵头|配合)?(?:部门|单位)(?P<rest>.*)$")
ROLE_VERB = re.compile(r"负责|牵头|主抓|配合|参与")
# What the rest must ask of the unit for the description to be a name: its other tasks, or its role elsewhere.
ASKS_MORE = re.compile(r"还|另外|其他|其它|哪些|哪几|几项|多少项|角色|身份|是牵头还是配合")


def resolve_described_unit(
    question: str, table: TaskTable, units_in: Callable[[str, TaskTable], list[str]],
    find_task: Callable[[str], TaskRow | None],
) -> str:
    """The question with a unit described by its task replaced by the unit's name(s), or
    the question unchanged."""
    q = fold(question)
    m = DESCRIBED.match(q)
    if not m or not ROLE_VERB.search(m.group("desc")) or not ASKS_MORE.search(m.group("rest")):
        return question
    desc = m.group("desc")
    partners = units_in(desc, table)
    topic = desc
    for unit in partners:
        topic = topic.replace(unit, " ")
    row = find_task(topic)
    if row is None:
        return question
    supporting = m.group("role") == "配合" or (not m.group("role") and "配合" in desc and "牵头" not in desc)
    named = [u for u in (row.support if supporting else row.lead) if fold(u) not in partners]
    return f"{'、'.join(named)}{m.group('rest')}" if named else question

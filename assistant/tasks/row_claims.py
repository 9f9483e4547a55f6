"""What a question claims about one task's units, against the task's row.

"第2项是国际部牵头的吧" gives a unit the wrong role; "第13项没有配合单位吧", "只有国际部一家牵头吧",
"第10项的牵头单位有3个吧" give the role the wrong units. Each is corrected from the row
("需要更正:…"), and the role the claim states is the role the answer then reads.
"""

from __future__ import annotations

import re

from assistant.core.stated import number_of
from assistant.tasks.table import TaskRow
from text.fold import fold

# "第13项没有配合单位吧" (not "有没有…", which asks)
_SAID_ABSENT = re.compile(r"(?<!有)(?:没有|无|不设|未设)(牵头|配合)单位")
# "牵头单位只有科标部一个吧": a premise that the units named are all of that role's
_SAID_ONLY = re.compile(r"(牵头|配合)(?:单位|部门)?(?:就?只有|仅有|只是|仅为|就是)[^,,。??]{2,16}?(?:一个|一家|1个)"
                        # "只有国际部一家牵头吧": the units first, then their role
                        r"|(?:就?只有|仅有|只由|仅由)[^,,。??]{2,16}?(?:一个|一家|1个|一家单位)(?:来|负责)?(牵头|配合)")
# "第10项的牵头单位有3个吧": how many units a role has
_SAID_COUNT = re.compile(r"(牵头|配合)(?:单位|部门)(?:一共|总共|共)?(?:有|是|为)?(\d{1,2}|[一二三四五六七八九十两])(?:个|家)")


def join_units(units: list[str]) -> str:
    """Unit names as an answer lists them ("—" for none)."""
    return "、".join(units) if units else "—"


def task_label(row: TaskRow) -> str:
    """A task as an answer names it: its number and its name."""
    return f"第{row.task.task_no}项“{row.task.task_name}”"


def row_corrections(q: str, row: TaskRow, units: list[str], lead_q: bool, support_q: bool) -> tuple[list[str], bool, bool]:
    """The corrections of a folded question's claims about `row`, and the roles it asks about
    (a role said right after a unit is a claim: "国际部牵头的第2项…配合单位有哪些")."""
    label = task_label(row)
    corrections = []
    for unit in units:
        in_lead = unit in (fold(u) for u in row.lead)
        in_support = unit in (fold(u) for u in row.support)
        if stated := re.search(re.escape(unit) + r"(?:单位)?(?:来|负责|作为)?(牵头|配合)", q):
            lead_q, support_q = stated.group(1) == "牵头", stated.group(1) == "配合"
        if lead_q and not support_q and not in_lead:
            actual = "配合单位" if in_support else "既不是牵头单位也不是配合单位"
            corrections.append(f"需要更正:{label}的牵头单位是{join_units(row.lead)},{unit}{'是' if in_support else ''}{actual},并非牵头单位。")
        elif support_q and not lead_q and not in_support:
            actual = "牵头单位" if in_lead else "不在配合单位之列"
            listed = f"的配合单位是{join_units(row.support)}" if row.support else "没有列出配合单位"
            corrections.append(f"需要更正:{label}{listed},{unit}{'是' if in_lead else ''}{actual}。")
    return corrections + _role_set_corrections(q, row, label), lead_q, support_q


def _role_set_corrections(q: str, row: TaskRow, label: str) -> list[str]:
    """A role said to have no units, only the units named, or another number of units."""
    corrections = []
    if (absent := _SAID_ABSENT.search(q)) and (listed := row.support if absent.group(1) == "配合" else row.lead):
        corrections.append(f"需要更正:{label}有{absent.group(1)}单位:{join_units(listed)}。")
    if only := _SAID_ONLY.search(q):
        role = only.group(1) or only.group(2)
        listed = row.lead if role == "牵头" else row.support
        named = [u for u in listed if fold(u) in only.group(0)]
        if named and len(listed) > len(named):
            corrections.append(f"需要更正:{label}的{role}单位共{len(listed)}个:{join_units(listed)},不只{'、'.join(named)}。")
    # a count of a role's units the row gives otherwise; supporting units listed with "等" count none
    if (said := _SAID_COUNT.search(q)) and not (said.group(1) == "配合" and row.task.support_open_ended):
        listed = row.lead if said.group(1) == "牵头" else row.support
        if listed and number_of(said.group(2)) not in (None, len(listed)):
            corrections.append(f"需要更正:{label}的{said.group(1)}单位共{len(listed)}个:{join_units(listed)},不是{said.group(2)}个。")
    return corrections

"""Conditions over the task table, as people ask them, and how they combine.

"只有一个牵头单位而且没有配合单位的任务" states two conditions on one row: each condition
the question states narrows the rows, so they are read together, never first-found-wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import cn2an

from assistant.tasks.table import GENERIC_UNITS, TaskRow
from text.fold import fold

# "没有列配合单位" (not "有没有配合单位", which asks whether one task has any)
_NOT_GIVEN = r"((?<!有)没有|(?<!有)无|未列|没列|没写|未写|没标|未标|未注明|没注明|不写)(?:写|列)?"
NO_SUPPORT = re.compile(rf"{_NOT_GIVEN}配合单位")
ASKS_FOR_TASKS = re.compile(r"哪些|哪几|几项|多少|哪项|哪个任务|的任务|的子项")
MULTI_LEAD = re.compile(r"(两|2|二)个?(或|及)?以上.{0,8}牵头|多个牵头|共同牵头|联合牵头|牵头单位.{0,4}(两|2|二)个?(或|及)?以上")
EXACT_COUNT = re.compile(r"只有\s*(一|1|两|2|二|三|3)\s*[个家]\s*(配合|牵头)单位|(配合|牵头)单位只有\s*(一|1|两|2|二|三|3)\s*[个家]")
SOLE_LEAD = re.compile(r"单独牵头|独自牵头|独立牵头|唯一牵头|一家(单独)?牵头|自己单独牵头")
NOT_LEAD = re.compile(r"不牵头|没有牵头|未牵头|不是牵头|不由.{0,4}牵头")
SUPPORT_NEVER_LEAD = re.compile(r"只(作为|当|是|负责)?配合(而?不|从不|没有|不)牵头|从不牵头|只配合不牵头")
# "既牵头又配合过的单位": units found in both roles, over all tasks
LEAD_AND_SUPPORT = re.compile(r"既(?:是|当|作为|有)?过?牵头(?:单位)?(?:也|又|还)(?:是|当|作为|有)?过?配合|又牵头又配合"
                              r"|既(?:是|当|作为)?过?配合(?:单位)?(?:也|又|还)(?:是|当|作为)?过?牵头")
NOT_INVOLVED = re.compile(r"没有?参与|不参与|未参与|没有?涉及|不涉及|未涉及|没有?它的")
# "哪项任务的配合单位最多": the row with the most units in a role
MOST_UNITS = re.compile(r"(牵头|配合)单位(?:数量)?最多")


@dataclass(frozen=True)
class Condition:
    """One condition on a row: how the answer says it, the test, and which units to show."""

    said: str  # "牵头单位只有1个"
    holds: Callable[[TaskRow], bool]
    show_lead: bool = False
    show_support: bool = False


def named_units(row: TaskRow, role: str) -> list[str]:
    """The row's units in a role; "有关部室" names no unit, so it is not counted as one."""
    return row.lead if role == "牵头" else [u for u in row.support if fold(u) not in GENERIC_UNITS]


def _in(unit: str, units: list[str]) -> bool:
    return unit in (fold(u) for u in units)


def conditions(q: str, units: list[str]) -> list[Condition]:
    """Every condition the (folded) question states on a row, in the order checked."""
    found: list[Condition] = []
    for m in EXACT_COUNT.finditer(q):
        n = int(cn2an.cn2an(next(g for g in (m.group(1), m.group(4)) if g), "smart"))
        role = m.group(2) or m.group(3)
        found.append(Condition(f"{role}单位只有{n}个", lambda r, role=role, n=n: len(named_units(r, role)) == n,
                               show_lead=role == "配合", show_support=role == "配合"))
    unit = units[0] if units else ""
    if unit and SOLE_LEAD.search(q):
        found.append(Condition(f"由{unit}单独牵头", lambda r: _in(unit, r.lead) and len(r.lead) == 1))
    if unit and NOT_LEAD.search(q):
        found.append(Condition(f"{unit}不牵头", lambda r: not _in(unit, r.lead), show_lead=True))
    if unit and NOT_INVOLVED.search(q):
        found.append(Condition(f"{unit}既不牵头也不配合", lambda r: not _in(unit, [*r.lead, *r.support]), show_lead=True))
    if NO_SUPPORT.search(q) and ASKS_FOR_TASKS.search(q):
        found.append(Condition("未列配合单位", lambda r: not r.support))
    if MULTI_LEAD.search(q) and len(units) == 1:
        # "who leads together with us": the tasks the unit co-leads, with their leads
        found.append(Condition(f"{unit}与其他单位共同牵头", lambda r: _in(unit, r.lead) and len(r.lead) >= 2, show_lead=True))
    elif MULTI_LEAD.search(q) and not units:
        found.append(Condition("由两个或以上单位共同牵头", lambda r: len(r.lead) >= 2, show_lead=True))
    return role_conditions(q, units, found) + found


# one ask for the tasks ("…的任务有哪些"): the roles stated of several units describe one row
ASKS_ONCE = re.compile(r"哪些|哪几|几项|多少项|哪项|哪个任务|哪条")


def stated_role(q: str, unit: str) -> str:
    """The role the question gives a unit: "国际部(一家)牵头", "配合单位写的是'各有关部室'"."""
    # "认证部和国际部一起牵头": a role stated of coordinated units is each one's
    if m := re.search(re.escape(unit) + r"(?:[和与及、跟][^,,。;;和与及、]{2,8}?)*(?:单位)?(?:一家|单独|来|负责|作为|一起|共同|联合|同时|都)?(牵头|配合)", q):
        return m.group(1)
    m = re.search(r"(牵头|配合)单位(?:写的|写着|列的)?(?:是|为|有|包括|只有)[^,,。;;]{0,2}" + re.escape(unit), q)
    return m.group(1) if m else ""


def role_conditions(q: str, units: list[str], found: list[Condition]) -> list[Condition]:
    """"国际部牵头、注册部配合的任务": each unit in the role stated for it, read together with the
    other conditions (or with each other, when the question asks for the tasks once)."""
    covered = {u for u in units if any(u in c.said for c in found)}  # "由国际部单独牵头" says its role
    pairs = [(u, role) for u in units if u not in covered and (role := stated_role(q, u))]
    if not pairs or not (found or (len(pairs) >= 2 and len(ASKS_ONCE.findall(q)) == 1)):
        return []
    # units stated in one role are said together: "国际部和认证部都作为牵头单位"
    by_role = {role: [u for u, r in pairs if r == role] for role in dict.fromkeys(r for _, r in pairs)}
    return [
        Condition(f"{named[0]}{role}" if len(named) == 1 else f"{'和'.join(named)}都作为{role}单位",
                  lambda r, named=named, role=role: all(_in(u, r.lead if role == "牵头" else r.support) for u in named),
                  show_lead=role == "配合", show_support=role == "配合")
        for role, named in by_role.items()
    ]


def rows_meeting(rows: list[TaskRow], found: list[Condition]) -> tuple[str, list[TaskRow], bool, bool]:
    """The rows meeting every condition, with how to say them ("A且B") and which units to show."""
    kept = [r for r in rows if all(c.holds(r) for c in found)]
    said = "且".join(c.said for c in found)
    return said, kept, any(c.show_lead for c in found), any(c.show_support for c in found)

"""Department questions answered exactly from the task table.

Who leads or supports a task (named or paraphrased), what a unit leads or supports,
counts and sets over the table, and questions whose premise gets the roles wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.core.retriever import HybridRetriever
from assistant.tasks.conditions import (
    LEAD_AND_SUPPORT,
    MOST_UNITS,
    SUPPORT_NEVER_LEAD,
    conditions,
    named_units,
    rows_meeting,
    stated_role,
)
from assistant.tasks.described import resolve_described_unit
from assistant.tasks.named import TASK_QUESTION_WORDS, named_task
from assistant.tasks.row_claims import join_units, row_corrections, task_label
from assistant.tasks.table import GENERIC_UNITS, TaskRow, TaskTable
from assistant.tasks.units import units_in
from text.fold import fold
from text.tokenize import tokenize

LEAD_WORDS = re.compile(r"牵头|主导|主责|负责(?!人)|lead")
SUPPORT_WORDS = re.compile(r"配合|协助|协同单位|支持单位|参与单位|support")
COUNT_WORDS = re.compile(r"几|多少|数量|how many")
BOTH = re.compile(r"都|同时|共同|均|一起|一同|同为")
SAME_LEAD = re.compile(r"同一个|同一家|是否相同|是不是相同|一样吗|相同吗|是不是一样|是否一样")
TASK_NUMBER = re.compile(r"第\s*(\d{1,2})\s*(?:项|个任务|条)|任务\s*(\d{1,2})(?!\d)")
# Questions about what a unit does across the table, not about one task.
REVERSE = re.compile(
    r"(牵头|配合|负责|参与|承担)(了)?(哪些|哪几|几项|多少项|什么任务|的任务|的子项)|哪些(任务|子项|工作)"
    r"|几项|多少项|角色|扮演|子项有哪些|哪几项|负责什么|做什么|什么工作|哪些工作"
)
ROLE_IN_TASK = re.compile(r"角色|身份|是牵头还是配合|是配合还是牵头")
# what the table holds about a unit: its tasks, roles and duties (with REVERSE, ROLE_IN_TASK)
TABLE_ASKS = re.compile(r"任务|子项|工作|职责|分工|角色|身份|作用|参与|承担|负责|做什么|干什么|干啥|做啥|管什么|管哪|归谁|谁管|由谁|哪个部门|哪些部门|哪家单位|第\s*\d{1,2}\s*项"
                        r"|[一二三四五六七八九十]+项")
LISTING = re.compile(r"哪些|哪几|几项|多少项")
# "信息安全认证中心参与的那项任务由谁牵头": the task is named by a unit taking part in it
PARTICIPATED_TASK = re.compile(r"(?:参与|参加|所在|涉及|出现)(?:了)?的(?:那|这|该)?(?:一)?(?:项|个)?(?:任务|工作|子项)"
                              r"|(?P<role>牵头|配合)的(?:那|这|该)(?:一)?(?:项|个)(?:任务|工作|子项)")
# "X牵头哪些…": the subject before a role word.
SUBJECT_OF_ROLE = re.compile(
    r"^(?:请问|问一下)?(?P<subject>[\u4e00-\u9fffA-Za-z]{2,12}?)(?:在[^,,]{0,20}中)?(?:主要)?(?:牵头|配合|负责|参与|承担)"
)
QUESTION_WORDS = re.compile(r"哪|什么|谁|几|多少|任务|单位|部门|子项|工作")
# A unit-like word (a jieba token) the question may mention: "财务部", "质量中心" …
UNIT_SUFFIX = re.compile(r"(部|中心|协会|委员会|集团|办公室|研究所|司|局|署)$")
# A list longer than this (a library holding many plans' task tables) is cut, saying how many
# are left out: the full table is one click away, and a chat answer of 800 rows helps no one.
MAX_LISTED_TASKS = 50
NOT_UNITS = {"部门", "有关部门", "相关部门", "全部", "内部", "外部", "中心"}


@dataclass
class TableAnswer:
    """Statements, each citing task rows; the answerer numbers the citations."""

    statements: list[tuple[str, list[TaskRow]]] = field(default_factory=list)
    refusal: str | None = None  # set when the question names a unit the texts never name


def _only_units(q: str, units: list[str]) -> bool:
    """"注册部呢?": the question is little more than the units it names (two characters at most
    of anything else, particles aside), so it asks what they do."""
    rest = q
    for unit in units:
        rest = rest.replace(unit, "")
    return len(re.sub(r"[^\u4e00-\u9fff]|呢|吗|的|那|请问", "", rest)) <= 2


class DepartmentAnswerer:
    """Detects department questions and answers them from the task table."""

    def __init__(self, retriever: HybridRetriever, table: TaskTable) -> None:
        self.retriever = retriever
        self.table = table

    def unknown_unit(self, question: str) -> str | None:
        """A unit-like name asked about with a role word that no task names."""
        q = fold(question)
        if not (LEAD_WORDS.search(q) or SUPPORT_WORDS.search(q)):
            return None
        known = self.table.unit_names()
        for token in tokenize(q):
            named = len(token) >= 3 and UNIT_SUFFIX.search(token) and token not in NOT_UNITS
            if named and not any(token in k or k in token for k in known):
                return token
        return None

    def find_task(self, question: str) -> TaskRow | None:
        """The task a question is about, by hybrid search over the task clauses."""
        if not self.table.rows:
            return None
        query = fold(question)
        for unit in units_in(question, self.table):
            query = query.replace(unit, " ")
        query, taken = TASK_QUESTION_WORDS.subn(" ", query)
        if taken:  # the gaps, one space: both parts of "…有几个牵头单位?有没有配合单位?" look up the same words
            query = " ".join(query.split())
        rows_by_clause = self.table.by_clause
        # The task must be what the question is about across all documents, not merely the
        # closest task: "蓝鲸认证试点由哪个部门牵头?" is about another text.
        # A question that calls it a task ("服务贸易那项任务") is about a task whatever else
        # in the texts shares its words: the best task among the first few hits.
        # Not when it names something no clause does ("蓝鲸认证试点"): then it is another text's task.
        terms, idf = self.retriever.term_weights(query)
        unknown = [t for t in terms if len(t) > 1 and not idf.get(t)]
        said_task = bool(re.search(r"任务|子项", fold(question))) and not unknown
        hits = [h for h in self.retriever.search(query, k=5 if said_task else 1) if h.clause.id in rows_by_clause]
        if not hits or hits[0].coverage < 0.34:
            return None
        return rows_by_clause[hits[0].clause.id]

    def answer(self, question: str, asked: str = "") -> TableAnswer | None:
        """A table answer, or None when the question is not a department question. `asked` is
        the user's own words when `question` was completed from the conversation: only those
        can describe the task they number."""
        if not self.table.rows:
            return None
        question = resolve_described_unit(question, self.table, units_in, self.find_task)
        q = fold(question)
        lead_q, support_q = bool(LEAD_WORDS.search(q)), bool(SUPPORT_WORDS.search(q))
        units = units_in(question, self.table)
        if not units and not (lead_q or support_q):
            return None
        if (missing := self.unknown_unit(question)) and not units:
            return TableAnswer(refusal=missing)
        if (special := self._conditions(q, units)) is not None:
            return special
        subject = SUBJECT_OF_ROLE.search(q)
        named = subject.group("subject") if subject else ""
        if not units and named and not QUESTION_WORDS.search(named) and (REVERSE.search(q) or UNIT_SUFFIX.search(named)):
            # "市场监管总局牵头哪些任务?": asks what a unit does, and no unit of the table is named
            return TableAnswer(refusal=subject.group("subject"))
        if units and not (lead_q or support_q or _only_units(q, units) or TABLE_ASKS.search(q)):
            return None  # "中检集团拿到了哪些海外资质": a unit named, but not asked about its tasks
        if len(units) == 1 and (named := PARTICIPATED_TASK.search(q)):
            # "法律部牵头的那项任务": the tasks in that role; "参与的那项任务": in either
            lookups = {"牵头": (self.table.led_by,), "配合": (self.table.supported_by,)}.get(
                named.group("role") or "", (self.table.led_by, self.table.supported_by))
            held = {r.clause.id for lookup in lookups for r in lookup(units[0])}
            rows = [r for r in self.table.rows if r.clause.id in held]
            # its one task; a unit in several names none of them: its tasks are listed
            return self._task(q, rows[0], [], lead_q, support_q) if len(rows) == 1 else self._by_unit(q, units, False, False)
        if units and REVERSE.search(q) and not (ROLE_IN_TASK.search(q) and not LISTING.search(q)):
            # "认可部牵头哪些任务?": all of the unit's tasks, whatever task the words also match
            # (no task lookup: a search over the whole library that could not change the answer)
            return self._by_unit(q, units, lead_q, support_q)
        task, renumbered = named_task(q, question, self.table, self.retriever, self.find_task, fold(asked) if asked else q)
        # "X在服务贸易那项任务里是什么角色": one task's roles, not all of X's tasks
        reverse = units and REVERSE.search(q) and not (task is not None and ROLE_IN_TASK.search(q) and not LISTING.search(q))
        if units and (reverse or task is None):
            return self._by_unit(q, units, lead_q, support_q)
        if task is not None:
            answer = self._task(q, task, units, lead_q, support_q)
            answer.statements[:0] = [(renumbered, [task])] if renumbered else []
            return answer
        return None

    def _conditions(self, q: str, units: list[str]) -> TableAnswer | None:
        """Counts, negations and comparisons over the table (see `assistant.tasks.conditions`)."""
        if SUPPORT_NEVER_LEAD.search(q) and not units:
            leads = {fold(u) for r in self.table.rows for u in r.lead}
            only = [u for u in self.table.unit_names() if u not in leads and u not in GENERIC_UNITS
                    and any(u in (fold(x) for x in r.support) for r in self.table.rows)]
            rows = [r for r in self.table.rows if any(fold(x) in only for x in r.support)]
            return TableAnswer([(f"只作为配合单位、从不牵头的单位:{join_units(only) if only else '没有'}。", rows)])
        if LEAD_AND_SUPPORT.search(q) and not units:
            both = [u for u in self.table.unit_names()
                    if u not in GENERIC_UNITS and self.table.led_by(u) and self.table.supported_by(u)]
            return TableAnswer([(f"既作为牵头单位、又作为配合单位的单位:{join_units(both) if both else '没有'}。", [])])
        # "第3项只有国际部一家牵头吧": of a numbered task, the condition's words are a claim about it
        if not TASK_NUMBER.search(q) and (found := conditions(q, units)):
            said, rows, show_lead, show_support = rows_meeting(self.table.rows, found)
            return self._list(f"{said}的任务共{len(rows)}项", rows, show_lead=show_lead, show_support=show_support)
        if m := MOST_UNITS.search(q):
            role = m.group(1)
            most = max((len(named_units(r, role)) for r in self.table.rows), default=0)
            rows = [r for r in self.table.rows if most and len(named_units(r, role)) == most]
            return self._list(f"{role}单位最多的任务({most}个)共{len(rows)}项", rows, show_lead=True, show_support=True)
        if SAME_LEAD.search(q):
            return self._same_lead(q)
        return None

    def _same_lead(self, q: str) -> TableAnswer | None:
        """"Do task A and task B have the same lead?": both rows, then yes or no."""
        numbered = [r for r in self.table.rows if r.task.task_no in {int(a or b) for a, b in TASK_NUMBER.findall(q)}]
        rest = SAME_LEAD.sub(" ", TASK_NUMBER.sub(" ", q))
        found = self.find_task(rest) if len(numbered) < 2 else None
        rows = list({r.clause.id: r for r in [*numbered, *([found] if found else [])]}.values())
        if len(rows) != 2:
            return None
        same = {fold(u) for u in rows[0].lead} == {fold(u) for u in rows[1].lead}
        verdict = f"两项的牵头单位相同,都是{join_units(rows[0].lead)}。" if same else "两项的牵头单位不同。"
        return TableAnswer([(f"{task_label(r)}的牵头单位为{join_units(r.lead)}", [r]) for r in rows] + [(verdict, [])])

    # --- answers ---------------------------------------------------------------------------------
    def _list(self, heading: str, rows: list[TaskRow], show_lead: bool = False, show_support: bool = False) -> TableAnswer:
        out = TableAnswer([(f"{heading}:", [])])
        for row in rows[:MAX_LISTED_TASKS]:
            extra = f"(牵头单位:{join_units(row.lead)})" if show_lead else ""
            extra += f"(配合单位:{join_units(row.support)})" if show_support else ""
            out.statements.append((f"{task_label(row)}{extra}", [row]))
        if len(rows) > MAX_LISTED_TASKS:
            out.statements.append((f"(其余{len(rows) - MAX_LISTED_TASKS}项未列出,完整清单见“任务分工”页)", []))
        return out

    def _by_unit(self, q: str, units: list[str], lead_q: bool, support_q: bool) -> TableAnswer:
        roles = []
        if lead_q or not support_q:
            roles.append(("牵头", self.table.led_by))
        if support_q or not lead_q:
            roles.append(("配合", self.table.supported_by))
        out = TableAnswer()
        for role, lookup in roles:
            if len(units) >= 2 and BOTH.search(q):
                sets = [{r.clause.id for r in lookup(u)} for u in units]
                common = set.intersection(*sets)
                rows = [r for r in self.table.rows if r.clause.id in common]
                who = "和".join(units)
                out.statements.append((f"{who}都作为{role}单位的任务共{len(rows)}项:" if rows else f"没有{who}都作为{role}单位的任务。", []))
                out.statements.extend((task_label(r), [r]) for r in rows)
                continue
            for unit in units:
                if (stated := stated_role(q, unit)) and stated != role and len(units) >= 2:
                    continue  # "国际部牵头哪些、注册部配合哪些": each unit in its own role
                rows = lookup(unit)
                if not rows:
                    out.statements.append((f"任务分工中没有由{unit}{role}的任务。", []))
                    continue
                out.statements.append((f"{unit}{role}的任务共{len(rows)}项:", []))
                out.statements.extend((task_label(r), [r]) for r in rows)
        if len(units) == 1 and len(roles) == 2 and COUNT_WORDS.search(q):
            # "研究所参与了几项任务": a count over both roles is their sum, said first
            led, supported = self.table.led_by(units[0]), self.table.supported_by(units[0])
            total = len({r.clause.id for r in led + supported})
            out.statements.insert(0, (f"{units[0]}参与的任务共{total}项(牵头{len(led)}项,配合{len(supported)}项)。", []))
        return out

    def _task(self, q: str, row: TaskRow, units: list[str], lead_q: bool, support_q: bool) -> TableAnswer:
        label = task_label(row)
        out = TableAnswer()
        # a premise that gives a unit the wrong role, or the role the wrong units, is corrected
        corrections, lead_q, support_q = row_corrections(q, row, units, lead_q, support_q)
        out.statements += [(text, [row]) for text in corrections]
        if out.statements:
            return out
        count = bool(COUNT_WORDS.search(q))
        lead_text = f"牵头单位共{len(row.lead)}个:{join_units(row.lead)}" if count else f"牵头单位为{join_units(row.lead)}"
        if row.support:
            more = "等" if row.task.support_open_ended else ""
            support_text = (
                f"配合单位共{len(row.support)}个:{join_units(row.support)}{more}" if count else f"配合单位为{join_units(row.support)}{more}"
            )
        else:
            support_text = "没有列出配合单位(未列配合单位)"
        if support_q and not lead_q and not row.support:
            out.statements.append((f"{label}没有列出配合单位(未列配合单位),只列了牵头单位:{join_units(row.lead)}。", [row]))
        elif support_q and not lead_q:
            out.statements.append((f"{label}的{support_text};{lead_text}。", [row]))
        else:
            out.statements.append((f"{label}的{lead_text};{support_text}。", [row]))
        return out

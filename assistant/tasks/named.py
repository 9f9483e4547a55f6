"""The task a question names: by its number, by its name, or both, and which one to believe.

"第8项“加强绿色产品认证领域合作”" and "国别研究是任务2吧" give a number and a name that belong to
two tasks: the name says what is meant, the number is the premise, and the answer corrects it.
A name is quoted, or described in the question's own words when those words are mostly the
named task's and their most specific word is not the numbered one's.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.core.followup import names_a_topic
from assistant.core.query import item_refs
from assistant.core.retriever import HybridRetriever
from assistant.tasks.table import TaskRow, TaskTable
from text.fold import fold

# What a department question asks, not what its task is about: taken out of the task lookup,
# with the sentence marks and spaces beside them (left in, "…一共  ?" and "…一共  ?   ?" are
# two lookups, two embeddings)
TASK_QUESTION_WORDS = re.compile(
    r"[\s?？!！,，。;；:：、]*(?:牵头单位|配合单位|牵头|配合|单位|部门|哪个|哪些|谁|是什么|有没有|有几个|几个|这项任务|那项任务|任务"
    r"|角色|身份|扮演|还是|[这那]项|[这那]块)[\s?？!！,，。;；:：、]*"
)
QUOTED_NAME = re.compile(r"[“\"「『]([^”\"」』]{4,40})[”\"」』]")
DESCRIBED = 0.5  # the share of its weighted words a description must find in the task it names


def numbered_task(q: str, table: TaskTable) -> TaskRow | None:
    """The row a question names by number ("第7项", "任务7"), when exactly one is named."""
    # "第7项", "任务7", "第十四项": the table's numbering (not "(十四)", another text's items,
    # nor "第五部分" or "第六大项", a document's chapters)
    numbers = {r.number for r in item_refs(q) if not r.written.startswith(("(", "(")) and not r.written.endswith(("部分", "章", "大项"))}
    rows = [r for r in table.rows if r.task.task_no in numbers]
    return rows[0] if len(numbers) == 1 and len(rows) == 1 else None


def named_task(q: str, question: str, table: TaskTable, retriever: HybridRetriever,
               find_task: Callable[[str], TaskRow | None], asked: str) -> tuple[TaskRow | None, str]:
    """The task asked about, and a correction when the question's number and name disagree;
    a description is read from `asked`, the user's own words, when they number the task."""
    numbered = numbered_task(q, table)
    if numbered is None:
        return find_task(question), ""
    quoted = QUOTED_NAME.search(q)
    if quoted is not None and quoted.group(1) not in fold(numbered.task.task_name):
        named = [r for r in table.rows if quoted.group(1) in fold(r.task.task_name)]
        row = named[0] if len(named) == 1 else None
    elif quoted is None and numbered_task(asked, table) is numbered:
        row = _described(asked, numbered, retriever, find_task)
    else:
        row = None
    if row is None or row is numbered:
        return numbered, ""
    return row, f"需要更正:“{row.task.task_name}”是第{row.task.task_no}项,不是第{numbered.task.task_no}项。"


def _described(q: str, numbered: TaskRow, retriever: HybridRetriever,
               find_task: Callable[[str], TaskRow | None]) -> TaskRow | None:
    """The task the question's words describe, when they describe one other than the numbered:
    most of their weighted words and their most specific word are its, and that word is not
    the numbered task's."""
    described = q
    for ref in item_refs(q):
        described = described.replace(ref.written, " ")
    described = TASK_QUESTION_WORDS.sub(" ", described)
    if not names_a_topic(described) or (row := find_task(described)) is None or row is numbered:
        return None
    # the description's most specific word (highest idf) names the task: the described one holds
    # it, the numbered one not ("国别研究…任务2": task 2 researches too, but no 国别)
    terms, idf = retriever.term_weights(described)
    key = fold(max(terms, key=lambda t: (idf.get(t, 0.0), len(t)), default=""))
    if key and retriever.coverage(described, row.clause) >= DESCRIBED and key in fold(row.clause.text) and key not in fold(numbered.clause.text):
        return row
    return None

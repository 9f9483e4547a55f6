"""The task table (任务分工): numbered tasks with their lead and support units.

Built from the task clauses' extracted units, it answers department questions exactly:
who leads or supports a task, what a unit leads or supports, counts and sets.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.model import Clause, Task
from text.fold import fold

# Units named generically rather than by name: "the relevant offices".
GENERIC_UNITS = ("有关部室", "各有关部室", "相关部门", "有关部门", "有关单位")


@dataclass
class TaskRow:
    """A task with its clause, for answering and citing."""

    task: Task
    clause: Clause

    @property
    def lead(self) -> list[str]:
        return self.task.lead_units

    @property
    def support(self) -> list[str]:
        return self.task.support_units


class TaskTable:
    """All tasks of all documents, with lookups by unit (folded names)."""

    def __init__(self, rows: list[TaskRow]) -> None:
        self.rows = rows

    @classmethod
    def from_clauses(cls, clauses: list[Clause]) -> TaskTable:
        rows = [TaskRow(Task.from_clause(c), c) for c in clauses if c.is_task]
        rows.sort(key=lambda r: (r.task.doc, r.task.task_no))
        return cls(rows)

    def unit_names(self) -> list[str]:
        """Every unit name as written, folded, de-duplicated."""
        seen: dict[str, None] = {}
        for row in self.rows:
            for unit in row.lead + row.support:
                seen.setdefault(fold(unit), None)
        return list(seen)

    def docs(self) -> list[str]:
        return sorted({r.task.doc for r in self.rows})

    def led_by(self, unit: str) -> list[TaskRow]:
        u = fold(unit)
        return [r for r in self.rows if u in (fold(x) for x in r.lead)]

    def supported_by(self, unit: str) -> list[TaskRow]:
        u = fold(unit)
        return [r for r in self.rows if u in (fold(x) for x in r.support)]

    def to_records(self) -> list[dict]:
        """Rows as plain dicts (UI table, HTTP API)."""
        return [
            {
                **r.task.to_dict(),
                "title": r.clause.title,
                "text": r.clause.text,
            }
            for r in self.rows
        ]

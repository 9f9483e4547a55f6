"""The task table (任务分工): numbered tasks with their lead and support units.

Built from the task clauses' extracted units, it answers department questions exactly:
who leads or supports a task, what a unit leads or supports, counts and sets.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

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

    @cached_property
    def by_clause(self) -> dict[str, TaskRow]:
        """Clause id -> its task row (made once: a pass over every row per question adds up)."""
        return {r.clause.id: r for r in self.rows}

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


class SnapshotTasks(TaskTable):
    """The task table of one index snapshot, its lookups made once: an answer asks for the unit
    names several times, and each pass over every row cost ~4 ms at 100x the bundled corpus."""

    @classmethod
    def of(cls, clauses: list[Clause]) -> SnapshotTasks:
        """The table a snapshot carries (`vectorstore.snapshot.Index(settings, tasks=SnapshotTasks.of)`)."""
        return cls(TaskTable.from_clauses(clauses).rows)

    @cached_property
    def _unit_names(self) -> tuple[str, ...]:
        return tuple(super().unit_names())

    def unit_names(self) -> list[str]:
        return list(self._unit_names)

    @cached_property
    def _by_unit(self) -> tuple[dict[str, list[TaskRow]], dict[str, list[TaskRow]]]:
        """Folded unit -> the rows it leads, and the rows it supports, in table order."""
        lead: dict[str, list[TaskRow]] = {}
        support: dict[str, list[TaskRow]] = {}
        for row in self.rows:
            for found, units in ((lead, row.lead), (support, row.support)):
                for unit in dict.fromkeys(fold(x) for x in units):
                    found.setdefault(unit, []).append(row)
        return lead, support

    def led_by(self, unit: str) -> list[TaskRow]:
        return list(self._by_unit[0].get(fold(unit), ()))

    def supported_by(self, unit: str) -> list[TaskRow]:
        return list(self._by_unit[1].get(fold(unit), ()))

"""The responsibility matrix (责任矩阵): units x tasks, 牵头 or 配合 in each cell, and the task
table's files (`.xlsx` with a matrix sheet and a table sheet, `.csv`, `.json`).

Works on the rows of `Assistant.tasks()` (dicts with doc, task_no, task_name, lead_units,
support_units, support_open_ended, clause_id, clause, title, text).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

from text.fold import fold

LEAD = "牵头"
SUPPORT = "配合"
MATRIX_SHEET = "责任矩阵"
TABLE_SHEET = "任务分工"
TABLE_HEADERS = ["文档", "标题", "序号", "任务", "牵头单位", "配合单位", "条款编号", "条款"]
TASK_FORMATS = ("xlsx", "csv", "json")
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class ResponsibilityMatrix:
    """Units (as written, first spelling seen) by tasks; `roles[(unit, column)]` is 牵头 or 配合."""

    tasks: list[dict[str, Any]]
    units: list[str]
    roles: dict[tuple[str, int], str] = field(default_factory=dict)

    def role(self, unit: str, column: int) -> str:
        """牵头, 配合 or "" for a unit and a task column."""
        return self.roles.get((unit, column), "")

    def task_label(self, column: int) -> str:
        """A column's heading: number and name, prefixed by the document when there are several."""
        task = self.tasks[column]
        several_docs = len({t["doc"] for t in self.tasks}) > 1
        prefix = f"{task['doc'][:3]}-" if several_docs else ""
        return f"{prefix}{task['task_no']} {task['task_name']}"


def support_text(row: dict[str, Any]) -> str:
    """The support units joined, with 等 kept when the document's list ended in it."""
    text = "、".join(row["support_units"])
    return text + "等" if text and row.get("support_open_ended") else text


def build_matrix(rows: list[dict[str, Any]]) -> ResponsibilityMatrix:
    """The matrix of the task rows; units merge across scripts (國際部 = 国际部).

    Units come most involved first (leads, then all roles), ties in order of first mention,
    so the busy units are at the top of the picture.
    """
    spelling: dict[str, str] = {}  # folded name -> the first spelling seen
    first_seen: dict[str, int] = {}
    roles: dict[tuple[str, int], str] = {}
    for column, row in enumerate(rows):
        for role, units in ((LEAD, row["lead_units"]), (SUPPORT, row["support_units"])):
            for unit in units:
                key = fold(unit)
                spelling.setdefault(key, unit)
                first_seen.setdefault(key, len(first_seen))
                # a unit named both lead and support of one task leads it
                if roles.get((spelling[key], column)) != LEAD:
                    roles[(spelling[key], column)] = role

    def involvement(key: str) -> tuple[int, int, int]:
        unit = spelling[key]
        leads = sum(1 for (u, _), r in roles.items() if u == unit and r == LEAD)
        total = sum(1 for (u, _) in roles if u == unit)
        return (-leads, -total, first_seen[key])

    units = [spelling[key] for key in sorted(spelling, key=involvement)]
    return ResponsibilityMatrix(tasks=list(rows), units=units, roles=roles)


def table_rows(rows: list[dict[str, Any]]) -> list[list[Any]]:
    """The task table as cells under `TABLE_HEADERS`."""
    return [
        [r["doc"], r.get("title", ""), r["task_no"], r["task_name"], "、".join(r["lead_units"]),
         support_text(r), r["clause_id"], r["clause"]]
        for r in rows
    ]


def tasks_csv(rows: list[dict[str, Any]]) -> str:
    """The task table as CSV text (UTF-8; callers write it with a BOM for spreadsheet programs)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(TABLE_HEADERS)
    writer.writerows(table_rows(rows))
    return out.getvalue()


def tasks_json(rows: list[dict[str, Any]]) -> str:
    """The task rows as a JSON list."""
    return json.dumps(rows, ensure_ascii=False, indent=1)


def tasks_xlsx(rows: list[dict[str, Any]]) -> bytes:
    """A workbook: sheet 责任矩阵 (units x tasks) and sheet 任务分工 (the table)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    matrix = build_matrix(rows)
    book = Workbook()
    sheet = book.active
    sheet.title = MATRIX_SHEET
    fills = {LEAD: PatternFill("solid", fgColor="1F4E79"), SUPPORT: PatternFill("solid", fgColor="BDD7EE")}
    fonts = {LEAD: Font(bold=True, color="FFFFFF"), SUPPORT: Font(color="1F4E79")}
    sheet.append(["单位 \\ 任务", *(matrix.task_label(c) for c in range(len(matrix.tasks))), "牵头数", "配合数"])
    for unit in matrix.units:
        cells = [matrix.role(unit, c) for c in range(len(matrix.tasks))]
        sheet.append([unit, *cells, cells.count(LEAD), cells.count(SUPPORT)])
    for row in sheet.iter_rows(min_row=2, min_col=2, max_col=len(matrix.tasks) + 1):
        for cell in row:
            if cell.value in fills:
                cell.fill, cell.font = fills[cell.value], fonts[cell.value]
                cell.alignment = Alignment(horizontal="center")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 24
    sheet.freeze_panes = "B2"

    table = book.create_sheet(TABLE_SHEET)
    table.append(TABLE_HEADERS)
    for values in table_rows(rows):
        table.append(values)
    for cell in table[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEFGH", (24, 30, 6, 40, 36, 40, 22, 50)):
        table.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def tasks_file(rows: list[dict[str, Any]], fmt: str) -> bytes:
    """The task table in a format of `TASK_FORMATS`, as the bytes of a file."""
    if fmt == "xlsx":
        return tasks_xlsx(rows)
    if fmt == "csv":
        return ("\ufeff" + tasks_csv(rows)).encode("utf-8")  # BOM: Excel then reads UTF-8
    if fmt == "json":
        return tasks_json(rows).encode("utf-8")
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(TASK_FORMATS)}")

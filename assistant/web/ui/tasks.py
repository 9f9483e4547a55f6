"""The 任务分工 tab: the task table, filtered by unit and role, searchable, with the clause below."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import gradio as gr

from assistant.api import Assistant, fold, fold_loose
from assistant.web.ui import render
from assistant.web.ui.wiring import Refresh

ALL_UNITS = "全部单位"
ROLES = ["牵头或配合", "牵头", "配合"]
HEADERS = ["文档", "序号", "任务", "牵头单位", "配合单位"]
TITLE_CHARS = 18


def unit_choices(rows: list[dict[str, Any]]) -> list[str]:
    """Every unit named in the table, in Simplified script (as the page is), once each, sorted.

    Documents write 國際部 or 国际部; the filter folds both, so the list shows one spelling.
    """
    names = {fold(unit) for row in rows for unit in [*row["lead_units"], *row["support_units"]]}
    return [ALL_UNITS, *sorted(names)]


def filter_rows(rows: list[dict[str, Any]], unit: str | None, role: str, query: str) -> list[dict[str, Any]]:
    """Rows where the unit has the role (any unit for 全部单位) and the query occurs anywhere.

    Names and the query are folded, so 国际部 finds 國際部 and full-width text matches.
    """
    wanted = fold(unit) if unit and unit != ALL_UNITS else None
    needle = fold_loose(query or "")
    out = []
    for row in rows:
        if wanted:
            lead = wanted in (fold(u) for u in row["lead_units"])
            support = wanted in (fold(u) for u in row["support_units"])
            if not {"牵头": lead, "配合": support}.get(role, lead or support):
                continue
        if needle:
            haystack = fold_loose(
                " ".join([row["task_name"], row.get("title", ""), row.get("text", ""),
                          *row["lead_units"], *row["support_units"]])
            )
            if needle not in haystack:
                continue
        out.append(row)
    return out


def table_values(rows: list[dict[str, Any]]) -> list[list[Any]]:
    """The visible cells of the rows."""
    def short(title: str) -> str:
        return title if len(title) <= TITLE_CHARS else title[:TITLE_CHARS] + "…"

    return [
        [short(r.get("title") or r["doc"]), r["task_no"], r["task_name"],
         "、".join(r["lead_units"]), "、".join(r["support_units"]) or "—"]
        for r in rows
    ]


def _same_task(values: list[Any], row: dict[str, Any]) -> bool:
    # The number may come back from the page as 8, 8.0 or "8".
    number = str(values[1]).removesuffix(".0")
    return number == str(row["task_no"]) and values[2] == row["task_name"]


@dataclass
class TasksView:
    """The task tab's components, for the event handlers to read and update."""

    shown: gr.State
    unit: gr.Dropdown
    role: gr.Radio
    query: gr.Textbox
    count: gr.Markdown
    table: gr.Dataframe
    detail: gr.HTML


def _layout() -> TasksView:
    """Render the tab's components into the current Blocks context."""
    shown = gr.State([])  # the rows currently displayed, to map a clicked row back to its task
    with gr.Row():
        unit = gr.Dropdown([ALL_UNITS], value=ALL_UNITS, label="按单位筛选", scale=2, elem_id="task-unit")
        role = gr.Radio(ROLES, value=ROLES[0], label="角色", scale=2, elem_id="task-role")
        query = gr.Textbox(label="搜索", placeholder="任务名称、单位或条款文字", scale=3, elem_id="task-query")
    count = gr.Markdown("", elem_id="task-count")
    table = gr.Dataframe(
        headers=HEADERS,
        datatype=["str", "number", "str", "str", "str"],
        interactive=False,
        wrap=True,
        max_height=420,
        column_widths=["18%", "6%", "30%", "22%", "24%"],
        elem_id="task-table",
    )
    detail = gr.HTML(render.task_clause_html(None), elem_id="task-clause")
    return TasksView(shown, unit, role, query, count, table, detail)


def _loader(assistant: Assistant) -> Callable[[str | None, str, str], tuple]:
    """The handler that reads the task table and shows the rows the filters pick."""

    def load(unit_value: str | None, role_value: str, query_value: str):
        try:
            rows = assistant.tasks()
        except Exception as err:  # an empty index: say so in the table's place
            return gr.update(), [], [], f"任务表不可用:{err}", render.task_clause_html(None)
        choices = unit_choices(rows)
        if unit_value not in choices:
            unit_value = ALL_UNITS
        picked = filter_rows(rows, unit_value, role_value, query_value)
        note = f"共 {len(picked)} 项任务(全部 {len(rows)} 项)。点击一行查看条款原文。"
        return (
            gr.update(choices=choices, value=unit_value),
            table_values(picked),
            picked,
            note,
            render.task_clause_html(None),
        )

    return load


def _open_row(shown_rows: list[dict], query_value: str, data: gr.SelectData):
    """The clause of the clicked row, with what the search matched marked."""
    index = data.index[0] if isinstance(data.index, list | tuple) else data.index
    row = None
    # The clicked row's own cells identify it even if the user sorted the table in the page.
    values = data.row_value or []
    for candidate in shown_rows:
        if len(values) >= 3 and _same_task(values, candidate):
            row = candidate
            break
    if row is None and isinstance(index, int) and 0 <= index < len(shown_rows):
        row = shown_rows[index]
    # Mark what the search matched: the query as a whole (the filter is a substring match).
    terms = [fold(query_value).lower()] if query_value and query_value.strip() else []
    return render.task_clause_html(row, terms)


def build_tasks_tab(assistant: Assistant) -> Refresh:
    """Render the task-table tab into the current Blocks context and wire its events.

    Returns how to reload it: the app calls that when the page loads and the tab is opened,
    since documents may have been added or removed meanwhile.
    """
    view = _layout()
    load = _loader(assistant)
    outputs = [view.unit, view.table, view.shown, view.count, view.detail]
    inputs = [view.unit, view.role, view.query]
    # `.input`, not `.change`: load() itself sets the dropdown, which must not re-trigger it.
    view.unit.input(load, inputs, outputs, api_name=False)
    view.role.input(load, inputs, outputs, api_name=False)
    view.query.submit(load, inputs, outputs, api_name=False)
    # `.change`, not `.input`: typed CJK text (IME commits) does not always fire `input`; only the
    # user sets this box, so change events are typing too. always_last: skip stale keystrokes.
    view.query.change(load, inputs, outputs, api_name=False, trigger_mode="always_last", show_progress="hidden")
    view.table.select(_open_row, [view.shown, view.query], [view.detail], api_name=False)
    return Refresh(load, inputs, outputs)

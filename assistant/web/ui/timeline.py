"""The 目标时间线 tab: dated targets as a timeline picture (years across, documents as lanes,
numbered markers; a click on a marker opens its clause) and a filterable list."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.api import Assistant
from assistant.web.ui.feature_render import clause_card_html, target_rows
from assistant.web.ui.wiring import Refresh

log = logging.getLogger(__name__)

ALL = "全部"
HEADERS = ["编号", "年份", "时间", "目标", "文件", "条款"]
CLICK_RADIUS = 16  # pixels around a marker's centre that count as clicking it


def nearest_marker(markers: list[dict[str, float]], x: float, y: float) -> int | None:
    """The index of the marker drawn at (x, y), within `CLICK_RADIUS` pixels; None for a miss."""
    best = min(markers, key=lambda m: (m["x"] - x) ** 2 + (m["y"] - y) ** 2, default=None)
    if best is None or (best["x"] - x) ** 2 + (best["y"] - y) ** 2 > CLICK_RADIUS**2:
        return None
    return int(best["index"])


def build_timeline_tab(assistant: Assistant) -> Refresh:
    """Render the timeline tab into the current Blocks context; returns how to reload it."""
    folder = Path(tempfile.mkdtemp(prefix="policy-timeline-"))
    shown = gr.State({"targets": [], "markers": []})
    drawn: dict[tuple[str, str, str], tuple[Path, list[dict[str, float]]]] = {}
    with gr.Row():
        year = gr.Dropdown([ALL], value=ALL, label="年份", scale=1, elem_id="tl-year")
        doc = gr.Dropdown([(ALL, ALL)], value=ALL, label="文件", scale=3, elem_id="tl-doc")
    picture = gr.Image(type="filepath", interactive=False, label="目标时间线(点击圆点编号查看条款)",
                       elem_id="tl-picture", buttons=["download"])
    count = gr.Markdown("", elem_id="tl-count")
    table = gr.Dataframe(headers=HEADERS, datatype=["number", "number", "str", "str", "str", "str"],
                         interactive=False, wrap=True, max_height=360,
                         column_widths=["6%", "7%", "10%", "47%", "18%", "12%"], elem_id="tl-table")
    detail = gr.HTML(clause_card_html(None), elem_id="tl-clause")

    def load(year_value: str | None, doc_value: str | None):
        try:
            every = assistant.targets()
        except Exception as err:  # an empty index: say so where the list would be
            return gr.update(), gr.update(), None, f"目标时间线不可用:{err}", [], {"targets": [], "markers": []}
        years = [ALL, *sorted({str(t.year) for t in every})]
        docs = [(ALL, ALL), *sorted({(t.title or t.doc, t.doc) for t in every}, key=lambda d: d[1])]
        year_value = year_value if year_value in years else ALL
        doc_value = doc_value if doc_value in [d[1] for d in docs] else ALL
        picked = [t for t in every if (year_value == ALL or str(t.year) == year_value)
                  and (doc_value == ALL or t.doc == doc_value)]
        key = (assistant.index_version(), year_value, doc_value)
        if key not in drawn and picked:  # drawn once per index version and filter
            path = folder / f"timeline-{len(drawn)}.png"
            drawn[key] = (path, [vars(h) for h in assistant.timeline_picture(path, picked)])
        path, markers = drawn.get(key, (None, []))
        note = f"共 {len(picked)} 项有明确年份的目标(全部 {len(every)} 项)。没有写明年份的目标不列入。"
        return (gr.update(choices=years, value=year_value), gr.update(choices=docs, value=doc_value),
                str(path) if path else None, note, target_rows(picked),
                {"targets": [t.clause_id for t in picked], "markers": markers})

    outputs = [year, doc, picture, count, table, shown]
    year.input(load, [year, doc], outputs, api_name=False)
    doc.input(load, [year, doc], outputs, api_name=False)

    def open_number(state: dict[str, Any], number: int | None) -> str:
        if number is None or not 0 <= number < len(state["targets"]):
            return clause_card_html(None, empty="没有点中目标:请点击图中的圆点编号。")
        clause = assistant.clause(state["targets"][number])
        return clause_card_html(clause, heading=f"目标 {number + 1}")

    def click_picture(state: dict[str, Any], data: gr.SelectData) -> str:
        x, y = data.index if isinstance(data.index, list | tuple) else (None, None)
        number = nearest_marker(state["markers"], x, y) if x is not None else None
        return open_number(state, number)

    def click_row(state: dict[str, Any], data: gr.SelectData) -> str:
        values = data.row_value or []
        number = int(float(values[0])) - 1 if values else None  # the list's own number, even if sorted
        return open_number(state, number)

    picture.select(click_picture, [shown], [detail], api_name=False)
    table.select(click_row, [shown], [detail], api_name=False)
    return Refresh(load, [year, doc], outputs)

"""The responsibility matrix in the 任务分工 tab: units x tasks as a picture, and the table as
`.xlsx` (sheets 责任矩阵 and 任务分工) or `.csv` to download."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

import gradio as gr

from assistant.api import Assistant
from assistant.web.ui.wiring import Refresh

log = logging.getLogger(__name__)


def build_matrix_panel(assistant: Assistant) -> Refresh:
    """Render the matrix panel into the current layout; returns how to reload it."""
    folder = Path(tempfile.mkdtemp(prefix="policy-matrix-"))
    with gr.Accordion("责任矩阵(单位 × 任务,深色为牵头,浅色为配合)", open=True):
        note = gr.Markdown("", elem_id="matrix-note")
        picture = gr.Image(type="filepath", interactive=False, show_label=False, elem_id="matrix-picture",
                           buttons=["download"])
        with gr.Row():
            xlsx = gr.DownloadButton("下载 Excel(责任矩阵 + 任务分工)", elem_id="matrix-xlsx")
            csv = gr.DownloadButton("下载 CSV(任务分工)", elem_id="matrix-csv")

    drawn: dict[str, tuple] = {}  # index version -> what load() returned: redrawn only on change

    def load():
        try:
            version = assistant.index_version()
            if version in drawn:
                return drawn[version]
            matrix = assistant.tasks_matrix()
            png = assistant.matrix_picture(folder / "责任矩阵.png")
            (folder / "任务分工.xlsx").write_bytes(assistant.tasks_file("xlsx"))
            (folder / "任务分工.csv").write_bytes(assistant.tasks_file("csv"))
        except Exception as err:  # an empty index: say so in the panel
            log.exception("matrix failed")
            return f"责任矩阵不可用:{err}", None, None, None
        text = f"{len(matrix.units)} 个单位 × {len(matrix.tasks)} 项任务。"
        drawn.clear()
        drawn[version] = (text, str(png), str(folder / "任务分工.xlsx"), str(folder / "任务分工.csv"))
        return drawn[version]

    return Refresh(load, [], [note, picture, xlsx, csv])

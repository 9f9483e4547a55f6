"""文件对比 in the 文档 tab: pick two documents and see A's clauses beside their closest clause
of B (similarity shown, rows without a clear counterpart marked), then B's new clauses."""

from __future__ import annotations

import logging

import gradio as gr

from assistant.api import Assistant
from assistant.web.ui import render
from assistant.web.ui.feature_render import comparison_html
from assistant.web.ui.wiring import Refresh

log = logging.getLogger(__name__)

HINT = "<p class='src-empty'>选择两个文件后点「对比」:左列是 A 的每一条,右列是 B 中最接近的一条。</p>"
# The obvious first use: the 2016-2018 three-year plan against the 2024-2030 action plan.
DEFAULT_PAIR = ("000", "001")


def build_compare_panel(assistant: Assistant) -> Refresh:
    """Render the comparison panel into the current layout; returns how to reload its pickers."""
    with gr.Accordion("文件对比(逐条对齐两个文件)", open=True):
        with gr.Row():
            doc_a = gr.Dropdown([], label="文件 A(如 2016-2018 三年计划)", scale=3, elem_id="cmp-a")
            doc_b = gr.Dropdown([], label="文件 B(如 2024-2030 行动方案)", scale=3, elem_id="cmp-b")
            run = gr.Button("对比", variant="primary", scale=1, elem_id="cmp-run")
        status = gr.Markdown("", elem_id="cmp-status")
        view = gr.HTML(HINT, elem_id="cmp-view")

    def pickers(a_value: str | None, b_value: str | None):
        try:
            docs = assistant.documents()
        except Exception as err:
            return gr.update(choices=[]), gr.update(choices=[]), f"文档列表不可用:{err}"
        choices = [(f"{d.get('title') or d['doc']}({d['doc'][:3]})", d["doc"]) for d in docs]
        ids = [d["doc"] for d in docs]

        def keep(value: str | None, prefix: str) -> str | None:
            return value if value in ids else next((i for i in ids if i.startswith(prefix)), None)

        return (gr.update(choices=choices, value=keep(a_value, DEFAULT_PAIR[0])),
                gr.update(choices=choices, value=keep(b_value, DEFAULT_PAIR[1])), "")

    def compare(a_value: str | None, b_value: str | None, progress=gr.Progress()):  # noqa: B008
        if not a_value or not b_value:
            return "请先选择两个文件。", HINT
        if a_value == b_value:
            return "请选择两个不同的文件。", HINT
        progress(0.1, desc="正在逐条检索对应条款(约十秒)")
        try:
            data = assistant.compare(a_value, b_value).to_json()
        except Exception as err:
            log.exception("comparison failed")
            return f"❌ 无法对比:{render.md_escape(str(err))}", HINT
        return "", comparison_html(data)

    # its own queue group: ~60 searches must not hold a chat worker
    run.click(compare, [doc_a, doc_b], [status, view], api_name=False,
              concurrency_id="compare", concurrency_limit=1)
    return Refresh(pickers, [doc_a, doc_b], [doc_a, doc_b, status])

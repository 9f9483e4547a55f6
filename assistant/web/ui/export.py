"""Export buttons under the chat: the selected answer (the latest, or the one clicked) and the
whole conversation, as Word or Markdown, each with its cited clauses in full."""

from __future__ import annotations

import logging
import tempfile
import uuid
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.api import Assistant
from assistant.web.ui import render

log = logging.getLogger(__name__)


def answered(turns: list[dict[str, Any]]) -> list[int]:
    """Indexes of the turns that got an answer (failed turns have none to export)."""
    return [i for i, turn in enumerate(turns) if turn.get("answer")]


def build_export_panel(assistant: Assistant, chatbot: gr.Chatbot, turns: gr.State) -> None:
    """Render the export row into the current layout and keep its files in step with the chat."""
    folder = Path(tempfile.mkdtemp(prefix="policy-export-"))
    with gr.Group():
        label = gr.Markdown("导出:暂无回答", elem_id="export-label")
        with gr.Row():
            one_docx = gr.DownloadButton("此回答 Word", visible=False, size="sm", elem_id="export-answer-docx")
            one_md = gr.DownloadButton("此回答 Markdown", visible=False, size="sm", elem_id="export-answer-md")
            all_docx = gr.DownloadButton("整个对话 Word", visible=False, size="sm", elem_id="export-chat-docx")
            all_md = gr.DownloadButton("整个对话 Markdown", visible=False, size="sm", elem_id="export-chat-md")
    outputs = [label, one_docx, one_md, all_docx, all_md]

    def files(turns_value: list[dict[str, Any]], selected: int | None):
        indexes = answered(turns_value)
        if not indexes:
            hidden = gr.update(visible=False, value=None)
            return "导出:暂无回答", hidden, hidden, hidden, hidden
        chosen = selected if selected in indexes else indexes[-1]
        answers = {i: render.answer_from_json(turns_value[i]["answer"]) for i in indexes}
        stem = folder / uuid.uuid4().hex[:8]
        stem.mkdir()
        paths = []
        for name, picked in ((f"回答{chosen + 1}", [answers[chosen]]), ("对话", list(answers.values()))):
            for fmt in ("docx", "md"):
                path = stem / f"{name}.{fmt}"
                path.write_bytes(assistant.export_answers(picked, fmt))
                paths.append(gr.update(visible=True, value=str(path)))
        question = turns_value[chosen]["question"]
        short = question if len(question) <= 24 else question[:24] + "…"
        note = f"导出:第 {chosen + 1} 个问题「{short}」(点击对话中的回答可换成那一条),或整个对话 {len(indexes)} 问"
        return (render.md_escape(note), *paths)

    def on_turns(turns_value: list[dict[str, Any]]):
        return files(turns_value or [], None)

    def on_select(turns_value: list[dict[str, Any]], data: gr.SelectData):
        index = data.index if isinstance(data.index, int) else data.index[0]
        return files(turns_value or [], index // 2)  # two messages per turn

    turns.change(on_turns, [turns], outputs, api_name=False, show_progress="hidden")
    chatbot.select(on_select, [turns], outputs, api_name=False, show_progress="hidden")

"""Feedback into regression sets, in the 评测 tab: how many rated answers are new since the
last export, and a button that writes them as a draft set (JSONL) to download and review."""

from __future__ import annotations

import json
import logging
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import gradio as gr

from assistant.api import Assistant
from assistant.web.ui.wiring import Refresh

log = logging.getLogger(__name__)


def status_text(status: dict[str, int]) -> str:
    """The counts in one line."""
    return (f"**新反馈 {status['new']} 条**(自上次导出以来);"
            f"共 {status['answers']} 个被评价的回答,其中 👎 {status['negative']} 个。")


def build_feedback_export_panel(assistant: Assistant) -> Refresh:
    """Render the panel into the current layout; returns how to reload its counts."""
    folder = Path(tempfile.mkdtemp(prefix="policy-feedback-"))
    with gr.Accordion("用户反馈 → 回归集草稿", open=True):
        counts = gr.Markdown("", elem_id="fb-count")
        with gr.Row():
            only_negative = gr.Checkbox(label="只导出 👎 的回答", value=False, elem_id="fb-only-negative")
            export = gr.Button("导出为回归集草稿(.jsonl)", elem_id="fb-export")
        result = gr.File(label="草稿(请核对 answerable 与 gold 后再加入回归集)", interactive=False,
                         elem_id="fb-file")

    def load():
        try:
            return status_text(assistant.feedback_status())
        except Exception as err:
            return f"反馈不可用:{err}"

    def run(only: bool):
        try:
            items = assistant.feedback_drafts(only_negative=only, mark_exported=True)
        except Exception as err:
            log.exception("feedback export failed")
            return f"导出失败:{err}", None
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        path = folder / f"feedback-draft-{stamp}.jsonl"
        path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
        return f"已导出 {len(items)} 条草稿。" + load(), str(path)

    export.click(run, [only_negative], [counts, result], api_name=False)
    return Refresh(load, [], [counts])

"""Feedback on answers: 👍/👎 with an optional comment, one JSON line per rating.

Lines go to `settings.data_dir / "feedback.jsonl"` with the question, the history it was
asked in, the answer and the cited clause ids, so evaluators can turn real questions into
regression items. A rating made with the chatbot's own like/dislike icons and one made
with the panel below it (which can carry a comment) both write a line; `turn_id` ties the
lines of one answer together (the last line of a turn is the user's final word).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import gradio as gr

FEEDBACK_FILE = "feedback.jsonl"
MAX_COMMENT_CHARS = 2000


class FeedbackLog:
    """Appends feedback records to a JSONL file; safe to share between request threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def append(self, record: dict[str, Any]) -> None:
        """Write one record as one line (created with its folder on first use)."""
        line = json.dumps(record, ensure_ascii=False) + "\n"
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # One write of one line in append mode: lines from several processes do not interleave.
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(line)


def feedback_record(turn: dict[str, Any], rating: str, comment: str = "", via: str = "panel") -> dict[str, Any]:
    """The JSON line for a rating of one chat turn (a turn of the chat tab's state:
    id, question, history, answer as a dict, display; see `chat.build_chat_tab`)."""
    answer = turn.get("answer") or {}
    return {
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
        "turn_id": turn.get("id"),
        "rating": rating,
        "comment": comment.strip()[:MAX_COMMENT_CHARS],
        "question": turn.get("question", ""),
        "resolved_question": answer.get("resolved_question"),
        "history": turn.get("history", []),
        "answer": answer.get("answer", turn.get("error", "")),
        "refused": answer.get("refused"),
        "mode": answer.get("mode"),
        "citations": [c["id"] for c in answer.get("citations", [])],
        "related": [c["id"] for c in answer.get("related", [])],
        "via": via,
    }


def target_label(turns: list[dict], target: int | None) -> str:
    """The panel's line naming the answer a rating will apply to."""
    if not turns:
        return "反馈对象:暂无回答"
    index = len(turns) - 1 if target is None else target
    question = turns[index]["question"]
    short = question if len(question) <= 30 else question[:30] + "…"
    return f"反馈对象:第 {index + 1} 个问题「{short}」(点击对话中的回答可换成那一条)"


@dataclass
class FeedbackPanel:
    """The components of the feedback panel, for the chat tab to reset after each answer."""

    target: gr.State
    label: gr.Markdown
    comment: gr.Textbox
    status: gr.Markdown


def build_feedback_panel(log: FeedbackLog, chatbot: gr.Chatbot, turns: gr.State) -> FeedbackPanel:
    """Render the 👍/👎 + comment panel (inside the current layout) and wire the chatbot's like event."""
    target = gr.State(None)  # index of the rated turn; None = the latest
    with gr.Group():
        label = gr.Markdown(target_label([], None), elem_id="feedback-target")
        with gr.Row():
            comment = gr.Textbox(
                label="意见(可选)",
                placeholder="哪里不对?缺了什么?应该引用哪一条?",
                lines=1,
                scale=4,
                elem_id="feedback-comment",
            )
            up = gr.Button("👍 有帮助", scale=1, elem_id="feedback-up")
            down = gr.Button("👎 没帮助", scale=1, elem_id="feedback-down")
    status = gr.Markdown("", elem_id="feedback-status")

    def rate(rating: str, turns_value: list[dict], target_value: int | None, comment_value: str):
        if not turns_value:
            return "还没有可以评价的回答。", comment_value
        index = len(turns_value) - 1 if target_value is None else target_value
        log.append(feedback_record(turns_value[index], rating, comment_value or "", via="panel"))
        thanks = "👍" if rating == "up" else "👎"
        return f"已记录 {thanks}(第 {index + 1} 个问题),谢谢!", ""

    up.click(lambda t, g, c: rate("up", t, g, c), [turns, target, comment], [status, comment], api_name=False)
    down.click(lambda t, g, c: rate("down", t, g, c), [turns, target, comment], [status, comment], api_name=False)

    def on_like(turns_value: list[dict], data: gr.LikeData):
        # Two messages per turn (question, answer), so message i belongs to turn i // 2.
        index = data.index if isinstance(data.index, int) else data.index[0]
        turn = index // 2
        if not 0 <= turn < len(turns_value) or data.liked not in (True, False):
            return gr.update(), gr.update(), gr.update()
        rating = "up" if data.liked else "down"
        log.append(feedback_record(turns_value[turn], rating, via="like"))
        note = f"已记录 {'👍' if data.liked else '👎'}(第 {turn + 1} 个问题)。可以在上方补充意见后再点一次按钮。"
        return turn, target_label(turns_value, turn), note

    chatbot.like(on_like, [turns], [target, label, status], api_name=False)
    return FeedbackPanel(target=target, label=label, comment=comment, status=status)


"""The 对话 tab: multi-turn, streamed answers with numbered citations and a 来源 panel.

The conversation lives in a `gr.State` of turns (question, the history it was asked in,
the answer as a dict); the chatbot's messages are rebuilt from it, so what is sent back to
`Assistant.stream` as history never depends on how Gradio normalises chat messages.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from dataclasses import asdict
from typing import Any

import gradio as gr

from assistant.api import Assistant
from assistant.types import Answer, Mode
from assistant.web.ui import render
from assistant.web.ui.feedback import FeedbackLog, build_feedback_panel, target_label

log = logging.getLogger(__name__)

# Example questions, one group per kind of user.
EXAMPLES: list[tuple[str, list[str]]] = [
    (
        "谁牵头、谁配合(部门分工)",
        [
            "推进食品农产品领域互认由哪个部门牵头?",
            "国际部牵头了哪些任务?",
            "建立信息共享和快速通报平台由哪些部门负责?",
        ],
    ),
    (
        "证书和报告的国际互认(企业、机构)",
        [
            "我们的认证证书和检测报告怎样才能得到国外承认?",
            "如何推动认证认可结果在“一带一路”沿线国家互认?",
        ],
    ),
    (
        "事实与清单(研究、写材料)",
        [
            "2017年行动计划提出要开发哪些高端品质认证?",
            "加快推进认证认可高水平开放行动方案的目标是什么?",
        ],
    ),
]

MODES = [(f"{render.MODE_LABELS[mode]}({mode})", mode.value) for mode in Mode]  # the mode radio's choices

# Copy on the client: the server cannot reach the user's clipboard. navigator.clipboard needs a
# secure context (https or 127.0.0.1); elsewhere fall back to a selected textarea + execCommand.
COPY_JS = """
async (text) => {
  if (!text) { return '还没有可复制的回答。'; }
  let ok = false;
  try { await navigator.clipboard.writeText(text); ok = true; } catch (e) {
    const ta = document.createElement('textarea');
    ta.value = text; ta.style.position = 'fixed'; ta.style.opacity = '0';
    document.body.appendChild(ta); ta.select();
    try { ok = document.execCommand('copy'); } catch (e2) { ok = false; }
    ta.remove();
  }
  return ok ? '已复制到剪贴板。' : '浏览器不允许复制,请在下面的文本框中手动复制。';
}
"""


def turn_history(turns: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The conversation so far as `[{role, content}]` for `Assistant.stream` (failed turns left out)."""
    history: list[dict[str, str]] = []
    for turn in turns:
        if turn.get("answer"):
            history.append({"role": "user", "content": turn["question"]})
            history.append({"role": "assistant", "content": turn["answer"]["answer"]})
    return history


def chat_messages(turns: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Chatbot messages: exactly two per turn (the feedback panel relies on it)."""
    messages: list[dict[str, str]] = []
    for turn in turns:
        messages.append({"role": "user", "content": turn["question"]})
        messages.append({"role": "assistant", "content": turn["display"]})
    return messages


def _error_text(err: Exception) -> str:
    if isinstance(err, ImportError):
        return "⚠️ 回答模块暂不可用(answer 模块尚未安装),请稍后再试。"
    name = type(err).__name__
    if name in ("IndexMissing", "StoreError"):
        return f"⚠️ 索引不可用:{err}。请在「文档」页导入文件,或运行 `python -m assistant ingest`。"
    return f"⚠️ 出错了:{name}: {err}"


def build_chat_tab(assistant: Assistant, feedback_log: FeedbackLog) -> dict[str, gr.components.Component]:
    """Render the chat tab into the current Blocks context and wire its events.

    Returns the main components by name (chatbot, question, sources, mode, turns) for
    anything that wants to wire more events to them.
    """
    default_mode = assistant.default_mode
    turns = gr.State([])
    with gr.Row(equal_height=False):
        with gr.Column(scale=3):
            chatbot = gr.Chatbot(
                label="对话",
                height=480,
                elem_id="chatbot",
                feedback_options=("Like", "Dislike"),
                placeholder="请提问,例如:推进食品农产品领域互认由哪个部门牵头?",
                buttons=["copy"],
            )
            with gr.Row():
                question = gr.Textbox(
                    show_label=False,
                    placeholder="输入问题,回车发送(可以接着上一个问题追问)",
                    scale=5,
                    max_length=2000,
                    elem_id="question",
                )
                send = gr.Button("发送", variant="primary", scale=1, elem_id="send")
            with gr.Row():
                mode = gr.Radio(MODES, value=default_mode, label="回答方式", scale=3, elem_id="mode")
                clear = gr.Button("清空对话", scale=1, elem_id="clear")
            for label, questions in EXAMPLES:
                gr.Examples([[q] for q in questions], inputs=[question], label=f"示例:{label}")
            feedback = build_feedback_panel(feedback_log, chatbot, turns)
        with gr.Column(scale=2):
            gr.Markdown("### 来源")
            sources = gr.HTML(render.sources_html(None), elem_id="sources-panel")
            copy = gr.Button("复制回答和来源", elem_id="copy-btn")
            copy_note = gr.Markdown("", elem_id="copy-note")
            copy_box = gr.Textbox(
                label="回答和来源(纯文本,可手动复制)",
                lines=6,
                max_lines=12,
                interactive=False,
                buttons=["copy"],
                elem_id="copy-text",
            )

    def respond(message: str, turns_value: list[dict], mode_value: str) -> Iterator[dict]:
        """Stream one answer: show the question at once, then the text as it grows, then sources.

        Yields {component: value} updates; components left out keep their value.
        """
        message = (message or "").strip()
        if not message:
            yield {}
            return
        history = turn_history(turns_value)
        pending = [*chat_messages(turns_value), {"role": "user", "content": message},
                   {"role": "assistant", "content": "…"}]
        yield {
            question: "",
            chatbot: pending,
            sources: render.sources_html(None, "正在检索条款…"),
            copy_box: "",
            copy_note: "",
        }
        turn: dict[str, Any] = {"id": uuid.uuid4().hex, "question": message, "history": history, "answer": None}
        text = ""
        answer: Answer | None = None
        try:
            for piece in assistant.stream(message, history, mode_value):
                if isinstance(piece, Answer):
                    answer = piece
                    break
                text += piece
                pending[-1] = {"role": "assistant", "content": text + " ▌"}
                yield {chatbot: pending}
            if answer is None:
                raise RuntimeError("the answer stream ended without an answer")
        except Exception as err:  # shown in the chat: a toast would vanish and lose the question
            log.exception("answering %r failed", message)
            turn["error"] = turn["display"] = _error_text(err)
            new_turns = [*turns_value, turn]
            yield {
                chatbot: chat_messages(new_turns),
                turns: new_turns,
                sources: render.sources_html(None, "这个问题没有得到回答。"),
                feedback.target: None,
                feedback.label: target_label(new_turns, None),
            }
            return
        # Assistant.stream timed the answer (timings_ms["total"]), notes on cut input included
        turn["answer"] = asdict(answer)
        turn["display"] = render.answer_markdown(answer)
        new_turns = [*turns_value, turn]
        yield {
            chatbot: chat_messages(new_turns),
            turns: new_turns,
            sources: render.sources_html(answer),
            copy_box: render.copy_text(answer),
            feedback.target: None,  # ratings now apply to this newest answer
            feedback.label: target_label(new_turns, None),
        }

    outputs = [question, chatbot, turns, sources, copy_box, feedback.target, feedback.label, copy_note]
    # The one event the page and API clients use to ask; named so gradio_client can call it.
    # One concurrency group for both triggers, so the queue's limit counts all chat answers together.
    send.click(respond, [question, turns, mode], outputs, api_name="chat", concurrency_id="chat")
    question.submit(respond, [question, turns, mode], outputs, api_name=False, concurrency_id="chat")

    def show_turn(turns_value: list[dict], data: gr.SelectData):
        """Clicking a message shows that turn's sources and makes it the feedback target."""
        index = data.index if isinstance(data.index, int) else data.index[0]
        turn_no = index // 2
        if not 0 <= turn_no < len(turns_value) or not turns_value[turn_no].get("answer"):
            return gr.update(), gr.update(), gr.update(), gr.update()
        answer = render.answer_from_json(turns_value[turn_no]["answer"])
        return (
            render.sources_html(answer),
            render.copy_text(answer),
            turn_no,
            target_label(turns_value, turn_no),
        )

    chatbot.select(show_turn, [turns], [sources, copy_box, feedback.target, feedback.label], api_name=False)

    def reset():
        return [], [], render.sources_html(None), "", None, target_label([], None), ""

    reset_outputs = [chatbot, turns, sources, copy_box, feedback.target, feedback.label, copy_note]
    clear.click(reset, None, reset_outputs, api_name=False)
    # The chatbot's own 🗑 button empties the messages only: forget the turns with them.
    chatbot.clear(reset, None, reset_outputs, api_name=False)
    copy.click(None, [copy_box], [copy_note], js=COPY_JS, api_name=False)
    return {"chatbot": chatbot, "question": question, "sources": sources, "mode": mode, "turns": turns}

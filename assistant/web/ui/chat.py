"""The 对话 tab: multi-turn, streamed answers with numbered citations and a 来源 panel.

The conversation lives in a `gr.State` of turns (question, the history it was asked in,
the answer as a dict); the chatbot's messages are rebuilt from it, so what is sent back to
`Assistant.stream` as history never depends on how Gradio normalises chat messages.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from typing import Any

import gradio as gr

from assistant.api import Assistant
from assistant.types import Answer, Mode
from assistant.web.ui import render
from assistant.web.ui.feedback import FeedbackLog, FeedbackPanel, build_feedback_panel, target_label

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


@dataclass
class ChatView:
    """The chat tab's components, for the event handlers to read and update."""

    turns: gr.State
    chatbot: gr.Chatbot
    question: gr.Textbox
    send: gr.Button
    mode: gr.Radio
    clear: gr.Button
    feedback: FeedbackPanel
    sources: gr.HTML
    copy: gr.Button
    copy_note: gr.Markdown
    copy_box: gr.Textbox


def _conversation_column(default_mode: str, feedback_log: FeedbackLog, turns: gr.State) -> dict[str, Any]:
    """The left column: chatbot, question box, mode, examples and the feedback panel."""
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
    return {"chatbot": chatbot, "question": question, "send": send, "mode": mode, "clear": clear,
            "feedback": feedback}


def _sources_column() -> dict[str, Any]:
    """The right column: the 来源 panel and the copy button with its plain-text box."""
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
    return {"sources": sources, "copy": copy, "copy_note": copy_note, "copy_box": copy_box}


def _layout(default_mode: str, feedback_log: FeedbackLog) -> ChatView:
    """Render the tab's components into the current Blocks context."""
    turns = gr.State([])
    with gr.Row(equal_height=False):
        with gr.Column(scale=3):
            conversation = _conversation_column(default_mode, feedback_log, turns)
        with gr.Column(scale=2):
            panel = _sources_column()
    return ChatView(turns=turns, **conversation, **panel)


def _failed_turn(view: ChatView, turns_value: list[dict], turn: dict[str, Any], err: Exception) -> dict:
    """The updates for a question whose answer failed: the error stands in the chat as its answer."""
    turn["error"] = turn["display"] = _error_text(err)
    new_turns = [*turns_value, turn]
    return {
        view.chatbot: chat_messages(new_turns),
        view.turns: new_turns,
        view.sources: render.sources_html(None, "这个问题没有得到回答。"),
        view.feedback.target: None,
        view.feedback.label: target_label(new_turns, None),
    }


def _answered_turn(view: ChatView, turns_value: list[dict], turn: dict[str, Any], answer: Answer) -> dict:
    """The updates for an answered question: the turn joins the conversation, its sources are shown."""
    # Assistant.stream timed the answer (timings_ms["total"]), notes on cut input included
    turn["answer"] = asdict(answer)
    turn["display"] = render.answer_markdown(answer)
    new_turns = [*turns_value, turn]
    return {
        view.chatbot: chat_messages(new_turns),
        view.turns: new_turns,
        view.sources: render.sources_html(answer),
        view.copy_box: render.copy_text(answer),
        view.feedback.target: None,  # ratings now apply to this newest answer
        view.feedback.label: target_label(new_turns, None),
    }


def _responder(assistant: Assistant, view: ChatView) -> Callable[[str, list[dict], str], Iterator[dict]]:
    """The chat event's handler over `assistant`, updating the components of `view`."""

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
            view.question: "",
            view.chatbot: pending,
            view.sources: render.sources_html(None, "正在检索条款…"),
            view.copy_box: "",
            view.copy_note: "",
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
                yield {view.chatbot: pending}
            if answer is None:
                raise RuntimeError("the answer stream ended without an answer")
        except Exception as err:  # shown in the chat: a toast would vanish and lose the question
            log.exception("answering %r failed", message)
            yield _failed_turn(view, turns_value, turn, err)
            return
        yield _answered_turn(view, turns_value, turn, answer)

    return respond


def _show_turn(turns_value: list[dict], data: gr.SelectData):
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


def _reset():
    """An empty conversation: no turns, no sources, the feedback target back to the latest."""
    return [], [], render.sources_html(None), "", None, target_label([], None), ""


def _wire(assistant: Assistant, view: ChatView) -> None:
    """Connect the tab's events: ask, pick a turn, clear, copy."""
    respond = _responder(assistant, view)
    question, chatbot, feedback = view.question, view.chatbot, view.feedback
    outputs = [question, chatbot, view.turns, view.sources, view.copy_box, feedback.target, feedback.label,
               view.copy_note]
    # The one event the page and API clients use to ask; named so gradio_client can call it.
    # One concurrency group for both triggers, so the queue's limit counts all chat answers together.
    view.send.click(respond, [question, view.turns, view.mode], outputs, api_name="chat", concurrency_id="chat")
    question.submit(respond, [question, view.turns, view.mode], outputs, api_name=False, concurrency_id="chat")

    chatbot.select(_show_turn, [view.turns], [view.sources, view.copy_box, feedback.target, feedback.label],
                   api_name=False)

    reset_outputs = [chatbot, view.turns, view.sources, view.copy_box, feedback.target, feedback.label,
                     view.copy_note]
    view.clear.click(_reset, None, reset_outputs, api_name=False)
    # The chatbot's own 🗑 button empties the messages only: forget the turns with them.
    chatbot.clear(_reset, None, reset_outputs, api_name=False)
    view.copy.click(None, [view.copy_box], [view.copy_note], js=COPY_JS, api_name=False)


def build_chat_tab(assistant: Assistant, feedback_log: FeedbackLog) -> dict[str, gr.components.Component]:
    """Render the chat tab into the current Blocks context and wire its events.

    Returns the main components by name (chatbot, question, sources, mode, turns) for
    anything that wants to wire more events to them.
    """
    view = _layout(assistant.default_mode, feedback_log)
    _wire(assistant, view)
    return {"chatbot": view.chatbot, "question": view.question, "sources": view.sources, "mode": view.mode,
            "turns": view.turns}

"""`build_app(assistant)`: the Gradio Blocks of the UI, one tab per module."""

from __future__ import annotations

import gradio as gr

from assistant.api import Assistant
from assistant.web.ui.chat import build_chat_tab
from assistant.web.ui.compare import build_compare_panel
from assistant.web.ui.documents import build_documents_tab
from assistant.web.ui.evaluation import build_evaluation_tab
from assistant.web.ui.export import build_export_panel
from assistant.web.ui.feedback import FEEDBACK_FILE, FeedbackLog
from assistant.web.ui.feedback_export import build_feedback_export_panel
from assistant.web.ui.matrix import build_matrix_panel
from assistant.web.ui.tasks import build_tasks_tab
from assistant.web.ui.timeline import build_timeline_tab

TITLE = "认证认可政策问答助手"
INTRO = (
    f"## {TITLE}\n"
    "回答只依据已导入的政策文件,每个回答都标注引用的条款 [1] [2],原文见右侧「来源」。"
    "找不到依据时会明确说明,并列出相关条款。"
)

# Queue settings: `serve()` applies these; several users are answered at once, and ingest and
# evaluation run in their own concurrency groups (see documents.py, evaluation.py).
DEFAULT_CONCURRENCY = 4
MAX_QUEUE = 64


def build_app(assistant: Assistant, concurrency: int = DEFAULT_CONCURRENCY) -> gr.Blocks:
    """The whole UI as `gr.Blocks`, queue configured; theme and CSS come from `theme.page_kwargs()`.

    Serve it with `assistant.web.server.create_app` (FastAPI) or, for a quick look,
    `build_app(a).launch(**theme.page_kwargs())`.
    """
    feedback_log = FeedbackLog(assistant.settings.data_dir / FEEDBACK_FILE)
    # delete_cache: uploads and report copies in Gradio's cache are dropped after a day.
    with gr.Blocks(title=TITLE, analytics_enabled=False, delete_cache=(3600, 86400)) as blocks:
        gr.Markdown(INTRO, elem_id="intro")
        with gr.Tabs():
            with gr.Tab("对话", id="chat"):
                chat = build_chat_tab(assistant, feedback_log)
                build_export_panel(assistant, chat["chatbot"], chat["turns"])
            with gr.Tab("任务分工", id="tasks") as tasks_tab:
                tasks_refresh = build_tasks_tab(assistant)
                matrix_refresh = build_matrix_panel(assistant)
            with gr.Tab("目标时间线", id="timeline") as timeline_tab:
                timeline_refresh = build_timeline_tab(assistant)
            with gr.Tab("文档", id="documents") as documents_tab:
                documents_refresh = build_documents_tab(assistant)
                compare_refresh = build_compare_panel(assistant)
            with gr.Tab("评测", id="evaluation") as evaluation_tab:
                build_evaluation_tab(assistant)
                feedback_refresh = build_feedback_export_panel(assistant)
        # Documents change while the page is open (another user's upload): reload on opening a tab.
        for tab, refresh in ((tasks_tab, tasks_refresh), (documents_tab, documents_refresh),
                             (tasks_tab, matrix_refresh), (timeline_tab, timeline_refresh),
                             (documents_tab, compare_refresh), (evaluation_tab, feedback_refresh)):
            tab.select(refresh.fn, refresh.inputs, refresh.outputs, api_name=False)
            blocks.load(refresh.fn, refresh.inputs, refresh.outputs, api_name=False)
    blocks.queue(default_concurrency_limit=concurrency, max_size=MAX_QUEUE)
    return blocks

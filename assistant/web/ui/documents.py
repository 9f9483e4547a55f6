"""The 文档 tab: list the indexed documents, read one with its clause structure, upload new
`.txt`/`.md` files, remove one (after a confirmation)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.api import SUPPORTED_SUFFIXES, Assistant, LoadError
from assistant.web.ui import render
from assistant.web.ui.wiring import Refresh

log = logging.getLogger(__name__)

HEADERS = ["文件", "标题", "日期", "发布单位", "条款数"]

# LoadError messages are English (the CLI's); the page says the same thing in Chinese first.
_LOAD_REASONS = (
    ("binary file", "这是二进制文件,不是文本文档"),
    ("is empty", "文件是空的"),
    ("cannot decode", "无法按 UTF-8 或 GB18030 解码"),
    ("no readable text", "文件中没有可读的文字"),
    ("unsupported file type", "不支持的文件类型"),
)


def explain_load_error(err: Exception) -> str:
    """A user-facing reason for a rejected file: Chinese summary, then the original detail."""
    message = str(err)
    for needle, reason in _LOAD_REASONS:
        if needle in message:
            return f"{reason}。({message})"
    return message


def document_rows(docs: list[dict[str, Any]]) -> list[list[Any]]:
    """The visible cells of the documents table."""
    return [
        [d["doc"], d.get("title") or "", d.get("date") or "—", d.get("source") or "—", d.get("clause_count", 0)]
        for d in docs
    ]


def document_choices(docs: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(label, doc) pairs for the document picker."""
    return [(f"{d.get('title') or d['doc']}({d['doc']})", d["doc"]) for d in docs]


@dataclass
class DocumentsView:
    """The documents tab's components, for the event handlers to read and update."""

    table: gr.Dataframe
    picker: gr.Dropdown
    remove: gr.Button
    confirm_box: gr.Group
    confirm_text: gr.Markdown
    confirm: gr.Button
    cancel: gr.Button
    remove_status: gr.Markdown
    files: gr.File
    ingest: gr.Button
    ingest_status: gr.Markdown
    view: gr.HTML


def _layout() -> DocumentsView:
    """Render the tab's components into the current Blocks context."""
    table = gr.Dataframe(
        headers=HEADERS,
        datatype=["str", "str", "str", "str", "number"],
        interactive=False,
        wrap=True,
        max_height=300,
        elem_id="doc-table",
    )
    with gr.Row():
        picker = gr.Dropdown([], label="选择文档阅读全文", scale=4, elem_id="doc-picker")
        remove = gr.Button("删除所选文档", variant="stop", scale=1, elem_id="doc-remove")
    with gr.Group(visible=False) as confirm_box:
        confirm_text = gr.Markdown("", elem_id="doc-confirm-text")
        with gr.Row():
            confirm = gr.Button("确认删除", variant="stop", elem_id="doc-confirm")
            cancel = gr.Button("取消", elem_id="doc-cancel")
    remove_status = gr.Markdown("", elem_id="doc-remove-status")
    with gr.Accordion("导入新文档(.txt / .md,UTF-8 或 GB18030)", open=True):
        files = gr.File(file_count="multiple", label="选择或拖入文件", elem_id="doc-upload")
        ingest = gr.Button("导入并建立索引", variant="primary", elem_id="doc-ingest")
        ingest_status = gr.Markdown("", elem_id="ingest-status")
    view = gr.HTML(render.document_html(None, []), elem_id="doc-view")
    return DocumentsView(table, picker, remove, confirm_box, confirm_text, confirm, cancel, remove_status,
                         files, ingest, ingest_status, view)


def _listing(assistant: Assistant, selected: str | None = None):
    """Table rows and picker choices; keep the selection if the document still exists."""
    try:
        docs = assistant.documents()
    except Exception as err:
        log.exception("listing documents failed")
        return [], gr.update(choices=[], value=None), f"文档列表不可用:{err}"
    names = {d["doc"] for d in docs}
    value = selected if selected in names else None
    note = "" if docs else "索引中还没有文档:在下方导入 .txt / .md 文件。"
    return document_rows(docs), gr.update(choices=document_choices(docs), value=value), note


def _document_view(assistant: Assistant, doc: str | None) -> str:
    """The HTML of one document with its clauses (an empty view for no document)."""
    if not doc:
        return render.document_html(None, [])
    meta = next((d for d in assistant.documents() if d["doc"] == doc), None)
    return render.document_html(meta, assistant.document_clauses(doc) if meta else [])


def _ingest_line(assistant: Assistant, path: str, before: set[str]) -> str:
    """Ingest one uploaded file; the status line saying what became of it."""
    name = Path(path).name
    shown = render.md_escape(name)
    if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
        return f"❌ **{shown}**:不支持的文件类型,只能导入 .txt 或 .md 文件。"
    try:
        document = assistant.ingest_bytes(name, Path(path).read_bytes())
    except LoadError as err:
        return f"❌ **{shown}**:无法导入 — {render.md_escape(explain_load_error(err))}"
    except Exception as err:  # the store or the embedder failed: report it, go on with the rest
        log.exception("ingesting %s failed", name)
        return f"❌ **{shown}**:导入失败 — {render.md_escape(f'{type(err).__name__}: {err}')}"
    verb = "已更新" if document.doc in before else "已导入"
    return (
        f"✅ **{shown}**:{verb}《{render.md_escape(document.title)}》,"
        f"{len(document.clauses)} 条条款,现在可以在「对话」中提问。"
    )


def _wire_reading(assistant: Assistant, view: DocumentsView) -> None:
    """Picking a document (in the picker or the table) shows it."""

    def show(doc: str | None) -> str:
        return _document_view(assistant, doc)

    view.picker.input(show, [view.picker], [view.view], api_name=False)

    def pick_row(data: gr.SelectData):
        values = data.row_value or []
        doc = values[0] if values else None
        return gr.update(value=doc), show(doc)

    view.table.select(pick_row, None, [view.picker, view.view], api_name=False)


def _wire_ingest(assistant: Assistant, view: DocumentsView) -> None:
    """The import button: ingest the uploaded files, then reload the listing."""

    def ingest_files(paths: list[str] | None, selected: str | None, progress=gr.Progress()):  # noqa: B008
        """Ingest each uploaded file; a bad file gets a clear message and the others still go in."""
        if not paths:
            rows, choices, _ = _listing(assistant, selected)
            return "请先选择要导入的文件。", rows, choices, gr.update()
        try:
            before = {d["doc"] for d in assistant.documents()}
        except Exception:
            before = set()
        lines = []
        for done, path in enumerate(paths):
            progress((done, len(paths)), desc=f"正在导入 {Path(path).name}", unit="文件")
            lines.append(_ingest_line(assistant, path, before))
        progress((len(paths), len(paths)), desc="完成")
        rows, choices, _ = _listing(assistant, selected)
        return "\n\n".join(lines), rows, choices, None

    # Own concurrency group, one at a time: a long ingest must not take a chat worker.
    view.ingest.click(
        ingest_files,
        [view.files, view.picker],
        [view.ingest_status, view.table, view.picker, view.files],
        api_name="ingest",
        concurrency_id="ingest",
        concurrency_limit=1,
    )


def _ask_confirm(doc: str | None):
    """Show the confirmation for removing `doc` (or say that none is picked)."""
    if not doc:
        return gr.update(visible=False), "", "请先在上面选择要删除的文档。"
    return gr.update(visible=True), f"确定要从索引中删除 **{render.md_escape(doc)}** 吗?删除后将不能再检索到它。", ""


def _wire_removal(assistant: Assistant, view: DocumentsView) -> None:
    """Remove, then confirm or cancel; a confirmed removal reloads the listing."""
    view.remove.click(_ask_confirm, [view.picker], [view.confirm_box, view.confirm_text, view.remove_status],
                      api_name=False)
    view.cancel.click(lambda: (gr.update(visible=False), "已取消。"), None, [view.confirm_box, view.remove_status],
                      api_name=False)

    def do_remove(doc: str | None):
        if not doc:
            message = "没有选择文档。"
        elif assistant.remove_document(doc):
            message = f"已删除 {render.md_escape(doc)}。"
        else:
            message = f"{render.md_escape(doc)} 不在索引中。"
        rows, choices, _ = _listing(assistant, None)
        return gr.update(visible=False), message, rows, choices, render.document_html(None, [])

    view.confirm.click(
        do_remove,
        [view.picker],
        [view.confirm_box, view.remove_status, view.table, view.picker, view.view],
        api_name=False,
        concurrency_id="ingest",
        concurrency_limit=1,
    )


def build_documents_tab(assistant: Assistant) -> Refresh:
    """Render the documents tab into the current Blocks context and wire its events."""
    view = _layout()

    def refresh(selected: str | None):
        rows, choices, note = _listing(assistant, selected)
        return rows, choices, note

    _wire_reading(assistant, view)
    _wire_ingest(assistant, view)
    _wire_removal(assistant, view)
    return Refresh(refresh, [view.picker], [view.table, view.picker, view.remove_status])

"""The UI in a real browser: headless Debian Chromium against the real server on 127.0.0.1.

Each test asserts what a user sees on the page. Screenshots go to test-artifacts/, and the
measured page-load and answer times to test-artifacts/ui-timings.json.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.web.ui.conftest import ARTIFACTS, Server
from text.fold import fold

ANSWER_TIMEOUT_MS = 60_000
DEPARTMENT_Q = "推进食品农产品领域互认由哪个部门牵头?"
RECOGNITION_Q = "我们的认证证书和检测报告怎样才能得到国外承认?"
LIST_Q = "2017年行动计划提出要开发哪些高端品质认证?"
OFF_TOPIC_Q = "明天的足球比赛谁会赢?"  # nothing in the corpus supports an answer

TIMINGS: dict[str, list[float]] = {}


def record(name: str, seconds: float) -> None:
    """Keep a measured time for the report (written once per session)."""
    TIMINGS.setdefault(name, []).append(round(seconds, 3))
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "ui-timings.json").write_text(json.dumps(TIMINGS, ensure_ascii=False, indent=1))


@dataclass
class Answer:
    """What the page shows for one question."""

    text: str  # the assistant's chat message
    sources_text: str  # the 来源 panel as text
    sources_html: str
    seconds: float


@dataclass
class UI:
    """One browser page on the server, with the steps a user takes."""

    page: object
    server: Server
    requests: list[str] = field(default_factory=list)

    def open(self) -> float:
        started = time.perf_counter()
        self.page.goto(self.server.url + "/")
        self.page.wait_for_selector("#question textarea", state="visible")
        return time.perf_counter() - started

    def tab(self, name: str) -> None:
        self.page.get_by_role("tab", name=name).click()

    def ask(self, question: str) -> Answer:
        """Type the question, press Enter, wait for the final answer (its copy text is set last)."""
        self.tab("对话")
        bot = self.page.locator("#chatbot [data-testid=bot]")
        before = bot.count()
        box = self.page.locator("#question textarea")
        box.fill(question)
        started = time.perf_counter()
        box.press("Enter")
        # The new answer's message appears together with the copy box being cleared, and the
        # copy box is filled last: both together mean this question's final answer is shown
        # (the same question asked twice must not match the earlier answer).
        self.page.wait_for_function(
            """([q, before]) => document.querySelectorAll('#chatbot [data-testid=bot]').length > before
                && (document.querySelector('#copy-text textarea') || {}).value?.startsWith('问:' + q)""",
            arg=[question, before],
            timeout=ANSWER_TIMEOUT_MS,
        )
        seconds = time.perf_counter() - started
        return Answer(
            text=self.page.locator("#chatbot [data-testid=bot]").last.inner_text(),
            sources_text=self.page.inner_text("#sources-panel"),
            sources_html=self.page.inner_html("#sources-panel"),
            seconds=seconds,
        )

    def screenshot(self, name: str) -> Path:
        path = ARTIFACTS / f"ui-{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def outside_requests(self) -> list[str]:
        """Requests to any host but the server's loopback address."""
        return [
            url for url in self.requests
            if urlsplit(url).scheme in ("http", "https", "ws", "wss") and urlsplit(url).hostname != "127.0.0.1"
        ]


@pytest.fixture
def ui(browser, server: Server) -> Iterator[UI]:
    """A fresh page (own context, zh-CN, clipboard allowed) recording every request it makes."""
    context = browser.new_context(
        viewport={"width": 1400, "height": 1000},
        locale="zh-CN",
        permissions=["clipboard-read", "clipboard-write"],
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    ui = UI(page=page, server=server)
    page.on("request", lambda request: ui.requests.append(request.url))
    try:
        yield ui
        # Every test also checks the page never left the machine.
        assert ui.outside_requests() == [], f"requests off 127.0.0.1: {ui.outside_requests()}"
    finally:
        context.close()


def feedback_lines(server: Server) -> list[dict]:
    path = server.data_dir / "feedback.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# --- tests -------------------------------------------------------------------------------------
def test_page_loads_offline_with_all_tabs(ui: UI) -> None:
    seconds = ui.open()
    record("page_load_s", seconds)
    # Gradio keeps an event stream open, so "network idle" never comes; fonts are the late loaders.
    ui.page.evaluate("document.fonts.ready.then(() => true)")
    ui.page.wait_for_timeout(500)
    for name in ("对话", "任务分工", "文档", "评测"):
        assert ui.page.get_by_role("tab", name=name).is_visible()
    # Example questions for each kind of user; clicking one puts it in the question box.
    ui.page.get_by_text(RECOGNITION_Q).first.click()
    ui.page.wait_for_function("q => document.querySelector('#question textarea').value === q", arg=RECOGNITION_Q)
    assert "来源" in ui.page.inner_text("body")
    ui.screenshot("start")
    assert ui.requests, "the page made no requests at all"
    assert ui.outside_requests() == []
    assert seconds < 15, f"page took {seconds:.1f} s to load"


def test_department_question_cites_its_clause_and_follow_up(ui: UI) -> None:
    ui.open()
    answer = ui.ask(DEPARTMENT_Q)
    record("answer_department_s", answer.seconds)
    assert "国际部" in fold(answer.text)
    assert "[1]" in answer.text
    # The cited clause is shown in full, with its document, date and clause path.
    first_card = ui.page.locator("#sources-panel .src-card").first
    card_text = fold(first_card.inner_text())
    assert "推进食品农产品领域互认" in card_text
    assert "一带一路" in card_text and "2018-10-27" in card_text and "条款:" in card_text
    marked = [fold(m) for m in first_card.locator("mark").all_inner_texts()]
    assert any("食品农产品" in m or "推进食品农产品领域互认" in m for m in marked), marked
    ui.screenshot("department-answer")

    # A follow-up relies on the conversation so far.
    follow = ui.ask("配合单位呢?")
    record("answer_follow_up_s", follow.seconds)
    assert "注册部" in fold(follow.text)
    assert len(ui.page.locator("#chatbot [data-testid=bot]").all()) == 2

    # Copy: the clipboard gets the answer with its sources.
    ui.page.click("#copy-btn")
    ui.page.wait_for_function("document.querySelector('#copy-note').innerText.includes('已复制')")
    clipboard = ui.page.evaluate("navigator.clipboard.readText()")
    assert clipboard.startswith("问:配合单位呢?") and "[1]" in clipboard and "来源" in clipboard

    # Feedback with a comment goes to feedback.jsonl, for the latest answer.
    before = len(feedback_lines(ui.server))
    ui.page.fill("#feedback-comment textarea", "应该同时列出牵头单位")
    ui.page.click("#feedback-down")
    ui.page.wait_for_function("document.querySelector('#feedback-status').innerText.includes('已记录')")
    lines = feedback_lines(ui.server)
    assert len(lines) == before + 1
    line = lines[-1]
    assert line["rating"] == "down" and line["comment"] == "应该同时列出牵头单位"
    assert line["question"] == "配合单位呢?"
    assert [turn["content"] for turn in line["history"]][0] == DEPARTMENT_Q
    assert line["citations"] and line["answer"]

    # The chatbot's own 👍 on the first answer is recorded too.
    # (labelled 赞 in a zh-CN browser, Like otherwise)
    ui.page.locator("#chatbot button[aria-label=赞], #chatbot button[aria-label=Like]").first.click()
    ui.page.wait_for_function("document.querySelector('#feedback-status').innerText.includes('第 1 个问题')")
    line = feedback_lines(ui.server)[-1]
    assert line["rating"] == "up" and line["question"] == DEPARTMENT_Q and line["via"] == "like"
    ui.screenshot("follow-up-and-feedback")


def test_recognition_and_list_questions(ui: UI) -> None:
    ui.open()
    answer = ui.ask(RECOGNITION_Q)
    record("answer_recognition_s", answer.seconds)
    assert "无法回答" not in answer.text and "[1]" in answer.text
    assert "承认" in fold(answer.sources_text)
    assert "<mark>" in answer.sources_html
    ui.screenshot("recognition-answer")

    listing = ui.ask(LIST_Q)
    record("answer_list_s", listing.seconds)
    assert "蜂蜜" in fold(listing.text) or "智能家电" in fold(listing.text)
    assert "高端品质认证" in fold(listing.sources_text)


def test_refusal_says_so_and_lists_related_clauses(ui: UI) -> None:
    ui.open()
    answer = ui.ask(OFF_TOPIC_Q)
    assert "无法回答" in answer.text
    assert "未找到能回答此问题的条款" in answer.sources_text
    ui.screenshot("refusal")


def test_task_table_filters_by_unit_and_opens_the_clause(ui: UI) -> None:
    ui.open()
    ui.tab("任务分工")
    table = ui.page.locator("#task-table")
    cells = table.locator("[data-testid^=cell-]")  # the visible cells (the table also has a hidden sizing copy)
    table.get_by_text("加強認證認可能力建設援助", exact=True).wait_for()
    ui.page.click("#task-unit input")
    ui.page.get_by_role("option", name="注册部", exact=True).click()
    ui.page.wait_for_function("document.querySelector('#task-count').innerText.includes('共 8 项')")
    assert table.get_by_text("加強認證認可能力建設援助", exact=True).count() == 0  # 国际部 alone
    ui.page.get_by_role("radio", name="牵头", exact=True).click()
    ui.page.wait_for_function("document.querySelector('#task-count').innerText.includes('共 2 项')")
    ui.page.get_by_role("radio", name="牵头或配合").click()
    ui.page.wait_for_function("document.querySelector('#task-count').innerText.includes('共 8 项')")
    cells.get_by_text("推進食品農產品領域互認", exact=True).click()
    ui.page.wait_for_function("document.querySelector('#task-clause').innerText.includes('HACCP')")
    detail = fold(ui.page.inner_text("#task-clause"))
    assert "牵头:国际部" in detail and "配合:注册部" in detail
    ui.page.locator("#task-query textarea").press_sequentially("清真认证")  # filters as you type
    ui.page.wait_for_function("document.querySelector('#task-count').innerText.includes('共 1 项')")
    cells.get_by_text("推進食品農產品領域互認", exact=True).click()
    ui.page.wait_for_function("document.querySelector('#task-clause').innerText.includes('HACCP')")
    assert ui.page.locator("#task-clause mark").all_inner_texts() == ["清真認證"]  # what the search matched
    ui.screenshot("task-table")


def test_upload_makes_a_document_searchable_and_remove_drops_it(ui: UI, tmp_path: Path) -> None:
    name = f"ui-test-{uuid.uuid4().hex[:8]}.txt"
    good = tmp_path / name
    good.write_text(
        "鹭岛蓝鲸认证试点工作方案\n一、试点安排\n(一)蓝鲸认证试点由星河检测中心承担,计划于2031年完成首批评价。\n",
        encoding="utf-8",
    )
    bad = tmp_path / "scan.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    pdf = tmp_path / "notes.pdf"
    pdf.write_bytes(b"%PDF-1.4 not really")

    ui.open()
    ui.tab("文档")
    ui.page.locator("#doc-upload input[type=file]").set_input_files([str(good), str(bad), str(pdf)])
    # (the file list shows a name's stem and extension in separate elements)
    ui.page.wait_for_function("document.querySelector('#doc-upload').innerText.replace(/\\s/g, '').includes('notes.pdf')")
    started = time.perf_counter()
    ui.page.click("#doc-ingest")
    ui.page.wait_for_function("document.querySelector('#ingest-status').innerText.includes('notes.pdf')",
                              timeout=ANSWER_TIMEOUT_MS)
    record("ingest_upload_s", time.perf_counter() - started)
    status = ui.page.inner_text("#ingest-status")
    assert f"✅ {name}" in status and "已导入" in status
    assert "❌ scan.txt" in status and "二进制文件" in status
    assert "❌ notes.pdf" in status and "不支持的文件类型" in status
    ui.page.locator("#doc-table").get_by_text(name, exact=True).wait_for()
    ui.screenshot("upload")

    answer = ui.ask("蓝鲸认证试点计划什么时候完成首批评价?")
    assert "2031" in answer.text
    assert name in answer.sources_text
    ui.screenshot("uploaded-doc-answer")

    # Read it, then remove it (after confirming); it is no longer cited.
    ui.tab("文档")
    ui.page.locator("#doc-table").get_by_text(name, exact=True).click()
    ui.page.wait_for_function("n => document.querySelector('#doc-view').innerText.includes(n)", arg=name)
    assert "星河检测中心" in ui.page.inner_text("#doc-view")
    ui.page.click("#doc-remove")
    ui.page.locator("#doc-confirm").wait_for(state="visible")
    assert name in ui.page.inner_text("#doc-confirm-text")
    ui.page.click("#doc-confirm")
    ui.page.wait_for_function("document.querySelector('#doc-remove-status').innerText.includes('已删除')")
    assert ui.page.locator("#doc-table").get_by_text(name, exact=True).count() == 0
    again = ui.ask("蓝鲸认证试点计划什么时候完成首批评价?")
    assert name not in again.sources_text


def test_evaluation_tab_runs_a_set_and_offers_the_report(ui: UI) -> None:
    ui.open()
    ui.tab("评测")
    ui.page.fill("#eval-limit input", "4")
    started = time.perf_counter()
    ui.page.click("#eval-run")
    ui.page.wait_for_function("document.querySelector('#eval-summary').innerText.includes('题通过全部检查')",
                              timeout=120_000)
    record("eval_4_items_s", time.perf_counter() - started)
    summary = ui.page.inner_text("#eval-summary")
    assert "qa_dev.jsonl:4 题" in summary and "hit@1" in summary
    ui.page.locator("#eval-chart img").wait_for(state="visible")
    downloads = "".join(ui.page.inner_text("#eval-download").split())
    assert "report.json" in downloads and "report.md" in downloads and "chart.png" in downloads
    with ui.page.expect_download() as download:
        ui.page.click("#eval-download a[download='report.md']")
    report = Path(download.value.path()).read_text(encoding="utf-8")
    assert report.startswith("# Eval report") and "hit@1" in report
    ui.screenshot("evaluation")

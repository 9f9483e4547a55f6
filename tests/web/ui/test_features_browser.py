"""The feature tabs in a real browser: the targets timeline (a click on a marker opens its
clause), the responsibility matrix and its Excel download, the plan comparison, the answer
export under the chat, and feedback exported as a draft set. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from eval.sets import load_set
from tests.web.ui.conftest import ARTIFACTS, Server
from text.fold import fold

TIMEOUT_MS = 90_000  # a comparison runs ~60 searches on a shared 2-core machine


@pytest.fixture
def page(browser, server: Server) -> Iterator:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(server.url + "/")
    page.wait_for_selector("#question textarea", state="visible")
    try:
        yield page
    finally:
        context.close()


def shot(locator, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"features-{name}.png"
    locator.screenshot(path=str(path))
    return path


def download(page, selector: str, folder: Path) -> Path:
    with page.expect_download() as info:
        page.click(selector)
    target = folder / info.value.suggested_filename
    info.value.save_as(str(target))
    return target


def marker_hotspots(server: Server, tmp_path: Path) -> tuple[list, list]:
    """Where the page's timeline picture draws each marker: the same drawing made from a copy
    of the server's index (the picture is deterministic)."""
    from assistant.api import Assistant
    from assistant.config import load_settings

    copy = tmp_path / "data"
    shutil.copytree(server.data_dir, copy, ignore=shutil.ignore_patterns("eval-reports"))
    local = Assistant(load_settings(copy))
    targets = local.targets()
    return targets, local.timeline_picture(tmp_path / "timeline.png", targets)


def click_image_at(page, selector: str, x: float, y: float) -> None:
    """Click the natural-size pixel (x, y) of an <img> shown with object-fit: contain."""
    box = page.evaluate(
        """sel => { const img = document.querySelector(sel); const r = img.getBoundingClientRect();
                    return {x: r.x, y: r.y, w: r.width, h: r.height, nw: img.naturalWidth, nh: img.naturalHeight}; }""",
        selector,
    )
    scale = min(box["w"] / box["nw"], box["h"] / box["nh"])
    left = box["x"] + (box["w"] - box["nw"] * scale) / 2
    top = box["y"] + (box["h"] - box["nh"] * scale) / 2
    page.mouse.click(left + x * scale, top + y * scale)


def test_timeline_holds_the_plans_targets_and_opens_a_clause(page, server: Server, tmp_path: Path) -> None:
    page.get_by_role("tab", name="目标时间线").click()
    page.wait_for_selector("#tl-picture img")
    table = fold(page.inner_text("#tl-table"))
    for when in ("到2018年底", "到2025年", "到2030年"):
        assert when in table
    targets, hotspots = marker_hotspots(server, tmp_path)
    number = next(i for i, t in enumerate(targets) if t.year == 2025)
    page.wait_for_function("document.querySelector('#tl-picture img').naturalWidth > 0")
    click_image_at(page, "#tl-picture img", hotspots[number].x, hotspots[number].y)
    page.wait_for_function("n => document.querySelector('#tl-clause').innerText.includes('目标 ' + n)", arg=number + 1)
    card = fold(page.inner_text("#tl-clause"))
    assert "加快推进认证认可高水平开放行动方案" in card and "到2025年" in card and "一、总体要求" in card
    # a row of the list opens its clause too
    cells = page.locator("#tl-table [data-testid^=cell-]")  # visible cells (not the hidden sizing copy)
    cells.get_by_text("到2018年底", exact=True).click()
    page.wait_for_function("document.querySelector('#tl-clause').innerText.includes('國別研究全面完成')")
    shot(page.locator("#tl-picture"), "timeline")


def test_matrix_picture_and_excel_download(page, tmp_path: Path) -> None:
    page.get_by_role("tab", name="任务分工").click()
    page.wait_for_selector("#matrix-picture img")
    page.wait_for_function("document.querySelector('#matrix-note').innerText.includes('18 项任务')")
    workbook = load_workbook(download(page, "#matrix-xlsx", tmp_path))
    assert workbook.sheetnames == ["责任矩阵", "任务分工"]
    assert workbook["任务分工"].max_row == 19
    shot(page.locator("#matrix-picture"), "matrix")


def test_comparison_of_the_two_plans(page) -> None:
    page.get_by_role("tab", name="文档").click()
    page.wait_for_function("document.querySelector('#cmp-a input').value.includes('(000)')")
    page.wait_for_function("document.querySelector('#cmp-b input').value.includes('(001)')")
    page.click("#cmp-run")
    page.wait_for_selector("#cmp-view .cmp-table")
    rows = page.locator("#cmp-view tr").filter(has_text="17.完善")
    assert "健全完善认证认可国际合作格局" in fold(rows.first.inner_text())
    assert page.locator("#cmp-view tr.cmp-unmatched").count() > 0  # the unmatched ones are marked
    shot(page.locator("#cmp-view"), "compare")


def test_answer_export_and_feedback_draft(page, server: Server, tmp_path: Path) -> None:
    page.locator("#question textarea").fill("推进食品农产品领域互认由哪个部门牵头?")
    page.locator("#question textarea").press("Enter")
    page.wait_for_selector("#export-answer-docx", state="visible")
    saved = download(page, "#export-answer-docx", tmp_path)
    text = "\n".join(p.text for p in Document(str(saved)).paragraphs)
    assert "推進食品農產品領域互認" in text and "索引版本" in text
    page.fill("#feedback-comment textarea", "还应说明配合单位")
    page.click("#feedback-down")
    page.wait_for_function("document.querySelector('#feedback-status').innerText.includes('已记录')")

    page.get_by_role("tab", name="评测").click()
    # other browser tests on this session's server rate answers too: at least this one is new
    page.wait_for_function("/新反馈 [1-9][0-9]* 条/.test(document.querySelector('#fb-count').innerText)")
    page.click("#fb-export")
    page.wait_for_function("document.querySelector('#fb-count').innerText.includes('已导出')")
    assert "新反馈 0 条" in page.locator("#fb-count").inner_text()  # exported ones are no longer new
    draft = download(page, "#fb-file a", tmp_path)
    items, problems = load_set(draft)
    assert problems == [] and items[-1].question == "推进食品农产品领域互认由哪个部门牵头?"
    assert "还应说明配合单位" in items[-1].notes

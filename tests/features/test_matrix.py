"""The responsibility matrix and the task files, checked against the plan's own text."""

from __future__ import annotations

import csv
import io
import json

from openpyxl import load_workbook

from assistant.features.matrix import LEAD, SUPPORT
from tests.features.helpers import expected_tasks


def test_the_corpus_holds_18_tasks():
    assert sorted(expected_tasks()) == list(range(1, 19))


def test_matrix_has_all_18_tasks_with_the_exact_units(assistant):
    matrix = assistant.tasks_matrix()
    expected = expected_tasks()
    assert [t["task_no"] for t in matrix.tasks] == list(range(1, 19))
    for column, task in enumerate(matrix.tasks):
        name, lead, support = expected[task["task_no"]]
        assert task["task_name"] == name
        assert sorted(u for u in matrix.units if matrix.role(u, column) == LEAD) == sorted(lead)
        assert sorted(u for u in matrix.units if matrix.role(u, column) == SUPPORT) == sorted(support)
    named = {u for _, lead, support in expected.values() for u in lead + support}
    assert set(matrix.units) == named


def test_xlsx_has_the_matrix_and_the_table(assistant, tmp_path):
    path = tmp_path / "tasks.xlsx"
    path.write_bytes(assistant.tasks_file("xlsx"))
    book = load_workbook(path)
    assert book.sheetnames == ["责任矩阵", "任务分工"]
    expected = expected_tasks()

    grid = list(book["责任矩阵"].iter_rows(values_only=True))
    header, body = grid[0], grid[1:]
    assert len(header) == 1 + 18 + 2  # unit, 18 tasks, lead and support counts
    for column in range(1, 19):
        task_no = int(str(header[column]).split()[0])
        name, lead, support = expected[task_no]
        assert header[column] == f"{task_no} {name}"
        assert sorted(row[0] for row in body if row[column] == "牵头") == sorted(lead)
        assert sorted(row[0] for row in body if row[column] == "配合") == sorted(support)

    table = list(book["任务分工"].iter_rows(values_only=True))
    assert table[0][:6] == ("文档", "标题", "序号", "任务", "牵头单位", "配合单位")
    assert len(table) == 19
    row16 = next(r for r in table[1:] if r[2] == 16)
    assert row16[5] == "法律部、認證部、實驗室部、研究所、中檢集團等"  # the open-ended list keeps its 等
    row14 = next(r for r in table[1:] if r[2] == 14)
    assert row14[4] == "國際部" and not row14[5]


def test_csv_and_json(assistant):
    text = assistant.tasks_file("csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 19 and rows[1][2] == "1"
    data = json.loads(assistant.tasks_file("json"))
    assert len(data) == 18 and data[0]["lead_units"] == ["國際部"]


def test_matrix_picture(assistant, tmp_path):
    path = assistant.matrix_picture(tmp_path / "matrix.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 10_000

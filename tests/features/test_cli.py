"""The feature subcommands as a user runs them: real subprocesses over the test index."""

from __future__ import annotations

import json
import shutil
import uuid
from dataclasses import asdict

from docx import Document
from openpyxl import load_workbook

from tests.conftest import run_cli


def test_targets_json_by_year(indexed_data_dir):
    result = run_cli(indexed_data_dir, "targets", "--json", "--year", "2030")
    assert result.returncode == 0, result.stderr
    (target,) = json.loads(result.stdout)
    assert target["when"] == "到2030年" and target["doc"].startswith("001")
    assert target["clause_id"] == "001_da98db179e3067c7:一.p2"


def test_targets_text_and_an_unknown_document(indexed_data_dir):
    result = run_cli(indexed_data_dir, "targets", "--doc", "000")
    assert result.returncode == 0 and "到2018年底" in result.stdout
    bad = run_cli(indexed_data_dir, "targets", "--doc", "nothing-like-this")
    assert bad.returncode == 2 and "error: no document" in bad.stderr


def test_tasks_xlsx_and_csv(indexed_data_dir, tmp_path):
    out = tmp_path / "tasks.xlsx"
    result = run_cli(indexed_data_dir, "tasks", "--format", "xlsx", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert load_workbook(out).sheetnames == ["责任矩阵", "任务分工"]
    printed = run_cli(indexed_data_dir, "tasks", "--format", "csv")
    assert printed.returncode == 0 and len(printed.stdout.strip().splitlines()) == 19
    refused = run_cli(indexed_data_dir, "tasks", "--format", "xlsx")
    assert refused.returncode == 2 and "--out" in refused.stderr


def test_compare_json(indexed_data_dir):
    result = run_cli(indexed_data_dir, "compare", "000", "高水平开放", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["a"]["doc"].startswith("000") and data["b"]["doc"].startswith("001")
    pairs = {p["a"]["id"].split(":")[1]: p for p in data["pairs"]}
    assert pairs["四.六.17"]["b"]["id"].endswith(":二.一") and pairs["四.六.17"]["matched"]
    assert isinstance(data["new_in_b"], list)


def test_ask_export_docx_and_md(indexed_data_dir, tmp_path):
    out = tmp_path / "answer.docx"
    result = run_cli(indexed_data_dir, "ask", "国际部牵头哪些任务?", "--export", str(out))
    assert result.returncode == 0, result.stderr
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "做好沿線重點國家的國別研究。圍繞外交外貿大局" in text  # cited clause text, in full
    md = tmp_path / "answer.md"
    assert run_cli(indexed_data_dir, "ask", "国际部牵头哪些任务?", "--export", str(md)).returncode == 0
    assert "索引版本" in md.read_text(encoding="utf-8")
    bad = run_cli(indexed_data_dir, "ask", "国际部牵头哪些任务?", "--export", str(tmp_path / "a.pdf"))
    assert bad.returncode == 2 and ".docx or .md" in bad.stderr


def test_feedback_export_then_eval_accepts_the_draft(indexed_data_dir, tmp_path):
    from assistant.api import Assistant
    from assistant.config import load_settings
    from assistant.web.ui.feedback import FeedbackLog, feedback_record

    data = tmp_path / "data"
    shutil.copytree(indexed_data_dir, data)
    local = Assistant(load_settings(data))
    question = "推进食品农产品领域互认由哪个部门牵头?"
    turn = {"id": uuid.uuid4().hex, "question": question, "history": [], "answer": asdict(local.answer(question))}
    FeedbackLog(data / "feedback.jsonl").append(feedback_record(turn, "down", "还应列出配合单位"))

    draft = tmp_path / "draft.jsonl"
    result = run_cli(data, "feedback", "export", "--out", str(draft), "--only-negative")
    assert result.returncode == 0, result.stderr
    assert "wrote 1 draft items" in result.stdout
    evaluated = run_cli(data, "eval", str(draft), "--out", str(tmp_path / "report"), "--no-progress", "--strict")
    assert evaluated.returncode == 0, evaluated.stderr
    report = json.loads((tmp_path / "report" / "report.json").read_text(encoding="utf-8"))
    (item,) = report["items"]
    assert item["question"] == question
    assert report["metrics"]["overall"]["hit@1"] == 1.0  # the gold is the clause the answer cited

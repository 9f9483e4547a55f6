"""Answer export (.docx opened with python-docx, .md) and feedback turned into set items that
eval's own loader accepts."""

from __future__ import annotations

import json
import shutil
import uuid
from dataclasses import asdict
from pathlib import Path

import pytest
from docx import Document

from assistant.web.ui.feedback import FeedbackLog, feedback_record
from eval.sets import parse_jsonl

QUESTION = "推进食品农产品领域互认由哪个部门牵头?"


@pytest.fixture(scope="module")
def answer(assistant):
    result = assistant.answer(QUESTION)
    assert result.citations and not result.refused
    return result


def docx_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "answer.docx"
    path.write_bytes(data)
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def test_docx_holds_the_answer_and_the_cited_clauses_in_full(assistant, answer, tmp_path):
    text = docx_text(assistant.export_answers([answer], "docx"), tmp_path)
    assert answer.answer.splitlines()[0] in text
    clause = assistant.clause(answer.citations[0].id)
    for paragraph in clause.text.splitlines():
        assert paragraph in text  # the full clause, not a snippet
    assert f"[{answer.citations[0].n}] {clause.title}" in text  # the number the answer cites it by
    assert clause.clause_path[-1] in text and clause.date in text
    assert f"索引版本:{assistant.index_version()}" in text and "导出时间:" in text


def test_markdown_export_and_a_whole_conversation(assistant, answer):
    second = assistant.answer("国际部牵头哪些任务?")
    text = assistant.export_answers([answer, second], "md").decode("utf-8")
    assert f"## 1. 问:{QUESTION}" in text and "## 2. 问:国际部牵头哪些任务?" in text
    assert text.count("### 引用条款") == 2
    assert f"**[{second.citations[-1].n}]**" in text
    assert assistant.index_version() in text


@pytest.fixture
def data_copy(indexed_data_dir, tmp_path) -> Path:
    """A private copy of the index, so feedback written here stays here."""
    target = tmp_path / "data"
    shutil.copytree(indexed_data_dir, target)
    return target


def write_feedback(data_dir: Path, assistant, ratings: list[tuple[str, str, str]]) -> None:
    """Feedback lines exactly as the UI writes them: (question, rating, comment) per answer."""
    log = FeedbackLog(data_dir / "feedback.jsonl")
    for question, rating, comment in ratings:
        result = assistant.answer(question)
        turn = {"id": uuid.uuid4().hex, "question": question, "history": [], "answer": asdict(result)}
        log.append(feedback_record(turn, "up", via="like"))  # the chat icon first
        log.append(feedback_record(turn, rating, comment, via="panel"))  # then the panel: the last word


def test_feedback_becomes_valid_set_items(data_copy):
    from assistant.api import Assistant
    from assistant.config import load_settings

    local = Assistant(load_settings(data_copy))
    write_feedback(data_copy, local, [(QUESTION, "down", "应该同时提到注册部"), ("明天的足球比赛谁会赢?", "up", "")])
    assert local.feedback_status() == {"answers": 2, "negative": 1, "new": 2}
    items = local.feedback_drafts()
    loaded, problems = parse_jsonl("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items))
    assert problems == [] and len(loaded) == 2
    negative, refused = loaded
    assert negative.question == QUESTION and negative.answerable
    assert "应该同时提到注册部" in negative.notes and "当时的回答" in negative.notes
    assert [g.doc for g in negative.gold] and all(g.doc.startswith("000") for g in negative.gold)
    assert not refused.answerable and refused.gold == []  # a refusal: only checked for refusing
    assert [i["id"] for i in local.feedback_drafts(only_negative=True)] == [negative.id]
    local.feedback_drafts(mark_exported=True)
    assert local.feedback_status()["new"] == 0

"""Unit tests of the UI's pure parts: highlighting, the sources panel, filters, auth, feedback."""

from __future__ import annotations

import json

import pytest

from assistant.types import Answer, Citation
from assistant.web.auth import check_password, credentials_from_header, parse_auth
from assistant.web.ui import render
from assistant.web.ui.feedback import FeedbackLog, feedback_record
from assistant.web.ui.tasks import ALL_UNITS, filter_rows, unit_choices

CLAUSE = "8.推進食品農產品領域互認。(牽頭單位:國際部,配合單位:注冊部)"


def citation(n: int = 1, text: str = CLAUSE) -> Citation:
    return Citation(n=n, id=f"d:{n}", doc="000_x.txt", title="《行動》計劃", clause="四、主要任務 > 8.推進",
                    text=text, score=1.0, date="2018-10-27", source="認監委")


def test_simplified_terms_are_marked_in_traditional_text() -> None:
    html = render.highlight(CLAUSE, ["推进食品农产品领域互认", "国际部"])
    assert "<mark>推進食品農產品領域互認</mark>" in html
    assert "<mark>國際部</mark>" in html


def test_overlapping_terms_merge_and_markup_is_escaped() -> None:
    assert render.highlight("a<b>认证认可</b>", ["认证", "证认可"]) == "a&lt;b&gt;<mark>认证认可</mark>&lt;/b&gt;"


def test_question_terms_skip_single_characters() -> None:
    terms = render.question_terms("推进食品农产品领域互认由哪个部门牵头?")
    assert "牵头" in terms and all(len(t) >= 2 for t in terms)


def test_sources_panel_shows_title_date_issuer_path_and_marks() -> None:
    answer = Answer(question="推进食品农产品领域互认由哪个部门牵头?", answer="国际部。[1]", refused=False,
                    citations=[citation()])
    html = render.sources_html(answer)
    for shown in ("[1]", "《行動》計劃", "2018-10-27", "認監委", "四、主要任務 &gt; 8.推進", "<mark>"):
        assert shown in html


def test_refusal_lists_related_clauses_as_not_supporting() -> None:
    answer = Answer(question="天气?", answer="无法回答。", refused=True, related=[citation(1), citation(2)])
    html = render.sources_html(answer)
    assert "未找到能回答此问题的条款" in html and html.count("src-related") == 2
    assert render.answer_markdown(answer).startswith("⚠️ **无法回答**")
    assert "相关条款(未作为依据)" in render.copy_text(answer)


def test_copy_text_has_answer_and_numbered_sources() -> None:
    answer = Answer(question="谁牵头?", answer="国际部。[1]", refused=False, citations=[citation()])
    text = render.copy_text(answer)
    assert text.startswith("问:谁牵头?") and "[1] 《行動》計劃(2018-10-27,認監委)" in text and CLAUSE in text


def test_answer_round_trips_through_session_state() -> None:
    from dataclasses import asdict

    answer = Answer(question="q", answer="a", refused=False, citations=[citation()], timings_ms={"total": 1.0})
    assert render.answer_from_json(asdict(answer)) == answer


ROWS = [
    {"doc": "a", "task_no": 1, "task_name": "推進食品農產品領域互認", "lead_units": ["國際部"],
     "support_units": ["注冊部"], "title": "t", "text": "HACCP認證"},
    {"doc": "a", "task_no": 2, "task_name": "加强进出口食品注册领域监管合作", "lead_units": ["注册部"],
     "support_units": [], "title": "t", "text": ""},
]


def test_units_are_listed_once_in_simplified_and_filter_folds() -> None:
    assert unit_choices(ROWS) == [ALL_UNITS, "国际部", "注册部"]
    assert [r["task_no"] for r in filter_rows(ROWS, "注册部", "牵头或配合", "")] == [1, 2]
    assert [r["task_no"] for r in filter_rows(ROWS, "注册部", "牵头", "")] == [2]
    assert [r["task_no"] for r in filter_rows(ROWS, "注册部", "配合", "")] == [1]
    assert [r["task_no"] for r in filter_rows(ROWS, ALL_UNITS, "牵头或配合", "haccp认证")] == [1]


def test_auth_spec_is_parsed_once_for_the_ui_and_the_api() -> None:
    assert parse_auth("") == parse_auth("  ") == parse_auth(None) == []
    assert parse_auth("ann:pw1, bob:p:w,") == [("ann", "pw1"), ("bob", "p:w")]  # a trailing comma is no entry
    for bad in ("ann", "ann:", ":pw", "ann:pw,bob"):
        with pytest.raises(ValueError, match="ASSISTANT_AUTH"):
            parse_auth(bad)
    users = parse_auth("ann:pw1,bob:p:w")
    assert check_password(users, "bob", "p:w") and not check_password(users, "bob", "p")
    assert credentials_from_header("Basic YW5uOnB3MQ==") == ("ann", "pw1")
    assert credentials_from_header("Bearer ann:pw1") == ("ann", "pw1")
    assert credentials_from_header("Basic !!!") is None and credentials_from_header("Digest x") is None


def test_feedback_is_one_json_line_per_rating(tmp_path) -> None:
    log = FeedbackLog(tmp_path / "sub" / "feedback.jsonl")
    turn = {"id": "t1", "question": "配合单位呢?", "history": [{"role": "user", "content": "谁牵头?"}],
            "answer": {"answer": "注册部。[1]", "refused": False, "mode": "table", "resolved_question": "x",
                       "citations": [{"id": "d:1"}], "related": []}}
    log.append(feedback_record(turn, "down", " 不全 ", via="panel"))
    log.append(feedback_record(turn, "up"))
    lines = [json.loads(x) for x in (tmp_path / "sub" / "feedback.jsonl").read_text().splitlines()]
    assert [x["rating"] for x in lines] == ["down", "up"]
    assert lines[0]["comment"] == "不全" and lines[0]["citations"] == ["d:1"] and lines[0]["history"][0]["content"] == "谁牵头?"
    assert lines[0]["timestamp"] and lines[0]["turn_id"] == "t1"

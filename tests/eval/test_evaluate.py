"""The one evaluation runner: a set file and an answer function in, the saved report out."""

from __future__ import annotations

import json

import pytest

from eval.evaluate import RegressionSet, evaluate
from eval.sets import SetError
from tests.eval.helpers import DOC_A, answer_json, citation

GOLD = "牵头单位:国际部、认证部"
LINES = [
    {"id": "E1", "category": "lead", "question": "谁牵头?", "answerable": True, "must_include": ["国际部"],
     "gold": [{"doc": DOC_A, "quote": GOLD}]},
    {"id": "E2", "category": "lead", "question": "谁配合?", "answerable": True, "must_include": ["认证部"]},
    {"id": "E3", "category": "unanswerable", "question": "在哪个城市?", "answerable": False},
]


def answer_fn(question: str, history: list[dict]) -> dict:
    if question == "在哪个城市?":
        return answer_json("文件未提及。", refused=True)
    return answer_json("国际部牵头[1]", [citation(1, DOC_A, GOLD)])


@pytest.fixture
def set_file(tmp_path):
    path = tmp_path / "mini.jsonl"
    rows = [json.dumps(r, ensure_ascii=False) for r in LINES] + ['{"id": "bad"}']
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_run_writes_the_report_with_the_set_the_limit_and_the_callers_settings(set_file, tmp_path):
    regression_set = RegressionSet.load(set_file)
    assert [i.id for i in regression_set.items] == ["E1", "E2", "E3"] and regression_set.loaded == 3
    assert [p.line for p in regression_set.problems] == [4]

    calls: list[tuple[int, int]] = []
    done = evaluate(regression_set, answer_fn, tmp_path / "out", limit=2, settings={"mode": "extractive"},
                    progress=lambda n, total: calls.append((n, total)))

    assert calls == [(0, 2), (1, 2), (2, 2)]
    saved = json.loads(done.paths.json.read_text(encoding="utf-8"))
    assert saved["settings"]["items_loaded"] == 3 and saved["settings"]["items_run"] == 2
    assert saved["settings"]["limit"] == 2 and saved["settings"]["mode"] == "extractive"
    assert [item["id"] for item in saved["items"]] == ["E1", "E2"]
    assert done.overall["n_items"] == 2
    assert [(record["id"], failures) for record, failures in done.failing()] == [("E2", ["`must_include`: missing: 认证部"])]
    assert any("hit@1" in line for line in done.metrics_lines())
    assert done.paths.markdown.is_file() and done.paths.chart.is_file()


def test_a_set_that_cannot_be_read_is_a_set_error(tmp_path):
    (tmp_path / "set.txt").write_text("id,question\n", encoding="utf-8")
    with pytest.raises(SetError, match="unknown set format"):
        RegressionSet.load(tmp_path / "set.txt")


def test_half_keeps_the_count_of_what_was_loaded(set_file):
    dev, held = RegressionSet.load(set_file, half="dev"), RegressionSet.load(set_file, half="held")
    assert sorted(i.id for i in [*dev.items, *held.items]) == ["E1", "E2", "E3"]
    assert dev.loaded == held.loaded == 3

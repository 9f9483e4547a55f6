"""The runner: records every item, survives failing answer functions."""

from __future__ import annotations

from eval.run import run_eval
from eval.sets import EvalItem, GoldQuote
from tests.eval.helpers import DOC_A, answer_json, citation

GOLD_TEXT = "牵头单位:国际部、认证部"


def items() -> list[EvalItem]:
    history = [{"role": "user", "content": "前一个问题"}, {"role": "assistant", "content": "前一个回答"}]
    return [
        EvalItem(
            id="R1",
            category="c",
            question="ok",
            answerable=True,
            must_include=["国际部"],
            gold=[GoldQuote(DOC_A, GOLD_TEXT)],
            history=history,
        ),
        EvalItem(
            id="R2", category="c", question="raise", answerable=True, gold=[GoldQuote(DOC_A, GOLD_TEXT)]
        ),
        EvalItem(id="R3", category="c", question="not a dict", answerable=True),
        EvalItem(id="R4", category="u", question="refuse", answerable=False),
    ]


def answer_fn(question: str, history: list[dict]) -> dict:
    """A deterministic stand-in for the assistant, answering by the question text."""
    history.append({"role": "user", "content": "changed"})  # must not leak into the set
    if question == "raise":
        raise RuntimeError("index not loaded")
    if question == "not a dict":
        return "plain text"  # type: ignore[return-value]
    if question == "refuse":
        return answer_json("无法回答", refused=True, total_ms=5.0)
    return answer_json("国际部牵头[1]", [citation(1, DOC_A, GOLD_TEXT)], total_ms=42.0)


def test_run_records_answers_and_errors_without_crashing(capsys):
    its = items()
    result = run_eval(its, answer_fn, progress=True)
    assert [r.item.id for r in result.records] == ["R1", "R2", "R3", "R4"]
    ok, raised, bad_shape, refused = result.records

    assert ok.answer == "国际部牵头[1]" and ok.refused is False
    assert ok.citations[0]["doc"] == DOC_A and ok.citations[0]["text"] == GOLD_TEXT
    assert ok.timings_ms == {"total": 42.0} and ok.wall_ms is not None
    assert ok.score.rank == 1 and ok.score.checks_passed

    assert raised.error == "RuntimeError: index not loaded"
    assert "RuntimeError" in raised.error_trace
    assert not raised.score.checks_passed

    assert bad_shape.error.startswith("bad answer: expected a dict")

    assert refused.refused is True and refused.score.checks_passed

    metrics = result.metrics()
    assert metrics["n_errors"] == 2
    assert metrics["answer_check_pass_rate"] == 0.5
    assert metrics["hit@1"] == 0.5  # R1 hit, R2 errored
    assert its[0].history[-1]["content"] == "前一个回答"  # the set's history was not changed
    assert "eval" in capsys.readouterr().err  # the progress bar goes to stderr


def test_record_json_carries_checks_with_verdicts_and_reasons():
    result = run_eval(items()[:1], answer_fn, progress=False)
    record = result.records[0].to_json()
    assert record["checks"] == [
        {"name": "answered", "passed": True, "reason": "answered"},
        {"name": "must_include", "passed": True, "reason": "all 1 present"},
    ]
    assert record["rank"] == 1 and record["latency_ms"] == 42.0 and record["checks_passed"] is True

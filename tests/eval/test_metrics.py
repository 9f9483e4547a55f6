"""Metrics on small hand-made cases: each metric must pass the right case and fail the wrong one."""

from __future__ import annotations

import pytest

from eval.metrics import (
    METRIC_DIRECTIONS,
    METRIC_KEYS,
    aggregate,
    aggregate_by_category,
    answer_checks,
    citation_precision,
    error_score,
    first_supporting_rank,
    hit_at,
    percentile,
    reciprocal_rank,
    score_item,
    supports,
)
from eval.sets import EvalItem, GoldQuote
from tests.eval.helpers import DOC_A, DOC_B, answer_json, citation

GOLD = GoldQuote(DOC_A, "牵头单位:国际部、认证部")
RIGHT_TEXT = "助推我优势产品进入沿线国家市场。(牵头单位:国际部、认证部)"
WRONG_TEXT = "加强认证认可能力建设援助。(牵头单位:国际部)"


def item(**fields) -> EvalItem:
    defaults = {"id": "T1", "category": "lead_department", "question": "谁牵头?", "answerable": True}
    return EvalItem(**{**defaults, **fields})


# --- supports / rank -------------------------------------------------------------------


def test_supports_a_right_citation():
    assert supports(citation(1, DOC_A, RIGHT_TEXT).__dict__, GOLD)


def test_does_not_support_a_wrong_citation_text():
    assert not supports(citation(1, DOC_A, WRONG_TEXT).__dict__, GOLD)


def test_does_not_support_the_right_text_in_another_doc():
    assert not supports(citation(1, DOC_B, RIGHT_TEXT).__dict__, GOLD)


def test_traditional_citation_supports_a_simplified_gold_quote():
    # The corpus keeps its own script (doc 000 is Traditional); gold quotes are Simplified,
    # with half-width punctuation where the clause has full-width.
    traditional = "助推我優勢產品進入沿線國家市場。(牽頭單位:國際部、認證部)"
    assert supports(citation(1, DOC_A, traditional).__dict__, GOLD)
    assert not supports(citation(1, DOC_A, "加強認證認可能力建設援助。(牽頭單位:國際部)").__dict__, GOLD)


def test_quote_may_run_from_the_clause_path_into_the_text():
    cited = citation(1, DOC_A, "探索建立中医药保健、体育服务", clause="(六)服务业质量提升支撑工程")
    assert supports(cited.__dict__, GoldQuote(DOC_A, "服务业质量提升支撑工程 探索建立中医药保健"))


def test_rank_of_first_supporting_citation():
    citations = [
        citation(1, DOC_A, WRONG_TEXT).__dict__,
        citation(2, DOC_B, RIGHT_TEXT).__dict__,
        citation(3, DOC_A, RIGHT_TEXT).__dict__,
    ]
    assert first_supporting_rank(citations, [GOLD]) == 3
    assert first_supporting_rank(citations[:2], [GOLD]) is None
    assert first_supporting_rank([], [GOLD]) is None


def test_hit_and_reciprocal_rank():
    assert (hit_at(1, 1), hit_at(2, 1), hit_at(5, 5), hit_at(6, 5), hit_at(None, 5)) == (1, 0, 1, 0, 0)
    assert reciprocal_rank(1) == 1.0
    assert reciprocal_rank(4) == 0.25
    assert reciprocal_rank(None) == 0.0


def test_citation_precision_counts_cited_clauses_holding_a_gold_quote():
    right, wrong = citation(1, DOC_A, RIGHT_TEXT).__dict__, citation(2, DOC_A, WRONG_TEXT).__dict__
    assert citation_precision([right], [GOLD]) == 1.0
    assert citation_precision([right, wrong], [GOLD]) == 0.5
    assert citation_precision([wrong], [GOLD]) == 0.0
    assert citation_precision([], [GOLD]) is None  # nothing cited: undefined, not 0
    assert citation_precision([right], []) is None  # no gold to judge by


# --- answer checks ---------------------------------------------------------------------


def checks_by_name(checks):
    return {check.name: check for check in checks}


def test_right_answer_passes_every_check():
    it = item(
        must_include=["国际部", "认证部"], must_include_any=[["2个", "两个"]], must_not_include=["法律部"]
    )
    checks = checks_by_name(answer_checks(it, answer_json("由國際部、認證部兩個單位牽頭,共两个[1]。")))
    assert set(checks) == {"answered", "must_include", "must_include_any[0]", "must_not_include"}
    assert all(check.passed for check in checks.values()), checks


def test_wrong_answer_fails_with_reasons():
    it = item(
        must_include=["国际部", "认证部"], must_include_any=[["2个", "两个"]], must_not_include=["法律部"]
    )
    checks = checks_by_name(answer_checks(it, answer_json("由国际部、法律部牵头。")))
    assert checks["answered"].passed
    assert not checks["must_include"].passed
    assert "认证部" in checks["must_include"].reason and "国际部" not in checks["must_include"].reason
    assert not checks["must_include_any[0]"].passed
    assert "2个 / 两个" in checks["must_include_any[0]"].reason
    assert not checks["must_not_include"].passed
    assert "法律部" in checks["must_not_include"].reason


def test_each_must_include_any_group_is_its_own_check():
    it = item(must_include_any=[["任务2", "第2项"], ["任务3", "第3项"]])
    checks = checks_by_name(answer_checks(it, answer_json("任务2由科标部牵头。")))
    assert checks["must_include_any[0]"].passed
    assert not checks["must_include_any[1]"].passed


def test_comparison_folds_width_and_punctuation():
    it = item(must_include=["ISO9001"])
    assert checks_by_name(answer_checks(it, answer_json("推行“ＩＳＯ ９００１”模式")))["must_include"].passed


def test_citation_markers_do_not_glue_onto_numbers():
    # "任务2[1]" must not read as "任务21".
    it = item(must_not_include=["任务21"])
    assert checks_by_name(answer_checks(it, answer_json("见任务2[1]。")))["must_not_include"].passed


def test_refusal_of_an_unanswerable_item_passes():
    it = item(answerable=False, category="unanswerable")
    (check,) = answer_checks(it, answer_json("文件中没有相关规定。", refused=True))
    assert (check.name, check.passed) == ("refused", True)


def test_answering_an_unanswerable_item_fails():
    it = item(answerable=False, category="unanswerable")
    (check,) = answer_checks(it, answer_json("在北京举办。"))
    assert (check.name, check.passed) == ("refused", False)


def test_false_refusal_fails_the_answered_check():
    it = item(must_include=[])
    checks = checks_by_name(answer_checks(it, answer_json("无法回答。", refused=True)))
    assert not checks["answered"].passed


# --- item scores and aggregates --------------------------------------------------------


def test_score_item_latency_prefers_the_answers_own_total():
    it = item(gold=[GOLD])
    assert score_item(it, answer_json("x", total_ms=120.0), wall_ms=500.0).latency_ms == 120.0
    assert score_item(it, answer_json("x"), wall_ms=500.0).latency_ms == 500.0


def test_percentile_interpolates_like_numpy():
    assert percentile([], 50) is None
    assert percentile([10.0], 95) == 10.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
    assert percentile([float(v) for v in range(1, 101)], 95) == pytest.approx(95.05)


def _cases(good: bool) -> list:
    """Four items (two answerable with gold, one more answerable, one unanswerable), answered
    well or badly. Every metric must come out strictly better for the good answers."""
    gold_item = item(id="G1", must_include=["国际部", "认证部"], gold=[GOLD])
    second = item(
        id="G2", category="list", must_include=["分级认证"], gold=[GoldQuote(DOC_B, "分级认证和增值审核试点")]
    )
    plain = item(id="P1", category="list", must_include=["蒙古"])
    unanswerable = item(id="U1", category="unanswerable", answerable=False)
    right = citation(1, DOC_A, RIGHT_TEXT)
    right_b = citation(1, DOC_B, "探索开展质量管理体系分级认证和增值审核试点。")
    wrong = citation(1, DOC_A, WRONG_TEXT + "很长的一段无关文字。" * 10)
    if good:
        answers = [
            answer_json("国际部、认证部[1]", [right], total_ms=100.0),
            answer_json("分级认证[1]", [right_b], total_ms=100.0),
            answer_json("东亚:蒙古", total_ms=100.0),
            answer_json("文件没有写。", refused=True, total_ms=100.0),
        ]
    else:
        wrong2 = citation(2, DOC_A, RIGHT_TEXT)
        answers = [
            answer_json("国际部[1]", [wrong, wrong2], total_ms=900.0),  # supporting only at rank 2
            answer_json("无法回答", refused=True, total_ms=900.0),
            answer_json("东亚:蒙古", total_ms=900.0),
            answer_json("在北京。", [wrong], total_ms=900.0),
        ]
    items = [gold_item, second, plain, unanswerable]
    return [score_item(it, ans) for it, ans in zip(items, answers, strict=True)]


def test_every_metric_can_fail():
    good, bad = aggregate(_cases(good=True)), aggregate(_cases(good=False))
    for key in METRIC_KEYS:
        assert good[key] is not None and bad[key] is not None, key
        direction = METRIC_DIRECTIONS[key]
        if direction == "higher":
            assert good[key] > bad[key], key
        elif direction == "lower":
            assert good[key] < bad[key], key
        else:
            assert good[key] != bad[key], key


def test_aggregate_values_on_the_hand_made_cases():
    good, bad = aggregate(_cases(good=True)), aggregate(_cases(good=False))
    assert good["hit@1"] == good["hit@5"] == good["mrr"] == 1.0
    assert bad["hit@1"] == 0.0 and bad["hit@5"] == 0.5 and bad["mrr"] == 0.25
    assert good["answer_check_pass_rate"] == 1.0 and bad["answer_check_pass_rate"] == 0.25
    assert good["refusal_accuracy"] == 1.0 and bad["refusal_accuracy"] == 0.0
    assert good["false_refusal_rate"] == 0.0 and bad["false_refusal_rate"] == pytest.approx(1 / 3)
    assert good["citation_precision"] == 1.0 and bad["citation_precision"] == 0.5  # G1: 1 of 2 cited
    assert good["latency_p50_ms"] == 100.0 and bad["latency_p95_ms"] == 900.0
    assert (
        good["mean_cited_chars"]
        == (len(RIGHT_TEXT) + len("探索开展质量管理体系分级认证和增值审核试点。")) / 2
    )
    assert (good["n_retrieval"], good["n_answerable"], good["n_unanswerable"]) == (2, 3, 1)


def test_undefined_metrics_are_none_not_zero():
    metrics = aggregate([score_item(item(answerable=False), answer_json("无", refused=True))])
    assert metrics["hit@1"] is None and metrics["false_refusal_rate"] is None
    assert metrics["citation_precision"] is None and metrics["mean_cited_chars"] is None
    assert metrics["refusal_accuracy"] == 1.0


def test_errored_item_counts_as_failed_everywhere():
    errored = error_score(item(gold=[GOLD]), "RuntimeError: boom")
    metrics = aggregate([errored])
    assert metrics["n_errors"] == 1
    assert metrics["hit@1"] == metrics["hit@5"] == metrics["mrr"] == 0.0
    assert metrics["answer_check_pass_rate"] == 0.0
    assert metrics["false_refusal_rate"] == 1.0
    assert metrics["citation_precision"] == 0.0
    assert metrics["latency_p50_ms"] is None  # an error measures no answer time
    assert not errored.checks_passed
    assert aggregate([error_score(item(answerable=False), "boom")])["refusal_accuracy"] == 0.0


def test_aggregate_by_category_keeps_the_set_order():
    by_category = aggregate_by_category(_cases(good=True))
    assert list(by_category) == ["lead_department", "list", "unanswerable"]
    assert by_category["list"]["n_items"] == 2
    assert by_category["unanswerable"]["hit@1"] is None

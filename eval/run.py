"""Run a regression set through an answer function and record every item.

The answer function is whatever answers a question: `answer_fn(question, history)` returns
the `Answer.to_json()` dict. One failing item (the function raises, or returns something
that is not an answer) is recorded as an error and counted as failed; the run goes on.
"""

from __future__ import annotations

import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tqdm import tqdm

from eval.metrics import ItemScore, aggregate, aggregate_by_category, error_score, score_item
from eval.sets import EvalItem

AnswerFn = Callable[[str, list[dict[str, str]]], dict[str, Any]]

# The citation fields kept in a record: enough to see what was cited and to re-score it.
_CITATION_FIELDS = ("n", "id", "doc", "title", "clause", "text", "score")


@dataclass
class ItemRecord:
    """One item's question, what the assistant answered, and how it scored."""

    item: EvalItem
    score: ItemScore
    answer: str | None = None
    refused: bool | None = None
    mode: str | None = None
    citations: list[dict[str, Any]] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)
    wall_ms: float | None = None
    fallback_reason: str | None = None
    resolved_question: str | None = None
    error: str | None = None
    error_trace: str | None = None  # the formatted traceback, for debugging from report.json

    def to_json(self) -> dict[str, Any]:
        """The record as it goes into report.json (one flat object per item)."""
        score = self.score.to_json()
        return {
            "id": self.item.id,
            "category": self.item.category,
            "question": self.item.question,
            "history": self.item.history,
            "answerable": self.item.answerable,
            "gold": [{"doc": g.doc, "quote": g.quote} for g in self.item.gold],
            "notes": self.item.notes,
            "line": self.item.line,
            "answer": self.answer,
            "refused": self.refused,
            "mode": self.mode,
            "fallback_reason": self.fallback_reason,
            "resolved_question": self.resolved_question,
            "citations": self.citations,
            "timings_ms": self.timings_ms,
            "wall_ms": self.wall_ms,
            "latency_ms": score["latency_ms"],
            "rank": score["rank"],
            "citation_precision": score["citation_precision"],
            "cited_chars": score["cited_chars"],
            "n_citations": score["n_citations"],
            "checks": score["checks"],
            "checks_passed": score["checks_passed"],
            "error": self.error,
            "error_trace": self.error_trace,
        }


@dataclass
class RunResult:
    """All item records of one run, with the metrics over them."""

    records: list[ItemRecord]
    started_at: str = ""
    duration_s: float = 0.0

    @property
    def scores(self) -> list[ItemScore]:
        return [record.score for record in self.records]

    def metrics(self) -> dict[str, float | int | None]:
        """Metrics over all items."""
        return aggregate(self.scores)

    def metrics_by_category(self) -> dict[str, dict[str, float | int | None]]:
        """Metrics per category, in the set's order."""
        return aggregate_by_category(self.scores)


def record_answer(item: EvalItem, answer: Any, wall_ms: float | None = None) -> ItemRecord:
    """Score one returned answer into a record; an answer of the wrong shape becomes an error."""
    problem = answer_shape_problem(answer)
    if problem:
        error = f"bad answer: {problem}"
        return ItemRecord(item=item, score=error_score(item, error), wall_ms=wall_ms, error=error)
    citations = [{k: c.get(k) for k in _CITATION_FIELDS} for c in answer["citations"]]
    return ItemRecord(
        item=item,
        score=score_item(item, answer, wall_ms),
        answer=answer["answer"],
        refused=answer["refused"],
        mode=answer.get("mode"),
        citations=citations,
        timings_ms=dict(answer.get("timings_ms") or {}),
        wall_ms=wall_ms,
        fallback_reason=answer.get("fallback_reason"),
        resolved_question=answer.get("resolved_question"),
    )


def record_error(item: EvalItem, exc: BaseException, wall_ms: float | None = None) -> ItemRecord:
    """The record of an item whose answer function raised."""
    error = f"{type(exc).__name__}: {exc}"
    return ItemRecord(
        item=item,
        score=error_score(item, error),
        wall_ms=wall_ms,
        error=error,
        error_trace="".join(traceback.format_exception(exc)),
    )


def answer_shape_problem(answer: Any) -> str | None:
    """What is wrong with an answer dict for scoring, or None when it can be scored."""
    if not isinstance(answer, dict):
        return f"expected a dict (Answer.to_json()), got {type(answer).__name__}"
    if not isinstance(answer.get("answer"), str):
        return "answer.answer is not a string"
    if not isinstance(answer.get("refused"), bool):
        return "answer.refused is not a boolean"
    citations = answer.get("citations")
    if not isinstance(citations, list) or not all(isinstance(c, dict) for c in citations):
        return "answer.citations is not a list of objects"
    if not isinstance(answer.get("timings_ms", {}), dict):
        return "answer.timings_ms is not an object"
    return None


def run_eval(items: list[EvalItem], answer_fn: AnswerFn, progress: bool = True) -> RunResult:
    """Ask every item's question (with its history) and score the answers.

    `progress` shows a tqdm bar on stderr. Exceptions from `answer_fn` are caught per item
    (KeyboardInterrupt is not, so a run can still be stopped).
    """
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    run_start = time.perf_counter()
    records: list[ItemRecord] = []
    failed = 0
    with tqdm(items, desc="eval", unit="q", file=sys.stderr, disable=not progress) as bar:
        for item in bar:
            start = time.perf_counter()
            try:
                # A copy: an answer function that appends to the history must not change the set.
                answer = answer_fn(item.question, [dict(turn) for turn in item.history])
                wall_ms = (time.perf_counter() - start) * 1000.0
                record = record_answer(item, answer, wall_ms)
            except Exception as exc:
                record = record_error(item, exc, (time.perf_counter() - start) * 1000.0)
            records.append(record)
            failed += not record.score.checks_passed
            bar.set_postfix(failed=failed, refresh=False)
    return RunResult(records=records, started_at=started_at, duration_s=time.perf_counter() - run_start)

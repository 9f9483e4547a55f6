"""Scoring: pure functions over an `EvalItem` and an answer in the `Answer.to_json()` shape.

Per item (`score_item`):

- retrieval: the 1-based position in `citations` of the first citation that `supports` a
  gold quote (`rank`, None when none does). Only `citations` count, not `related`: they
  are what the answer shows as its support.
- answer checks (`answer_checks`), each a `Check(name, passed, reason)`. Answerable items:
  `answered` (not refused), `must_include` (all terms), `must_include_any[i]` (any member
  of group i), `must_not_include` (none); terms and answer are compared after
  `fold_loose`, so script, width and punctuation do not decide. Unanswerable items: one
  check, `refused`.
- citation precision: the share of citations that support some gold quote (items with
  gold and at least one citation).

Aggregates (`aggregate`; exact keys in `METRIC_KEYS`, denominators in `COUNT_KEYS`):

- `hit@1`, `hit@5`, `mrr`: over answerable items with gold.
- `answer_check_pass_rate`: share of items whose checks all pass (all items).
- `refusal_accuracy`: share of unanswerable items that were refused.
- `false_refusal_rate`: share of answerable items that were refused.
- `citation_precision`: mean of the per-item precisions.
- `latency_p50_ms`, `latency_p95_ms`: of `timings_ms["total"]`, else the runner's wall time.
- `mean_cited_chars`: mean length of a cited clause's text, over all citations.

A metric with an empty denominator is None, not 0: "not measured" must not read as "failed".
An item whose answer function raised (`error` set) counts as failed everywhere it enters:
no hit, checks failed, refusal wrong, counted as a false refusal, precision 0; its latency
is left out, since it measures no answer.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from eval.sets import EvalItem, GoldQuote
from text.fold import fold_loose

# Higher-is-better, lower-is-better, or neither (None): used by thresholds and comparisons.
METRIC_DIRECTIONS: dict[str, str | None] = {
    "hit@1": "higher",
    "hit@5": "higher",
    "mrr": "higher",
    "answer_check_pass_rate": "higher",
    "refusal_accuracy": "higher",
    "false_refusal_rate": "lower",
    "citation_precision": "higher",
    "latency_p50_ms": "lower",
    "latency_p95_ms": "lower",
    # Shorter citations are not better or worse in themselves; a threshold must say which way.
    "mean_cited_chars": None,
}
METRIC_KEYS = tuple(METRIC_DIRECTIONS)
COUNT_KEYS = ("n_items", "n_errors", "n_retrieval", "n_answerable", "n_unanswerable", "n_precision")

# `[1]`, `[1,2]`, `[1][2]`: citation markers are dropped before matching, else their digits
# would glue onto neighbouring text once brackets are folded away ("任务2[1]" -> "任务21").
_CITATION_MARKER = re.compile(r"\[\d+(?:\s*[,，、]\s*\d+)*\]")


@dataclass(frozen=True)
class Check:
    """One answer check: its name, whether it passed, and why (for the report)."""

    name: str
    passed: bool
    reason: str


@dataclass
class ItemScore:
    """Everything scored for one item; aggregates are computed from a list of these."""

    id: str
    category: str
    answerable: bool
    has_gold: bool
    rank: int | None = None
    refused: bool | None = None  # None when the answer function failed
    checks: list[Check] = field(default_factory=list)
    citation_precision: float | None = None
    latency_ms: float | None = None
    cited_chars: int = 0  # total length of the cited texts
    n_citations: int = 0
    error: str | None = None

    @property
    def checks_passed(self) -> bool:
        """All answer checks passed and the item did not error."""
        return self.error is None and all(check.passed for check in self.checks)

    @property
    def refusal_correct(self) -> bool:
        """For unanswerable items: the answer was a refusal."""
        return self.error is None and self.refused is True

    @property
    def false_refusal(self) -> bool:
        """For answerable items: the user got no answer (a refusal, or an error)."""
        return self.error is not None or self.refused is True

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["checks_passed"] = self.checks_passed
        return data


def fold_answer(text: str) -> str:
    """The answer text as compared with terms: citation markers removed, then `fold_loose`."""
    return fold_loose(_CITATION_MARKER.sub(" ", text))


def supports(citation: dict[str, Any], gold: GoldQuote) -> bool:
    """True when the citation is from the gold doc and its clause path + text holds the quote.

    Path and text are joined without a separator, so a quote that runs from a heading
    into the body still matches; both sides are folded with `fold_loose`.
    """
    if citation.get("doc") != gold.doc:
        return False
    cited = fold_loose(f"{citation.get('clause') or ''}{citation.get('text') or ''}")
    return fold_loose(gold.quote) in cited


def first_supporting_rank(citations: list[dict[str, Any]], gold: list[GoldQuote]) -> int | None:
    """1-based position of the first citation supporting any gold quote; None if none does."""
    for position, citation in enumerate(citations, start=1):
        if any(supports(citation, quote) for quote in gold):
            return position
    return None


def hit_at(rank: int | None, k: int) -> float:
    """1.0 when the first supporting citation is within the top k, else 0.0."""
    return 1.0 if rank is not None and rank <= k else 0.0


def reciprocal_rank(rank: int | None) -> float:
    """1/rank, 0.0 when nothing supports."""
    return 1.0 / rank if rank else 0.0


def citation_precision(citations: list[dict[str, Any]], gold: list[GoldQuote]) -> float | None:
    """Share of citations that support some gold quote; None without gold or citations."""
    if not gold or not citations:
        return None
    supporting = sum(1 for c in citations if any(supports(c, quote) for quote in gold))
    return supporting / len(citations)


def answer_checks(item: EvalItem, answer: dict[str, Any]) -> list[Check]:
    """The answer checks of one item (see the module docstring for which apply)."""
    refused = bool(answer.get("refused"))
    if not item.answerable:
        if refused:
            return [Check("refused", True, "refused as expected")]
        return [Check("refused", False, "answered although the set marks it unanswerable")]

    checks = [Check("answered", not refused, "refused although answerable" if refused else "answered")]
    text = fold_answer(str(answer.get("answer") or ""))
    if item.must_include:
        missing = [term for term in item.must_include if fold_loose(term) not in text]
        reason = f"missing: {', '.join(missing)}" if missing else f"all {len(item.must_include)} present"
        checks.append(Check("must_include", not missing, reason))
    for i, group in enumerate(item.must_include_any):
        found = [term for term in group if fold_loose(term) in text]
        reason = f"found: {found[0]}" if found else f"none of: {' / '.join(group)}"
        checks.append(Check(f"must_include_any[{i}]", bool(found), reason))
    if item.must_not_include:
        present = [term for term in item.must_not_include if fold_loose(term) in text]
        reason = f"present: {', '.join(present)}" if present else "none present"
        checks.append(Check("must_not_include", not present, reason))
    return checks


def latency_of(answer: dict[str, Any], wall_ms: float | None) -> float | None:
    """The answer's own `timings_ms["total"]` when it reports one, else the measured wall time."""
    total = (answer.get("timings_ms") or {}).get("total")
    if isinstance(total, (int, float)) and not isinstance(total, bool) and math.isfinite(total):
        return float(total)
    return wall_ms


def score_item(item: EvalItem, answer: dict[str, Any], wall_ms: float | None = None) -> ItemScore:
    """Score one answer (the `Answer.to_json()` dict) against its item."""
    citations = list(answer.get("citations") or [])
    texts = [str(c.get("text") or "") for c in citations]
    return ItemScore(
        id=item.id,
        category=item.category,
        answerable=item.answerable,
        has_gold=bool(item.gold),
        # Retrieval rank runs over the clauses the answer returns in rank order: the cited
        # ones first, then the related ones (the rest of the top five).
        rank=first_supporting_rank(citations + list(answer.get("related") or []), item.gold) if item.gold else None,
        refused=bool(answer.get("refused")),
        checks=answer_checks(item, answer),
        citation_precision=citation_precision(citations, item.gold),
        latency_ms=latency_of(answer, wall_ms),
        cited_chars=sum(len(t) for t in texts),
        n_citations=len(citations),
    )


def error_score(item: EvalItem, error: str) -> ItemScore:
    """The score of an item whose answer could not be produced or read: failed throughout."""
    return ItemScore(
        id=item.id,
        category=item.category,
        answerable=item.answerable,
        has_gold=bool(item.gold),
        checks=[Check("error", False, error)],
        citation_precision=0.0 if item.gold else None,
        error=error,
    )


def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile (0-100) with linear interpolation between ranks (numpy's default)."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100.0
    low = math.floor(position)
    high = math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


def aggregate(scores: list[ItemScore]) -> dict[str, float | int | None]:
    """The metrics (`METRIC_KEYS`) and their denominators (`COUNT_KEYS`) over some items."""
    retrieval = [s for s in scores if s.answerable and s.has_gold]
    answerable = [s for s in scores if s.answerable]
    unanswerable = [s for s in scores if not s.answerable]
    precisions = [s.citation_precision for s in scores if s.citation_precision is not None]
    latencies = [s.latency_ms for s in scores if s.error is None and s.latency_ms is not None]
    n_citations = sum(s.n_citations for s in scores)
    return {
        "n_items": len(scores),
        "n_errors": sum(1 for s in scores if s.error is not None),
        "n_retrieval": len(retrieval),
        "n_answerable": len(answerable),
        "n_unanswerable": len(unanswerable),
        "n_precision": len(precisions),
        "hit@1": _mean(hit_at(s.rank, 1) for s in retrieval),
        "hit@5": _mean(hit_at(s.rank, 5) for s in retrieval),
        "mrr": _mean(reciprocal_rank(s.rank) for s in retrieval),
        "answer_check_pass_rate": _mean(float(s.checks_passed) for s in scores),
        "refusal_accuracy": _mean(float(s.refusal_correct) for s in unanswerable),
        "false_refusal_rate": _mean(float(s.false_refusal) for s in answerable),
        "citation_precision": _mean(precisions),
        "latency_p50_ms": percentile(latencies, 50),
        "latency_p95_ms": percentile(latencies, 95),
        "mean_cited_chars": sum(s.cited_chars for s in scores) / n_citations if n_citations else None,
    }


def aggregate_by_category(scores: list[ItemScore]) -> dict[str, dict[str, float | int | None]]:
    """`aggregate` for each category, in order of first appearance."""
    categories: dict[str, list[ItemScore]] = {}
    for score in scores:
        categories.setdefault(score.category, []).append(score)
    return {name: aggregate(members) for name, members in categories.items()}

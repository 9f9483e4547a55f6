"""`--fail-under` thresholds on the overall metrics.

Syntax, one threshold per argument:

- `METRIC=VALUE`: the metric must be at least as good as VALUE, in the metric's own
  direction: `>= VALUE` for higher-is-better metrics (hit@1, hit@5, mrr,
  answer_check_pass_rate, refusal_accuracy, citation_precision) and `<= VALUE` for
  lower-is-better ones (false_refusal_rate, latency_p50_ms, latency_p95_ms).
- `METRIC>=VALUE` or `METRIC<=VALUE`: the comparison spelt out; needed for
  `mean_cited_chars`, which has no better direction.

Rates are fractions (`hit@1=0.8`, not 80). A metric that is undefined in the run (no
items to measure it on, e.g. refusal_accuracy without unanswerable items) fails its
threshold: a gate must not pass on something it did not measure. An unknown metric name,
a missing value or a value that is not a number raises `ValueError`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from eval.metrics import METRIC_DIRECTIONS

_SPEC = re.compile(r"^\s*(?P<metric>[^<>=\s]+)\s*(?P<op>>=|<=|=)\s*(?P<value>\S+)\s*$")


@dataclass(frozen=True)
class Threshold:
    """A parsed threshold: `metric op value` with op `>=` or `<=`."""

    metric: str
    op: str
    value: float
    spec: str

    def holds(self, measured: float) -> bool:
        return measured >= self.value if self.op == ">=" else measured <= self.value


def parse_threshold(spec: str) -> Threshold:
    """Parse `METRIC=VALUE`, `METRIC>=VALUE` or `METRIC<=VALUE` (see the module docstring)."""
    match = _SPEC.match(spec)
    if not match:
        raise ValueError(f"threshold {spec!r} is not METRIC=VALUE, METRIC>=VALUE or METRIC<=VALUE")
    metric, op, raw_value = match["metric"], match["op"], match["value"]
    if metric not in METRIC_DIRECTIONS:
        raise ValueError(
            f"threshold {spec!r}: unknown metric {metric!r}; known: {', '.join(METRIC_DIRECTIONS)}"
        )
    try:
        value = float(raw_value)
    except ValueError:
        raise ValueError(f"threshold {spec!r}: {raw_value!r} is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"threshold {spec!r}: the value must be a finite number")
    if op == "=":
        direction = METRIC_DIRECTIONS[metric]
        if direction is None:
            raise ValueError(
                f"threshold {spec!r}: {metric} has no better direction; write {metric}>=V or {metric}<=V"
            )
        op = ">=" if direction == "higher" else "<="
    return Threshold(metric=metric, op=op, value=value, spec=spec.strip())


def parse_thresholds(specs: list[str]) -> list[Threshold]:
    """Parse every spec; the first bad one raises `ValueError`."""
    return [parse_threshold(spec) for spec in specs]


def check_thresholds(metrics: dict[str, float | int | None], specs: list[str]) -> list[str]:
    """The failed thresholds, each as a readable line; empty when all hold.

    `metrics` is the overall metrics dict (`aggregate`). Raises `ValueError` for a bad spec.
    """
    failures = []
    for threshold in parse_thresholds(specs):
        measured = metrics.get(threshold.metric)
        if measured is None:
            failures.append(
                f"{threshold.spec}: {threshold.metric} is undefined in this run (no items measure it)"
            )
        elif not threshold.holds(measured):
            failures.append(
                f"{threshold.spec}: {threshold.metric} = {measured:.4g}, needs {threshold.op} {threshold.value:g}"
            )
    return failures

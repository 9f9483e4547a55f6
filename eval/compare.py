"""Compare a run's report with a baseline report (both the report.json dicts).

Metric deltas are given overall and per category, with a verdict in the metric's
direction (better / worse / same; `changed` for metrics without a direction).

Item by item (matched by id):

- regressed: its checks passed in the baseline and fail now, or its first supporting
  rank got worse (a larger rank, or no supporting citation any more);
- improved: the reverse (checks failed and now pass, or a better rank);
- an item can be in both lists (e.g. checks now fail but its citation moved up);
- added / removed: ids only in the current run / only in the baseline.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from eval.metrics import METRIC_DIRECTIONS, METRIC_KEYS

# Below this a metric difference is float noise, not a change.
_EPSILON = 1e-9


def load_report(path: str | Path) -> dict[str, Any]:
    """Read a report.json written by `eval.report.write_report`; `ValueError` if it is not one."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: cannot read the baseline report: {exc}") from exc
    if not isinstance(data, dict):
        raise ValueError(f"{path}: not an eval report (expected a JSON object)")
    metrics = data.get("metrics")
    items = data.get("items")
    if not isinstance(metrics, dict) or not isinstance(metrics.get("overall"), dict):
        raise ValueError(f"{path}: not an eval report (no metrics.overall)")
    if not isinstance(items, list) or not all(isinstance(i, dict) and "id" in i for i in items):
        raise ValueError(f"{path}: not an eval report (items is not a list of records with ids)")
    return data


def metric_delta(metric: str, before: float | None, after: float | None) -> dict[str, Any]:
    """One metric's before/after/delta and whether the change is better or worse."""
    if before is None or after is None:
        verdict = "same" if before is None and after is None else "n/a"
        return {"before": before, "after": after, "delta": None, "verdict": verdict}
    delta = after - before
    direction = METRIC_DIRECTIONS.get(metric)
    if abs(delta) <= _EPSILON:
        verdict = "same"
    elif direction is None:
        verdict = "changed"
    elif (delta > 0) == (direction == "higher"):
        verdict = "better"
    else:
        verdict = "worse"
    return {"before": before, "after": after, "delta": delta, "verdict": verdict}


def metric_deltas(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """`metric_delta` for every metric key."""
    return {key: metric_delta(key, before.get(key), after.get(key)) for key in METRIC_KEYS}


def _rank_change(before: int | None, after: int | None) -> int:
    """+1 when the rank got better, -1 worse, 0 same (None = no supporting citation)."""
    if before == after:
        return 0
    if before is None:
        return 1
    if after is None:
        return -1
    return 1 if after < before else -1


def compare_items(current: list[dict[str, Any]], baseline: list[dict[str, Any]]) -> dict[str, Any]:
    """Which items regressed and which improved (see the module docstring)."""
    old_by_id = {record["id"]: record for record in baseline}
    new_ids = {record["id"] for record in current}
    regressed, improved = [], []
    for new in current:
        old = old_by_id.get(new["id"])
        if old is None:
            continue
        worse, better = [], []
        old_pass, new_pass = bool(old.get("checks_passed")), bool(new.get("checks_passed"))
        if old_pass and not new_pass:
            failed = [c["name"] for c in new.get("checks", []) if not c.get("passed")]
            worse.append(f"checks now fail ({', '.join(failed) or 'error'})")
        elif new_pass and not old_pass:
            better.append("checks now pass")
        change = _rank_change(old.get("rank"), new.get("rank"))
        rank_text = f"rank {_rank_text(old.get('rank'))} -> {_rank_text(new.get('rank'))}"
        if change < 0:
            worse.append(rank_text)
        elif change > 0:
            better.append(rank_text)
        summary = {"id": new["id"], "category": new.get("category"), "question": new.get("question")}
        if worse:
            regressed.append({**summary, "reasons": worse})
        if better:
            improved.append({**summary, "reasons": better})
    return {
        "regressed": regressed,
        "improved": improved,
        "added": [r["id"] for r in current if r["id"] not in old_by_id],
        "removed": [r["id"] for r in baseline if r["id"] not in new_ids],
    }


def _rank_text(rank: int | None) -> str:
    return "none" if rank is None else str(rank)


def compare_reports(
    current: dict[str, Any], baseline: dict[str, Any], baseline_path: str | None = None
) -> dict[str, Any]:
    """The comparison section of report.json: metric deltas, item changes, changed settings."""
    now_metrics, old_metrics = current["metrics"], baseline["metrics"]
    old_categories = old_metrics.get("by_category", {})
    now_categories = now_metrics.get("by_category", {})
    by_category = {
        name: metric_deltas(old_categories.get(name, {}), now_categories.get(name, {}))
        for name in [*now_categories, *(c for c in old_categories if c not in now_categories)]
    }
    old_settings, now_settings = baseline.get("settings", {}), current.get("settings", {})
    settings_changed = {
        key: {"before": old_settings.get(key), "after": now_settings.get(key)}
        for key in sorted(set(old_settings) | set(now_settings))
        if old_settings.get(key) != now_settings.get(key)
    }
    return {
        "baseline_created_at": baseline.get("created_at"),
        "answers_fingerprint": {
            "before": baseline.get("answers_fingerprint"),
            "after": current.get("answers_fingerprint"),
        },
        "baseline_path": baseline_path,
        "metrics": {
            "overall": metric_deltas(old_metrics["overall"], now_metrics["overall"]),
            "by_category": by_category,
        },
        "items": compare_items(current["items"], baseline["items"]),
        "settings_changed": settings_changed,
    }

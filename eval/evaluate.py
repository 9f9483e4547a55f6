"""The one evaluation runner: a regression set and an answer function in, a saved report out.

    regression_set = RegressionSet.load(path)                    # SetError when unreadable
    done = evaluate(regression_set, answer_fn, out_dir, limit=10, settings={"mode": "llm"})
    done.report, done.paths                                      # report.json, report.md, chart.png

The `eval` subcommand (`eval.cli`) and the UI's evaluation tab (through `Assistant.evaluate`) both
run sets through it; they differ only in how they show progress and the result.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval.render import item_failures, metrics_table, worst_items
from eval.report import ReportPaths, build_report, save_report
from eval.run import AnswerFn, run_eval
from eval.sets import EvalItem, SetProblem, half_of, load_set

ItemProgress = Callable[[int, int], None]  # (items done, items in the run): before each item and at the end


@dataclass
class RegressionSet:
    """A loaded set: the items that validated, the problems of the lines that did not."""

    path: Path
    items: list[EvalItem]
    problems: list[SetProblem]
    loaded: int = 0  # how many items validated, before taking a half

    @classmethod
    def load(cls, path: str | Path, strict: bool = False, half: str | None = None) -> RegressionSet:
        """Load and validate a set; `half` keeps one half of it (`eval.sets.half_of`). Raises
        SetError when the file cannot be read or (strict) a line is bad; `items` may be empty."""
        path = Path(path)
        items, problems = load_set(path, strict=strict)
        return cls(path, half_of(items, half) if half is not None else items, problems, len(items))


@dataclass
class Evaluation:
    """A finished run: the report as saved and where its files are."""

    report: dict[str, Any]
    paths: ReportPaths

    @property
    def overall(self) -> dict[str, Any]:
        """The metrics over every item."""
        return self.report["metrics"]["overall"]

    def metrics_lines(self) -> list[str]:
        """The metrics as a Markdown table, overall and per category."""
        return metrics_table(self.overall, self.report["metrics"]["by_category"])

    def failing(self) -> list[tuple[dict[str, Any], list[str]]]:
        """Items that failed a check or raised, worst first, with the checks each failed."""
        return [(record, item_failures(record)) for record in worst_items(self.report["items"])]


def _counted(answer_fn: AnswerFn, progress: ItemProgress, total: int) -> AnswerFn:
    """`answer_fn` reporting (done, total) before each item (run_eval asks the items in order)."""
    done = 0

    def answer(question: str, history: list[dict[str, str]]) -> dict[str, Any]:
        nonlocal done
        progress(done, total)
        done += 1
        return answer_fn(question, history)

    return answer


def evaluate(
    regression_set: RegressionSet,
    answer_fn: AnswerFn,
    out_dir: str | Path,
    limit: int | None = None,
    settings: dict[str, Any] | None = None,
    progress: bool | ItemProgress = True,
    baseline: dict[str, Any] | None = None,
    baseline_path: str | None = None,
) -> Evaluation:
    """Ask the set's first `limit` items (all when None), score them, save the report in `out_dir`.

    `settings` are recorded in report.json after the run's own (set, its sha256, item counts,
    limit). `progress` is a tqdm bar on stderr (True), none (False), or a callback per item.
    With a `baseline` report the new one is compared with it (compare.md)."""
    items = regression_set.items[:limit] if limit else regression_set.items
    per_item = progress if callable(progress) else None
    if per_item is not None:
        answer_fn = _counted(answer_fn, per_item, len(items))
    result = run_eval(items, answer_fn, progress=progress is True)
    if per_item is not None:
        per_item(len(items), len(items))  # all asked: the report is being written
    run_settings = {
        "set": str(regression_set.path),
        "set_sha256": hashlib.sha256(regression_set.path.read_bytes()).hexdigest(),
        "items_loaded": regression_set.loaded,
        "items_run": len(items),
        "limit": limit or None,
        **(settings or {}),
    }
    report = build_report(result, settings=run_settings, set_problems=regression_set.problems,
                          baseline=baseline, baseline_path=baseline_path)
    return Evaluation(report, save_report(report, out_dir))

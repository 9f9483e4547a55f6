"""The `eval` subcommand: run a regression set, write a report, gate on thresholds.

    eval SET [--out DIR] [--baseline OLD_REPORT.json] [--fail-under METRIC=VALUE ...]
             [--mode extractive|llm|auto] [--strict] [--limit N] [--no-progress | --quiet]

Exit codes: 0 the run finished and every threshold held; 1 a threshold failed;
2 a bad set, baseline, threshold spec or answer function (nothing was run or written).
Items whose answer function raised do not change the exit code by themselves; they
count as failed in every metric, so thresholds catch them.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assistant.types import Mode
from eval.compare import load_report
from eval.evaluate import Evaluation, RegressionSet, evaluate
from eval.run import AnswerFn
from eval.sets import HALVES
from eval.thresholds import check_thresholds, parse_thresholds

EXIT_OK = 0
EXIT_THRESHOLDS_FAILED = 1
EXIT_USAGE = 2
DEFAULT_REPORTS_DIR = Path("reports") / "eval"

AnswerFnFactory = Callable[[str | None], AnswerFn]


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def add_eval_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the `eval` subcommand to an `argparse` subparsers object and return its parser."""
    parser = subparsers.add_parser(
        "eval",
        help="run a regression set and write a report",
        description="Ask every question of a regression set, score the answers and write "
        "report.json, report.md and chart.png (and compare.md with --baseline).",
    )
    parser.add_argument("set_path", metavar="SET", type=Path, help="regression set, .jsonl or .csv")
    parser.add_argument(
        "--out",
        metavar="DIR",
        type=Path,
        help=f"report directory (default: {DEFAULT_REPORTS_DIR}/<set name>-<UTC time>)",
    )
    parser.add_argument(
        "--baseline", metavar="OLD_REPORT.json", type=Path, help="an older report.json to compare with"
    )
    parser.add_argument(
        "--fail-under",
        metavar="METRIC=VALUE",
        nargs="+",
        action="extend",
        default=[],
        help="exit 1 unless the metric is at least this good: >= for rates, <= for "
        "false_refusal_rate and latencies; METRIC>=V / METRIC<=V spell it out (repeatable)",
    )
    parser.add_argument(
        "--mode", choices=Mode.names(), help="answer mode (default: the one configured for the assistant)"
    )
    parser.add_argument("--strict", action="store_true", help="stop at the first bad line of the set")
    parser.add_argument("--limit", metavar="N", type=_positive_int, help="only the first N items")
    parser.add_argument(
        "--half", choices=HALVES,
        help="only one half of the set, split by a hash of each item's id: 'dev' to develop on, "
        "'held' to report untouched",
    )
    # --quiet as well: the spelling `assistant ingest` uses for the same thing.
    parser.add_argument(
        "--no-progress", "--quiet", dest="no_progress", action="store_true", help="no progress bar on stderr"
    )
    return parser


def _default_out_dir(set_path: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return DEFAULT_REPORTS_DIR / f"{set_path.stem}-{stamp}"


def _error(message: str) -> int:
    print(f"eval: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def _load_inputs(args: argparse.Namespace) -> tuple[dict[str, Any] | None, RegressionSet] | int:
    """The baseline report and the set, thresholds checked; an exit code when the command line is bad.

    Everything that can be wrong with the command line is checked before the (slow) run."""
    try:
        parse_thresholds(args.fail_under)
        baseline = load_report(args.baseline) if args.baseline is not None else None
        regression_set = RegressionSet.load(args.set_path, strict=args.strict, half=args.half)
    except ValueError as exc:  # a threshold spec, a baseline report, a set (SetError)
        return _error(str(exc))
    for problem in regression_set.problems:
        print(f"eval: warning: {args.set_path}: {problem} (item skipped)", file=sys.stderr)
    if not regression_set.loaded:
        return _error(f"{args.set_path}: no usable items")
    return baseline, regression_set


def _print_summary(done: Evaluation, compared: bool) -> None:
    """The metrics table, errors, the comparison with the baseline, the fingerprint and where the report is."""
    report, paths = done.report, done.paths
    overall = done.overall
    print("\n".join(done.metrics_lines()))
    print()
    if overall["n_errors"]:
        print(f"{overall['n_errors']} item(s) raised errors; see report.md")
    if compared:
        changes = report["comparison"]["items"]
        print(
            f"against the baseline: {len(changes['regressed'])} regressed, "
            f"{len(changes['improved'])} improved ({paths.compare})"
        )
    print(f"answers fingerprint: {report['answers_fingerprint']}")
    print(f"report written to {paths.out_dir} (report.json, report.md, chart.png)")


def run_eval_command(
    args: argparse.Namespace,
    answer_fn_factory: AnswerFnFactory,
    settings: dict[str, Any] | None = None,
) -> int:
    """Run the `eval` subcommand parsed by `add_eval_parser`; returns the exit code.

    `answer_fn_factory(mode)` builds the answer function; `mode` is None when `--mode` was
    not given (use the configured mode). `settings` (e.g. the assistant's configuration)
    are recorded in report.json next to the eval's own.
    """
    loaded = _load_inputs(args)
    if isinstance(loaded, int):
        return loaded
    baseline, regression_set = loaded

    try:
        answer_fn = answer_fn_factory(args.mode)
    except Exception:
        traceback.print_exc()
        return _error(f"could not start the assistant in mode {args.mode or '(configured)'}")

    run_settings = {"strict": args.strict, "mode": args.mode or "(configured)",
                    "fail_under": list(args.fail_under), **(settings or {})}
    done = evaluate(regression_set, answer_fn, args.out or _default_out_dir(args.set_path), limit=args.limit,
                    settings=run_settings, progress=not args.no_progress, baseline=baseline,
                    baseline_path=str(args.baseline) if args.baseline else None)
    _print_summary(done, compared=baseline is not None)

    failures = check_thresholds(done.overall, args.fail_under)
    for failure in failures:
        print(f"FAIL {failure}")
    return EXIT_THRESHOLDS_FAILED if failures else EXIT_OK

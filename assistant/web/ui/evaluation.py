"""The 评测 tab: run a regression set against the live assistant and show the report.

All the work is the eval package's one runner (`eval.evaluate`, reached as `Assistant.evaluate`,
the same the `eval` subcommand runs); this module only picks the set, turns the runner's
per-item calls into a progress bar and shows what it wrote.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.api import BUNDLED_EVAL_SET, Assistant, SetError
from assistant.web.ui import render
from assistant.web.ui.chat import MODES

log = logging.getLogger(__name__)

REPORTS_DIR = "eval-reports"  # under the data dir; the server allows downloads from it
FAIL_HEADERS = ["编号", "类别", "问题", "回答", "未通过的检查"]
ANSWER_PREVIEW = 120


def bundled_sets(folder: Path = BUNDLED_EVAL_SET.parent) -> list[tuple[str, str]]:
    """(label, value) of the regression sets shipped with the project: the value is the file's
    name, not its path, because the choices are sent to every browser (see `bundled_set_path`)."""
    files = sorted(p for p in folder.glob("*") if p.suffix in (".jsonl", ".json", ".csv"))
    return [(p.name, p.name) for p in files]


def bundled_set_path(name: str, folder: Path = BUNDLED_EVAL_SET.parent) -> Path | None:
    """The bundled set called `name`, or None (only names in `bundled_sets`, never a path)."""
    return folder / name if name in {value for _, value in bundled_sets(folder)} else None


def reports_dir(assistant: Assistant) -> Path:
    """Where the tab writes reports: one folder per run."""
    return assistant.settings.data_dir / REPORTS_DIR


def failing_rows(failing: list[tuple[dict[str, Any], list[str]]]) -> list[list[str]]:
    """Failing items (worst first, with the checks each failed) as table rows."""
    rows = []
    for record, failures in failing:
        answer = record.get("answer") or record.get("error") or ""
        if len(answer) > ANSWER_PREVIEW:
            answer = answer[:ANSWER_PREVIEW] + "…"
        rows.append([record["id"], record.get("category", ""), record["question"], answer, ";".join(failures)])
    return rows


def summary_markdown(report: dict[str, Any], metrics_lines: list[str], source: str, out_dir: Path) -> str:
    """The run in a few lines plus the eval package's metrics table."""
    overall = report["metrics"]["overall"]
    passed = sum(1 for item in report["items"] if item.get("checks_passed"))
    lines = [
        f"**{render.md_escape(source)}**:{overall.get('n_items', 0)} 题,"
        f"{passed} 题通过全部检查,用时 {report['run']['duration_s']:.1f} 秒;"
        f"出错 {overall.get('n_errors', 0)} 题。",
        "",
        *metrics_lines,
        "",
        # named within the data dir: the page shows no server path
        f"报告已写入数据目录的 `{REPORTS_DIR}/{out_dir.name}`(report.json、report.md、chart.png),可在下方下载。",
    ]
    problems = report.get("set_problems") or []
    if problems:
        lines += ["", f"回归集中有 {len(problems)} 行未能读取,已跳过:"]
        lines += [f"- 第 {p['line']} 行:{render.md_escape(p['reason'])}" for p in problems]
    return "\n".join(lines)


@dataclass
class EvaluationView:
    """The evaluation tab's components: the run's inputs, its button and what shows the result."""

    picked: gr.Dropdown
    uploaded: gr.File
    mode: gr.Radio
    limit: gr.Number
    run: gr.Button
    summary: gr.Markdown
    chart: gr.Image
    failing: gr.Dataframe
    downloads: gr.File


def _layout(default_mode: str) -> EvaluationView:
    """Render the tab's components into the current Blocks context."""
    choices = bundled_sets()
    default = BUNDLED_EVAL_SET.name if BUNDLED_EVAL_SET.exists() else (choices[0][1] if choices else None)
    with gr.Row():
        picked = gr.Dropdown(choices, value=default, label="内置回归集", scale=2, elem_id="eval-set")
        uploaded = gr.File(label="或上传回归集(.jsonl / .csv,优先使用)", scale=2, elem_id="eval-upload")
    with gr.Row():
        mode = gr.Radio(
            MODES, value=default_mode, label="回答方式", scale=3
        )
        limit = gr.Number(value=0, precision=0, minimum=0, label="只跑前 N 题(0 = 全部)", scale=1, elem_id="eval-limit")
    run = gr.Button("运行评测", variant="primary", elem_id="eval-run")
    summary = gr.Markdown("", elem_id="eval-summary")
    chart = gr.Image(label="各类别命中率与检查通过率", type="filepath", interactive=False, elem_id="eval-chart")
    failing = gr.Dataframe(
        headers=FAIL_HEADERS,
        label="未通过的题目(最差的在前)",
        show_label=True,
        interactive=False,
        wrap=True,
        max_height=400,
        elem_id="eval-failing",
    )
    downloads = gr.File(label="下载报告", file_count="multiple", interactive=False, elem_id="eval-download")
    return EvaluationView(picked, uploaded, mode, limit, run, summary, chart, failing, downloads)


def _runner(assistant: Assistant) -> Callable[..., tuple]:
    """The run button's handler: load the set, run it with a progress bar, show the report."""

    def run_set(set_path: str | None, upload: str | None, mode_value: str, limit_value: float | None,
                progress=gr.Progress()):  # noqa: B008
        # an upload is a file in Gradio's upload cache (Gradio refuses any other path a client names)
        path = Path(upload) if upload else bundled_set_path(set_path or "")
        if path is None:
            return "请先选择或上传一个回归集。", None, [], None
        try:
            regression_set = assistant.load_eval_set(path)
        except SetError as err:
            return f"❌ 回归集无法使用:{render.md_escape(str(err))}", None, [], None
        if not regression_set.items:
            reasons = ";".join(str(p) for p in regression_set.problems[:5])
            return f"❌ 回归集中没有可用的题目。{render.md_escape(reasons)}", None, [], None

        def item_progress(done: int, total: int) -> None:
            progress((done, total), desc=f"第 {done + 1}/{total} 题" if done < total else "正在写报告", unit="题")

        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
        done = assistant.evaluate(regression_set, reports_dir(assistant) / f"{path.stem}-{stamp}", mode_value,
                                  int(limit_value or 0) or None, item_progress, via="ui")
        paths = done.paths
        return (
            summary_markdown(done.report, done.metrics_lines(), path.name, paths.out_dir),
            str(paths.chart),
            failing_rows(done.failing()),
            [str(paths.json), str(paths.markdown), str(paths.chart)],
        )

    return run_set


def build_evaluation_tab(assistant: Assistant) -> None:
    """Render the evaluation tab into the current Blocks context and wire its events."""
    view = _layout(assistant.default_mode)
    # Own concurrency group: a long run must not hold the workers that answer chat questions.
    view.run.click(
        _runner(assistant),
        [view.picked, view.uploaded, view.mode, view.limit],
        [view.summary, view.chart, view.failing, view.downloads],
        api_name="evaluate",
        concurrency_id="eval",
        concurrency_limit=1,
    )

"""chart.png: per-category bars of hit@1, hit@5 and the answer-check pass rate.

Drawn with the Agg canvas directly (no pyplot), so writing a report never switches the
matplotlib backend of a process that also runs a UI.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import fontManager

CHART_METRICS = (("hit@1", "hit@1"), ("hit@5", "hit@5"), ("answer_check_pass_rate", "answer checks"))
# Families that render Chinese, most common first; the first one installed is used.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
    "AR PL UMing CN",
)


def find_cjk_font() -> str | None:
    """The name of an installed font family that can render Chinese, or None."""
    installed = {font.name for font in fontManager.ttflist}
    return next((family for family in CJK_FAMILIES if family in installed), None)


def ascii_label(name: str) -> str:
    """The name with non-ASCII characters escaped, for when no CJK font can draw them."""
    return name.encode("ascii", "backslashreplace").decode("ascii")


def write_chart(
    path: str | Path,
    overall: dict[str, Any],
    by_category: dict[str, dict[str, Any]],
    title: str = "eval",
) -> Path:
    """Draw the grouped bar chart (overall first, then each category) into a PNG file."""
    path = Path(path)
    cjk_font = find_cjk_font()
    groups = [("overall", overall), *by_category.items()]
    labels = [name if cjk_font else ascii_label(name) for name, _ in groups]
    rc = {"font.family": [cjk_font, "DejaVu Sans"]} if cjk_font else {}
    with matplotlib.rc_context(rc):
        figure = Figure(figsize=(max(6.0, 0.9 * len(groups) + 2.0), 4.8), layout="constrained")
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        width = 0.8 / len(CHART_METRICS)
        for i, (key, legend) in enumerate(CHART_METRICS):
            # NaN draws no bar: a metric that was not measured (None) must not look like 0.
            values = [_number(metrics.get(key)) for _, metrics in groups]
            positions = [g + (i - (len(CHART_METRICS) - 1) / 2) * width for g in range(len(groups))]
            axes.bar(positions, values, width=width, label=legend)
            for x, value in zip(positions, values, strict=True):
                if math.isnan(value):
                    axes.text(x, 0.01, "n/a", ha="center", va="bottom", rotation=90, fontsize="x-small")
        axes.set_xticks(range(len(groups)))
        axes.set_xticklabels(labels, rotation=35, ha="right")
        axes.set_ylim(0, 1.05)
        axes.set_ylabel("share of items")
        axes.set_title(title if cjk_font else ascii_label(title))
        axes.axvline(0.5, color="grey", linewidth=0.8)  # separates overall from the categories
        axes.grid(axis="y", alpha=0.3)
        figure.legend(loc="outside upper right", ncols=len(CHART_METRICS), fontsize="small")
        figure.savefig(path, dpi=110)
    return path


def _number(value: Any) -> float:
    return float(value) if isinstance(value, (int, float)) and math.isfinite(value) else math.nan

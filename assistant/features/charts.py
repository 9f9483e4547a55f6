"""Pictures: the targets timeline and the responsibility matrix, as PNG files.

Drawn on the Agg canvas directly (no pyplot), like `eval.chart`, so a UI process's matplotlib
backend is never switched. Chinese labels need a CJK font (`eval.chart.find_cjk_font`; Debian's
fonts-wqy-microhei is installed by `make install-browser`); without one, labels are escaped.

The timeline also returns where each target's marker landed in the image, in pixels from the
top-left corner, so a click on the picture can be mapped back to the target (and its clause).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import matplotlib.patches
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from assistant.features.matrix import LEAD, SUPPORT, ResponsibilityMatrix
from eval.chart import ascii_label, find_cjk_font
from ingest.targets import Target

DPI = 100
LABEL_CHARS = 16  # of a target's sentence beside its marker; the list below has the rest
LEAD_COLOR, SUPPORT_COLOR = "#1f4e79", "#9dc3e6"


@dataclass(frozen=True)
class Hotspot:
    """Where a drawn item is in the image: pixel centre (x, y from the top-left) and its index."""

    x: float
    y: float
    index: int


def _font_rc() -> tuple[dict, bool]:
    font = find_cjk_font()
    return ({"font.family": [font, "DejaVu Sans"]} if font else {}), font is not None


def _label(text: str, cjk: bool) -> str:
    return text if cjk else ascii_label(text)


def _short(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[:chars] + "…"


def marker_label(target: Target) -> str:
    """`when:` and the start of the target, without repeating `when` when the sentence opens with it."""
    rest = re.sub(r"^[,,::\s]+", "", target.target.removeprefix(target.when))
    return f"{target.when}:{_short(rest, LABEL_CHARS)}"


def timeline_png(targets: list[Target], path: str | Path, lane_titles: dict[str, str]) -> list[Hotspot]:
    """Years across, one lane per document; each target a numbered marker (n = index + 1)."""
    path = Path(path)
    rc, cjk = _font_rc()
    lanes = sorted({t.doc for t in targets})
    years = [t.year for t in targets] or [2000]
    # each target of a lane gets its own row in the lane: labels of nearby years never collide
    row_in_lane: dict[str, int] = defaultdict(int)
    per_lane = defaultdict(int)
    for t in targets:
        per_lane[t.doc] += 1
    lane_height = max([1, *per_lane.values()])
    with matplotlib.rc_context(rc):
        figure = Figure(figsize=(11, 1.4 + 0.4 * lane_height * max(1, len(lanes))), dpi=DPI, layout="constrained")
        canvas = FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        points = []
        for i, t in enumerate(targets):
            lane = lanes.index(t.doc)
            step = row_in_lane[t.doc]
            row_in_lane[t.doc] += 1
            y = lane + 0.35 - 0.7 * (step + 0.5) / per_lane[t.doc]
            axes.scatter([t.year], [y], s=140, color=LEAD_COLOR, zorder=3)
            axes.annotate(str(i + 1), (t.year, y), color="white", ha="center", va="center", fontsize=7, zorder=4)
            axes.annotate(_label(marker_label(t), cjk), (t.year, y), xytext=(9, 0), textcoords="offset points", va="center", fontsize=8)
            points.append((t.year, y))
        axes.set_yticks(range(len(lanes)))
        axes.set_yticklabels([_label(_short(lane_titles.get(d, d), 18), cjk) for d in lanes], fontsize=8)
        axes.set_ylim(-0.6, len(lanes) - 0.4)
        axes.set_xlim(min(years) - 1, max(years) + 4)  # room for the last year's labels
        axes.xaxis.get_major_locator().set_params(integer=True)
        axes.grid(axis="x", alpha=0.3)
        axes.set_title(_label("目标时间线(编号对应下方列表)", cjk), fontsize=10)
        canvas.draw()
        height = figure.bbox.height
        hotspots = [
            Hotspot(float(x), float(height - y), i)
            for i, (x, y) in enumerate(axes.transData.transform(points) if points else [])
        ]
        figure.savefig(path, dpi=DPI)
    return hotspots


def nearest_hotspot(hotspots: list[Hotspot], x: float, y: float, radius: float = 14.0) -> int | None:
    """The index of the item drawn at (x, y) within `radius` pixels, or None for a miss."""
    best = min(hotspots, key=lambda h: (h.x - x) ** 2 + (h.y - y) ** 2, default=None)
    if best is None or (best.x - x) ** 2 + (best.y - y) ** 2 > radius**2:
        return None
    return best.index


def matrix_png(matrix: ResponsibilityMatrix, path: str | Path) -> Path:
    """Units down, tasks across; a dark cell marked 牵 leads, a light one marked 配 supports."""
    path = Path(path)
    rc, cjk = _font_rc()
    n_tasks, n_units = len(matrix.tasks), len(matrix.units)
    with matplotlib.rc_context(rc):
        figure = Figure(figsize=(2.6 + 0.42 * n_tasks, 2.4 + 0.3 * n_units), dpi=DPI, layout="constrained")
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        for row, unit in enumerate(matrix.units):
            for column in range(n_tasks):
                role = matrix.role(unit, column)
                if not role:
                    continue
                color = LEAD_COLOR if role == LEAD else SUPPORT_COLOR
                axes.add_patch(matplotlib.patches.Rectangle((column - 0.45, row - 0.4), 0.9, 0.8, color=color))
                mark = "牵" if role == LEAD else "配"
                axes.text(column, row, _label(mark, cjk), ha="center", va="center", fontsize=7,
                          color="white" if role == LEAD else LEAD_COLOR)
        axes.set_xlim(-0.6, n_tasks - 0.4)
        axes.set_ylim(n_units - 0.5, -0.5)
        axes.set_xticks(range(n_tasks))
        axes.set_xticklabels([_label(_short(matrix.task_label(c), 10), cjk) for c in range(n_tasks)],
                             rotation=60, ha="right", fontsize=7)
        axes.set_yticks(range(n_units))
        axes.set_yticklabels([_label(u, cjk) for u in matrix.units], fontsize=8)
        axes.set_xticks([c + 0.5 for c in range(n_tasks)], minor=True)
        axes.set_yticks([r + 0.5 for r in range(n_units)], minor=True)
        axes.grid(which="minor", alpha=0.25)
        axes.tick_params(which="minor", length=0)
        handles = [matplotlib.patches.Patch(color=LEAD_COLOR, label=_label(LEAD, cjk)),
                   matplotlib.patches.Patch(color=SUPPORT_COLOR, label=_label(SUPPORT, cjk))]
        axes.legend(handles=handles, loc="upper right", bbox_to_anchor=(1, 1.08), ncols=2, fontsize=8, frameon=False)
        axes.set_title(_label(f"责任矩阵:{n_units} 个单位 × {n_tasks} 项任务", cjk), fontsize=10, loc="left")
        figure.savefig(path, dpi=DPI)
    return path

"""Pure rendering for the feature tabs (timeline, comparison): no Gradio, every text escaped."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

PREVIEW_CHARS = 90
UNMATCHED = "无明确对应"


def clause_card_html(clause: Any | None, heading: str = "", empty: str = "点击一项,在这里查看条款原文。") -> str:
    """One clause with its document, date, issuer and path (a `Clause`, or None for the hint)."""
    esc = html.escape
    if clause is None:
        return f"<p class='src-empty'>{esc(empty)}</p>"
    return (
        "<div class='src-card'>"
        f"<div class='src-head'><span class='src-title'>{esc(heading or clause.title)}</span></div>"
        f"<div class='src-meta'>{esc(clause.title)} · 日期:{esc(clause.date or '未注明')} · "
        f"发布:{esc(clause.source or '未注明')} · 文件:{esc(clause.doc)}</div>"
        f"<div class='src-path'>条款:{esc(clause.clause or '正文')}</div>"
        f"<div class='src-text'>{esc(clause.text)}</div></div>"
    )


def _cell(side: dict | None) -> str:
    esc = html.escape
    if side is None:
        return "<td class='cmp-cell cmp-none'>—</td>"
    text = side["text"]
    preview = text if len(text) <= PREVIEW_CHARS else text[:PREVIEW_CHARS] + "…"
    return (
        f"<td class='cmp-cell' data-clause-id='{esc(side['id'])}'>"
        f"<div class='src-path'>{esc(side['clause'] or '(导言)')}</div>"
        f"<details><summary>{esc(preview)}</summary><div class='src-text'>{esc(text)}</div></details></td>"
    )


def comparison_html(data: dict) -> str:
    """Two aligned columns (A's clause | similarity | closest B clause), unmatched rows marked,
    then B's clauses new against A. `data` is `Comparison.to_json()`."""
    esc = html.escape
    rows = []
    for pair in data["pairs"]:
        mark = "cmp-matched" if pair["matched"] else "cmp-unmatched"
        label = f"{pair['similarity']:.3f}" + ("" if pair["matched"] else f"<br><b>{UNMATCHED}</b>")
        rows.append(f"<tr class='{mark}'>{_cell(pair['a'])}<td class='cmp-score'>{label}</td>{_cell(pair['b'])}</tr>")
    new_rows = "".join(
        f"<tr class='cmp-new'><td class='cmp-cell cmp-none'>A 中无对应</td>"
        f"<td class='cmp-score'>{item['similarity']:.3f}</td>{_cell(item['b'])}</tr>"
        for item in data["new_in_b"]
    )
    matched = sum(1 for p in data["pairs"] if p["matched"])
    summary = (
        f"<p class='cmp-summary'>A 的 {len(data['pairs'])} 条中 {matched} 条在 B 中有明确对应;"
        f"B 中新增 {len(data['new_in_b'])} 条。相似度为向量余弦,"
        f"比 B 中一般条款高出 {data['threshold']} 以上才算对应。</p>"
    )
    head = (
        "<tr><th>A:" + esc(data["a"]["title"]) + "</th><th>相似度</th><th>B:" + esc(data["b"]["title"]) + "</th></tr>"
    )
    new_section = (
        f"<h4>B 中新增的条款({len(data['new_in_b'])})</h4><table class='cmp-table'>{COLUMNS}{new_rows}</table>"
        if new_rows else "<h4>B 中没有 A 完全未涉及的条款</h4>"
    )
    return (
        f"<style>{COMPARE_CSS}</style><div class='cmp-view'>" + summary + f"<table class='cmp-table'>{COLUMNS}{head}{''.join(rows)}</table>"
        + new_section + "</div>"
    )


def target_rows(targets: Sequence[Any]) -> list[list[Any]]:
    """The timeline list's cells: number (as on the picture), year, when, target, document, clause."""
    return [
        [i + 1, t.year, t.when, t.target, t.title or t.doc, t.clause or "正文"]
        for i, t in enumerate(targets)
    ]


COLUMNS = "<colgroup><col style='width:45%'><col style='width:10%'><col style='width:45%'></colgroup>"
COMPARE_CSS = """
.cmp-table { width: 100%; border-collapse: collapse; table-layout: fixed; }
.cmp-table td, .cmp-table th { border: 1px solid #ddd; padding: 6px; vertical-align: top; }
.cmp-table th { background: #f3f6fa; }
.cmp-score { text-align: center; }
.cmp-unmatched td { background: #fff4e5; }
.cmp-new td { background: #eaf6ea; }
.cmp-none { color: #888; text-align: center; }
"""

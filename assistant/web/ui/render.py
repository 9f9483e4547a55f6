"""Pure rendering for the UI: answers, sources cards, highlighted clause text, copy text.

No Gradio here, so this is what the unit tests exercise directly. Every string that comes
from a document or a user is HTML-escaped before it is put into markup: the corpus grows by
upload, and an uploaded file must not be able to inject script into the page.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Sequence

from assistant.api import to_simplified
from assistant.types import Answer, Citation

MIN_TERM_CHARS = 2  # single characters (的, 部) would light up half of every clause

MODE_LABELS = {"extractive": "摘录", "table": "任务表", "llm": "生成", "auto": "自动"}  # modes asked, answers' modes


# --- highlighting -------------------------------------------------------------------------------
def question_terms(question: str) -> list[str]:
    """The search terms of a question (folded, lower-case), longest first, at least 2 chars."""
    from assistant.api import tokenize  # jieba loads lazily; only needed once answering

    terms = {t for t in tokenize(question) if len(t) >= MIN_TERM_CHARS}
    return sorted(terms, key=lambda t: (-len(t), t))


def _folded_with_positions(text: str) -> tuple[str, list[int]]:
    """The text folded per character (Simplified, NFKC, lower) and, for each folded
    character, the index of the original character it came from.

    Folding per character keeps the mapping exact, so a Simplified question term can be
    marked inside a Traditional clause without changing what the reader sees.
    """
    chars: list[str] = []
    positions: list[int] = []
    for i, ch in enumerate(text):
        folded = unicodedata.normalize("NFKC", to_simplified(ch)).lower() if ord(ch) > 127 else ch.lower()
        for f in folded:
            chars.append(f)
            positions.append(i)
    return "".join(chars), positions


def match_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Merged, sorted [start, end) spans of the original text where any term occurs."""
    folded, positions = _folded_with_positions(text)
    spans: list[tuple[int, int]] = []
    for term in terms:
        term = term.lower()
        if not term:
            continue
        start = folded.find(term)
        while start != -1:
            end = start + len(term)
            spans.append((positions[start], positions[end - 1] + 1))
            start = folded.find(term, start + 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, terms: Iterable[str]) -> str:
    """HTML of the text with every occurrence of a term wrapped in `<mark>` (rest escaped)."""
    out: list[str] = []
    last = 0
    for start, end in match_spans(text, terms):
        out.append(html.escape(text[last:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        last = end
    out.append(html.escape(text[last:]))
    return "".join(out)


# --- sources panel ----------------------------------------------------------------------------
def citation_card(citation: Citation, terms: Sequence[str], related: bool = False) -> str:
    """One source card: number, title, date, issuer, clause path, highlighted clause text."""
    esc = html.escape
    meta = [
        f"<span class='src-date'>日期:{esc(citation.date or '未注明')}</span>",
        f"<span class='src-source'>发布:{esc(citation.source or '未注明')}</span>",
        f"<span class='src-doc'>文件:{esc(citation.doc)}</span>",
    ]
    kind = "src-card src-related" if related else "src-card"
    return (
        f"<div class='{kind}' id='src-{citation.n}' data-clause-id='{esc(citation.id)}'>"
        f"<div class='src-head'><span class='src-n'>[{citation.n}]</span> "
        f"<span class='src-title'>{esc(citation.title)}</span></div>"
        f"<div class='src-meta'>{' · '.join(meta)}</div>"
        f"<div class='src-path'>条款:{esc(citation.clause or '(正文)')}</div>"
        f"<div class='src-text'>{highlight(citation.text, terms)}</div>"
        "</div>"
    )


def sources_html(answer: Answer | None, note: str = "") -> str:
    """The 来源 panel for an answer: its cited clauses, or for a refusal the related ones."""
    if answer is None:
        body = f"<p class='src-empty'>{html.escape(note or '提问后,这里显示回答引用的条款原文。')}</p>"
        return f"<div class='sources'>{body}</div>"
    terms = question_terms(answer.resolved_question or answer.question)
    parts: list[str] = []
    if answer.refused:
        parts.append(
            "<p class='src-refused'>未找到能回答此问题的条款,没有引用依据。"
            + ("以下是最接近的相关条款,仅供参考:" if answer.related else "")
            + "</p>"
        )
        parts += [citation_card(c, terms, related=True) for c in answer.related]
    else:
        parts += [citation_card(c, terms) for c in answer.citations]
        if not answer.citations:
            parts.append("<p class='src-empty'>这个回答没有引用条款。</p>")
    return "<div class='sources'>" + "".join(parts) + "</div>"


# --- the chat message -------------------------------------------------------------------------
def answer_markdown(answer: Answer) -> str:
    """The assistant's chat message: the answer, a refusal notice, and a short source list."""
    lines: list[str] = []
    if answer.refused:
        lines.append("⚠️ **无法回答**:资料中没有找到能支持回答的条款。")
        lines.append("")
    lines.append(answer.answer.strip())
    listed = answer.related if answer.refused else answer.citations
    if listed:
        lines.append("")
        lines.append("相关条款(仅供参考):" if answer.refused else "来源:")
        for c in listed:
            lines.append(f"- [{c.n}] {md_escape(c.title)} · {md_escape(c.clause or '正文')}")
    notes = []
    if answer.mode:
        notes.append(f"方式:{MODE_LABELS.get(answer.mode, answer.mode)}")
    if answer.fallback_reason:
        notes.append(f"生成模型未用上,已改为摘录回答({md_escape(answer.fallback_reason)})")
    if answer.resolved_question and answer.resolved_question != answer.question:
        notes.append(f"理解为:{md_escape(answer.resolved_question)}")
    total = answer.timings_ms.get("total")
    if total is not None:
        notes.append(f"用时 {total / 1000:.1f} 秒")
    if notes:
        lines.append("")
        lines.append("<small>" + " · ".join(notes) + "</small>")
    return "\n".join(lines)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def md_escape(text: str) -> str:
    """Text that Markdown shows as written (clause paths contain `*`, `[`, `<`...)."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def copy_text(answer: Answer) -> str:
    """Plain text of the question, the answer and its sources, for the clipboard."""
    lines = [f"问:{answer.question}", "", f"答:{answer.answer.strip()}"]
    listed = answer.related if answer.refused else answer.citations
    if listed:
        lines += ["", "相关条款(未作为依据):" if answer.refused else "来源:"]
        for c in listed:
            meta = ",".join(x for x in (c.date, c.source) if x)
            lines.append(f"[{c.n}] {c.title}{f'({meta})' if meta else ''} {c.clause}".rstrip())
            lines.append(f"    {c.text.strip()}")
    return "\n".join(lines)


def answer_from_json(data: dict) -> Answer:
    """Rebuild an `Answer` from its dict (session state holds plain dicts)."""
    fields = dict(data)
    fields["citations"] = [Citation(**c) for c in data.get("citations", [])]
    fields["related"] = [Citation(**c) for c in data.get("related", [])]
    return Answer(**fields)


# --- documents and tasks ---------------------------------------------------------------------
def document_html(meta: dict | None, clauses: Sequence) -> str:
    """A whole document: its metadata, then every clause with its path, indented by depth."""
    esc = html.escape
    if meta is None:
        return "<p class='src-empty'>选择一个文档,在这里阅读全文。</p>"
    head = (
        f"<div class='doc-head'><h3>{esc(meta.get('title') or meta['doc'])}</h3>"
        f"<div class='src-meta'>日期:{esc(meta.get('date') or '未注明')} · "
        f"发布:{esc(meta.get('source') or '未注明')} · 文件:{esc(meta['doc'])} · "
        f"{len(clauses)} 条</div></div>"
    )
    body = []
    for clause in clauses:
        depth = max(0, len(clause.clause_path) - 1)
        path = esc(clause.clause) if clause.clause_path else "正文"
        body.append(
            f"<section class='doc-clause' style='margin-left:{depth * 1.2:.1f}em' "
            f"data-clause-id='{esc(clause.id)}'>"
            f"<div class='src-path'>{path}</div>"
            f"<div class='src-text'>{esc(clause.text)}</div></section>"
        )
    return "<div class='doc-view'>" + head + "".join(body) + "</div>"


def task_clause_html(row: dict | None, terms: Sequence[str] = ()) -> str:
    """The clause behind one task-table row, with its units."""
    esc = html.escape
    if row is None:
        return "<p class='src-empty'>点击表格中的一行,在这里查看该任务的条款原文。</p>"
    return (
        "<div class='src-card'>"
        f"<div class='src-head'><span class='src-n'>任务 {row['task_no']}</span> "
        f"<span class='src-title'>{esc(row['task_name'])}</span></div>"
        f"<div class='src-meta'>{esc(row.get('title', ''))} · 文件:{esc(row['doc'])}</div>"
        f"<div class='src-meta'>牵头:{esc('、'.join(row['lead_units']) or '—')} · "
        f"配合:{esc('、'.join(row['support_units']) or '—')}</div>"
        f"<div class='src-path'>条款:{esc(row.get('clause', ''))}</div>"
        f"<div class='src-text'>{highlight(row.get('text', ''), terms)}</div></div>"
    )

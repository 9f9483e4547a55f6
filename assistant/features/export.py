"""Answer export: one answer or a whole conversation, with its cited clauses in full, as Word
(`.docx`, python-docx) or Markdown.

Citation numbers are kept as the answer wrote them (`[1]` in the text is source [1] below it).
Every file says when it was made and from which index version, so a report can be traced back
to the texts it was answered from.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime

from assistant.types import Answer, Citation

EXPORT_FORMATS = ("docx", "md")
DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TITLE = "认证认可政策问答 — 回答与依据"


@dataclass
class ExportMeta:
    """Where the answers came from: the time of export and the index (store) version."""

    made_at: str
    index_version: str

    @classmethod
    def now(cls, index_version: str) -> ExportMeta:
        """Stamped with the current UTC time."""
        return cls(datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"), index_version)


def _sources(answer: Answer) -> tuple[str, list[Citation]]:
    """The heading and clauses to list: the citations, or for a refusal the related clauses."""
    if answer.citations:
        return "引用条款", answer.citations
    if answer.related:
        return "相关条款(未作为依据)", answer.related
    return "", []


def _clause_lines(c: Citation) -> list[str]:
    """Title, date, issuer and clause path of a cited clause, one line each."""
    return [
        f"文件:{c.title or c.doc}",
        f"日期:{c.date or '—'}    发布单位:{c.source or '—'}",
        f"条款:{c.clause or '(正文)'}    编号:{c.id}",
    ]


def export_markdown(answers: list[Answer], meta: ExportMeta) -> str:
    """The answers and their sources as a Markdown document."""
    lines = [f"# {TITLE}", "", f"- 导出时间:{meta.made_at}", f"- 索引版本:{meta.index_version}", ""]
    for number, answer in enumerate(answers, start=1):
        prefix = f"{number}. " if len(answers) > 1 else ""
        lines += [f"## {prefix}问:{answer.question}", ""]
        if answer.refused:
            lines += ["> 没有条款足以回答这个问题(refused)。", ""]
        lines += [answer.answer, ""]
        heading, clauses = _sources(answer)
        if clauses:
            lines += [f"### {heading}", ""]
        for c in clauses:
            lines += [f"**[{c.n}]** {c.title or c.doc}", ""]
            lines += [f"- {line}" for line in _clause_lines(c)[1:]]
            lines += ["", *(f"> {para}" if para else ">" for para in c.text.splitlines()), ""]
    return "\n".join(lines).rstrip() + "\n"


def export_docx(answers: list[Answer], meta: ExportMeta) -> bytes:
    """The answers and their sources as a Word document."""
    from docx import Document
    from docx.shared import Pt

    document = Document()
    document.add_heading(TITLE, level=0)
    document.add_paragraph(f"导出时间:{meta.made_at}\n索引版本:{meta.index_version}")
    for number, answer in enumerate(answers, start=1):
        prefix = f"{number}. " if len(answers) > 1 else ""
        document.add_heading(f"{prefix}问:{answer.question}", level=1)
        if answer.refused:
            document.add_paragraph("没有条款足以回答这个问题(refused)。").runs[0].italic = True
        for paragraph in answer.answer.splitlines() or [""]:
            document.add_paragraph(paragraph)
        heading, clauses = _sources(answer)
        if clauses:
            document.add_heading(heading, level=2)
        for c in clauses:
            title = document.add_paragraph()
            title.add_run(f"[{c.n}] ").bold = True
            title.add_run(c.title or c.doc).bold = True
            for line in _clause_lines(c)[1:]:
                document.add_paragraph(line).runs[0].font.size = Pt(9)
            for para in c.text.splitlines():
                document.add_paragraph(para, style="Quote")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def export_answers(answers: list[Answer], fmt: str, meta: ExportMeta) -> bytes:
    """The export file's bytes in `fmt` (`docx` or `md`)."""
    if fmt == "docx":
        return export_docx(answers, meta)
    if fmt == "md":
        return export_markdown(answers, meta).encode("utf-8")
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")


def format_of(filename: str) -> str:
    """`docx` or `md` from a file name's suffix; ValueError for anything else."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix in ("md", "markdown"):
        return "md"
    if suffix == "docx":
        return "docx"
    raise ValueError(f"{filename}: the export file must end in .docx or .md")

"""The ingest pipeline for one file: load -> clean -> split -> extract -> `Document`.

Nothing here touches the index; `vectorstore` stores what this returns. Each step is a
pure function of the file's bytes, so clause ids are stable across re-ingests.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ingest.clean import CleanLine, clean_text
from ingest.extract import extract_units, strip_units_note
from ingest.load import LoadError, decode, load_text
from ingest.model import Clause, Document
from ingest.split import DEFAULT_SPLITTER, RawClause, Splitter, split_clauses
from text.fold import fold

IngestError = LoadError
# Bumped whenever cleaning, splitting or extraction changes what a file turns into, so a
# re-ingest rewrites documents whose bytes did not change but whose clauses would.
INGEST_VERSION = 2
META_PATH = "文档信息"


def _search_text(title: str, path: list[str], text: str, translation: str) -> str:
    """What the embedding and BM25 see: folded title, path, text and English lines."""
    parts = [title, " > ".join(path), text, translation]
    return fold("\n".join(p for p in parts if p))


def _meta_card(title: str, meta_lines: list[str]) -> RawClause | None:
    """A clause for the document's own facts (title, date, issuer) as the page wrote them,
    so "who issued it" and "when" are answered and cited like any other clause."""
    lines = [CleanLine(text) for text in [title, *meta_lines] if text]
    return RawClause([META_PATH], "meta", lines) if lines else None


def _task_fields(raw: RawClause, text: str) -> dict:
    """Task number, name and units of a numbered task clause; empty for other clauses."""
    units = extract_units(text)
    if not units or not raw.marker_number.isdigit():
        return {}
    lead, support, open_ended = units
    body = strip_units_note(raw.lines[-1].text)
    body = re.sub(r"^\s*\d{1,3}[.、．]\s*", "", body)
    name = re.split(r"[。;；]", body, maxsplit=1)[0].strip()
    return {
        "lead_units": lead,
        "support_units": support,
        "support_open_ended": open_ended,
        "task_no": int(raw.marker_number),
        "task_name": name,
    }


def build_document(name: str, raw_text: str, splitter: Splitter = DEFAULT_SPLITTER) -> Document:
    """Clean and split decoded text into a `Document` named `name` (its file name); `splitter`
    cuts clauses over its token budget."""
    cleaned = clean_text(raw_text)
    if not cleaned.lines:
        raise LoadError(f"{name}: no text left after cleaning")
    stem = Path(name).stem
    raws = split_clauses(cleaned.lines, cleaned.title)
    card = _meta_card(cleaned.title, cleaned.meta_lines)
    if card:
        raws.insert(0, card)
    clauses: list[Clause] = []
    for raw in raws:
        task = _task_fields(raw, raw.text)
        pieces = splitter.pieces(raw.text)
        for i, piece in enumerate(pieces, start=1):
            key = raw.key if len(pieces) == 1 else f"{raw.key}~p{i}"
            translation = raw.translation if i == 1 else ""
            clauses.append(
                Clause(
                    id=f"{stem}:{key}",
                    doc=name,
                    title=cleaned.title,
                    date=cleaned.date,
                    source=cleaned.source,
                    clause_path=raw.path,
                    text=piece,
                    search_text=_search_text(cleaned.title, raw.path, piece, translation),
                    ordinal=len(clauses),
                    translation=translation,
                    **task,
                )
            )
    return Document(
        doc=name,
        title=cleaned.title,
        date=cleaned.date,
        source=cleaned.source,
        content_hash=hashlib.sha256(raw_text.encode("utf-8")).hexdigest(),
        text="\n\n".join(c.text for c in clauses if c.clause_path != [META_PATH]),
        clauses=clauses,
    )


def prepare_document(path: Path, splitter: Splitter = DEFAULT_SPLITTER) -> Document:
    """Load one file and turn it into a `Document`; raises `LoadError` with a clear reason."""
    return build_document(path.name, load_text(path), splitter)


def prepare_bytes(name: str, data: bytes, splitter: Splitter = DEFAULT_SPLITTER) -> Document:
    """Same as `prepare_document` for uploaded bytes (UI)."""
    return build_document(name, decode(data, name), splitter)

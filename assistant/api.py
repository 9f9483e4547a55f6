"""The one API under the CLI, the UI and the HTTP API: `answer(question, history) -> Answer`."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path

from assistant.config import Settings, load_settings
from assistant.features.facade import FeatureMethods
from assistant.guard import Limits, bound_history
from assistant.index import Index
from assistant.types import Answer
from ingest.model import Document


class Assistant(FeatureMethods):
    """Holds the index and the answerers; thread-safe, one per process."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or load_settings()
        self.index = Index(self.settings)
        self.limits = Limits.from_table(self.settings.table("limits"))
        self._write_lock = threading.Lock()

    @cached_property
    def answerer(self):
        from assistant.core.answerer import Answerer

        return Answerer(self.index, self.settings)

    # --- questions ------------------------------------------------------------------------
    def answer(self, question: str, history: list[dict] | None = None, mode: str | None = None) -> Answer:
        """A grounded answer with citations (see `Answer`); never raises on bad input."""
        final = None
        for part in self.stream(question, history, mode):
            if isinstance(part, Answer):
                final = part
        assert final is not None, "the answerer always ends with an Answer"
        return final

    def stream(self, question: str, history: list[dict] | None = None, mode: str | None = None) -> Iterator[str | Answer]:
        """Text chunks of the answer as they are produced, then the final `Answer`.

        The question and the history are bounded first (settings `[limits]`); when either
        was cut, the answer starts with a note saying so."""
        started = time.perf_counter()
        question, notes = self._bounded_question(question)
        history, history_note = bound_history(history or [], self.limits)
        notes += [history_note] if history_note else []
        if notes:
            yield "\n".join(notes) + "\n"
        for part in self.answerer.stream(question, history, mode):
            if isinstance(part, Answer):
                part.timings_ms["total"] = round((time.perf_counter() - started) * 1000, 1)
                if notes:
                    part.answer = "\n".join([*notes, part.answer])
            yield part

    def _bounded_question(self, question: object) -> tuple[object, list[str]]:
        """The question cut to the length limit, with the note to show when it was cut."""
        limit = self.limits.question_chars
        if isinstance(question, str) and len(question.strip()) > limit:
            return question.strip()[:limit], [f"问题过长,只使用了前 {limit} 个字符。"]
        return question, []

    # --- index views (UI, HTTP API) ------------------------------------------------------------
    def tasks(self) -> list[dict]:
        """The task table rows (任务分工)."""
        return self.index.snapshot().tasks.to_records()

    def documents(self) -> list[dict]:
        """Indexed documents with title, date, source, clause count."""
        return self.index.store.list_documents()

    def document_clauses(self, doc: str) -> list:
        """A document's clauses in order (for reading it with its structure)."""
        return [c for c in self.index.snapshot().clauses if c.doc == doc]

    def prepare_local_model(self) -> Path | None:
        """Join and verify the local LLM's model file now (as `serve` starts), so no request does;
        None when there is none to prepare (see `assistant.generative.prepare`)."""
        from assistant.generative.prepare import prepare_local_model

        return prepare_local_model(self.settings)

    # --- changes -------------------------------------------------------------------------------
    def ingest_bytes(self, name: str, data: bytes) -> Document:
        """Index an uploaded `.txt`/`.md` file; raises `ingest.load.LoadError` for a bad file,
        `vectorstore.lock.WriterBusy` when another writer holds the data dir too long."""
        with self._write_lock, self.index.writing():
            document = self.index.indexer().ingest_bytes(name, data)
        self.index.invalidate()
        return document

    def remove_document(self, doc: str) -> bool:
        """Remove a document and its clauses from the index (under the data dir's writer lock)."""
        with self._write_lock, self.index.writing():
            removed = self.index.store.delete_document(doc)
        self.index.invalidate()
        return removed


_default: Assistant | None = None
_default_lock = threading.Lock()


def get_assistant() -> Assistant:
    """The process-wide assistant from the default settings (env, ./var)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Assistant()
        return _default


def answer(question: str, history: list[dict] | None = None, mode: str | None = None) -> Answer:
    """Answer a question with the default assistant."""
    return get_assistant().answer(question, history, mode)

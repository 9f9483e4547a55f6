"""The one API under the CLI, the UI and the HTTP API: `answer(question, history) -> Answer`."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from functools import cached_property

from assistant.config import Settings, load_settings
from assistant.features.facade import FeatureMethods
from assistant.index import Index
from assistant.types import Answer
from ingest.model import Document

MAX_QUESTION_CHARS = 2000


class Assistant(FeatureMethods):
    """Holds the index and the answerers; thread-safe, one per process."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or load_settings()
        self.index = Index(self.settings)
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
        """Text chunks of the answer as they are produced, then the final `Answer`."""
        started = time.perf_counter()
        for part in self.answerer.stream(question, history or [], mode):
            if isinstance(part, Answer):
                part.timings_ms["total"] = round((time.perf_counter() - started) * 1000, 1)
            yield part

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

    # --- changes -------------------------------------------------------------------------------
    def ingest_bytes(self, name: str, data: bytes) -> Document:
        """Index an uploaded `.txt`/`.md` file; raises `ingest.load.LoadError` for a bad file."""
        with self._write_lock:
            document = self.index.indexer().ingest_bytes(name, data)
        self.index.invalidate()
        return document

    def remove_document(self, doc: str) -> bool:
        """Remove a document and its clauses from the index."""
        with self._write_lock:
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

"""The one API under the CLI, the web UI and the HTTP API: `Assistant(settings).answer(question, history)`.

The front-ends (`assistant.cli`, `assistant.web`) import this module and `assistant.types`, nothing
else of the project (tests/test_layout.py checks it): what they need of the settings, the index,
the stages' errors and text helpers is named here.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.config import BUNDLED_CORPUS, BUNDLED_EVAL_SET, Settings, load_settings
from assistant.features.facade import FeatureMethods
from assistant.generative.model_file import ModelFileError
from assistant.guard import BadQuestion, Limits, bound_history, clean_question
from assistant.stopping import stoppable
from assistant.tasks.table import SnapshotTasks
from assistant.types import Answer, Mode
from eval.sets import SetError
from ingest.load import SUPPORTED_SUFFIXES, LoadError
from ingest.model import Clause, Document
from text.fold import fold, fold_loose, to_simplified
from text.tokenize import tokenize
from text.tokens import count_tokens
from vectorstore.damage import StoreDamaged, describe_store_failure
from vectorstore.indexer import IngestReport
from vectorstore.snapshot import Index, IndexMissing
from vectorstore.store import StoreError

if TYPE_CHECKING:
    from eval.evaluate import Evaluation, ItemProgress, RegressionSet

__all__ = [
    "BUNDLED_CORPUS",
    "BUNDLED_EVAL_SET",
    "SUPPORTED_SUFFIXES",
    "Assistant",
    "BadQuestion",
    "Clause",
    "IndexMissing",
    "LoadError",
    "ModelFileError",
    "SetError",
    "Settings",
    "StoreDamaged",
    "StoreError",
    "clean_question",
    "count_tokens",
    "describe_store_failure",
    "fold",
    "fold_loose",
    "load_settings",
    "stoppable",
    "to_simplified",
    "tokenize",
]

Progress = Callable[[str, int, int], None]


class Assistant(FeatureMethods):
    """Holds the index and the answerers; thread-safe, one per process."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or load_settings()
        self.index = Index(self.settings, tasks=SnapshotTasks.of)
        self.limits = Limits.from_table(self.settings.table("limits"))
        self._write_lock = threading.Lock()

    @cached_property
    def answerer(self):
        from assistant.core.answerer import Answerer

        return Answerer(self.index, self.settings)

    @property
    def default_mode(self) -> str:
        """The answer mode when a request names none (`[answer] mode`; an unknown one is answered
        with a message naming the `Mode`s)."""
        return str(self.settings.table("answer").get("mode", Mode.EXTRACTIVE.value))

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

    # --- index views (UI, HTTP API, CLI) ----------------------------------------------------------
    def tasks(self) -> list[dict]:
        """The task table rows (任务分工)."""
        return self.index.snapshot().tasks.to_records()

    @staticmethod
    def task_records(clauses: Sequence[Clause]) -> list[dict]:
        """The task table rows of just these clauses (`inspect --tasks --doc`)."""
        from assistant.tasks.table import TaskTable

        return TaskTable.from_clauses(list(clauses)).to_records()

    def documents(self) -> list[dict]:
        """Indexed documents with title, date, source, clause count."""
        return self.index.store.list_documents()

    def all_clauses(self) -> list[Clause]:
        """Every indexed clause, read from the store (an empty list when nothing is indexed)."""
        return self.index.store.all_clauses()

    def document_clauses(self, doc: str) -> list:
        """A document's clauses in order (for reading it with its structure)."""
        return self.index.snapshot().document_clauses(doc)

    def status(self) -> dict:
        """The index as the answers see it: version and counts (loads it when not yet loaded)."""
        snapshot = self.index.snapshot()
        return {
            "version": snapshot.version,
            "documents": len({c.doc for c in snapshot.clauses}),
            "clauses": len(snapshot.clauses),
            "tasks": len(snapshot.tasks.rows),
            "copies": len(snapshot.copies),
        }

    def count_clauses(self) -> int:
        """The clauses in the store, asked of the store itself (a health check)."""
        return self.index.store.count()

    def server_problem(self) -> str | None:
        """Why the Chroma server in `settings.chroma_url` cannot be used, or None when it answers."""
        from vectorstore.store import make_client

        try:
            make_client(self.settings.data_dir, self.settings.chroma_url).heartbeat()
        except Exception as err:  # refused, DNS, TLS, not a Chroma server: all say the same to the user
            return f"cannot reach the Chroma server at {self.settings.chroma_url}: {err}"
        return None

    # --- regression sets (the UI's evaluation tab; the CLI's `eval` runs eval.cli) --------------
    @staticmethod
    def load_eval_set(path: Path) -> RegressionSet:
        """A regression set, validated; raises `SetError` when it cannot be read."""
        from eval.evaluate import RegressionSet

        return RegressionSet.load(path)

    def evaluate(self, regression_set: RegressionSet, out_dir: Path, mode: str | None = None,
                 limit: int | None = None, progress: ItemProgress | None = None, via: str = "api") -> Evaluation:
        """Run a set's first `limit` items (all when None) through this assistant in `mode`, with the
        report (recording `via` and this assistant's configuration) saved in `out_dir`."""
        from eval.evaluate import evaluate

        def answer_fn(question: str, history: list[dict[str, str]]) -> dict:
            return self.answer(question, history, mode).to_json()

        settings = {"mode": mode, "via": via, "config": self.settings.tables}
        return evaluate(regression_set, answer_fn, out_dir, limit=limit, settings=settings,
                        progress=progress if progress is not None else False)

    # --- the local LLM ------------------------------------------------------------------------
    def prepare_model(self) -> Path:
        """Join the bundled GGUF parts into the data dir and verify its sha256 (`model`);
        raises `ModelFileError` saying what is missing."""
        from assistant.generative.model_file import ensure_model

        return ensure_model(self.settings.models_dir)

    def prepare_local_model(self) -> Path | None:
        """Join and verify the local LLM's model file now (as `serve` starts), so no request does;
        None when there is none to prepare (see `assistant.generative.prepare`)."""
        from assistant.generative.prepare import prepare_local_model

        return prepare_local_model(self.settings)

    # --- changes -------------------------------------------------------------------------------
    def ingest_paths(self, paths: Sequence[Path], rebuild: bool = False, progress: Progress | None = None,
                     sentence_progress: Progress | None = None,
                     on_wait: Callable[[str], None] | None = None) -> tuple[IngestReport, int]:
        """Index files and folders (under the data dir's writer lock): the report, and the clauses
        in the index after it. `progress(name, done, total)` per file, `sentence_progress` per
        sentence embedded, `on_wait(message)` while another writer holds the lock."""
        with self._write_lock, self.index.writing(on_wait=on_wait):
            indexer = self.index.indexer()
            report = indexer.run(list(paths), progress=progress, rebuild=rebuild, sentence_progress=sentence_progress)
            count = indexer.store.count()  # after a rebuild: the new generation's
        self.index.invalidate()
        return report, count

    def ingest_bytes(self, name: str, data: bytes) -> Document:
        """Index an uploaded `.txt`/`.md` file; raises `LoadError` for a bad file,
        `vectorstore.lock.WriterBusy` when another writer holds the data dir too long."""
        with self._write_lock, self.index.writing():
            document = self.index.indexer().ingest_bytes(name, data)
        self.index.invalidate()
        return document

    def remove_documents(self, docs: Sequence[str], on_wait: Callable[[str], None] | None = None) -> list[bool]:
        """Remove documents and their clauses (under the data dir's writer lock); for each, whether it was there."""
        with self._write_lock, self.index.writing(on_wait=on_wait):
            removed = [self.index.store.delete_document(doc) for doc in docs]
        self.index.invalidate()
        return removed

    def remove_document(self, doc: str) -> bool:
        """Remove one document; False when it was not in the index."""
        return self.remove_documents([doc])[0]

"""The features' methods on `Assistant` (mixed in by `assistant.api`): what the CLI, the HTTP
API and the UI call for targets, the task matrix and its files, document comparison, answer
export and feedback drafts. Everything derived from the index is cached per store version.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.features.charts import Hotspot
    from assistant.features.compare import Comparison
    from assistant.features.matrix import ResponsibilityMatrix
    from assistant.types import Answer, Citation
    from ingest.model import Clause
    from ingest.targets import Target

FEEDBACK_FILE = "feedback.jsonl"  # written by assistant.web.ui.feedback (same name there)
FEEDBACK_MARK = "feedback-exported.json"  # how many feedback lines the last export covered


class FeatureMethods:
    """Mixed into `Assistant`; needs its `index` and `settings`."""

    _cache_lock = threading.Lock()

    def _cached(self, key: tuple, build: Callable[[], Any]) -> Any:
        """`build()` once per store version and key (a comparison re-runs ~60 searches)."""
        version = self.index.snapshot().version
        cache: dict = self.__dict__.setdefault("_feature_cache", {})
        if cache.get("version") != version:
            with self._cache_lock:
                cache.clear()
                cache["version"] = version
        if key not in cache:
            cache[key] = build()
        return cache[key]

    # --- documents and clauses -----------------------------------------------------------------
    def resolve_doc(self, name: str) -> str:
        """The document id for an id, a unique id prefix ("000") or a unique title fragment;
        raises `DocNotFound` (a ValueError) naming the candidates."""
        from assistant.features.docnames import resolve_doc

        return resolve_doc(name, self.documents())

    def clause(self, clause_id: str) -> Clause | None:
        """One clause by id (for opening a target's or a comparison's clause)."""
        return self.index.snapshot().by_id.get(clause_id)

    def index_version(self) -> str:
        """The store's version: changes whenever a document is added, replaced or removed."""
        return self.index.store.version()

    # --- targets timeline ------------------------------------------------------------------------
    def targets(self, year: int | None = None, doc: str | None = None) -> list[Target]:
        """Dated targets of the texts (`ingest.targets`), by year; `doc` is any name `resolve_doc` takes."""
        from ingest.targets import extract_targets, filter_targets

        every = self._cached(("targets",), lambda: extract_targets(self.index.snapshot().clauses))
        return filter_targets(every, year, self.resolve_doc(doc) if doc else None)

    def timeline_picture(self, path: str | Path, targets: list[Target]) -> list[Hotspot]:
        """Draw `targets` as a timeline PNG; returns each marker's pixel position (for clicks)."""
        from assistant.features.charts import timeline_png

        titles = {d["doc"]: d.get("title") or d["doc"] for d in self.documents()}
        return timeline_png(targets, path, titles)

    # --- responsibility matrix -------------------------------------------------------------------
    def tasks_matrix(self) -> ResponsibilityMatrix:
        """The task table as units x tasks (牵头 / 配合)."""
        from assistant.features.matrix import build_matrix

        return self._cached(("matrix",), lambda: build_matrix(self.tasks()))

    def tasks_file(self, fmt: str) -> bytes:
        """The task table as `xlsx` (sheets 责任矩阵 and 任务分工), `csv` or `json` bytes."""
        from assistant.features.matrix import tasks_file

        return tasks_file(self.tasks(), fmt)

    def matrix_picture(self, path: str | Path) -> Path:
        """Draw the responsibility matrix as a PNG."""
        from assistant.features.charts import matrix_png

        return matrix_png(self.tasks_matrix(), path)

    # --- plan-to-plan comparison -----------------------------------------------------------------
    def compare(self, doc_a: str, doc_b: str) -> Comparison:
        """Each clause of A with its closest clause of B, and B's clauses new against A."""
        from assistant.core.retriever import HybridRetriever
        from assistant.features.compare import compare_documents

        a, b = self.resolve_doc(doc_a), self.resolve_doc(doc_b)
        if a == b:
            raise ValueError(f"{a}: pick two different documents")

        def build() -> Comparison:
            retriever = HybridRetriever(index=self.index, **self.settings.table("retriever"), reads_questions=False)
            return compare_documents(retriever, self.document_clauses(a), self.document_clauses(b))

        return self._cached(("compare", a, b), build)

    # --- answer export ---------------------------------------------------------------------------
    def export_answers(self, answers: list[Answer], fmt: str) -> bytes:
        """Answers with their cited clauses in full as `docx` or `md`, stamped with time and index version."""
        from assistant.features.export import ExportMeta, export_answers

        return export_answers(self._with_full_clauses(answers), fmt, ExportMeta.now(self.index_version()))

    def _with_full_clauses(self, answers: list[Answer]) -> list[Answer]:
        # A citation carries its clause; one rebuilt from older JSON may lack the date or issuer.
        # Copies are filled in from the index: the caller's answers stay as they were.
        by_id = self.index.snapshot().by_id

        def full(c: Citation) -> Citation:
            clause = by_id.get(c.id)
            if clause is None:
                return c
            return replace(c, text=c.text or clause.text, date=c.date or clause.date,
                           source=c.source or clause.source)

        return [replace(a, citations=[full(c) for c in a.citations], related=[full(c) for c in a.related])
                for a in answers]

    # --- feedback into regression sets -----------------------------------------------------------
    def _feedback_lines(self) -> list[dict]:
        from assistant.features.feedback_export import read_feedback

        return read_feedback(self.settings.data_dir / FEEDBACK_FILE)

    def feedback_status(self) -> dict[str, int]:
        """Rated answers in the feedback file: all, 👎 ones, and new since the last export."""
        from assistant.features.feedback_export import final_ratings

        records = self._feedback_lines()
        try:
            exported = int(json.loads((self.settings.data_dir / FEEDBACK_MARK).read_text()).get("records", 0))
        except (OSError, ValueError, AttributeError):  # never exported, or a damaged mark
            exported = 0
        rated = final_ratings(records)
        return {
            "answers": len(rated),
            "negative": sum(1 for r in rated if r.get("rating") == "down"),
            # answers rated (or re-rated) after the last export
            "new": len(final_ratings(records[exported:])),
        }

    def feedback_drafts(self, only_negative: bool = False, mark_exported: bool = False) -> list[dict]:
        """Draft regression-set items from the feedback (see `feedback_export`); `mark_exported`
        records that everything up to now was exported (the 评测 tab's "new" count restarts)."""
        from assistant.features.feedback_export import draft_items

        records = self._feedback_lines()
        items = draft_items(records, self.index.snapshot().clauses, only_negative)
        if mark_exported:
            mark = self.settings.data_dir / FEEDBACK_MARK
            mark.parent.mkdir(parents=True, exist_ok=True)
            stamp = datetime.now(UTC).isoformat(timespec="seconds")
            mark.write_text(json.dumps({"records": len(records), "at": stamp}))
        return items

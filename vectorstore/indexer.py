"""Incremental, idempotent ingest of files into the store.

Two phases: *prepare* (load, clean, split, embed) touches nothing on disk but the
embedding cache; *commit* writes each prepared document. A file that fails to prepare
is reported and skipped, and the index keeps what it had for it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from ingest.load import LoadError, collect_files, to_text
from ingest.model import Document
from ingest.pipeline import DEFAULT_MAX_TOKENS, INGEST_VERSION, build_document
from ingest.split import clause_sentences
from vectorstore.store import ClauseStore

Progress = Callable[[str, int, int], None]  # (file name, done, total)


@dataclass
class IngestReport:
    """What an ingest did, file by file."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    clauses: int = 0
    embedded: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


class Indexer:
    """Turns files into indexed clauses: `run(paths)` syncs the store with them."""

    def __init__(self, store: ClauseStore, embeddings: Embeddings, max_tokens: int = DEFAULT_MAX_TOKENS) -> None:
        self.store = store
        self.embeddings = embeddings
        self.max_tokens = max_tokens

    def ingest_document(self, document: Document, source_path: str = "") -> int:
        """Embed and write one prepared document; returns the number of clauses."""
        sentences = [(c.id, s) for c in document.clauses for s in clause_sentences(c.text)]
        sentence_vectors = np.asarray(self.embeddings.embed_documents([s for _, s in sentences]), dtype=np.float32)
        clause_vectors = []
        for clause in document.clauses:
            rows = [i for i, (cid, _) in enumerate(sentences) if cid == clause.id]
            mean = sentence_vectors[rows].mean(axis=0)
            clause_vectors.append((mean / max(float(np.linalg.norm(mean)), 1e-12)).tolist())
        self.store.replace_document(document, clause_vectors, sentences, sentence_vectors.tolist(), source_path)
        return len(document.clauses)

    def ingest_bytes(self, name: str, data: bytes) -> Document:
        """Ingest one uploaded file (UI); raises `LoadError` with a clear reason."""
        document = build_document(name, to_text(data, name), self.max_tokens)
        self.ingest_document(document, source_path=f"upload:{name}")
        return document

    def run(self, paths: list[Path], progress: Progress | None = None, rebuild: bool = False) -> IngestReport:
        """Sync the index with files and folders: add new, replace changed, skip unchanged,
        delete documents whose file was removed from an ingested folder."""
        report = IngestReport()
        misses_before = getattr(self.embeddings, "misses", 0)
        files, missing = collect_files(paths)
        report.errors.extend(missing)
        indexed = {d["doc"]: d for d in self.store.list_documents()}
        seen: set[str] = set()
        for done, path in enumerate(files, start=1):
            name = path.name
            if progress:
                progress(name, done, len(files))
            try:
                data = path.read_bytes()
            except OSError as err:
                report.errors.append(f"{path}: cannot read ({err.strerror})")
                continue
            seen.add(name)
            try:
                text = to_text(data, str(path))
            except LoadError as err:
                report.errors.append(str(err))
                continue
            content_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
            previous = indexed.get(name)
            if (
                not rebuild
                and previous
                and previous.get("content_hash") == content_hash
                and previous.get("model_id") == self.store.model_id
                and previous.get("ingest_version") == INGEST_VERSION
            ):
                report.unchanged.append(name)
                continue
            try:
                document = build_document(name, text, self.max_tokens)
                report.clauses += self.ingest_document(document, source_path=str(path.resolve()))
            except LoadError as err:
                report.errors.append(str(err))
                continue
            (report.updated if previous else report.added).append(name)
        # A document whose file is gone from a folder we were asked to sync is removed.
        folders = [p.resolve() for p in paths if p.is_dir()]
        for name, meta in indexed.items():
            source = Path(meta.get("source_path") or "")
            if name in seen or not meta.get("source_path") or meta["source_path"].startswith("upload:"):
                continue
            if any(folder in source.parents for folder in folders) and not source.exists():
                self.store.delete_document(name)
                report.removed.append(name)
        report.embedded = getattr(self.embeddings, "misses", 0) - misses_before
        return report

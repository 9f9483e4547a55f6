"""Incremental, idempotent ingest of files into the store.

Two phases: *prepare* (load, clean, split, embed) touches nothing on disk but the
embedding cache; *commit* writes each prepared document. A file that fails to prepare
is reported and skipped, and the index keeps what it had for it. The caller holds the
data dir's writer lock (`vectorstore.lock`) around `run`, `ingest_bytes` and removals.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from ingest.load import DEFAULT_MAX_FILE_MB, LoadError, check_size, collect_files, read_file, to_text
from ingest.model import Document
from ingest.pipeline import INGEST_VERSION, build_document
from ingest.split import DEFAULT_SPLITTER, Splitter, clause_sentences
from vectorstore.batch import PreparedDocument, clause_tokens, learn_words
from vectorstore.rebuild import activate, begin_rebuild, copy_documents
from vectorstore.rows import LAYOUT
from vectorstore.store import ClauseStore

Progress = Callable[[str, int, int], None]  # (file name, done, total)
EMBED_CHUNK = 256  # sentences embedded between two progress reports
WRITE_BATCH = 2000  # sentences gathered before one batch of store writes


@dataclass
class IngestReport:
    """What an ingest did, file by file."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    clauses: int = 0
    embedded: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def clause_vectors(document: Document, sentences: list[tuple[str, str]], vectors: np.ndarray) -> list[list[float]]:
    """Each clause's vector: the normalised mean of its sentences' vectors (one pass over them)."""
    rows: dict[str, list[int]] = {}
    for i, (clause_id, _) in enumerate(sentences):
        rows.setdefault(clause_id, []).append(i)
    out = []
    for clause in document.clauses:
        mean = vectors[rows[clause.id]].mean(axis=0)
        out.append((mean / max(float(np.linalg.norm(mean)), 1e-12)).tolist())
    return out


class Indexer:
    """Turns files into indexed clauses: `run(paths)` syncs the store with them.

    `max_tokens` and `encoding` are the `[splitter]` table's keys: the `Splitter` that cuts
    every document this indexer builds."""

    def __init__(
        self,
        store: ClauseStore,
        embeddings: Embeddings,
        max_tokens: int = DEFAULT_SPLITTER.max_tokens,
        encoding: str = DEFAULT_SPLITTER.encoding,
        max_file_mb: float = DEFAULT_MAX_FILE_MB,
        written: Callable[[ClauseStore, list[PreparedDocument]], None] | None = None,
    ) -> None:
        self.store = store
        self.embeddings = embeddings
        self.splitter = Splitter(max_tokens=max_tokens, encoding=encoding)  # the `[splitter]` table
        self.max_file_mb = max_file_mb
        self.written = written  # told of each batch once it is in the store (the local index follows)

    def prepare(self, document: Document, source_path: str = "", progress: Progress | None = None) -> PreparedDocument:
        """Embed a document's sentences and cut its clauses into tokens (after `learn_words`).

        `progress(doc, sentences embedded, sentences)` is called as the embedding goes on."""
        sentences = [(c.id, s) for c in document.clauses for s in clause_sentences(c.text)]
        texts = [s for _, s in sentences]
        embedded: list[list[float]] = []
        for start in range(0, len(texts), EMBED_CHUNK):
            embedded.extend(self.embeddings.embed_documents(texts[start : start + EMBED_CHUNK]))
            if progress:
                progress(document.doc, len(embedded), len(texts))
        sentence_vectors = np.asarray(embedded, dtype=np.float32)
        vectors = clause_vectors(document, sentences, sentence_vectors)
        return PreparedDocument(
            document, vectors, sentences, sentence_vectors.tolist(), clause_tokens(document), source_path
        )

    def ingest_documents(self, documents: list[tuple[Document, str]], progress: Progress | None = None) -> int:
        """Embed and write (document, source path) pairs, many documents per store call
        (`WRITE_BATCH` sentences); returns the number of clauses written."""
        learn_words(self.store, [d for d, _ in documents])
        batch: list[PreparedDocument] = []
        pending = clauses = 0
        for document, source_path in documents:
            batch.append(self.prepare(document, source_path, progress))
            pending += len(batch[-1].sentences)
            clauses += len(document.clauses)
            if pending >= WRITE_BATCH:
                self._write(batch)
                batch, pending = [], 0
        self._write(batch)
        return clauses

    def _write(self, batch: list[PreparedDocument]) -> None:
        self.store.replace_documents(batch)
        if batch and self.written is not None:
            self.written(self.store, batch)

    def ingest_document(self, document: Document, source_path: str = "", progress: Progress | None = None) -> int:
        """Embed and write one prepared document; returns the number of clauses."""
        return self.ingest_documents([(document, source_path)], progress)

    def ingest_bytes(self, name: str, data: bytes) -> Document:
        """Ingest one uploaded file (UI); raises `LoadError` with a clear reason."""
        check_size(len(data), name, self.max_file_mb)
        document = build_document(name, to_text(data, name), self.splitter)
        self.ingest_document(document, source_path=f"upload:{name}")
        return document

    def run(
        self,
        paths: list[Path],
        progress: Progress | None = None,
        rebuild: bool = False,
        sentence_progress: Progress | None = None,
    ) -> IngestReport:
        """Sync the index with files and folders: add new, replace changed, skip unchanged,
        delete documents whose file was removed from an ingested folder.

        `rebuild` re-embeds every file into a fresh generation of collections, copies the
        other documents over, and swaps it in at the end (see `vectorstore.rebuild`)."""
        report = IngestReport()
        misses_before = getattr(self.embeddings, "misses", 0)
        files, missing, report.warnings = collect_files(paths)
        report.errors.extend(missing)
        live = self.store
        indexed = {d["doc"]: d for d in live.list_documents()}
        if rebuild:
            self.store = begin_rebuild(live)
        seen: dict[str, Path] = {}
        changed: list[tuple[Document, Path]] = []
        for done, path in enumerate(files, start=1):
            if progress:
                progress(path.name, done, len(files))
            if (document := self._sync_file(path, indexed, seen, report, rebuild)) is not None:
                changed.append((document, path))
        report.clauses += self.ingest_documents(
            [(document, str(path.resolve())) for document, path in changed], sentence_progress
        )
        for document, path in changed:
            self._report_written(document, path, indexed.get(document.doc), report)
        gone = self._gone(paths, indexed, seen)
        if rebuild:
            copy_documents(live, self.store, [name for name in indexed if name not in seen and name not in gone])
            activate(self.store)
        else:
            for name in gone:
                self.store.delete_document(name)
        report.removed.extend(gone)
        report.embedded = getattr(self.embeddings, "misses", 0) - misses_before
        return report

    def _sync_file(
        self, path: Path, indexed: dict[str, dict], seen: dict[str, Path], report: IngestReport, rebuild: bool
    ) -> Document | None:
        """The document to write for one file, or None (unchanged, or a problem in `report.errors`)."""
        name = path.name
        if (clash := self._name_clash(path, seen.get(name))) is not None:
            report.errors.append(clash)
            return None
        if name in seen:  # the same file named twice: written once
            return None
        seen[name] = path
        try:
            text = to_text(read_file(path, self.max_file_mb), str(path))
        except LoadError as err:
            report.errors.append(str(err))
            return None
        content_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
        previous = indexed.get(name)
        if (
            not rebuild
            and previous
            and previous.get("content_hash") == content_hash
            and previous.get("model_id") == self.store.model_id
            and previous.get("ingest_version") == INGEST_VERSION
            and previous.get("layout") == LAYOUT  # written in an older store layout: written again
        ):
            report.unchanged.append(name)
            return None
        try:
            return build_document(name, text, self.splitter)
        except LoadError as err:
            report.errors.append(str(err))
            return None

    def _report_written(self, document: Document, path: Path, previous: dict | None, report: IngestReport) -> None:
        """Count a written document as added or updated (with a warning if it replaced another file's)."""
        if previous and previous.get("content_hash") != document.content_hash and (
            warning := self._replaces_other_file(path, previous)
        ):
            report.warnings.append(warning)
        (report.updated if previous else report.added).append(document.doc)

    @staticmethod
    def _name_clash(path: Path, earlier: Path | None) -> str | None:
        """Documents are keyed by file name: a second, different file of that name in one run is an error."""
        if earlier is not None and earlier.resolve() != path.resolve():
            return (
                f"{path}: same file name as {earlier}; documents are named by their file name, "
                f"so rename one of them ({path} was not ingested)"
            )
        return None

    @staticmethod
    def _replaces_other_file(path: Path, previous: dict | None) -> str | None:
        """A warning when a changed file replaces a document indexed from another file that still exists
        (the same text from another checkout is simply unchanged)."""
        indexed_from = (previous or {}).get("source_path") or ""
        if not indexed_from or indexed_from.startswith("upload:"):
            return None
        source = Path(indexed_from)
        if source != path.resolve() and source.exists():
            return (
                f"{path}: replaces the document {path.name} indexed from {source} (documents are named "
                "by their file name; rename one of the files to keep both)"
            )
        return None

    @staticmethod
    def _gone(paths: list[Path], indexed: dict[str, dict], seen: dict[str, Path]) -> list[str]:
        """Indexed documents whose file was removed from a folder we were asked to sync."""
        folders = [p.resolve() for p in paths if p.is_dir()]
        gone = []
        for name, meta in indexed.items():
            source_path = meta.get("source_path") or ""
            if name in seen or not source_path or source_path.startswith("upload:"):
                continue
            source = Path(source_path)
            if any(folder in source.parents for folder in folders) and not source.exists():
                gone.append(name)
        return gone

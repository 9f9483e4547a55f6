"""The opened index: Chroma store, embeddings, and what each process derives from it.

The BM25 index and the task table are rebuilt from the clauses collection whenever the
store's version changes, so several processes sharing one Chroma server stay in step.
The store itself is re-opened then too: the embedded Chroma client keeps each
collection's vector index in this process's memory and never re-reads it from disk,
so without a fresh client a serving process would not find another process's vectors.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from chromadb.api.shared_system_client import SharedSystemClient
from chromadb.errors import NotFoundError

from assistant.config import Settings
from assistant.tasks.table import TaskTable
from ingest.fold import fold_loose
from ingest.load import DEFAULT_MAX_FILE_MB
from ingest.model import Clause
from vectorstore.damage import check_store_files, describe_store_failure
from vectorstore.dense import SentenceMatrix
from vectorstore.embeddings import CachedEmbeddings, make_embeddings
from vectorstore.indexer import Indexer
from vectorstore.lexical import BM25Index, add_words
from vectorstore.lock import DEFAULT_WAIT_SECONDS, writer_lock
from vectorstore.store import ClauseStore, StoreError, make_client

RECHECK_SECONDS = 2.0  # how stale a process's derived indexes may be in server mode


class IndexMissing(StoreError):
    """No clauses indexed yet."""


@dataclass
class Snapshot:
    """Derived, in-memory views of one version of the store."""

    version: str
    clauses: list[Clause]
    bm25: BM25Index
    tasks: TaskTable
    dense: SentenceMatrix
    by_id: dict[str, Clause] = field(default_factory=dict)

    @cached_property
    def corpus_text(self) -> str:
        """All clause text (paths and titles too), loosely folded: for "is X in the texts"."""
        titles = {c.title for c in self.clauses}
        return fold_loose("\n".join([*titles, *(c.clause + c.text for c in self.clauses)]))


class Index:
    """Store + embeddings + snapshot; one per process, shared by all requests."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._checked_at = 0.0
        self._store: ClauseStore | None = None
        self._open_lock = threading.Lock()

    @cached_property
    def embeddings(self) -> CachedEmbeddings:
        inner = make_embeddings(**self.settings.table("embeddings"))
        return CachedEmbeddings(inner, self.settings.data_dir / "cache" / "embeddings.sqlite")

    @property
    def store(self) -> ClauseStore:
        """The live store (re-opened when another process changed it; see `reopen`)."""
        store = self._store
        if store is None:
            with self._open_lock:
                if self._store is None:
                    self._store = self._open_store()
                store = self._store
        return store

    def _open_store(self) -> ClauseStore:
        where = self.settings.chroma_url or self.settings.data_dir / "chroma"
        if not self.settings.chroma_url:
            check_store_files(self.settings.data_dir)
            # Chroma shares one client per path within a process, and that client keeps each
            # collection's vector index in memory: forget it, so the new client reads the
            # files as they are now (requests still holding the old store finish with it).
            SharedSystemClient._identifier_to_system.pop(str(self.settings.data_dir / "chroma"), None)
        try:
            client = make_client(self.settings.data_dir, self.settings.chroma_url, self.settings.store_timeout_s)
            return ClauseStore(client, self.embeddings.model_id)
        except PermissionError as err:
            raise StoreError(f"data dir {self.settings.data_dir} is not writable ({err.strerror})") from err
        except StoreError:
            raise
        except Exception as err:  # a server that is down, a broken store file
            known = describe_store_failure(err, self.settings.data_dir, self.settings.chroma_url)
            raise known or StoreError(f"cannot open the index at {where}: {err}") from err

    def reopen(self) -> None:
        """Drop this process's store so the next use reads the vectors from disk again."""
        with self._open_lock:
            self._store = None
        self._checked_at = 0.0

    @contextlib.contextmanager
    def writing(self, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
        """Hold the data dir's writer lock around a change, on a store read fresh under it."""
        wait = float(self.settings.table("ingest").get("lock_wait_seconds", DEFAULT_WAIT_SECONDS))
        with writer_lock(self.settings.data_dir, wait, on_wait):
            self.reopen()
            try:
                yield
            finally:
                self.reopen()

    def indexer(self) -> Indexer:
        ingest = self.settings.table("ingest")
        return Indexer(
            self.store,
            self.embeddings,
            max_tokens=self.settings.table("splitter").get("max_tokens", 512),
            max_file_mb=float(ingest.get("max_file_mb", DEFAULT_MAX_FILE_MB)),
        )

    def snapshot(self) -> Snapshot:
        """The current snapshot, rebuilt when the store changed (checked every few seconds)."""
        now = time.monotonic()
        if self._snapshot and now - self._checked_at < RECHECK_SECONDS:
            return self._snapshot
        # One thread checks and rebuilds; the others answer from the snapshot they have rather
        # than queue behind a rebuild, which re-tokenizes every clause (about 30 s at 10k clauses
        # on 2 cores) and in server mode follows any process's ingest. Only the first build blocks.
        if not self._lock.acquire(blocking=self._snapshot is None):
            return self._snapshot
        with contextlib.ExitStack() as stack:
            stack.callback(self._lock.release)
            version = self._current_version()
            self._checked_at = now
            if self._snapshot and self._snapshot.version == version:
                return self._snapshot
            if self._snapshot:  # changed by another process: read its vectors too
                self.reopen()
                version = self._current_version()
                self._checked_at = now
            clauses = self.store.all_clauses()
            if not clauses:
                raise IndexMissing(
                    "the index is empty: build it with `python -m assistant ingest` (or `make run`)"
                )
            self.store.check_model()
            tasks = TaskTable.from_clauses(clauses)
            add_words(tasks.unit_names())
            self._snapshot = Snapshot(
                version=version,
                clauses=clauses,
                bm25=BM25Index([c.search_text for c in clauses]),
                tasks=tasks,
                dense=SentenceMatrix.build(self.store.all_sentence_vectors()),
                by_id={c.id: c for c in clauses},
            )
            return self._snapshot

    def _current_version(self) -> str:
        try:
            return self.store.version()
        except NotFoundError:  # our collections were dropped by a rebuild in another process
            self.reopen()
            return self.store.version()

    def invalidate(self) -> None:
        """Forget the snapshot (after this process changed the store)."""
        self._checked_at = 0.0

"""The opened index: Chroma store, embeddings, and what each process derives from it.

The task table is handed in (`Index(settings, tasks=...)`, a callable from clauses to a table
with `unit_names()`), not built here: this package knows the store, not the answer engine.

What a process derives (clauses, the BM25 postings, sentence vectors, the task table) comes
from this data dir's local cache (`vectorstore.localcache`), which follows Chroma document by
document: at start nothing is tokenized and no vector is read over Chroma's API, and after an
ingest only the changed documents are read. A small change stamp is polled every few seconds,
so several processes sharing one Chroma server stay in step. The store itself is re-opened
when it changed: the embedded Chroma client keeps each
collection's vector index in this process's memory and never re-reads it from disk,
so without a fresh client a serving process would not find another process's vectors.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol

from chromadb.api.shared_system_client import SharedSystemClient
from chromadb.errors import NotFoundError

from ingest.load import DEFAULT_MAX_FILE_MB
from ingest.model import Clause
from text.fold import fold_loose
from text.tokenize import add_words
from vectorstore.batch import PreparedDocument, read_lexicon
from vectorstore.corpustext import CorpusText
from vectorstore.damage import check_store_files, describe_store_failure
from vectorstore.dense import SentenceMatrix
from vectorstore.derived import DerivedViews
from vectorstore.embeddings import CachedEmbeddings, make_embeddings
from vectorstore.indexer import Indexer
from vectorstore.lexical import BM25Index
from vectorstore.localcache import LocalCache
from vectorstore.lock import DEFAULT_WAIT_SECONDS, writer_lock
from vectorstore.store import ClauseStore, StoreError, make_client
from vectorstore.stored_bm25 import StoredBM25

RECHECK_SECONDS = 2.0  # how stale a process's derived indexes may be in server mode


class IndexMissing(StoreError):
    """No clauses indexed yet."""


class StoreSettings(Protocol):
    """What the index reads of the settings (`assistant.config.Settings` is one)."""

    data_dir: Path
    chroma_url: str | None

    def table(self, name: str) -> dict: ...

    @property
    def store_timeout_s(self) -> float: ...


class Tasks(Protocol):
    """The task table a snapshot carries: built by the caller's `tasks` callable from the clauses."""

    def unit_names(self) -> list[str]: ...


@dataclass
class Snapshot:
    """Derived, in-memory views of one version of the store."""

    version: str
    clauses: list[Clause]
    bm25: BM25Index | StoredBM25
    tasks: Any  # what the Index's `tasks` callable built (see `Tasks`)
    dense: SentenceMatrix
    by_id: dict[str, Clause] = field(default_factory=dict)
    documents: list[dict] = field(default_factory=list)  # the manifest's originals (copies left out)
    copies: dict[str, str] = field(default_factory=dict)  # copy -> original (`vectorstore.duplicates`)
    read_clauses: Callable[[list[str]], list[Clause]] | None = None
    loose_texts: Callable[[], str] | None = None  # the clauses' loosely folded text, made at sync

    def document_clauses(self, doc: str) -> list[Clause]:
        """A document's clauses in order, a copy's too (read from the local cache)."""
        if doc in self.copies and self.read_clauses is not None:
            return self.read_clauses([doc])
        return [c for c in self.clauses if c.doc == doc]

    @cached_property
    def corpus_text(self) -> str:
        """All clause text (paths and titles too), loosely folded: for "is X in the texts"
        (a `CorpusText`: its look-ups are remembered)."""
        titles = sorted({c.title for c in self.clauses})
        if self.loose_texts is not None:
            return CorpusText("".join(fold_loose(t) for t in titles) + self.loose_texts())
        return CorpusText(fold_loose("\n".join([*titles, *(c.clause + c.text for c in self.clauses)])))


class Index:
    """Store + embeddings + snapshot; one per process, shared by all requests."""

    def __init__(self, settings: StoreSettings, tasks: Callable[[list[Clause]], Tasks] | None = None) -> None:
        """`tasks` builds a snapshot's task table from its clauses (its unit names are added to
        the tokenizer's words); without it a snapshot has no table (`tasks` None): enough for
        writing and reading the store."""
        self.settings = settings
        self._tasks = tasks
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._checked_at = 0.0
        self._store: ClauseStore | None = None
        self._open_lock = threading.Lock()
        self._stamp: str | None = None
        self._cache: LocalCache | None = None
        self._derived: DerivedViews | None = None

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
                with contextlib.suppress(StoreError, NotFoundError):  # only a cache for the next start
                    self.remember_manifest()
            finally:
                self.reopen()

    def indexer(self) -> Indexer:
        ingest = self.settings.table("ingest")
        return Indexer(
            self.store,
            self.embeddings,
            **self.settings.table("splitter"),
            max_file_mb=float(ingest.get("max_file_mb", DEFAULT_MAX_FILE_MB)),
            written=self.record_written,
        )

    def record_written(self, store: ClauseStore, batch: list[PreparedDocument]) -> None:
        """Documents this process wrote go into the local index as they are (not during a rebuild,
        which writes another generation: the local index follows it when it goes live)."""
        cache = self.local_cache
        if cache.identity == store.identity:
            cache.put(batch, store.model_id)

    def remember_manifest(self) -> None:
        """Keep the store's manifest in the local cache under its change stamp, as a writer leaves
        them: the next process start reads it there instead of from Chroma (`_current_version`)."""
        store, cache = self.store, self.local_cache
        stamp = store.stamp()
        if stamp is None or not stamp.startswith(f"{store.prefix}:") or not cache.identity.endswith(f"|{store.prefix}"):
            return
        version, manifest = store.version_and_manifest()
        if manifest and not version.endswith(":stale"):
            cache.put_manifest(stamp, version, manifest)

    def snapshot(self) -> Snapshot:
        """The current snapshot, refreshed when the store changed (checked every few seconds)."""
        now = time.monotonic()
        if self._snapshot and now - self._checked_at < RECHECK_SECONDS:
            return self._snapshot
        # One thread checks and refreshes; the others answer from the snapshot they have rather
        # than queue behind it. Only the first build blocks.
        if not self._lock.acquire(blocking=self._snapshot is None):
            return self._snapshot
        with contextlib.ExitStack() as stack:
            stack.callback(self._lock.release)
            stamp = self._current_stamp()
            self._checked_at = now
            if self._snapshot and stamp is not None and stamp == self._stamp:
                return self._snapshot  # nothing written since: one small read, no manifest
            version, manifest = self._current_version(stamp)
            if self._snapshot and self._snapshot.version == version:
                self._stamp = stamp
                return self._snapshot
            if self._snapshot and (not self.settings.chroma_url or version.endswith(":stale")):
                # changed: an embedded client must be opened again to see another process's
                # vectors, and after a rebuild any client must open the new generation
                self.reopen()
                stamp = self._current_stamp()
                version, manifest = self._current_version(stamp)
                self._checked_at = now
            self._snapshot = self._build(version, manifest)
            self._stamp = stamp
            return self._snapshot

    def _build(self, version: str, manifest: list[dict]) -> Snapshot:
        """A snapshot from the local cache, brought in step with Chroma first (changed documents only)."""
        store = self.store
        if not manifest:
            raise IndexMissing("the index is empty: build it with `python -m assistant ingest` (or `make run`)")
        store.check_model(manifest)
        lexicon = read_lexicon(store)
        if lexicon is None:  # a store written before tokens were kept: its clauses are cut at sync
            lexicon = self._tasks(store.all_clauses()).unit_names() if self._tasks else []
        add_words(lexicon)  # before any text is cut: the words the stored tokens were cut with
        cache = self.local_cache
        cache.sync(store, manifest)
        copies = cache.copies([d["doc"] for d in manifest])  # answers search the originals only
        originals = [d for d in manifest if d["doc"] not in copies]
        views = self.derived
        clauses, dense = views.refresh(originals, version)
        if not clauses:
            raise IndexMissing("the index is empty: build it with `python -m assistant ingest` (or `make run`)")
        docs = sorted(views.stamps)
        tasks = self._tasks(clauses) if self._tasks else None
        if tasks is not None:
            add_words(tasks.unit_names())
        return Snapshot(
            version=version,
            clauses=clauses,
            bm25=StoredBM25(cache, [c.id for c in clauses]),
            tasks=tasks,
            dense=dense,
            by_id={c.id: c for c in clauses},
            documents=originals,
            copies=copies,
            read_clauses=cache.clauses,
            loose_texts=lambda: cache.loose_texts(docs),
        )

    @property
    def cache_dir(self) -> Path:
        """Where this data dir keeps what it derives from this store: one folder per store, however
        it is reached (the embedded client, or any URL of a `chroma run` serving its files)."""
        where = self.store.identity
        return self.settings.data_dir / "cache" / f"store-{hashlib.sha256(where.encode()).hexdigest()[:12]}"

    @property
    def local_cache(self) -> LocalCache:
        """This data dir's cache of what is derived from the store (`vectorstore.localcache`)."""
        identity = self.store.identity
        if self._cache is None or self._cache.identity != identity:
            self._cache = LocalCache(self.cache_dir / "derived.sqlite", identity)
            self._derived = DerivedViews(self._cache, self.cache_dir)
        return self._cache

    @property
    def derived(self) -> DerivedViews:
        """This process's clauses and sentence matrix, updated per changed document (`vectorstore.derived`)."""
        self.local_cache  # noqa: B018 - a new store generation starts them afresh
        return self._derived

    def _current_stamp(self) -> str | None:
        try:
            return self.store.stamp()
        except NotFoundError:
            self.reopen()
            return self.store.stamp()

    def _current_version(self, stamp: str | None) -> tuple[str, list[dict]]:
        """The store's version and manifest: kept in the local cache under the change stamp read
        just before (so a process start reads no manifest from Chroma when nothing changed)."""
        usable = stamp is not None and stamp.startswith(f"{self.store.prefix}:")
        if usable and (kept := self.local_cache.manifest(stamp)) is not None:
            return kept
        try:
            version, manifest = self.store.version_and_manifest()
        except NotFoundError:  # our collections were dropped by a rebuild in another process
            self.reopen()
            version, manifest = self.store.version_and_manifest()
        if usable and manifest and stamp.startswith(f"{self.store.prefix}:") and not version.endswith(":stale"):
            self.local_cache.put_manifest(stamp, version, manifest)
        return version, manifest

    def invalidate(self) -> None:
        """Forget the snapshot (after this process changed the store)."""
        self._checked_at = 0.0
        self._stamp = None

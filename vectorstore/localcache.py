"""This machine's copy of what each process derives from Chroma, kept in step document by document.

The lexical index lives here: an inverted index (term -> clause, term frequency) in SQLite that
grows and shrinks a document at a time, from the jieba tokens stored with each clause at ingest;
`vectorstore.stored_bm25` scores it. One SQLite file per data dir and store
(`cache/<store>/derived.sqlite`) holds, per document, its clauses (pickled),
its sentence ids and vectors, its clauses' hashes (to find copies, `vectorstore.duplicates`) and
the BM25 postings of its clauses (from the jieba tokens stored with each clause in Chroma at
ingest, see `vectorstore.batch`), and the last manifest read or written, under the store's change
stamp it goes with (a start whose stamp matches reads no manifest from Chroma). It is a cache: Chroma
stays the source of truth, and `sync` brings the file in step with the manifest by reading only
the documents whose content hash (or `tokens_rev`) changed and deleting the ones that left.
Any number of processes on one machine share it; each machine sharing a `chroma run` server
keeps its own. So process start reads a compact local file instead of every clause and vector
over Chroma's API, and an ingest costs the other processes the changed documents only.
"""

from __future__ import annotations

import contextlib
import json
import pickle
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import numpy as np

from ingest.model import Clause
from text.fold import fold_loose
from text.tokenize import tokenize
from vectorstore.batch import PreparedDocument
from vectorstore.duplicates import clause_hashes, find_copies
from vectorstore.rows import clause_vector_blocks, record_sentences, sentence_ids
from vectorstore.store import _PAGE, ClauseStore, StoreError, clause_from_record, unpack_metadata

SYNC_CHUNK = 50  # documents read from Chroma per call while syncing

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (
    doc TEXT PRIMARY KEY, stamp TEXT NOT NULL, clauses BLOB NOT NULL,
    sentence_ids BLOB NOT NULL, vectors BLOB NOT NULL, dim INTEGER NOT NULL, loose TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS clause_keys (
    key INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, doc TEXT NOT NULL, length INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS clause_keys_doc ON clause_keys (doc);
CREATE TABLE IF NOT EXISTS postings (term TEXT NOT NULL, key INTEGER NOT NULL, tf INTEGER NOT NULL,
    PRIMARY KEY (term, key)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS postings_key ON postings (key);
CREATE TABLE IF NOT EXISTS clause_hashes (doc TEXT PRIMARY KEY, hashes BLOB NOT NULL);
"""


@lru_cache(maxsize=100_000)
def _loose_line(line: str) -> str:
    return fold_loose(line)


def loose_text(text: str) -> str:
    """`fold_loose(text)`, a line at a time: equal, because the folding never reaches across a
    line break and the line breaks themselves are dropped (checked on the bundled corpus). Made
    once per document here, since OpenCC costs ~3 ms a clause (30 s at 10,000 clauses)."""
    return "".join(_loose_line(line) for line in text.split("\n"))


def doc_stamp(entry: dict) -> str:
    """What a cached document must match in the manifest to be current."""
    return f"{entry.get('content_hash', '')}:{entry.get('model_id', '')}:{entry.get('tokens_rev', 0)}"


class LocalCache:
    """The derived-data cache of one data dir for one store (see the module docstring)."""

    def __init__(self, path: Path, store_identity: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.identity = store_identity
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, timeout=60, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(docs)")}
        if columns and "loose" not in columns:  # a cache from before `loose`: it is only a cache
            self._db.executescript("DROP TABLE docs; DROP TABLE clause_keys; DROP TABLE postings;")
        self._db.executescript(SCHEMA)
        with self._write():
            got = self._db.execute("SELECT value FROM meta WHERE name='store'").fetchone()
            if got and got[0] != store_identity:  # another store (or a rebuilt generation): start over
                for table in ("docs", "clause_keys", "postings"):
                    self._db.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
                self._db.execute("DELETE FROM meta WHERE name='manifest'")
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('store', ?)", (store_identity,))

    @contextlib.contextmanager
    def _write(self) -> Iterator[None]:
        """A write transaction that waits for other processes' (BEGIN IMMEDIATE)."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    # --- keeping in step with Chroma ----------------------------------------------------------------
    def sync(self, store: ClauseStore, manifest: list[dict]) -> int:
        """Bring the cache in step with the manifest; returns how many documents were read."""
        wanted = {d["doc"]: doc_stamp(d) for d in manifest}
        with self._lock:
            have = dict(self._db.execute("SELECT doc, stamp FROM docs").fetchall())
        for doc in sorted(set(have) - set(wanted)):
            with self._write():
                self._drop(doc)
        stale = sorted(doc for doc, stamp in wanted.items() if have.get(doc) != stamp)
        for start in range(0, len(stale), SYNC_CHUNK):
            chunk = stale[start : start + SYNC_CHUNK]
            clauses, sentences = _read_clauses(store, chunk)
            with self._write():
                for doc in chunk:
                    self._drop(doc)
                    self._add(doc, wanted[doc], clauses.get(doc, []), sentences.get(doc, []))
        return len(stale)

    def put(self, batch: list[PreparedDocument], model_id: str) -> None:
        """Take documents just written to the store as they are (tokens, vectors): the process
        that ingests leaves its data dir's index in step without reading them back."""
        with self._write():
            for prepared in batch:
                document = prepared.document
                stamp = doc_stamp({"content_hash": document.content_hash, "model_id": model_id})
                blocks = clause_vector_blocks(prepared.sentences, prepared.sentence_vectors)
                sentences = [(sid, clause_id, document.doc, vector) for clause_id, block in blocks.items()
                             for sid, vector in zip(sentence_ids(clause_id, len(block)), block, strict=True)]
                self._drop(document.doc)
                self._add(document.doc, stamp, list(zip(document.clauses, prepared.tokens, strict=True)), sentences)

    def _drop(self, doc: str) -> None:
        self._db.execute("DELETE FROM postings WHERE key IN (SELECT key FROM clause_keys WHERE doc=?)", (doc,))
        self._db.execute("DELETE FROM clause_keys WHERE doc=?", (doc,))
        self._db.execute("DELETE FROM docs WHERE doc=?", (doc,))
        self._db.execute("DELETE FROM clause_hashes WHERE doc=?", (doc,))

    def _add(self, doc: str, stamp: str, clauses: list[tuple[Clause, list[str]]], sentences: list[tuple]) -> None:
        clauses.sort(key=lambda ct: ct[0].ordinal)
        for clause, tokens in clauses:
            counts = Counter(tokens)
            key = self._db.execute(
                "INSERT INTO clause_keys (id, doc, length) VALUES (?, ?, ?)", (clause.id, doc, sum(counts.values()))
            ).lastrowid
            self._db.executemany("INSERT INTO postings VALUES (?, ?, ?)", [(t, key, tf) for t, tf in counts.items()])
        sentences.sort(key=lambda s: s[0])
        vectors = np.asarray([s[3] for s in sentences], dtype=np.float32)
        self._db.execute(
            "INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                doc,
                stamp,
                pickle.dumps([c for c, _ in clauses], protocol=pickle.HIGHEST_PROTOCOL),
                pickle.dumps([(s[0], s[1]) for s in sentences], protocol=pickle.HIGHEST_PROTOCOL),
                vectors.tobytes(),
                vectors.shape[1] if vectors.ndim == 2 else 0,
                "".join(loose_text(c.clause + c.text) for c, _ in clauses),
            ),
        )
        self._db.execute("INSERT INTO clause_hashes VALUES (?, ?)", (doc, clause_hashes(c for c, _ in clauses)))

    def put_manifest(self, stamp: str, version: str, manifest: list[dict]) -> None:
        """Keep the manifest read under `stamp` (the store's change stamp, read before it)."""
        value = json.dumps({"stamp": stamp, "version": version, "manifest": manifest}, ensure_ascii=False)
        with self._write():
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('manifest', ?)", (value,))

    def manifest(self, stamp: str) -> tuple[str, list[dict]] | None:
        """(version, manifest) as read under this change stamp, or None: a process start reads
        the manifest here rather than from Chroma, whose embedded client spends a second or more
        on its first read of the manifest collection at 500 documents."""
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE name='manifest'").fetchone()
        if not row:
            return None
        kept = json.loads(row[0])
        return (kept["version"], kept["manifest"]) if kept["stamp"] == stamp else None

    # --- reading ---------------------------------------------------------------------------------------
    def copies(self, docs: list[str]) -> dict[str, str]:
        """Copy -> original among `docs` (`vectorstore.duplicates`); documents cached before their
        clause hashes were kept get them here, once."""
        with self._lock:
            known = dict(self._db.execute("SELECT doc, hashes FROM clause_hashes").fetchall())
        missing = [doc for doc in docs if doc not in known]
        if missing:
            made = {doc: clause_hashes(self.clauses([doc])) for doc in missing}
            with self._write():
                self._db.executemany(
                    "INSERT OR REPLACE INTO clause_hashes SELECT ?, ? WHERE EXISTS (SELECT 1 FROM docs WHERE doc=?)",
                    [(doc, h, doc) for doc, h in made.items()],
                )
            known.update(made)
        return find_copies({doc: known[doc] for doc in docs})

    def _column(self, column: str, docs: list[str]) -> dict[str, object]:
        """doc -> one column of its row, for the cached ones of `docs` (a query per 500 documents,
        not one per document: a start at 500 documents read them in 0.15 s one by one)."""
        found: dict[str, object] = {}
        wanted = sorted(set(docs))
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            with self._lock:
                found.update(self._db.execute(
                    f"SELECT doc, {column} FROM docs WHERE doc IN ({marks})", chunk  # noqa: S608 - fixed column names
                ).fetchall())
        return found

    def clauses_by_doc(self, docs: list[str]) -> dict[str, list[Clause]]:
        """doc -> its clauses in ordinal order, for the cached ones of `docs`."""
        return {doc: pickle.loads(blob) for doc, blob in self._column("clauses", docs).items()}  # noqa: S301 - our own file

    def clauses(self, docs: list[str]) -> list[Clause]:
        """The clauses of `docs`, in (doc, ordinal) order."""
        by_doc = self.clauses_by_doc(docs)
        return [c for doc in sorted(by_doc) for c in by_doc[doc]]

    def loose_texts(self, docs: list[str]) -> str:
        """The documents' clause paths and texts, loosely folded, joined (see `loose_text`)."""
        by_doc = self._column("loose", docs)
        return "".join(by_doc.get(doc, "") for doc in sorted(set(docs)))

    def sentence_rows(self, docs: list[str]) -> Iterator[tuple[str, list[tuple[str, str]], np.ndarray]]:
        """(doc, [(sentence id, clause id)], vectors) per document of `docs`."""
        for doc in sorted(docs):
            with self._lock:
                row = self._db.execute("SELECT sentence_ids, vectors, dim FROM docs WHERE doc=?", (doc,)).fetchone()
            if row:
                ids = pickle.loads(row[0])  # noqa: S301
                dim = row[2] or 1
                yield doc, ids, np.frombuffer(row[1], dtype=np.float32).reshape(-1, dim)

    def clause_keys(self) -> list[tuple[int, str, int]]:
        """(key, clause id, token count) of every cached clause."""
        with self._lock:
            return self._db.execute("SELECT key, id, length FROM clause_keys").fetchall()

    def terms(self) -> list[str]:
        """Every term of the cached clauses, sorted."""
        with self._lock:
            return [t for (t,) in self._db.execute("SELECT DISTINCT term FROM postings ORDER BY term")]

    def postings(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """(clause keys, term frequencies) of one term, in key order."""
        with self._lock:
            rows = self._db.execute("SELECT key, tf FROM postings WHERE term=? ORDER BY key", (term,)).fetchall()
        if not rows:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        both = np.asarray(rows, dtype=np.int64)
        return both[:, 0], both[:, 1]


def _read_clauses(
    store: ClauseStore, docs: list[str]
) -> tuple[dict[str, list[tuple[Clause, list[str]]]], dict[str, list[tuple]]]:
    """Clauses of `docs` from Chroma with their stored tokens (tokenized here only when a clause
    was stored before tokens were), and the (sentence id, clause id, doc, vector) of their
    sentences, stored with them (`vectorstore.rows`)."""
    clauses: dict[str, list[tuple[Clause, list[str]]]] = {}
    sentences: dict[str, list[tuple]] = {}
    for got in _pages(store.clauses, docs, ["documents", "metadatas"]):
        for clause_id, text, meta in zip(got["ids"], got["documents"], got["metadatas"]):
            search_text, fields = unpack_metadata(text, meta)
            clause = clause_from_record(clause_id, search_text, fields)
            # stores written before tokens were kept are tokenized here, once per machine
            tokens = fields["tokens"] if "tokens" in fields else tokenize(search_text)
            clauses.setdefault(clause.doc, []).append((clause, tokens))
            try:
                sentences.setdefault(clause.doc, []).extend(record_sentences(clause_id, meta))
            except ValueError as err:  # the manifest said current layout, the row is not
                raise StoreError(f"{err}; rebuild the index with `python -m assistant ingest --rebuild`") from err
    return clauses, sentences


def _pages(collection, docs: list[str], include: list[str]) -> Iterator[dict]:
    """`get` over the rows of `docs`, a page at a time; each id once."""
    seen: set[str] = set()
    offset = 0
    while True:
        got = collection.get(where={"doc": {"$in": docs}}, include=include, limit=_PAGE, offset=offset)
        if not got["ids"]:
            return
        keep = [i for i, row_id in enumerate(got["ids"]) if row_id not in seen]
        seen.update(got["ids"])
        yield {key: [got[key][i] for i in keep] for key in ("ids", *include)}
        offset += len(got["ids"])

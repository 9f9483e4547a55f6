"""Clauses in Chroma: one collection of clauses (embedded), one of documents (the manifest), one of
the documents' cleaned texts.

Everything the assistant needs lives in Chroma, so an embedded store and a `chroma run`
server behave the same: the documents collection is the manifest (content hash, title, …), the
texts collection holds each document's cleaned text, compressed, in metadata (not as a Chroma
document: Chroma's full-text index made each manifest write cost more as the store grew, 1.1 s
a batch at 500 documents), and each clause carries its jieba tokens, cut once at ingest. What a process
derives from the clauses (the lexical index, the task table, the dense matrix) is kept in
step per changed document by `vectorstore.localcache`, polled through `stamp()`.
"""

from __future__ import annotations

import hashlib

import chromadb
import numpy as np
from chromadb.errors import NotFoundError

from ingest.model import Clause, Document
from ingest.pipeline import INGEST_VERSION
from vectorstore.batch import PreparedDocument, clause_tokens, learn_words, read_stamp, write_stamp
from vectorstore.client import DEFAULT_TIMEOUT_S, make_client
from vectorstore.rows import (
    LAYOUT,
    clause_from_record,
    clause_metadata,
    clause_vector_blocks,
    pack_text,
    record_sentences,
    unpack_metadata,
    unpack_text,
)

__all__ = [
    "DEFAULT_TIMEOUT_S", "LAYOUT", "ClauseStore", "StoreError", "clause_from_record", "clause_metadata",
    "make_client", "unpack_metadata",
]

CLAUSES = "clauses"
SENTENCES = "sentences"  # a collection of one row per sentence, in stores written before layout 2
DOCUMENTS = "documents"
TEXTS = "texts"  # layout 2 on: a document's cleaned text (stores before kept it as the manifest's Chroma document)
META = "meta"  # `{base}_meta`: which generation of the collections is live (see vectorstore.rebuild)
ACTIVE_ID = "active"
_PAGE = 2000  # rows per get(): keeps memory flat on large stores
_WRITE_PAGE = 4000  # rows per upsert: one log write per page rather than per document


class StoreError(RuntimeError):
    """The index is missing, unreadable or built with another embedding model."""


class ClauseStore:
    """The Chroma collections behind the index (clauses, documents), and the operations on them.

    A rebuild writes a new generation of collections (`policy_g2_clauses`, …) and then
    points `policy_meta` at it, so search never runs on an index worn by a rebuild's
    deletes and a killed rebuild leaves the live index untouched."""

    def __init__(
        self, client: chromadb.api.ClientAPI, model_id: str, prefix: str = "policy", generation: str | None = None
    ) -> None:
        self.client = client
        self.model_id = model_id
        self.base = prefix
        self.prefix = generation or self.active_prefix()
        # No embedding function: vectors always come from our own `Embeddings`, so Chroma
        # never tries to fetch its default model.
        self.clauses = client.get_or_create_collection(
            f"{self.prefix}_{CLAUSES}",
            embedding_function=None,
            metadata={"hnsw:space": "cosine"},
        )
        # Dense search runs over sentences (see ingest.split.clause_sentences) and maps each hit
        # back to its clause; the clause vector is the mean of its sentences, whose own vectors
        # travel in the clause's metadata (`vectorstore.rows`).
        self.documents = client.get_or_create_collection(f"{self.prefix}_{DOCUMENTS}", embedding_function=None)
        self.texts = client.get_or_create_collection(f"{self.prefix}_{TEXTS}", embedding_function=None)

    @property
    def identity(self) -> str:
        """Which store this is, for the local cache that follows it: the live generation's clauses
        collection by its id (the same through the embedded client and any URL of a server reading
        the same files; a rebuild's new generation is another store), and the generation's prefix."""
        return f"{self.clauses.id}|{self.prefix}"

    def active_prefix(self) -> str:
        """The prefix of the live generation: `policy` until the first rebuild."""
        try:
            meta = self.client.get_collection(f"{self.base}_{META}", embedding_function=None)
        except NotFoundError:
            return self.base
        got = meta.get(ids=[ACTIVE_ID], include=["documents"])
        return got["documents"][0] if got["ids"] else self.base

    # --- manifest -------------------------------------------------------------------------
    def list_documents(self) -> list[dict]:
        """Indexed documents: name, title, date, source, hash, clause count, source path."""
        got = self.documents.get(include=["metadatas"])
        docs = [{"doc": i, **m} for i, m in zip(got["ids"], got["metadatas"])]
        return sorted(docs, key=lambda d: d["doc"])

    def version(self) -> str:
        """A fingerprint of the indexed content: changes whenever a document is added,
        replaced or removed, so each process knows when to rebuild what it derives."""
        return self.version_and_manifest()[0]

    def version_and_manifest(self) -> tuple[str, list[dict]]:
        """`version()` and the manifest it was made from (one read of the manifest for both)."""
        active = self.active_prefix()
        if active != self.prefix:
            return f"{active}:stale", []  # a rebuild went live: this store's collections are the old ones
        docs = self.list_documents()
        digest = hashlib.sha256(self.prefix.encode())
        for d in docs:
            digest.update(f"{d['doc']}\x00{d.get('content_hash', '')}\x00{d.get('model_id', '')}\n".encode())
            if d.get("tokens_rev"):  # clauses cut again after a new lexicon word
                digest.update(f"tokens {d['tokens_rev']}\n".encode())
        return digest.hexdigest()[:16], docs

    def stamp(self) -> str | None:
        """A token that changes with every batch of writes (None on stores written before stamps):
        one small read, so processes poll it often and read the manifest only when it moved."""
        stamp = read_stamp(self)
        return f"{self.active_prefix()}:{stamp}" if stamp else None

    def check_model(self, manifest: list[dict] | None = None) -> None:
        """Refuse to search an index built with another embedding model, or written in another
        layout (`vectorstore.rows.LAYOUT`) by an older version (`manifest`: read already)."""
        for d in self.list_documents() if manifest is None else manifest:
            built_with = d.get("model_id")
            if built_with and built_with != self.model_id:
                raise StoreError(
                    f"the index was built with embeddings {built_with!r} but the settings use "
                    f"{self.model_id!r}; rebuild it with `python -m assistant ingest --rebuild`"
                )
            if d.get("layout") != LAYOUT:
                raise StoreError(
                    f"the index was written by an older version (document {d['doc']!r} is in store layout "
                    f"{d.get('layout', 1)}, this version reads layout {LAYOUT}); rebuild it with "
                    "`python -m assistant ingest --rebuild`"
                )

    # --- writes ---------------------------------------------------------------------------
    def replace_document(
        self,
        document: Document,
        vectors: list[list[float]],
        sentences: list[tuple[str, str]],
        sentence_vectors: list[list[float]],
        source_path: str = "",
    ) -> None:
        """Write one document (its tokens cut here); see `replace_documents`.

        `sentences` are (clause id, sentence) pairs."""
        learn_words(self, [document])
        self.replace_documents(
            [PreparedDocument(document, vectors, sentences, sentence_vectors, clause_tokens(document), source_path)]
        )

    def replace_documents(self, batch: list[PreparedDocument]) -> None:
        """Write documents' clauses (each with its sentences' vectors), many documents per call,
        drop their stale rows, then record them in the manifest and stamp the store once.

        The manifest entries are written after the rows: if anything fails before them, the
        next ingest sees the old hashes and redoes those documents."""
        if not batch:
            return
        rows = []
        for p in batch:
            blocks = clause_vector_blocks(p.sentences, p.sentence_vectors)
            rows.extend(
                (c.id, vector, clause_metadata(c, tokens, blocks.get(c.id, [])))
                for c, vector, tokens in zip(p.document.clauses, p.clause_vectors, p.tokens, strict=True)
            )
        for start in range(0, len(rows), _WRITE_PAGE):
            ids, embeddings, metadatas = zip(*rows[start : start + _WRITE_PAGE])
            self.clauses.upsert(ids=list(ids), embeddings=list(embeddings), metadatas=list(metadatas))
        docs = [p.document.doc for p in batch]
        old = set(self.clauses.get(where={"doc": {"$in": docs}}, include=[])["ids"])
        stale = sorted(old - {row[0] for row in rows})
        for start in range(0, len(stale), _PAGE):
            self.clauses.delete(ids=stale[start : start + _PAGE])
        self.texts.upsert(
            ids=docs, embeddings=[[0.0]] * len(batch), metadatas=[{"text": pack_text(p.document.text)} for p in batch]
        )
        self.documents.upsert(
            ids=docs,
            embeddings=[[0.0]] * len(batch),
            metadatas=[self._manifest_entry(p.document, p.source_path) for p in batch],
        )
        write_stamp(self)

    def _manifest_entry(self, document: Document, source_path: str) -> dict:
        return {
            "title": document.title,
            "date": document.date,
            "source": document.source,
            "content_hash": document.content_hash,
            "clause_count": len(document.clauses),
            "task_count": len(document.tasks),
            "source_path": source_path,
            "model_id": self.model_id,
            "ingest_version": INGEST_VERSION,
            "layout": LAYOUT,
        }

    def delete_document(self, doc: str) -> bool:
        """Remove a document and its clauses; False when it was not indexed."""
        if not self.documents.get(ids=[doc], include=[])["ids"]:
            return False
        self.documents.delete(ids=[doc])  # manifest first: a half-removed doc is re-removed next time
        self.clauses.delete(where={"doc": doc})
        self.texts.delete(ids=[doc])
        write_stamp(self)
        return True

    # --- reads ----------------------------------------------------------------------------
    def all_clauses(self) -> list[Clause]:
        """Every clause, in document order."""
        by_id: dict[str, Clause] = {}
        total = self.clauses.count()
        for offset in range(0, total, _PAGE):
            got = self.clauses.get(include=["documents", "metadatas"], limit=_PAGE, offset=offset)
            # keyed by id: with another process writing to a shared server between two pages,
            # offsets shift and a row can come twice (the version check rebuilds later anyway)
            for i, d, m in zip(got["ids"], got["documents"], got["metadatas"]):
                by_id[i] = clause_from_record(i, d, m)
        return sorted(by_id.values(), key=lambda c: (c.doc, c.ordinal))

    def document_texts(self) -> dict[str, str]:
        """doc -> its cleaned text, for every indexed document (from the manifest's Chroma documents
        for those written before the texts collection)."""
        texts: dict[str, str] = {}
        for offset in range(0, self.texts.count(), _PAGE):
            got = self.texts.get(include=["metadatas"], limit=_PAGE, offset=offset)
            texts.update((doc, unpack_text(meta["text"])) for doc, meta in zip(got["ids"], got["metadatas"]))
        missing = [d["doc"] for d in self.list_documents() if d["doc"] not in texts]
        if missing:
            got = self.documents.get(ids=missing, include=["documents"])
            texts.update((doc, text or "") for doc, text in zip(got["ids"], got["documents"]))
        return texts

    def count(self) -> int:
        return self.clauses.count()

    def search_sentences(self, vector: list[float], k: int, where: dict | None = None) -> dict[str, float]:
        """Clause id -> best cosine similarity of its sentences, over the `k` most similar sentences,
        scored exactly from the vectors stored with the clauses (`where` filters the clause rows).

        For checks of what the store holds: it reads every clause row. The answer path searches
        this machine's matrix of the same vectors (`vectorstore.dense`)."""
        query = np.asarray(vector, dtype=np.float32)
        query = query / max(float(np.linalg.norm(query)), 1e-12)
        scored: list[tuple[float, str, str]] = []  # (similarity, sentence id, clause id)
        for offset in range(0, self.clauses.count(), _PAGE):
            got = self.clauses.get(where=where, include=["metadatas"], limit=_PAGE, offset=offset)
            for clause_id, meta in zip(got["ids"], got["metadatas"]):
                for sentence_id, _, _, row in record_sentences(clause_id, meta):
                    similarity = float(row @ query) / max(float(np.linalg.norm(row)), 1e-12)
                    scored.append((similarity, sentence_id, clause_id))
        scored.sort(key=lambda s: (-s[0], s[1]))
        best: dict[str, float] = {}
        for similarity, _, clause_id in scored[:k]:
            best[clause_id] = max(best.get(clause_id, -1.0), similarity)
        return best

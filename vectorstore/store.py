"""Clauses in Chroma: one collection of clauses (embedded), one of documents (the manifest).

Everything the assistant needs lives in Chroma, so an embedded store and a `chroma run`
server behave the same: the documents collection is the manifest (content hash, title,
cleaned text), and each clause carries its jieba tokens, cut once at ingest. What a process
derives from the clauses (the lexical index, the task table, the dense matrix) is kept in
step per changed document by `vectorstore.localcache`, polled through `stamp()`.
"""

from __future__ import annotations

import base64
import hashlib
import json
import zlib

import chromadb
from chromadb.errors import NotFoundError

from ingest.model import Clause, Document
from ingest.pipeline import INGEST_VERSION
from vectorstore.batch import PreparedDocument, clause_tokens, learn_words, read_stamp, write_stamp
from vectorstore.client import DEFAULT_TIMEOUT_S, make_client

__all__ = ["DEFAULT_TIMEOUT_S", "ClauseStore", "StoreError", "clause_from_record", "clause_metadata", "make_client"]

CLAUSES = "clauses"
SENTENCES = "sentences"
DOCUMENTS = "documents"
META = "meta"  # `{base}_meta`: which generation of the three collections is live (see vectorstore.rebuild)
ACTIVE_ID = "active"
_PAGE = 2000  # rows per get(): keeps memory flat on large stores
_WRITE_PAGE = 4000  # rows per upsert: one log write per page rather than per document


class StoreError(RuntimeError):
    """The index is missing, unreadable or built with another embedding model."""


def _clause_fields(clause: Clause) -> dict:
    return {
        "doc": clause.doc,
        "title": clause.title,
        "date": clause.date,
        "source": clause.source,
        "clause": clause.clause,
        "clause_path": json.dumps(clause.clause_path, ensure_ascii=False),
        "text": clause.text,
        "ordinal": clause.ordinal,
        "translation": clause.translation,
        "lead_units": json.dumps(clause.lead_units, ensure_ascii=False),
        "support_units": json.dumps(clause.support_units, ensure_ascii=False),
        "task_no": clause.task_no if clause.task_no is not None else -1,
        "task_name": clause.task_name,
        "support_open_ended": clause.support_open_ended,
    }


def clause_metadata(clause: Clause, tokens: list[str]) -> dict:
    """A clause's Chroma metadata: `doc` (to filter on) and one compressed `payload` holding every
    field, its search text and its jieba tokens.

    One field, compressed, and no Chroma document: Chroma indexes every metadata string and
    full-text-indexes documents, which made writing a clause cost ~10 ms on 2 cores, while
    nothing searches them (search runs on the assistant's own indexes)."""
    fields = {**_clause_fields(clause), "search_text": clause.search_text, "tokens": tokens}
    packed = zlib.compress(json.dumps(fields, ensure_ascii=False).encode("utf-8"), 1)
    return {"doc": clause.doc, "payload": base64.b64encode(packed).decode("ascii")}


def unpack_metadata(search_text: str | None, meta: dict) -> tuple[str, dict]:
    """(search text, fields) of a clause record, compact or written before `payload` was."""
    if "payload" in meta:
        fields = json.loads(zlib.decompress(base64.b64decode(meta["payload"])).decode("utf-8"))
        return fields["search_text"], fields
    return search_text or "", meta


def sentence_rows(prepared: PreparedDocument) -> list[tuple[str, list[float], dict]]:
    """(id, vector, metadata) of a document's sentences; ids are `{clause id}#s{n}`. The text is
    not stored (it is the clause's, cut by `ingest.split.clause_sentences`): see `clause_metadata`."""
    counts: dict[str, int] = {}
    rows = []
    for (clause_id, _), vector in zip(prepared.sentences, prepared.sentence_vectors, strict=True):
        counts[clause_id] = counts.get(clause_id, 0) + 1
        rows.append((f"{clause_id}#s{counts[clause_id]}", vector, {"clause_id": clause_id, "doc": prepared.document.doc}))
    return rows


def clause_from_record(clause_id: str, search_text: str | None, meta: dict) -> Clause:
    """Rebuild a `Clause` from a Chroma record (compact or not)."""
    search_text, meta = unpack_metadata(search_text, meta)
    task_no = meta.get("task_no", -1)
    return Clause(
        id=clause_id,
        doc=meta["doc"],
        title=meta.get("title", ""),
        date=meta.get("date", ""),
        source=meta.get("source", ""),
        clause_path=json.loads(meta.get("clause_path", "[]")),
        text=meta.get("text", ""),
        search_text=search_text,
        ordinal=int(meta.get("ordinal", 0)),
        translation=meta.get("translation", ""),
        lead_units=json.loads(meta.get("lead_units", "[]")),
        support_units=json.loads(meta.get("support_units", "[]")),
        task_no=None if task_no is None or int(task_no) < 0 else int(task_no),
        task_name=meta.get("task_name", ""),
        support_open_ended=bool(meta.get("support_open_ended", False)),
    )


class ClauseStore:
    """The three Chroma collections behind the index, and the operations on them.

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
        # Dense search runs over sentences (see ingest.split.clause_sentences) and maps
        # each hit back to its clause; the clause vector is the mean of its sentences.
        self.sentences = client.get_or_create_collection(
            f"{self.prefix}_{SENTENCES}",
            embedding_function=None,
            metadata={"hnsw:space": "cosine"},
        )
        self.documents = client.get_or_create_collection(f"{self.prefix}_{DOCUMENTS}", embedding_function=None)

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
        """Refuse to search an index built with another embedding model (`manifest`: read already)."""
        for d in self.list_documents() if manifest is None else manifest:
            built_with = d.get("model_id")
            if built_with and built_with != self.model_id:
                raise StoreError(
                    f"the index was built with embeddings {built_with!r} but the settings use "
                    f"{self.model_id!r}; rebuild it with `python -m assistant ingest --rebuild`"
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
        """Write documents' clauses and sentences, many documents per call, drop their stale rows,
        then record them in the manifest and stamp the store once.

        The manifest entries are written after the rows: if anything fails before them, the
        next ingest sees the old hashes and redoes those documents."""
        if not batch:
            return
        clause_rows = [
            (c.id, vector, clause_metadata(c, tokens))
            for p in batch
            for c, vector, tokens in zip(p.document.clauses, p.clause_vectors, p.tokens, strict=True)
        ]
        sentence_records = [row for p in batch for row in sentence_rows(p)]
        for collection, rows in ((self.clauses, clause_rows), (self.sentences, sentence_records)):
            for start in range(0, len(rows), _WRITE_PAGE):
                ids, embeddings, metadatas = zip(*rows[start : start + _WRITE_PAGE])
                collection.upsert(ids=list(ids), embeddings=list(embeddings), metadatas=list(metadatas))
        docs = [p.document.doc for p in batch]
        for collection, rows in ((self.clauses, clause_rows), (self.sentences, sentence_records)):
            keep = {row[0] for row in rows}
            old = set(collection.get(where={"doc": {"$in": docs}}, include=[])["ids"])
            stale = sorted(old - keep)
            for start in range(0, len(stale), _PAGE):
                collection.delete(ids=stale[start : start + _PAGE])
        self.documents.upsert(
            ids=docs,
            embeddings=[[0.0]] * len(batch),
            documents=[p.document.text for p in batch],
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
        }

    def delete_document(self, doc: str) -> bool:
        """Remove a document and its clauses; False when it was not indexed."""
        if not self.documents.get(ids=[doc], include=[])["ids"]:
            return False
        self.documents.delete(ids=[doc])  # manifest first: a half-removed doc is re-removed next time
        self.clauses.delete(where={"doc": doc})
        self.sentences.delete(where={"doc": doc})
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

    def count(self) -> int:
        return self.clauses.count()

    def search_sentences(self, vector: list[float], k: int, where: dict | None = None) -> dict[str, float]:
        """Clause id -> best cosine similarity of its sentences, over the `k` nearest sentences."""
        total = self.sentences.count()
        if total == 0:
            return {}
        got = self.sentences.query(
            query_embeddings=[vector], n_results=min(k, total), where=where, include=["metadatas", "distances"]
        )
        best: dict[str, float] = {}
        for meta, dist in zip(got["metadatas"][0], got["distances"][0]):
            cid = meta["clause_id"]
            best[cid] = max(best.get(cid, -1.0), 1.0 - float(dist))
        return best

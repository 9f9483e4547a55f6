"""Clauses in Chroma: one collection of clauses (embedded), one of documents (the manifest).

Everything the assistant needs lives in Chroma, so an embedded store and a `chroma run`
server behave the same: the documents collection is the manifest (content hash, title,
cleaned text) and the lexical index and task table are rebuilt from the clauses
collection by each process (see `version()`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import chromadb
import httpx
from chromadb.config import Settings
from chromadb.errors import NotFoundError

from ingest.model import Clause, Document
from ingest.pipeline import INGEST_VERSION

CLAUSES = "clauses"
SENTENCES = "sentences"
DOCUMENTS = "documents"
META = "meta"  # `{base}_meta`: which generation of the three collections is live (see vectorstore.rebuild)
ACTIVE_ID = "active"
_PAGE = 2000  # rows per get(): keeps memory flat on large stores


class StoreError(RuntimeError):
    """The index is missing, unreadable or built with another embedding model."""


@dataclass
class Hit:
    """A clause found by a search, with its score (higher is better)."""

    clause: Clause
    score: float


DEFAULT_TIMEOUT_S = 10.0  # a `chroma run` that does not answer within this fails the call


def make_client(data_dir: Path, chroma_url: str | None = None,
                timeout_s: float | None = DEFAULT_TIMEOUT_S) -> chromadb.api.ClientAPI:
    """An embedded client under `data_dir/chroma`, or an HTTP client for `chroma run`.

    Every HTTP call is bounded by `timeout_s` (None: wait forever). chromadb 1.5.9 builds its
    httpx session with `timeout=None` and has no setting for it, so the bound is put on that
    session; the server is first asked for a heartbeat with the same bound, because the client
    makes its first request while it is being built.
    """
    settings = Settings(anonymized_telemetry=False, allow_reset=False)
    if chroma_url:
        url = urlparse(chroma_url if "://" in chroma_url else f"http://{chroma_url}")
        host, port, ssl = url.hostname or "127.0.0.1", url.port or 8000, url.scheme == "https"
        if timeout_s is not None:
            base = f"{'https' if ssl else 'http'}://{host}:{port}"
            httpx.get(f"{base}/api/v2/heartbeat", timeout=timeout_s).raise_for_status()
        client = chromadb.HttpClient(host=host, port=port, ssl=ssl, settings=settings)
        if timeout_s is not None:
            _bound_http_session(client, timeout_s)
        return client
    path = data_dir / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=settings)


def _bound_http_session(client: chromadb.api.ClientAPI, timeout_s: float) -> None:
    """Put `timeout_s` on the httpx session under chromadb's HTTP client (shared by every client
    of that host and port). Fails loudly if a chromadb upgrade moved it, rather than leaving the
    calls unbounded."""
    session = getattr(getattr(client, "_server", None), "_session", None)
    if not isinstance(session, httpx.Client):
        raise RuntimeError("cannot set a timeout on chromadb's HTTP client (chromadb internals changed)")
    session.timeout = httpx.Timeout(timeout_s, connect=min(timeout_s, 5.0))


def _clause_metadata(clause: Clause) -> dict:
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


def clause_from_record(clause_id: str, search_text: str, meta: dict) -> Clause:
    """Rebuild a `Clause` from a Chroma record."""
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

    def document_text(self, doc: str) -> str | None:
        """The cleaned text of one document, or None."""
        got = self.documents.get(ids=[doc], include=["documents"])
        return got["documents"][0] if got["ids"] else None

    def version(self) -> str:
        """A fingerprint of the indexed content: changes whenever a document is added,
        replaced or removed, so each process knows when to rebuild what it derives."""
        active = self.active_prefix()
        if active != self.prefix:
            return f"{active}:stale"  # a rebuild went live: this store's collections are the old ones
        docs = self.list_documents()
        digest = hashlib.sha256(self.prefix.encode())
        for d in docs:
            digest.update(f"{d['doc']}\x00{d.get('content_hash', '')}\x00{d.get('model_id', '')}\n".encode())
        return digest.hexdigest()[:16]

    def check_model(self) -> None:
        """Refuse to search an index built with another embedding model."""
        for d in self.list_documents():
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
        """Write a document's clauses and sentences, drop stale ones, then record it in the manifest.

        `sentences` are (clause id, sentence) pairs. The manifest entry is written last: if
        anything fails before it, the next ingest sees the old hash and redoes the document.
        """
        ids = [c.id for c in document.clauses]
        for start in range(0, len(ids), _PAGE):
            part = slice(start, start + _PAGE)
            self.clauses.upsert(
                ids=ids[part],
                embeddings=vectors[part],
                documents=[c.search_text for c in document.clauses[part]],
                metadatas=[_clause_metadata(c) for c in document.clauses[part]],
            )
        sentence_ids: list[str] = []
        counts: dict[str, int] = {}
        for clause_id, _ in sentences:
            counts[clause_id] = counts.get(clause_id, 0) + 1
            sentence_ids.append(f"{clause_id}#s{counts[clause_id]}")
        for start in range(0, len(sentence_ids), _PAGE):
            part = slice(start, start + _PAGE)
            self.sentences.upsert(
                ids=sentence_ids[part],
                embeddings=sentence_vectors[part],
                documents=[text for _, text in sentences[part]],
                metadatas=[{"clause_id": cid, "doc": document.doc} for cid, _ in sentences[part]],
            )
        for collection, keep in ((self.clauses, ids), (self.sentences, sentence_ids)):
            old = set(collection.get(where={"doc": document.doc}, include=[])["ids"])
            stale = sorted(old - set(keep))
            if stale:
                collection.delete(ids=stale)
        self.documents.upsert(
            ids=[document.doc],
            embeddings=[[0.0]],
            documents=[document.text],
            metadatas=[
                {
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
            ],
        )

    def delete_document(self, doc: str) -> bool:
        """Remove a document and its clauses; False when it was not indexed."""
        if not self.documents.get(ids=[doc], include=[])["ids"]:
            return False
        self.documents.delete(ids=[doc])  # manifest first: a half-removed doc is re-removed next time
        self.clauses.delete(where={"doc": doc})
        self.sentences.delete(where={"doc": doc})
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

    def all_sentence_vectors(self) -> list[tuple[str, str, str, list[float]]]:
        """Every sentence as (sentence id, clause id, doc, vector), in no particular order."""
        rows: dict[str, tuple[str, str, str, list[float]]] = {}
        total = self.sentences.count()
        for offset in range(0, total, _PAGE):
            got = self.sentences.get(include=["embeddings", "metadatas"], limit=_PAGE, offset=offset)
            for i, m, v in zip(got["ids"], got["metadatas"], got["embeddings"]):
                rows[i] = (i, m["clause_id"], m["doc"], v)
        return list(rows.values())

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

    def search(self, vector: list[float], k: int, where: dict | None = None) -> list[Hit]:
        """Nearest clauses by cosine similarity of the clause vectors."""
        if self.clauses.count() == 0:
            return []
        got = self.clauses.query(
            query_embeddings=[vector],
            n_results=min(k, self.clauses.count()),
            where=where,
            include=["documents", "metadatas", "distances"],
        )
        return [
            Hit(clause_from_record(i, d, m), 1.0 - float(dist))
            for i, d, m, dist in zip(got["ids"][0], got["documents"][0], got["metadatas"][0], got["distances"][0])
        ]

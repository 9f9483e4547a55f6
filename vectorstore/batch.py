"""Batched writes, the store's change stamp, and the jieba lexicon kept in Chroma.

Many documents go into one `upsert` per collection, and the store's change stamp is written
once per batch, not once per document: with the embedded store each call costs a log write
and a version bump, which made storing 10,200 clauses one document at a time run at
14 clauses/s.

Each clause's jieba tokens are computed once, at ingest, and stored with the clause in Chroma,
so every process and every machine sharing a `chroma run` server builds its lexical index from
them without re-segmenting anything. Segmentation depends on the words taught to jieba (the
unit names of the task tables, `text.tokenize.add_words`), so that lexicon lives in
Chroma too (`{base}_meta`, record `lexicon`), only grows, and is taught before any clause is
cut; a word that joins it later re-cuts just the stored clauses containing it and bumps their
document's `tokens_rev`, which the local lexical indexes follow.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from chromadb.errors import NotFoundError

from ingest.model import Clause, Document
from text.fold import fold
from text.tokenize import add_words, tokenize
from vectorstore.rows import clause_from_record, clause_metadata

if TYPE_CHECKING:
    from vectorstore.store import ClauseStore

LEXICON_ID = "lexicon"
STAMP_ID = "stamp"


@dataclass
class PreparedDocument:
    """A document with everything the store needs: vectors of clauses and sentences, and tokens."""

    document: Document
    clause_vectors: list[list[float]]
    sentences: list[tuple[str, str]]  # (clause id, sentence)
    sentence_vectors: list[list[float]]
    tokens: list[list[str]]  # per clause, `tokenize(clause.search_text)`
    source_path: str = ""


def clause_tokens(document: Document) -> list[list[str]]:
    """Each clause's BM25 tokens (call `learn_words` first, so jieba knows the lexicon)."""
    return [tokenize(c.search_text) for c in document.clauses]


def document_units(document: Document) -> list[str]:
    """The unit names a document's task clauses name, folded (what `TaskTable.unit_names` gives)."""
    return _units(document.clauses)


def _units(clauses: list[Clause]) -> list[str]:
    seen: dict[str, None] = {}
    for clause in clauses:
        if clause.is_task:
            for unit in clause.lead_units + clause.support_units:
                seen.setdefault(fold(unit), None)
    return list(seen)


def _meta(store: ClauseStore, create: bool = False):
    """The `{base}_meta` collection, or None when it does not exist yet."""
    name = f"{store.base}_meta"
    if create:
        return store.client.get_or_create_collection(name, embedding_function=None)
    try:
        return store.client.get_collection(name, embedding_function=None)
    except (NotFoundError, ValueError):
        return None


def _read_record(store: ClauseStore, record: str) -> str | None:
    meta = _meta(store)
    if meta is None:
        return None
    got = meta.get(ids=[record], include=["documents"])
    return got["documents"][0] if got["ids"] else None


def read_lexicon(store: ClauseStore) -> list[str] | None:
    """The words taught to jieba for this store, in the order they were learned (None: the store
    was written before tokens were stored with its clauses)."""
    text = _read_record(store, LEXICON_ID)
    return json.loads(text) if text is not None else None


def read_stamp(store: ClauseStore) -> str | None:
    """The change stamp written after every batch of writes (None on stores written before it)."""
    return _read_record(store, STAMP_ID)


def write_stamp(store: ClauseStore) -> None:
    """Mark the store changed: readers compare stamps (one small read) before the manifest."""
    _meta(store, create=True).upsert(ids=[STAMP_ID], embeddings=[[0.0]], documents=[uuid.uuid4().hex])


def learn_words(store: ClauseStore, documents: Iterable[Document]) -> list[str]:
    """Teach jieba the stored lexicon plus the documents' unit names; store and return the new words.

    Stored clauses that contain a new word are cut again (their document's `tokens_rev` goes
    up), so stored tokens stay what `tokenize` gives with the whole lexicon taught."""
    stored = read_lexicon(store)
    known = stored or []
    if stored is None and store.count():  # written before the lexicon was kept: its clauses' units
        known = _units(store.all_clauses())
    add_words(known)
    seen = set(known)
    new: list[str] = []
    for document in documents:
        for word in document_units(document):
            if word and word not in seen:
                seen.add(word)
                new.append(word)
    if not new and stored is not None:
        return []
    add_words(new)
    _meta(store, create=True).upsert(
        ids=[LEXICON_ID], embeddings=[[0.0]], documents=[json.dumps(known + new, ensure_ascii=False)]
    )
    if known:  # the first words of a store have no stored clauses to re-cut
        retokenize_containing(store, new)
    return new


def retokenize_containing(store: ClauseStore, words: list[str]) -> None:
    """Re-cut stored clauses whose search text contains any of `words` (found through the
    documents whose text holds them: clause records carry no full-text index)."""
    texts = store.document_texts()
    for word in words:
        docs = sorted(doc for doc, text in texts.items() if word in text)
        if not docs:
            continue
        got = store.clauses.get(where={"doc": {"$in": docs}}, include=["documents", "metadatas"])
        ids, metadatas, changed = [], [], set()
        for clause_id, text, meta in zip(got["ids"], got["documents"], got["metadatas"]):
            clause = clause_from_record(clause_id, text, meta)
            if word in clause.search_text:
                ids.append(clause_id)
                # the row's other keys (its sentence vectors) stay as they are
                metadatas.append({**meta, **clause_metadata(clause, tokenize(clause.search_text))})
                changed.add(clause.doc)
        if not ids:
            continue
        store.clauses.update(ids=ids, metadatas=metadatas)
        manifest = store.documents.get(ids=sorted(changed), include=["metadatas"])
        store.documents.update(
            ids=manifest["ids"],
            metadatas=[{**m, "tokens_rev": int(m.get("tokens_rev", 0)) + 1} for m in manifest["metadatas"]],
        )

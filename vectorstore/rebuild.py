"""Rebuild into fresh collections and swap, so a rebuild starts from an empty vector index.

Chroma's HNSW index degrades under many upserts and deletes of the same ids: after six
in-place rebuilds of the bundled corpus, 48 of 831 sentences were no longer found by
their own vector at k=30. A rebuild therefore writes a new generation of collections,
copies over the documents it was not asked to rebuild, and only then points the
`{base}_meta` record at the new generation; the one before is dropped when the next
rebuild starts. A rebuild killed half-way leaves the live generation as it was; the
next rebuild clears the leftovers.
"""

from __future__ import annotations

import re

from chromadb.errors import NotFoundError

from vectorstore.batch import write_stamp
from vectorstore.rows import LAYOUT, pack_text, pack_vectors
from vectorstore.store import (
    _PAGE,
    ACTIVE_ID,
    CLAUSES,
    DOCUMENTS,
    META,
    SENTENCES,
    TEXTS,
    ClauseStore,
    StoreError,
)

_KINDS = (CLAUSES, SENTENCES, DOCUMENTS, TEXTS)  # sentences: the collection of stores written before layout 2


def _generations(store: ClauseStore) -> dict[str, list[str]]:
    """Collection names by generation prefix (`policy`, `policy_g2`, …)."""
    pattern = re.compile(rf"^({re.escape(store.base)}(?:_g\d+)?)_({'|'.join(_KINDS)})$")
    found: dict[str, list[str]] = {}
    for collection in store.client.list_collections():
        name = collection if isinstance(collection, str) else collection.name
        if match := pattern.match(name):
            found.setdefault(match.group(1), []).append(name)
    return found


def begin_rebuild(store: ClauseStore) -> ClauseStore:
    """A new, empty generation beside the live one (leftovers of killed rebuilds dropped)."""
    generations = _generations(store)
    for prefix, names in generations.items():
        if prefix != store.prefix:
            for name in names:
                store.client.delete_collection(name)
    numbers = [int(p.rsplit("_g", 1)[1]) for p in generations if "_g" in p[len(store.base) :]]
    prefix = f"{store.base}_g{max(numbers, default=1) + 1}"
    return ClauseStore(store.client, store.model_id, store.base, generation=prefix)


def copy_documents(source: ClauseStore, target: ClauseStore, docs: list[str]) -> None:
    """Copy documents (manifest, text, clauses with their sentence vectors) unchanged; a document of
    an older layout gets its sentence vectors from the source's sentences collection, and its text
    from the source manifest's Chroma document, on the way."""
    for doc in docs:
        entry = source.documents.get(ids=[doc], include=["documents", "metadatas"])
        text = source.texts.get(ids=[doc], include=["metadatas"])
        if text["ids"]:
            target.texts.upsert(ids=text["ids"], embeddings=[[0.0]], metadatas=text["metadatas"])
        elif entry["ids"]:
            target.texts.upsert(ids=[doc], embeddings=[[0.0]], metadatas=[{"text": pack_text(entry["documents"][0] or "")}])
        got = source.clauses.get(where={"doc": doc}, include=["embeddings", "documents", "metadatas"])
        metadatas = got["metadatas"]
        if entry["ids"] and entry["metadatas"][0].get("layout") != LAYOUT:
            metadatas = _with_legacy_vectors(source, doc, got["ids"], metadatas)
        for start in range(0, len(got["ids"]), _PAGE):
            part = slice(start, start + _PAGE)
            texts = got["documents"][part]
            target.clauses.upsert(
                ids=got["ids"][part],
                embeddings=got["embeddings"][part],
                metadatas=metadatas[part],
                **({"documents": texts} if any(t is not None for t in texts) else {}),  # compact rows have none
            )
        if entry["ids"]:
            target.documents.upsert(
                ids=entry["ids"], embeddings=[[0.0]], metadatas=[{**entry["metadatas"][0], "layout": LAYOUT}]
            )


def _with_legacy_vectors(source: ClauseStore, doc: str, ids: list[str], metadatas: list[dict]) -> list[dict]:
    """Clause metadata with the sentence vectors a layout-1 store kept one row per sentence."""
    try:
        legacy = source.client.get_collection(f"{source.prefix}_{SENTENCES}", embedding_function=None)
    except (NotFoundError, ValueError) as err:
        raise StoreError(f"{doc}: its sentence vectors are missing; ingest its file again") from err
    got = legacy.get(where={"doc": doc}, include=["embeddings", "metadatas"])
    by_clause: dict[str, list[tuple[int, object]]] = {}
    for sentence_id, meta, vector in zip(got["ids"], got["metadatas"], got["embeddings"]):
        by_clause.setdefault(meta["clause_id"], []).append((int(sentence_id.rsplit("#s", 1)[1]), vector))
    return [
        {**meta, "vectors": pack_vectors([v for _, v in sorted(by_clause.get(clause_id, []), key=lambda nv: nv[0])])}
        for clause_id, meta in zip(ids, metadatas)
    ]


def activate(new: ClauseStore) -> None:
    """Make `new` the live generation. The old one stays readable until the next rebuild
    starts, so a serving process answers from it until it notices the swap (`version()`)."""
    meta = new.client.get_or_create_collection(f"{new.base}_{META}", embedding_function=None)
    meta.upsert(ids=[ACTIVE_ID], embeddings=[[0.0]], documents=[new.prefix])
    write_stamp(new)

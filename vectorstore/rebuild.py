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

from vectorstore.batch import write_stamp
from vectorstore.store import _PAGE, ACTIVE_ID, CLAUSES, DOCUMENTS, META, SENTENCES, ClauseStore

_KINDS = (CLAUSES, SENTENCES, DOCUMENTS)


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
    """Copy documents (manifest, clauses, sentences with their vectors) unchanged."""
    for doc in docs:
        for kind in (CLAUSES, SENTENCES):
            src, dst = getattr(source, kind), getattr(target, kind)
            got = src.get(where={"doc": doc}, include=["embeddings", "documents", "metadatas"])
            for start in range(0, len(got["ids"]), _PAGE):
                part = slice(start, start + _PAGE)
                texts = got["documents"][part]
                dst.upsert(
                    ids=got["ids"][part],
                    embeddings=got["embeddings"][part],
                    metadatas=got["metadatas"][part],
                    **({"documents": texts} if any(t is not None for t in texts) else {}),  # compact rows have none
                )
        got = source.documents.get(ids=[doc], include=["documents", "metadatas"])
        if got["ids"]:
            target.documents.upsert(
                ids=got["ids"], embeddings=[[0.0]], documents=got["documents"], metadatas=got["metadatas"]
            )


def activate(new: ClauseStore) -> None:
    """Make `new` the live generation. The old one stays readable until the next rebuild
    starts, so a serving process answers from it until it notices the swap (`version()`)."""
    meta = new.client.get_or_create_collection(f"{new.base}_{META}", embedding_function=None)
    meta.upsert(ids=[ACTIVE_ID], embeddings=[[0.0]], documents=[new.prefix])
    write_stamp(new)

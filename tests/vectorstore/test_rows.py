"""Sentence vectors carried in their clause's row (store layout 2), bit for bit, and a store of the
layout before (one Chroma row per sentence) refused clearly, then carried over by a rebuild."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from assistant.api import Assistant
from assistant.config import load_settings
from tests.conftest import CORPUS, run_cli
from vectorstore.batch import write_stamp
from vectorstore.rows import LAYOUT, pack_vectors, record_sentences, sentence_ids, unpack_vectors
from vectorstore.store import StoreError


def test_vectors_come_back_bit_for_bit() -> None:
    rng = np.random.default_rng(7)
    vectors = rng.standard_normal((5, 384)).astype(np.float32)
    vectors[0, :3] = [np.float32(1e-45), np.float32(-0.0), np.finfo(np.float32).max]
    back = unpack_vectors(pack_vectors(vectors.tolist()))
    assert back.dtype == np.float32 and back.tobytes() == vectors.tobytes()
    assert unpack_vectors(pack_vectors([])).shape[0] == 0


def test_sentence_ids_number_a_clauses_sentences_from_one() -> None:
    assert sentence_ids("a.txt:3", 2) == ["a.txt:3#s1", "a.txt:3#s2"]
    meta = {"doc": "a.txt", "vectors": pack_vectors(np.eye(2, 4, dtype=np.float32))}
    assert [(s, c, d) for s, c, d, _ in record_sentences("a.txt:3", meta)] == [
        ("a.txt:3#s1", "a.txt:3", "a.txt"), ("a.txt:3#s2", "a.txt:3", "a.txt")]
    with pytest.raises(ValueError, match="no sentence vectors"):
        record_sentences("a.txt:3", {"doc": "a.txt"})


def as_layout_1(data_dir: Path) -> None:
    """Rewrite a store as the version before wrote it: one row per sentence in `{prefix}_sentences`
    (ids `{clause id}#s{n}`), no vectors in the clause rows, no `layout` in the manifest, whose
    Chroma documents are the texts (no texts collection)."""
    store = Assistant(load_settings(data_dir)).index.store
    texts = store.document_texts()
    store.client.delete_collection(f"{store.prefix}_texts")
    got = store.clauses.get(include=["metadatas"])
    rows = [row for clause_id, meta in zip(got["ids"], got["metadatas"]) for row in record_sentences(clause_id, meta)]
    legacy = store.client.get_or_create_collection(
        f"{store.prefix}_sentences", embedding_function=None, metadata={"hnsw:space": "cosine"})
    legacy.add(ids=[r[0] for r in rows], embeddings=[r[3] for r in rows],
               metadatas=[{"clause_id": r[1], "doc": r[2]} for r in rows])
    store.clauses.update(ids=got["ids"], metadatas=[{**m, "vectors": None} for m in got["metadatas"]])
    manifest = store.documents.get(include=["metadatas"])
    store.documents.update(ids=manifest["ids"], embeddings=[[0.0]] * len(manifest["ids"]),
                           documents=[texts[doc] for doc in manifest["ids"]],
                           metadatas=[{**m, "layout": None} for m in manifest["metadatas"]])
    write_stamp(store)


def test_a_store_of_the_layout_before_is_refused_then_carried_over_by_a_rebuild(indexed_data_dir, tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(indexed_data_dir, data_dir)
    before = Assistant(load_settings(data_dir)).index.snapshot().dense
    texts = Assistant(load_settings(data_dir)).index.store.document_texts()
    assert len(texts) == 5 and all(texts.values())
    as_layout_1(data_dir)
    with pytest.raises(StoreError, match="older version.*--rebuild"):
        Assistant(load_settings(data_dir)).index.snapshot()
    # one document left out of the rebuild: it is copied over, its vectors from the old collection
    folder = tmp_path / "docs"
    folder.mkdir()
    left_out, *given = sorted(CORPUS.glob("*.txt"))
    for path in given:
        shutil.copyfile(path, folder / path.name)
    result = run_cli(data_dir, "ingest", "--quiet", "--rebuild", str(folder))
    assert result.returncode == 0, result.stderr
    index = Assistant(load_settings(data_dir)).index
    after = index.snapshot().dense
    assert {d.get("layout") for d in index.store.list_documents()} == {LAYOUT}
    assert index.store.document_texts() == texts and index.store.texts.count() == 5
    assert after.sentence_ids == before.sentence_ids and after.clause_ids == before.clause_ids
    copied = np.asarray([doc == left_out.name for doc in after.docs])
    assert copied.any() and not copied.all()
    # written again: bit for bit; copied: as the old collection held them, which a cosine collection
    # returns re-normalised (last bits), as every process reading them from Chroma had them
    assert np.asarray(after.vectors)[~copied].tobytes() == np.asarray(before.vectors)[~copied].tobytes()
    assert np.allclose(after.vectors[copied], before.vectors[copied], rtol=0, atol=1e-6)

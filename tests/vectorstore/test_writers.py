"""Writers and readers of one data dir, for real: concurrent CLI ingests, a serving process
that must see a CLI ingest, repeated rebuilds, and the writer lock's wait and timeout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from tests.conftest import CORPUS, PROJECT_ROOT, corpus_file, run_cli, seed_cache
from vectorstore.lock import writer_lock

NEW_DOC = """海洋牧场认证试点方案

一、主要任务
1.开展海洋牧场碳汇认证试点。建立蓝色碳汇计量方法。(牵头单位:海洋部,配合单位:统计部)
"""


def open_store(data_dir: Path):
    """A fresh store on the data dir, as a new process would open it."""
    from assistant.config import load_settings
    from vectorstore.snapshot import Index

    return Index(load_settings(data_dir)).store


def unfindable_sentences(data_dir: Path, k: int = 3) -> tuple[int, list[str]]:
    """(sentences, ids of the clauses whose stored rows are unreadable: their sentence vectors do not
    decode, or their own vector does not find them at `k` in Chroma's index)."""
    from vectorstore.rows import record_sentences

    store = open_store(data_dir)
    got = store.clauses.get(include=["embeddings", "metadatas"])
    lost, sentences = [], 0
    for clause_id, vector, meta in zip(got["ids"], got["embeddings"], got["metadatas"]):
        stored = record_sentences(clause_id, meta)
        sentences += len(stored)
        hits = store.clauses.query(query_embeddings=[vector], n_results=k, include=["distances"])
        # identical clauses share a vector: a hit at distance 0 is the clause itself
        found = clause_id in hits["ids"][0] or min(hits["distances"][0], default=1.0) < 1e-6
        if not stored or not found or any(len(row) != len(vector) for *_, row in stored):
            lost.append(clause_id)
    return sentences, lost


def stored_rows(data_dir: Path) -> dict[str, tuple]:
    """Clause id -> what its Chroma row holds, each row read by its id: the clause (text, path and
    every other field, decoded from the metadata), its raw metadata, its clause vector, and its
    sentences' (id, vector bytes)."""
    from vectorstore.rows import clause_from_record, record_sentences

    store = open_store(data_dir)
    ids = sorted(store.clauses.get(include=[])["ids"])
    got = store.clauses.get(ids=ids, include=["documents", "metadatas", "embeddings"])
    rows = {}
    for clause_id, text, meta, vector in zip(got["ids"], got["documents"], got["metadatas"], got["embeddings"]):
        sentences = tuple((sid, row.tobytes()) for sid, _, _, row in record_sentences(clause_id, meta))
        clause = clause_from_record(clause_id, text, meta)
        rows[clause_id] = (clause, meta, np.asarray(vector, dtype=np.float32).tobytes(), sentences)
    assert sorted(rows) == ids  # every id listed is read back
    return rows


def unsearchable_sentences(data_dir: Path) -> tuple[int, list[str]]:
    """(sentences, ids of those the answer path's exact search does not find): every sentence
    stored with a clause row must be in the sentence matrix a fresh process derives from the store
    (same id, clause, document and vector), and searching its own vector over that matrix must
    return its clause among the rows that score at least as high (identical sentences tie)."""
    from assistant.config import load_settings
    from vectorstore.rows import record_sentences
    from vectorstore.snapshot import Index

    dense = Index(load_settings(data_dir)).snapshot().dense
    rows = {sid: i for i, sid in enumerate(dense.sentence_ids)}
    store = open_store(data_dir)
    got = store.clauses.get(include=["metadatas"])
    lost, sentences = [], 0
    for clause_id, meta in zip(got["ids"], got["metadatas"]):
        for sid, _, doc, vector in record_sentences(clause_id, meta):
            sentences += 1
            row = rows.pop(sid, None)
            unit = vector / max(float(np.linalg.norm(vector)), 1e-12)
            if row is None or (dense.clause_ids[row], dense.docs[row]) != (clause_id, doc) or not np.allclose(
                dense.vectors[row], unit, atol=1e-6
            ):
                lost.append(sid)
                continue
            sims = dense.similarities(vector.tolist())
            if clause_id not in dense.search(vector.tolist(), int((sims >= sims[row]).sum())):
                lost.append(sid)
    assert not rows, f"the matrix holds sentences the store does not: {sorted(rows)[:5]}"
    return sentences, lost


def start_ingest(data_dir: Path, *paths: Path) -> subprocess.Popen:
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    env.pop("ASSISTANT_CONFIG", None)
    env.pop("ASSISTANT_CHROMA_URL", None)
    return subprocess.Popen(
        [sys.executable, "-m", "assistant", "--data-dir", str(data_dir), "ingest", "--quiet", *map(str, paths)],
        cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def test_two_concurrent_ingests_keep_every_vector_readable_and_findable(tmp_path):
    # Three copies of the corpus per folder under other names: over 1,000 sentences per writer,
    # enough for two unlocked writers to lose vectors ("Error finding id"); cached, so no embedding.
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, tag in ((first, "a"), (second, "b")):
        folder.mkdir()
        for copy in range(3):
            for path in sorted(CORPUS.glob("*.txt")):
                shutil.copyfile(path, folder / f"{tag}{copy}_{path.name}")
    data_dir = tmp_path / "data"
    seed_cache(data_dir)
    runs = [start_ingest(data_dir, first), start_ingest(data_dir, second)]
    outputs = [run.communicate(timeout=600) for run in runs]
    for run, (_, err) in zip(runs, outputs):
        assert run.returncode == 0, err
        assert "Traceback" not in err
    assert sum("added" in out for out, _ in outputs) == 2
    total, lost = unfindable_sentences(data_dir)
    assert total > 2000 and lost == []
    assert len(open_store(data_dir).list_documents()) == 30

    # the same folder twice at once: the second finds everything unchanged, nothing is lost
    runs = [start_ingest(data_dir, first), start_ingest(data_dir, first)]
    for run in runs:
        _, err = run.communicate(timeout=600)
        assert run.returncode == 0, err
    assert unfindable_sentences(data_dir) == (total, [])


def test_a_second_writer_waits_with_a_message_then_gives_up_clearly(tmp_path):
    data_dir = tmp_path / "data"
    config = tmp_path / "short-wait.toml"
    config.write_text("[ingest]\nlock_wait_seconds = 2\n", encoding="utf-8")
    with writer_lock(data_dir):
        started = time.monotonic()
        result = run_cli(data_dir, "--config", str(config), "ingest", "--quiet", str(corpus_file("004")))
        waited = time.monotonic() - started
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[0] == f"another ingest is running in {data_dir}; waiting up to 2 s…"
    assert lines[-1].startswith("error: another ingest is still running") and "lock_wait_seconds" in lines[-1]
    assert waited < 30
    # once the lock is free the same command goes through
    assert run_cli(data_dir, "ingest", "--quiet", str(corpus_file("004"))).returncode == 0


def test_a_serving_assistant_answers_from_a_cli_ingest_within_5_seconds(indexed_data_dir, tmp_path):
    from assistant.api import Assistant
    from assistant.config import load_settings

    data_dir = tmp_path / "data"
    shutil.copytree(indexed_data_dir, data_dir)
    assistant = Assistant(load_settings(data_dir))
    question = "开展海洋牧场碳汇认证试点由哪个部门牵头?"
    before = assistant.answer(question)
    assert "海洋部" not in before.answer
    vector = assistant.index.embeddings.embed_query("开展海洋牧场碳汇认证试点")
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "ocean.txt").write_text(NEW_DOC, encoding="utf-8")
    result = run_cli(data_dir, "ingest", "--quiet", str(folder))
    assert result.returncode == 0, result.stderr
    deadline = time.monotonic() + 5
    while True:
        answer = assistant.answer(question)
        dense = assistant.index.snapshot().dense.search(vector, 5)
        if "海洋部" in answer.answer and any(c.doc == "ocean.txt" for c in answer.citations):
            break
        assert time.monotonic() < deadline, f"not seen within 5 s: {answer.answer!r}"
        time.sleep(0.2)
    # the dense side (the sentence matrix this process derived from the store), not only BM25 and the task table
    assert any(clause_id.startswith("ocean:") for clause_id in dense), dense


def test_six_rebuilds_lose_no_sentence(indexed_data_dir, tmp_path):
    # Decided by what is stored and by the exact search the answers use (`vectorstore.dense`), not
    # by Chroma's HNSW graph: each process opening the store rebuilds that graph from its log in
    # parallel, so its approximate neighbours differ from one opening to the next (and nothing
    # searches it).
    data_dir = tmp_path / "data"
    shutil.copytree(indexed_data_dir, data_dir)
    rows = stored_rows(data_dir)
    texts = open_store(data_dir).document_texts()
    total, lost = unsearchable_sentences(data_dir)
    assert total > 300 and lost == []
    clauses = run_cli(data_dir, "inspect", "--json").stdout
    for _ in range(6):
        result = run_cli(data_dir, "ingest", "--quiet", "--rebuild", str(CORPUS))
        assert result.returncode == 0, result.stderr
        assert "5 updated" in result.stdout
    # every clause row is still there, read by its id: its fields, metadata, clause vector and
    # sentence vectors bit for bit; each document's text too
    after = stored_rows(data_dir)
    assert sorted(after) == sorted(rows)
    assert [clause_id for clause_id in rows if after[clause_id] != rows[clause_id]] == []
    assert open_store(data_dir).document_texts() == texts
    assert unsearchable_sentences(data_dir) == (total, [])
    # the same clauses, ids and all; only the live generation and the one before it remain
    assert run_cli(data_dir, "inspect", "--json").stdout == clauses
    names = {c.name for c in open_store(data_dir).client.list_collections()}
    assert len(names) == 7, names  # two generations of three collections (clauses, documents, texts), and the pointer

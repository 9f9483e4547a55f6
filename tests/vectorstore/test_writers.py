"""Writers and readers of one data dir, for real: concurrent CLI ingests, a serving process
that must see a CLI ingest, repeated rebuilds, and the writer lock's wait and timeout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
from chromadb.errors import ChromaError

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


def stored_rows(data_dir: Path) -> dict[str, tuple]:
    """Clause id -> what its Chroma row holds, each row read by its id: the clause (text, path and
    every other field, decoded from the metadata), its raw metadata, its clause vector, and its
    sentences' (id, vector bytes). A row Chroma lists but cannot read back (its metadata kept, its
    vector lost from Chroma's index: "Error finding id") fails the test, named."""
    from vectorstore.rows import clause_from_record, record_sentences

    store = open_store(data_dir)
    ids = sorted(store.clauses.get(include=[])["ids"])
    include = ["documents", "metadatas", "embeddings"]
    try:
        got = store.clauses.get(ids=ids, include=include)
    except ChromaError as err:
        unreadable = []
        for clause_id in ids:
            try:
                store.clauses.get(ids=[clause_id], include=include)
            except ChromaError:
                unreadable.append(clause_id)
        raise AssertionError(f"{len(unreadable)} rows cannot be read by id ({err}): {unreadable[:10]}") from err
    rows = {}
    for clause_id, text, meta, vector in zip(got["ids"], got["documents"], got["metadatas"], got["embeddings"]):
        sentences = tuple((sid, row.tobytes()) for sid, _, _, row in record_sentences(clause_id, meta))
        clause = clause_from_record(clause_id, text, meta)
        rows[clause_id] = (clause, meta, np.asarray(vector, dtype=np.float32).tobytes(), sentences)
    assert sorted(rows) == ids  # every id listed is read back
    return rows


def unsearchable_sentences(data_dir: Path) -> tuple[int, list[str]]:
    """(sentences, ids of those the answer path's exact search does not find): every sentence
    stored with a clause row of an original document must be in the sentence matrix a fresh
    process derives from the store (same id, clause, document and vector), and searching its own
    vector over that matrix must return its clause among the rows that score at least as high
    (identical sentences tie). Answers search originals only (`vectorstore.duplicates`): a
    sentence of a document the snapshot takes for a copy must not be in the matrix, and the
    copy's original must be."""
    from assistant.config import load_settings
    from vectorstore.rows import record_sentences
    from vectorstore.snapshot import Index

    snapshot = Index(load_settings(data_dir)).snapshot()
    dense, copies = snapshot.dense, snapshot.copies
    rows = {sid: i for i, sid in enumerate(dense.sentence_ids)}
    store = open_store(data_dir)
    got = store.clauses.get(include=["metadatas"])
    lost, sentences = [], 0
    for clause_id, meta in zip(got["ids"], got["metadatas"]):
        for sid, _, doc, vector in record_sentences(clause_id, meta):
            sentences += 1
            row = rows.pop(sid, None)
            if doc in copies:
                if row is not None or copies[doc] not in dense.doc_rows:
                    lost.append(sid)
                continue
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


def document_rows(rows: dict[str, tuple]) -> dict[str, dict[str, tuple]]:
    """Doc -> its `stored_rows` by their place in it (the clause id less the document's part), each
    as every copy of the same text holds it: the clause less its id and doc, its clause vector and
    its sentences' vectors (bytes)."""
    docs: dict[str, dict[str, tuple]] = {}
    for clause_id, (clause, _, vector, sentences) in rows.items():
        place = clause_id.split(":", 1)[1]
        docs.setdefault(clause.doc, {})[place] = (
            replace(clause, id="", doc=""), vector, tuple(row for _, row in sentences)
        )
    return docs


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
    # Decided by what is stored and by the exact search the answers use, not by Chroma's HNSW
    # graph (see test_six_rebuilds_lose_no_sentence): a row whose vector Chroma's index lost while
    # its metadata stayed fails `collection.get` of its id ("Error finding id"), as a query naming it does.
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
    # every clause row read back by its id, vectors included; each document holds the clauses its
    # manifest entry counts, each with sentence vectors of the clause vector's dimension
    rows = stored_rows(data_dir)
    documents = open_store(data_dir).list_documents()
    assert len(documents) == 30
    held = document_rows(rows)
    assert {doc: len(places) for doc, places in held.items()} == {d["doc"]: d["clause_count"] for d in documents}
    malformed = [
        clause_id
        for clause_id, (_, _, vector, sentences) in rows.items()
        if not sentences or any(len(row) != len(vector) for _, row in sentences)
    ]
    assert malformed == []
    # both writers stored each text's six copies alike, vectors bit for bit (a0_ is the original)
    assert [doc for doc in sorted(held) if held[doc] != held["a0_" + doc.split("_", 1)[1]]] == []
    # the originals' sentences all found by the exact search; the copies answered from them
    total, lost = unsearchable_sentences(data_dir)
    assert total > 2000 and lost == []

    # the same folder twice at once: the second finds everything unchanged, nothing is lost
    runs = [start_ingest(data_dir, first), start_ingest(data_dir, first)]
    for run in runs:
        _, err = run.communicate(timeout=600)
        assert run.returncode == 0, err
    assert stored_rows(data_dir) == rows
    assert unsearchable_sentences(data_dir) == (total, [])


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

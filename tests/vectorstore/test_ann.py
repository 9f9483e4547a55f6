"""The cluster index above `MIN_ROWS` sentences: recall, exact scores, determinism, updates."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from vectorstore import ann
from vectorstore.ann import ClusterIndex
from vectorstore.dense import SentenceMatrix
from vectorstore.derived import ann_paths, cluster_index

DIM = 32
ROWS = ann.MIN_ROWS + 1_000
ROOT = Path(__file__).resolve().parents[2]


def clustered(seed: int = 0, rows: int = ROWS, topics: int = 120) -> tuple[SentenceMatrix, np.ndarray]:
    """A matrix of unit vectors around `topics` centres (five sentences a clause, 40 a document,
    rows in sentence-id order), and the centres."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(topics, DIM))
    vectors = centres[rng.integers(0, topics, rows)] + rng.normal(scale=0.35, size=(rows, DIM))
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    ids = tuple(f"c{i // 5:06d}#s{i % 5}" for i in range(rows))
    clauses = tuple(f"c{i // 5:06d}" for i in range(rows))
    docs = tuple(f"d{i // 40:05d}" for i in range(rows))
    return SentenceMatrix(ids, clauses, docs, vectors), centres


def questions(centres: np.ndarray, count: int = 60, seed: int = 1) -> list[list[float]]:
    """Queries near the topics (a question is about something the texts hold)."""
    rng = np.random.default_rng(seed)
    picked = centres[rng.integers(0, len(centres), count)]
    return (picked + rng.normal(scale=0.3, size=picked.shape)).tolist()


@pytest.fixture(scope="module")
def indexed() -> tuple[SentenceMatrix, SentenceMatrix, np.ndarray]:
    matrix, centres = clustered()
    return matrix, matrix.with_ann(ClusterIndex.build(matrix.vectors, matrix.sentence_ids)), centres


def test_recall_and_exact_scores_of_the_rows_found(indexed) -> None:
    exact, approximate, centres = indexed
    queries = questions(centres)
    same = sum(list(exact.search(q, 90).items()) == list(approximate.search(q, 90).items()) for q in queries)
    assert same >= 0.9 * len(queries), f"{same} of {len(queries)} top-90 lists identical"
    for q in queries[:10]:  # a scored row's similarity is the exact path's, bit for bit
        rows, sims = approximate.ann.candidates(SentenceMatrix._unit(q), 720)
        assert len(rows) < len(exact) / 2  # and most rows are not scored
        assert np.array_equal(sims, exact.similarities(q)[rows])


def test_kept_rows_rank_as_every_scored_row(indexed) -> None:
    _, approximate, centres = indexed
    for q in questions(centres, 20):  # keep: only rows that can make the k best, ranked the same
        unit = SentenceMatrix._unit(q)
        for k in (1, 10, 90):
            every = approximate.ann.candidates(unit, 8 * k)
            kept = approximate.ann.candidates(unit, 8 * k, keep=k)
            assert len(kept[0]) < len(every[0])
            assert list(approximate._ranked(*kept, k).items()) == list(approximate._ranked(*every, k).items())


def test_restricted_search_scores_only_its_documents_exactly(indexed) -> None:
    exact, approximate, centres = indexed
    q = questions(centres, 1)[0]
    fresh, _ = clustered()  # no similarities cached: scores the two documents' rows alone
    scoped = fresh.with_ann(approximate.ann).search(q, 20, docs={"d00003", "d00100"})
    assert list(scoped.items()) == list(exact.search(q, 20, docs={"d00003", "d00100"}).items())
    rows = np.concatenate([exact.doc_rows["d00003"], exact.doc_rows["d00100"]])
    best = max(exact.similarities(q)[rows])
    assert next(iter(scoped.values())) == best


def _digest(matrix: SentenceMatrix, queries: list[list[float]]) -> str:
    found = [list(matrix.search(q, 50).items()) for q in queries]
    return hashlib.sha256(repr(found).encode()).hexdigest()


def test_building_twice_and_in_another_process_gives_the_same_results(indexed) -> None:
    _, approximate, centres = indexed
    matrix, _ = clustered()
    again = ClusterIndex.build(matrix.vectors, matrix.sentence_ids)
    assert np.array_equal(again.centroids, approximate.ann.centroids)
    assert np.array_equal(again.order, approximate.ann.order)
    queries = questions(centres, 20)
    here = _digest(matrix.with_ann(again), queries)
    assert here == _digest(approximate, queries)
    script = (
        "from tests.vectorstore.test_ann import clustered, questions, _digest\n"
        "from vectorstore.ann import ClusterIndex\n"
        "m, c = clustered()\n"
        "print(_digest(m.with_ann(ClusterIndex.build(m.vectors, m.sentence_ids)), questions(c, 20)))\n"
    )
    # another process with another hash seed and thread count, on the same machine: the BLAS
    # kernel the machine chose (OPENBLAS_CORETYPE and the like) is kept, as a serving process keeps it
    machine = {k: v for k, v in os.environ.items() if k.startswith(("OPENBLAS_", "MKL_", "NPY_")) and not k.endswith("NUM_THREADS")}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True,
                          env={**machine, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "123", "OMP_NUM_THREADS": "1",
                               "OPENBLAS_NUM_THREADS": "1"})
    assert done.stdout.split()[-1] == here


def test_saved_index_reads_back_and_refuses_another_matrix(indexed, tmp_path: Path, monkeypatch) -> None:
    exact, approximate, centres = indexed
    path = tmp_path / "dense-v1-x.npy"
    made = cluster_index(exact, path, None, set())
    assert made is not None and all(p.exists() for p in ann_paths(path))
    queries = questions(centres, 10)
    with monkeypatch.context() as patched:
        patched.setattr(ann, "PRIVATE_BYTES", 0)  # rows above the bound stay mapped
        mapped = cluster_index(exact, path, None, set())  # read, not trained
    assert isinstance(mapped.vectors, np.memmap)
    assert _digest(exact.with_ann(mapped), queries) == _digest(approximate, queries)
    loaded = cluster_index(exact, path, None, set())  # within the bound: read into memory
    assert not isinstance(loaded.vectors, np.memmap) and np.array_equal(loaded.vectors, mapped.vectors)
    assert _digest(exact.with_ann(loaded), queries) == _digest(approximate, queries)
    other, _ = clustered(rows=ROWS - 5)
    assert ClusterIndex.load(ann_paths(path)[0], other.sentence_ids) is None


def test_below_the_threshold_the_search_is_exact(tmp_path: Path) -> None:
    small, centres = clustered(rows=ann.MIN_ROWS - 1)
    assert cluster_index(small, tmp_path / "dense-v1-x.npy", None, set()) is None
    assert not list(tmp_path.iterdir())
    for q in questions(centres, 5):
        rows = np.arange(len(small))
        sims = small.similarities(q)
        order = np.lexsort((rows, -sims))
        assert next(iter(small.search(q, 10))) == small.clause_ids[order[0]]


def _parts(matrix: SentenceMatrix, docs: list[str], vectors: np.ndarray | None = None) -> list:
    parts = []
    for doc in docs:
        rows = matrix.doc_rows[doc]
        ids = [(matrix.sentence_ids[r], matrix.clause_ids[r]) for r in rows]
        parts.append((doc, ids, matrix.vectors[rows] if vectors is None else vectors[: len(rows)]))
    return parts


def test_replacing_a_document_updates_the_index(indexed, tmp_path: Path) -> None:
    exact, approximate, centres = indexed
    rng = np.random.default_rng(9)
    target = centres[7] + rng.normal(scale=0.05, size=(40, DIM))
    target = (target / np.linalg.norm(target, axis=1, keepdims=True)).astype(np.float32)
    updated = exact.replace_documents({"d00010"}, _parts(exact, ["d00010"], target))
    incremental = cluster_index(updated, tmp_path / "dense-v2-x.npy", approximate, {"d00010"})
    assert incremental is not None and np.array_equal(incremental.centroids, approximate.ann.centroids)
    assert incremental.changed_rows == 80
    rebuilt = ClusterIndex.build(updated.vectors, updated.sentence_ids)
    q = centres[7].tolist()
    found = updated.with_ann(incremental).search(q, 30)
    assert any(updated.docs[updated.sentence_ids.index(f"{c}#s0")] == "d00010" for c in found)
    assert list(found.items()) == list(updated.search(q, 30).items())
    queries = questions(centres, 30)
    same = sum(list(updated.with_ann(incremental).search(q, 90).items())
               == list(updated.with_ann(rebuilt).search(q, 90).items()) for q in queries)
    assert same >= 0.9 * len(queries)

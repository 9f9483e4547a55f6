"""Exact sentence search: a total order, the document filter, no dependence on row order."""

from __future__ import annotations

import numpy as np

from vectorstore.dense import SentenceMatrix


def _rows(seed: int = 0, n: int = 60, dim: int = 16) -> list[tuple[str, str, str, list[float]]]:
    rng = np.random.default_rng(seed)
    return [
        (f"c{i // 3}#s{i % 3}", f"c{i // 3}", f"doc{i % 4}", rng.normal(size=dim).tolist()) for i in range(n)
    ]


def test_matches_brute_force_and_ignores_input_order() -> None:
    rows = _rows()
    query = np.random.default_rng(1).normal(size=16).tolist()
    forward = SentenceMatrix.build(rows).search(query, k=10)
    backward = SentenceMatrix.build(list(reversed(rows))).search(query, k=10)
    assert list(forward.items()) == list(backward.items())
    vectors = np.asarray([r[3] for r in rows])
    sims = vectors @ np.asarray(query) / np.linalg.norm(vectors, axis=1) / np.linalg.norm(query)
    best_row = int(np.argmax(sims))
    assert next(iter(forward)) == rows[best_row][1]
    assert abs(forward[rows[best_row][1]] - sims[best_row]) < 1e-5


def test_ties_go_to_the_lower_sentence_id() -> None:
    same = [1.0, 0.0, 0.0]
    rows = [("b#s1", "b", "d1", same), ("a#s1", "a", "d2", same), ("c#s1", "c", "d1", [0.0, 1.0, 0.0])]
    found = SentenceMatrix.build(rows).search(same, k=3)
    assert list(found) == ["a", "b", "c"]
    assert found["a"] == found["b"] == 1.0


def test_document_filter_returns_only_those_documents_exactly() -> None:
    rows = _rows(seed=3)
    query = np.random.default_rng(4).normal(size=16).tolist()
    matrix = SentenceMatrix.build(rows)
    scoped = matrix.search(query, k=100, docs={"doc1"})
    allowed = {r[1] for r in rows if r[2] == "doc1"}
    assert scoped and set(scoped) <= allowed
    whole = matrix.search(query, k=1000)
    # a filtered score is the clause's best sentence among that document's sentences
    for clause_id, score in scoped.items():
        assert score <= whole[clause_id] + 1e-9
    assert matrix.search(query, k=5, docs={"nowhere"}) == {}


def _parts(rows: list[tuple[str, str, str, list[float]]]) -> list[tuple[str, list[tuple[str, str]], np.ndarray]]:
    """Rows grouped per document, as the local cache hands them to `assemble`."""
    docs = sorted({r[2] for r in rows})
    return [(d, [(r[0], r[1]) for r in rows if r[2] == d],
             np.asarray([r[3] for r in rows if r[2] == d], dtype=np.float32)) for d in docs]


def test_replacing_a_document_equals_building_everything_again() -> None:
    rows = _rows(seed=5)
    changed = [(s, c, d, (np.asarray(v) * -1).tolist()) for s, c, d, v in rows if d == "doc2"]
    added = [(f"z{i}#s1", f"z{i}", "doc9", np.random.default_rng(i).normal(size=16).tolist()) for i in range(4)]
    after = [r for r in rows if r[2] not in ("doc2", "doc3")] + changed + added
    updated = SentenceMatrix.assemble(_parts(rows)).replace_documents(
        {"doc2", "doc3", "doc9"}, _parts(changed + added))
    rebuilt = SentenceMatrix.build(after)
    assert updated.sentence_ids == rebuilt.sentence_ids and updated.docs == rebuilt.docs
    assert np.array_equal(updated.vectors, rebuilt.vectors)
    query = np.random.default_rng(6).normal(size=16).tolist()
    assert list(updated.search(query, k=5).items()) == list(rebuilt.search(query, k=5).items())
    assert updated.search(query, k=5, docs={"doc9"}) == rebuilt.search(query, k=5, docs={"doc9"})


def test_one_clause_is_scored_as_the_whole_pass_scores_it() -> None:
    # the retriever places a clause BM25 found in the dense ranking from this one score
    matrix = SentenceMatrix.build([(s, c, d, v + [0.5] * 368) for s, c, d, v in _rows(n=90)])
    query = np.random.default_rng(2).normal(size=384).tolist()
    sims = matrix.similarities(query)
    asked = [*reversed(matrix.clause_rows), "no such clause"]
    found = matrix.clause_similarities(query, asked)
    assert list(found) == asked[:-1]
    for clause_id, rows in matrix.clause_rows.items():
        assert found[clause_id] == float(sims[rows].max())

"""Exact dense search over the sentence vectors of one store version.

Chroma's HNSW graph is rebuilt from its log whenever a process opens a collection that
has not been compacted, with parallel inserts: two processes opening one unchanged store
get different graphs and different neighbours for the same query (measured: 6 distinct
top-90 lists in 8 processes on the bundled corpus). An evaluator can only compare runs of
a deterministic system, so the answer path scores every sentence exactly, with a
summation order that depends on neither threads nor hash seeds, and breaks ties by row
(rows are in sentence-id order). Chroma stays the store that holds and serves the vectors.

Above `vectorstore.ann.MIN_ROWS` sentences a matrix carries a cluster index (`vectorstore.ann`,
deterministic and saved with the matrix): an unrestricted search scores exactly only the rows of
the clusters nearest to the question, then ranks them as here. A search restricted to documents
scores exactly just those documents' rows, at any size.
"""

from __future__ import annotations

import os
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TypeVar

import numpy as np

from vectorstore.ann import ClusterIndex, exact_scores

# Similarities are rounded before ranking: float noise below this never reorders clauses.
SCORE_DECIMALS = 6
RECENT_QUERIES = 8  # query vectors whose similarities a matrix keeps
T = TypeVar("T")


@dataclass(frozen=True)
class SentenceMatrix:
    """Unit-length sentence vectors (rows in sentence-id order) with their clause and document."""

    sentence_ids: tuple[str, ...]
    clause_ids: tuple[str, ...]
    docs: tuple[str, ...]
    vectors: np.ndarray  # float32, shape (n, dim), each row unit length
    ann: ClusterIndex | None = field(default=None, compare=False, repr=False)  # see vectorstore.ann

    def with_ann(self, ann: ClusterIndex | None) -> SentenceMatrix:
        """This matrix, searched through `ann` when a search is not restricted to documents."""
        return replace(self, ann=ann)

    @classmethod
    def build(cls, rows: list[tuple[str, str, str, list[float]]]) -> SentenceMatrix:
        """From (sentence id, clause id, doc, vector) rows in any order."""
        rows = sorted(rows, key=lambda r: r[0])
        if not rows:
            return cls((), (), (), np.zeros((0, 0), dtype=np.float32))
        vectors = np.asarray([r[3] for r in rows], dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        vectors = vectors / np.maximum(norms, 1e-12)
        return cls(
            tuple(r[0] for r in rows), tuple(r[1] for r in rows), tuple(r[2] for r in rows), vectors
        )

    @classmethod
    def assemble(cls, parts: Iterable[tuple[str, list[tuple[str, str]], np.ndarray]]) -> SentenceMatrix:
        """From per-document (doc, [(sentence id, clause id)], raw vectors): the same matrix as `build`."""
        sentence_ids: list[str] = []
        clause_ids: list[str] = []
        docs: list[str] = []
        blocks: list[np.ndarray] = []
        for doc, ids, vectors in parts:
            sentence_ids.extend(s for s, _ in ids)
            clause_ids.extend(c for _, c in ids)
            docs.extend([doc] * len(ids))
            blocks.append(vectors)
        if not sentence_ids:
            return cls((), (), (), np.zeros((0, 0), dtype=np.float32))
        vectors = np.concatenate(blocks)
        if any(a > b for a, b in zip(sentence_ids, sentence_ids[1:])):  # usually in order already
            order = sorted(range(len(sentence_ids)), key=sentence_ids.__getitem__)
            vectors = vectors[order]
            sentence_ids = [sentence_ids[i] for i in order]
            clause_ids = [clause_ids[i] for i in order]
            docs = [docs[i] for i in order]
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        vectors = vectors / np.maximum(norms, 1e-12)
        return cls(tuple(sentence_ids), tuple(clause_ids), tuple(docs), vectors)

    def replace_documents(
        self, docs: set[str], parts: Iterable[tuple[str, list[tuple[str, str]], np.ndarray]]
    ) -> SentenceMatrix:
        """This matrix with the rows of `docs` dropped and `parts` (as for `assemble`) merged in:
        equal to assembling everything again, without reading the other documents' vectors."""
        keep = np.ones(len(self), dtype=bool)
        for doc in docs:
            if (rows := self.doc_rows.get(doc)) is not None:
                keep[rows] = False
        new = SentenceMatrix.assemble(parts)
        kept = np.flatnonzero(keep)
        sentence_ids = [self.sentence_ids[i] for i in kept] + list(new.sentence_ids)
        clause_ids = [self.clause_ids[i] for i in kept] + list(new.clause_ids)
        doc_names = [self.docs[i] for i in kept] + list(new.docs)
        if not sentence_ids:
            return SentenceMatrix((), (), (), np.zeros((0, 0), dtype=np.float32))
        order = sorted(range(len(sentence_ids)), key=sentence_ids.__getitem__)
        blocks = [np.asarray(self.vectors[kept])] + ([new.vectors] if len(new) else [])
        return SentenceMatrix(
            tuple(sentence_ids[i] for i in order), tuple(clause_ids[i] for i in order),
            tuple(doc_names[i] for i in order), np.concatenate(blocks)[order],
        )

    def save(self, path: Path) -> None:
        """Write the matrix (`.npy`, memory-mappable) and its ids (`.ids`), each atomically."""
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        with tmp.open("wb") as out:
            np.save(out, np.ascontiguousarray(self.vectors))
        ids = path.with_suffix(".ids")
        tmp_ids = ids.with_name(f"{ids.name}.{os.getpid()}.tmp")
        tmp_ids.write_bytes(pickle.dumps((self.sentence_ids, self.clause_ids, self.docs), protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp_ids, ids)
        os.replace(tmp, path)  # the matrix last: its presence means both are complete

    @classmethod
    def load(cls, path: Path) -> SentenceMatrix:
        """A matrix written by `save`, memory-mapped: its pages are shared by every process reading it."""
        sentence_ids, clause_ids, docs = pickle.loads(path.with_suffix(".ids").read_bytes())  # noqa: S301 - our file
        return cls(sentence_ids, clause_ids, docs, np.load(path, mmap_mode="r"))

    @cached_property
    def doc_rows(self) -> dict[str, np.ndarray]:
        """Rows of each document (ascending), so a restricted search needs no scan of the docs."""
        return _rows_by(self.docs)

    @cached_property
    def clause_rows(self) -> dict[str, np.ndarray]:
        """Rows of each clause's sentences, so one clause is scored without a scan."""
        return _rows_by(self.clause_ids)

    def __len__(self) -> int:
        return len(self.sentence_ids)

    @cached_property
    def _recent(self) -> tuple[threading.Lock, OrderedDict[tuple, object]]:
        return threading.Lock(), OrderedDict()

    def _remembered(self, key: tuple, make: Callable[[], T]) -> T:
        """make(), kept for the last `RECENT_QUERIES` keys (one answer searches the same question
        vector a dozen times: scoped to one document, to each named one, unscoped)."""
        lock, recent = self._recent
        with lock:
            if (found := recent.get(key)) is not None:
                recent.move_to_end(key)
                return found
        found = make()
        with lock:
            recent[key] = found
            while len(recent) > RECENT_QUERIES:
                recent.popitem(last=False)
        return found

    @staticmethod
    def _unit(query: list[float]) -> np.ndarray:
        q = np.asarray(query, dtype=np.float32)
        return q / max(float(np.linalg.norm(q)), 1e-12)

    def similarities(self, query: list[float]) -> np.ndarray:
        """Cosine similarity of every row with the query, rounded (see SCORE_DECIMALS); the last
        few queries' are kept (each pass over every row costs ~10 ms at 50,000 sentences)."""

        def make() -> np.ndarray:
            # einsum without `optimize` runs numpy's own single-threaded loop, not BLAS, whose
            # blocking (and so its float rounding) changes with the thread count
            sims = exact_scores(self.vectors, self._unit(query))
            sims.flags.writeable = False
            return sims

        return self._remembered((np.asarray(query, dtype=np.float32).tobytes(), "all"), make)

    def _scored(self, query: list[float], k: int, docs: set[str] | None) -> tuple[np.ndarray, np.ndarray]:
        """(rows, exact similarities) a search ranks: the documents' rows, the cluster index's
        candidates, or every row. A row's similarity is the same whichever way it is scored."""
        key = np.asarray(query, dtype=np.float32).tobytes()
        if docs is not None:  # the documents' own rows, ascending (no pass over every row)
            parts = [found for doc in docs if (found := self.doc_rows.get(doc)) is not None]
            rows = np.sort(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)
            with self._recent[0]:
                every = self._recent[1].get((key, "all"))
            if every is not None:
                return rows, every[rows]
            return rows, exact_scores(np.asarray(self.vectors[rows]), self._unit(query))
        if self.ann is None:
            return np.arange(len(self)), self.similarities(query)
        wanted = max(8 * k, 1)
        return self._remembered((key, "ann", wanted), lambda: self.ann.candidates(self._unit(query), wanted, keep=k))

    def clause_similarities(self, query: list[float], clause_ids: list[str]) -> dict[str, float]:
        """The best similarity of each clause's sentences with the query (clauses not in the
        matrix left out), equal to what `similarities` gives those rows, in one pass over
        just their rows."""
        found = [(cid, rows) for cid in clause_ids if (rows := self.clause_rows.get(cid)) is not None]
        if not found:
            return {}
        rows = np.concatenate([r for _, r in found])
        sims = exact_scores(np.asarray(self.vectors[rows]), self._unit(query))
        starts = np.cumsum([0] + [len(r) for _, r in found[:-1]])
        return {cid: float(best) for (cid, _), best in zip(found, np.maximum.reduceat(sims, starts))}

    def search(self, query: list[float], k: int, docs: set[str] | None = None) -> dict[str, float]:
        """Clause id -> best similarity of its sentences, over the `k` best sentences.

        `docs` restricts the search to those documents. The dict is in rank order
        (similarity, then sentence id), so callers can rely on its iteration order."""
        if not len(self):
            return {}
        return self._ranked(*self._scored(query, k, docs), k)

    def search_each(self, query: list[float], k: int, docs: list[str]) -> list[dict[str, float]]:
        """`search(query, k, {doc})` for each of `docs`, in that order: their rows are scored
        together (one gather, one einsum; a row's score does not depend on the rows beside it)."""
        none = np.zeros(0, dtype=np.int64)
        parts = [self.doc_rows.get(doc, none) for doc in docs] if len(self) else [none for _ in docs]
        rows = np.concatenate([none, *parts])
        sims = exact_scores(np.asarray(self.vectors[rows]), self._unit(query)) if len(rows) else np.zeros(0)
        ends = np.cumsum([len(part) for part in parts], dtype=np.int64)
        return [self._ranked(part, sims[end - len(part) : end], k) for part, end in zip(parts, ends.tolist())]

    def _ranked(self, rows: np.ndarray, sims: np.ndarray, k: int) -> dict[str, float]:
        """Clause id -> best similarity over the `k` best of `rows` (ties to the lower row)."""
        if len(rows) > 4 * k > 0:  # only rows that can make the top k (ties at the k-th included)
            kth = np.partition(-sims, k - 1)[k - 1]
            top = -sims <= kth
            rows, sims = rows[top], sims[top]
        # lexsort: last key first; ties in similarity go to the lower row (sentence id)
        order = np.lexsort((rows, -sims))[:k]
        best: dict[str, float] = {}
        for row, sim in zip(rows[order].tolist(), sims[order].tolist()):  # Python numbers: quicker to index with
            clause_id = self.clause_ids[row]
            if clause_id not in best:
                best[clause_id] = sim
        return best


def _rows_by(keys: tuple[str, ...]) -> dict[str, np.ndarray]:
    """Key -> the rows holding it, ascending."""
    rows: dict[str, list[int]] = {}
    for row, key in enumerate(keys):
        rows.setdefault(key, []).append(row)
    return {key: np.asarray(found, dtype=np.int64) for key, found in rows.items()}

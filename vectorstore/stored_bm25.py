"""BM25 over the postings kept in the local cache: nothing is tokenized or indexed at start.

The same Okapi BM25 as `vectorstore.lexical.BM25Index` (k1=1.5, b=0.75,
idf = log(1 + (n - df + 0.5) / (df + 0.5)), terms summed in sorted order, ties to the lower
row), computed with the same float64 operations in the same order, so scores and rankings are
identical; only the postings come from SQLite, a term at a time, and are kept for the
snapshot's life. Rows are positions in the snapshot's clause list; cached clauses outside the
snapshot (documents that duplicate another one, or written after it) are left out of n, df
and the lengths, as if the index had been built from the snapshot's clauses alone.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Iterator

import numpy as np

from text.tokenize import tokenize
from vectorstore.localcache import LocalCache

RECENT_QUERIES = 16  # queries whose scores a snapshot keeps
MAX_CACHED_TERMS = 20000  # postings kept in memory per snapshot (common terms are re-read cheaply)


class StoredPostings:
    """`term in postings`, `postings.get(term)` and `postings[term]`: (row, tf) pairs, row order."""

    def __init__(self, index: StoredBM25) -> None:
        self._index = index

    def __contains__(self, term: object) -> bool:
        return isinstance(term, str) and len(self._index.rows_tfs(term)[0]) > 0

    def get(self, term: str, default=None):
        rows, tfs = self._index.rows_tfs(term)
        return list(zip(rows.tolist(), tfs.tolist())) if len(rows) else default

    def __getitem__(self, term: str) -> list[tuple[int, int]]:
        found = self.get(term)
        if found is None:
            raise KeyError(term)
        return found

    def __iter__(self) -> Iterator[str]:
        raise TypeError("stored postings are read a term at a time")


class StoredBM25:
    """Okapi BM25 for one snapshot; `search` returns (row, score) pairs, best first."""

    def __init__(self, cache: LocalCache, clause_ids: list[str], k1: float = 1.5, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self._cache = cache
        row_of = {cid: row for row, cid in enumerate(clause_ids)}
        keys = cache.clause_keys()
        size = max((k for k, _, _ in keys), default=0) + 1
        self._key_to_row = np.full(size, -1, dtype=np.int64)
        lengths = np.zeros(len(clause_ids), dtype=np.int64)
        for key, cid, length in keys:
            if (row := row_of.get(cid)) is not None:
                self._key_to_row[key] = row
                lengths[row] = length
        self.lengths = lengths.tolist()
        self._lengths = lengths.astype(np.float64)
        self.n = len(clause_ids)
        self.avg_len = (sum(self.lengths) / self.n) if self.n else 0.0
        self.postings = StoredPostings(self)
        self._terms: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._term_weights: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._lock = threading.Lock()
        self._recent: OrderedDict[str, tuple[np.ndarray, np.ndarray]] = OrderedDict()

    def rows_tfs(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """The snapshot rows holding `term` (ascending) and the term's frequency in each."""
        with self._lock:
            found = self._terms.get(term)
        if found is not None:
            return found
        keys, tfs = self._cache.postings(term)
        keys = keys[keys < len(self._key_to_row)]  # written after this snapshot
        tfs = tfs[: len(keys)]
        rows = self._key_to_row[keys] if len(keys) else keys
        keep = rows >= 0
        rows, tfs = rows[keep], tfs[keep]
        order = np.argsort(rows, kind="stable")
        found = (rows[order], tfs[order])
        with self._lock:
            if len(self._terms) >= MAX_CACHED_TERMS:
                self._terms.clear()
            self._terms[term] = found
        return found

    def vocabulary(self) -> list[str]:
        """The indexed terms (of the cached clauses: a few may lie outside this snapshot)."""
        return self._cache.terms()

    def idf(self, term: str) -> float:
        df = len(self.rows_tfs(term)[0])
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))

    def search(self, query: str, k: int = 30, within: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The `k` best rows for a query, best first (ties to the lower row); `within`: of these
        rows only (a search in named documents ranks their rows, whatever the library's top k)."""
        rows, scores = self._scores(query)
        if within is not None:
            allowed = np.zeros(self.n, dtype=bool)
            allowed[within] = True
            keep = allowed[rows]
            rows, scores = rows[keep], scores[keep]
        if len(rows) > k > 0:  # only rows that can make the top k (ties at the k-th included)
            kth = np.partition(-scores, k - 1)[k - 1]
            top = -scores <= kth
            rows, scores = rows[top], scores[top]
        order = np.lexsort((rows, -scores))[:k]  # a full sort of every row holding a common word is the cost at scale
        return [(int(row), float(score)) for row, score in zip(rows[order].tolist(), scores[order].tolist())]

    def _weights(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """The rows holding `term` and the term's BM25 share of each row's score, kept with the term's postings."""
        with self._lock:
            found = self._term_weights.get(term)
        if found is not None:
            return found
        rows, tfs = self.rows_tfs(term)
        idf = self.idf(term)
        tf = tfs.astype(np.float64)
        # the same operations, in the same order, as BM25Index's per-row loop
        norm = self.k1 * (1 - self.b + self.b * self._lengths[rows] / (self.avg_len or 1))
        found = (rows, idf * tf * (self.k1 + 1) / (tf + norm))
        with self._lock:
            if len(self._term_weights) >= MAX_CACHED_TERMS:
                self._term_weights.clear()
            self._term_weights[term] = found
        return found

    def _scores(self, query: str) -> tuple[np.ndarray, np.ndarray]:
        """Every row holding a query term (ascending) and its score; the last few queries are
        kept (one answer searches the same words again for each document it names)."""
        with self._lock:
            if (found := self._recent.get(query)) is not None:
                self._recent.move_to_end(query)
                return found
        scores = np.zeros(self.n, dtype=np.float64)
        touched = np.zeros(self.n, dtype=bool)
        for term in sorted(set(tokenize(query))):  # a fixed summation order
            rows, weights = self._weights(term)
            if len(rows):
                scores[rows] += weights
                touched[rows] = True
        rows = np.flatnonzero(touched)
        found = (rows, scores[rows])
        with self._lock:
            self._recent[query] = found
            while len(self._recent) > RECENT_QUERIES:
                self._recent.popitem(last=False)
        return found

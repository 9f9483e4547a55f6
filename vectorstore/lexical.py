"""BM25 over clause text cut by `text.tokenize` (jieba-segmented, folded: Simplified, half-width).

An inverted index, so a query touches only the postings of its own terms and latency
stays flat as the corpus grows (a full-scan BM25 costs O(corpus) per query term).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable

from text.tokenize import tokenize


class BM25Index:
    """Okapi BM25 with an inverted index; `search` returns (row, score) pairs, best first."""

    def __init__(self, texts: list[str], k1: float = 1.5, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.lengths: list[int] = []
        for row, text in enumerate(texts):
            counts = Counter(tokenize(text))
            self.lengths.append(sum(counts.values()))
            for term, tf in counts.items():
                self.postings[term].append((row, tf))
        self.n = len(texts)
        self.avg_len = (sum(self.lengths) / self.n) if self.n else 0.0

    def vocabulary(self) -> list[str]:
        """The indexed terms, sorted."""
        return sorted(self.postings)

    def idf(self, term: str) -> float:
        df = len(self.postings.get(term, ()))
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))

    def search(self, query: str, k: int = 30, within: Iterable[int] | None = None) -> list[tuple[int, float]]:
        """The `k` best rows for a query, best first (ties to the lower row); `within`: of these rows only."""
        scores: dict[int, float] = defaultdict(float)
        for term in sorted(set(tokenize(query))):  # a fixed summation order
            postings = self.postings.get(term)
            if not postings:
                continue
            idf = self.idf(term)
            for row, tf in postings:
                norm = self.k1 * (1 - self.b + self.b * self.lengths[row] / (self.avg_len or 1))
                scores[row] += idf * tf * (self.k1 + 1) / (tf + norm)
        if within is not None:
            allowed = {int(row) for row in within}
            scores = {row: score for row, score in scores.items() if row in allowed}
        return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:k]

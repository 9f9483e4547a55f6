"""BM25 over jieba-segmented, folded (Simplified, half-width) clause text.

An inverted index, so a query touches only the postings of its own terms and latency
stays flat as the corpus grows (a full-scan BM25 costs O(corpus) per query term).
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache

import jieba

from ingest.fold import fold

jieba.setLogLevel(logging.WARNING)

# Function words that match everything and rank nothing.
STOPWORDS = frozenset(
    ["的", "了", "和", "与", "及", "以及", "或", "在", "是", "为", "对", "等", "中", "有", "由", "将", "并", "其", "之", "于", "把", "被", "从", "向", "也", "就", "都", "而", "及其", "哪些", "什么", "哪个", "哪", "几", "多少", "怎么", "如何", "是否", "吗", "呢", "吧", "啊", "请问", "请", "一下", "这", "那", "这个", "那个", "这项", "那项", "the", "a", "an", "of", "to", "and", "in", "on", "for", "is", "are", "what", "which", "how", "who", "does", "do", "with", "by"]
)
_TOKEN_OK = re.compile(r"[\w\u4e00-\u9fff]")


_TAUGHT: set[str] = set()


def add_words(words: Iterable[str]) -> None:
    """Teach jieba domain words (unit names) so they stay whole; each word once per process.

    Once, because every `jieba.add_word` also adds its frequency to jieba's total, which moves
    every segmentation score: teaching the words again on each refresh would slowly change how
    a long-running process cuts text, and the tokens stored at ingest would no longer match
    the cuts of its queries."""
    for word in words:
        folded = fold(word) if word else ""
        if folded and folded not in _TAUGHT:
            _TAUGHT.add(folded)
            jieba.add_word(folded, freq=50000)
            _cut.cache_clear()  # earlier cuts may differ now


def tokenize(text: str) -> list[str]:
    """Search-mode jieba tokens of the folded text, lower-cased, without stopwords and punctuation."""
    return list(_cut(text))


@lru_cache(maxsize=4096)  # an answer cuts the same question text a dozen times
def _cut(text: str) -> tuple[str, ...]:
    folded = fold(text).lower()
    return tuple(
        t
        for t in jieba.cut_for_search(folded)
        if t.strip() and _TOKEN_OK.search(t) and t not in STOPWORDS
    )


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

    def search(self, query: str, k: int = 30) -> list[tuple[int, float]]:
        scores: dict[int, float] = defaultdict(float)
        for term in sorted(set(tokenize(query))):  # a fixed summation order
            postings = self.postings.get(term)
            if not postings:
                continue
            idf = self.idf(term)
            for row, tf in postings:
                norm = self.k1 * (1 - self.b + self.b * self.lengths[row] / (self.avg_len or 1))
                scores[row] += idf * tf * (self.k1 + 1) / (tf + norm)
        return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:k]

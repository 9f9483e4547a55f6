"""Hybrid retrieval: dense (Chroma, e5) + lexical (BM25 over jieba), fused by reciprocal rank.

`search()` is the entry the answerer, the task table and the document comparison use; the
generative chain prompts with the extractive answer's clauses, so it needs no retriever of its own.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel, ConfigDict, PrivateAttr

from assistant.core.items import own_heading
from assistant.core.query import DATED_TARGET, MILESTONES_ASKED, deadline_years
from assistant.core.spelling import Respeller
from ingest.model import Clause
from text.fold import fold, fold_loose
from text.tokenize import tokenize
from vectorstore.snapshot import Index

SINGLE_CHAR_WEIGHT = 0.3  # the composer weighs single characters the same way
RECENT_TEXTS = 64  # texts whose term weights a retriever keeps (per index version)
CLAUSE_WORDS = 50_000  # clauses whose folded words a retriever keeps (per index version)


@dataclass
class Scored:
    """A retrieved clause with the evidence behind its rank."""

    clause: Clause
    score: float  # fused score, higher is better
    dense: float  # cosine similarity (0 when not among the dense candidates)
    lexical: float  # BM25 score (0 when not among the lexical candidates)
    coverage: float  # share of the query's weighted terms found in the clause


def query_coverage(query_terms: list[str], idf: dict[str, float], clause_text: str) -> float:
    """IDF-weighted share of query terms that occur in the clause (folded, loose)."""
    return TermCoverage(query_terms, idf)(clause_text)


class TermCoverage:
    """`query_coverage` of one query's terms, for clause after clause: the terms are folded and
    their weights summed once per query, not once per candidate clause. The same sums, in the
    same order, as `query_coverage`."""

    def __init__(self, query_terms: list[str], idf: dict[str, float]) -> None:
        self.weighted = [(fold_loose(t), idf[t]) for t in query_terms]
        self.total = sum(idf[t] for t in query_terms)

    def __call__(self, clause_text: str) -> float:
        """The share of the terms' weight found in `clause_text`."""
        return self.of_loose(fold_loose(clause_text)) if self.weighted else 0.0

    def of_loose(self, text: str) -> float:
        """The share of the terms' weight found in `text`, already folded by `fold_loose`."""
        if not self.weighted:
            return 0.0
        found = sum([weight for term, weight in self.weighted if term in text])  # a list: quicker than a generator, the same sum
        return found / self.total if self.total else 0.0


@dataclass
class _Reading:
    """What the rerank reads of one question, whichever documents it is searched in."""

    covered: TermCoverage
    lexical_text: str
    deadlines: set[str]
    milestones: bool


class HybridRetriever(BaseModel):
    """Dense + BM25 candidates fused with RRF, then a light lexical-coverage rerank."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: Index
    k: int = 5
    dense_k: int = 30
    lexical_k: int = 30
    rrf_k: int = 60
    coverage_weight: float = 0.02
    # A question that writes out a clause's own heading ("重点领域", "推进食品农产品领域互认")
    # names that clause, a phrase-level match that bag-of-words coverage splits into its
    # characters' words: as strong as the question's terms all found (coverage_weight).
    heading_weight: float = 0.02
    heading_min_chars: int = 4
    # The heading, deadline and typo readings are of a person's question; a clause used as
    # the query (document comparison) has its own headings' words all over it
    reads_questions: bool = True
    _respelling: tuple[str, Respeller] | None = PrivateAttr(default=None)
    _weights: tuple[str, dict[str, tuple[list[str], dict[str, float]]]] = PrivateAttr(default=("", {}))
    _clause_words: tuple[str, dict[str, tuple[str, str]]] = PrivateAttr(default=("", {}))
    _doc_rows: tuple[str, dict[str, np.ndarray]] = PrivateAttr(default=("", {}))

    def search(
        self, question: str, k: int | None = None, docs: set[str] | None = None, lexical: bool = True,
        lexical_query: str | None = None,
    ) -> list[Scored]:
        """Clauses for a question (any script), best first; `docs` restricts to documents.

        `lexical_query` is what BM25 and the coverage rerank see instead of the question: the
        texts' Chinese words for an English question (the embedding reads the English).
        `lexical=False` turns BM25 off."""
        return self._searched(question, k or self.k, [docs], lexical, lexical_query)[0]

    def search_each(self, question: str, docs: list[str], k: int | None = None) -> list[list[Scored]]:
        """`search(question, k, docs={doc})` for each of `docs`, in that order, the same results:
        the question is read, embedded and ranked by BM25 once for all of them (a comparison
        of a title that several documents hold reads the topic in each)."""
        return self._searched(question, k or self.k, [{doc} for doc in docs], True, None)

    def _searched(
        self, question: str, k: int, scopes: list[set[str] | None], lexical: bool, lexical_query: str | None,
    ) -> list[list[Scored]]:
        """`search` for each scope (a set of documents, or None for the library) of one question."""
        snapshot = self.index.snapshot()
        query = fold(question)
        lexical_text = fold(lexical_query) if lexical_query else query
        if self.reads_questions and (typed := self._respeller(snapshot).corrections(lexical_text)):
            lexical_text = f"{lexical_text} {' '.join(typed)}"  # "认正" searched as "认证" too
        vector = self.index.embeddings.embed_query(query)
        reading = _Reading(
            TermCoverage(*self.term_weights(lexical_text)), lexical_text,
            deadline_years(query) if self.reads_questions else set(),
            self.reads_questions and bool(MILESTONES_ASKED.search(query)),
        )
        if len(scopes) > 1:  # one document each (`search_each`): their rows scored together
            dense = snapshot.dense.search_each(vector, self.dense_k * 3, [doc for (doc,) in scopes])
        else:
            dense = [snapshot.dense.search(vector, self.dense_k * 3, docs=scopes[0])]
        found = []
        for docs, dense_best in zip(scopes, dense):
            lexical_hits = self._lexical(snapshot, lexical_text, docs) if lexical else []
            found.append(self._fused(snapshot, vector, dense_best, lexical_hits, reading)[:k])
        return found

    def _lexical(self, snapshot, text: str, docs: set[str] | None) -> list[tuple[Clause, float]]:
        """BM25's best clauses for the text in the library, or ranked among the named documents'
        clauses only (the library's best can all be another document's: its reposts, at scale).
        The text's scores are computed once for all the scopes of one question."""
        within = self._rows(snapshot, docs) if docs else None
        return [(snapshot.clauses[row], score) for row, score in snapshot.bm25.search(text, self.lexical_k, within=within)]

    def _rows(self, snapshot, docs: set[str]) -> np.ndarray:
        """The snapshot rows of the documents' clauses (each document's rows found once per version)."""
        held = self._doc_rows  # read once: another thread may start the next version's meanwhile
        if held[0] != snapshot.version:
            by_doc: dict[str, list[int]] = {}
            for row, clause in enumerate(snapshot.clauses):
                by_doc.setdefault(clause.doc, []).append(row)
            held = self._doc_rows = (snapshot.version, {doc: np.array(rows, dtype=np.int64) for doc, rows in by_doc.items()})
        parts = [held[1][doc] for doc in docs if doc in held[1]]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)

    def _fused(self, snapshot, vector, dense_best: dict[str, float], lexical_hits: list[tuple[Clause, float]],
               reading: _Reading) -> list[Scored]:
        """The dense and lexical candidates by reciprocal rank, then the coverage and heading rerank."""
        dense_hits = list(dense_best.items())[: self.dense_k]  # already in rank order
        fused: dict[str, float] = {}
        dense_score: dict[str, float] = {}
        lexical_score: dict[str, float] = {}
        by_id: dict[str, Clause] = {}
        for rank, (cid, similarity) in enumerate(dense_hits):
            if cid not in snapshot.by_id:
                continue  # written by another process after this snapshot: seen next refresh
            by_id[cid] = snapshot.by_id[cid]
            dense_score[cid] = similarity
            fused[cid] = fused.get(cid, 0.0) + 1.0 / (self.rrf_k + rank + 1)
        for rank, (clause, score) in enumerate(lexical_hits):
            by_id[clause.id] = clause
            lexical_score[clause.id] = score
            fused[clause.id] = fused.get(clause.id, 0.0) + 1.0 / (self.rrf_k + rank + 1)
        self._rank_lexical_only(snapshot, vector, dense_best, lexical_hits, dense_score, fused)
        words = self._words(snapshot.version)
        results = []
        for cid, score in fused.items():
            clause = by_id[cid]
            if (read := words.get(cid)) is None:
                # the clause's own words (path + text): English translation lines would let
                # English query words "cover" the one bilingual page
                read = words[cid] = (fold_loose(clause.clause + clause.text), own_heading(clause))
            cov = reading.covered.of_loose(read[0])
            results.append(Scored(clause, score + self.coverage_weight * cov + self._named(clause, read[1], reading),
                                  dense_score.get(cid, 0.0), lexical_score.get(cid, 0.0), cov))
        results.sort(key=lambda s: (-s.score, s.clause.id))
        return results

    def _words(self, version: str) -> dict[str, tuple[str, str]]:
        """Clause id -> (its path and text folded loose, its own heading), for this version of the
        index: a candidate's words are read once, not once per search that finds it (a comparison
        reads every clause of each document it names)."""
        held = self._clause_words  # read once: another thread may start the next version's meanwhile
        if held[0] != version or len(held[1]) >= CLAUSE_WORDS:
            held = self._clause_words = (version, {})
        return held[1]

    def _named(self, clause: Clause, heading: str, reading: _Reading) -> float:
        """What the question says that names the clause: its own `heading`, the year it sets a
        target for, the plan's time points it dates."""
        named = self.heading_weight if self.reads_questions and len(heading) >= self.heading_min_chars and heading in reading.lexical_text else 0.0
        # a clause that sets a target for the year the question asks about states it
        named += self.heading_weight if reading.deadlines and any(f"{y}年" in fold(clause.text) for y in reading.deadlines) else 0.0
        # ...and one asking for the plan's time points is answered by the clause dating its targets
        named += self.heading_weight if reading.milestones and DATED_TARGET.search(fold(clause.text)) else 0.0
        return named

    def _rank_lexical_only(self, snapshot, vector, dense_best, lexical_hits, dense_score, fused) -> None:
        """RRF over the two whole rankings, not their heads: a clause BM25 found but the dense
        head missed still has a place in the dense ranking (among the clauses of the best
        sentences, or just after them), and that place counts."""
        # best similarity per clause, in rank order (descending): negated, a bisection counts those above
        negated = [-s for s in dense_best.values()]
        missed = [clause.id for clause, _ in lexical_hits if clause.id not in dense_score]
        for cid, similarity in snapshot.dense.clause_similarities(vector, missed).items():
            place = bisect_left(negated, -similarity)  # how many are more similar
            fused[cid] += 1.0 / (self.rrf_k + place + 1)  # its cosine stays unreported (0)

    def respelled(self, text: str) -> str:
        """The folded text with the words it mistyped by sound written as the texts write them."""
        return self._respeller(self.index.snapshot()).respelled(fold(text))

    def _respeller(self, snapshot) -> Respeller:
        """The texts' words by sound, for this version of the index (built once per version)."""
        if self._respelling is None or self._respelling[0] != snapshot.version:
            self._respelling = (snapshot.version, Respeller(snapshot.bm25.vocabulary()))
        return self._respelling[1]

    def term_weights(self, text: str) -> tuple[list[str], dict[str, float]]:
        """The text's terms and the weight each carries as evidence (see `coverage`); the last
        texts' are kept per index version (a comparison searches one topic in each document it names)."""
        snapshot = self.index.snapshot()
        held = self._weights  # read once: another thread may start the next version's meanwhile
        if held[0] != snapshot.version:
            held = self._weights = (snapshot.version, {})
        recent = held[1]
        if (found := recent.get(text)) is None:
            if len(recent) >= RECENT_TEXTS:
                recent.clear()
            found = recent[text] = self._read_weights(snapshot, text)
        return list(found[0]), dict(found[1])

    @staticmethod
    def _read_weights(snapshot, text: str) -> tuple[list[str], dict[str, float]]:
        """`term_weights` read from the snapshot's BM25 index."""
        terms = sorted(set(tokenize(fold(text))))
        # a word no clause contains is the asker's phrasing ("那条", "还是"): no evidence either way
        # and a single character weighs less: in Chinese it is grammar more often than content
        idf = {
            t: snapshot.bm25.idf(t) * (SINGLE_CHAR_WEIGHT if len(t) == 1 else 1.0) if t in snapshot.bm25.postings else 0.0
            for t in terms
        }
        return terms, idf

    def coverage(self, text: str, clause: Clause) -> float:
        """Weighted share of the text's terms found in the clause's path and text."""
        terms, idf = self.term_weights(text)
        return query_coverage(terms, idf, clause.clause + clause.text)


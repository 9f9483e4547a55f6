"""Plan-to-plan comparison (文件对比): each clause of document A with its closest clause of B,
and the clauses of B that match nothing in A ("new in B").

The search is the project's own hybrid retriever restricted to the other document; the
similarity shown is its dense score: the cosine between A's clause (embedded as a query) and
the closest sentence of the B clause. Whether that closest clause is a real counterpart is
judged by `MATCH_MARGIN`; see there for why that value.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from assistant.core.retriever import HybridRetriever
from ingest.model import Clause
from ingest.pipeline import META_PATH

# What a cosine of this model means. multilingual-e5 is trained contrastively (InfoNCE) at a
# temperature of 0.01, so its cosines crowd into 0.7-1.0 and only differences carry meaning:
# the model's odds that passage x rather than y answers a query are exp((cos_x - cos_y) / 0.01).
# Between two plans of one field every clause is "similar" (0.88-0.95 here), so an absolute
# cutoff says nothing. A's clause is matched when its closest B clause beats B's typical clause
# (the median cosine over all of B's clauses) by at least one temperature unit, i.e. the model
# finds it at least e (~2.7) times as likely a counterpart as an ordinary clause of B. The
# value is the model's training constant, not tuned on any pair of documents.
MATCH_MARGIN = 0.01


@dataclass
class ClauseMatch:
    """A clause of A, its closest clause of B (None when B has no candidate) and their cosine."""

    clause: Clause
    match: Clause | None
    similarity: float
    matched: bool
    margin: float = 0.0  # similarity minus the median cosine of the other document's clauses

    def to_json(self) -> dict:
        """The pair as JSON: ids, paths and texts of both sides."""
        return {
            "a": _clause_json(self.clause),
            "b": _clause_json(self.match) if self.match else None,
            "similarity": round(self.similarity, 4),
            "margin": round(self.margin, 4),
            "matched": self.matched,
        }


@dataclass
class Comparison:
    """The alignment of two documents' clauses."""

    doc_a: str
    doc_b: str
    title_a: str
    title_b: str
    pairs: list[ClauseMatch]
    new_in_b: list[ClauseMatch] = field(default_factory=list)  # B clause, its closest A clause
    threshold: float = MATCH_MARGIN

    def to_json(self) -> dict:
        """The `compare --json` shape."""
        return {
            "a": {"doc": self.doc_a, "title": self.title_a},
            "b": {"doc": self.doc_b, "title": self.title_b},
            "threshold": self.threshold,
            "similarity": "dense cosine: A's clause as the query, the closest sentence of B's clause",
            "matched_when": "similarity - median cosine of the other document's clauses >= threshold",
            "pairs": [p.to_json() for p in self.pairs],
            "new_in_b": [
                {"b": _clause_json(p.clause), "closest_a": _clause_json(p.match) if p.match else None,
                 "similarity": round(p.similarity, 4), "margin": round(p.margin, 4)}
                for p in self.new_in_b
            ],
        }


def is_document_card(clause: Clause) -> bool:
    """The title/date/issuer card ingest adds to each document: metadata, not a provision."""
    return clause.clause_path == [META_PATH]


def _clause_json(clause: Clause) -> dict:
    return {"id": clause.id, "clause": clause.clause, "text": clause.text}


def closest(retriever: HybridRetriever, clause: Clause, doc: str, size: int, margin: float) -> ClauseMatch:
    """The clause of `doc` the hybrid search ranks first for `clause`'s text, its cosine, and
    whether it stands out from `doc`'s other clauses by `margin` (see `MATCH_MARGIN`)."""
    # all of doc's clauses, so the median is over the whole document; the card is never a match
    hits = [h for h in retriever.search(clause.text, k=size + 1, docs={doc}) if not is_document_card(h.clause)]
    if not hits:
        return ClauseMatch(clause, None, 0.0, False)
    cosines = [h.dense for h in hits if h.dense > 0]  # 0 = outside the dense candidates: no cosine
    background = statistics.median(cosines) if cosines else 0.0
    best = hits[0]
    above = best.dense - background
    return ClauseMatch(clause, best.clause, best.dense, best.dense > 0 and above >= margin, above)


def compare_documents(
    retriever: HybridRetriever,
    clauses_a: list[Clause],
    clauses_b: list[Clause],
    threshold: float = MATCH_MARGIN,
) -> Comparison:
    """Align A's clauses to B's; B's clauses no A clause reaches are searched back against A,
    and those whose best A clause stays under the threshold are "new in B"."""
    clauses_a = [c for c in clauses_a if not is_document_card(c)]
    clauses_b = [c for c in clauses_b if not is_document_card(c)]
    if not clauses_a or not clauses_b:
        raise ValueError("both documents need clauses")
    doc_a, doc_b = clauses_a[0].doc, clauses_b[0].doc
    pairs = [closest(retriever, clause, doc_b, len(clauses_b), threshold) for clause in clauses_a]
    reached = {p.match.id for p in pairs if p.matched and p.match}
    new_in_b = []
    for clause in clauses_b:
        if clause.id in reached:
            continue
        back = closest(retriever, clause, doc_a, len(clauses_a), threshold)
        if not back.matched:
            new_in_b.append(back)
    return Comparison(doc_a, doc_b, clauses_a[0].title, clauses_b[0].title, pairs, new_in_b, threshold)

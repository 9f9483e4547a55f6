"""The figures that decide an answer, in one place: `[thresholds]` in assistant.toml sets them
(each key is one argument here; the defaults live only in this signature)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Thresholds:
    """Cut-offs of the answer engine; every one rests on how the scores behave, noted beside it."""

    # Share of a part's weighted terms the sentence carrying the asked slot must hold: half of
    # what the question describes (so the figure is about the thing asked), less in the best
    # clause, which retrieval already judged the evidence (people paraphrase).
    slot_coverage: float = 0.5
    top_clause_coverage: float = 0.3
    # Off-topic questions still find a nearest clause: its sentence similarity stays below what
    # a question the texts answer reaches; between min_dense and weak_dense the clause must also
    # carry min_coverage of the question's weighted terms.
    min_dense: float = 0.855
    weak_dense: float = 0.87
    min_coverage: float = 0.2
    # Route questions cite up to route_clauses clauses scoring at least route_score_share of the
    # best: fused scores on one topic sit within a few percent, another topic falls well below.
    route_clauses: int = 4
    route_score_share: float = 0.8
    # A clause stating the asked kind of figure may overtake a better-matching one that states
    # none at this share of its score (neighbouring RRF scores differ by ~2-5%).
    answer_type_share: float = 0.9


DEFAULT_THRESHOLDS = Thresholds()

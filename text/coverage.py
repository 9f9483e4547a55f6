"""How much of a question's weighted terms a piece of text holds."""

from __future__ import annotations

from functools import lru_cache

from text.fold import fold_loose


def coverage(sentence: str, weights: dict[str, float]) -> float:
    """IDF-weighted share of the question's concepts found in the sentence. Search-mode
    tokenizing gives a compound with its pieces ("电子电器", "电子", "电器"): they are one concept,
    weighed once, fully met by the compound and in part by some of its pieces."""
    concepts = _concepts(tuple(weights.items()))
    total = sum(w for w, _ in concepts.values())
    if not total:
        return 0.0
    folded = fold_loose(sentence)
    found = 0.0
    for compound, (weight, pieces) in concepts.items():
        if fold_loose(compound) in folded:
            found += weight
        elif pieces:
            found += weight * sum(pw for p, pw in pieces.items() if fold_loose(p) in folded) / sum(pieces.values())
    return found / total


# one question's weights are read against every sentence of its evidence: grouped once
@lru_cache(maxsize=256)
def _concepts(terms: tuple[tuple[str, float], ...]) -> dict[str, tuple[float, dict[str, float]]]:
    """Each longest term with its weight (the highest of its own and its pieces') and pieces."""
    weights = dict(terms)
    longest = [t for t in weights if not any(t != o and t in o for o in weights)]
    concepts = {}
    for compound in longest:
        pieces = {t: w for t, w in weights.items() if t != compound and t in compound}
        concepts[compound] = (max([weights[compound], *pieces.values()]), pieces)
    return concepts

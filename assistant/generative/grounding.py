"""The check on a generated answer: every statement must be traceable to the clause it cites.

Rules, in order (the first that fails names the reason):
1. the answer cites at least one clause, and every `[n]` points at a clause in the prompt;
2. every sentence of substance carries a citation (a sentence without one inherits the
   citations of the next sentence that has one, as "A, B. C[1]" means all of it is from [1]);
3. each cited sentence is supported by its clauses: at least `min_overlap` of the
   sentence's character bigrams (folded: Simplified, half-width, no punctuation) occur in
   the cited clauses' text — a lexical stand-in for entailment that a 1.5B model's
   paraphrase still passes and an invented claim does not;
4. every number and every unit name in the answer occurs in the clauses it cites.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from text.fold import fold_loose
from text.sentences import SENTENCE_ENDS, sentences

_MARK = re.compile(r"\[(\d{1,2})\]")
# The model writes full-width ！？； too: its answer is cut at those besides the clauses' marks.
_ANSWER_ENDS = SENTENCE_ENDS + "\n"
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_FILLER = re.compile(r"^(根据|依据|按照)?(上述|以上)?(条款|文本|文件)?[,，:：]?$")


@dataclass
class Check:
    """The verdict: ok, or the reason the answer fell back."""

    ok: bool
    reason: str | None = None
    cited: list[int] | None = None


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def split_statements(answer: str) -> list[tuple[str, list[int]]]:
    """(sentence without markers, cited numbers) for each sentence of substance."""
    pieces = sentences(answer, _ANSWER_ENDS)
    out: list[tuple[str, list[int]]] = []
    waiting: list[str] = []
    for piece in pieces:
        marks = [int(m) for m in _MARK.findall(piece)]
        text = _MARK.sub("", piece).strip()
        if not marks:
            waiting.append(text)
            continue
        for pending in waiting:
            out.append((pending, marks))
        waiting = []
        out.append((text, marks))
    out.extend((pending, []) for pending in waiting)
    return [(t, m) for t, m in out if len(fold_loose(t)) >= 4 and not _FILLER.match(fold_loose(t))]


def check_answer(answer: str, clauses: list[str], unit_names: list[str], min_overlap: float = 0.5) -> Check:
    """Check a generated answer against the numbered clauses it was given (1-based)."""
    marks = [int(m) for m in _MARK.findall(answer)]
    if not marks:
        return Check(False, "the answer cites no clause")
    bad = sorted({m for m in marks if not 1 <= m <= len(clauses)})
    if bad:
        return Check(False, f"citation {bad} points at no retrieved clause")
    folded_clauses = [fold_loose(c) for c in clauses]
    statements = split_statements(answer)
    if not statements:
        return Check(False, "the answer has citations but no statement")
    for sentence, cited in statements:
        if not cited:
            return Check(False, f"a sentence cites nothing: {sentence[:40]}")
        source = "".join(folded_clauses[n - 1] for n in cited)
        grams = _bigrams(fold_loose(sentence))
        if grams:
            overlap = len(grams & _bigrams(source)) / len(grams)
            if overlap < min_overlap:
                return Check(False, f"not supported by [{','.join(map(str, cited))}] ({overlap:.0%} overlap): {sentence[:40]}")
        for number in _NUMBER.findall(sentence):
            if number not in source:
                return Check(False, f"number {number} is not in the cited clauses")
        for unit in unit_names:
            if fold_loose(unit) in fold_loose(sentence) and fold_loose(unit) not in source:
                return Check(False, f"unit {unit} is not in the cited clauses")
    return Check(True, cited=sorted(set(marks)))

"""The documents' own numbering: which numbered items each document has, and their clauses.

A question that names "第19项" or "第(十三)条" is about a numbered item; the numbering
comes from the clause paths the splitter kept ("4.鼓励…", "(十三)加强…", "一、总体要求")
and from paragraphs that open with "第一,", "第二,".
"""

from __future__ import annotations

import re

from assistant.core.query import ItemRef, number_of
from ingest.model import Clause
from text.fold import fold

ENUMERATOR = re.compile(r"^\s*(?:[((]([一二三四五六七八九十]{1,4}|\d{1,3})[))]|(\d{1,3})\s*[.．、]|([一二三四五六七八九十]{1,4})\s*、)")
_ORDINAL_PARAGRAPH = re.compile(r"^\s*第([一二三四五六七八九十]{1,3})\s*[,,、]")


def clause_numbers(clause: Clause) -> set[int]:
    """The item numbers a clause carries: of its own path step, or of its opening ordinal."""
    numbers: set[int] = set()
    for step in clause.clause_path[-1:]:
        m = ENUMERATOR.match(fold(step))
        token = m and next((g for g in m.groups() if g), None)
        if token and (n := number_of(token)) is not None:
            numbers.add(n)
    opening = _ORDINAL_PARAGRAPH.match(fold(clause.text[:16]))  # only the opening: folding whole texts costs seconds at 100x
    if opening and (n := number_of(opening.group(1))) is not None:
        numbers.add(n)
    return numbers


def own_heading(clause: Clause) -> str:
    """A numbered clause's own heading without its enumerator ("8.推进食品农产品领域互认。" ->
    "推进食品农产品领域互认"), folded; "" when the clause's last path step is not numbered."""
    step = fold(clause.clause_path[-1]) if clause.clause_path else ""
    return re.sub(r"[\s。.;;]+$", "", ENUMERATOR.sub("", step)) if ENUMERATOR.match(step) else ""


def numbering(clauses: list[Clause]) -> dict[str, set[int]]:
    """Document -> every item number it has, in any numbering style."""
    out: dict[str, set[int]] = {}
    for clause in clauses:
        out.setdefault(clause.doc, set()).update(clause_numbers(clause))
    return out


def item_clauses(clauses: list[Clause], docs: list[str], ref: ItemRef) -> list[Clause]:
    """The clauses of the named documents that carry the item's number, deepest numbering first
    ("第7项" is task 7 rather than part 七 when both exist)."""
    found = [c for c in clauses if c.doc in docs and ref.number in clause_numbers(c)]
    return sorted(found, key=lambda c: (-len(c.clause_path), c.doc, c.ordinal))

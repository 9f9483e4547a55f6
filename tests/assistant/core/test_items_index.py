"""The item numbering read once per clause list and per document (`assistant.core.items`) equals
reading every clause for every question, as it was done before."""

from __future__ import annotations

from assistant.core.items import clause_numbers, item_clauses, numbering
from assistant.core.query import ItemRef


def test_numbering_and_item_clauses_equal_a_scan_of_every_clause(assistant):
    clauses = assistant.index.snapshot().clauses
    scanned: dict[str, set[int]] = {}
    for clause in clauses:
        scanned.setdefault(clause.doc, set()).update(clause_numbers(clause))
    read = numbering(clauses)
    assert list(read) == list(scanned) and dict(read) == scanned
    assert read.get("no-such-doc.txt", set()) == set() and "no-such-doc.txt" not in read
    docs = sorted(scanned)
    for number in range(0, 40):
        ref = ItemRef(number=number, style="arabic", written=f"第{number}项")
        for named in ([docs[0]], docs[1:3], docs, [*docs, docs[0]]):
            want = sorted((c for c in clauses if c.doc in named and number in clause_numbers(c)),
                          key=lambda c: (-len(c.clause_path), c.doc, c.ordinal))
            assert item_clauses(clauses, named, ref) == want, (number, named)

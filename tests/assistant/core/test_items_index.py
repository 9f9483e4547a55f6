"""The item numbering read once per clause list and per document (`assistant.core.items`) equals
reading every clause for every question, as it was done before."""

from __future__ import annotations

from assistant.core.items import clause_numbers, item_clauses, item_owners, numbering
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


def test_item_owners_are_the_documents_of_the_item_clauses(assistant):
    """What `_items_first` asks before narrowing "第2项" to the topic's document: which documents
    hold the item, read without gathering its clauses, for numbers and for "第N部分"/"第N大项"."""
    clauses = assistant.index.snapshot().clauses
    docs = sorted({c.doc for c in clauses})
    refs = [ItemRef(number=n, style="arabic", written=f"第{n}{unit}") for n in range(0, 12) for unit in ("项", "部分", "大项")]
    for ref in refs:
        for named in ([docs[0]], docs[1:3], docs, [*docs, docs[0]]):
            want = list(dict.fromkeys(c.doc for c in item_clauses(clauses, named, ref)))
            assert sorted(item_owners(clauses, named, ref)) == sorted(want), (ref, named)

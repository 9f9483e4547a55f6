"""The documents' own numbering: which numbered items each document has, and their clauses.

A question that names "第19项" or "第(十三)条" is about a numbered item; the numbering
comes from the clause paths the splitter kept ("4.鼓励…", "(十三)加强…", "一、总体要求")
and from paragraphs that open with "第一,", "第二,".
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from assistant.core.query import ItemRef
from assistant.core.stated import number_of
from ingest.model import Clause
from text.fold import fold

ENUMERATOR = re.compile(r"^\s*(?:[((]([一二三四五六七八九十]{1,4}|\d{1,3})[))]|(\d{1,3})\s*[.．、]|([一二三四五六七八九十]{1,4})\s*、)")
CHAPTER = re.compile(r"^\s*([一二三四五六七八九十]{1,3})\s*、")
SECTION = re.compile(r"^\s*[((]([一二三四五六七八九十]{1,3})[))]")
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


class _Numbers:
    """Document -> item number -> its clauses (in list order) for one list of clauses, each
    document read at its first use: every clause's numbers cost ~0.3 s at 10,000 clauses."""

    def __init__(self, clauses: list[Clause]) -> None:
        self.clauses = clauses
        self._docs: dict[str, list[Clause]] | None = None
        self._numbers: dict[str, dict[int, list[Clause]]] = {}
        self._holding: dict[int, set[str]] = {}
        self.sorted_docs: list[str] | None = None
        self.children: dict[tuple[str, tuple[str, ...]], dict[str, Clause]] | None = None

    @property
    def docs(self) -> dict[str, list[Clause]]:
        if self._docs is None:
            docs: dict[str, list[Clause]] = {}
            for clause in self.clauses:
                docs.setdefault(clause.doc, []).append(clause)
            self._docs = docs
        return self._docs

    def holding(self, number: int) -> set[str]:
        """The documents with an item of this number (read once per number)."""
        if (found := self._holding.get(number)) is None:
            found = self._holding[number] = {doc for doc in self.docs if self.of(doc).get(number)}
        return found

    def of(self, doc: str) -> dict[int, list[Clause]]:
        if (found := self._numbers.get(doc)) is None:
            found = {}
            for clause in self.docs.get(doc, ()):
                for n in sorted(clause_numbers(clause)):
                    found.setdefault(n, []).append(clause)
            self._numbers[doc] = found
        return found


# The last two clause lists read (an index's clauses live as long as its snapshot), so each
# document's numbers are read once per index version rather than once per question.
_READ: list[_Numbers] = []


def _numbers(clauses: list[Clause]) -> _Numbers:
    for held in list(_READ):
        if held.clauses is clauses:
            return held
    made = _Numbers(clauses)
    _READ[:] = [made, *_READ[:1]]
    return made


class Numbering(Mapping[str, set[int]]):
    """Document -> every item number it has, in any numbering style (read per document on use)."""

    def __init__(self, clauses: list[Clause]) -> None:
        self._numbers = _numbers(clauses)

    def __getitem__(self, doc: str) -> set[int]:
        if doc not in self._numbers.docs:
            raise KeyError(doc)
        return set(self._numbers.of(doc))

    def __iter__(self) -> Iterator[str]:
        return iter(self._numbers.docs)

    def parts(self, doc: str) -> tuple[set[int], set[int]]:
        """A document's chapter numbers ("一、…") and the numbers of the parts under them
        ("(一)…"), read from its clause paths: "第八部分" or "第七大项" is past their end."""
        sections: set[int] = set()
        for clause in self._numbers.docs.get(doc, ()):
            m = SECTION.match(fold(clause.clause_path[1])) if len(clause.clause_path) > 1 else None
            if m and (n := number_of(m.group(1))) is not None:
                sections.add(n)
        return set(self.chapters(doc)), sections

    def chapters(self, doc: str) -> dict[int, Clause]:
        """A document's chapter number -> the first clause under it, in the document's order."""
        first: dict[int, Clause] = {}
        for clause in self._numbers.docs.get(doc, ()):
            head = fold(clause.clause_path[0]) if clause.clause_path else ""
            if (m := CHAPTER.match(head)) and (n := number_of(m.group(1))) is not None:
                first.setdefault(n, clause)
        return first

    def chapter_headings(self, doc: str) -> dict[int, str]:
        """A document's chapter number -> its heading's words ("六、夯实国家质量技术基础" -> 6:
        夯实国家质量技术基础)."""
        return {n: CHAPTER.sub("", fold(c.clause_path[0])).strip() for n, c in self.chapters(doc).items()}

    def __len__(self) -> int:
        return len(self._numbers.docs)


def numbering(clauses: list[Clause]) -> Numbering:
    """Document -> every item number it has, in any numbering style."""
    return Numbering(clauses)


def item_clauses(clauses: list[Clause], docs: list[str], ref: ItemRef) -> list[Clause]:
    """The clauses of the named documents that carry the item's number, deepest numbering first
    ("第7项" is task 7 rather than part 七 when both exist)."""
    numbers = _numbers(clauses)
    if (level := PART_LEVELS.get(ref.written[-2:])) is not None:
        # "第七部分" is chapter 七、 and "第六大项" the (六) under a chapter: their clauses in order
        pattern = CHAPTER if level == 0 else SECTION
        return [
            c for doc in dict.fromkeys(docs) for c in numbers.docs.get(doc, ())
            if len(c.clause_path) > level and (m := pattern.match(fold(c.clause_path[level]))) and number_of(m.group(1)) == ref.number
        ]
    found = [c for doc in dict.fromkeys(docs) for c in numbers.of(doc).get(ref.number, ())]
    return sorted(found, key=lambda c: (-len(c.clause_path), c.doc, c.ordinal))


def held_by_several(clauses: list[Clause], ref: ItemRef) -> bool:
    """Whether more than one document of the library holds the item: `item_owners` over every
    document, without listing them (a pass over 500 document names at 100x the bundled corpus)."""
    if ref.written[-2:] in PART_LEVELS:
        return len(item_owners(clauses, document_names(clauses), ref)) > 1
    return len(_numbers(clauses).holding(ref.number)) > 1


def item_owners(clauses: list[Clause], docs: list[str], ref: ItemRef) -> list[str]:
    """The documents among `docs` holding the item `item_clauses` finds, in order: without
    gathering and sorting its clauses in every document (~1 ms over 500 documents)."""
    if ref.written[-2:] in PART_LEVELS:
        return list(dict.fromkeys(c.doc for c in item_clauses(clauses, docs, ref)))
    holding = _numbers(clauses).holding(ref.number)
    return [doc for doc in dict.fromkeys(docs) if doc in holding]


# How a question names a chapter or a part under one, and the depth of the clause path it is at
PART_LEVELS = {"部分": 0, "大项": 1}


def children(clauses: list[Clause]) -> dict[tuple[str, tuple[str, ...]], dict[str, Clause]]:
    """(doc, heading path) -> the first clause of each item one level under it, in order: made
    once per list of clauses (a pass over every clause per question costs ~1.5 ms at 100x)."""
    numbers = _numbers(clauses)
    if numbers.children is None:
        found: dict[tuple[str, tuple[str, ...]], dict[str, Clause]] = {}
        for c in clauses:
            if c.clause_path:
                found.setdefault((c.doc, tuple(c.clause_path[:-1])), {}).setdefault(c.clause_path[-1], c)
        numbers.children = found
    return numbers.children


def document_names(clauses: list[Clause]) -> list[str]:
    """The documents of a list of clauses, sorted (read once per list, with its numbering)."""
    numbers = _numbers(clauses)
    if numbers.sorted_docs is None:
        numbers.sorted_docs = sorted(numbers.docs)
    return numbers.sorted_docs

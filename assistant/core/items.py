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
from text.runs import shared_run

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


# A run of characters the question shares with an item's heading that names that item
# ("国际会议" of "召开上合组织国家检验检测互通互认国际会议"), not a word every item has
MIN_NAMED_RUN = 4


def renumbered_item_corrections(text: str, items: list[ItemRef], numbering: Numbering, docs: list[str]) -> list[str]:
    """"“召开…国际会议”是第5项,不是第3项" when the question describes the item it numbers with the
    heading of another item of the same list, and not with that item's own heading."""
    if len(docs) != 1 or len(items) != 1:
        return []
    ref, q = items[0], fold(text)
    headings = _sibling_headings(numbering, docs[0], ref.number)
    rest = q.replace(ref.written, " ")
    runs = {n: len(shared_run(rest, h)) for n, h in headings.items()}
    if ref.number not in runs or len(runs) < 2:
        return []
    best = max(runs, key=lambda n: (runs[n], -n))
    # what the question says of the item may be in its body, not its heading: then it is right
    own_text = fold("".join(c.text for c in numbering._numbers.of(docs[0]).get(ref.number, ())))
    if len(shared_run(rest, own_text)) >= runs[best]:
        return []
    if best != ref.number and runs[best] >= MIN_NAMED_RUN and runs[best] >= 2 * max(runs[ref.number], 1):
        # the item as the question numbers it: "第(八)项" -> 第(七)项, "第3项" -> 第5项
        numeral = re.search(r"\d+|[一二三四五六七八九十]+", ref.written)
        written = str(best) if not numeral or numeral.group(0).isdigit() else _chinese_numeral(best)
        return [f"“{headings[best]}”是{ref.written.replace(numeral.group(0), written) if numeral else f'第{best}项'},不是{ref.written}"]
    return []


# "文本写的是“青岛市”,不是“国际”": a term the question took from the heading of another item
_REPLACED_TERM = re.compile(r"^文本写的是“[^”]+”,不是“([^”]+)”$")


def with_renumbered_items(corrections: list[str], text: str, items: list[ItemRef], numbering: Numbering, docs: list[str]) -> list[str]:
    """The corrections with `renumbered_item_corrections` added; a replaced term that the other
    item's heading holds goes: the item number, not the term, is what the question has wrong."""
    if any(f"不是{ref.written}" in c for ref in items for c in corrections):
        return corrections  # the item is corrected already (by the clause that says the thing)
    renumbered = renumbered_item_corrections(text, items, numbering, docs)
    kept = [c for c in corrections if not ((m := _REPLACED_TERM.match(c)) and any(m.group(1) in r for r in renumbered))]
    return kept + renumbered


def _sibling_headings(numbering: Numbering, doc: str, number: int) -> dict[int, str]:
    """The own headings of item `number` and of the items of its list: numbered in the same
    style at the same depth of the document (the (一)…(十八) of an action plan run on across
    its chapters)."""
    of = numbering._numbers.of(doc)
    named = sorted(of.get(number, ()), key=lambda c: -len(c.clause_path))
    if not named or not own_heading(named[0]):
        return {}
    depth, style = len(named[0].clause_path), _style(named[0])
    return {n: h for n, clauses in of.items() for c in clauses
            if len(c.clause_path) == depth and _style(c) == style and (h := own_heading(c))}


def _style(clause: Clause) -> int:
    """Which enumerator numbers the clause's own step: (十三), 13. or 十三、 (0, 1, 2)."""
    m = ENUMERATOR.match(fold(clause.clause_path[-1]))
    return next((i for i, g in enumerate(m.groups()) if g), -1) if m else -1


def _chinese_numeral(n: int) -> str:
    """1..99 as the texts' Chinese numerals (7 -> 七, 13 -> 十三)."""
    digits = "零一二三四五六七八九"
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else digits[tens]) + "十" if tens else "") + (digits[ones] if ones else "")

"""A document's numbering against what a question says of it: an item or a part past its end
("六项措施的第7项", "第八部分"), its number of chapters or of numbered items ("一共有二十条措施"),
a chapter named by its heading under another number.
"""

from __future__ import annotations

import re

from assistant.core.items import Numbering
from assistant.core.query import Query
from assistant.core.stated import COUNT, number_of
from text.fold import fold


def missing_item(query: Query, numbering: Numbering, docs: list[str], one_title: bool = False) -> str | None:
    """A numbered item the question names that the documents it is about do not have, or
    that lies past a count the question itself gives ("六项措施的第7项"). `one_title`: the
    question names all of `docs` by the same words (a title reposted under other names), so
    they are read as one document is: a part past the end of each of them is past the end."""
    scope = docs or list(numbering)
    single = len(scope) == 1 or (one_title and bool(docs))
    if single and (pasts := [_past_the_parts(query, numbering, doc) for doc in scope]) and all(pasts):
        return pasts[0]
    for ref in query.items:
        if counted := _counted_before(query, ref):
            return f"文本中没有“{ref.written}”:{counted}"
        if not any(ref.number in numbering.get(doc, set()) for doc in scope):
            largest = max((max(numbering[d]) for d in scope if numbering.get(d)), default=0)
            tail = f",文本中的编号只到{largest}" if largest and single else ""
            return f"文本中没有“{ref.written}”{tail}"
    return None


# "第八部分", "第七大项": a chapter of a document, or a part under its chapters
PART_REF = re.compile(r"第[((]?([一二三四五六七八九十\d]{1,3})[))]?(部分|章|大部分|大项|大块)")


def _past_the_parts(query: Query, numbering: Numbering, doc: str) -> str | None:
    """"2024-2030方案的第八部分": a chapter (or a part under the chapters) past the last one the
    document has; None when it has it, or has no such numbering to tell."""
    m = PART_REF.search(fold(query.text))
    if not m or (n := number_of(m.group(1))) is None:
        return None
    chapters, sections = numbering.parts(doc)
    have = sections if m.group(2) in ("大项", "大块") else chapters
    if have and n > max(have):
        return f"文本中没有“{m.group(0)}”,这份文件只到第{max(have)}{m.group(2)}"
    return None


# "一共有六个部分", "分为七章": how many chapters the question takes a document to have
PARTS_COUNTED = re.compile(r"(?<!第)([一二三四五六七八九十\d]{1,3})\s*个?(部分|大部分|章)")


def structure_corrections(query: Query, numbering: Numbering, docs: list[str]) -> list[str]:
    """What a question takes as given about one document's chapters that the document says
    otherwise: their number ("一共有六个部分" of a text with seven), or the number of a chapter
    it names by its heading ("第五部分“夯实国家质量技术基础”" when that is chapter six)."""
    if len(docs) != 1:
        return []
    q = fold(query.text)
    headings = numbering.chapter_headings(docs[0])
    if not headings:
        return []
    last, corrections = max(headings), items_counted(q, numbering[docs[0]])
    for m in PARTS_COUNTED.finditer(q):
        if (n := number_of(m.group(1))) is not None and n >= 2 and n != last:
            corrections.append(f"文本分为{_numeral(last)}{m.group(2)},不是{m.group(1)}个{m.group(2)}".replace("个章", "章"))
    for m in PART_REF.finditer(q):
        named = number_of(m.group(1))
        for number, heading in headings.items():
            if number != named and len(heading) >= 4 and heading in q:
                corrections.append(f"“{heading}”是第{_numeral(number)}{m.group(2)},不是{m.group(0)}")
    return corrections


# "一共有二十条措施", "有20项任务": how many numbered items the question takes a document to have
ITEMS_COUNTED = re.compile(r"(?<!第)([一二三四五六七八九十\d]{1,3})\s*(条|项)(措施|任务|举措)")


def items_counted(q: str, numbers: set[int]) -> list[str]:
    """"文本列出的是18条措施,不是20条" when a question counts more items than the document numbers
    (fewer may count one list of several in it: "六项措施" of a report numbering others too)."""
    last = max(numbers, default=0)
    return [f"文本列出的是{last}{m.group(2)}{m.group(3)},不是{m.group(1)}{m.group(2)}"
            for m in ITEMS_COUNTED.finditer(q) if last and (n := number_of(m.group(1))) is not None and n > last]


def _numeral(n: int) -> str:
    return "一二三四五六七八九十"[n - 1] if 1 <= n <= 10 else str(n)


def _counted_before(query: Query, ref) -> str | None:
    """"六项措施的第7项": the count the question gives for the list the item is taken from,
    when the item's number lies past it."""
    q = fold(query.text)
    at = q.find(ref.written)
    for m in COUNT.finditer(q[:max(at, 0)]):
        number = number_of(m.group(1))
        tail = re.match(r"[\u4e00-\u9fff]{1,6}?(?=的|中|里|之|第|$)", q[m.end():at])
        if number and ref.number > number and tail and m.group(2) in ("项", "条", "个", "大项"):
            return f"{m.group(0)}{tail.group(0)}只有{number}{m.group(2)}"
    return None

"""A part of a plan asked for by its subject: "2017年行动计划里国际合作那部分有哪几条?".

Plans are chapters ("五、开创国际合作新局面") of numbered articles ("(十三)…", "(十四)…"). A
question that names a part by its subject and asks what is in it is answered by the chapter
whose heading says that subject: its articles, each cited by its first clause.
"""

from __future__ import annotations

import re

from assistant.core.items import CHAPTER, Numbering
from assistant.core.stated import number_of
from ingest.model import Clause
from text.fold import fold
from text.tokenize import tokenize

# "国际合作(的)(那)(一)部分", "讲国际合作的那一章": the subject, then the word for a part
SECTION_NAMED = re.compile(r"([\u4e00-\u9fff]{2,12}?)(?:的)?(?:那|这)?(?:一)?(?:部分|章|板块)")
# ...and what is asked of it: its articles or points
ITEMS_ASKED = re.compile(r"(?:哪[几两三四五六]|哪些|几)(?:条|项|点|个方面)|包括什么|有什么内容|下面有|标题|题目")
# words that introduce the subject rather than name it ("讲国际合作的", "关于…")
LEAD_IN = re.compile(r"^(?:讲|关于|有关|涉及|说)+")


def asks_a_section(question: str) -> bool:
    """True when the question names a part of a plan by its subject and asks what is in it."""
    return _section_named(fold(question)) is not None


def _section_named(q: str) -> re.Match[str] | None:
    """The subject-and-part words of a question that asks what is in that part, or None."""
    named = SECTION_NAMED.search(q)
    return named if named and ITEMS_ASKED.search(q[named.end():]) else None


def section_articles(question: str, clauses: list[Clause], docs: list[str]) -> tuple[str, list[Clause]] | None:
    """The chapter heading the question names by its subject, with the first clause of each of
    its articles, or None. Only a chapter of one of `docs` (the documents the question names)
    is looked for, and only one chapter may match."""
    named = _section_named(fold(question))
    if named is None or len(docs) != 1:
        return None
    # the subject is what stands right before the part word: "计划里|国际合作|部分"
    subject = LEAD_IN.sub("", re.split(r"[里中的在]", named.group(1))[-1])
    words = [t for t in tokenize(subject) if len(t) >= 2]
    # "第三部分": the part is named by its number, the chapter numbered so
    numbered = re.search(r"第([一二三四五六七八九十]{1,3}|\d{1,2})$", subject)
    if not numbered and (len(subject) < 2 or not words):
        return None

    def says_subject(heading: str) -> bool:
        if numbered:
            return bool(m := CHAPTER.match(heading)) and number_of(m.group(1)) == number_of(numbered.group(1))
        return subject in heading or all(w in heading for w in words)

    chapters: dict[str, list[Clause]] = {}
    for clause in clauses:
        if clause.doc == docs[0] and len(clause.clause_path) == 2 and says_subject(fold(clause.clause_path[0])):
            chapters.setdefault(clause.clause_path[0], [])
            if all(c.clause_path[1] != clause.clause_path[1] for c in chapters[clause.clause_path[0]]):
                chapters[clause.clause_path[0]].append(clause)
    if len(chapters) != 1:
        return None
    heading, articles = next(iter(chapters.items()))
    return (heading, articles) if len(articles) >= 2 else None


# "分为几个部分", "一共有几章", "有哪几部分", "各部分的标题": the chapters of one document
OUTLINE_ASKED = re.compile(r"(?:几|多少|哪几|哪些)个?大?(?:部分|章)|各个?(?:部分|章)(?:的)?(?:标题|题目|名称|讲什么)")


def asked_outline(question: str, numbering: Numbering, docs: list[str]) -> dict[int, Clause] | None:
    """The chapters (number -> first clause) of the one document a question asks the outline
    of, or None when it asks something else or the document has no chapters."""
    if len(docs) != 1 or not OUTLINE_ASKED.search(fold(question)):
        return None
    chapters = numbering.chapters(docs[0])
    return chapters if len(chapters) >= 2 else None

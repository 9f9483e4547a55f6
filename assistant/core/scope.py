"""Which documents a question names: "2017年行动计划", "2012年工作要点", "三年滚动实施计划".

A document is named by a year of its title or publication date, or by a four-character
stretch of its title that no other title shares ("工作要点", "滚动实施", "高峰论坛").
Words shared by every title (认证认可) name nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import jieba

from text.fold import fold_loose

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
# a year as a deadline or target: "到2025年", "2020年底前", "2030年以前"
_AS_DEADLINE = re.compile(r"\s*年?\s*(?:底|末)?\s*(?:前|以前|之前)|\s*年\s*(?:底|末)")
_BY_YEAR = re.compile(r"(?:到|至|截至|截止到?)\s*$")
NGRAM = 4
# A question naming more documents than this (a title reposted a hundred times in a large
# library) is answered from the first ones named, and says so: an answer comparing a hundred
# documents is neither readable nor quick.
MAX_NAMED_DOCUMENTS = 10


# what a document is ("计划", "方案") after a few words of its title: how people shorten a title
KIND_WORD = re.compile(r"计划|方案|要点|规划|纲要|报道|新闻")


def _shortened_names(q: str, titles, shortened: dict) -> list[tuple[int, int, list[str]]]:
    """Each kind word ("计划") with the documents whose title the few words before it fit: the
    shortest head naming one document ("…项目是三年计划" is 三年 + 计划, not 目是三年 + 计划;
    "年行动计划" is 年行动 + 计划, as 行动 + 计划 fits two titles), else the shortest fitting several."""
    named = []
    for m in KIND_WORD.finditer(q):
        fits = []
        for size in range(2, 5):
            head = q[m.start() - size:m.start()]
            if len(head) < size or not re.fullmatch(r"[\u4e00-\u9fff]+", head):
                break
            key = (head, m.group(0))
            if (owners := shortened.get(key)) is None:
                owners = shortened[key] = [doc for doc, title in titles if _shortened(head, m.group(0), title)]
            if owners:
                fits.append((m.start() - size, m.end(), owners))
        if fits:
            named.append(next((f for f in fits if len(f[2]) == 1), fits[0]))
    return named


# "青岛那篇报道", "上合论坛的报道": a report or article named by what it is about
REPORT_NAMED = re.compile(r"([\u4e00-\u9fff]{2,6}?)(?:的?那篇|的?那份|的)?(?:报道|新闻|文章|稿子)")


def _words_of(head: str) -> list[str]:
    """The words of a report's naming phrase to try, longest first ("上合论坛" -> 上合论坛, 论坛, 上合)."""
    words = [w for w in jieba.cut(head, HMM=False) if len(w) >= 2]
    # a short name jieba does not know ("上合") is where the phrase starts or ends
    return list(dict.fromkeys([head, *sorted(words, key=len, reverse=True), head[:2], head[-2:]]))


def _shortened(head: str, kind: str, title: str) -> bool:
    """True when `head` + `kind` is `title` with words left out: the head as written in the
    title, then the kind word after it ("三年" … "计划" in "…三年滚动实施计划")."""
    at = title.find(head)
    return at >= 0 and kind in title[at + len(head):]


@dataclass
class Scope:
    """The documents a question names, in the order it names them, and its topic without them."""

    docs: list[str]
    topic: str
    more: int = 0  # documents the question also names, beyond MAX_NAMED_DOCUMENTS
    dated: tuple[str, ...] = ()  # of docs, those named only by a year of their title or date
    # where the question names each of docs: one title several documents share (a notice
    # reposted under other names, a year several documents carry) names them at one place
    places: tuple[int, ...] = ()
    naming: tuple[str, ...] = ()  # the question's words that name the documents ("2017年", "三年计划")
    # the question also shortens a title that several documents' titles fit, none of them named
    # ("三年计划" where reposts share the title): it may be about another document than these
    unresolved: bool = False

    def without(self, dropped: list[str], question: str) -> Scope:
        """The scope less some documents (the whole question is the topic when none is left)."""
        kept = [(d, p) for d, p in zip(self.docs, self.places or range(len(self.docs))) if d not in dropped]
        docs = [d for d, _ in kept]
        return Scope(docs=docs, topic=self.topic if docs else question, more=self.more,
                     dated=tuple(d for d in self.dated if d in docs), places=tuple(p for _, p in kept),
                     unresolved=self.unresolved)

    def groups(self) -> list[list[str]]:
        """The documents, those named by the same words of the question together, in the order named."""
        grouped: dict[int, list[str]] = {}
        for doc, place in zip(self.docs, self.places or range(len(self.docs))):
            grouped.setdefault(place, []).append(doc)
        return list(grouped.values())


def _ngrams(text: str) -> set[str]:
    return {text[i : i + NGRAM] for i in range(len(text) - NGRAM + 1)}


@lru_cache(maxsize=8)
def _distinctive_grams(titles: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Four-character stretch -> the one document whose title has it (shared ones name nothing);
    built once per set of documents, so a question costs its own length, not the library's."""
    owners: dict[str, set[str]] = {}
    for doc, title in titles:
        for gram in _ngrams(title):
            owners.setdefault(gram, set()).add(doc)
    return {gram: next(iter(docs)) for gram, docs in owners.items() if len(docs) == 1}


def question_scope(
    question: str, documents: list[dict], words: bool = False, elsewhere: Callable[[str, str], bool] | None = None,
    says: Callable[[str, str], bool] | None = None,
) -> Scope:
    """Find the documents named in `question` (see module note), in the order it names them.

    `words`: the question is a list of separate words (an English question's Chinese words),
    so no stretch of a title is matched across two of them ("一带一路 认证" is not "一路认证").
    `elsewhere(words, doc)`: whether a document other than `doc` says the words; a stretch of one
    title that another document's text also says is a phrase of the field, not a name ("认可国际"
    of "认证认可国际影响力" is in "认证认可国际合作" everywhere)."""
    q = "|".join(fold_loose(w) for w in question.split()) if words else fold_loose(question)
    titles, years, shortened = _library(documents)
    found: dict[str, int] = {}
    naming = [False] * len(q)  # the characters that name a document
    for m in _YEAR.finditer(q):
        if _AS_DEADLINE.match(q, m.end()) or _BY_YEAR.search(q[:m.start()]):
            continue  # "在2020年底前完成": a time the question sets, not a document dated then
        if owners := years.get(m.group(0)):
            for doc in owners:  # matches come left to right: a document keeps its first place
                found.setdefault(doc, m.start())
            naming[m.start():m.end()] = [True] * (m.end() - m.start())
    by_title: set[str] = set()  # named by words of the title, not only by a year
    distinctive = _distinctive_grams(titles)
    for i in range(len(q) - NGRAM + 1):
        gram = q[i : i + NGRAM]
        if "|" not in gram and (doc := distinctive.get(gram)) is not None and not (elsewhere and elsewhere(gram, doc)):
            found[doc] = min(found.get(doc, i), i)
            by_title.add(doc)
            naming[i:i + NGRAM] = [True] * NGRAM
    shared: list[list[str]] = []  # shortened titles that several documents' titles fit
    for start, end, owners in _shortened_names(q, titles, shortened):
        # "三年计划" for "…三年滚动实施计划": a title shortened by leaving words out
        if len(owners) == 1:
            found[owners[0]] = min(found.get(owners[0], start), start)
            by_title.add(owners[0])
            naming[start:end] = [True] * (end - start)
        elif owners:
            shared.append(owners)
    for m in REPORT_NAMED.finditer(q) if says and elsewhere else ():
        # "青岛那篇报道": a report named by a word only its own text says
        for word in _words_of(m.group(1)):
            owners = [doc for doc, _ in titles if says(word, doc) and not elsewhere(word, doc)]
            if len(owners) == 1:
                found.setdefault(owners[0], m.start())
                naming[m.start():m.end()] = [True] * (m.end() - m.start())
                break
    # overlapping stretches ("行动计划", "动计划和") are taken out as one span, not one by one
    topic = "".join(" " if named or ch == "|" else ch for ch, named in zip(q, naming))
    docs = _at_most(found, MAX_NAMED_DOCUMENTS)
    spans = tuple(m.group(0) for m in re.finditer(r"[^ ]+", "".join(ch if named else " " for ch, named in zip(q, naming))))
    return Scope(docs=docs, topic=topic if docs else question, more=len(found) - len(docs), naming=spans if docs else (),
                 dated=tuple(d for d in docs if d not in by_title), places=tuple(found[d] for d in docs),
                 unresolved=any(not any(doc in found for doc in owners) for owners in shared))


# The last two document lists read (one per index version): their titles, years and the
# documents each shortened title names, read once rather than once per question
_LIBRARIES: list[tuple[list[dict], tuple]] = []


def _library(documents: list[dict]) -> tuple:
    """(titles, years, shortened-name owners) of a list of documents, made once per list."""
    for held, made in _LIBRARIES:
        if held is documents:
            return made
    made = (*_read_titles(tuple((d["doc"], d.get("title", ""), d.get("date", "") or "") for d in documents)), {})
    _LIBRARIES[:] = [(documents, made), *_LIBRARIES[:1]]
    return made


@lru_cache(maxsize=8)
def _read_titles(documents: tuple[tuple[str, str, str], ...]) -> tuple[tuple[tuple[str, str], ...], dict[str, list[str]]]:
    """(doc, folded title) of each document, and year -> the documents whose title says it or
    whose date falls in it: folded once per library, not once per question (~1.6 ms at 500 documents)."""
    titles = tuple((doc, fold_loose(title)) for doc, title, _ in documents)
    years: dict[str, list[str]] = {}
    for (doc, title), (_, _, date) in zip(titles, documents):
        for year in dict.fromkeys([*_YEAR.findall(title), *_YEAR.findall(date[:4])]):
            years.setdefault(year, []).append(doc)
    return titles, years


def _at_most(found: dict[str, int], limit: int) -> list[str]:
    """The documents named, in the order they are named, at most `limit`: taken in turn from
    each place of the question that names some, so "A和B" keeps both A's and B's."""
    by_place: dict[int, list[str]] = {}
    for doc, place in found.items():
        by_place.setdefault(place, []).append(doc)
    # each place's documents by name, no more of them than could be kept (a year a hundred carry)
    places = [sorted(by_place[place])[:limit] for place in sorted(by_place)]
    kept: list[str] = []
    for turn in range(max((len(docs) for docs in places), default=0)):
        kept += [docs[turn] for docs in places if turn < len(docs)]
    kept = kept[:limit]
    return sorted(kept, key=lambda doc: (found[doc], doc))

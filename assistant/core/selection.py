"""The extractive answer: the supporting clauses' own sentences, each with its citation.

Nothing is written that is not in a cited clause: statements are whole sentences of the
clause (the ones that carry the question's terms), introduced by the clause's place.
"""

from __future__ import annotations

import re

from assistant.core.retriever import Scored
from text.fold import fold, fold_loose
from text.sentences import sentences  # sentences and heading lines of a clause, as written
from text.tokenize import tokenize

_ENUMERATION = re.compile(r"[、;;]")
_DIGIT = re.compile(r"\d|[一二三四五六七八九十百千万两]+(个|项|家|条|份|人)")
NUMBER_Q = re.compile(r"几|多少|数量|how many|how much")
LIST_Q = re.compile(r"哪些|哪几|分别|列出|具体是|which|what are")
CROSS_DOC_Q = re.compile(r"分别|各自|和.{0,20}(中|里)|以及.{0,20}(中|里)|对比|比较")


_LABELLED_LIST = re.compile(r"([^::,,。;;、\s]{1,12})[::]\s*([^::;;。]+?)\s*[;;。]?\s*$")
LIST_ITEM_CHARS = 12  # the longest item a "label: a、b、c" list holds (names, not sentences)
_LEAD_IN = re.compile(r"^(具体包括|具体有|包括|其中|分别为|分别是|主要有|如)")


def labelled_lists(text: str) -> list[tuple[str, list[str]]]:
    """"欧洲:俄罗斯、波兰、捷克;" lines of a clause as (label, items), in order."""
    found = []
    for line in re.split(r"[;;\n]", text):
        m = _LABELLED_LIST.search(line)  # the first label may follow a sentence: "…国家。具体包括东亚:蒙古"
        items = [i.strip() for i in m.group(2).split("、") if i.strip()] if m else []
        # a list names things; "工作要点:提升中国认证认可国际影响力" is a label and a statement
        if items and all(len(i) <= LIST_ITEM_CHARS for i in items):
            found.append((_LEAD_IN.sub("", m.group(1)) or m.group(1), items))
    # one "label: value" line is a statement; a list is several of them
    return found if len(found) >= 2 else []


def named_lists(lists: list[tuple[str, list[str]]], text: str) -> list[tuple[str, list[str]]]:
    """The (label, items) lists whose label `text` names, a label inside a longer named one not
    counted: "东南亚" names 东南亚, not the 南亚 inside it."""
    named = [(label, items) for label, items in lists if label in text]
    return [(label, items) for label, items in named if not any(label != other and label in other for other, _ in named)]


def score_sentence(sentence: str, terms: list[str], idf: dict[str, float], number_q: bool, list_q: bool) -> float:
    """How much of the question a sentence carries (IDF-weighted term overlap, plus shape)."""
    folded = fold_loose(sentence)
    score = sum(idf.get(t, 1.0) for t in terms if fold_loose(t) in folded)
    if score and number_q and _DIGIT.search(fold(sentence)):
        score *= 1.3
    if score and list_q and _ENUMERATION.search(sentence):
        score *= 1.2
    return score


UNIT_Q = re.compile(r"牵头|配合|部门|单位|unit|department|lead|support", re.I)


def pick_sentences(clause, question: str, idf: dict[str, float], limit: int = 2, share: float = 0.6) -> list[str]:
    """The clause's sentences that answer the question, in the clause's order.

    A term weighs by its rarity in the corpus (IDF) and within the clause: a word that
    recurs in every sentence of the clause, or names the document, locates the clause
    but does not single out the sentence that answers.
    """
    clause_text = clause.text
    terms = sorted(set(tokenize(question)))
    number_q, list_q = bool(NUMBER_Q.search(question)), bool(LIST_Q.search(question))
    candidates = sentences(clause_text)
    folded = [fold_loose(s) for s in candidates]
    title = fold_loose(clause.title)
    weights = {}
    for t in terms:
        ft = fold_loose(t)
        spread = sum(1 for f in folded if ft in f) or 1
        weights[t] = idf.get(t, 1.0) / spread * (0.2 if ft in title else 1.0)
    scored = [(score_sentence(s, terms, weights, number_q, list_q), i, s) for i, s in enumerate(candidates)]
    if clause.lead_units and UNIT_Q.search(fold(question)):
        # who leads or supports: the units note is the answer, whatever else matches
        scored = [(sc + (1e3 if "牵头单位" in fold(s) else 0), i, s) for sc, i, s in scored]
    elif clause.lead_units and len(candidates) > 1:
        # any other question: the units note says who, not what is done ("实验室部" there
        # matches a lab's question without answering it)
        scored = [(0.0 if "牵头单位" in fold(s) else sc, i, s) for sc, i, s in scored]
    best = max((sc for sc, _, _ in scored), default=0.0)
    if best <= 0:
        body = [s for s in candidates if len(s) > 12]
        return (body or candidates)[:1]
    chosen = sorted(
        [(sc, i, s) for sc, i, s in scored if sc >= share * best], key=lambda x: (-x[0], x[1])
    )[:limit]
    return [s for _, _, s in sorted(chosen, key=lambda x: x[1])]


def choose_clauses(results: list[Scored], question: str, max_citations: int = 3) -> list[Scored]:
    """The clauses worth citing: the best, plus close runners-up, plus one per document
    for questions that compare documents."""
    if not results:
        return []
    top = results[0]
    chosen = [top]
    cross = bool(CROSS_DOC_Q.search(fold(question)))
    docs = {top.clause.doc}
    for r in results[1:]:
        if len(chosen) >= max_citations:
            break
        close = r.score >= 0.9 * top.score and r.coverage >= top.coverage * 0.8
        # a second source: another document saying nearly as much about the question
        other_source = r.clause.doc not in docs and r.score >= 0.93 * top.score and r.coverage >= top.coverage * 0.5
        new_doc = (cross and r.clause.doc not in docs and r.coverage >= 0.3) or other_source
        if close or new_doc:
            chosen.append(r)
            docs.add(r.clause.doc)
    return chosen


def place(clause_title: str, clause_path: list[str]) -> str:
    """Where a clause stands: `【title|section > part】`."""
    path = " > ".join(p for p in clause_path if p)
    return f"【{clause_title}|{path}】" if path else f"【{clause_title}】"


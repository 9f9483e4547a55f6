"""Questions that ask for the targets of a year, answered from the targets timeline.

"2025年前要完成哪些目标?" asks for every dated target due by then, whichever document sets it:
the records `ingest.targets` extracts at ingest (year, the words as written, the clause), listed
by year and cited. "到2030年的目标是什么?" asks for that year's targets. A question that names a
document keeps to its targets. Any other target question (one about a particular figure or
field) is left to the clauses.
"""

from __future__ import annotations

import re

import jieba

from assistant.core.query import Query, deadline_years
from assistant.core.scope import question_scope
from assistant.core.stated import YEAR_RANGE
from ingest.model import Clause
from ingest.targets import Target, extract_targets
from text.fold import fold, fold_loose
from text.runs import shared_run

# "哪些目标", "目标是什么", "有什么发展目标": a listing of targets, not one detail of one
TARGETS_Q = re.compile(r"(?:哪些|什么|哪几[个项条])(?:主要|具体|发展|重点)?目标|目标(?:是什么|有哪些|都有哪些|有什么|包括哪些)")
# "2025年要实现": a year the question asks the targets of, said without 到 or 前
TARGET_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?:分别|各自|都)?(?:要|需要|应当?|计划)?(?:实现|完成|达到|达成)")
# "2025年和2030年分别要达到": years joined to an asked one are asked too
JOINED_YEARS = re.compile(r"((?:19|20)\d{2})\s*年?\s*(?:和|与|及|、|以及)\s*(?:到)?\s*((?:19|20)\d{2})\s*年")
BY_THEN = re.compile(r"(?:19|20)\d{2}\s*年?(?:底)?(?:前|之前|以前)")


def asked_targets(query: Query, targets: list[Target], documents: list[dict]) -> list[Target] | None:
    """The targets a "which targets by YEAR" question asks for, or None for any other question.
    The documents it keeps to are those it names by other words than the asked year (a report
    dated 2020 is not named by "2020年以前")."""
    q = fold(query.parts[0].text)
    if query.english:
        return _asked_targets_in_english(query, targets, documents)
    if len(query.parts) != 1 or not TARGETS_Q.search(q):
        return None
    asked = {int(y) for y in deadline_years(q)} | {int(y) for y in TARGET_YEAR.findall(q)}
    asked |= {int(y) for pair in JOINED_YEARS.findall(q) if asked & {int(y) for y in pair} for y in pair}
    if not asked:
        return None
    docs = question_scope(re.sub(r"(?:19|20)\d{2}\s*年?(?![-–~\d])", " ", q), documents).docs
    if len(asked) > 1:  # "2025年和2030年分别…": each year's own targets
        found = [t for year in sorted(asked) for t in _targets_of(targets, year, False, docs) or []]
        return found or None
    return _targets_of(targets, asked.pop(), bool(BY_THEN.search(q)), docs)


def _targets_of(targets: list[Target], year: int, by_then: bool, docs: list[str]) -> list[Target] | None:
    """The targets of `year` (or of any year up to it, `by_then`) in `docs` (all when none), in
    year, document and clause order; None when there are none."""
    found = [t for t in targets if (t.year <= year if by_then else t.year == year) and (not docs or t.doc in docs)]
    return sorted(found, key=lambda t: (t.year, t.doc, t.clause_id)) or None


# "What are the targets for 2030?", "the goals by 2025": one year, not one of a title's range
TARGETS_Q_EN = re.compile(r"\b(?:targets?|goals?|objectives?)\b", re.I)
YEAR_EN = re.compile(r"(?<![-–\d])\b((?:19|20)\d{2})\b(?![-–]\d)")
BY_THEN_EN = re.compile(r"\bby (?:the end of )?(?:19|20)\d{2}\b", re.I)


def _asked_targets_in_english(query: Query, targets: list[Target], documents: list[dict]) -> list[Target] | None:
    """The targets an English "what is the target for YEAR" question asks for (one year only)."""
    q = query.parts[0].text
    years = {int(y) for y in YEAR_EN.findall(q)}
    if len(query.parts) != 1 or not TARGETS_Q_EN.search(q) or len(years) != 1:
        return None
    year = years.pop()
    docs = question_scope(re.sub(rf"{year}\s*年?", " ", query.lexical_text), documents, words=True).docs
    return _targets_of(targets, year, bool(BY_THEN_EN.search(q)), docs)


# "到2030年认证认可国际合作格局进一步完善", "人才储备数量到2025年就要显著增长": a year and the
# claim the question ties to it, the words of its phrase on either side
_YEAR_IN_PHRASE = re.compile(r"(?:到|至|截至|截止到?)?\s*((?:19|20)\d{2})\s*年(?:底|末)?(?:前|以前|之前)?")
_PHRASE = re.compile(r"[^,,;;。??!!]+")
# Characters of a target's sentence the claim must repeat in one run to restate it: a phrase,
# not a shared word or two ("认证认可" alone is in every target)
MIN_RESTATED = 8


def target_year_corrections(question: str, clauses: list[Clause]) -> list[str]:
    """"文本写的是到2025年“认证认可国际合作格局进一步完善”,不是2030年" when the question ties a
    claim to a year and the clauses set that claim as the target of another year, not its own."""
    targets = extract_targets(clauses)
    corrections = []
    # "2024-2030行动方案" names a period (a document): it ties no claim to a year
    for phrase in _PHRASE.findall(YEAR_RANGE.sub(" ", fold(question))):
        years = _YEAR_IN_PHRASE.findall(phrase)
        if len(years) != 1:
            continue
        year, claim = int(years[0]), fold_loose(_YEAR_IN_PHRASE.sub(" ", phrase))
        restated = sorted(((shared_run(claim, fold_loose(t.target)), t) for t in targets), key=lambda st: (-len(st[0]), st[1].year))
        if not restated or len(restated[0][0]) < MIN_RESTATED:
            # "2020年底前完成国别研究" for "国别研究全面完成": the words after the year, reordered
            restated = _reworded(fold_loose(_YEAR_IN_PHRASE.split(phrase)[-1]), targets)
            if not restated:
                continue
        phrase, target = restated[0]
        if target.year != year and not any(t.year == year and phrase in fold_loose(t.target) for _, t in restated):
            corrections.append(f"文本写的是{fold(target.when)}“{phrase}”,不是{year}年")
    return corrections


def _reworded(after: str, targets: list[Target]) -> list[tuple[str, Target]]:
    """The target piece (between commas) holding every word the claim says after its year, two
    words or more ("完成|国别研究" in "重点国家认证认可领域国别研究全面完成"), as (piece, target)."""
    words = [w for w in jieba.cut(after, HMM=False) if len(w) >= 2]
    if len(words) < 2:
        return []
    return sorted(((piece, t) for t in targets for piece in _PHRASE.findall(fold(t.target))
                   if all(w in fold_loose(piece) for w in words)), key=lambda pt: pt[1].year)

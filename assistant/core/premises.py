"""Figures and titles a question takes as given, checked against the evidence.

Years, ranges, dates and counts the question states must agree with the texts; where the
texts give another figure for the same thing, the answer says "文本写的是X,不是Y" first.
A count is read with the words around it (what it counts), a year with the thing it dates,
a person with their title.
"""

from __future__ import annotations

import math
import re

import jieba.posseg

from assistant.core.acronyms import acronym_corrections
from assistant.core.changes import change_corrections
from assistant.core.counted_premises import (
    attached_correction,
    counts_same,
    listed_count,
    stated_with_its_noun,
)
from assistant.core.figures import dated_in_year
from assistant.core.frames import frame_corrections
from assistant.core.labels import label_corrections
from assistant.core.members import member_corrections, membership_corrections
from assistant.core.offices import affiliation_corrections, office_corrections
from assistant.core.opposites import denied_corrections, opposite_corrections
from assistant.core.query import Part, Query, is_claim
from assistant.core.restated import replaced_term_corrections
from assistant.core.slots import POSITION, POSITIONS, part_terms
from assistant.core.stated import (
    FULL_DATE,
    MONTH_DAY,
    Premise,
    premises_of,
)
from assistant.core.timeline import target_year_corrections
from assistant.core.venues import place_corrections
from ingest.model import Clause
from text.coverage import coverage
from text.fold import fold, fold_loose
from text.sentences import sentences
from text.tokenize import tokenize

MONTH_DAY_WRITTEN = re.compile(r"(?<![\d年])\d{1,2}月\d{1,2}[日号]")
_DIGIT_RANGE = re.compile(r"(\d)\s*[-–—~]\s*(\d)")


def evidence_text(clauses: list[Clause]) -> str:
    """The clauses' text folded loosely; a range keeps its mark as 至 ("3-5家" is no 35家)."""
    return fold_loose(_DIGIT_RANGE.sub(r"\1至\2", "\n".join(f"{c.title}{c.date}{c.clause}{c.text}" for c in clauses)))


def _values(kind: str, text: str, measure: str = "") -> list[str]:
    """Figures of one kind in a text, read by the parser that reads the question's (`premises_of`)."""
    return [p.value for p in premises_of(text, kind) if p.kind == kind and (kind != "count" or p.measure == measure)]


def premise_corrections(query: Query, clauses: list[Clause], idf: dict[str, float], corpus_text: str) -> list[str]:
    """"文本写的是X,不是Y" for each stated figure the evidence gives differently."""
    evidence = evidence_text(clauses)
    # an English question's words are its glossary words, the texts' own
    weights = part_terms(Part(query.lexical_text if query.english else query.text, "fact"), idf)
    said = [(c, s) for c in clauses for s in [c.title, *sentences(c.text)]]
    best = sorted(said, key=lambda cs: -coverage(cs[1], weights))[:3]
    best_sentences = [s for _, s in best]
    corrections = attached_year_corrections(query.text, evidence, idf) + position_corrections(query, clauses)
    corrections += change_corrections(query, evidence) + phrase_year_corrections(query.text, evidence, idf)
    corrections += target_year_corrections(query.text, clauses) + acronym_corrections(query.text, clauses)
    corrections += frame_corrections(query.text, clauses)
    corrections += place_corrections(query.text, best_sentences, corpus_text) + label_corrections(query.text, clauses)
    corrections += opposite_corrections(query.text, best_sentences) + denied_corrections(query.text, best_sentences)
    corrections += office_corrections(query.text, best_sentences) + affiliation_corrections(query.text, query.names, [c.text for c in clauses])
    if is_claim(query.text):  # a pair a claim joins, listed otherwise by the text
        corrections += member_corrections(query.text, best_sentences + [c.text for c in clauses])
        corrections += membership_corrections(query.text, [c.text for c in clauses[:1]])
    for premise in query.premises:
        if premise.kind == "count":
            if listed := listed_count(premise, query.text, clauses):
                if listed[0] != premise.number:
                    corrections.append(f"按文本所列,{listed[1]}是{listed[0]}{premise.measure}({listed[2]}),不是{premise.value}")
                continue
            if attached := attached_correction(premise, evidence):
                corrections.append(attached)
                continue
            if stated_with_its_noun(premise, corpus_text):
                continue  # "32个重点合作国家" is what the texts say, in a clause not retrieved here
        if premise.kind == "year" and any(f"不是{premise.value}年" in c for c in corrections):
            continue  # the year is corrected with the target it was given to
        if premise.kind == "month":
            # "是2012年8月发布的吗": a text's own date line dates its publication
            published = [c.date for c in clauses[:1] if c.date and any(v in fold(query.text) for v in PUBLISHED)]
            corrections += _month_corrections(premise, best_sentences + published)
            continue
        # a figure is stated whole: "8家" is not in "98家"
        if re.search(rf"(?<![\d.]){re.escape(fold_loose(premise.value))}", evidence) or _stated_loosely(premise, evidence):
            continue
        if premise.kind == "year" and re.search(rf"{premise.value}年?(?:{PERIOD_OR_TITLE})", fold(query.text)):
            continue  # "2012年工作要点" names a document (the scope reads it), it dates nothing
        others = [v for s in best_sentences for v in _values(premise.kind, s, premise.measure) if counts_same(premise, v, s)]
        if premise.kind == "count" and not others:
            # headings repeating the counted noun ("（一）重点国家") outrank the sentence giving its
            # figure: the sentences that give a count in the measure are read apart
            others = _closest_counts(premise, [cs for cs in said if _values("count", cs[1], premise.measure)], weights)
        if premise.kind == "date" and not others:
            # the sentences most about the question may tell the event without its day: the day
            # is read from the best-covered sentence of the evidence that gives one
            dated = sorted((s for _, s in said if _values("date", s)), key=lambda s: -coverage(s, weights))[:1]
            others = [v for s in dated for v in _values("date", s)]
        if premise.kind == "year" and not others and (event := _event_after_year(query.text, premise.value)):
            # "8月7日" in a report of 2020-08-07 dates the event in 2020, though no year is written;
            # only a sentence telling the event the question dates ("2019年成立的": 成立; verbs of
            # one event share a character, 举办/举行) dates it, and only a year before the text's:
            # of a later year the text cannot know
            others = [d for c, s in best if set(event) & set(fold(s))
                      for day in MONTH_DAY_WRITTEN.findall(fold(s))
                      if (d := dated_in_year(day, c)) != day and d[:4] > premise.value]
            if not others and event in PUBLISHED:  # "是2013年发布的吧": the text's own date line
                others = [c.date[:10] for c in clauses[:1] if c.date and c.date[:4] != premise.value]
        if premise.kind == "date" and "年" in premise.value:
            day = premise.value.split("年", 1)[1]
            if day in evidence:
                continue  # the day as the text writes it, without its year: the year is checked as a year
            # a full date the texts give, else the day they give without its year
            others = [v for v in others if "年" in v] or [v for v in others if v != day]
        others = [v for v in dict.fromkeys(others) if v != premise.value]
        if others:
            corrections.append(f"文本写的是{'、'.join(others[:2])},不是{premise.value}")
    if query.parts[0].slot == "route":
        return corrections  # "想让检测报告被…采信,有什么路子": the asker's wish, no claim about the texts
    return corrections + replaced_term_corrections(query.text, [s for _, s in said], corrections)


def _closest_counts(premise: Premise, said: list[tuple[Clause, str]], weights: dict[str, float]) -> list[str]:
    """The counts of the best-covered sentences giving one that count what the premise counts,
    those whose own words hold most of the premise's noun phrase first ("32个国家确定为…重点合作
    国家" over "沿线65个国家" for "重点国家有35个")."""
    ranked = sorted(said, key=lambda cs: -coverage(cs[1], weights))[:3]
    # the noun phrase before the figure, without the verb that gives it ("重点国家一共有" -> 重点国家)
    noun = re.sub(r"[^\u4e00-\u9fff]", "", re.sub(r"(?:一共|总共|总计|合计|共)?(?:有|是|为|达)?\s*$", "", fold(premise.before)))[-6:]
    scored = []
    for _, sentence in ranked:
        text = fold(sentence)
        for value in _values("count", sentence, premise.measure):
            if counts_same(premise, value, sentence) and (at := text.find(value)) >= 0:
                window = text[max(0, at - 8): at + len(value) + 16]
                scored.append((sum(ch in window for ch in noun), value))
    best = max((score for score, _ in scored), default=0)
    return [value for score, value in scored if score == best]


def _month_corrections(premise: Premise, best_sentences: list[str]) -> list[str]:
    """"2020年7月成立的?" where the sentences most about it give "8月7日": the days they give, when
    none of them falls in the month the question states."""
    days = [(int(m.group(1)), int(m.group(2))) for s in best_sentences for m in MONTH_DAY.finditer(fold(s))]
    days += [(int(m.group(2)), int(m.group(3))) for s in best_sentences for m in FULL_DATE.finditer(fold(s))]  # "2012-07-10"
    if not days or any(f"{month}月" == premise.value for month, _ in days):
        return []
    written = dict.fromkeys(f"{month}月{day}日" for month, day in days)
    return [f"文本写的是{'、'.join(list(written)[:2])},不是{premise.value}"]


# verbs of a text's own publication: its date line dates them
PUBLISHED = frozenset({"发布", "印发", "出台", "发表", "公布", "颁布", "发文"})


def _event_after_year(question: str, year: str) -> str:
    """The verb the question dates with a year ("2019年成立的" -> 成立), "" when none follows it."""
    q = fold(question)
    at = q.find(f"{year}年")
    after = q[at + len(year) + 1:at + len(year) + 7] if at >= 0 else ""
    return next((w for w, flag in jieba.posseg.cut(after, HMM=False) if len(w) == 2 and flag.startswith("v")), "")


def position_corrections(query: Query, clauses: list[Clause]) -> list[str]:
    """A person the question gives one title that the texts give another."""
    q = fold(query.text)
    corrections = []
    for name in query.names:
        asked = _asked_position(q, name)
        if not asked:
            continue
        for clause in clauses:
            text = fold(clause.text)
            for at in [m.start() for m in re.finditer(re.escape(name), text)]:
                stated = POSITION.search(text[:at])
                if stated and stated.group(1) != asked.group(1) and asked.group(1) not in text[max(0, at - 30):at]:
                    corrections.append(f"文本写的是{stated.group(1)}{name},不是{asked.group(1)}{name}")
                    return corrections
    return corrections


def _asked_position(q: str, name: str) -> re.Match[str] | None:
    """The title the question gives a person: right before the name ("副会长刘原龙"), or
    joined to it by a copula either way ("常务副会长是刘原龙", "刘原龙是常务副会长", "刘原龙作为常务副会长",
    "常务副会长是某局的刘原龙")."""
    if name not in q:
        return None
    at = q.find(name)
    # the body the person is said to belong to may stand between ("…是青岛市市场监督管理局的刘原龙")
    before = re.sub(r"(?:就是|是|为)(?:[^,,。??是]{2,16}的)?$", "", q[:at])
    return POSITION.search(before) or re.match(rf"[,,]?(?:是|担任|任|作为|身为)[^,,。??]{{0,12}}?({POSITIONS}|{_TITLE_LIKE})", q[at + len(name):])


# A title the list above lacks, by how Chinese titles end ("副关长", "总监"): read only where the
# question gives it to a person ("刘原龙是青岛海关的副关长"), never searched for in the texts.
_TITLE_LIKE = r"(?:常务)?副?(?:(?![的副局是为])[\u4e00-\u9fff]){1,2}(?:长|主任|主席|书记|经理|总监)"


# A word in more than half of all clauses (BM25 idf below log 2) names nothing in particular
COMMON_IDF = math.log(2)
# A year and the thing it dates ("2019年IEC大会"), and the words after a year that make it a
# period or a document's name instead ("2018年底", "2017年行动计划")
_DATED_THING = re.compile(r"((?:19|20)\d{2})年([A-Za-z]{2,10}[\u4e00-\u9fff]{0,2}|[\u4e00-\u9fff]{2,4})")
PERIOD_OR_TITLE = "底|前|内|以|起|之|后|到|至|度|工作|行动|计划|方案|要点"


def attached_year_corrections(question: str, evidence: str, idf: dict[str, float] | None = None) -> list[str]:
    """"2018年IEC大会" when the texts say "2019年IEC大会": a year tied to the thing it dates.
    A thing made of the field's commonest words ("2030年认证认可…") dates nothing in particular."""
    q = fold(question)
    corrections = []
    for m in _DATED_THING.finditer(q):
        year, thing = m.group(1), fold_loose(m.group(2))
        if re.match(rf"(?:{PERIOD_OR_TITLE}|的|年)", thing):
            continue  # a period or a document's name, not a dated thing
        if _common(thing, idf):
            continue
        stated = set(re.findall(r"((?:19|20)\d{2})年" + re.escape(thing), evidence))
        if stated and year not in stated:
            corrections.append(f"文本写的是{'、'.join(sorted(stated))}年{m.group(2)},不是{year}年{m.group(2)}")
    return corrections


# a year that names a document or a period, not an event's date ("2017年行动计划", "2018年底")
_NOT_A_DATE = re.compile(rf"(?:19|20)\d{{2}}年?(?:{PERIOD_OR_TITLE}|[-–~])")


def phrase_year_corrections(question: str, evidence: str, idf: dict[str, float] | None = None) -> list[str]:
    """"IECRE年会是…说要在2019年办的" when the texts say "2018年IECRE年会": a thing the texts
    date, given another year in the same phrase of the question (the year need not stand
    right before it, as `attached_year_corrections` reads)."""
    q = fold(question)
    corrections = []
    for m in _DATED_THING.finditer(evidence):
        year, thing = m.group(1), m.group(2)
        if _common(thing, idf):
            continue
        for phrase in PHRASE_SPLIT.split(q):
            if thing not in fold_loose(phrase) or year in phrase or f"{year}年{thing}" in fold_loose(phrase):
                continue
            dates = [y for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", phrase)
                     if not _NOT_A_DATE.match(phrase[phrase.find(y):])]
            if len(dates) == 1:
                written = re.search(re.escape(thing), phrase, re.I)  # the evidence is lower-cased
                corrections.append(f"文本写的是{year}年{written.group(0) if written else thing},不是{dates[0]}年")
    return list(dict.fromkeys(corrections))


PHRASE_SPLIT = re.compile(r"[,,;;??。]")


def _common(thing: str, idf: dict[str, float] | None) -> bool:
    """A thing named only with the field's commonest words ("认证认可"): it dates nothing in particular."""
    words = [t for t in tokenize(thing) if len(t) >= 2]
    known = [t for t in words if idf is not None and t in idf]
    return bool(known) and all(idf[t] < COMMON_IDF for t in known)


def _stated_loosely(premise: Premise, evidence: str) -> bool:
    """A range's years together in the evidence ("2024-2030年" vs "2024年至2030年"), not each
    in its own sentence ("到2025年…到2030年" is no range 2025-2030)."""
    if premise.kind == "range":
        start, end = premise.value.split("-")
        return bool(re.search(rf"{start}\D{{0,4}}{end}", evidence))
    return False


"""Does the evidence answer this part of the question? Answer, correct the premise, or refuse.

The slot checks live in `slots`, the premise checks in `premises`; this module decides.

Three checks, each on a property of the question's meaning, never on a phrasing list:
- what the question names must exist: proper names anywhere in the texts, numbered items
  in the numbering of the documents it is about;
- the slot needs its kind of evidence: a date for "when", a number in the same measure
  word for "how many", a named person for "who said": in a sentence that also carries
  most of what the question describes;
- figures the question takes as given (years, ranges, dates, counts) must agree with the
  evidence; where the evidence gives another figure of the same kind, the answer says so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.core.counted import measured_noun, uncounted
from assistant.core.figures import only_added
from assistant.core.focus import absent_focus, unknown_focus
from assistant.core.followup import ASKING_WORDS
from assistant.core.issuers import ISSUED_BY, JOINT_ASKED, issuer_corrections, issuers_unstated, issuing_claim
from assistant.core.items import Numbering, with_renumbered_items
from assistant.core.lexicon import chinese_term_groups
from assistant.core.list_lines import counted_lists
from assistant.core.names import looks_like_person
from assistant.core.premises import premise_corrections
from assistant.core.query import ACRONYM, Part, Query
from assistant.core.quoted import misquoted, reframed
from assistant.core.refusal import refusal_reason
from assistant.core.retriever import Scored
from assistant.core.selection import labelled_lists
from assistant.core.slots import SLOT_NAMES, SLOT_WORDS, slot_evidence
from assistant.core.structure import missing_item, structure_corrections
from assistant.core.thresholds import DEFAULT_THRESHOLDS, Thresholds
from assistant.core.years import after_the_texts, term_not_given, year_not_given
from ingest.model import Clause
from text.fold import fold, fold_loose
from text.sentences import sentences
from text.tokenize import tokenize


@dataclass
class Verdict:
    """The decision for one part: `answer`, `correct` (answer after corrections) or `refuse`."""

    kind: str
    reason: str = ""
    corrections: list[str] = field(default_factory=list)


def unknown_name(query: Query, corpus_text: str) -> str | None:
    """A proper name or quoted phrase of the question that no text contains, or None."""
    for name in query.names:
        loose = fold_loose(name)
        if loose and loose not in corpus_text:
            return name
    return None


_NUMERAL = re.compile(r"[一二两三四五六七八九十]|\d+")


def renumbered(name: str, corpus_text: str) -> str | None:
    """The texts' form of a numbered phrase the question numbers otherwise ("四位一体" when the
    texts say "五位一体", "十四五" for "十三五"), or None: the number is then the premise."""
    for m in _NUMERAL.finditer(name):
        options = [str(n) for n in range(1, 100)] if m.group(0).isdigit() else list("一二两三四五六七八九十")
        for other in options:
            variant = name[:m.start()] + other + name[m.end():]
            if other != m.group(0) and fold_loose(variant) in corpus_text:
                return variant
    return None


YEAR_RANGE = re.compile(r"(?:19|20)\d{2}\s*[-–~]\s*(?:19|20)\d{2}")


def english_supported(query: Query, top: Scored, corpus_text: str, clauses: Sequence[Clause] = ()) -> bool:
    """An English question is answered when the texts' words for at least two of its
    concepts stand in the best clause and carry half of its weight, or when the multilingual
    embedding alone finds the clause close: cross-language similarity runs lower than
    within Chinese, so the Chinese threshold cannot serve."""
    # the document's title counts: "the 2024-2030 action plan" is found in its title
    folded = fold(top.clause.title + top.clause.clause + top.clause.text)
    # one concept is found when any of the texts' words for it is ("action plan": 行动计划 or 行动方案)
    # a document named by its years ("the 2024-2030 plan") is one concept, found in its title
    concepts = [*chinese_term_groups(query.resolved), *query.phrases,
                *([w] for w in query.lexical_text.split() if re.fullmatch(r"\d{4}年|任务\d+", w)),
                *([re.sub(r"\s", "", m)] for m in YEAR_RANGE.findall(query.text)),
                # an acronym the texts write ("CRCC") is a concept of its own, in their letters
                *([w] for w in query.lexical_text.split() if ACRONYM.fullmatch(w) and w.lower() in corpus_text)]
    found = [c for c in concepts if any(fold(w) in folded for w in c)]
    # a person named in pinyin ("Liang Chengzhu") is found by name: a name is one precise concept
    person = any(looks_like_person(n) and fold(n) in folded for n in query.names)
    # ...and so is a phrase the asker quotes ('the "small and beautiful" project'): its
    # glossary words in the clause name the very thing asked about
    quoted = any(any(fold(w) in folded for w in group)
                 for phrase in QUOTED_ENGLISH.findall(query.text) for group in chinese_term_groups(phrase))
    # ...and so is the one concept of a question when the texts say it in few places ("What is
    # the small and beautiful project?": 小而美 names one programme); read last, as it reads
    # every clause
    return (top.dense >= 0.80 or person or quoted or (len(found) >= 2 and len(found) >= len(concepts) / 2)
            or len(concepts) == 1 and bool(found) and _said_in_few(found[0], folded, clauses))


# A word the texts write in this few clauses names one thing, not a topic of the field
RARE_CLAUSES = 2


def _said_in_few(words: list[str], folded: str, clauses: Sequence[Clause]) -> bool:
    """The words of a concept that the best clause holds stand in at most `RARE_CLAUSES` clauses
    (read in each clause's `search_text`, folded at ingest: no clause is folded again here)."""
    held = [fold(w) for w in words if fold(w) in folded]
    return bool(held) and sum(any(w in c.search_text for w in held) for c in clauses) <= RARE_CLAUSES


QUOTED_ENGLISH = re.compile(r"[\"“]([A-Za-z][A-Za-z ,'-]{2,60})[\"”]")


def judge(
    query: Query, results: list[Scored], chosen: list[Scored], idf: dict[str, float], ctx, docs: list[str],
    limits: Thresholds = DEFAULT_THRESHOLDS,
) -> Verdict:
    """The part's verdict: `decide`, then for a plain answer the general refusal rules
    (aspects the texts never state, events after them, weak evidence overall)."""
    if query.english and (focus := ctx.bilingual.unknown_focus(query.parts[0].text)):
        return Verdict("refuse", f"文本中没有提到“{focus}”")  # "What penalties ...": no word for it in the texts
    verdict = decide(query, query.parts[0], chosen, idf, ctx.snapshot.corpus_text, ctx.numbering, docs, limits)
    # who issued a text is read from its opening (source line, first sentence) and the evidence;
    # only for a question that says who did (reading the openings costs a pass over the library)
    claim = issuing_claim(query.text, query.english, query.lexical_text)
    if verdict.kind != "refuse" and (ISSUED_BY.search(fold(claim)) or JOINT_ASKED.search(fold(claim))):
        opening = [c for doc in docs[:3] for c in ctx.snapshot.document_clauses(doc)[:2]]
        if unstated := issuers_unstated(claim, [*opening, *(s.clause for s in chosen)]):
            return Verdict("refuse", unstated)
        if issued := issuer_corrections(claim, [*opening, *(s.clause for s in chosen)]):
            verdict = Verdict("correct", corrections=[*verdict.corrections, *issued])
    if verdict.kind != "answer":
        return verdict
    if query.english:
        supported = results and english_supported(query, results[0], ctx.snapshot.corpus_text, ctx.snapshot.clauses)
        reason = None if supported else "没有条款足以回答这个问题"
    else:
        best_dense = max((r.dense for r in [*results, *chosen]), default=0.0)
        reason = refusal_reason(query.text, chosen, limits, best_dense, whole=_wholly_in(query, chosen, ctx))
    return Verdict("refuse", reason) if reason else verdict


def _wholly_in(query: Query, chosen: list[Scored], ctx) -> bool:
    """Every word of the question is one the texts use, and the best clause holds them all:
    then the question is on the texts' topic however low its sentence similarity (a small
    embedding model scores "高峰论坛上有哪些政府机构派了代表" below off-topic questions)."""
    if not chosen:
        return False
    postings = ctx.snapshot.bm25.postings
    # the slot's own words ("哪个城市") name the kind of answer, not what it is about; a word
    # jieba guessed around 哪 ("在哪开的" -> 哪开) is the asking word with its verb
    words = [t for t in tokenize(SLOT_WORDS.sub(" ", fold(query.text))) if len(t) >= 2 and not ASKING_WORDS.fullmatch(t) and "哪" not in t]
    best = fold_loose(chosen[0].clause.title + chosen[0].clause.clause + chosen[0].clause.text)
    return bool(words) and all(t in postings and fold_loose(t) in best for t in words)


def decide(
    query: Query,
    part: Part,
    chosen: list[Scored],
    idf: dict[str, float],
    corpus_text: str,
    numbering: Numbering,
    docs: list[str],
    limits: Thresholds = DEFAULT_THRESHOLDS,
) -> Verdict:
    """The verdict for one part of the question over its chosen clauses."""
    clauses = [s.clause for s in chosen]
    if missing := missing_item(query, numbering, docs) or after_the_texts(query, clauses, corpus_text) or year_not_given(query, clauses) \
            or term_not_given(query, clauses):
        return Verdict("refuse", missing)
    corrections = premise_corrections(query, clauses, idf, corpus_text) if clauses else []
    corrections += structure_corrections(query, numbering, docs)
    # an item named without its document is read in the document of the best evidence
    corrections = with_renumbered_items(corrections, query.text, query.items, numbering, docs or [c.doc for c in clauses[:1]])
    if (focus := unknown_focus(part.text, corpus_text, query.names)) and not corrections:
        return Verdict("refuse", f"文本中没有提到“{focus}”")
    if clauses and not corrections and (absent := absent_focus(part.text, [c.title + c.clause + c.text for c in clauses], corpus_text)):
        return Verdict("refuse", f"找到的条款没有说到“{absent}”")
    if name := unknown_name(query, corpus_text):
        said = [s for c in clauses for s in [c.title, *sentences(c.text)]]
        if variant := renumbered(name, corpus_text) or misquoted(name, said):
            corrections.append(f"文本写的是“{variant}”,不是“{name}”")
        elif part.slot == "yesno" and (framed := reframed(name, query.text, said)):
            # "有中检集团北京公司吧": a claim, with the texts' word where the question's stands
            corrections.append("文本写的是“{}”,不是“{}”".format(*framed))
        elif not corrections:
            return Verdict("refuse", f"文本中没有提到“{name}”")
        else:
            corrections.append(f"文本中没有提到“{name}”")
    # an English question's terms are its glossary words: those are what the evidence carries
    # (an acronym helps find the clause; the detail may stand in a sentence that does not repeat it)
    checked = Part(ACRONYM.sub(" ", query.lexical_text), part.slot, part.measure) if query.english else part
    missing = None
    # a count the best clause gives by its labelled lists ("分布在几个区域", "非洲选了几个"); a
    # run of things a sentence names ("领导机构、组织机构…") is no count of members asked for
    listed = part.slot == "count" and not query.english and bool(chosen) \
        and bool(labelled_lists(fold(chosen[0].clause.text))) and bool(counted_lists(query, chosen[0]))
    if clauses and only_added(part, clauses[0], idf):
        missing = "文本只写了要新增多少,没有给出总数"
    elif clauses and not listed and not slot_evidence(checked, clauses, idf, limits, measured_noun(query)):
        missing = f"文本没有给出这方面的{SLOT_NAMES.get(part.slot, '内容')}"
    elif clauses and not listed and (head := uncounted(query, clauses)):
        missing = f"文本没有给出{head}的数量"
    # a corrected figure of the asked kind is the answer ("8个重点领域" -> 7个); a corrected
    # year does not give the count asked for ("到2026年人才要达到多少人")
    # a plan's 期限 is its period: a corrected year range answers it
    corrected_slot = any(p.kind == part.slot or (part.slot == "date" and p.kind in ("year", "date")) or (part.slot == "duration" and p.kind == "range")
                         for p in query.premises)
    # only for the details a text states or not (a figure, a date, a fee, a name): who acts and
    # what a clause says are still read from the corrected clause
    figure_detail = part.slot in ("count", "date", "fee", "duration", "frequency", "person", "contact", "appearance")
    if missing and not (corrections and (corrected_slot or not figure_detail)):
        return Verdict("refuse", ";".join([missing, *corrections]))
    return Verdict("correct", corrections=corrections) if corrections else Verdict("answer")

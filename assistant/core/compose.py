"""Step 4 of an answer: the text the user reads, every statement cited.

Clause answers quote the clauses' own sentences (the best clause in full when short),
introduced by where they stand; corrections come first; table answers state the table's
facts; several parts are merged with their citations renumbered. Nothing is written that
no cited clause says.
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.core.answerability import Verdict
from assistant.core.evidence import Evidence
from assistant.core.figures import stated_figure, stated_name, stated_position
from assistant.core.items import children
from assistant.core.list_lines import counted_lists, named_lists_line
from assistant.core.query import Query
from assistant.core.retriever import SINGLE_CHAR_WEIGHT, Scored
from assistant.core.selection import pick_sentences, place
from assistant.tasks.departments import TableAnswer
from assistant.types import Answer, Citation
from ingest.model import Clause
from text.fold import fold, fold_loose, is_traditional, to_simplified
from text.tokenize import tokenize

FIRST_CLAUSE_SENTENCES = 4
# A clause this short is read in full: a paragraph of a policy text, quoted whole, is the
# most faithful answer (the sources panel shows it in full anyway); longer ones are cut to
# the sentences on the question.
WHOLE_CLAUSE_CHARS = 400
MAX_SUB_ITEMS = 20  # a heading with more items than this is a chapter, not a list


def citation(n: int, clause: Clause, score: float) -> Citation:
    """Clause `clause` cited as `[n]`."""
    return Citation(
        n=n, id=clause.id, doc=clause.doc, title=clause.title, clause=clause.clause, text=clause.text,
        score=round(float(score), 4), date=clause.date, source=clause.source,
    )


def in_script(text: str, question: str) -> str:
    """Answer in the question's script: Simplified unless the question is Traditional.
    (Citations keep the document's own script.)"""
    return text if is_traditional(question) else to_simplified(text)


def refusal(query: Query, reason: str, results: list[Scored]) -> Answer:
    """Say plainly that the texts do not answer, and why; the nearest clauses as related."""
    related = [citation(i, s.clause, s.score) for i, s in enumerate(results[:5], start=1)]
    text = f"抱歉,现有文本无法回答这个问题:{reason}。" + ("以下是最接近的条款,仅供参考。" if related else "")
    return Answer(question=query.text, answer=in_script(text, query.text), refused=True, related=related, mode="extractive")


def from_clauses(query: Query, evidence: Evidence, verdict: Verdict, snapshot) -> Answer:
    """The chosen clauses' own sentences, each with its citation; corrections first."""
    chosen = evidence.chosen
    # words the corpus never uses as words ("哪几个", "选") are the question's own
    # phrasing, not evidence: they get no weight in choosing sentences
    idf = {
        t: snapshot.bm25.idf(t) * (SINGLE_CHAR_WEIGHT if len(t) == 1 else 1.0) if t in snapshot.bm25.postings else 0.0
        for t in set(tokenize(query.text + " " + query.resolved + " " + query.lexical_text))
    }
    lines = [f"更正:{';'.join(verdict.corrections)}。"] if verdict.corrections else []
    if evidence.scope.more:
        named = len(evidence.scope.docs)
        lines.append(f"问题所指的文件共{named + evidence.scope.more}份,以下只看最先指到的{named}份。")
    lines += _all_of_them(query, evidence, snapshot.clauses)
    if evidence.every_document:
        titles = ";".join(f"{s.clause.title}[{n}]" for n, s in enumerate(chosen, start=1))
        lines.append(f"共{len(chosen)}份文件提到:{titles}。")
    if evidence.section:
        articles = ";".join(f"{s.clause.clause_path[-1]}[{n}]" for n, s in enumerate(chosen, start=1))
        lines.append(f"“{evidence.section}”下共{len(chosen)}条:{articles}")
    # an English question's terms are its Chinese glossary words: those pick the sentences and
    # find the figure's sentence
    wording = query.lexical_text if query.english else query.text
    asked = replace(query.parts[0], text=query.lexical_text) if query.english else query.parts[0]
    counted = counted_lists(query, chosen[0]) if query.parts[0].slot == "count" and chosen else []
    if query.parts[0].slot == "list" and chosen and not query.english:
        counted = named_lists_line(query, chosen[0])
    figure = stated_figure(asked, chosen[0].clause, idf) if chosen and not counted else None
    if chosen and not figure:
        # a person or a position, read in the texts' words ("executive vice president": 常务副会长)
        asking = f"{query.text} {wording}" if query.english else query.text  # the English asks, its glossary words name
        figure = stated_position(asking, query.names, chosen[0].clause) or stated_name(query.text, chosen[0].clause)
    if query.english:
        lines.append(_english_opening(query, chosen, figure, bool(verdict.corrections)))
    if figure:
        # the figure, date or position asked for, first, as the text writes it
        lines.append(f"答:{figure}[1]")
    citations = []
    route = query.parts[0].slot == "route"
    for n, scored in enumerate(chosen, start=1):
        # the best clause answers in full (up to FIRST_CLAUSE_SENTENCES of what it says on
        # the question); the others add their one or two most pertinent sentences. A "how do
        # we get there" answer reads every cited clause like the first: each is one of the
        # routes the texts offer, and its measures are spread over several sentences
        first = n == 1 or route
        if n == 1 and len(scored.clause.text) <= WHOLE_CLAUSE_CHARS:
            picked = [scored.clause.text.strip()]
        else:
            picked = pick_sentences(
                scored.clause, wording, idf, limit=FIRST_CLAUSE_SENTENCES if first else 2, share=0.3 if first else 0.6
            )
        lines.append(f"{place(scored.clause.title, scored.clause.clause_path)}{''.join(picked)}[{n}]")
        citations.append(citation(n, scored.clause, scored.score))
    # a figure the text gives by listing: count what it lists, first
    lines[len(verdict.corrections and [1]):len(verdict.corrections and [1])] = counted
    if query.parts[0].slot in ("list", "count") and chosen:
        lines += _sub_item_lines(chosen[0], snapshot.clauses, citations)
    cited = {c.id for c in citations}
    rest = (r for r in evidence.results if r.clause.id not in cited)
    related = [citation(i, s.clause, s.score) for i, s in enumerate(rest, start=len(citations) + 1)]
    return Answer(
        question=query.text, answer=in_script("\n".join(lines), query.text), refused=False,
        citations=citations, related=related, mode="extractive",
    )


# "Does the plan mention X?": answered at all, the texts mention it
MENTION_Q = re.compile(r"^\s*(?:does|do|did|is|are|was|were)\b.*\b(?:mention|include|cover|refer to|talk about|say anything about|address)", re.I)


def _english_opening(query: Query, chosen: list[Scored], figure: str | None, corrected: bool) -> str:
    """One English sentence first: what was found (the figure, or yes for "does it mention"),
    and where; the Chinese quotes follow."""
    titles = "; ".join(dict.fromkeys(s.clause.title for s in chosen))
    where = f"{len(chosen)} clause(s) of: {titles}. The quotes follow in Chinese."
    if figure:
        return f"The texts give {figure} [1], in {where}"
    if MENTION_Q.search(query.text) and not corrected:
        return f"Yes: the texts mention it in {where}"
    return f"The texts address this in {where}"


# "两份文件是不是都提到了国别研究?": whether each named document speaks of the thing
ALL_OF_THEM_Q = re.compile(r"(?:是不是|是否|有没有)?都(?:提到|提及|讲到|说到|写到|涉及)了?([^??,,。;;]{2,16}?)(?:吗|呢|没有|了吗)?(?:[??,,。;;]|$)")


def _all_of_them(query: Query, evidence: Evidence, clauses: list[Clause]) -> list[str]:
    """The yes/no of "do A and B both mention X", first: X looked up in each named
    document's own text."""
    docs = evidence.scope.docs
    asked = ALL_OF_THEM_Q.search(fold(query.text))
    # "都提到了哪些共同的领域" asks what they share, not whether they mention a thing
    if len(docs) < 2 or not asked or re.search(r"哪|什么|几|多少", asked.group(1)):
        return []
    # the thing as written, or all its words in one clause ("国别研究" in "国别制度研究")
    words = [fold_loose(w) for w in tokenize(asked.group(1)) if len(w) > 1] or [fold_loose(asked.group(1))]
    speaking = [d for d in docs if any(c.doc == d and all(w in fold_loose(c.clause + c.text) for w in words) for c in clauses)]
    if len(speaking) == len(docs):
        return [f"是的,{len(docs)}份文件都提到了“{asked.group(1)}”。"]
    if not speaking:
        return [f"{len(docs)}份文件都没有提到“{asked.group(1)}”。"]
    titles = {c.doc: c.title for c in clauses}
    named = "、".join(f"“{titles[d]}”" for d in speaking)
    return [f"不是都提到“{asked.group(1)}”:只有{named}提到了。"]


def _sub_item_lines(top: Scored, clauses: list[Clause], citations: list[Citation]) -> list[str]:
    """"哪几条?" answered by a heading: its items are the clauses under it (cited, appended)."""
    items = sub_items(top.clause, clauses, {c.id for c in citations})
    if len(items) < 2:
        return []
    first = len(citations) + 1
    citations += [citation(first + i, c, top.score) for i, c in enumerate(items)]
    listed = ";".join(f"{c.clause_path[-1]}[{first + i}]" for i, c in enumerate(items))
    return [f"其下共{len(items)}项:{listed}"]


def sub_items(parent: Clause, clauses: list[Clause], cited: set[str]) -> list[Clause]:
    """The clauses one level under a heading clause, in order (first clause of each item); none
    under a paragraph of a text's body (no heading path: the document's own sections are not its)."""
    if not parent.clause_path:
        return []
    seen = children(clauses).get((parent.doc, tuple(parent.clause_path)), {})
    return [c for c in seen.values() if c.id not in cited] if len(seen) <= MAX_SUB_ITEMS else []


def from_table(query: Query, table: TableAnswer) -> Answer:
    """The task table's statements, each citing the task clauses it rests on."""
    if table.refusal:
        text = f"抱歉,现有文本的任务分工中没有出现“{table.refusal}”,无法回答这个问题。"
        return Answer(question=query.text, answer=in_script(text, query.text), refused=True, mode="table")
    numbers: dict[str, int] = {}
    citations: list[Citation] = []
    lines = []
    for statement, rows in table.statements:
        marks = []
        for row in rows:
            if row.clause.id not in numbers:
                numbers[row.clause.id] = len(numbers) + 1
                citations.append(citation(numbers[row.clause.id], row.clause, 1.0))
            marks.append(f"[{numbers[row.clause.id]}]")
        bullet = "- " if rows and len(table.statements) > 2 and not statement.startswith("需要更正") else ""
        lines.append(f"{bullet}{statement}{''.join(marks)}")
    if query.english:  # the opening line in the asker's language, the units in the texts' names
        corrected = table.statements and table.statements[0][0].startswith("需要更正")
        lines.insert(0, "The task table says otherwise; the correction follows in Chinese:" if corrected
                     else "From the task table; the units follow in Chinese, as the texts name them:")
    return Answer(
        question=query.text, answer=in_script("\n".join(lines), query.text), refused=False,
        citations=citations, mode="table",
    )


def from_targets(query: Query, targets: list, snapshot) -> Answer:
    """The targets timeline's records a "which targets by YEAR" question asks for, by year,
    each in its clause's own words and cited."""
    numbers: dict[str, int] = {}
    citations: list[Citation] = []
    lines = [f"文本中的相关目标共{len(targets)}项:"]
    if query.english:  # the opening line in the asker's language, the targets in the texts' words
        lines = [f"The texts set {len(targets)} target(s) for that year; they follow in Chinese:"]
    for target in targets:
        clause = snapshot.by_id[target.clause_id]
        if clause.id not in numbers:
            numbers[clause.id] = len(numbers) + 1
            citations.append(citation(numbers[clause.id], clause, 1.0))
        when = target.when if str(target.year) in target.when else f"{target.year}年({target.when})"
        lines.append(f"- {when},{target.title}:{target.target}[{numbers[clause.id]}]")
    return Answer(question=query.text, answer=in_script("\n".join(lines), query.text), refused=False,
                  citations=citations, mode="extractive")


def from_outline(query: Query, chapters: dict[int, Clause]) -> Answer:
    """A document's chapters, counted and listed by their headings, each cited by its first clause."""
    citations = [citation(n, clause, 1.0) for n, clause in enumerate(chapters.values(), start=1)]
    lines = [f"答:共{len(chapters)}部分[1]"]
    lines += [f"- {fold(clause.clause_path[0])}[{n}]" for n, clause in enumerate(chapters.values(), start=1)]
    return Answer(question=query.text, answer=in_script("\n".join(lines), query.text), refused=False,
                  citations=citations, mode="extractive")


def refused_with_facts(result: Answer, reason: str, question: str) -> Answer:
    """A refusal that keeps what the table does say (as related clauses, not as support)."""
    result.refused = True
    result.answer = in_script(reason, question) + "\n" + result.answer
    result.related, result.citations = result.citations, []
    return result


def _statements(text: str) -> frozenset[str]:
    """The statements of an answer text, whatever their order."""
    return frozenset(p.strip() for p in re.split(r"[;;。\n]", re.sub(r"^第\d+项“[^”]*”的", "", text)) if p.strip())


def merge_parts(question: str, answers: list[Answer]) -> Answer:
    """One answer from the answers to each part: their lines in order, citations renumbered."""
    lines, citations, related, ids = [], [], [], {}
    for answer in answers:
        marks = {}
        for c in answer.citations:
            if c.id not in ids:
                ids[c.id] = len(ids) + 1
                citations.append(replace(c, n=ids[c.id]))
            marks[c.n] = ids[c.id]
        text = re.sub(r"\[(\d+)\]", lambda m, marks=marks: f"[{marks.get(int(m.group(1)), m.group(1))}]", answer.answer)
        # "有几项?分别是什么?", "谁牵头?配合单位是谁?": one table answer says both, maybe in
        # another order; once is enough
        if _statements(text) not in [_statements(line) for line in lines]:
            lines.append(text)
        related += [r for r in answer.related if r.id not in ids]
    unique_related = list({r.id: r for r in related}.values())[:5]
    return Answer(
        question=question,
        answer="\n".join(lines),
        refused=all(a.refused for a in answers),
        citations=citations,
        related=[replace(r, n=len(citations) + i) for i, r in enumerate(unique_related, start=1)],
        mode="table" if all(a.mode == "table" for a in answers) else "extractive",
    )

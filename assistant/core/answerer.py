"""The answerer: guard -> follow-up -> department table | hybrid retrieval -> compose | refuse.

Runs offline on the CPU with no LLM (the default). The generative mode plugs in here
too (`mode="llm"`), and always falls back to this extractive answer.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace

from assistant.compose import CROSS_DOC_Q, choose_clauses, pick_sentences, place
from assistant.config import Settings
from assistant.core.answerability import Verdict, decide, missing_item
from assistant.core.items import item_clauses, numbering
from assistant.core.lexicon import canonical_units
from assistant.core.query import Query, build_query, known_places
from assistant.core.references import resolve_turn
from assistant.departments import DepartmentAnswerer, TableAnswer
from assistant.followup import is_follow_up
from assistant.guard import BadQuestion, clean_question
from assistant.index import Index
from assistant.refusal import aspect_not_covered, refusal_reason, unknown_document
from assistant.retrieve import SINGLE_CHAR_WEIGHT, HybridRetriever, Scored
from assistant.scope import Scope, question_scope
from assistant.types import Answer, Citation
from ingest.fold import fold, fold_loose, is_traditional, to_simplified
from ingest.model import Clause
from ingest.pipeline import META_PATH
from vectorstore.lexical import tokenize

MODES = ("extractive", "llm", "auto")
NO_LLM = "no LLM is configured (set ASSISTANT_LLM_BASE_URL or install LLM=local)"
ENGLISH_ROLE = re.compile(r"\b(lead|leads|leading|supporting|support units?|lead units?)\b", re.I)
FIRST_CLAUSE_SENTENCES = 4
# Route questions cite up to this many clauses scoring at least this share of the best:
# fused scores of clauses on the same topic sit within a few percent of each other, while
# a clause of another topic falls well below (reciprocal-rank fusion halves by rank ~60).
ROUTE_CLAUSES = 4
NAMED_CLAUSES = 2
MAX_SUB_ITEMS = 20  # a heading with more items than this is a chapter, not a list  # a name in more clauses than this is a topic, not a pointer
ROUTE_SCORE_SHARE = 0.8
# A clause this short is read in full: a paragraph of a policy text, quoted whole, is the
# most faithful answer (the sources panel shows it in full anyway); longer ones are cut to
# the sentences on the question.
WHOLE_CLAUSE_CHARS = 400


@dataclass
class Context:
    """One index version's views that every part of every answer reads."""

    version: str
    snapshot: object
    documents: list[dict]
    titles: list[str]
    numbering: dict[str, set[int]]


# Words that ask rather than describe: a part made of these and little else has no topic.
_ASKING = re.compile(r"牵头|配合|单位|部门|负责|几个|几项|几家|多少|都是|分别|是谁|哪些|哪个|哪几|什么|怎么|如何|有没有|是否|又|还|呢|吗")


def _names_a_topic(text: str) -> bool:
    """True when a part carries enough words of its own to be searched alone."""
    return len([t for t in tokenize(text) if not _ASKING.fullmatch(t) and len(t) > 1]) >= 2


def sub_items(parent: Clause, clauses: list[Clause], cited: set[str]) -> list[Clause]:
    """The clauses one level under a heading clause, in order (first clause of each item)."""
    depth = len(parent.clause_path)
    seen: dict[str, Clause] = {}
    for c in clauses:
        if c.doc == parent.doc and len(c.clause_path) == depth + 1 and c.clause_path[:depth] == parent.clause_path:
            seen.setdefault(c.clause_path[-1], c)
    return [c for c in seen.values() if c.id not in cited] if len(seen) <= MAX_SUB_ITEMS else []


def _named_first(query: Query, results: list[Scored], clauses: list) -> list[Scored]:
    """A person or a quoted phrase the question names is the evidence (a place is a topic): when the best
    candidate does not contain it, the few clauses that do (at most NAMED_CLAUSES) go first."""
    for name in query.names:
        loose = fold_loose(name)
        if not results or loose in fold_loose(results[0].clause.text) or loose.isascii() or name in known_places():
            continue
        holding = [c for c in clauses if loose in fold_loose(c.text)]
        if 0 < len(holding) <= NAMED_CLAUSES:
            ranked = {r.clause.id: r for r in results}
            first = [ranked.get(c.id) or Scored(c, results[0].score, 0.0, 0.0, 1.0) for c in holding]
            return [*first, *[r for r in results if r.clause.id not in {c.id for c in holding}]]
    return results


def route_clauses(results: list[Scored], limit: int) -> list[Scored]:
    """"How do we get recognised": the texts offer several mechanisms in several clauses, so
    the answer cites each clause that scores close to the best (within ROUTE_SCORE_SHARE)."""
    if not results:
        return []
    top = results[0].score
    return [r for r in results if r.score >= ROUTE_SCORE_SHARE * top][:limit]


def _english_supported(query: Query, top: Scored) -> bool:
    """An English question is answered when the texts' words for at least two of its
    concepts stand in the best clause and carry half of its weight, or when the multilingual
    embedding alone finds the clause close: cross-language similarity runs lower than
    within Chinese, so the Chinese threshold cannot serve."""
    folded = fold(top.clause.clause + top.clause.text)
    found = {t for t in query.lexical_text.split() if t and fold(t) in folded}
    return top.dense >= 0.80 or (len(found) >= 2 and top.coverage >= 0.5)


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
METADATA_Q = re.compile(r"来源|出处|发布|印发|日期|哪个机构|哪家机构|什么机构|谁发|标题|source|publish|issued|date|title", re.I)


def _citation(n: int, clause: Clause, score: float) -> Citation:
    return Citation(
        n=n,
        id=clause.id,
        doc=clause.doc,
        title=clause.title,
        clause=clause.clause,
        text=clause.text,
        score=round(float(score), 4),
        date=clause.date,
        source=clause.source,
    )


def _in_script(text: str, question: str) -> str:
    """Answer in the question's script: Simplified unless the question is Traditional.
    (Citations keep the document's own script.)"""
    return text if is_traditional(question) else to_simplified(text)


class Answerer:
    """Answers questions from the index; one per process."""

    def __init__(self, index: Index, settings: Settings) -> None:
        self.index = index
        self.settings = settings
        retriever_args = settings.table("retriever")
        self.retriever = HybridRetriever(index=index, **retriever_args)
        self.max_citations = int(settings.table("answer").get("max_citations", 3))
        self.default_mode = settings.table("answer").get("mode", "extractive")
        self._cached: Context | None = None

    # --- public ------------------------------------------------------------------------------------
    def answer(self, question: object, history: list[dict], mode: str | None = None) -> Answer:
        final = None
        for part in self.stream(question, history, mode):
            if isinstance(part, Answer):
                final = part
        assert final is not None
        return final

    def stream(self, question: object, history: list[dict], mode: str | None = None) -> Iterator[str | Answer]:
        """Yield the answer text in pieces, then the final `Answer`."""
        mode = mode or self.default_mode
        if mode not in MODES:
            result = Answer(question=str(question), answer=f"未知的回答模式 {mode!r};可用:{', '.join(MODES)}", refused=True, mode="error")
            yield result.answer
            yield result
            return
        try:
            q, note = clean_question(question)
        except BadQuestion as err:
            result = Answer(question=str(question) if isinstance(question, str) else "", answer=str(err), refused=True, mode="error")
            yield result.answer
            yield result
            return
        history = [m for m in (history or []) if isinstance(m, dict)]
        result = self.extractive(q, history)
        if note:
            result.answer = f"{note}\n{result.answer}"
        if mode in ("llm", "auto") and result.mode != "table" and not result.refused:
            llm = self._llm()
            if llm is not None:
                yield from llm.stream(q, history, result)
                return
            if mode == "llm":
                result.fallback_reason = self._llm_missing_reason()
        for piece in re.split(r"(?<=\n)", result.answer):
            if piece:
                yield piece
        yield result

    def _llm(self):
        """The generative answerer, or None when no LLM is available."""
        try:
            from assistant.generate import get_generator
        except ImportError:
            return None
        return get_generator(self.index, self.settings, self.retriever)

    def _llm_missing_reason(self) -> str:
        """Why `_llm()` gave None: what the backend said (e.g. the model file is not prepared)."""
        try:
            from assistant.generate import unavailable_reason
        except ImportError:
            return NO_LLM
        return unavailable_reason(self.settings) or NO_LLM

    # --- extractive ----------------------------------------------------------------------------------
    def extractive(self, question: str, history: list[dict]) -> Answer:
        """The answer without an LLM: per part of the question, table or clauses, verdict, compose."""
        t0 = time.perf_counter()
        snapshot = self.index.snapshot()
        timings = {"snapshot": round((time.perf_counter() - t0) * 1000, 1)}
        units = snapshot.tasks.unit_names()
        query = build_query(question, resolve_turn(question, history, units))
        context = self._context(snapshot)
        if missing := unknown_document(question, context.titles, snapshot.corpus_text):
            text = f"抱歉,现有文本中没有{missing},无法回答这个问题。已收录的文档见“文档”页。"
            return Answer(question=question, answer=_in_script(text, question), refused=True, mode="extractive", timings_ms=timings)
        t1 = time.perf_counter()
        if len(query.parts) > 1:
            answers = [self._one(self._part_query(query, i, history, units), context) for i in range(len(query.parts))]
            result = merge_parts(question, answers)
        else:
            result = self._one(query, context)
        result.question = question
        result.resolved_question = query.resolved if query.resolved != question else None
        timings["answer"] = round((time.perf_counter() - t1) * 1000, 1)
        result.timings_ms.update(timings)
        return result

    def _context(self, snapshot) -> Context:
        """What every part's answer reads from this version of the index (built once per version)."""
        if self._cached is None or self._cached.version != snapshot.version:
            documents = self.index.store.list_documents()
            self._cached = Context(
                version=snapshot.version,
                snapshot=snapshot,
                documents=documents,
                titles=[f"{fold(d.get('title', ''))} {d.get('date', '')}" for d in documents],
                numbering=numbering(snapshot.clauses),
            )
        return self._cached

    @staticmethod
    def _part_query(query: Query, i: int, history: list[dict], units: list[str]) -> Query:
        """Part `i` as a question of its own: resolved against the conversation, and a part
        that leans on the first part borrows its topic."""
        part = query.parts[i]
        text = resolve_turn(part.text, history, units)
        if i and text == part.text and (is_follow_up(text) or not _names_a_topic(text)):
            text = f"{resolve_turn(query.parts[0].text, history, units)} {text}"
        sub = build_query(part.text, text)
        sub.parts = [part]
        return sub

    def _one(self, query: Query, ctx: Context) -> Answer:
        """One part: refuse what the texts lack, else the task table, else cited clauses."""
        snapshot = ctx.snapshot
        scope = question_scope(query.resolved, ctx.documents)
        if missing := missing_item(query, ctx.numbering, scope.docs):
            return self._refusal(query, missing, [])
        if not query.english or ENGLISH_ROLE.search(query.text):
            # an English department question reaches the table in the texts' own words
            wording = query.lexical_text if query.english else query.resolved
            table_question = canonical_units(wording, snapshot.tasks.unit_names())
            table = DepartmentAnswerer(self.retriever, snapshot.tasks).answer(table_question)
            if table is not None and (table.statements or table.refusal):
                result = self._table_answer(query, table)
                if query.parts[0].slot == "why" and not result.refused:
                    # the table says who, never why: say so, keep what it does say
                    result.refused = True
                    text = "抱歉,现有文本只写明了任务分工,没有说明原因。"
                    result.answer = _in_script(text, query.text) + "\n" + result.answer
                    result.related, result.citations = result.citations, []
                return result
        results, chosen = self._retrieve(query, scope, snapshot)
        idf = {t: snapshot.bm25.idf(t) for t in tokenize(query.resolved + " " + query.lexical_text) if t in snapshot.bm25.postings}
        verdict = decide(query, query.parts[0], chosen, idf, snapshot.corpus_text, ctx.numbering, scope.docs)
        if verdict.kind == "refuse":
            return self._refusal(query, verdict.reason, results)
        best_dense = max((r.dense for r in [*results, *chosen]), default=0.0)
        if verdict.kind == "answer":
            reason = refusal_reason(query.text, chosen, best_dense=best_dense) if not query.english else (
                None if results and _english_supported(query, results[0]) else "没有条款足以回答这个问题"
            )
            if reason:
                return self._refusal(query, reason, results)
        return self._compose(query, chosen, results, verdict, snapshot)

    def _retrieve(self, query: Query, scope: Scope, snapshot) -> tuple[list[Scored], list[Scored]]:
        """Candidates (best first) and the clauses worth citing."""
        resolved = query.resolved
        cross = bool(CROSS_DOC_Q.search(fold(query.text)))
        docs = set(scope.docs) if len(scope.docs) == 1 and not cross else None
        results = self.retriever.search(
            resolved, k=ROUTE_CLAUSES + 3, docs=docs, lexical=bool(query.lexical_text), lexical_query=query.lexical_text or None
        )
        if not METADATA_Q.search(fold(query.text)):
            # a document's card (title, date, issuer) matches every question naming the
            # document; it answers only questions about those facts
            results = [r for r in results if r.clause.clause_path != [META_PATH]]
        results = results[: ROUTE_CLAUSES + 2 if query.parts[0].slot == "route" else 5]
        results = _named_first(query, results, snapshot.clauses)
        for ref in query.items:
            # "第(十三)条": the item itself is the evidence, whatever the wording around it
            named = item_clauses(snapshot.clauses, scope.docs or sorted({c.doc for c in snapshot.clauses}), ref)
            if not scope.docs and results and len({c.doc for c in named}) > 1:
                # no document named: the item of the document the question's topic is in
                named = [c for c in named if c.doc == results[0].clause.doc]
            if named:
                top = Scored(named[0], 1.0, 1.0, 0.0, 1.0)
                results = [top, *[r for r in results if r.clause.id != named[0].id]][:5]
        chosen = choose_clauses(results, query.text, self.max_citations)
        if query.parts[0].slot == "route":
            chosen = route_clauses(results, ROUTE_CLAUSES)
        if scope.docs and cross:
            # "how do A and B each put it": the best clause of each document named, found
            # by the topic alone (the words naming the documents would find their headers),
            # plus the best clause elsewhere when only one of them was recognised
            per_doc = [
                [h for h in self.retriever.search(scope.topic, k=3, docs={d}) if h.clause.clause_path != [META_PATH]]
                for d in scope.docs
            ]
            chosen = [hits[0] for hits in per_doc if hits]
            if len(scope.docs) == 1:
                chosen += [r for r in results if r.clause.doc not in scope.docs][:1]
            chosen = chosen[: max(self.max_citations, len(scope.docs))]
        return results, chosen

    def _refusal(self, query: Query, reason: str, results: list[Scored]) -> Answer:
        related = [_citation(i, s.clause, s.score) for i, s in enumerate(results[:5], start=1)]
        text = f"抱歉,现有文本无法回答这个问题:{reason}。" + ("以下是最接近的条款,仅供参考。" if related else "")
        return Answer(question=query.text, answer=_in_script(text, query.text), refused=True, related=related, mode="extractive")

    def _compose(self, query: Query, chosen: list[Scored], results: list[Scored], verdict: Verdict, snapshot) -> Answer:
        # words the corpus never uses as words ("哪几个", "选") are the question's own
        # phrasing, not evidence: they get no weight in choosing sentences
        idf = {
            t: snapshot.bm25.idf(t) * (SINGLE_CHAR_WEIGHT if len(t) == 1 else 1.0) if t in snapshot.bm25.postings else 0.0
            for t in set(tokenize(query.text + " " + query.resolved + " " + query.lexical_text))
        }
        lines = [f"更正:{';'.join(verdict.corrections)}。"] if verdict.corrections else []
        # an English question's terms are its Chinese glossary words
        wording = query.lexical_text if query.english else query.text
        if query.english:
            titles = "; ".join(dict.fromkeys(s.clause.title for s in chosen))
            lines.append(f"The texts address this in {len(chosen)} clause(s) of: {titles}. The quotes follow in Chinese.")
        citations = []
        for n, scored in enumerate(chosen, start=1):
            # the best clause answers in full (up to FIRST_CLAUSE_SENTENCES of what it says on
            # the question); the others add their one or two most pertinent sentences
            first = n == 1
            if first and len(scored.clause.text) <= WHOLE_CLAUSE_CHARS:
                picked = [scored.clause.text.strip()]
            else:
                picked = pick_sentences(
                    scored.clause, wording, idf,
                    limit=FIRST_CLAUSE_SENTENCES if first else 2, share=0.3 if first else 0.6,
                )
            lines.append(f"{place(scored.clause.title, scored.clause.clause_path)}{''.join(picked)}[{n}]")
            citations.append(_citation(n, scored.clause, scored.score))
        if query.parts[0].slot in ("list", "count") and chosen:
            # "哪几条?" answered by a heading: its items are the clauses under it
            items = sub_items(chosen[0].clause, snapshot.clauses, {c.id for c in citations})
            if len(items) >= 2:
                first = len(citations) + 1
                citations += [_citation(first + i, c, chosen[0].score) for i, c in enumerate(items)]
                listed = ";".join(f"{c.clause_path[-1]}[{first + i}]" for i, c in enumerate(items))
                lines.append(f"其下共{len(items)}项:{listed}")
        cited = {c.id for c in citations}
        related = [_citation(i, s.clause, s.score) for i, s in enumerate((r for r in results if r.clause.id not in cited), start=len(citations) + 1)]
        return Answer(
            question=query.text, answer=_in_script("\n".join(lines), query.text), refused=False,
            citations=citations, related=related, mode="extractive",
        )

    def _table_answer(self, query: Query, table: TableAnswer) -> Answer:
        result = self._from_table(query.text, table, query.resolved)
        if not result.refused and (reason := aspect_not_covered(query.text, [c.text for c in result.citations])):
            # the table answers who, not how far along or how much: say so, keep the facts
            result.refused = True
            result.answer = _in_script(f"抱歉,现有文本无法回答这个问题:{reason}。", query.text) + "\n" + result.answer
            result.related, result.citations = result.citations, []
        return result

    def _from_table(self, question: str, table: TableAnswer, resolved: str) -> Answer:
        if table.refusal:
            text = f"抱歉,现有文本的任务分工中没有出现“{table.refusal}”,无法回答这个问题。"
            return Answer(question=question, answer=_in_script(text, question), refused=True, mode="table")
        numbers: dict[str, int] = {}
        citations: list[Citation] = []
        lines = []
        for statement, rows in table.statements:
            marks = []
            for row in rows:
                if row.clause.id not in numbers:
                    numbers[row.clause.id] = len(numbers) + 1
                    citations.append(_citation(numbers[row.clause.id], row.clause, 1.0))
                marks.append(f"[{numbers[row.clause.id]}]")
            bullet = "- " if rows and len(table.statements) > 2 and not statement.startswith("需要更正") else ""
            lines.append(f"{bullet}{statement}{''.join(marks)}")
        return Answer(
            question=question, answer=_in_script("\n".join(lines), question), refused=False,
            citations=citations, mode="table", resolved_question=resolved if resolved != question else None,
        )

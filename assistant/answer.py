"""The answerer: guard -> follow-up -> department table | hybrid retrieval -> compose | refuse.

Runs offline on the CPU with no LLM (the default). The generative mode plugs in here
too (`mode="llm"`), and always falls back to this extractive answer.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

from assistant.compose import CROSS_DOC_Q, choose_clauses, pick_sentences, place
from assistant.config import Settings
from assistant.departments import DepartmentAnswerer, TableAnswer
from assistant.followup import resolve
from assistant.guard import BadQuestion, clean_question
from assistant.index import Index
from assistant.refusal import aspect_not_covered, refusal_reason, unknown_document
from assistant.retrieve import HybridRetriever
from assistant.scope import question_scope
from assistant.types import Answer, Citation
from ingest.fold import fold, is_traditional, to_simplified
from ingest.model import Clause
from ingest.pipeline import META_PATH
from vectorstore.lexical import tokenize

MODES = ("extractive", "llm", "auto")
NO_LLM = "no LLM is configured (set ASSISTANT_LLM_BASE_URL or install LLM=local)"
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


def _is_english(text: str) -> bool:
    han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return han < 2 and sum(ch.isascii() and ch.isalpha() for ch in text) > 8


class Answerer:
    """Answers questions from the index; one per process."""

    def __init__(self, index: Index, settings: Settings) -> None:
        self.index = index
        self.settings = settings
        retriever_args = settings.table("retriever")
        self.retriever = HybridRetriever(index=index, **retriever_args)
        self.max_citations = int(settings.table("answer").get("max_citations", 3))
        self.default_mode = settings.table("answer").get("mode", "extractive")

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
        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        snapshot = self.index.snapshot()
        timings["snapshot"] = round((time.perf_counter() - t0) * 1000, 1)
        resolved = resolve(question, history)
        t1 = time.perf_counter()
        documents = self.index.store.list_documents()
        if missing := unknown_document(question, [f"{fold(d.get('title', ''))} {d.get('date', '')}" for d in documents], snapshot.corpus_text):
            text = f"抱歉,现有文本中没有{missing},无法回答这个问题。已收录的文档见“文档”页。"
            return Answer(question=question, answer=_in_script(text, question), refused=True, mode="extractive", timings_ms=timings)
        table = DepartmentAnswerer(self.retriever, snapshot.tasks).answer(resolved) if not _is_english(question) else None
        if table is not None and (table.statements or table.refusal):
            result = self._from_table(question, table, resolved)
            if not result.refused and (reason := aspect_not_covered(question, [c.text for c in result.citations])):
                # the table answers who, not how far along or how much: say so, keep the facts
                result.refused = True
                result.answer = _in_script(f"抱歉,现有文本无法回答这个问题:{reason}。", question) + "\n" + result.answer
                result.related, result.citations = result.citations, []
            timings["table"] = round((time.perf_counter() - t1) * 1000, 1)
            result.timings_ms.update(timings)
            return result
        english = _is_english(question)
        scope = question_scope(resolved, documents)
        cross = bool(CROSS_DOC_Q.search(fold(question)))
        about_metadata = bool(METADATA_Q.search(fold(question)))
        if len(scope.docs) == 1 and not cross:
            # "2017年行动计划里…": the question names its document, so search only there
            results = self.retriever.search(resolved, k=6, docs=set(scope.docs), lexical=not english)
        else:
            results = self.retriever.search(resolved, k=6, lexical=not english)
        if not about_metadata:
            # a document's card (title, date, issuer) matches every question naming the
            # document; it answers only questions about those facts
            results = [r for r in results if r.clause.clause_path != [META_PATH]]
        results = results[:5]
        chosen = choose_clauses(results, question, self.max_citations)
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
        timings["retrieve"] = round((time.perf_counter() - t1) * 1000, 1)
        best_dense = max((r.dense for r in [*results, *chosen]), default=0.0)
        reason = refusal_reason(question, chosen, best_dense=best_dense) if not english else (
            None if results and results[0].dense >= 0.80 else "没有条款足以回答这个问题"
        )
        if reason:
            related = [_citation(i, s.clause, s.score) for i, s in enumerate(results[:5], start=1)]
            text = f"抱歉,现有文本无法回答这个问题:{reason}。以下是最接近的条款,仅供参考。"
            return Answer(
                question=question, answer=_in_script(text, question), refused=True, related=related,
                mode="extractive", timings_ms=timings, resolved_question=resolved if resolved != question else None,
            )
        # words the corpus never uses as words ("哪几个", "选") are the question's own
        # phrasing, not evidence: they get no weight in choosing sentences
        idf = {
            t: snapshot.bm25.idf(t) * (0.3 if len(t) == 1 else 1.0) if t in snapshot.bm25.postings else 0.0
            for t in set(tokenize(question + " " + resolved))
        }
        lines, citations = [], []
        for n, scored in enumerate(chosen, start=1):
            picked = pick_sentences(scored.clause, question, idf)
            lines.append(f"{place(scored.clause.title, scored.clause.clause_path)}{''.join(picked)}[{n}]")
            citations.append(_citation(n, scored.clause, scored.score))
        cited = {c.id for c in citations}
        related = [_citation(i, s.clause, s.score) for i, s in enumerate((r for r in results if r.clause.id not in cited), start=len(citations) + 1)]
        text = "\n".join(lines)
        return Answer(
            question=question, answer=_in_script(text, question), refused=False, citations=citations,
            related=related, mode="extractive", timings_ms=timings,
            resolved_question=resolved if resolved != question else None,
        )

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

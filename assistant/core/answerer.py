"""The answerer: read the question -> per part: refuse | task table | evidence -> verdict -> compose.

Each step is one module of `assistant.core`: `query` (read once), `evidence` (retrieve),
`answerability` (decide), `compose` (write). Runs offline on the CPU with no LLM (the
default); the generative mode plugs in here too (`mode="llm"`) and always falls back to
this extractive answer.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

from assistant.config import Settings
from assistant.core import compose
from assistant.core.answerability import Verdict, judge
from assistant.core.context import Context
from assistant.core.duties import asked_duty, duty_corrections
from assistant.core.english_premises import english_premises
from assistant.core.evidence import Retrieve
from assistant.core.focus import unknown_focus
from assistant.core.followup import ASKS_ROLE, ROLE_ASKED, is_follow_up, names_a_topic
from assistant.core.lexicon import canonical_units
from assistant.core.narrowing import beyond_the_table, ranged, undated
from assistant.core.query import ASKING_PHRASE, Part, Query, build_query
from assistant.core.references import about_another, resolve_turn
from assistant.core.refusal import unknown_document
from assistant.core.retriever import HybridRetriever
from assistant.core.scope import Scope, question_scope
from assistant.core.sections import asked_outline, asks_a_section
from assistant.core.slot_table import ENGLISH_ROLE, slot_of
from assistant.core.slots import SLOT_NAMES, states_slot
from assistant.core.structure import missing_item
from assistant.core.thresholds import Thresholds
from assistant.core.timeline import asked_targets
from assistant.guard import BadQuestion, clean_question
from assistant.tasks.departments import DepartmentAnswerer
from assistant.tasks.units import respell_units, units_in
from assistant.types import MODES, Answer
from text.fold import fold
from text.tokenize import tokenize
from vectorstore.snapshot import Index

NO_LLM = "no LLM is configured (set ASSISTANT_LLM_BASE_URL or install LLM=local)"
# What the task table never says about a unit: the clauses are judged instead.
NOT_IN_TABLE = frozenset({"person", "contact", "place", "frequency", "appearance"})
# What a row says beside who: nothing of fees, time limits or progress, which its clause must state.
BESIDE_THE_TABLE = frozenset({"fee", "funding", "duration", "status"})
ENGLISH_ROLE_Q = re.compile(ENGLISH_ROLE, re.I)


def _topic_of(question: str) -> str:
    """What a part asks about, without what it asks ("青岛协会有多少家会员单位" -> 青岛协会): the
    part after it borrows the topic, not the other question ("…,是哪天成立的?")."""
    q = fold(question)
    m = ASKING_PHRASE.search(q)
    head = re.sub(r"[有是的要在由和与及,,、\s]+$", "", q[:m.start()]) if m else ""
    return head if len(head) >= 2 else question


def _scope(text: str, ctx: Context) -> Scope:
    """The documents a (Chinese) text names."""
    return question_scope(text, ctx.documents, elsewhere=ctx.said_elsewhere, says=ctx.says)


class Answerer:
    """Answers questions from the index; one per process."""

    def __init__(self, index: Index, settings: Settings) -> None:
        self.index = index
        self.settings = settings
        self.retriever = HybridRetriever(index=index, **settings.table("retriever"))
        self.max_citations = int(settings.table("answer").get("max_citations", 3))
        self.default_mode = settings.table("answer").get("mode", "extractive")
        self.limits = Thresholds(**settings.table("thresholds"))
        self.retrieve = Retrieve(self.retriever, self.max_citations, self.limits)
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
            from assistant.generative.generate import get_generator
        except ImportError:
            return None
        return get_generator(self.index, self.settings)

    def _llm_missing_reason(self) -> str:
        """Why `_llm()` gave None: what the backend said (e.g. the model file is not prepared)."""
        try:
            from assistant.generative.generate import unavailable_reason
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
        query = build_query(question, resolve_turn(question, history, units, snapshot.clauses))
        ctx = self._context(snapshot)
        if missing := unknown_document(question, ctx.titles, snapshot.corpus_text):
            text = f"抱歉,现有文本中没有{missing},无法回答这个问题。已收录的文档见“文档”页。"
            return Answer(question=question, answer=compose.in_script(text, question), refused=True, mode="extractive", timings_ms=timings)
        t1 = time.perf_counter()
        if len(query.parts) > 1 and asks_a_section(query.resolved):
            # "那部分标题是什么?下面有哪两条?" is one request: the chapter, heading and articles
            query.parts = [Part(fold(query.resolved), "list", "")]
        if len(query.parts) > 1:
            # the documents the first part names, for the parts that name none
            named = _scope(query.parts[0].text, ctx).naming
            answers = [self._one(self._part_query(query, i, history, units, ctx, named), ctx) for i in range(len(query.parts))]
            result = compose.merge_parts(question, answers)
        else:
            result = self._one(query, ctx)
        result.question = question
        result.resolved_question = query.resolved if query.resolved != question else None
        timings["answer"] = round((time.perf_counter() - t1) * 1000, 1)
        result.timings_ms.update(timings)
        return result

    def _context(self, snapshot) -> Context:
        """What every part's answer reads from this version of the index (built once per version)."""
        if self._cached is None or self._cached.version != snapshot.version:
            self._cached = Context.build(snapshot, snapshot.documents)
        return self._cached

    @staticmethod
    def _part_query(query: Query, i: int, history: list[dict], units: list[str], ctx: Context, named: tuple[str, ...]) -> Query:
        """Part `i` as a question of its own: resolved against the conversation, and a part
        that leans on the first part borrows its topic; a part naming no document is asked of
        the documents the first part names (`named`, its words for them: "2017年计划要建几家
        质检中心?示范区要增加多少家?")."""
        part = query.parts[i]
        clauses = ctx.snapshot.clauses
        text = resolve_turn(part.text, history, units, clauses)
        if i and text == part.text and (other := about_another(text, query.parts[i - 1].text, units)):
            part = build_query(other, other).parts[0]  # "第7项谁牵头?第8项呢?": the part before, of 第8项
            text = other
        elif i and text == part.text and is_follow_up(text):
            topic = _topic_of(resolve_turn(query.parts[0].text, history, units, clauses))
            if names_a_topic(text) and not ASKS_ROLE.search(fold(text)):
                # "第16项配合单位有哪些?要围绕什么领域走出去?": the task is the topic, not its
                # units ("…配合单位的任务几项?是哪些?" asks the first part's thing again)
                topic = ROLE_ASKED.sub(" ", fold(topic)).strip() or topic
            text = f"{topic} {text}"
            # the borrowed topic is what the part asks about: its evidence must speak of it too;
            # "…牵头单位有几个?分别是谁?": "是谁" of units asks which units, not a person
            slot = "role" if part.slot == "person" and slot_of(text) == "role" else part.slot
            part = Part(text, slot, part.measure)
        if i and named and not _scope(text, ctx).docs:
            text = f"{''.join(named)} {text}"
            part = Part(text, part.slot, part.measure)
        sub = build_query(query.parts[i].text, text)
        sub.parts = [part]
        return sub

    def _one(self, query: Query, ctx: Context) -> Answer:
        """One part: refuse what the texts lack, else the task table, else cited clauses."""
        snapshot = ctx.snapshot
        if query.english and (people := ctx.bilingual.romanized_names(query.resolved)):
            query.names = [*query.names, *people]  # "Liang Chengzhu": the texts' 梁成珠
            query.lexical_text = " ".join([query.lexical_text, *people])
        if query.english and (phrases := ctx.bilingual.phrase_terms(query.resolved) + ctx.bilingual.mentioned_terms(query.resolved)):
            # "artificial intelligence": the texts' word for a phrase the glossary lacks
            query.phrases = phrases
            query.lexical_text = " ".join([query.lexical_text, *(w for group in phrases for w in group)])
        if query.english:  # "founded by 158 member units": a count stated in English, in the texts' measure
            query.premises = [*query.premises, *english_premises(query.text, ctx.bilingual)]
        scope = ranged(undated(question_scope(query.scope_text, ctx.documents, words=query.english, elsewhere=ctx.said_elsewhere, says=ctx.says), query, ctx), query, ctx)
        if missing := missing_item(query, ctx.numbering, scope.docs, one_title=len(scope.groups()) == 1):
            return compose.refusal(query, missing, [])
        if attached := [a for a in ctx.attachments if a in fold(query.resolved)]:
            # the texts only point to it: what the attachment holds is not in them, except who
            # leads and supports each task, which the task clauses say themselves
            named_unit = self._named_units(query, snapshot)
            if named_unit and (table := self._table(query, snapshot)) is not None:
                return table
            return compose.refusal(query, f"文本只提到附件“{attached[0]}”,附件本身不在文本中", [])
        if not query.english and (focus := unknown_focus(query.parts[0].text, snapshot.corpus_text)):
            # the thing asked about is in no text: neither the table nor a clause answers it
            return compose.refusal(query, f"文本中没有提到“{focus}”", [])
        # "国际合作部负责什么": the duty the texts state in prose, not the tasks the table lists
        duty = None if query.english else asked_duty(query.resolved, lambda: self._named_units(query, snapshot), ctx.duties)
        if duty is None and not beyond_the_table(query, scope, snapshot) and (table := self._table(query, snapshot)) is not None:
            return table
        if (chapters := asked_outline(query.parts[0].text, ctx.numbering, scope.docs)) is not None:
            return compose.from_outline(query, chapters)
        if (targets := asked_targets(query, ctx.targets, ctx.documents)) is not None:
            return compose.from_targets(query, targets, snapshot)
        evidence = self.retrieve.run(query, ctx, scope)
        idf = {t: snapshot.bm25.idf(t) for t in tokenize(query.resolved + " " + query.lexical_text) if t in snapshot.bm25.postings}
        verdict = judge(query, evidence.results, evidence.chosen, idf, ctx, scope.docs, self.limits)
        if duty is not None:
            evidence.corrections[:0] = duty_corrections(query.resolved, duty, snapshot.tasks.unit_names())
        if evidence.corrections and verdict.kind != "refuse":
            verdict = Verdict("correct", corrections=[*evidence.corrections, *verdict.corrections])
        if verdict.kind == "refuse":
            return compose.refusal(query, verdict.reason, evidence.results)
        return compose.from_clauses(query, evidence, verdict, snapshot)

    def _named_units(self, query: Query, snapshot) -> list[str]:
        """The table's names of the units the question names, by any of their names and spellings."""
        units = snapshot.tasks.unit_names()
        wording = respell_units(query.resolved, snapshot.tasks, self.retriever.respelled, lambda text: canonical_units(text, units))
        return units_in(wording, snapshot.tasks)

    def _table(self, query: Query, snapshot) -> Answer | None:
        """A department question answered from the task table, or None."""
        if query.english and not ENGLISH_ROLE_Q.search(query.text):
            return None
        if query.parts[0].slot in NOT_IN_TABLE:
            return None  # a unit's head, phone or meeting place: the clauses are read (and refuse)
        # an English department question reaches the table in the texts' own words
        wording = query.lexical_text if query.english else query.resolved
        units = snapshot.tasks.unit_names()
        if query.english:
            wording = canonical_units(wording, units)
        else:
            wording = respell_units(wording, snapshot.tasks, self.retriever.respelled, lambda text: canonical_units(text, units))
        asked = "" if query.english else canonical_units(query.text, units)
        table = DepartmentAnswerer(self.retriever, snapshot.tasks).answer(wording, asked)
        if table is None or not (table.statements or table.refusal):
            return None
        result = compose.from_table(query, table)
        if result.refused:
            return result
        if query.parts[0].slot in BESIDE_THE_TABLE and not states_slot(query.parts[0], [c.text for c in result.citations]):
            # the table answers who, not how far along or how much: say so, keep the facts
            asked = SLOT_NAMES[query.parts[0].slot]
            return compose.refused_with_facts(result, f"抱歉,现有文本无法回答这个问题:文本中没有关于{asked}的规定。", query.text)
        if query.parts[0].slot == "why":
            # the table says who, never why: say so, keep what it does say
            return compose.refused_with_facts(result, "抱歉,现有文本只写明了任务分工,没有说明原因。", query.text)
        return result

"""Step 2 of an answer: the clauses that are evidence for one part of a question.

Hybrid search scoped to the documents the question names, then what the question itself
points at goes first: a numbered item it names, a person or quoted phrase it names. Route
questions keep every clause close to the best; questions comparing documents take the best
clause of each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.core.attribution import misattributed
from assistant.core.context import Context
from assistant.core.counted import COUNT_MODIFIER_CHARS, asked_head, counted_noun, counted_things, enumerated
from assistant.core.figures import figure_pattern
from assistant.core.focus import alternatives, mentioned_phrase
from assistant.core.followup import names_a_topic
from assistant.core.items import (
    clause_numbers,
    document_names,
    held_by_several,
    item_clauses,
)
from assistant.core.names import known_places
from assistant.core.precedence import (
    better_covered_first,
    card_first,
    example_first,
    issuer_first,
    list_named,
)
from assistant.core.query import Query
from assistant.core.retriever import HybridRetriever, Scored
from assistant.core.scope import Scope, question_scope
from assistant.core.sections import section_articles
from assistant.core.selection import CROSS_DOC_Q, choose_clauses
from assistant.core.slots import part_terms
from assistant.core.thresholds import DEFAULT_THRESHOLDS, Thresholds
from ingest.model import Clause
from ingest.pipeline import META_PATH
from text.coverage import coverage
from text.fold import fold, fold_loose
from text.sentences import sentences
from text.tokenize import tokenize

METADATA_Q = re.compile(r"来源|出处|发布|印发|日期|哪个机构|哪家机构|什么机构|谁发|标题|source|publish|issued|date|title", re.I)
# "那一部分标题是什么": the title of a part of the text, which its clauses carry, not the document's
SECTION_TITLE_Q = re.compile(r"(部分|章|节|条|项|款|段)[^,,。??]{0,3}(标题|题目|名称|名字)")
# A name held by at most this many clauses points at them (more: it is a topic)
NAMED_CLAUSES = 2
# An item "says most" of the question at half its weighted terms and "little" below a
# quarter: between them the question is ambiguous and the named number is trusted.
ITEM_DESCRIBED = 0.5
ITEM_UNDESCRIBED = 0.25  # a name in more clauses than this is a topic, not a pointer


@dataclass
class Evidence:
    """Candidates best first, the clauses to cite, and the documents the question named."""

    results: list[Scored]
    chosen: list[Scored]
    scope: Scope
    corrections: list[str] = field(default_factory=list)  # "第(八)条" that is another item
    every_document: bool = False  # chosen: each document that says the quoted phrase (documents_naming)
    section: str = ""  # chosen: the articles of this chapter, which the question named by its subject


class Retrieve:
    """`run(query, ctx) -> Evidence` for one part of a question."""

    def __init__(self, retriever: HybridRetriever, max_citations: int = 3, limits: Thresholds = DEFAULT_THRESHOLDS) -> None:
        self.retriever = retriever
        self.max_citations = max_citations
        self.limits = limits

    def run(self, query: Query, ctx: Context, scope: Scope | None = None) -> Evidence:
        scope = scope or question_scope(query.scope_text, ctx.documents, words=query.english, elsewhere=ctx.said_elsewhere, says=ctx.says)
        cross = bool(CROSS_DOC_Q.search(fold(query.text)))
        route = query.parts[0].slot == "route"
        # one document named, or one title several documents hold (reposts of one notice): those
        # documents' clauses; documents named apart, or a title left unresolved, are a question
        # across the library
        alone = len(scope.docs) == 1 or (len(scope.groups()) == 1 and not scope.unresolved)
        docs = set(scope.docs) if alone and not cross else None
        attributed = []
        if docs and (wrong := misattributed(query, scope, [d["doc"] for d in ctx.documents], ctx.says)):
            # "国际专家库是2017年计划提出的吧": the evidence is the document that says it
            docs = set(wrong.saying)
            attributed = [f"“{wrong.thing}”出自{_titles(ctx, wrong.saying)},{_titles(ctx, [wrong.named])}中没有提到"]
        results = self.retriever.search(
            query.resolved, k=self.limits.route_clauses + 3, docs=docs,
            lexical=bool(query.lexical_text), lexical_query=query.lexical_text or None,
        )
        if not METADATA_Q.search(SECTION_TITLE_Q.sub(" ", fold(query.text))):
            # a document's card (title, date, issuer) matches every question naming the
            # document; it answers only questions about those facts
            results = [r for r in results if r.clause.clause_path != [META_PATH]]
        results = results[: self.limits.route_clauses + 2 if route else 5]
        idf = {t: ctx.snapshot.bm25.idf(t) for t in tokenize(query.resolved) if t in ctx.snapshot.bm25.postings}
        if figure_pattern(query.parts[0]) is None:  # a figure's clause is chosen by the figure
            results = better_covered_first(results)
        results = example_first(query.text, results)
        results = _answer_type_first(query, results, self.limits.answer_type_share, idf)
        results = card_first(query, results)
        results = issuer_first(query, results, ctx, scope)
        results = _named_first(query, results, ctx.snapshot.clauses, docs)
        corrections = attributed or self._wrong_item(query, results, ctx.snapshot.clauses, scope)
        if not corrections:
            results = _items_first(query, results, ctx.snapshot.clauses, scope)
        chosen = (
            route_clauses(results, self.limits.route_clauses, self.limits.route_score_share) if route
            else choose_clauses(results, query.text, self.max_citations)
        )
        if scope.docs and cross:
            chosen = self._per_document(scope, results)
        if holding := documents_naming(query, ctx.snapshot.clauses):
            chosen = holding  # "“走出去”在哪几份文件里出现过?": every document that says it
        section = section_articles(scope.topic, ctx.snapshot.clauses, scope.docs)
        if section:
            chosen = [Scored(c, 1.0, 1.0, 0.0, 1.0) for c in section[1]]  # "国际合作那部分有哪几条?"
        return Evidence(results, chosen, scope, corrections, every_document=bool(holding), section=section[0] if section else "")

    def _wrong_item(self, query: Query, results: list[Scored], clauses: list[Clause], scope: Scope) -> list[str]:
        """"第(八)条讲的人才培养": when the named item says little of what the question
        describes while the best clause says most of it under another number, the number is
        the wrong premise."""
        if len(query.items) != 1 or not results:
            return []
        ref, top = query.items[0], results[0]
        top_numbers = clause_numbers(top.clause)
        if not top_numbers or ref.number in top_numbers:
            return []
        named = item_clauses(clauses, scope.docs or [top.clause.doc], ref)
        # what the question says of the item, without the words naming its document: "三年计划第6项
        # 是什么?" describes nothing, so nothing can say it is the wrong number
        described = (scope.topic if scope.docs else query.resolved).replace(ref.written, " ")
        if not named or not names_a_topic(described) or top.coverage < ITEM_DESCRIBED or self.retriever.coverage(described, named[0]) >= ITEM_UNDESCRIBED:
            return []
        return [f"文本中讲这一内容的是“{top.clause.clause_path[-1]}”,不是{ref.written}"]

    def _per_document(self, scope: Scope, results: list[Scored]) -> list[Scored]:
        """"How do A and B each put it": the best clause of each document named, found by the
        topic alone (the words naming the documents would find their headers), plus the best
        clause elsewhere when only one of them was recognised. The topic is read once for all of
        them (copies of one notice under other names make ten documents of two titles)."""
        per_doc = [
            [h for h in hits if h.clause.clause_path != [META_PATH]]
            for hits in self.retriever.search_each(scope.topic, scope.docs, k=3)
        ]
        chosen = [hits[0] for hits in per_doc if hits]
        if len(scope.docs) == 1:
            chosen += [r for r in results if r.clause.doc not in scope.docs][:1]
        return chosen[: max(self.max_citations, len(scope.docs))]



def documents_naming(query: Query, clauses: list[Clause]) -> list[Scored]:
    """For "which documents mention “X”" (quoted, or the object of 提到): the first clause of
    each document whose text has the phrase, in document order; [] for any other question."""
    phrase = mentioned_phrase(query.text, query.names)
    if phrase is None:
        return []
    forms = [fold_loose(p) for p in alternatives(phrase)]
    first: dict[str, Clause] = {}
    for clause in sorted(clauses, key=lambda c: (c.doc, c.ordinal)):
        # the text's own words, not its card (whose title may hold the phrase)
        if clause.doc not in first and clause.clause_path != [META_PATH] and any(f in fold_loose(clause.text) for f in forms):
            first[clause.doc] = clause
    return [Scored(c, 1.0, 1.0, 0.0, 1.0) for c in first.values()]


def _items_first(query: Query, results: list[Scored], clauses: list[Clause], scope: Scope) -> list[Scored]:
    """"第(十三)条": the item itself is the evidence, whatever the wording around it."""
    for ref in query.items:
        if not scope.docs and results and held_by_several(clauses, ref):
            # no document named: the item of the list the question names by its heading
            # ("六项措施的第一项"), else of the document the question's topic is in
            docs = list_named(fold(query.resolved), ref, clauses) or [results[0].clause.doc]
        else:
            docs = scope.docs or document_names(clauses)
        named = item_clauses(clauses, docs, ref)
        if named:
            top = Scored(named[0], 1.0, 1.0, 0.0, 1.0)
            results = [top, *[r for r in results if r.clause.id != named[0].id]][:5]
    return results


def _answer_type_first(query: Query, results: list[Scored], share: float, idf: dict[str, float]) -> list[Scored]:
    """"挑了几个当重点伙伴?": a count or date question is answered by a clause that states a
    count or a date. When the best candidate states none, the first candidate that does,
    scoring within `share` of it, goes first. And a count is of the thing asked: a candidate
    whose figure counts that thing ("185家会员单位" for "how many member units") goes before
    one whose figures count something else ("174家机构入会")."""
    if query.parts[0].slot == "list" and results:
        return _enumeration_first(query, results, share, lambda scored, things: False)
    figure = figure_pattern(query.parts[0])
    if figure is None or not results:
        return results
    counted = counted_things(query)

    def counts_it(scored: Scored, things: list[str] = counted) -> bool:
        text = fold(scored.clause.text)
        # the figure, then the thing after a few words at most ("32个国家", "185家会员单位"): further
        # on, the word is inside another noun ("19个…国际或区域组织" counts 组织, not 区域)
        return any(re.search(f"(?:{figure.pattern})[^,,。;;::]{{0,{COUNT_MODIFIER_CHARS}}}?{re.escape(t)}", text) for t in things)

    weights = part_terms(query.parts[0], idf)

    def said_of(scored: Scored) -> float:
        # how much of the question the sentence holding the figure is about
        return max((coverage(s, weights) for s in sentences(scored.clause.text) if figure.search(fold(s))), default=0.0)

    # the noun as asked, modifiers and all ("几家副会长单位"), picks out its count among counts of
    # other kinds of the same head ("185家会员单位")
    noun = counted_noun(fold(query.parts[0].text))
    if noun and counted and noun not in counted and noun.endswith(tuple(counted)):
        for candidate in results[:5]:
            if counts_it(candidate, [noun]):
                return [candidate, *[r for r in results if r is not candidate]]
    if (listed := _enumeration_first(query, results, share, counts_it)) is not results:
        return listed
    top_states = bool(figure.search(fold(results[0].clause.text)))
    top_counts = counted and counts_it(results[0])
    for candidate in results[1:5]:
        if not figure.search(fold(candidate.clause.text)):
            continue
        # or, stating the figure, it holds every term the question searched with while the best
        # does not: fused ranks of one document's clauses sit close, the words decide
        close = candidate.score >= share * results[0].score or (
            not top_states and candidate.coverage >= 1.0 > results[0].coverage)
        if close and (not top_states or said_of(candidate) > said_of(results[0])):
            return [candidate, *[r for r in results if r is not candidate]]
        if counted and not top_counts and counts_it(candidate):
            return [candidate, *[r for r in results if r is not candidate]]
    return results


def _enumeration_first(query: Query, results: list[Scored], share: float, counts_it) -> list[Scored]:
    """"几个/哪三个…平台": a clause listing the things ("建立A平台、B平台、C平台") answers a count
    or a list of them, when the best clause gives no figure counting them (`counts_it`)."""
    head = asked_head(fold(query.parts[0].text))
    if head and not counts_it(results[0], [head]):
        for candidate in results[:5]:
            if enumerated(fold(candidate.clause.text), head) and candidate.score >= share * results[0].score:
                return [candidate, *[r for r in results if r is not candidate]]
    return results


def _named_first(query: Query, results: list[Scored], clauses: list[Clause], docs: set[str] | None) -> list[Scored]:
    """A person or a quoted phrase the question names is the evidence (a place is a topic)
    when the best candidate does not contain it, the few clauses that do go first; those of
    the documents the question keeps to (`docs`, None for all: "开放行动方案…“桥梁”")."""
    for name in query.names:
        loose = fold_loose(name)
        if not results or loose in fold_loose(results[0].clause.text) or loose.isascii() or name in known_places():
            continue
        holding = [c for c in clauses if (not docs or c.doc in docs) and loose in fold_loose(c.text)]
        if 0 < len(holding) <= NAMED_CLAUSES:
            ranked = {r.clause.id: r for r in results}
            first = [ranked.get(c.id) or Scored(c, results[0].score, 0.0, 0.0, 1.0) for c in holding]
            return [*first, *[r for r in results if r.clause.id not in {c.id for c in holding}]]
    return results


def route_clauses(results: list[Scored], limit: int, share: float) -> list[Scored]:
    """"How do we get recognised": the texts offer several mechanisms in several clauses, so
    the answer cites each clause that scores close to the best (at least `share` of it)."""
    if not results:
        return []
    top = results[0].score
    return [r for r in results if r.score >= share * top][:limit]


def _titles(ctx: Context, docs: list[str]) -> str:
    """Documents as the answer names them: their titles, as the citations write them."""
    titles = {d["doc"]: fold(d.get("title", d["doc"])) for d in ctx.documents}
    return "、".join(f"“{titles[d]}”" if "《" in titles[d] else f"《{titles[d]}》" for d in docs)

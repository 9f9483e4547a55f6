"""Which candidate goes first when the question asks something a particular clause holds:
a document's card for its date, its opening or card for who issued it, a clause holding the
rest of the question over one sharing its topic words, and the item of the list a question
names by its heading. Each step reorders the retrieved candidates; none retrieves."""

from __future__ import annotations

import re

from assistant.core.context import Context
from assistant.core.dated import ISSUED_DOCUMENT
from assistant.core.figures import figure_pattern
from assistant.core.issuers import ISSUE_WORDS, ISSUING_BODY, ISSUING_VERBS
from assistant.core.items import document_names, item_clauses
from assistant.core.query import ItemRef, Query
from assistant.core.retriever import Scored
from assistant.core.scope import Scope
from ingest.model import Clause
from ingest.pipeline import META_PATH
from text.fold import fold

# A candidate holding at least this much more of the question's weighted words than the best
# one (half the question) says what is asked, where the best only shares its topic words
COVERAGE_LEAD = 0.5


def better_covered_first(results: list[Scored]) -> list[Scored]:
    """"国别研究要研究重点国家的哪些方面": the country list repeats 重点国家 and wins the fused
    rank; the task clause, ranked right after it and closer in meaning, holds the rest of the
    question. A candidate of the next two, at least as close in meaning (the embedding) and
    covering `COVERAGE_LEAD` more of the question, goes first."""
    if not results:
        return results
    top = results[0]
    for candidate in results[1:3]:
        if candidate.dense >= top.dense and candidate.coverage >= top.coverage + COVERAGE_LEAD:
            return [candidate, *[r for r in results if r is not candidate]]
    return results


# "有没有成功的例子": the question asks for a case, which a text introduces by 如/例如/比如 at the
# start of a sentence or phrase ("…同步输出。如肯尼亚蒙巴萨至内罗毕铁路项目")
EXAMPLE_ASKED = re.compile(r"例子|案例|先例|实例|范例|举个例|举例")
EXAMPLE_GIVEN = re.compile(r"(?:^|[。;;,,:：])(?:例如|比如|譬如|如)[\u4e00-\u9fff]")


def example_first(question: str, results: list[Scored]) -> list[Scored]:
    """A question asking for an example is answered by a clause giving one: of the next two
    candidates, one at least as close in meaning that introduces a case goes before a best
    clause that gives none (a plan to act is no example of having done it)."""
    if not results or not EXAMPLE_ASKED.search(fold(question)) or EXAMPLE_GIVEN.search(fold(results[0].clause.text)):
        return results
    top = results[0]
    for candidate in results[1:3]:
        if candidate.dense >= top.dense and EXAMPLE_GIVEN.search(fold(candidate.clause.text)):
            return [candidate, *[r for r in results if r is not candidate]]
    return results


def list_named(question: str, ref: ItemRef, clauses: list[Clause]) -> list[str]:
    """The one document whose item `ref` sits under a heading the question names before the
    item (four characters of it in a run: "六项措施" of "“检测前置…”六项措施"), or []."""
    before = question[:max(question.find(ref.written), 0)]
    grams = {before[i:i + 4] for i in range(len(before) - 3)}
    docs = {c.doc for c in item_clauses(clauses, document_names(clauses), ref)
            if any(g in fold("".join(c.clause_path[:-1])) for g in grams)}
    return list(docs) if len(docs) == 1 else []


def card_first(query: Query, results: list[Scored]) -> list[Scored]:
    """The date a document itself was issued is on its card (title, date, source), whatever
    clause quotes its title better: the card among the candidates goes first when it gives a date."""
    if query.parts[0].slot != "date" or not ISSUED_DOCUMENT.search(fold(query.text)):
        return results
    figure = figure_pattern(query.parts[0])
    cards = [r for r in results if r.clause.clause_path == [META_PATH] and figure and figure.search(fold(r.clause.text))]
    return [*cards[:1], *[r for r in results if r not in cards[:1]]]


# "是哪个部门发的", "谁印发的", "出自哪里": who issued a document, which its card or its opening says
# ("这句话出自2017年行动计划吧" asks which document holds a statement, not who issued one)
ISSUER_Q = re.compile(r"(?:哪个|哪些|哪家|什么|哪一个)(?:部门|单位|机构|机关|部委)[^,,。;;??]{0,3}(?:发布|印发|发|出台|出|制定|颁布)"
                      r"|谁(?:发布|印发|发|出台|出|制定|颁布)|来源|出处|出自(?=哪|何|什么|谁)")


_SOURCE = re.compile(r"来源")


def issuer_first(query: Query, results: list[Scored], ctx: Context, scope: Scope) -> list[Scored]:
    """Who issued the one document a question names is on its card ("来源:市场监管总局") or in
    its opening ("国家认监委…发布了…"): the first of those naming an issuing body goes first."""
    if len(scope.docs) != 1 or not ISSUER_Q.search(fold(query.parts[0].text)):
        return results
    opening = [c for c in ctx.snapshot.document_clauses(scope.docs[0])[:2] if re.search(ISSUING_BODY, fold(c.text))]
    # a sentence saying the body issued it ("国家认监委…发布了") says most, then a source line
    # ("来源:"), then a card's "据:" (what the item was taken from)
    said = next((c for words in (ISSUING_VERBS, _SOURCE, ISSUE_WORDS) for c in opening if words.search(fold(c.text))), None)
    if said is None:
        return results
    return [Scored(said, 1.0, 1.0, 0.0, 1.0), *[r for r in results if r.clause.id != said.id]][:5]

"""Does the evidence answer this part of the question? Answer, correct the premise, or refuse.

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
from dataclasses import dataclass, field

import jieba.posseg

from assistant.core.focus import unknown_focus
from assistant.core.query import COUNT, Part, Premise, Query, looks_like_person, number_of, premises_of
from assistant.core.query import proper_names as names_in
from assistant.core.refusal import refusal_reason
from assistant.core.retriever import Scored
from assistant.core.selection import sentences
from ingest.fold import fold, fold_loose
from ingest.model import Clause
from vectorstore.lexical import tokenize

DATE = re.compile(r"(?:19|20)\d{2}\s*年(?:\d{1,2}\s*月)?(?:\d{1,2}\s*[日号])?|\d{1,2}\s*月\s*\d{1,2}\s*[日号]|(?:19|20)\d{2}-\d{2}-\d{2}")
NUMBER_WITH = r"(?:\d+(?:\.\d+)?|[一二三四五六七八九十两百千万]+)\s*(?:多|余)?\s*{measure}"
# Measure words that count the same things: a question in 人 is answered by 名 or 位.
SAME_MEASURE = {"人": "人|名|位", "名": "人|名|位", "位": "人|名|位", "项": "项|子项|条|大项", "条": "条|项"}
# Words of the slot itself, not of what it is about: they are not evidence either way.
SLOT_WORDS = re.compile(r"哪一?天|哪一?日|日期|时间|什么时候|何时|多少|几|是谁|哪位|姓名|名字|哪里|地点|费用|收费|一共|总共|共有|分别|具体")
FREQUENCY_EVIDENCE = re.compile(r"每(年|季度|月|周|半年|两年|三年|\d+年)|年度|定期|一年一次|逐年")
STATUS_EVIDENCE = re.compile(r"已经|已(签|完成|建|实现|落实|出台|发布|开展|与)|目前|截至|现已|至今")
BODY = re.compile(r"[\u4e00-\u9fff]{2,8}(局|委|部|中心|协会|院|所|集团|办)(?:[、,和与及][\u4e00-\u9fff]{2,8}(局|委|部|中心|协会|院|所|集团|办))*(?:共同|联合)?(?:牵头|负责|组织|推动|开展|制定|承担|会同)")
ROLE_EVIDENCE = re.compile(r"牵头|配合单位|负责|主责|承担|主管|会同")
# Titles stand right before a person's name in Chinese ("副巡视员刘原龙").
POSITIONS = "常务副会长|副会长|会长|秘书长|副主任|主任|副局长|局长|处长|副司长|司长|副巡视员|巡视员|副书记|书记|副主席|主席|总经理|副院长|院长|所长|副部长|部长|总工程师|负责人|领导"
POSITION = re.compile(f"({POSITIONS})$")
# "认可中心的主任": the body whose officer is asked, which the evidence must name
POSITION_OWNER = re.compile(f"([\u4e00-\u9fff]{{2,16}}?)的?(?:{POSITIONS})")
CONTACT_EVIDENCE = re.compile(r"https?://|www\.|@|\d{3,4}-\d{7,8}|电话[::]|邮箱[::]|地址[::]|网址[::]")
SLOT_NAMES = {"date": "日期", "count": "数量", "person": "人员", "role": "负责单位", "status": "进展情况", "frequency": "频次", "contact": "联系方式"}
# Share of the part's weighted terms the slot's evidence sentence must carry: half of what
# the question describes, so the figure is about the thing asked, not a mere topic match.
SLOT_COVERAGE = 0.5
TOP_CLAUSE_COVERAGE = 0.3


@dataclass
class Verdict:
    """The decision for one part: `answer`, `correct` (answer after corrections) or `refuse`."""

    kind: str
    reason: str = ""
    corrections: list[str] = field(default_factory=list)


def _evidence_text(clauses: list[Clause]) -> str:
    return fold_loose("\n".join(f"{c.title}{c.date}{c.clause}{c.text}" for c in clauses))


def unknown_name(query: Query, corpus_text: str) -> str | None:
    """A proper name or quoted phrase of the question that no text contains, or None."""
    for name in query.names:
        loose = fold_loose(name)
        if loose and loose not in corpus_text:
            return name
    return None


def missing_item(query: Query, numbering: dict[str, set[int]], docs: list[str]) -> str | None:
    """A numbered item the question names that the documents it is about do not have, or
    that lies past a count the question itself gives ("六项措施的第7项")."""
    scope = docs or list(numbering)
    for ref in query.items:
        if counted := _counted_before(query, ref):
            return f"文本中没有“{ref.written}”:{counted}"
        if not any(ref.number in numbering.get(doc, set()) for doc in scope):
            largest = max((max(numbering[d]) for d in scope if numbering.get(d)), default=0)
            tail = f",文本中的编号只到{largest}" if largest and len(scope) == 1 else ""
            return f"文本中没有“{ref.written}”{tail}"
    return None


def _counted_before(query: Query, ref) -> str | None:
    """"六项措施的第7项": the count the question gives for the list the item is taken from,
    when the item's number lies past it."""
    q = fold(query.text)
    at = q.find(ref.written)
    for m in COUNT.finditer(q[:max(at, 0)]):
        number = number_of(m.group(1))
        tail = re.match(r"[\u4e00-\u9fff]{1,6}?(?=的|中|里|之|第|$)", q[m.end():at])
        if number and ref.number > number and tail and m.group(2) in ("项", "条", "个", "大项"):
            return f"{m.group(0)}{tail.group(0)}只有{number}{m.group(2)}"
    return None


# "到2030年", "2018年底前": a year written as a target, which plans state ahead of time
_TARGET_YEAR = re.compile(r"(?:到|至|截至|截止|于)\s*$|^\s*年?(?:底|前|之前|以前|末|年底)")


def after_the_texts(query: Query, clauses: list[Clause], corpus_text: str) -> str | None:
    """"2021年又出台了哪些措施?" over texts written by 2020: a year later than the evidence's
    documents, not written anywhere in the texts, told as a completed event (a verb with 了
    or 已 after it; plans write targets as "到2025年实现…") is one the texts cannot know."""
    dated = [int(c.date[:4]) for c in clauses if c.date[:4].isdigit()]
    if not dated or len(dated) < len(clauses):
        return None
    q = fold(query.text)
    for m in re.finditer(r"(?<!\d)((?:19|20)\d{2})(?!\d)", q):
        year = int(m.group(1))
        if year <= max(dated) or m.group(1) in corpus_text:
            continue
        if _TARGET_YEAR.search(q[max(0, m.start() - 3):m.start()]) or _TARGET_YEAR.search(q[m.end():m.end() + 4]):
            continue
        if not re.search(r"[\u4e00-\u9fff]了|已经|已", q[m.end():m.end() + 16]):
            continue
        return f"文本写于{max(dated)}年及以前,没有{year}年的情况"
    return None


def part_terms(part: Part, idf: dict[str, float]) -> dict[str, float]:
    """The part's content terms with their weight (rarity in the corpus); slot words removed."""
    text = SLOT_WORDS.sub(" ", fold(part.text))
    # single characters ("多", "挑") are grammar more than content in Chinese
    return {t: idf.get(t, 0.0) for t in tokenize(text) if idf.get(t, 0.0) > 0 and len(t) > 1}


def coverage(sentence: str, weights: dict[str, float]) -> float:
    """IDF-weighted share of the terms found in the sentence."""
    total = sum(weights.values())
    if not total:
        return 0.0
    folded = fold_loose(sentence)
    return sum(w for t, w in weights.items() if fold_loose(t) in folded) / total


def _has_person(sentence: str) -> bool:
    """A person's name in the sentence: one jieba tags as a name and did not find in its
    dictionary (where common words tagged as names live), opening with a common surname."""
    return any(flag in ("nr", "nrfg") and looks_like_person(word) for word, flag in jieba.posseg.cut(fold(sentence)))


# The event a date question dates: the word before "日期/时间" ("截止日期") or after "哪天/
# 什么时候" ("哪天成立", "什么时候正式生效").
_DATE_WORD_BEFORE = re.compile(r"([\u4e00-\u9fff]{2,6})的?(?:日期|时间|日子)")
_DATE_WORD_AFTER = re.compile(r"(?:哪一?天|哪一?年|几月几[日号]|什么时候|什么时间|何时)(?:正式|开始|才|就|被)?([\u4e00-\u9fff]{2,4})")


def dated_event(question: str) -> str | None:
    """The two-character verb naming what a date question asks the date of, or None
    ("哪一年的计划" dates no event: a noun there is the topic, not what happened)."""
    q = fold(question)
    for pattern, last in ((_DATE_WORD_BEFORE, True), (_DATE_WORD_AFTER, False)):
        if m := pattern.search(q):
            verbs = [w for w, flag in jieba.posseg.cut(m.group(1)) if len(w) == 2 and flag.startswith("v")]
            if verbs:
                return verbs[-1] if last else verbs[0]
    return None


def slot_kind(part: Part):
    """The test a sentence must pass to carry what the part asks for (a date, a count in
    the asked measure, a person, ...), or None for slots any sentence may answer."""
    kinds = {
        "date": lambda s: bool(DATE.search(fold(s))),
        "count": lambda s: bool(re.search(NUMBER_WITH.format(measure=f"(?:{SAME_MEASURE.get(part.measure, part.measure)})"), fold(s)))
        if part.measure and part.measure not in ("个", "种") else bool(re.search(r"\d|[一二三四五六七八九十两]+[个项家份条类]|[^、]+、[^、]+、", fold(s))),
        "person": _has_person,
        # what has happened since: the texts are plans, so a state needs a sentence saying so
        "status": lambda s: bool(STATUS_EVIDENCE.search(fold(s))),
        "frequency": lambda s: bool(FREQUENCY_EVIDENCE.search(fold(s))),
        "contact": lambda s: bool(CONTACT_EVIDENCE.search(fold(s))),
        # who leads or is responsible, asked of clauses outside the task table: the clause
        # must say who (a role word), else the texts assign no one
        "role": lambda s: bool(ROLE_EVIDENCE.search(fold(s))),
    }
    return kinds.get(part.slot)


def slot_evidence(part: Part, clauses: list[Clause], idf: dict[str, float]) -> bool:
    """True when some evidence sentence carries the part's slot and most of its terms."""
    has_kind = slot_kind(part)
    if has_kind is None:
        return True
    if part.slot == "role":
        # who acts is often the subject of a neighbouring sentence of the clause: any role
        # word or named body in the cited clauses will do
        return any(ROLE_EVIDENCE.search(fold(c.text)) or BODY.search(fold(c.text)) for c in clauses)
    weights = part_terms(part, idf)
    names = [fold_loose(n) for n in names_in(part.text)]
    event = dated_event(part.text) if part.slot == "date" else None
    if part.slot == "person" and (owner := POSITION_OWNER.search(fold(part.text))):
        names.append(fold_loose(owner.group(1)))
    for rank, clause in enumerate(clauses):
        context = fold(clause.clause)
        # words that name the document ("三年计划…的重点领域") choose the document, not the
        # sentence: they are neither required of the sentence nor counted for it
        title = fold_loose(clause.title)
        own = {t: w for t, w in weights.items() if fold_loose(t) not in title} or weights
        # the best-ranked clause is already judged the evidence by retrieval: a sentence of
        # it needs less of the question's wording (people paraphrase) than one elsewhere
        needed = TOP_CLAUSE_COVERAGE if rank == 0 else SLOT_COVERAGE
        for sentence in sentences(clause.text):
            # the figure must be about what the question names: one of its names in the sentence
            named = not names or any(n in fold_loose(context + sentence) for n in names)
            # a date belongs to its event: "入会申请截止日期" is not the founding day. A
            # character of the event word will do: verbs of one event share a morpheme
            # (签署/签订, 成立/建立, 举办/举行, 出台/推出)
            dated = event is None or any(ch in fold_loose(context + sentence) for ch in event)
            if named and dated and has_kind(sentence) and coverage(context + sentence, own) >= needed:
                return True
    return False


def _values(kind: str, text: str, measure: str = "") -> list[str]:
    """Figures of one kind in a text, read by the parser that reads the question's (`premises_of`)."""
    return [p.value for p in premises_of(text) if p.kind == kind and (kind != "count" or p.measure == measure)]


def premise_corrections(query: Query, clauses: list[Clause], idf: dict[str, float], corpus_text: str = "") -> list[str]:
    """"文本写的是X,不是Y" for each stated figure the evidence gives differently."""
    evidence = _evidence_text(clauses)
    weights = part_terms(Part(query.text, "fact"), idf)
    best_sentences = sorted(
        (s for c in clauses for s in [c.title, *sentences(c.text)]),
        key=lambda s: -coverage(s, weights),
    )[:3]
    corrections = attached_year_corrections(query.text, evidence) + position_corrections(query, clauses)
    for premise in query.premises:
        if premise.kind == "count":
            if attached := _attached_correction(premise, evidence):
                corrections.append(attached)
                continue
            if _stated_with_its_noun(premise, corpus_text):
                continue  # "32个重点合作国家" is what the texts say, in a clause not retrieved here
        if fold_loose(premise.value) in evidence or _stated_loosely(premise, evidence):
            continue
        others = [v for s in best_sentences for v in _values(premise.kind, s, premise.measure)]
        others = [v for v in dict.fromkeys(others) if v != premise.value]
        if others:
            corrections.append(f"文本写的是{'、'.join(others[:2])},不是{premise.value}")
    return corrections


def _attachment(before: str, after: str) -> set[str]:
    """Character pairs of the six Chinese characters on each side of a figure: what it counts."""
    left = re.sub(r"[^\u4e00-\u9fff]", "", before)[-6:]
    right = re.sub(r"[^\u4e00-\u9fff]", "", after)[:6]
    return {w[i:i + 2] for w in (left, right) for i in range(len(w) - 1)}


def _attached_correction(premise: Premise, evidence: str) -> str | None:
    """"上线企业增加1000家" when the texts say "上线企业增加500家" and "1000家" counts other
    firms: a count belongs to the words around it, so the figure the texts attach to the
    question's words (at least two shared character pairs, more than the asked figure has
    anywhere) is what the texts say."""
    asked = _attachment(premise.before, premise.after)
    if len(asked) < 2:
        return None
    best: dict[str, int] = {}
    for m in COUNT.finditer(evidence):
        number = number_of(m.group(1))
        if number is not None and m.group(2) == premise.measure:
            value = f"{number}{premise.measure}"
            around = _attachment(evidence[max(0, m.start() - 12):m.start()], evidence[m.end():m.end() + 12])
            best[value] = max(best.get(value, 0), len(asked & around))
    own = best.pop(premise.value, 0)
    other = max(sorted(best.items()), key=lambda kv: kv[1], default=None)
    if other and other[1] >= 2 and other[1] > own:
        return f"文本写的是{other[0]},不是{premise.value}"
    return None


def _stated_with_its_noun(premise: Premise, corpus_text: str) -> bool:
    """The texts give the asked count near the thing the question counts ("32个国家确定为…
    重点合作国家"): four characters of the question's counted noun within a sentence's reach."""
    nouns = [n for n in (re.sub(r"[^\u4e00-\u9fff]", "", premise.after)[:4], re.sub(r"[^\u4e00-\u9fff]", "", premise.before)[-4:]) if len(n) == 4]
    for m in COUNT.finditer(corpus_text):
        if f"{number_of(m.group(1))}{m.group(2)}" == premise.value:
            window = corpus_text[max(0, m.start() - 40):m.end() + 40]
            if any(n in window for n in nouns):
                return True
    return False


def position_corrections(query: Query, clauses: list[Clause]) -> list[str]:
    """A person the question gives one title that the texts give another."""
    q = fold(query.text)
    corrections = []
    for name in query.names:
        asked = POSITION.search(q[: q.find(name)]) if name in q else None
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


def attached_year_corrections(question: str, evidence: str) -> list[str]:
    """"2018年IEC大会" when the texts say "2019年IEC大会": a year tied to the thing it dates."""
    q = fold(question)
    corrections = []
    for m in re.finditer(r"((?:19|20)\d{2})年([A-Za-z]{2,10}[\u4e00-\u9fff]{0,2}|[\u4e00-\u9fff]{2,4})", q):
        year, thing = m.group(1), fold_loose(m.group(2))
        if re.match(r"(底|前|内|以|起|之|后|的|到|至|年|度|工作|行动|计划|方案|要点)", thing):
            continue  # a period or a document's name, not a dated thing
        stated = set(re.findall(r"((?:19|20)\d{2})年" + re.escape(thing), evidence))
        if stated and year not in stated:
            corrections.append(f"文本写的是{'、'.join(sorted(stated))}年{m.group(2)},不是{year}年{m.group(2)}")
    return corrections


def _stated_loosely(premise: Premise, evidence: str) -> bool:
    """A range's years both in the evidence ("2024-2030年" vs "2024年至2030年")."""
    if premise.kind == "range":
        start, end = premise.value.split("-")
        return start in evidence and end in evidence
    return False


def stated_figure(part: Part, clause: Clause, idf: dict[str, float]) -> str | None:
    """The figure a count or date question asks for, as the clause writes it: from the
    sentence that carries most of the question's terms and a figure of the asked kind."""
    if part.slot == "count":
        measure = SAME_MEASURE.get(part.measure, part.measure) if part.measure not in ("", "个", "种") else r"[个项家份条类名人所批种]"
        kind = re.compile(NUMBER_WITH.format(measure=f"(?:{measure})"))
    elif part.slot == "date":
        kind = DATE
    else:
        return None
    weights = part_terms(part, idf)
    best = max(
        ((coverage(sentence, weights), i, m.group(0)) for i, sentence in enumerate(sentences(clause.text))
         for m in [kind.search(fold(sentence))] if m),
        default=None, key=lambda x: (x[0], -x[1]),
    )
    return best[2] if best and best[0] > 0 else None


def english_supported(query: Query, top: Scored) -> bool:
    """An English question is answered when the texts' words for at least two of its
    concepts stand in the best clause and carry half of its weight, or when the multilingual
    embedding alone finds the clause close: cross-language similarity runs lower than
    within Chinese, so the Chinese threshold cannot serve."""
    folded = fold(top.clause.clause + top.clause.text)
    found = {t for t in query.lexical_text.split() if t and fold(t) in folded}
    return top.dense >= 0.80 or (len(found) >= 2 and top.coverage >= 0.5)


def judge(query: Query, results: list[Scored], chosen: list[Scored], idf: dict[str, float], ctx, docs: list[str]) -> Verdict:
    """The part's verdict: `decide`, then for a plain answer the general refusal rules
    (aspects the texts never state, events after them, weak evidence overall)."""
    verdict = decide(query, query.parts[0], chosen, idf, ctx.snapshot.corpus_text, ctx.numbering, docs)
    if verdict.kind != "answer":
        return verdict
    if query.english:
        reason = None if results and english_supported(query, results[0]) else "没有条款足以回答这个问题"
    else:
        best_dense = max((r.dense for r in [*results, *chosen]), default=0.0)
        reason = refusal_reason(query.text, chosen, best_dense=best_dense)
    return Verdict("refuse", reason) if reason else verdict


def decide(
    query: Query,
    part: Part,
    chosen: list[Scored],
    idf: dict[str, float],
    corpus_text: str,
    numbering: dict[str, set[int]],
    docs: list[str],
) -> Verdict:
    """The verdict for one part of the question over its chosen clauses."""
    clauses = [s.clause for s in chosen]
    if missing := missing_item(query, numbering, docs) or after_the_texts(query, clauses, corpus_text):
        return Verdict("refuse", missing)
    corrections = premise_corrections(query, clauses, idf, corpus_text) if clauses else []
    if (focus := unknown_focus(part.text, corpus_text)) and not corrections:
        return Verdict("refuse", f"文本中没有提到“{focus}”")
    if name := unknown_name(query, corpus_text):
        if not corrections:
            return Verdict("refuse", f"文本中没有提到“{name}”")
        corrections.append(f"文本中没有提到“{name}”")
    if corrections:
        return Verdict("correct", corrections=corrections)
    # an English question's terms are its glossary words: those are what the evidence carries
    checked = Part(query.lexical_text, part.slot, part.measure) if query.english else part
    if clauses and not slot_evidence(checked, clauses, idf):
        asked = SLOT_NAMES[part.slot]
        return Verdict("refuse", f"文本没有给出这方面的{asked}")
    return Verdict("answer")

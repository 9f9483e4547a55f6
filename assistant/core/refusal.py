"""When the texts do not answer: refuse plainly instead of stretching a nearby clause.

Each rule names a way a question can reach past the texts: events after the texts were
written, an enumeration the texts only count, weak evidence overall. What a question asks
for that no evidence sentence states (a fee, a time limit, progress, a venue) is the slot
test of `slots.slot_evidence`.
"""

from __future__ import annotations

import re

import jieba.posseg

from assistant.core.retriever import Scored
from assistant.core.stated import COUNT, number_of
from assistant.core.thresholds import DEFAULT_THRESHOLDS, Thresholds
from text.fold import fold, fold_loose
from text.sentences import sentences

_AFTER_YEAR = re.compile(r"(\d{4})\s*年?(之后|以后|后|以来)")
_ENUMERATE = re.compile(r"具体是哪|分别是哪|具体有哪|具体包括哪|列出|哪\s*\d+\s*(条|项|个)")
_LIST_MARK = re.compile(r"[、;;]|\d[.、]")
# "哪个国家贸易额最大": a ranking the texts must make themselves (最…, 首次, 第一, 率先)
_SUPERLATIVE = re.compile(r"最(?:大|多|少|小|早|晚|先|高|低|长|短|快|强)")
_RANKING = re.compile(r"最|首[次个批届家]|第一|率先|之首|居首")


_QUOTED_TITLE = re.compile(r"《([^》]{2,60})》")
_DOC_TYPE = re.compile(r"(\d{4})\s*年?[^,,。?]{0,12}(行动计划|行动方案|工作要点|规划|纲要|实施计划|报道|通知|意见)")


def unknown_document(question: str, titles: list[str], corpus_text: str) -> str | None:
    """A document the question names that the corpus does not hold, or None.

    `《…》` titles must occur somewhere in the texts; "2021年行动计划" needs a document
    of that year (in its title or date)."""
    for m in _QUOTED_TITLE.finditer(question):
        name = fold_loose(m.group(1))
        if name and name not in corpus_text:
            return f"《{m.group(1)}》"
    q = fold(question)
    for m in _DOC_TYPE.finditer(q):
        year = m.group(1)
        if not any(year in t for t in titles):
            return f"{year}年的{m.group(2)}"
    return None


# "目录包括哪些产品", "评出了哪些优秀案例": the things whose members are asked for
_MEMBERS_ASKED = re.compile(r"(?:包括|包含|有|评出了?|选出了?|设立了?|下设)(?:哪些|哪几[个项类种家条])([\u4e00-\u9fff]{2,8}?)(?:[??。,,]|$)")
# ("…主要是哪几类"; "六项措施具体是哪几项" asks numbered items, clauses of their own)
_CONTAINER_ASKED = re.compile(r"([\u4e00-\u9fff]{2,6})(?:(?:都|具体|主要)?(?:包括|包含)(?:哪些|哪几)|(?:都|具体|主要)是(?:哪些|哪几)(?![项条]))")
# A list stands right after the thing ("重点领域:A、B", "包括A、B", "业务(A、B)") or ends right
# before it ("A、B,C等7个重点领域").
_LIST_AFTER = r"[^。;;]{0,4}?(?:[::((]|包括|包含|如|为|有)[^。]{0,40}?、"
_LIST_BEFORE = r"、[^。;;]{1,40}?等[^。,,;;]{0,6}?"  # its members may be phrases between commas


def named_but_not_listed(question: str, texts: list[str]) -> str | None:
    """The thing a list question asks the members of ("首批试点产品目录包括哪些产品"), when the
    evidence names it in sentences that list nothing of it ("发布首批试点产品目录"): the texts
    speak of it without saying what it holds. None when it is not named at all (another rule's
    case) or some sentence lists its members."""
    asked = [m.group(1) for pattern in (_CONTAINER_ASKED, _MEMBERS_ASKED) for m in pattern.finditer(question)]
    for thing in asked:
        named = [s for text in texts for s in sentences(fold(text)) if thing in s]
        if not named:
            continue
        word = re.escape(thing)
        if not any(re.search(word + _LIST_AFTER, s) or re.search(_LIST_BEFORE + word, s) for s in named):
            return thing
    return None


# "那20条贸易政策的第一条": an item of a list named before it, by its position
# (a verb before 的 names no list: "达成的第二个协定" counts occurrences of a deed)
_ITEM_OF = re.compile(r"([\u4e00-\u9fff]{2,10})的第[一二三四五六七八九十\d]{1,3}(?:条|项|点|个)")


def item_of_unlisted(question: str, chosen: list[Scored]) -> str | None:
    """The list a question takes an item of by position ("…政策的第一条"), when no chosen clause
    stands under it: an item belongs to the list its headings (or its document's title) name,
    and a numbered clause of another list ("六项措施 > 1.") is not that item."""
    m = _ITEM_OF.search(fold(question))
    if not m:
        return None
    listed = re.sub(r"^[\u4e00-\u9fff]*?[条项个份]", "", m.group(1)) or m.group(1)  # "20条贸易政策" names 贸易政策
    if not re.match(r"n|vn", jieba.posseg.lcut(listed)[-1].flag):
        return None
    head = listed[-2:]
    if any(head in fold("".join(c.clause.clause_path) + c.clause.title) for c in chosen):
        return None
    return listed


# An enumeration asked for ("分别是哪些", "具体有哪几个"), not a yes or a count
_LIST_ASKED = re.compile(r"哪些|哪几|哪\s*(?:\d+|[两三四五六七八九十]+)\s*[个家份国所名种类]|分别是|具体是|都是|列出|是哪")
# Numbered items (项, 条, 部分) are listed as clauses of their own, not in a sentence
_ITEM_MEASURES = ("项", "条", "大项", "子项", "款", "批")


def counted_not_listed(question: str, chosen: list[Scored]) -> str | None:
    """"认监委签协议的36个政府分别是哪些国家": a group the question counts, that the clause giving
    the count never names one by one (it lists not even half as many items): the texts
    only count it. None when the clause lists them or gives no such count."""
    q = fold(question)
    if not _LIST_ASKED.search(q):
        return None
    texts = [fold(c.clause.text) for c in chosen]
    for m in COUNT.finditer(q):
        number = number_of(m.group(1))
        if number is None or number < 3 or m.group(2) in _ITEM_MEASURES:
            continue
        value = f"{number}{m.group(2)}"
        around = [window for text in texts for window in _from_count_on(text, value)]
        if around and not any(len(re.split(r"[、;;]", window)) >= number / 2 for window in around):
            return value
    return None


def _from_count_on(text: str, value: str) -> list[str]:
    """The clause from the sentence giving a count on: a list of what is counted stands in
    that sentence or after it ("A、B等7个重点领域", "选取32个国家…。具体包括…"), not before it."""
    said = sentences(text)
    count = re.compile(rf"(?<![\d.]){re.escape(value)}")  # "5个", not the end of "25个"
    return [" ".join(said[i:]) for i, sentence in enumerate(said) if count.search(sentence)]


def refusal_reason(
    question: str,
    chosen: list[Scored],
    limits: Thresholds = DEFAULT_THRESHOLDS,
    best_dense: float | None = None,
    whole: bool = False,
) -> str | None:
    """Why the chosen clauses do not answer the question, or None when they do (`whole`: every
    word of the question is in the texts and in the best clause, so it is not off topic)."""
    if not chosen:
        return "没有找到相关条款"
    q = fold(question)
    top = chosen[0]
    if m := _AFTER_YEAR.search(q):
        year = int(m.group(1))
        later = [s for s in chosen if s.clause.date and int(s.clause.date[:4]) > year]
        if not later:
            return f"文本中没有{year}年之后的情况"
    if _ENUMERATE.search(q):
        best = " ".join(sentences(top.clause.text))
        if not _LIST_MARK.search(best) or re.search(r"\d+\s*条", q) and not re.search(r"(1|一)[.、]", best):
            return "文本只提到数量,没有列出具体内容"
    if (ranked := _SUPERLATIVE.search(q)) and "哪" in q and not any(_RANKING.search(fold(c.clause.text)) for c in chosen):
        return f"文本没有说哪一个{ranked.group(0)}"
    if counted := counted_not_listed(q, chosen):
        return f"文本只给出了数量({counted}),没有列出具体是哪些"
    if unlisted := item_of_unlisted(q, chosen):
        return f"文本没有逐条列出“{unlisted}”"
    if unlisted := named_but_not_listed(q, [c.clause.text for c in chosen]):
        return f"文本提到了“{unlisted}”,但没有列出具体内容"
    dense = max(top.dense, best_dense or 0.0)  # the strongest sentence match anywhere in the candidates
    if not whole and (dense < limits.min_dense or (dense < limits.weak_dense and top.coverage < limits.min_coverage)):
        # Off-topic questions ("怎样做红烧肉?") still find a nearest clause; its sentence
        # similarity stays below what any question the texts answer reaches (on the dev
        # set: off-topic at most 0.85, answerable at least 0.867).
        return "没有条款足以回答这个问题"
    return None

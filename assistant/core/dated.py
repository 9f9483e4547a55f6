"""What a date question dates: the event (its verb) and the thing it happened to, and whether
a sentence's date is that event's, of that thing ("青岛华测检验是哪年成立的" is not dated by the
association's founding day in a sentence naming 华测 only as elected there)."""

from __future__ import annotations

import re

import jieba.posseg

from assistant.core.names import known_places
from ingest.model import Clause
from text.fold import fold, fold_loose

# Where the phrases of a sentence break
PHRASE_BREAK = re.compile(r"[,,;;]")

# The event a date question dates: the word before "日期/时间" ("截止日期") or after "哪天/
# 什么时候" ("哪天成立", "什么时候正式生效").
_DATE_WORD_BEFORE = re.compile(r"([\u4e00-\u9fff]{2,6})的?(?:日期|时间|日子)")
_DATE_WORD_AFTER = re.compile(r"(?:哪一?天|哪一?年|几月几[日号]|什么时候|什么时间|何时)(?:正式|开始|才|就|被)?([\u4e00-\u9fff]{2,4})")

# verbs of an act's force that jieba files as other parts of speech (到期 d, 生效 n, 失效 a)
_EFFECT_VERBS = frozenset({"到期", "生效", "失效", "满期"})


def dated_event(question: str) -> str | None:
    """The two-character verb naming what a date question asks the date of, or None
    ("哪一年的计划" dates no event: a noun there is the topic, not what happened)."""
    q = fold(question)
    for pattern, last in ((_DATE_WORD_BEFORE, True), (_DATE_WORD_AFTER, False)):
        if m := pattern.search(q):
            verbs = [w for w, flag in jieba.posseg.cut(m.group(1)) if len(w) == 2 and (flag.startswith("v") or w in _EFFECT_VERBS)]
            if verbs:
                return verbs[-1] if last else verbs[0]
    return None


# "青岛华测检验是哪年成立的": what the dated event happened to, named before the asking words
# "…工作要点那篇是什么时候发布的": a document pointed at as a document, asked when it was issued;
# its card (title, date, source) dates it
ISSUED_DOCUMENT = re.compile(r"(?:[那这该此本](?:篇|份|个?文件|个?文本)|文件|文本)(?:是|于|在)?(?:什么时候|什么时间|哪一?天|哪一?年|何时|几月几[日号])[^,,。;;??]{0,3}(?:发布|印发|发|出台|公布)")
EVENT_SUBJECT = re.compile(r"^([\u4e00-\u9fffA-Za-z]{2,20}?)(?:是|于|在)?(?:哪一?年|哪一?天|哪个月|哪月|什么时候|何时|几月几[日号])")


def named_forms(name: str) -> list[str]:
    """A named thing as the texts may write it (loosely folded): whole, and without the city or
    country it starts with, as organisations are written both ways ("青岛谱尼测试" / "谱尼测试")."""
    loose = fold_loose(name)
    places = known_places()
    bare = [loose[k:] for k in (2, 3) if len(loose) - k >= 2 and name[:k] in places]
    return [loose, *bare[:1]]


def written_tail(subject: str, clauses: list[Clause]) -> str:
    """The longest end of the question's subject, four characters or more, that an evidence
    clause writes ("行动方案要求|机构国际化能力评价体系"), "" when none does."""
    loose, texts = fold_loose(subject), [fold_loose(c.clause + c.text) for c in clauses]
    return next((loose[k:] for k in range(max(0, len(loose) - 4) + 1) if any(loose[k:] in t for t in texts)), "")


def event_of_named(event: str, subject: str, heading: str, sentence: str) -> bool:
    """The thing the question names (loosely folded) is the subject of the dated event: it heads
    the clause, or one phrase of the sentence (between commas) holds both it and the event's word."""
    if subject in fold_loose(heading):
        return True
    return any(
        subject in loose and any(ch in loose for ch in event)
        for loose in (fold_loose(p) for p in PHRASE_BREAK.split(fold(sentence)))
    )

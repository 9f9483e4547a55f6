"""A place the question gives an event that the texts give another ("是在西海岸新区开的吧?"
when the texts say "在胶州市举行").

A place is corrected only when the texts never name it: "在青岛开的" is true of a forum held in
胶州市, a city of 青岛, and the texts say 青岛 often; a place they never mention cannot be where
the event they report was held.
"""

from __future__ import annotations

import re

import jieba.posseg

from assistant.core.names import known_places
from text.fold import fold, fold_loose

# "…在Y开的", "在Y召开的": the place, then a verb of holding (the event is named before it)
# ("在北京开吧": 开 closing the claim, before its particle, holds an event too)
_ASKED_PLACE = re.compile(r"在([\u4e00-\u9fff]{2,12}?)(?:召开|举行|举办|开(?=[的了过吧吗呢]|[??]?$)|办的|成立)")
# "在上合示范区组织召开": a verb may stand between the place and the holding
_SAID_PLACE = re.compile(r"在([\u4e00-\u9fff]{2,14}?)(召开|举行|举办)")
# administrative and site words that end a place's name
_PLACE_END = re.compile(r"(?:市|省|县|区|镇|乡|港|岛|园|村)$")


def _is_place(name: str) -> bool:
    return bool(_PLACE_END.search(name)) or name in known_places()


def _place_in(words: str) -> str | None:
    """The longest opening of `words` that is a place ("上合示范区组织" -> 上合示范区), or None."""
    return next((words[:n] for n in range(len(words), 1, -1) if _is_place(words[:n])), None)


def place_corrections(question: str, sentences: list[str], corpus_text: str) -> list[str]:
    """"文本写的是“在胶州市举行”,不是青岛西海岸新区" for an event the question places where the
    texts never go, read from the sentences that tell the event (they hold its noun)."""
    q = fold(question)
    corrections = []
    for m in _ASKED_PLACE.finditer(q):
        asked = m.group(1)
        if re.search(r"哪|什么|几", asked) or not _is_place(asked) or fold_loose(asked) in corpus_text:
            continue
        # the event: the nouns the question names before the place ("论坛", "成立大会")
        events = [w for w, flag in jieba.posseg.cut(q[:m.start()]) if len(w) >= 2 and flag.startswith("n") and not _is_place(w)]
        said = [s for s in map(fold, sentences) if any(e in s for e in events)]
        places = [f"在{place}{p.group(2)}" for s in said for p in _SAID_PLACE.finditer(s) if (place := _place_in(p.group(1)))]
        if places:
            corrections.append(f"文本写的是“{places[0]}”,不是{asked}")
    return corrections

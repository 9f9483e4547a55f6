"""A change the question tells the other way round: "减少10家" where the text says "增加10家以上"."""

from __future__ import annotations

import re

from assistant.core.query import Query

# Verbs of change and their opposites: "减少10家" is not what "增加10家以上" says
OPPOSITE_CHANGE = {"增加": "减少", "减少": "增加", "提高": "降低", "降低": "提高", "扩大": "缩小", "缩小": "扩大",
                   "增长": "下降", "下降": "增长", "新增": "减少", "上升": "下降"}
_CHANGE = re.compile("|".join(OPPOSITE_CHANGE))


def change_corrections(query: Query, evidence: str) -> list[str]:
    """A count the question says changes one way ("要减少10家") that the evidence says changes
    the other way by the same figure ("增加10家以上")."""
    corrections = []
    for premise in query.premises:
        verbs = _CHANGE.findall(premise.before[-4:]) if premise.kind == "count" else []
        if not verbs:
            continue
        opposite = OPPOSITE_CHANGE[verbs[-1]]
        number = re.escape(premise.value[: -len(premise.measure)]) if premise.measure else re.escape(premise.value)
        if m := re.search(rf"{opposite}\s*{number}\s*{re.escape(premise.measure)}(?:以上|以下|左右)?", evidence):
            corrections.append(f"文本写的是{m.group(0)},不是{verbs[-1]}{premise.value}")
    return corrections

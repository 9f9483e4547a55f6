"""Titles of office as the texts and questions write them ("轮值会长", "常务副会长", "分管领导"): a
claim that gives a holder another title than the text is a premise to correct (`restated`,
`offices`)."""

from __future__ import annotations

import re

from assistant.core.slots import POSITIONS

# A title, with the words that qualify it ("轮值会长", "常务副会长"): two different ones are a claim
POSITION_WORD = re.compile(rf"(?:轮值|首届|常务|执行|名誉|分管)?(?:{POSITIONS})")
# the verbs of holding a title that may follow it in a claim ("副局长担任课题负责人")
_HOLDING = frozenset({"", "担任", "作为", "当", "出任", "任"})


def held_title(text: str) -> bool:
    """The text is a title, maybe with the verb of holding it after ("副局长担任")."""
    title = POSITION_WORD.match(text)
    return bool(title) and text[title.end():] in _HOLDING


def opens_with_title(text: str, at: int) -> bool:
    """A title starts at `at` ("分管领导和…中心主任" starts with 分管领导)."""
    return bool(POSITION_WORD.match(text, at))


def differing_titles(question: str, asked_at: int, sentence: str, said_at: int) -> tuple[str, str] | None:
    """(the text's title, the question's) when both places open with a title and they differ."""
    asked, said = POSITION_WORD.match(question, asked_at), POSITION_WORD.match(sentence, said_at)
    return (said.group(0), asked.group(0)) if asked and said and asked.group(0) != said.group(0) else None

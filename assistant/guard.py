"""Input hygiene for questions: what reaches retrieval is clean text of a sane length.

The limits are settings (`[limits]` in assistant.toml) so a deployment can lower them;
`MAX_QUESTION_CHARS` is also the ceiling the answer engine applies on its own.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_QUESTION_CHARS = 500  # longer input is cut: a question is a question, not a document (2,000 took 10 s)
MAX_HISTORY_TURNS = 10  # earlier messages than the last 10 are dropped
MAX_TURN_CHARS = 4000  # each earlier message is cut to this many characters

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")


class BadQuestion(ValueError):
    """A question that cannot be answered as given; the message says why, for the user."""


@dataclass(frozen=True)
class Limits:
    """How much of a question and of the conversation before it is read."""

    question_chars: int = MAX_QUESTION_CHARS
    history_turns: int = MAX_HISTORY_TURNS
    history_turn_chars: int = MAX_TURN_CHARS

    @classmethod
    def from_table(cls, table: dict) -> Limits:
        """From the `[limits]` settings table; the question limit never exceeds the ceiling."""
        return cls(
            question_chars=max(1, min(int(table.get("question_chars", MAX_QUESTION_CHARS)), MAX_QUESTION_CHARS)),
            history_turns=max(0, int(table.get("history_turns", MAX_HISTORY_TURNS))),
            history_turn_chars=max(1, int(table.get("history_turn_chars", MAX_TURN_CHARS))),
        )


def clean_question(question: object, max_chars: int = MAX_QUESTION_CHARS) -> tuple[str, str | None]:
    """Return (clean question, note for the user or None); raise `BadQuestion` when empty."""
    if not isinstance(question, str):
        raise BadQuestion("问题必须是文本。The question must be text.")
    # normalising half a megabyte to keep 500 characters is wasted work: cut generously first
    text = unicodedata.normalize("NFC", question[: max_chars * 4])
    text = _CONTROL.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip()
    if not text or not re.search(r"[\w\u4e00-\u9fff]", text):
        raise BadQuestion("请输入一个问题。The question is empty.")
    note = None
    if len(text) > max_chars:
        text = text[:max_chars]
        note = f"问题过长,只使用了前 {max_chars} 个字符。"
    return text, note


def bound_history(history: object, limits: Limits) -> tuple[list[dict], str | None]:
    """The last `history_turns` messages, each cut to `history_turn_chars`; a note when cut."""
    messages = [m for m in history if isinstance(m, dict)] if isinstance(history, list) else []
    kept = messages[-limits.history_turns :] if limits.history_turns else []
    bounded, cut = [], len(kept) < len(messages)
    for message in kept:
        content = message.get("content")
        if isinstance(content, str) and len(content) > limits.history_turn_chars:
            message = {**message, "content": content[: limits.history_turn_chars]}
            cut = True
        bounded.append(message)
    note = (
        f"对话历史过长,只使用了最近 {limits.history_turns} 条消息,每条最多 {limits.history_turn_chars} 个字符。"
        if cut
        else None
    )
    return bounded, note

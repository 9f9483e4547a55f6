"""Input hygiene for questions: what reaches retrieval is clean text of a sane length."""

from __future__ import annotations

import re
import unicodedata

MAX_QUESTION_CHARS = 500  # longer input is cut: a question is a question, not a document

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")


class BadQuestion(ValueError):
    """A question that cannot be answered as given; the message says why, for the user."""


def clean_question(question: object) -> tuple[str, str | None]:
    """Return (clean question, note for the user or None); raise `BadQuestion` when empty."""
    if not isinstance(question, str):
        raise BadQuestion("问题必须是文本。The question must be text.")
    text = unicodedata.normalize("NFC", question)
    text = _CONTROL.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip()
    if not text or not re.search(r"[\w\u4e00-\u9fff]", text):
        raise BadQuestion("请输入一个问题。The question is empty.")
    note = None
    if len(text) > MAX_QUESTION_CHARS:
        text = text[:MAX_QUESTION_CHARS]
        note = f"问题过长,只使用了前 {MAX_QUESTION_CHARS} 个字符。"
    return text, note

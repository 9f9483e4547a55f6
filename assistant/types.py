"""The answer API's data: what `answer()` returns to the CLI, the UI, eval and the HTTP API."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum


class Mode(StrEnum):
    """How a question is answered, as the CLI, the UI, the HTTP API, eval and `[answer] mode` name it.

    `extractive` quotes the clauses (no LLM); `llm` writes the answer with the LLM over the same
    clauses and falls back to the extractive one; `auto` uses the LLM where one is configured."""

    EXTRACTIVE = "extractive"
    LLM = "llm"
    AUTO = "auto"

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """The modes as their strings, in order (for `choices=` and messages)."""
        return tuple(m.value for m in cls)


MODES = Mode.names()  # the modes as strings, for `mode in MODES`


@dataclass
class Citation:
    """A clause cited by an answer: `[n]` in the answer text points at it."""

    n: int
    id: str
    doc: str
    title: str
    clause: str
    text: str
    score: float
    date: str = ""
    source: str = ""


@dataclass
class Answer:
    """A grounded answer: text with `[n]` markers, the cited clauses, and how it was made.

    `refused` is true when no clause supports an answer; `related` then lists the nearest
    clauses. `mode` is `extractive`, `table` (from the task table) or `llm`;
    `fallback_reason` says why an LLM answer was replaced by the extractive one.
    """

    question: str
    answer: str
    refused: bool
    citations: list[Citation] = field(default_factory=list)
    related: list[Citation] = field(default_factory=list)
    mode: str = "extractive"
    timings_ms: dict[str, float] = field(default_factory=dict)
    fallback_reason: str | None = None
    resolved_question: str | None = None  # the follow-up rewritten against the history

    def to_json(self) -> dict:
        """The `ask --json` shape."""
        data = asdict(self)
        data["citations"] = [
            {k: c[k] for k in ("n", "id", "doc", "title", "clause", "text", "score")}
            for c in data["citations"]
        ]
        data["related"] = [
            {k: c[k] for k in ("n", "id", "doc", "title", "clause", "text", "score")}
            for c in data["related"]
        ]
        return data

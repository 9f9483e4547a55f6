"""Prompt templates (Chinese) for the generative mode, loaded as LangChain prompt templates."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from langchain_core.prompts import ChatPromptTemplate

PROMPTS_DIR = Path(__file__).resolve().parent


def read_prompt(name: str) -> str:
    """The text of `prompts/NAME.txt`."""
    return (PROMPTS_DIR / f"{name}.txt").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def answer_prompt() -> ChatPromptTemplate:
    """System rules + numbered clauses + question; variables `clauses`, `question`.

    The system text goes in as a literal message, so braces in it are never template fields."""
    from langchain_core.messages import SystemMessage

    return ChatPromptTemplate.from_messages(
        [SystemMessage(content=read_prompt("system")), ("human", read_prompt("answer"))]
    )

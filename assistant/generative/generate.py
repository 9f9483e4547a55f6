"""Generative answers: the extractive answer's clauses -> prompt -> LLM -> check, as a LangChain chain.

There is no retrieval of its own: the clauses are the extractive answer's (cited, then related,
in rank order, for the question as resolved against the conversation); the prompt is
filled within the model's context by tiktoken counts; the streamed answer is checked
(`assistant.generative.grounding`) and replaced by the extractive answer when it fails, with the
reason in `fallback_reason`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import replace

from langchain_core.language_models import BaseChatModel
from langchain_core.output_parsers import StrOutputParser

from assistant.config import Settings
from assistant.generative.config import LLMConfig
from assistant.generative.grounding import check_answer
from assistant.types import Answer, Citation
from ingest.split import Splitter
from prompts import answer_prompt
from text.tokens import count_tokens
from vectorstore.snapshot import Index

PROMPT_OVERHEAD_TOKENS = 64  # chat template tokens around the messages


class Generator:
    """Streams a grounded generative answer over the extractive answer's clauses."""

    def __init__(self, chat_model: BaseChatModel, index: Index, settings: Settings, name: str) -> None:
        self.chat_model = chat_model
        self.index = index
        self.name = name
        llm = LLMConfig.from_table(settings.table("llm"))
        self.context_tokens = llm.context_tokens
        self.max_answer_tokens = llm.max_answer_tokens
        self.prompt_tokens = llm.prompt_tokens
        self.encoding = Splitter.from_table(settings.table("splitter")).encoding  # tokens counted as the splitter does
        self.chain = answer_prompt() | chat_model | StrOutputParser()

    def fit_clauses(self, question: str, clauses: list[Citation]) -> list[Citation]:
        """The best-ranked clauses whose prompt fits the context with room for the answer."""
        # the prompt must fit the window with room for the answer, and stay short enough to
        # read quickly on a CPU (prompt reading dominates the time to first token)
        budget = min(self.context_tokens - self.max_answer_tokens - PROMPT_OVERHEAD_TOKENS, self.prompt_tokens)
        messages = answer_prompt().invoke({"clauses": "", "question": question}).to_messages()
        used = sum(count_tokens(m.content, self.encoding) for m in messages)
        kept: list[Citation] = []
        for clause in clauses:
            cost = count_tokens(self._numbered(len(kept) + 1, clause), self.encoding)
            if used + cost > budget:
                break
            kept.append(clause)
            used += cost
        return kept

    @staticmethod
    def _numbered(n: int, clause: Citation) -> str:
        return f"[{n}] 《{clause.title}》{clause.clause}\n{clause.text}\n"

    def stream(self, question: str, history: list[dict], extractive: Answer) -> Iterator[str | Answer]:
        """Yield tokens as they come, then the checked `Answer` (or the extractive fallback)."""
        started = time.perf_counter()
        retrieved = [*extractive.citations, *extractive.related]
        clauses = self.fit_clauses(extractive.resolved_question or question, retrieved)
        if not clauses:
            yield from self._fallback(extractive, "no clause fits the model's context")
            return
        prompt_input = {
            "clauses": "\n".join(self._numbered(i, c) for i, c in enumerate(clauses, start=1)),
            "question": extractive.resolved_question or question,
        }
        parts: list[str] = []
        first_token_ms = None
        try:
            for chunk in self.chain.stream(prompt_input):
                if first_token_ms is None:
                    first_token_ms = (time.perf_counter() - started) * 1000
                parts.append(chunk)
                yield chunk
        except Exception as err:  # a server that went away mid-answer, a model error
            yield from self._fallback(extractive, f"the LLM failed: {err}")
            return
        text = "".join(parts).strip()
        generate_ms = (time.perf_counter() - started) * 1000
        tokens = count_tokens(text, self.encoding)
        units = self.index.snapshot().tasks.unit_names()
        verdict = check_answer(text, [f"{c.title}\n{c.clause}\n{c.text}" for c in clauses], units)
        timings = {
            **extractive.timings_ms,
            "llm_first_token": round(first_token_ms or 0.0, 1),
            "llm_total": round(generate_ms, 1),
            "llm_tokens": tokens,
            # generation speed after the prompt was read (time to first token is apart)
            "llm_tokens_per_s": round(tokens / ((generate_ms - (first_token_ms or 0)) / 1000), 2)
            if generate_ms > (first_token_ms or 0)
            else 0.0,
        }
        if not verdict.ok:
            fallback = replace(extractive, timings_ms=timings)
            yield from self._fallback(fallback, verdict.reason or "the check failed", separator=True)
            return
        cited = [replace(c, n=i) for i, c in enumerate(clauses, start=1) if i in (verdict.cited or [])]
        # keep the model's numbering: [n] in the text is the n-th clause of the prompt
        yield Answer(
            question=question,
            answer=text,
            refused=False,
            citations=cited,
            related=[replace(c, n=i) for i, c in enumerate(clauses, start=1) if i not in (verdict.cited or [])],
            mode="llm",
            timings_ms=timings,
            resolved_question=extractive.resolved_question,
        )

    @staticmethod
    def _fallback(extractive: Answer, reason: str, separator: bool = False) -> Iterator[str | Answer]:
        result = replace(extractive, fallback_reason=reason)
        if separator:
            yield "\n\n(生成的回答未通过条款核对,改为摘录条款原文)\n"
        yield result.answer
        yield result


_generators: dict[str, Generator | None] = {}
_unavailable: dict[str, str] = {}  # why there is no generator, per data dir
_lock = threading.Lock()


def get_generator(index: Index, settings: Settings) -> Generator | None:
    """The process's generator, or None when no LLM is configured or installed."""
    key = str(settings.data_dir)
    with _lock:
        if key not in _generators:
            _generators[key] = _make(index, settings)
        return _generators[key]


def unavailable_reason(settings: Settings) -> str | None:
    """Why `get_generator` gave None for these settings (None when it was not asked or gave one)."""
    return _unavailable.get(str(settings.data_dir))


def _make(index: Index, settings: Settings) -> Generator | None:
    try:
        from assistant.generative.backends import LLMUnavailable, build_chat_model
    except ImportError:
        return None
    try:
        model = build_chat_model(settings.table("llm"), settings.models_dir)
    except LLMUnavailable as exc:
        _unavailable[str(settings.data_dir)] = str(exc)
        return None
    return Generator(model, index, settings, name=getattr(model, "model_name", type(model).__name__))

"""The `[llm]` table of assistant.toml as one constructor: its defaults live here and nowhere else.

    config = LLMConfig.from_table(settings.table("llm"))   # an unknown key is a TypeError

The generator reads the prompt budget from it, the backends the model's window, length,
temperature, threads and timeout, `serve` whether to prepare the local model file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# A remote OpenAI-compatible server instead of the local model: deployment, so environment, not the table.
ENV_BASE_URL = "ASSISTANT_LLM_BASE_URL"
ENV_MODEL = "ASSISTANT_LLM_MODEL"
ENV_API_KEY = "ASSISTANT_LLM_API_KEY"


@dataclass(frozen=True)
class LLMConfig:
    """How the generative mode runs: the model's window, the prompt and answer budgets, sampling."""

    context_tokens: int = 4096  # the model's window (n_ctx for the local model)
    prompt_tokens: int = 1000  # clauses + question; prompt reading dominates the time to first token
    max_answer_tokens: int = 384
    temperature: float = 0.1
    threads: int = 2  # the machines have 2 cores; more threads only contend
    timeout_s: float = 120.0  # every call to a remote LLM server
    prepare_on_serve: bool = True  # `serve` joins/verifies the local model file at start-up

    @classmethod
    def from_table(cls, table: Mapping[str, Any] | None) -> LLMConfig:
        """From the `[llm]` table, or from a whole config holding one."""
        table = table or {}
        inner = table.get("llm")
        return cls(**(inner if isinstance(inner, Mapping) else table))

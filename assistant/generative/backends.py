"""LangChain chat models for the answer chain: local llama.cpp or a remote OpenAI-compatible server.

`make_chat_model` picks one: remote when ASSISTANT_LLM_BASE_URL is set, else the bundled
GGUF through llama-cpp-python when that install option is present, else none (the
assistant then answers extractively). Both backends are langchain_core BaseChatModels, so
`.invoke`, `.stream` and `|` composition work the same on either.

Own local model rather than langchain_community's ChatLlamaCpp: ChatLlamaCpp builds a new
`Llama` (another ~1 GB mapping and KV cache) for every instance and has no lock, while
llama.cpp contexts are not safe to use from two threads (a web UI serves several at once).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, convert_to_openai_messages
from langchain_core.messages.ai import UsageMetadata
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import Field

from assistant.generative.config import ENV_API_KEY, ENV_BASE_URL, ENV_MODEL, LLMConfig
from assistant.stopping import stop_flag

log = logging.getLogger(__name__)

LOCK_POLL_S = 0.2  # a stream waiting for the model looks at its stop flag this often


class LLMUnavailable(RuntimeError):
    """No chat model can be built; the message says why and what to install or set."""


def _import_llama_cpp() -> Any:
    """Import llama_cpp, first making its OpenMP threads sleep rather than spin when they wait.

    By default they spin at every barrier; when another job takes a core (the UI's embedder,
    a test run) a spinning thread starves its partner, and 2 threads fell to 1-2 tokens/s here
    against ~9 with PASSIVE (NOTES.md). libgomp reads the variable when llama_cpp loads it, so
    it is set before the import; a value set by the user wins.
    """
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    import llama_cpp

    return llama_cpp


@lru_cache(maxsize=2)
def load_llama(model_path: str, n_ctx: int, n_threads: int) -> tuple[Any, threading.Lock]:
    """The process-wide llama.cpp model for these settings, with the lock that guards it.

    Cached because loading maps a gigabyte and allocates the KV cache: every chat model
    instance with the same settings shares one.
    """
    llama = _import_llama_cpp().Llama(
        model_path=model_path,
        n_ctx=n_ctx,
        n_threads=n_threads,
        n_threads_batch=n_threads,
        n_gpu_layers=0,
        verbose=False,
    )
    return llama, threading.Lock()


class ChatLocalLlama(BaseChatModel):
    """Chat model over `llama_cpp.Llama.create_chat_completion`, using the GGUF's own chat template."""

    model_path: str
    n_ctx: int = LLMConfig.context_tokens
    n_threads: int = LLMConfig.threads
    temperature: float = LLMConfig.temperature
    max_tokens: int = LLMConfig.max_answer_tokens
    top_p: float = 0.9
    repeat_penalty: float = 1.1  # mild: small models fall into repeating loops on long answers
    seed: int | None = None
    stop: list[str] | None = Field(default=None)

    @property
    def model_name(self) -> str:
        """The GGUF file's name, as ChatOpenAI's `model_name` names the served model."""
        return Path(self.model_path).name

    @property
    def _llm_type(self) -> str:
        return "llama-cpp-local"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {
            "model_path": self.model_path,
            "n_ctx": self.n_ctx,
            "temperature": self.temperature,
            "max_tokens": self.max_tokens,
        }

    def load(self) -> ChatLocalLlama:
        """Load (or reuse) the model now, so a broken file fails here rather than at the first question."""
        load_llama(self.model_path, self.n_ctx, self.n_threads)
        return self

    def _params(self, stop: list[str] | None, kwargs: Mapping[str, Any]) -> dict[str, Any]:
        params: dict[str, Any] = {
            "temperature": self.temperature,
            "top_p": self.top_p,
            "repeat_penalty": self.repeat_penalty,
            "max_tokens": self.max_tokens,
            "stop": stop or self.stop or [],
        }
        if self.seed is not None:
            params["seed"] = self.seed
        params.update(kwargs)  # per-call overrides, e.g. .invoke(msgs, max_tokens=64)
        return params

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        llama, lock = load_llama(self.model_path, self.n_ctx, self.n_threads)
        with lock:
            response = llama.create_chat_completion(
                messages=convert_to_openai_messages(messages), **self._params(stop, kwargs)
            )
        choice = response["choices"][0]
        usage = response.get("usage") or {}
        message = AIMessage(
            content=choice["message"].get("content") or "",
            usage_metadata=UsageMetadata(
                input_tokens=usage.get("prompt_tokens", 0),
                output_tokens=usage.get("completion_tokens", 0),
                total_tokens=usage.get("total_tokens", 0),
            ),
            response_metadata={
                "finish_reason": choice.get("finish_reason"),
                "model_name": self.model_name,
            },
        )
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        llama, lock = load_llama(self.model_path, self.n_ctx, self.n_threads)
        stopped = stop_flag()  # set when whoever waits for this answer gave up on it (assistant.stopping)
        # The lock is held for the whole stream; closing the iterator early releases it.
        if not _acquire(lock, stopped):
            return
        try:
            parts = llama.create_chat_completion(
                messages=convert_to_openai_messages(messages), stream=True, **self._params(stop, kwargs)
            )
            yield from self._chunks(parts, stopped, run_manager)
        finally:
            lock.release()

    @staticmethod
    def _chunks(
        parts: Iterator[dict], stopped: threading.Event | None, run_manager: CallbackManagerForLLMRun | None
    ) -> Iterator[ChatGenerationChunk]:
        """The stream's text as chunks, until it ends or `stopped` is set: then at the next token
        (each token llama.cpp decodes comes out as a part, but for bytes of an unfinished character),
        closing llama.cpp's iterator, which ends its generation there."""
        try:
            for part in parts:
                if stopped is not None and stopped.is_set():
                    log.info("generation stopped: its answer is no longer wanted")
                    return
                choice = part["choices"][0] if part.get("choices") else None
                if choice is None:
                    continue
                text = (choice.get("delta") or {}).get("content") or ""
                finish = choice.get("finish_reason")
                if not text and not finish:
                    continue  # the role-only first delta
                chunk = ChatGenerationChunk(
                    message=AIMessageChunk(
                        content=text, response_metadata={"finish_reason": finish} if finish else {}
                    )
                )
                if run_manager and text:
                    run_manager.on_llm_new_token(text, chunk=chunk)
                yield chunk
        finally:
            parts.close()  # type: ignore[attr-defined]


def _acquire(lock: threading.Lock, stopped: threading.Event | None) -> bool:
    """Take the model's lock; False (not taken) when `stopped` is set first."""
    if stopped is None:
        return lock.acquire()
    while not lock.acquire(timeout=LOCK_POLL_S):
        if stopped.is_set():
            return False
    return True


def make_remote_chat_model(settings: Mapping[str, Any] | None = None) -> BaseChatModel:
    """ChatOpenAI pointed at the OpenAI-compatible server named by the ASSISTANT_LLM_* variables."""
    from langchain_openai import ChatOpenAI

    llm = LLMConfig.from_table(settings)
    base_url = os.environ.get(ENV_BASE_URL, "").strip()
    if not base_url:
        raise LLMUnavailable(f"{ENV_BASE_URL} is not set")
    model = os.environ.get(ENV_MODEL, "").strip()
    if not model:
        raise LLMUnavailable(f"{ENV_BASE_URL} is set but {ENV_MODEL} is not: name the served model")
    return ChatOpenAI(
        base_url=base_url,
        model=model,
        api_key=os.environ.get(ENV_API_KEY) or "none",  # local servers take any key
        temperature=llm.temperature,
        max_tokens=llm.max_answer_tokens,
        # ChatOpenAI sends only `max_completion_tokens`; llama_cpp.server (and other older
        # servers) ignore it and would generate until the context is full.
        extra_body={"max_tokens": llm.max_answer_tokens},
        timeout=llm.timeout_s,
        max_retries=1,
    )


def make_local_chat_model(settings: Mapping[str, Any] | None, models_dir: Path) -> ChatLocalLlama:
    """The bundled GGUF through llama.cpp, loaded (once per process) before returning."""
    try:
        _import_llama_cpp()
    except ImportError as exc:
        raise LLMUnavailable(
            f"llama-cpp-python is not installed ({exc}); run `make install LLM=local` "
            f"or set {ENV_BASE_URL} to use a remote server"
        ) from exc
    from assistant.generative.model_file import ModelFileError, prepared_model

    llm = LLMConfig.from_table(settings)
    try:
        path = prepared_model(models_dir)  # prepared at install or `serve` start-up, never here
    except ModelFileError as exc:
        raise LLMUnavailable(str(exc)) from exc
    model = ChatLocalLlama(
        model_path=str(path),
        n_ctx=llm.context_tokens,
        n_threads=llm.threads,
        temperature=llm.temperature,
        max_tokens=llm.max_answer_tokens,
    )
    try:
        return model.load()
    except Exception as exc:  # llama.cpp reports a bad file as a bare ValueError
        raise LLMUnavailable(f"could not load {path}: {exc}") from exc


def build_chat_model(settings: Mapping[str, Any], models_dir: Path) -> BaseChatModel:
    """Remote if ASSISTANT_LLM_BASE_URL is set, else local; raises LLMUnavailable saying why not."""
    if os.environ.get(ENV_BASE_URL, "").strip():
        return make_remote_chat_model(settings)
    return make_local_chat_model(settings, models_dir)


def make_chat_model(settings: Mapping[str, Any], models_dir: Path) -> BaseChatModel | None:
    """Like build_chat_model, but None (reason logged) when no model is available.

    For the `auto` answer mode, which falls back to extractive answers; callers that must
    report the reason use build_chat_model and catch LLMUnavailable.
    """
    try:
        return build_chat_model(settings, models_dir)
    except LLMUnavailable as exc:
        log.warning("no LLM: %s", exc)
        return None


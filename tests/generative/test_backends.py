"""The chat models for real: the local GGUF through llama.cpp, and ChatOpenAI against llama_cpp.server."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import httpx
import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate

from assistant.generative import backends
from tests.generative.conftest import require_llama

QUESTION = [
    SystemMessage("你是一个简洁的助手，只用中文回答。"),
    HumanMessage("中国的首都是哪座城市？只回答城市名。"),
]
SETTINGS = {"llm": {"context_tokens": 2048, "max_answer_tokens": 16, "temperature": 0.0}}


def test_remote_needs_a_model_name(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(backends.ENV_BASE_URL, "http://127.0.0.1:9/v1")
    monkeypatch.delenv(backends.ENV_MODEL, raising=False)
    with pytest.raises(backends.LLMUnavailable, match=backends.ENV_MODEL):
        backends.build_chat_model(SETTINGS, tmp_path)
    assert backends.make_chat_model(SETTINGS, tmp_path) is None


def test_remote_is_chosen_when_base_url_is_set(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from langchain_openai import ChatOpenAI

    monkeypatch.setenv(backends.ENV_BASE_URL, "http://127.0.0.1:9/v1")
    monkeypatch.setenv(backends.ENV_MODEL, "qwen")
    monkeypatch.delenv(backends.ENV_API_KEY, raising=False)
    model = backends.make_chat_model(SETTINGS, tmp_path)  # no request is made until invoked
    assert isinstance(model, ChatOpenAI)
    assert model.openai_api_base == "http://127.0.0.1:9/v1"
    assert model.openai_api_key.get_secret_value() == "none"
    assert model.max_tokens == 16 and model.extra_body == {"max_tokens": 16}


def test_no_llm_in_the_light_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Without llama-cpp-python and without a remote URL there is no model, and the reason says what to do."""
    if importlib.util.find_spec("llama_cpp") is not None:
        pytest.skip("llama-cpp-python is installed: this checks the light install (without `LLM=local`)")
    monkeypatch.delenv(backends.ENV_BASE_URL, raising=False)
    with pytest.raises(backends.LLMUnavailable, match="make install LLM=local"):
        backends.build_chat_model(SETTINGS, tmp_path)
    assert backends.make_chat_model(SETTINGS, tmp_path) is None


@pytest.fixture(scope="module")
def local_model(models_dir: Path) -> backends.ChatLocalLlama:
    require_llama()
    return backends.make_local_chat_model(SETTINGS, models_dir)


@pytest.mark.llm
def test_make_chat_model_picks_local(monkeypatch: pytest.MonkeyPatch, models_dir: Path) -> None:
    require_llama()
    monkeypatch.delenv(backends.ENV_BASE_URL, raising=False)
    model = backends.make_chat_model(SETTINGS, models_dir)
    assert isinstance(model, backends.ChatLocalLlama)
    assert model.model_name == "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"


@pytest.mark.llm
def test_local_answers_in_chinese(local_model: backends.ChatLocalLlama) -> None:
    reply = local_model.invoke(QUESTION)
    assert "北京" in reply.content
    assert 0 < reply.usage_metadata["output_tokens"] <= 16


@pytest.mark.llm
def test_local_streams(local_model: backends.ChatLocalLlama) -> None:
    chunks = list(local_model.stream(QUESTION))
    assert len(chunks) > 1  # token by token, not one block
    assert "北京" in "".join(c.content for c in chunks)
    # langchain_core closes a stream with an empty chunk of its own: look at the merged message.
    merged = sum(chunks[1:], chunks[0])
    assert merged.response_metadata.get("finish_reason") in {"stop", "length"}


@pytest.mark.llm
def test_local_in_a_runnable_chain_with_per_call_limit(local_model: backends.ChatLocalLlama) -> None:
    chain = (
        ChatPromptTemplate.from_messages([("human", "{q}")])
        | local_model.bind(max_tokens=4)
        | StrOutputParser()
    )
    text = chain.invoke({"q": "请用一百字介绍长城。"})
    assert isinstance(text, str) and text


@pytest.mark.llm
def test_local_model_is_loaded_once(local_model: backends.ChatLocalLlama) -> None:
    other = backends.ChatLocalLlama(model_path=local_model.model_path, n_ctx=local_model.n_ctx)
    first = backends.load_llama(local_model.model_path, local_model.n_ctx, local_model.n_threads)
    assert backends.load_llama(other.model_path, other.n_ctx, other.n_threads) is first


@pytest.mark.llm
def test_openai_compatible_server(llama_server: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    served = httpx.get(f"{llama_server}/models", timeout=5).json()["data"][0]["id"]
    monkeypatch.setenv(backends.ENV_BASE_URL, llama_server)
    monkeypatch.setenv(backends.ENV_MODEL, served)
    model = backends.make_chat_model(SETTINGS, tmp_path)  # tmp_path: the remote path needs no local file
    assert isinstance(model, BaseChatModel) and not isinstance(model, backends.ChatLocalLlama)

    reply = model.invoke(QUESTION)
    assert "北京" in reply.content
    streamed = "".join(c.content for c in model.stream(QUESTION))
    assert "北京" in streamed


@pytest.mark.llm
def test_openai_compatible_server_honours_max_tokens(
    llama_server: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """llama_cpp.server ignores `max_completion_tokens`; the extra `max_tokens` must bound the answer."""
    monkeypatch.setenv(backends.ENV_BASE_URL, llama_server)
    monkeypatch.setenv(backends.ENV_MODEL, "any")  # a single-model server serves it under any name
    model = backends.make_chat_model({"llm": {"max_answer_tokens": 5, "temperature": 0.0}}, tmp_path)
    reply = model.invoke([HumanMessage("请写一篇关于长城的五百字文章。")])
    assert reply.usage_metadata["output_tokens"] <= 5
    assert reply.response_metadata["finish_reason"] == "length"

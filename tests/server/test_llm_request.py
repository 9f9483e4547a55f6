"""An `llm` request never prepares the 1.1 GB model file itself: it answers at once, extractively,
with the reason (the file is joined at install or when `serve` starts)."""

from __future__ import annotations

import importlib.util
import time

import httpx
import pytest

from assistant.llm.model_file import MODEL_FILENAME

QUESTION = "我们的认证证书和检测报告怎样才能得到国外承认?"


def test_an_llm_request_falls_back_instead_of_joining_the_model(api_url, assistant, monkeypatch):
    monkeypatch.delenv("ASSISTANT_LLM_BASE_URL", raising=False)
    models = assistant.settings.models_dir
    if (models / MODEL_FILENAME).exists():
        pytest.skip("this data dir has a prepared model")
    started = time.monotonic()
    response = httpx.post(f"{api_url}/v1/chat/completions", timeout=120,
                          json={"messages": [{"role": "user", "content": QUESTION}], "mode": "llm"})
    elapsed = time.monotonic() - started
    assert response.status_code == 200, response.text[:300]
    data = response.json()
    assert data["mode"] == "extractive" and not data["refused"] and data["citations"]
    if importlib.util.find_spec("llama_cpp") is not None:
        assert "not prepared" in data["fallback_reason"] and "python -m assistant model" in data["fallback_reason"]
    else:
        assert "llama-cpp-python is not installed" in data["fallback_reason"]
    assert elapsed < 15, f"{elapsed:.1f} s: the request did more than answer"
    assert not models.exists() or not any(models.iterdir()), "a request wrote into the models dir"


def test_serve_prepares_nothing_when_told_not_to(assistant, tmp_path):
    from assistant.config import load_settings
    from assistant.ui.model import prepare_local_model

    config = tmp_path / "c.toml"
    config.write_text("[llm]\nprepare_on_serve = false\n", encoding="utf-8")
    settings = load_settings(tmp_path / "data", config=config)
    assert prepare_local_model(settings) is None and not settings.models_dir.exists()


def test_an_unprepared_model_is_never_joined_by_the_request_path(tmp_path):
    from assistant.llm.model_file import ModelFileError, prepared_model

    with pytest.raises(ModelFileError, match="not prepared"):
        prepared_model(tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.fixture(scope="module")
def llm_url(indexed_data_dir, tmp_path_factory):
    """The app over a copy of the index with the local model prepared (as `serve` does at start-up)."""
    import shutil

    from assistant.api import Assistant
    from assistant.config import load_settings
    from assistant.http_api import make_router
    from assistant.llm.model_file import parts_available
    from assistant.ui.model import prepare_local_model
    from assistant.ui.server import create_app
    from tests.server.conftest import serve_in_thread

    if importlib.util.find_spec("llama_cpp") is None or not parts_available():
        pytest.skip("the local LLM is not installed (make install LLM=local)")
    settings = load_settings(indexed_data_dir)
    settings.data_dir = tmp_path_factory.mktemp("llm-web")
    for part in ("chroma", "cache"):
        shutil.copytree(indexed_data_dir / part, settings.data_dir / part)
    assert prepare_local_model(settings) is not None
    assistant = Assistant(settings)
    with serve_in_thread(create_app(assistant, extra_routers=[make_router(assistant, auth=[])])) as url:
        yield url, assistant
    shutil.rmtree(settings.models_dir, ignore_errors=True)  # a gigabyte


def test_a_client_that_leaves_stops_its_generation(llm_url, caplog):
    """Streamed llm answer: the client reads the first token and goes; the model is free at once."""
    from assistant.llm.backends import load_llama

    url, assistant = llm_url
    caplog.set_level("INFO", logger="assistant.http_api")
    body = {"messages": [{"role": "user", "content": QUESTION}], "mode": "llm", "stream": True}
    with httpx.stream("POST", f"{url}/v1/chat/completions", json=body, timeout=300) as response:
        for line in response.iter_lines():
            if '"content": "' in line and '"role"' not in line:
                break  # the first generated token: leave
    left = time.monotonic()
    generator = assistant.answerer._llm()
    model = generator.chat_model
    lock = load_llama(model.model_path, model.n_ctx, model.n_threads)[1]
    while (lock.locked() or "stopped" not in caplog.text) and time.monotonic() - left < 10:
        time.sleep(0.1)
    freed = time.monotonic() - left
    print(f"model free {freed:.1f} s after the client left")
    assert not lock.locked() and "client left" in caplog.text, f"still generating {freed:.1f} s after the client left"

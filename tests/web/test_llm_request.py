"""An `llm` request never prepares the 1.1 GB model file itself: it answers at once, extractively,
with the reason (the file is joined at install or when `serve` starts)."""

from __future__ import annotations

import importlib.util
import time

import httpx
import pytest

from assistant.generative.model_file import MODEL_FILENAME

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
    from assistant.generative.prepare import prepare_local_model

    config = tmp_path / "c.toml"
    config.write_text("[llm]\nprepare_on_serve = false\n", encoding="utf-8")
    settings = load_settings(tmp_path / "data", config=config)
    assert prepare_local_model(settings) is None and not settings.models_dir.exists()


def test_an_unprepared_model_is_never_joined_by_the_request_path(tmp_path):
    from assistant.generative.model_file import ModelFileError, prepared_model

    with pytest.raises(ModelFileError, match="not prepared"):
        prepared_model(tmp_path)
    assert list(tmp_path.iterdir()) == []


LLAMA_SMOKE = """
import sys
import llama_cpp
llama = llama_cpp.Llama(model_path=sys.argv[1], n_ctx=512, n_threads=2, verbose=False)
llama.create_completion("Hello world, this prompt has a few tokens to decode in one batch.", max_tokens=2)
"""


@pytest.fixture(scope="module")
def llm_server(indexed_data_dir, tmp_path_factory):
    """`python -m assistant serve` over a copy of the index; serve prepares the local model at start-up.

    In a subprocess: llama.cpp runs native code, and a crash there must fail this test, not the run."""
    import os
    import shutil
    import subprocess
    import sys

    from assistant.config import load_settings
    from assistant.generative.model_file import parts_available
    from assistant.generative.prepare import prepare_local_model
    from tests.web.conftest import PROJECT_ROOT, free_port, stop, wait_until

    if importlib.util.find_spec("llama_cpp") is None or not parts_available():
        pytest.skip("the local LLM is not installed (make install LLM=local)")
    data_dir = tmp_path_factory.mktemp("llm-web")
    for part in ("chroma", "cache"):
        shutil.copytree(indexed_data_dir / part, data_dir / part)
    model = prepare_local_model(load_settings(data_dir))  # what serve does at start-up (~20 s, once)
    try:
        smoke = subprocess.run([sys.executable, "-c", LLAMA_SMOKE, str(model)], capture_output=True, timeout=300)
        if smoke.returncode != 0:
            pytest.skip(f"llama_cpp cannot decode a prompt on this machine (exit {smoke.returncode})")
        port, log = free_port(), data_dir / "serve.log"
        env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1",
               "ANONYMIZED_TELEMETRY": "False"}
        for name in ("ASSISTANT_AUTH", "ASSISTANT_CONFIG", "ASSISTANT_CHROMA_URL", "ASSISTANT_LLM_BASE_URL"):
            env.pop(name, None)
        with log.open("w") as out:
            process = subprocess.Popen([sys.executable, "-m", "assistant", "--data-dir", str(data_dir), "serve",
                                        "--port", str(port)], cwd=PROJECT_ROOT, env=env, stdout=out,
                                       stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until(lambda: httpx.get(f"{url}/healthz", timeout=2).status_code == 200, process, log, 300,
                       "assistant serve")
            yield url, process, log
        finally:
            stop(process)
    finally:
        shutil.rmtree(data_dir / "models", ignore_errors=True)  # a gigabyte


def test_a_client_that_leaves_stops_its_generation(llm_server):
    """Streamed llm answer: the client reads the first token and goes; the server stops generating."""
    url, process, log = llm_server
    body = {"messages": [{"role": "user", "content": QUESTION}], "mode": "llm", "stream": True}
    with httpx.stream("POST", f"{url}/v1/chat/completions", json=body, timeout=300) as response:
        assert response.status_code == 200
        for line in response.iter_lines():
            if '"content": "' in line and '"role"' not in line:
                break  # the first generated token: leave
    left = time.monotonic()
    while "client left" not in log.read_text(errors="replace") and time.monotonic() - left < 10:
        time.sleep(0.2)
    noticed = time.monotonic() - left
    print(f"server stopped the answer {noticed:.1f} s after the client left")
    assert process.poll() is None, log.read_text(errors="replace")[-2000:]
    assert "client left" in log.read_text(errors="replace"), f"still generating {noticed:.1f} s after the client left"
    quick = httpx.post(f"{url}/v1/chat/completions", timeout=60, json={
        "messages": [{"role": "user", "content": "推进食品农产品领域互认由哪个部门牵头?"}]})
    assert quick.status_code == 200

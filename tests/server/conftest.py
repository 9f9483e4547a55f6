"""Fixtures for server mode: a real `chroma run`, the bundled corpus ingested into it, and
the real app (UI + HTTP API) served by uvicorn.

`chroma_url` starts `.venv/bin/chroma run` on a free 127.0.0.1 port with a temporary path and
waits for its heartbeat. `server_data_dir` ingests the bundled corpus into it through the CLI
(the data dir then holds only the embeddings cache). `api_url` serves the app over the
shared embedded test index in a thread; `served_url` runs `python -m assistant serve` in a
subprocess against the Chroma server with a login, as a deployment does.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.conftest import PROJECT_ROOT, run_cli, seed_cache

START_TIMEOUT = 60.0  # chroma run starts in about a second; generous for a loaded machine
SERVE_TIMEOUT = 240.0  # the served app loads the embedding model and warms up first
API_USERS = "tester:pw-one,other:pw-two"
# The served test apps answer extractively: joining the 1.1 GB local model at each start would
# cost ~20 s and a gigabyte of disk per test server (tests/llm covers the model).
SERVE_CONFIG = "[llm]\nprepare_on_serve = false\n"


def free_port() -> int:
    """A port nothing listens on right now (127.0.0.1)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def chroma_binary() -> str:
    """The `chroma` CLI of the venv running the tests."""
    beside = Path(sys.executable).parent / "chroma"
    found = str(beside) if beside.exists() else shutil.which("chroma")
    if not found:
        pytest.fail("the `chroma` command (from the chromadb package) is not installed")
    return found


def wait_until(ready, process: subprocess.Popen, log: Path, timeout: float, what: str) -> None:
    """Poll `ready()` until it is true; fail with the log tail if the process dies or time runs out."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            pytest.fail(f"{what} exited with {process.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            if ready():
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not answer within {timeout:.0f} s:\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.3)


def stop(process: subprocess.Popen) -> None:
    """Terminate a process we started, then kill it if it lingers."""
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def server_cli(url: str, data_dir: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """`python -m assistant --data-dir DIR --chroma-url URL ARGS…`."""
    return run_cli(data_dir, "--chroma-url", url, *args, timeout=timeout)


@dataclass
class ChromaServer:
    """A running `chroma run`: its URL and process (tests pause it with SIGSTOP)."""

    url: str
    process: subprocess.Popen


@pytest.fixture(scope="session")
def chroma_url(chroma_server: ChromaServer) -> str:
    """The URL of the session's `chroma run`."""
    return chroma_server.url


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    """A real `chroma run --path TMP --host 127.0.0.1 --port FREE`, stopped at the end."""
    root = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    log = root / "chroma.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [chroma_binary(), "run", "--path", str(root / "db"), "--host", "127.0.0.1", "--port", str(port)],
            stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: httpx.get(f"{url}/api/v2/heartbeat", timeout=2).status_code == 200,
                   process, log, START_TIMEOUT, "chroma run")
        yield ChromaServer(url, process)
    finally:
        process.send_signal(signal.SIGCONT)  # a test that paused it must not leave it unstoppable
        stop(process)


@pytest.fixture(scope="session")
def server_data_dir(chroma_url: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus ingested into the Chroma server; the data dir holds the embeddings cache."""
    data_dir = tmp_path_factory.mktemp("server-data")
    seed_cache(data_dir)
    result = server_cli(chroma_url, data_dir, "ingest", "--quiet")
    assert result.returncode == 0, f"ingest into the server failed:\n{result.stdout}\n{result.stderr}"
    assert "5 added" in result.stdout, result.stdout
    return data_dir


@pytest.fixture(scope="session")
def server_assistant(chroma_url: str, server_data_dir: Path):
    """An `Assistant` in this process over the Chroma server."""
    from assistant.api import Assistant
    from assistant.config import load_settings

    return Assistant(load_settings(server_data_dir, chroma_url=chroma_url))


@contextlib.contextmanager
def serve_in_thread(app) -> Iterator[str]:
    """Serve an ASGI app with uvicorn in a thread on a free loopback port; yields its URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="api-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("uvicorn did not start")
        time.sleep(0.1)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)


@pytest.fixture(scope="session")
def api_url(assistant) -> Iterator[str]:
    """The real app (`create_app`: HTTP API + Gradio UI) over the shared test index, no login,
    served by uvicorn in a thread on a free loopback port."""
    from assistant.web.http_api import make_router
    from assistant.web.server import create_app

    with serve_in_thread(create_app(assistant, extra_routers=[make_router(assistant, auth=[])])) as url:
        yield url


@pytest.fixture(scope="session")
def served_url(chroma_url: str, server_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`python -m assistant --chroma-url URL serve` in a subprocess, with `ASSISTANT_AUTH` set."""
    port = free_port()
    log = tmp_path_factory.mktemp("served") / "serve.log"
    config = log.parent / "serve.toml"
    config.write_text(SERVE_CONFIG, encoding="utf-8")
    env = {**os.environ, "ASSISTANT_AUTH": API_USERS, "GRADIO_ANALYTICS_ENABLED": "False",
           "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False", "ASSISTANT_CONFIG": str(config)}
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "assistant", "--data-dir", str(server_data_dir), "--chroma-url", chroma_url,
             "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: httpx.get(f"{url}/healthz", timeout=2).status_code == 200,
                   process, log, SERVE_TIMEOUT, "assistant serve")
        yield url
    finally:
        stop(process)

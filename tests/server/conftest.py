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
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT, run_cli, seed_cache
from tests.servers import (
    CHROMA_START_S,
    SERVE_CONFIG,
    ServerFailed,
    assistant_serve,
    chroma_binary,
    chroma_run,
    free_port,
    stop,
    wait_until,
)

__all__ = ["PROJECT_ROOT", "SERVE_CONFIG", "START_TIMEOUT", "chroma_binary", "free_port", "stop", "wait_until"]

START_TIMEOUT = CHROMA_START_S
API_USERS = "tester:pw-one,other:pw-two"


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
    try:
        with chroma_run(root / "db", root / "chroma.log") as (url, process):
            yield ChromaServer(url, process)
    except ServerFailed as err:
        pytest.fail(str(err))


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
    log = tmp_path_factory.mktemp("served") / "serve.log"
    try:
        with assistant_serve(server_data_dir, log, chroma_url, env={"ASSISTANT_AUTH": API_USERS}) as (url, _):
            yield url
    except ServerFailed as err:
        pytest.fail(str(err))

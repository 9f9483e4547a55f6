"""Fixtures for the web tests: the real app (UI + HTTP API) served by uvicorn.

`api_url` serves the app over the shared embedded test index in a thread; `served_url` runs
`python -m assistant serve` in a subprocess against the session's Chroma server (`chroma_url`,
`server_data_dir` in tests/conftest.py) with a login, as a deployment does.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT
from tests.servers import (
    CHROMA_START_S,
    SERVE_CONFIG,
    ServerFailed,
    assistant_serve,
    chroma_binary,
    free_port,
    stop,
    wait_until,
)

__all__ = ["PROJECT_ROOT", "SERVE_CONFIG", "START_TIMEOUT", "chroma_binary", "free_port", "stop", "wait_until"]

START_TIMEOUT = CHROMA_START_S
API_USERS = "tester:pw-one,other:pw-two"


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

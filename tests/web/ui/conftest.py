"""Fixtures for the UI tests: an index of the bundled corpus, a real server, a real browser.

The index is built once into a persistent folder (`$ASSISTANT_TEST_DATA`, default
`<venv>/test-data`, the folder `make test` evaluates against) and copied per session, so
uploads and feedback written by the tests never leak into the next run. The server runs
in a subprocess exactly as `python -m assistant serve` does, on a free 127.0.0.1 port.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.config import BUNDLED_CORPUS, PROJECT_ROOT
from tests.servers import SERVE_CONFIG, ServerFailed, free_port, running

ARTIFACTS = PROJECT_ROOT / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SERVER_START_TIMEOUT = 180.0  # the first start may load the embedding model from a cold disk
INGEST_TIMEOUT = 900.0


class ProxyTrap:
    """A loopback "proxy" that records every connection made to it and serves none.

    The server runs with HTTP(S)_PROXY pointing here (loopback exempt), so any outside
    request its libraries make through httpx/requests lands here instead of the network.
    """

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.seen: list[str] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:  # closed
                return
            with conn:
                conn.settimeout(2)
                try:
                    first = conn.recv(1024).split(b"\r\n", 1)[0].decode("latin-1")
                except OSError:
                    first = "(no request line)"
                self.seen.append(first)

    def close(self) -> None:
        self.sock.close()


@dataclass
class Server:
    """A running UI server: its URL, data dir, log file, and the proxy trap it runs behind."""

    url: str
    data_dir: Path
    log: Path
    process: subprocess.Popen
    trap: ProxyTrap


def _env(proxy: str | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("ASSISTANT_AUTH", None)  # the tests use the page without a login
    env.update(GRADIO_ANALYTICS_ENABLED="False", HF_HUB_OFFLINE="1", HF_HUB_DISABLE_TELEMETRY="1",
               ANONYMIZED_TELEMETRY="False", TOKENIZERS_PARALLELISM="false")
    if proxy:
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
            env[name] = proxy
        env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    return env


def _index_home() -> Path:
    configured = os.environ.get("ASSISTANT_TEST_DATA")
    if configured:
        return Path(configured)
    if sys.prefix != sys.base_prefix:  # in a venv: the folder `make test` uses too
        return Path(sys.prefix) / "test-data"
    return PROJECT_ROOT / "var" / "test-data"


@pytest.fixture(scope="session")
def indexed_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private data dir holding the bundled corpus's index (built or refreshed once, then copied)."""
    home = _index_home()
    home.mkdir(parents=True, exist_ok=True)
    with (home.parent / f".{home.name}.lock").open("w") as lock:
        # Another test process may be building the same index: wait for it rather than race it.
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = subprocess.run(
            [sys.executable, "-m", "assistant", "--data-dir", str(home), "ingest", "--quiet", str(BUNDLED_CORPUS)],
            cwd=PROJECT_ROOT, env=_env(), capture_output=True, text=True, timeout=INGEST_TIMEOUT,
        )
        assert done.returncode == 0, f"ingest failed:\n{done.stdout}\n{done.stderr}"
        target = tmp_path_factory.mktemp("ui") / "data"
        shutil.copytree(home, target, ignore=shutil.ignore_patterns("eval-reports", "feedback.jsonl"))
    return target


@pytest.fixture(scope="session")
def server(indexed_data_dir: Path) -> Iterator[Server]:
    """The real UI server (`python -m assistant serve`) on a free loopback port."""
    ARTIFACTS.mkdir(exist_ok=True)
    port = free_port()
    log = ARTIFACTS / "ui-server.log"
    config = indexed_data_dir.parent / "serve.toml"
    config.write_text(SERVE_CONFIG, encoding="utf-8")  # no 1.1 GB join per test server
    trap = ProxyTrap()
    argv = [sys.executable, "-m", "assistant", "--data-dir", str(indexed_data_dir), "--config", str(config), "serve",
            "--host", "127.0.0.1", "--port", str(port)]
    url = f"http://127.0.0.1:{port}"
    try:
        with running(argv, f"{url}/healthz", log, SERVER_START_TIMEOUT, "the UI server", env=_env(trap.url)) as process:
            yield Server(url=url, data_dir=indexed_data_dir, log=log, process=process, trap=trap)
    except ServerFailed as err:
        pytest.fail(str(err))
    finally:
        trap.close()
    # Checked once more after everything ran (test_concurrency checks it as a test too).
    assert trap.seen == [], f"the server tried to reach outside hosts: {trap.seen}"


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """Headless Debian Chromium driven by Playwright (never a downloaded browser)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's Chromium with `make install-browser`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()

"""Shared fixtures: one real index of the bundled corpus per test session, and the store in
server mode (tests/vectorstore, tests/web).

The index is built by the real CLI in a subprocess. The embeddings cache is shared across
runs through `.venv/test-cache/embeddings.sqlite` so a second run embeds nothing.

`chroma_url` starts `.venv/bin/chroma run` on a free 127.0.0.1 port with a temporary path and
waits for its heartbeat. `server_data_dir` ingests the bundled corpus into it through the CLI
(the data dir then holds only the embeddings cache).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.servers import ServerFailed, chroma_run

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT_ROOT / "corpus"
PERSISTENT_CACHE = PROJECT_ROOT / ".venv" / "test-cache" / "embeddings.sqlite"


def corpus_file(prefix: str) -> Path:
    """The bundled corpus file whose name starts with `prefix` (e.g. "000")."""
    (path,) = sorted(CORPUS.glob(f"{prefix}_*.txt"))
    return path


def run_cli(data_dir: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """`python -m assistant --data-dir DIR ARGS…` as a user runs it."""
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    env.pop("ASSISTANT_CONFIG", None)
    env.pop("ASSISTANT_CHROMA_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "assistant", "--data-dir", str(data_dir), *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def seed_cache(data_dir: Path) -> None:
    """Copy the persistent embeddings cache into a data dir (if there is one)."""
    if PERSISTENT_CACHE.exists():
        target = data_dir / "cache" / "embeddings.sqlite"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PERSISTENT_CACHE, target)


def save_cache(data_dir: Path) -> None:
    """Copy a data dir's embeddings cache back to the persistent place."""
    source = data_dir / "cache" / "embeddings.sqlite"
    if source.exists():
        PERSISTENT_CACHE.parent.mkdir(parents=True, exist_ok=True)
        tmp = PERSISTENT_CACHE.with_suffix(".tmp")
        shutil.copyfile(source, tmp)
        tmp.replace(PERSISTENT_CACHE)


@pytest.fixture(scope="session")
def indexed_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir holding a real index of the bundled corpus (built once per session)."""
    data_dir = tmp_path_factory.mktemp("indexed-data")
    seed_cache(data_dir)
    result = run_cli(data_dir, "ingest", "--quiet")
    assert result.returncode == 0, f"ingest failed:\n{result.stdout}\n{result.stderr}"
    save_cache(data_dir)
    return data_dir


@pytest.fixture(scope="session")
def assistant(indexed_data_dir: Path):
    """The real `Assistant` over the session's index."""
    from assistant.api import Assistant
    from assistant.config import load_settings

    return Assistant(load_settings(indexed_data_dir))


# --- the store in server mode ---------------------------------------------------------------
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

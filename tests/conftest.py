"""Shared fixtures: one real index of the bundled corpus per test session.

The index is built by the real CLI in a subprocess. The embeddings cache is shared across
runs through `.venv/test-cache/embeddings.sqlite` so a second run embeds nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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

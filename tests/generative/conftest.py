"""Fixtures for the LLM tests: the real joined GGUF, and a real llama_cpp.server on loopback.

The LLM is an install option (`make install LLM=local`); without it these tests skip and say so.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.generative.model_file import ModelFileError, ensure_model, installed_parts, parts_available
from tests.servers import ServerFailed, free_port, running

LOCAL_HINT = "the local LLM is an install option: run `make install LLM=local`"
SERVER_MODULES = ("fastapi", "uvicorn", "sse_starlette", "starlette_context", "pydantic_settings", "yaml")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "llm: needs the local LLM (`make install LLM=local`); deselect with -m 'not llm'"
    )


def _has(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def require_parts() -> None:
    """Skip unless the 22 model part packages are installed."""
    if not parts_available():
        try:
            installed_parts()
        except ModelFileError as exc:  # names just the missing parts
            pytest.skip(str(exc))


def require_llama() -> None:
    """Skip unless llama-cpp-python is installed."""
    if not _has("llama_cpp"):
        pytest.skip(f"llama-cpp-python not installed; {LOCAL_HINT}")


@pytest.fixture(scope="session")
def models_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A models dir holding the GGUF joined from the installed parts (once per test session)."""
    require_parts()
    directory = tmp_path_factory.mktemp("models")
    ensure_model(directory)
    yield directory
    # pytest keeps the last runs' temp dirs: do not leave a gigabyte behind in each.
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="session")
def model_path(models_dir: Path) -> Path:
    return ensure_model(models_dir)


@pytest.fixture(scope="session")
def llama_server(model_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL (…/v1) of `python -m llama_cpp.server` serving the GGUF on a free loopback port."""
    require_llama()
    missing = [m for m in SERVER_MODULES if not _has(m)]
    if missing:
        pytest.skip(f"llama_cpp.server extras missing ({', '.join(missing)}); {LOCAL_HINT}")
    port = free_port()
    log_path = tmp_path_factory.mktemp("server") / "llama_server.log"
    argv = [sys.executable, "-m", "llama_cpp.server", "--model", str(model_path), "--host", "127.0.0.1",
            "--port", str(port), "--n_ctx", "2048", "--n_threads", "2"]
    base_url = f"http://127.0.0.1:{port}/v1"
    # As backends does in-process: waiting OpenMP threads sleep instead of spinning.
    env = {"OMP_WAIT_POLICY": "PASSIVE", **os.environ}
    try:
        with running(argv, f"{base_url}/models", log_path, 180, "llama_cpp.server", env=env, stop_timeout=20):
            yield base_url
    except ServerFailed as err:
        pytest.fail(str(err))

"""Starting and stopping the real servers the tests and benchmarks run against.

One place for what tests/web, tests/vectorstore, tests/generative and bench/scale.py each did by hand: a
free loopback port, a process started with its output in a log, waiting until it answers
(failing with the log tail when it dies or stays silent), stopping it, and the two servers
most tests need: `chroma run` over a directory and `python -m assistant serve`.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CHROMA_START_S = 60.0  # chroma run starts in about a second; generous for a loaded machine
SERVE_START_S = 240.0  # the served app loads the embedding model and warms up first
# Served test apps answer extractively: joining the 1.1 GB local model at each start would
# cost ~20 s and a gigabyte of disk per server (tests/generative covers the model).
SERVE_CONFIG = "[llm]\nprepare_on_serve = false\n"


class ServerFailed(RuntimeError):
    """A server exited or did not answer in time; the message ends with its log."""


def free_port() -> int:
    """A port nothing listens on right now (127.0.0.1)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def chroma_binary() -> str:
    """The `chroma` CLI of the venv running this interpreter."""
    beside = Path(sys.executable).parent / "chroma"
    found = str(beside) if beside.exists() else shutil.which("chroma")
    if not found:
        raise ServerFailed("the `chroma` command (from the chromadb package) is not installed")
    return found


def log_tail(log: Path, chars: int = 3000) -> str:
    """The end of a server's log (empty when there is none yet)."""
    return log.read_text(errors="replace")[-chars:] if log.exists() else ""


def wait_until(ready: Callable[[], bool], process: subprocess.Popen, log: Path, timeout: float, what: str) -> None:
    """Poll `ready()` until true; raise `ServerFailed` with the log tail if the process dies or time runs out."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise ServerFailed(f"{what} exited with {process.returncode}:\n{log_tail(log)}")
        with contextlib.suppress(httpx.HTTPError):
            if ready():
                return
        if time.monotonic() > deadline:
            raise ServerFailed(f"{what} did not answer within {timeout:.0f} s:\n{log_tail(log)}")
        time.sleep(0.3)


def answers(url: str) -> Callable[[], bool]:
    """A `ready` check: GET `url` returns 200."""
    return lambda: httpx.get(url, timeout=2).status_code == 200


def stop(process: subprocess.Popen, timeout: float = 15) -> None:
    """Terminate a process we started (waking it if a test paused it), then kill it if it lingers."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGCONT)
        process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def quiet_env(**extra: str) -> dict[str, str]:
    """This environment with telemetry and analytics off and no assistant settings inherited, plus `extra`."""
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False", "GRADIO_ANALYTICS_ENABLED": "False",
           "HF_HUB_OFFLINE": "1", "HF_HUB_DISABLE_TELEMETRY": "1"}
    for name in ("ASSISTANT_AUTH", "ASSISTANT_CONFIG", "ASSISTANT_CHROMA_URL"):
        env.pop(name, None)
    return {**env, **extra}


def run_worker(script: str | Path, *args: str) -> dict:
    """Run `script --worker ARGS` in a fresh interpreter (its own peak RSS, nothing warm carried
    over) from the project root; its last stdout line is JSON. For the benchmarks' phases."""
    done = subprocess.run([sys.executable, str(script), "--worker", *args], cwd=PROJECT_ROOT,
                          env=quiet_env(), capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"worker {args} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


@contextlib.contextmanager
def running(
    argv: list[str], ready_url: str, log: Path, timeout: float, what: str,
    env: dict[str, str] | None = None, stop_timeout: float = 15,
) -> Iterator[subprocess.Popen]:
    """Start `argv` (output to `log`), wait until `ready_url` answers 200, yield the process, stop it after."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as out:
        process = subprocess.Popen(argv, cwd=PROJECT_ROOT, env=env or quiet_env(), stdout=out,
                                   stderr=subprocess.STDOUT)
    try:
        wait_until(answers(ready_url), process, log, timeout, what)
        yield process
    finally:
        stop(process, stop_timeout)


@contextlib.contextmanager
def chroma_run(path: Path, log: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """`chroma run --path PATH` on a free loopback port; yields (URL, process), stops it after."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    argv = [chroma_binary(), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)]
    with running(argv, f"{url}/api/v2/heartbeat", log, CHROMA_START_S, "chroma run", stop_timeout=30) as process:
        yield url, process


@contextlib.contextmanager
def assistant_serve(
    data_dir: Path, log: Path, chroma_url: str | None = None, env: dict[str, str] | None = None,
    timeout: float = SERVE_START_S,
) -> Iterator[tuple[str, subprocess.Popen]]:
    """`python -m assistant serve` (extractive, no model join) on a free port; yields (URL, process).

    `env` adds to the quiet environment (e.g. `ASSISTANT_AUTH`)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    config = log.with_suffix(".toml")
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(SERVE_CONFIG, encoding="utf-8")
    store = ["--chroma-url", chroma_url] if chroma_url else []
    argv = [sys.executable, "-m", "assistant", "--data-dir", str(data_dir), *store,
            "serve", "--host", "127.0.0.1", "--port", str(port)]
    with running(argv, f"{url}/healthz", log, timeout, "assistant serve",
                 env=quiet_env(ASSISTANT_CONFIG=str(config), **(env or {}))) as process:
        yield url, process


def rss_of(pid: int) -> float:
    """A running process's resident memory, in MB (from /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0

"""The FastAPI app around the UI: extra routers beside it, login when configured, offline settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from fastapi import APIRouter
from fastapi.testclient import TestClient

from assistant.api import Assistant
from assistant.config import load_settings
from assistant.web.server import create_app


def test_extra_routers_and_login(tmp_path: Path) -> None:
    router = APIRouter(prefix="/v1")

    @router.get("/ping")
    def ping() -> dict:
        return {"pong": True}

    # No index is needed to build the app: nothing is opened until a question is asked.
    app = create_app(Assistant(load_settings(tmp_path)), extra_routers=[router], auth=[("ann", "pw")])
    with TestClient(app) as client:
        assert client.get("/v1/ping").status_code == 401  # the login covers every route
        assert client.get("/v1/ping", auth=("ann", "pw")).json() == {"pong": True}  # not swallowed by the UI at /
        assert client.get("/healthz").json() == {"status": "ok"}
        assert client.get("/config").status_code == 401  # the UI needs the login
        assert client.post("/login", data={"username": "ann", "password": "wrong"}).status_code == 400
        assert client.post("/login", data={"username": "ann", "password": "pw"}).status_code == 200
        assert client.get("/config").status_code == 200
        assert client.get("/docs").status_code != 200  # Swagger would load assets from a CDN


def test_importing_the_web_package_switches_off_calls_out() -> None:
    """In a process whose environment turns analytics and the Hub on (the Makefile and the test
    run export the offline values, so only a clean process shows what the import itself does)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GRADIO_", "HF_HUB_"))}
    env |= {"GRADIO_ANALYTICS_ENABLED": "True", "HF_HUB_OFFLINE": "0"}
    probe = ("import os, assistant.web.ui, gradio; "
             "print(*(os.environ.get(k) for k in ('GRADIO_ANALYTICS_ENABLED', 'HF_HUB_OFFLINE', "
             "'HF_HUB_DISABLE_TELEMETRY')))")
    result = subprocess.run([sys.executable, "-c", probe], env=env, cwd=Path(__file__).resolve().parents[2],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    analytics, offline, telemetry = result.stdout.split()
    assert (analytics, offline) == ("False", "1")
    assert telemetry in ("1", "True")  # Gradio rewrites it as "True"

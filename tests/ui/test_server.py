"""The FastAPI app around the UI: extra routers beside it, login when configured, offline settings."""

from __future__ import annotations

import os
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


def test_importing_the_ui_switches_off_calls_out() -> None:
    import assistant.web.ui  # noqa: F401

    assert os.environ["GRADIO_ANALYTICS_ENABLED"] == "False"
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    assert os.environ["HF_HUB_DISABLE_TELEMETRY"] in ("1", "True")  # Gradio rewrites it as "True"

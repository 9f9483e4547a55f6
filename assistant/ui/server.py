"""Serve the UI: a FastAPI app with the Gradio Blocks mounted at `/`, run by uvicorn.

    serve(Assistant(settings))                   # http://127.0.0.1:7860
    app = create_app(assistant, extra_routers=[v1_router])   # add HTTP routes beside the UI

HTTP routes (e.g. `/v1/...`) go in through `extra_routers`: they are included before Gradio
is mounted at `/`, and a mount at `/` answers every path registered after it. A route
reaches the assistant as `request.app.state.assistant`.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import time
from collections.abc import Sequence

import gradio as gr
import uvicorn
from fastapi import APIRouter, FastAPI

from assistant.api import Assistant
from assistant.http_api import make_router
from assistant.ui.app import TITLE, build_app
from assistant.ui.evaluation import reports_dir
from assistant.ui.theme import page_kwargs

log = logging.getLogger(__name__)

AUTH_ENV = "ASSISTANT_AUTH"
MAX_UPLOAD = "20mb"  # policy texts are tens of KB; anything near this is not one


def parse_auth(spec: str | None) -> list[tuple[str, str]] | None:
    """`user:pass[,user2:pass2]` -> [(user, pass), ...]; None when empty. Raises ValueError on a bad entry."""
    if not spec or not spec.strip():
        return None
    pairs = []
    for entry in spec.split(","):
        entry = entry.strip()
        user, sep, password = entry.partition(":")
        if not sep or not user or not password:
            raise ValueError(f"{AUTH_ENV}: expected user:password entries separated by commas, got {entry!r}")
        pairs.append((user, password))
    return pairs


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def create_app(
    assistant: Assistant,
    extra_routers: Sequence[APIRouter] = (),
    auth: list[tuple[str, str]] | None = None,
    blocks: gr.Blocks | None = None,
) -> FastAPI:
    """The FastAPI app: `extra_routers` first, `/healthz`, then the Gradio UI at `/`.

    `auth` protects the UI (Gradio's login page); routers handle their own auth.
    """
    # auto_configure False: OTEL_* variables in the environment must not make FastAPI export
    # telemetry off the machine.
    # No /docs or /redoc: their pages load Swagger/ReDoc assets from a CDN. /openapi.json stays.
    app = FastAPI(title=TITLE, docs_url=None, redoc_url=None,
                  telemetry={"auto_configure": False})
    app.state.assistant = assistant
    for router in extra_routers:
        app.include_router(router)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    blocks = blocks or build_app(assistant)
    app.state.blocks = blocks
    reports = reports_dir(assistant)
    reports.mkdir(parents=True, exist_ok=True)
    gr.mount_gradio_app(
        app,
        blocks,
        path="/",
        auth=auth,
        auth_message="请登录后使用认证认可政策问答助手。" if auth else None,
        allowed_paths=[str(reports)],  # eval reports offered for download
        max_file_size=MAX_UPLOAD,
        ssr_mode=False,
        pwa=False,
        mcp_server=False,
        footer_links=["api", "settings"],
        run_history=False,
        **page_kwargs(),
    )
    return app


def warm_up(assistant: Assistant) -> None:
    """Load the index, the embedding model and the answerer now, not in the first user's request."""
    started = time.perf_counter()
    try:
        assistant.index.snapshot()
        assistant.answer("预热:推进食品农产品领域互认由哪个部门牵头?")
    except Exception as err:  # an empty index or a missing answerer: the page still serves and says so
        log.warning("warm-up incomplete: %s", err)
    log.info("warm-up took %.1f s", time.perf_counter() - started)


def serve(
    assistant: Assistant,
    host: str = "127.0.0.1",
    port: int = 7860,
    auth: list[tuple[str, str]] | None = None,
    extra_routers: Sequence[APIRouter] = (),
) -> None:
    """Run the UI with uvicorn until interrupted. Loopback only unless `host` says otherwise.

    `auth` defaults to `ASSISTANT_AUTH=user:pass[,user2:pass2]` from the environment.
    """
    if auth is None:
        auth = parse_auth(os.environ.get(AUTH_ENV))
    if not _is_loopback(host) and not auth:
        log.warning("serving on %s without a login: anyone on the network can use it (set %s)", host, AUTH_ENV)
    app = create_app(assistant, extra_routers=extra_routers or [make_router(assistant, auth or [])], auth=auth)
    warm_up(assistant)
    print(f"认证认可政策问答助手: http://{host}:{port}/" + (" (login required)" if auth else ""), flush=True)
    # A short graceful timeout: open streaming connections must not hold a Ctrl-C for long.
    uvicorn.run(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=3)

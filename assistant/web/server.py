"""Serve the UI: a FastAPI app with the Gradio Blocks mounted at `/`, run by uvicorn.

    serve(Assistant(settings))                   # http://127.0.0.1:7860
    app = create_app(assistant, extra_routers=[v1_router])   # add HTTP routes beside the UI

HTTP routes (e.g. `/v1/...`) go in through `extra_routers`: they are included before Gradio
is mounted at `/`, and a mount at `/` answers every path registered after it. A route
reaches the assistant as `request.app.state.assistant`.

What a client can reach is decided here: with a login set, `LoginGate` lets nothing but the
login page and `/healthz` through without it; every body is capped (`BodyLimit`); Gradio moves
into its cache only files a client uploaded (never a server path a client names) and serves
only those and the evaluation reports.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import time
from collections.abc import Sequence

import gradio as gr
import uvicorn
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse
from gradio import route_utils
from gradio.routes import App as GradioApp
from gradio.routes import templates as gradio_templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import HTTPConnection
from starlette.responses import Response
from starlette.routing import Mount

from assistant.api import Assistant
from assistant.web.auth import AUTH_ENV, LoginThrottle, parse_auth
from assistant.web.gate import BodyLimit, LoginGate, login_config
from assistant.web.health import StoreHealth
from assistant.web.http_api import make_router
from assistant.web.http_replies import error_response
from assistant.web.ui.app import TITLE, build_app
from assistant.web.ui.evaluation import reports_dir
from assistant.web.ui.theme import page_kwargs

log = logging.getLogger(__name__)

UPLOAD_ROUTE = "/gradio_api/upload"
MULTIPART_MARGIN = 1_000_000  # form fields and boundaries around an upload of the largest allowed size
ERROR_KINDS = {401: "authentication_error", 404: "not_found_error", 413: "invalid_request_error",
               429: "rate_limit_error"}


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _add_error_handlers(app: FastAPI) -> None:
    """Errors of the FastAPI routes as one JSON line each; an unexpected one without its trace."""

    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        kind = ERROR_KINDS.get(exc.status_code, "invalid_request_error" if exc.status_code < 500 else "server_error")
        return error_response(exc.status_code, str(exc.detail), kind, headers=dict(exc.headers or {}))

    async def unexpected(request: Request, exc: Exception) -> Response:
        log.error("unhandled error on %s: %s: %s", request.url.path, type(exc).__name__, exc)
        return error_response(500, "internal error; the server log has the details", "server_error")

    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, unexpected)


def _gradio_app(app: FastAPI) -> GradioApp:
    """The Gradio app `mount_gradio_app` mounted (it holds the login sessions)."""
    return next(r.app for r in app.routes if isinstance(r, Mount) and isinstance(r.app, GradioApp))


def _login_page(blocks: gr.Blocks, gradio_app: GradioApp):
    """Gradio's login page as Gradio renders it for a visitor not logged in, minus the API schema
    Gradio embeds in every page (`window.gradio_api_info`: endpoints and parameters)."""

    def render(request: Request) -> Response:
        root_path = gradio_app.root_path or request.scope.get("root_path") or blocks.custom_mount_path
        root = route_utils.get_root_url(request=request, route_path="/", root_path=root_path)
        return gradio_templates.TemplateResponse(
            request=request,
            name="frontend/index.html",
            context={"base_url": "./", "config": login_config(blocks.auth_message, root),
                     "gradio_api_info": {"named_endpoints": {}, "unnamed_endpoints": {}}},
        )

    return render


def _session_user(gradio_app: GradioApp):
    """The user of Gradio's login cookie (as Gradio's own `get_current_user` reads it), or None."""

    def user(connection: HTTPConnection) -> str | None:
        cookies = connection.cookies
        token = cookies.get(f"access-token-{gradio_app.cookie_id}") or cookies.get(
            f"access-token-unsecure-{gradio_app.cookie_id}")
        return gradio_app.tokens.get(token) if token else None

    return user


def _throttle(assistant: Assistant) -> LoginThrottle:
    server = assistant.settings.server
    return LoginThrottle(free_failures=int(server("login_free_failures", 5)),
                         first_lockout_s=float(server("login_lockout_s", 2)),
                         max_lockout_s=float(server("login_max_lockout_s", 300)))


def create_app(
    assistant: Assistant,
    extra_routers: Sequence[APIRouter] = (),
    auth: list[tuple[str, str]] | None = None,
    blocks: gr.Blocks | None = None,
    health: StoreHealth | None = None,
) -> FastAPI:
    """The FastAPI app: `extra_routers` first, `/healthz`, then the Gradio UI at `/`.

    `auth` protects everything but the login page and `/healthz` (see `LoginGate`).
    """
    # auto_configure False: OTEL_* variables in the environment must not make FastAPI export
    # telemetry off the machine.
    # No /docs or /redoc: their pages load Swagger/ReDoc assets from a CDN. /openapi.json stays.
    app = FastAPI(title=TITLE, docs_url=None, redoc_url=None,
                  telemetry={"auto_configure": False})
    app.state.assistant = assistant
    health = app.state.health = health or StoreHealth(assistant)
    _add_error_handlers(app)
    for router in extra_routers:
        app.include_router(router)

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> Response:
        """Liveness and the store, asked within `[store] health_timeout_s`; no detail without a login."""
        verdict = await health.check()
        if verdict.ok:
            return JSONResponse({"status": "ok"})
        return JSONResponse({"status": "error", "error": "the store is not answering"}, status_code=503)

    blocks = blocks or build_app(assistant)
    app.state.blocks = blocks
    reports = reports_dir(assistant)
    reports.mkdir(parents=True, exist_ok=True)
    max_upload = int(assistant.settings.server("max_upload_bytes", 20_000_000))
    gr.mount_gradio_app(
        app,
        blocks,
        path="/",
        auth=auth or None,
        auth_message="请登录后使用认证认可政策问答助手。" if auth else None,
        allowed_paths=[str(reports)],  # eval reports offered for download
        max_file_size=max_upload,
        ssr_mode=False,
        pwa=False,
        mcp_server=False,
        footer_links=["api", "settings"],
        run_history=False,
        **page_kwargs(),
    )
    # Gradio checks a client's file paths (only its own uploads may be moved into the cache and
    # served) once the Blocks "has launched"; launch() sets that flag, mount_gradio_app does not,
    # and without it any server path a client names is copied into the cache and served.
    blocks.has_launched = True
    gradio_app = _gradio_app(app)
    app.add_middleware(BodyLimit, max_bytes=int(assistant.settings.server("max_body_bytes", 1_000_000)),
                       per_path=[(UPLOAD_ROUTE, max_upload + MULTIPART_MARGIN)])
    app.add_middleware(LoginGate, users=auth or [], throttle=_throttle(assistant),
                       session_user=_session_user(gradio_app), login_page=_login_page(blocks, gradio_app))
    return app


def warm_up(assistant: Assistant) -> None:
    """Load the index, the embedding model and the answerer now, not in the first user's request."""
    started = time.perf_counter()
    try:
        assistant.status()
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
    health = StoreHealth(assistant)
    routers = extra_routers or [make_router(assistant, auth or [], health)]
    app = create_app(assistant, extra_routers=routers, auth=auth, health=health)
    assistant.prepare_local_model()
    warm_up(assistant)
    print(f"认证认可政策问答助手: http://{host}:{port}/" + (" (login required)" if auth else ""), flush=True)
    # A short graceful timeout: open streaming connections must not hold a Ctrl-C for long.
    uvicorn.run(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=3)

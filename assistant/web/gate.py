"""ASGI middleware in front of the whole server: the login gate and the request-body limit.

`LoginGate`: with a login set, nothing but the login page, its static assets, `POST /login` and
`/healthz` answers without it. A request is logged in by Gradio's session cookie (set by
`POST /login`) or by HTTP Basic / `Bearer user:pass` (API clients). Failed logins, by form or by
header, are slowed per client (`assistant.web.auth.LoginThrottle`): a locked-out client gets a 429
with Retry-After and its password is not even checked. The login page is Gradio's own page,
rendered without the API schema Gradio would embed in it (`window.gradio_api_info`).

`BodyLimit`: a body longer than the limit is a 413 JSON error, from the Content-Length header
before anything is read, or (chunked bodies) as soon as the limit is passed while reading.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import HTTPConnection, Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.web.auth import LoginThrottle, Users, check_password, credentials_from_header
from assistant.web.http_replies import error_response

LOGIN_PATHS = ("/login", "/login/")
# What Gradio's login page loads (the JS/CSS bundle, theme, fonts, icon: nothing app-specific),
# and the health check.
PUBLIC_PREFIXES = ("/assets/", "/static/", "/svelte/")
PUBLIC_PATHS = ("/favicon.ico", "/theme.css", "/healthz")
SessionUser = Callable[[HTTPConnection], str | None]
LoginPage = Callable[[Request], Response]


class LoginGate:
    """Refuse every request without a login except the login page, its assets and /healthz."""

    def __init__(self, app: ASGIApp, users: Users, throttle: LoginThrottle, session_user: SessionUser,
                 login_page: LoginPage) -> None:
        self.app = app
        self.users = list(users)
        self.throttle = throttle
        self.session_user = session_user
        self.login_page = login_page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or not self.users:
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":  # the UI uses none; a logged-in session only
            if self.session_user(HTTPConnection(scope)):
                await self.app(scope, receive, send)
            else:
                await send({"type": "websocket.close", "code": 1008})
            return
        request = Request(scope)
        path = scope["path"]
        client = request.client.host if request.client else "?"
        if path in LOGIN_PATHS and request.method == "POST":
            await self._login(scope, receive, send, client)
            return
        if path.startswith(PUBLIC_PREFIXES) or path in PUBLIC_PATHS or self.session_user(request):
            await self.app(scope, receive, send)
            return
        given = credentials_from_header(request.headers.get("authorization", ""))
        if given is not None:
            if (wait := self.throttle.retry_after(client)) > 0:
                await self._locked_out(wait)(scope, receive, send)
                return
            if check_password(self.users, *given):
                self.throttle.succeeded(client)
                await self.app(scope, receive, send)
                return
            self.throttle.failed(client)
        if path == "/" and request.method in ("GET", "HEAD"):
            response = self.login_page(request)
        else:
            # A Basic challenge only for the API: a browser would pop a password dialog for the page's fetches.
            challenge = {"WWW-Authenticate": 'Basic realm="assistant"'} if path.startswith("/v1/") else None
            response = error_response(401, "authentication required: log in on the page, or send HTTP Basic "
                                           "user:password (or Bearer user:password)", "authentication_error",
                                      headers=challenge)
        await response(scope, receive, send)

    async def _login(self, scope: Scope, receive: Receive, send: Send, client: str) -> None:
        """Gradio's `POST /login`, counted as a failure before it runs (so parallel attempts cannot
        all slip in before the first is counted) and cleared again when it succeeds."""
        if (wait := self.throttle.retry_after(client)) > 0:
            await self._locked_out(wait)(scope, receive, send)
            return
        self.throttle.failed(client)
        status = 0

        async def watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        await self.app(scope, receive, watch)
        if status == 200:
            self.throttle.succeeded(client)

    @staticmethod
    def _locked_out(wait: float) -> JSONResponse:
        seconds = max(1, math.ceil(wait))
        return error_response(429, f"too many failed logins: try again in {seconds} s", "rate_limit_error",
                              headers={"Retry-After": str(seconds)})


class BodyLimit:
    """413 for a request body over `max_bytes` (`per_path` overrides by path prefix, e.g. uploads)."""

    def __init__(self, app: ASGIApp, max_bytes: int, per_path: Sequence[tuple[str, int]] = ()) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.per_path = list(per_path)

    def limit_for(self, path: str) -> int:
        """The byte limit for a request to `path`."""
        return next((limit for prefix, limit in self.per_path if path.startswith(prefix)), self.max_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        length = Headers(scope=scope).get("content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            await self._too_large(limit)(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # raised inside the app: its exception handlers turn it into the 413 response
                    raise HTTPException(413, self._message(limit))
            return message

        await self.app(scope, counted, send)

    @staticmethod
    def _message(limit: int) -> str:
        return f"the request body is larger than {limit:,} bytes"

    def _too_large(self, limit: int) -> JSONResponse:
        return error_response(413, self._message(limit))


def login_config(auth_message: str | None, root: str) -> dict:
    """The page config Gradio gives a visitor who is not logged in (routes.main's login branch)."""
    return {
        "auth_required": True,
        "auth_message": auth_message,
        "space_id": None,
        "root": root,
        "page": {"": {"layout": {}}},
        "pages": [""],
        "components": [],
        "dependencies": [],
        "current_page": "",
    }

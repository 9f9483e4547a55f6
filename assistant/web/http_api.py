"""HTTP API for other systems, served beside the UI: an OpenAI-compatible chat endpoint.

    POST /v1/chat/completions   OpenAI request -> answer with `citations`, `refused`, `mode`
    GET  /v1/tasks              the task table (任务分工); `?format=xlsx|csv` as a file
    GET  /v1/targets            dated targets (目标时间线; assistant/web/feature_routes.py)
    GET  /v1/health             index status (clauses, documents, store); 503 when the store is down
    GET  /v1/models             the one "model", for OpenAI clients that list models first

`make_router(assistant)` returns the routes; the UI server includes them before it mounts
Gradio at `/`. Auth is the UI's setting (`assistant.web.auth`): with `ASSISTANT_AUTH=user:pass[,…]`
every /v1 route needs HTTP Basic (or `Authorization: Bearer user:pass`, what OpenAI clients send
as api_key). Every error is one JSON line, OpenAI-shaped `{"error": {...}}`, never a stack trace:
400 for bad input (`assistant.web.http_parse`), 503 when the store does not answer in time or all
answering slots stay busy (`[server]`, `[store]` in assistant.toml).

Answers run a few at once, each in a thread of its own, the store checked first
(`assistant.web.answering`); a client that leaves is noticed while its answer is being made and
stops it (the local LLM at its next token).
"""

from __future__ import annotations

import logging
import os
import time
import uuid
from collections.abc import Callable, Sequence

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from assistant.api import Assistant
from assistant.web.answering import LEFT, Answering
from assistant.web.auth import AUTH_ENV, check_password, credentials_from_header, parse_auth
from assistant.web.feature_routes import add_feature_routes, task_file_response
from assistant.web.feed import Feed
from assistant.web.health import StoreHealth
from assistant.web.http_parse import MODEL_NAME, ApiLimits, BadRequest, decode_json, parse_chat_request
from assistant.web.http_replies import completion_body, error_response, unavailable

log = logging.getLogger(__name__)

CLIENT_CLOSED = 499  # nginx's status for a request whose client left before the answer

Denied = Callable[[Request], JSONResponse | None]  # the login check: None, or the 401 to send


def _login_check(users: list[tuple[str, str]]) -> Denied:
    """The check every route makes first: None when the request may pass (or no login is set)."""

    def denied(request: Request) -> JSONResponse | None:
        given = credentials_from_header(request.headers.get("authorization", ""))
        if not users or (given is not None and check_password(users, *given)):
            return None
        return error_response(401, "authentication required: HTTP Basic user:password (or Bearer user:password)",
                              "authentication_error", headers={"WWW-Authenticate": 'Basic realm="assistant"'})

    return denied


def _add_chat_route(router: APIRouter, assistant: Assistant, denied: Denied, answering: Answering,
                    default_mode: str, limits: ApiLimits) -> None:
    """POST /chat/completions: the OpenAI-compatible answer, whole or streamed."""

    @router.post("/chat/completions")
    async def chat_completions(request: Request):
        """OpenAI chat completion; `stream: true` answers with Server-Sent Events."""
        if (response := denied(request)) is not None:
            return response
        try:
            req = parse_chat_request(decode_json(await request.body()), default_mode, limits)
        except BadRequest as err:
            return error_response(400, str(err), param=err.param)
        if (refusal := await answering.admit()) is not None:
            return unavailable(refusal)
        feed = Feed(assistant.stream(req["question"], req["history"], req["mode"]))
        try:
            # The first piece comes after retrieval: take it before answering 200, so an
            # index that is down is a proper 503 rather than an error inside the stream.
            first = await answering.step(request, feed)
        except Exception as err:
            log.warning("answer failed: %s", err)
            await answering.finish(feed)
            return unavailable(answering.failure(err))
        if first is LEFT:
            log.info("client left; answer stopped before its first piece")
            await answering.finish(feed)
            return error_response(CLIENT_CLOSED, "the client closed the request")
        completion_id, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())
        if req["stream"]:
            return answering.streaming_response(request, req, first, feed, completion_id, created)
        try:
            result = await answering.collect(request, first, feed)
        except Exception as err:
            log.warning("answer failed: %s", err)
            return unavailable(answering.failure(err))
        finally:
            await answering.finish(feed)
        if result is None:
            return error_response(CLIENT_CLOSED, "the client closed the request")
        return completion_body(req, result, completion_id, created)


def _add_tasks_route(router: APIRouter, assistant: Assistant, denied: Denied, answering: Answering) -> None:
    """GET /tasks: the task table as JSON (or, with `?format=`, as a file)."""

    @router.get("/tasks")
    async def tasks(request: Request):
        """The task table: one row per numbered task with its lead and support units."""
        if (response := denied(request)) is not None:
            return response
        if (fmt := request.query_params.get("format", "json")) != "json":
            return await task_file_response(assistant, fmt)
        if (refusal := await answering.admit()) is not None:
            return unavailable(refusal)
        try:
            rows = await answering.run(assistant.tasks)
        except Exception as err:
            log.warning("task table failed: %s", err)
            return unavailable(answering.failure(err))
        finally:
            answering.release()
        return {"object": "list", "count": len(rows), "data": rows}


def _add_status_routes(router: APIRouter, assistant: Assistant, denied: Denied, health: StoreHealth) -> None:
    """GET /health (the index's state) and GET /models (the one model name)."""

    @router.get("/health")
    async def health_route(request: Request):
        """Index status: 200 with counts when the store answers in time, 503 when it does not."""
        if (response := denied(request)) is not None:
            return response
        store = "server" if assistant.settings.chroma_url else "embedded"
        verdict = await health.check()
        reason = verdict.reason
        if verdict.ok:
            try:
                status = await health.run(assistant.status, assistant.settings.store_timeout_s)
                return {"status": "ok", "store": store, **status}
            except TimeoutError:
                reason = f"the index did not answer within {assistant.settings.store_timeout_s:g} s"
            except Exception as err:  # an empty index, a store that failed meanwhile
                reason = str(err) or type(err).__name__
        return JSONResponse({"status": "error", "store": store, "error": reason}, status_code=503)

    @router.get("/models")
    async def models(request: Request):
        """The one model name, for OpenAI clients that list models before chatting."""
        if (response := denied(request)) is not None:
            return response
        return {"object": "list", "data": [{"id": MODEL_NAME, "object": "model", "created": 0, "owned_by": "local"}]}


def _add_unknown_route(router: APIRouter, denied: Denied) -> None:
    """Every other path under /v1: a JSON 404 (added last, after the real routes)."""

    @router.api_route("/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False)
    async def unknown(request: Request, rest: str):
        """Anything else under /v1 (Gradio, mounted at `/`, would answer it otherwise)."""
        if (response := denied(request)) is not None:
            return response
        return error_response(404, f"no such endpoint: {request.method} /v1/{rest}", "not_found_error")


def make_router(assistant: Assistant, auth: Sequence[tuple[str, str]] | None = None,
                health: StoreHealth | None = None) -> APIRouter:
    """The /v1 routes over `assistant`.

    `auth`: (user, password) pairs; None reads `ASSISTANT_AUTH` (as the UI does), [] turns it off.
    `health`: the store check shared with `/healthz` (one is made when None).
    Raises ValueError for a malformed `ASSISTANT_AUTH`, at start-up rather than per request."""
    users = list(parse_auth(os.environ.get(AUTH_ENV)) if auth is None else auth)
    router = APIRouter(prefix="/v1", tags=["api"])
    default_mode = assistant.default_mode
    limits = ApiLimits.from_settings(assistant.settings)
    health = health or StoreHealth(assistant)
    answering = Answering(assistant, health)
    denied = _login_check(users)
    _add_chat_route(router, assistant, denied, answering, default_mode, limits)
    _add_tasks_route(router, assistant, denied, answering)
    _add_status_routes(router, assistant, denied, health)
    add_feature_routes(router, assistant, denied)
    _add_unknown_route(router, denied)
    return router

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

Answers run in threads of their own pool, at most `max_concurrent_answers` at once, so a slow
store cannot take the threads the UI's pages and health checks need; the store is checked first
(`assistant.web.health`), so while it is down requests fail at once instead of queueing. A client that
leaves stops its answer at the next piece.
"""

from __future__ import annotations

import logging
import os
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from typing import Any

import anyio
import httpx
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, StreamingResponse

from assistant.api import Assistant
from assistant.types import Answer
from assistant.web.auth import AUTH_ENV, check_password, credentials_from_header, parse_auth
from assistant.web.feature_routes import add_feature_routes, task_file_response
from assistant.web.health import StoreHealth
from assistant.web.http_parse import MODEL_NAME, ApiLimits, BadRequest, decode_json, parse_chat_request
from assistant.web.http_replies import (
    chunk,
    completion_body,
    error_response,
    extras,
    sse_error,
    unavailable,
    usage,
)

log = logging.getLogger(__name__)

_END = object()  # the answer's pieces are exhausted
CLIENT_CLOSED = 499  # nginx's status for a request whose client left before the answer


class Answering:
    """Admission and threads for answers: a few at once, each step in a thread of its own pool."""

    def __init__(self, assistant: Assistant, health: StoreHealth) -> None:
        settings = assistant.settings
        self.assistant = assistant
        self.health = health
        self.size = int(settings.server("max_concurrent_answers", 4))
        self.wait_s = float(settings.server("answer_wait_s", 10))
        self.store_timeout_s = settings.store_timeout_s
        self._slots: anyio.Semaphore | None = None
        self._threads: anyio.CapacityLimiter | None = None

    async def admit(self) -> str | None:
        """Take an answering slot; the reason for a 503 when the store is down or none frees in time.

        While it waits for a slot it keeps an eye on the store (every second, from the shared,
        cached check), so a store that stops answering fails the waiting requests at once too."""
        if self._slots is None:  # made here, inside the event loop
            self._slots = anyio.Semaphore(self.size)
            self._threads = anyio.CapacityLimiter(self.size)
        deadline = anyio.current_time() + self.wait_s
        while True:
            verdict = await self.health.check()
            if not verdict.ok:
                return f"the index cannot answer right now: {verdict.reason}"
            remaining = deadline - anyio.current_time()
            if remaining <= 0:
                return f"busy: {self.size} answers are in progress; try again in a moment"
            with anyio.move_on_after(min(1.0, remaining)):
                await self._slots.acquire()
                break
        verdict = await self.health.check()  # the answers it waited behind may have found the store down
        if not verdict.ok:
            self._slots.release()
            return f"the index cannot answer right now: {verdict.reason}"
        return None

    def release(self) -> None:
        """Give the slot back (once per successful `admit`)."""
        assert self._slots is not None
        self._slots.release()

    async def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        """`fn(*args)` in the answering pool (the caller holds a slot)."""
        return await anyio.to_thread.run_sync(fn, *args, limiter=self._threads)

    async def step(self, pieces: Iterator[str | Answer]) -> Any:
        """The next piece of an answer, or _END."""
        return await self.run(next, pieces, _END)

    def failure(self, err: Exception) -> str:
        """A one-line reason for a failed answer; a store that timed out is marked down for the others."""
        if isinstance(err, httpx.TimeoutException):
            reason = f"the store ({self.health.where}) did not answer within {self.store_timeout_s:g} s"
            self.health.mark_down(reason)
        elif isinstance(err, httpx.TransportError):
            reason = f"the store ({self.health.where}) is not reachable: {err}"
            self.health.mark_down(reason)
        else:
            reason = str(err) or type(err).__name__
        return f"the index cannot answer right now: {reason}"

    async def finish(self, pieces: Iterator[str | Answer]) -> None:
        """Stop the answer's work (closing releases e.g. the local model's lock) and free the slot."""
        with anyio.CancelScope(shield=True):  # also when the client's leaving cancelled us
            try:
                await self.run(pieces.close)  # type: ignore[attr-defined]
            finally:
                self.release()

    async def collect(self, request: Request, first: Any, pieces: Iterator[str | Answer]) -> Answer | None:
        """The final Answer; None when the client left first (the work stops there)."""
        part, final = first, None
        while part is not _END:
            if isinstance(part, Answer):
                final = part
            if await request.is_disconnected():
                return None
            part = await self.step(pieces)
        return final

    async def sse(self, request: Request, req: dict, first: Any, pieces: Iterator[str | Answer],
                  completion_id: str, created: int) -> AsyncIterator[str]:
        """Server-Sent Events: a role chunk, content chunks, a final chunk with citations, [DONE]."""
        model = req["model"]
        final: Answer | None = None
        parts: list[str] = []
        try:
            yield chunk(completion_id, created, model, {"role": "assistant", "content": ""})
            part = first
            while part is not _END:
                if isinstance(part, Answer):
                    final = part
                elif part:
                    parts.append(part)
                    yield chunk(completion_id, created, model, {"content": part})
                if await request.is_disconnected():
                    log.info("client left; answer %s stopped", completion_id)
                    return
                part = await self.step(pieces)
            text = final.answer if final is not None else "".join(parts)
            extra = extras(final) if final is not None else {"citations": [], "related": [], "refused": True,
                                                              "mode": "error", "fallback_reason": None}
            yield chunk(completion_id, created, model, {}, "stop", usage=usage(req, text), **extra)
            yield "data: [DONE]\n\n"
        except Exception as err:  # the 200 is sent: the error travels as an event, not a status
            log.warning("streamed answer %s failed: %s", completion_id, err)
            yield sse_error(self.failure(err))
            yield "data: [DONE]\n\n"

    def streaming_response(self, request: Request, req: dict, first: Any, pieces: Iterator[str | Answer],
                           completion_id: str, created: int) -> StreamingResponse:
        """The SSE response; the answer is finished (slot freed) however the response ends, even
        when the client is gone before the first event and the stream is never iterated."""
        answering = self

        class AnswerStream(StreamingResponse):
            async def __call__(self, scope, receive, send) -> None:
                try:
                    await super().__call__(scope, receive, send)
                finally:
                    await answering.finish(pieces)

        return AnswerStream(
            self.sse(request, req, first, pieces, completion_id, created),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},  # proxies: do not buffer
        )


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

    def denied(request: Request) -> JSONResponse | None:
        given = credentials_from_header(request.headers.get("authorization", ""))
        if not users or (given is not None and check_password(users, *given)):
            return None
        return error_response(401, "authentication required: HTTP Basic user:password (or Bearer user:password)",
                              "authentication_error", headers={"WWW-Authenticate": 'Basic realm="assistant"'})

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
        pieces = assistant.stream(req["question"], req["history"], req["mode"])
        try:
            # The first piece comes after retrieval: take it before answering 200, so an
            # index that is down is a proper 503 rather than an error inside the stream.
            first = await answering.step(pieces)
        except Exception as err:
            log.warning("answer failed: %s", err)
            await answering.finish(pieces)
            return unavailable(answering.failure(err))
        completion_id, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())
        if req["stream"]:
            return answering.streaming_response(request, req, first, pieces, completion_id, created)
        try:
            result = await answering.collect(request, first, pieces)
        except Exception as err:
            log.warning("answer failed: %s", err)
            return unavailable(answering.failure(err))
        finally:
            await answering.finish(pieces)
        if result is None:
            return error_response(CLIENT_CLOSED, "the client closed the request")
        return completion_body(req, result, completion_id, created)

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

    add_feature_routes(router, assistant, denied)

    @router.api_route("/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False)
    async def unknown(request: Request, rest: str):
        """Anything else under /v1 (Gradio, mounted at `/`, would answer it otherwise)."""
        if (response := denied(request)) is not None:
            return response
        return error_response(404, f"no such endpoint: {request.method} /v1/{rest}", "not_found_error")
    return router


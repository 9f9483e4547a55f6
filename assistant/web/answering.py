"""Admission and threads for the HTTP API's answers (`assistant.web.http_api`).

Answers run at most `max_concurrent_answers` at once, each in a thread of its own, their waits in
threads of an own pool, so a slow store cannot take the threads the UI's pages and health checks
need; the store is checked first (`assistant.web.health`), so while it is down requests fail at
once instead of queueing, and a request that finds no slot within `answer_wait_s` gets a 503
(`[server]` in assistant.toml).

An answer is made in a thread of its own (`assistant.web.feed`) while its request waits for each
piece a moment at a time, looking at its client in between: a client that leaves is noticed
within `POLL_S` however long the next piece takes, and its answer is stopped (the local LLM at its
next token).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

import anyio
import httpx
from fastapi import Request
from fastapi.responses import StreamingResponse

from assistant.api import Assistant
from assistant.types import Answer
from assistant.web.feed import END, POLL_S, Feed
from assistant.web.health import StoreHealth
from assistant.web.http_replies import chunk, extras, sse_error, usage

log = logging.getLogger(__name__)

LEFT = object()  # the client left before the piece came


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

    async def step(self, request: Request, feed: Feed) -> Any:
        """The next piece of an answer, `END`, or `LEFT` when the client left first (then the
        answer is told to stop). Raises what making the piece raised."""
        while True:
            made, part = await self.run(feed.take, POLL_S)
            if made:
                return part
            if await request.is_disconnected():
                feed.stop()
                return LEFT

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

    async def finish(self, feed: Feed) -> None:
        """Stop the answer's work, wait until it is closed (which releases e.g. the local model's
        lock: at its next token), and free the slot."""
        with anyio.CancelScope(shield=True):  # also when the client's leaving cancelled us
            try:
                await self.run(feed.close)
            finally:
                self.release()

    async def collect(self, request: Request, first: Any, feed: Feed) -> Answer | None:
        """The final Answer; None when the client left first (the work stops there)."""
        part, final = first, None
        while part is not END:
            if isinstance(part, Answer):
                final = part
            if part is LEFT or await request.is_disconnected():
                log.info("client left; answer stopped")
                return None
            part = await self.step(request, feed)
        return final

    async def sse(self, request: Request, req: dict, first: Any, feed: Feed,
                  completion_id: str, created: int) -> AsyncIterator[str]:
        """Server-Sent Events: a role chunk, content chunks, a final chunk with citations, [DONE]."""
        model = req["model"]
        final: Answer | None = None
        parts: list[str] = []
        try:
            yield chunk(completion_id, created, model, {"role": "assistant", "content": ""})
            part = first
            while part is not END:
                if isinstance(part, Answer):
                    final = part
                elif part and part is not LEFT:
                    parts.append(part)
                    yield chunk(completion_id, created, model, {"content": part})
                if part is LEFT or await request.is_disconnected():
                    feed.stop()
                    log.info("client left; answer %s stopped", completion_id)
                    return
                part = await self.step(request, feed)
            text = final.answer if final is not None else "".join(parts)
            extra = extras(final) if final is not None else {"citations": [], "related": [], "refused": True,
                                                              "mode": "error", "fallback_reason": None}
            yield chunk(completion_id, created, model, {}, "stop", usage=usage(req, text), **extra)
            yield "data: [DONE]\n\n"
        except Exception as err:  # the 200 is sent: the error travels as an event, not a status
            log.warning("streamed answer %s failed: %s", completion_id, err)
            yield sse_error(self.failure(err))
            yield "data: [DONE]\n\n"
        except anyio.get_cancelled_exc_class():  # the server saw the client leave and cancelled the stream
            feed.stop()
            log.info("client left; answer %s stopped", completion_id)
            raise

    def streaming_response(self, request: Request, req: dict, first: Any, feed: Feed,
                           completion_id: str, created: int) -> StreamingResponse:
        """The SSE response; the answer is finished (slot freed) however the response ends, even
        when the client is gone before the first event and the stream is never iterated."""
        answering = self

        class AnswerStream(StreamingResponse):
            async def __call__(self, scope, receive, send) -> None:
                try:
                    await super().__call__(scope, receive, send)
                finally:
                    await answering.finish(feed)

        return AnswerStream(
            self.sse(request, req, first, feed, completion_id, created),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},  # proxies: do not buffer
        )

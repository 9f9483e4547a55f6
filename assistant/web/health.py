"""Is the store answering? A bounded check for `/healthz`, `/v1/health` and the HTTP API's fast 503.

A `chroma run` server is asked for its heartbeat over async HTTP (no worker thread is held while
it does not answer); the embedded store is counted in a thread of a small pool of its own. Both
are bounded by `[store] health_timeout_s`, and the verdict is kept for a moment so a burst of
requests asks once. An answer that timed out marks the store down at once (`mark_down`), so the
requests behind it get a 503 now instead of each waiting out the store timeout.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import anyio
import httpx

from assistant.api import Assistant

FRESH_S = 2.0  # how long a verdict is reused


@dataclass
class Verdict:
    """The store's state: ok, or down with a reason a user can read."""

    ok: bool
    reason: str = ""
    at: float = 0.0


class StoreHealth:
    """Bounded, cached checks of the assistant's store."""

    def __init__(self, assistant: Assistant, timeout_s: float | None = None) -> None:
        settings = assistant.settings
        self.assistant = assistant
        self.url = settings.chroma_url
        self.timeout_s = float(timeout_s or settings.table("store").get("health_timeout_s", 2.0))
        self._verdict: Verdict | None = None
        self._asking: anyio.Event | None = None  # set when the check under way has its verdict
        self._limiter: anyio.CapacityLimiter | None = None

    @property
    def where(self) -> str:
        """The store named for messages: the server URL or 'embedded'."""
        return self.url or "embedded"

    async def check(self) -> Verdict:
        """The store's state, asked at most every FRESH_S seconds and within `timeout_s`.

        One check at a time: callers arriving while one is under way wait for its verdict
        rather than each asking a store that may not answer."""
        if self._verdict and time.monotonic() - self._verdict.at < FRESH_S:
            return self._verdict
        while self._asking is not None:
            started = time.monotonic()
            await self._asking.wait()
            if self._verdict and self._verdict.at >= started - FRESH_S:
                return self._verdict
            # that check was cancelled (its client left) before it had a verdict: ask now
        self._asking = asking = anyio.Event()
        try:
            self._verdict = await self._ask()
        finally:
            self._asking = None
            asking.set()
        return self._verdict

    async def _ask(self) -> Verdict:
        now = time.monotonic()
        try:
            with anyio.fail_after(self.timeout_s):
                await (self._heartbeat() if self.url else self._count())
            return Verdict(True, at=now)
        except TimeoutError:
            return Verdict(False, f"the store ({self.where}) did not answer within {self.timeout_s:g} s", now)
        except Exception as err:  # refused, not a Chroma server, a broken embedded store
            return Verdict(False, f"the store ({self.where}) is not available: {err}", now)

    def mark_down(self, reason: str) -> None:
        """Record that a call to the store just failed (e.g. timed out) so others fail fast."""
        self._verdict = Verdict(False, reason, time.monotonic())

    async def run(self, fn: Callable[[], Any], timeout_s: float) -> Any:
        """`fn()` in the health pool, given up after `timeout_s` (TimeoutError; the thread is left
        to finish on its own, holding no request)."""
        with anyio.fail_after(timeout_s):
            if self._limiter is None:  # made here, inside the event loop
                # its own threads: a health check never waits behind answers in the default pool
                self._limiter = anyio.CapacityLimiter(2)
            return await anyio.to_thread.run_sync(fn, limiter=self._limiter, abandon_on_cancel=True)

    async def _heartbeat(self) -> None:
        url = self.url if "://" in (self.url or "") else f"http://{self.url}"
        async with httpx.AsyncClient(timeout=self.timeout_s) as client:
            response = await client.get(f"{url.rstrip('/')}/api/v2/heartbeat")
            response.raise_for_status()

    async def _count(self) -> None:
        # abandon_on_cancel: a stuck count must not hold the check past its bound
        await self.run(lambda: self.assistant.count_clauses(), self.timeout_s)

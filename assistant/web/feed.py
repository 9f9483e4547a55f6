"""An answer's pieces made in a thread of their own and handed over through a queue.

The request that waits for them takes each piece with a short timeout, so between pieces, however
long the next one takes (a local LLM on a loaded CPU can take many seconds a token), it keeps an
eye on its client. When the client leaves, `stop()` sets the answer's stop flag
(`assistant.api.stoppable`): the local LLM ends at its next token, and this thread closes the answer
(its generator, and with it the model's lock) as soon as the piece being made is done.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import Any

from assistant.api import stoppable
from assistant.types import Answer

POLL_S = 0.2  # how long a wait for a piece lasts before the waiter looks at its client again

END = object()  # the answer's pieces are exhausted
_PIECE, _FAILED = "piece", "failed"


class Feed:
    """Runs `pieces` in a thread of its own, at most one piece ahead of the reader."""

    def __init__(self, pieces: Iterator[str | Answer]) -> None:
        self.pieces = pieces
        self.stopped = threading.Event()
        self._queue: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=1)
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._produce, name="answer-feed", daemon=True)
        self._thread.start()

    def _produce(self) -> None:
        with stoppable(self.stopped):
            try:
                for part in self.pieces:
                    if not self._put((_PIECE, part)):
                        return
                self._put((_PIECE, END))
            except Exception as err:  # handed to the reader, which reports it
                self._put((_FAILED, err))
            finally:
                try:
                    if (close := getattr(self.pieces, "close", None)) is not None:
                        close()  # here, in the thread that runs it: releases e.g. the local model's lock
                finally:
                    self._done.set()

    def _put(self, item: tuple[str, Any]) -> bool:
        """Hand `item` over once the reader has taken the last one; False when stopped first."""
        while not self.stopped.is_set():
            try:
                self._queue.put(item, timeout=POLL_S)
                return True
            except queue.Full:
                continue
        return False

    def take(self, timeout: float = POLL_S) -> tuple[bool, Any]:
        """(True, the next piece or `END`) once it is made, (False, None) when `timeout` passed first.

        Raises what making the piece raised."""
        try:
            kind, value = self._queue.get(timeout=timeout)
        except queue.Empty:
            return False, None
        if kind == _FAILED:
            raise value
        return True, value

    def stop(self) -> None:
        """Ask the answer to stop (at the local LLM's next token, else after the piece being made)."""
        self.stopped.set()

    def close(self) -> None:
        """Stop the answer and wait until its thread has closed it (blocks: run it in a worker thread)."""
        self.stop()
        self._done.wait()

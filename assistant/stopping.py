"""A stop flag for the answer being produced in this thread (or context).

Whoever waits for an answer can give up on it: the HTTP API sets the flag when its client leaves
(`assistant.web.feed`). What produces the answer reads it where it can stop early: the local LLM
between tokens (`assistant.generative.backends`), so a departed client does not keep the model
(and its lock) busy until the answer is complete.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from contextvars import ContextVar

_flag: ContextVar[threading.Event | None] = ContextVar("answer_stop", default=None)


@contextlib.contextmanager
def stoppable(flag: threading.Event) -> Iterator[threading.Event]:
    """Within the block, `stop_flag()` is `flag` (in this thread, and in contexts copied from it)."""
    token = _flag.set(flag)
    try:
        yield flag
    finally:
        _flag.reset(token)


def stop_flag() -> threading.Event | None:
    """The flag of the answer being produced here; None when nothing can stop it early."""
    return _flag.get()

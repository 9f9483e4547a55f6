"""An answer made in a thread of its own (`assistant.web.feed`): its reader waits a moment at a time,
and a stop reaches what makes the answer (`assistant.stopping`) while a piece is being made."""

from __future__ import annotations

import threading
import time

import pytest

from assistant.stopping import stop_flag  # what the local LLM reads
from assistant.web.feed import END, Feed


def test_pieces_come_in_order_then_end():
    feed = Feed(iter(["a", "b", "c"]))
    got = []
    while True:
        made, part = feed.take(5)
        assert made
        if part is END:
            break
        got.append(part)
    assert got == ["a", "b", "c"]
    feed.close()


def test_a_failure_reaches_the_reader():
    def failing():
        yield "a"
        raise ValueError("the store went away")

    feed = Feed(failing())
    assert feed.take(5) == (True, "a")
    with pytest.raises(ValueError, match="store went away"):
        feed.take(5)
    feed.close()


def test_a_stop_reaches_a_piece_being_made_and_closes_the_answer():
    """The reader does not wait for a slow piece to see its client leave; what makes the piece
    sees the stop (as the local LLM does between tokens) and the answer is closed at once."""
    started, closed = threading.Event(), threading.Event()

    def slow():
        try:
            yield "first"
            started.set()
            flag = stop_flag()
            assert flag is not None
            for _ in range(600):  # "tokens" of a piece that would take a minute
                if flag.is_set():
                    return
                time.sleep(0.1)
            yield "never wanted"
        finally:
            closed.set()

    feed = Feed(slow())
    assert feed.take(5) == (True, "first")
    assert started.wait(5)
    assert feed.take(0.2) == (False, None)  # still making the next piece: the reader is free
    began = time.monotonic()
    feed.close()
    assert closed.is_set() and time.monotonic() - began < 5
    assert stop_flag() is None  # only the answer's own thread carries its flag

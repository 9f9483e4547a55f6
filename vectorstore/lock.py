"""One writer at a time per data dir: an advisory file lock around every change to the index.

Chroma's embedded store keeps each collection's vector index in the memory of the process
that writes it and flushes it to disk, so two processes writing at once overwrite each
other's vectors. Ingest, upload, remove and rebuild all take this lock; readers never do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from vectorstore.store import StoreError

LOCK_NAME = "writer.lock"
DEFAULT_WAIT_SECONDS = 600.0


class WriterBusy(StoreError):
    """Another process kept the data dir's writer lock for longer than we were willing to wait."""


@contextmanager
def writer_lock(
    data_dir: Path, wait_seconds: float = DEFAULT_WAIT_SECONDS, on_wait: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the data dir's writer lock; say so through `on_wait` when another writer has it.

    Raises `WriterBusy` after `wait_seconds` (setting `[ingest] lock_wait_seconds`)."""
    lock = FileLock(data_dir / LOCK_NAME)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        lock.acquire(timeout=0)
    except Timeout:  # a TimeoutError, so an OSError: first
        if on_wait:
            on_wait(f"another ingest is running in {data_dir}; waiting up to {wait_seconds:g} s…")
        try:
            lock.acquire(timeout=wait_seconds)
        except Timeout:
            raise WriterBusy(
                f"another ingest is still running in {data_dir} after {wait_seconds:g} s; try again when it has "
                f"finished (the lock is {data_dir / LOCK_NAME}; setting [ingest] lock_wait_seconds)"
            ) from None
    except OSError as err:
        raise StoreError(f"data dir {data_dir} cannot be used ({err.strerror or err})") from err
    try:
        yield
    finally:
        lock.release()

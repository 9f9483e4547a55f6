"""A damaged store or cache is reported as damaged — what, where, how to rebuild — never replaced.

Chroma opens a 0-byte `chroma.sqlite3` as a new, empty store, and the next ingest would
quietly start over; garbage inside the file surfaces as an internal error deep in a
query. Both are caught here and turned into one line for the user.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import httpx
from chromadb.errors import ChromaError

from vectorstore.store import StoreError

SQLITE_MAGIC = b"SQLite format 3\x00"


class StoreDamaged(StoreError):
    """The index or the embedding cache exists but cannot be read or written as it is."""


def rebuild_hint(data_dir: Path) -> str:
    """How to get a working index again without destroying the damaged one."""
    chroma = data_dir / "chroma"
    return (
        f"move {chroma} aside and run `python -m assistant --data-dir {data_dir} ingest` "
        "(add the folders you ingested; the embedding cache makes it quick)"
    )


def check_store_files(data_dir: Path) -> None:
    """Refuse an embedded store whose database file is empty or not SQLite at all."""
    chroma = data_dir / "chroma"
    database = chroma / "chroma.sqlite3"
    if not database.exists():
        segments = [p for p in chroma.iterdir() if p.is_dir()] if chroma.is_dir() else []
        if segments:
            raise StoreDamaged(f"the index at {chroma} is damaged: chroma.sqlite3 is missing; {rebuild_hint(data_dir)}")
        return
    try:
        with database.open("rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError as err:
        raise StoreDamaged(f"the index at {database} cannot be read ({err.strerror})") from err
    if not head:
        raise StoreDamaged(f"the index at {chroma} is damaged: chroma.sqlite3 is empty (0 bytes); {rebuild_hint(data_dir)}")
    if head != SQLITE_MAGIC:
        raise StoreDamaged(f"the index at {chroma} is damaged: chroma.sqlite3 is not a SQLite database; {rebuild_hint(data_dir)}")


def _first_line(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return text[0][:200] if text else type(err).__name__


def describe_store_failure(err: BaseException, data_dir: Path, chroma_url: str | None) -> StoreError | None:
    """The user's one line for an error from inside the store, or None when it is not one."""
    if isinstance(err, StoreError):
        return err
    if isinstance(err, httpx.TransportError):
        return StoreDamaged(
            f"lost the Chroma server at {chroma_url} ({_first_line(err)}); start it again and re-run "
            "the command (an ingest skips the files it already wrote)"
        )
    if isinstance(err, ChromaError | sqlite3.DatabaseError):
        if chroma_url:
            return StoreDamaged(f"the Chroma server at {chroma_url} failed: {_first_line(err)}")
        return StoreDamaged(
            f"the index at {data_dir / 'chroma'} is damaged ({_first_line(err)}); {rebuild_hint(data_dir)}"
        )
    return None

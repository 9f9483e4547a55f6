"""What every subcommand of the CLI shares: the exit codes and the lines it writes to stderr."""

from __future__ import annotations

import sys

EXIT_DAMAGED = 1  # the index, the embedding cache or the Chroma server is damaged or lost
EXIT_BAD_INPUT = 2  # something the user gave: a file, an argument, a question; or the lock timed out


def print_err(message: str) -> None:
    """One `error: …` line on stderr."""
    print(f"error: {message}", file=sys.stderr)


def on_wait(message: str) -> None:
    """Say on stderr that another writer holds the data dir (and that we wait for it)."""
    print(message, file=sys.stderr, flush=True)

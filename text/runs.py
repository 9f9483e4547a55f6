"""The longest run of characters two texts share: how much of one a text restates."""

from __future__ import annotations

from difflib import SequenceMatcher


def shared_run(a: str, b: str) -> str:
    """The longest run of characters `a` and `b` both hold (the first of equal length in `a`)."""
    m = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return a[m.a:m.a + m.size]

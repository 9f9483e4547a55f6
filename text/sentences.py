"""The one sentence splitter: where a sentence ends, and text cut there.

Text is cut as written (clause text keeps its own punctuation), so the full-width marks an
uploaded document uses end sentences as the half-width ones do.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Where a sentence ends, in text as written.
SENTENCE_ENDS = "。;!?；！？"


@lru_cache(maxsize=8)
def _cut_after(ends: str) -> re.Pattern[str]:
    return re.compile(f"(?<=[{re.escape(ends)}])")


def sentence_pieces(text: str, ends: str = SENTENCE_ENDS) -> list[str]:
    """`text` cut after each character of `ends`, nothing stripped: the pieces join back to `text`."""
    return [piece for piece in _cut_after(ends).split(text) if piece]


def sentences(text: str, ends: str = SENTENCE_ENDS + "\n") -> list[str]:
    """The sentences and lines of `text`, in order, stripped, empty ones left out.

    A sentence ends after each character of `ends` (by default `SENTENCE_ENDS` and the end of
    a line, so a heading line is a sentence too).
    """
    return [s.strip() for s in _cut_after(ends).split(text) if s.strip()]

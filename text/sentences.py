"""The one sentence splitter: where a sentence ends, and text cut there.

Text is cut as written (clause text keeps its own punctuation), so the full-width marks an
uploaded document uses end sentences as the half-width ones do.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Where a sentence ends, in text as written.
SENTENCE_ENDS = "。;!?；！？"


# A closing quote after the end mark closes the same sentence: "…标杆、模板。”"
CLOSING_QUOTES = "”’』」\""
# "…模板。”青岛市…刘原龙说。": who said a quotation is told in a short sentence after it, which
# belongs to it (the speaker and what was said are one statement)
ATTRIBUTION = re.compile(r"^[^。!?！？“”]{2,40}(?:说|表示|指出|介绍|强调|谈到)[。!！]?$")


@lru_cache(maxsize=8)
def _cut_after(ends: str) -> re.Pattern[str]:
    e, q = re.escape(ends), re.escape(CLOSING_QUOTES)
    return re.compile(f"(?<=[{e}])(?![{q}])|(?<=[{e}][{q}])")


def sentence_pieces(text: str, ends: str = SENTENCE_ENDS) -> list[str]:
    """`text` cut after each character of `ends`, nothing stripped: the pieces join back to `text`."""
    return [piece for piece in _cut_after(ends).split(text) if piece]


def sentences(text: str, ends: str = SENTENCE_ENDS + "\n") -> list[str]:
    """The sentences and lines of `text`, in order, stripped, empty ones left out.

    A sentence ends after each character of `ends` (by default `SENTENCE_ENDS` and the end of
    a line, so a heading line is a sentence too).
    """
    found: list[str] = []
    for piece in (s.strip() for s in _cut_after(ends).split(text)):
        if found and found[-1][-1] in CLOSING_QUOTES and ATTRIBUTION.match(piece):
            found[-1] += piece
        elif piece:
            found.append(piece)
    return found

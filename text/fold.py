"""Script and width folding for the searchable form of text (never for display).

Documents keep their own script; only what the embedding, BM25 and matching see is
folded, and queries are folded the same way so both sides meet.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from opencc import OpenCC

_T2S = OpenCC("t2s")
_S2T = OpenCC("s2t")
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")
# Punctuation dropped by `fold_loose`: quote marks, brackets and separators differ between
# sources (“” vs "", （） vs ()) and must not decide whether a quote matches.
_LOOSE_DROP = re.compile(r"[\s\"'“”‘’「」『』《》〈〉()（）\[\]【】,，、.。;；:：!！?？·•\-—–~〜…]+")


@lru_cache(maxsize=4096)
def to_simplified(text: str) -> str:
    """Traditional -> Simplified Chinese; other text unchanged."""
    return _T2S.convert(text)


def to_traditional(text: str) -> str:
    """Simplified -> Traditional Chinese (for answering a Traditional question in kind)."""
    return _S2T.convert(text)


@lru_cache(maxsize=65536)  # clause texts are folded again for every question that cites them
def fold(text: str) -> str:
    """Searchable form: Simplified script, half-width (NFKC), single spaces."""
    text = unicodedata.normalize("NFKC", to_simplified(text))
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=65536)
def fold_loose(text: str) -> str:
    """`fold` without punctuation or spaces and lower-cased: for quote and phrase matching."""
    return _LOOSE_DROP.sub("", fold(text)).lower()


def is_traditional(text: str) -> bool:
    """True when the text is written in Traditional characters (more than a stray one)."""
    han = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    if not han:
        return False
    simplified = to_simplified(text)
    changed = sum(1 for a, b in zip(text, simplified) if a != b)
    return changed >= max(2, len(han) // 12)

"""Lead and support units from a task clause's `(牵头单位:…,配合单位:…)` note."""

from __future__ import annotations

import re

from text.fold import fold

# Run on the folded clause, so Traditional (牽頭單位) and full-width punctuation match.
_UNITS_NOTE = re.compile(
    r"[(]\s*牵头单位\s*[::](?P<lead>[^()]*?)"
    r"(?:[,;]\s*配合单位\s*[::](?P<support>[^()]*?))?\s*[)]\s*$"
)
_SPLIT = re.compile(r"[、,;]|和(?=[^、,]*部|[^、,]*中心)")


def _units(folded_list: str, original_list: str) -> tuple[list[str], bool]:
    """Split a unit list as written; drop the empty item of a trailing `、`; strip a final `等`."""
    # Keep the original script: split the original by the folded string's separator positions.
    names = [n.strip() for n in re.split(r"[、,，;；]", original_list)]
    names = [n for n in names if n]
    open_ended = False
    if names and fold(names[-1]).endswith("等") and len(names[-1]) > 1:
        names[-1] = names[-1][:-1].rstrip()
        open_ended = True
    return names, open_ended


def extract_units(text: str) -> tuple[list[str], list[str], bool] | None:
    """Return `(lead_units, support_units, support_open_ended)` for a task clause, else None.

    Names stay as written (`国际部`, `有关部室`, `各有关部室`); a list ending in `等`
    loses the `等` and is flagged open-ended; `、)` leaves no empty name.
    """
    folded = fold(text)
    match = _UNITS_NOTE.search(folded)
    if not match:
        return None
    # Folding keeps the length of Han text and of ASCII/half-width punctuation, and the
    # corpus's parentheses are half-width already, so spans map back onto the original.
    original = text.strip()
    same_length = len(original) == len(folded)

    def span(group: str) -> str:
        if match.group(group) is None:
            return ""
        if same_length:
            start, end = match.span(group)
            return original[start:end]
        return match.group(group)

    lead, _ = _units(match.group("lead"), span("lead"))
    support, open_ended = _units(match.group("support") or "", span("support"))
    return lead, support, open_ended


def strip_units_note(text: str) -> str:
    """The clause text without its units note (for naming the task)."""
    folded = fold(text)
    match = _UNITS_NOTE.search(folded)
    return text[: match.start()].rstrip() if match and len(folded) == len(text.strip()) else text

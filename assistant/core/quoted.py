"""A quoted name the question writes with a few units changed ("参加——参与——引领" for the
texts' "参加——参与——主导"): the texts' own form of it, found by alignment."""

from __future__ import annotations

from difflib import SequenceMatcher

from assistant.core.restated import units_of
from text.fold import fold

# A quoted name (a slogan, a title) the texts write with a few units changed: most of it must
# agree, or it is another name; short names agree by chance.
QUOTE_AGREEMENT = 0.75
MIN_QUOTED_UNITS = 6


def misquoted(name: str, sentences: list[str]) -> str | None:
    """The texts' form of a quoted name they do not contain as written ("参加——参与——引领" for
    "参加——参与——主导"): the sentence window agreeing with at least `QUOTE_AGREEMENT` of its
    units, an unmatched head or tail taken as long as the name's. None when no sentence does."""
    name = fold(name)
    n_units = units_of(name)
    if len(n_units) < MIN_QUOTED_UNITS:
        return None
    for sentence in map(fold, sentences):
        s_units = units_of(sentence)
        blocks = [b for b in SequenceMatcher(None, [name[a:b] for a, b in n_units], [sentence[a:b] for a, b in s_units],
                                             autojunk=False).get_matching_blocks() if b.size]
        if sum(b.size for b in blocks) < QUOTE_AGREEMENT * len(n_units):
            continue
        start = max(0, blocks[0].b - blocks[0].a)
        end = min(len(s_units), blocks[-1].b + blocks[-1].size + len(n_units) - blocks[-1].a - blocks[-1].size)
        return sentence[s_units[start][0]:s_units[end - 1][1]]
    return None

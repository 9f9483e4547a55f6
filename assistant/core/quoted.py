"""A quoted name the question writes with a few units changed ("参加——参与——引领" for the
texts' "参加——参与——主导"): the texts' own form of it, found by alignment."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from assistant.core.restated import MIN_CONTEXT, MIN_SIDE, units_of
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


# How far around a name the question's own words are read as its frame
FRAME_CHARS = 6
_WORD_RUN = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]+")


def reframed(name: str, question: str, sentences: list[str]) -> tuple[str, str] | None:
    """The texts' words in the place of a name they never use, framed as the question frames
    it: "中检集团北京公司" where a sentence writes "中检集团山东公司". The words right before and
    right after the name (`MIN_SIDE` characters or more each, `MIN_CONTEXT` together) agree, a
    short run between them differs; that run is the texts' claim where the question's stands.
    Returns the texts' framed words and the question's, or None when no sentence frames so."""
    q, name = fold(question), fold(name)
    at = q.find(name)
    if at < 0:
        return None
    before = _WORD_RUN.findall(q[max(0, at - FRAME_CHARS):at] + " ")
    after = _WORD_RUN.findall(" " + q[at + len(name):at + len(name) + FRAME_CHARS])
    left, right = (before[-1] if q[at - 1:at].strip() and before else ""), (after[0] if q[at + len(name):at + len(name) + 1].strip() and after else "")
    for sentence in map(fold, sentences):
        for n_left in range(len(left), MIN_SIDE - 1, -1):
            for n_right in range(len(right), MIN_SIDE - 1, -1):
                if n_left + n_right < MIN_CONTEXT:
                    break
                frame_left, frame_right = left[-n_left:], right[:n_right]
                between = rf"{re.escape(frame_left)}([\u4e00-\u9fff]{{1,{len(name) + 2}}}?){re.escape(frame_right)}"
                if (m := re.search(between, sentence)) and m.group(1) != name and m.group(1) not in q:
                    return frame_left + m.group(1) + frame_right, frame_left + name + frame_right
    return None

"""An acronym the question puts where the text writes another before the same words: "蒙内铁路
用的是CCC认证吧" when the text says "引入…开发的CRCC认证", "推动CPTPP关于合格评定的相关要求落地"
when it says "推动《…》(RCEP)关于合格评定的相关要求落地".

Acronyms name one scheme, body or agreement each, and the texts often write several in one
clause; the words right after the acronym (its head noun, the phrase it governs) tell which
place of the text the question restates, so a different acronym there is a claim the text
contradicts. Only claims are read: a question asking about an acronym asserts nothing.
"""

from __future__ import annotations

import re
from os.path import commonprefix  # the opening two strings share ("认证" of "认证吧" and "认证,把…")

from assistant.core.query import is_claim
from ingest.model import Clause
from text.fold import fold
from text.sentences import sentences

_ACRONYM = re.compile(r"(?<![A-Za-z0-9])([A-Z][A-Za-z0-9]{1,9})(?![A-Za-z0-9])")
# what may stand between an acronym and the words it heads: the close of "《全称》(RCEP)"
_CLOSERS = ")）》”\" "
# the words after the acronym that place it: two characters at least, up to a phrase break
_AFTER = re.compile(r"[\u4e00-\u9fff]{2,8}")


def acronym_corrections(question: str, clauses: list[Clause]) -> list[str]:
    """"文本写的是“CRCC认证”,不是“CCC认证”" for an acronym of a claim that the best clause
    writes otherwise before the same words."""
    if not clauses or not is_claim(question):
        return []
    q = fold(question)
    said = [fold(s) for s in sentences(clauses[0].text)]
    corrections = []
    for m in _ACRONYM.finditer(q):
        asked = m.group(1)
        after = _AFTER.match(q, m.end())
        if not after:
            continue
        words = after.group(0)
        for sentence in said:
            if asked in sentence:
                continue
            found = next((f"文本写的是“{other.group(1)}{head}”,不是“{asked}{head}”" for other in _ACRONYM.finditer(sentence)
                          if other.group(1) != asked and len(head := commonprefix([words, sentence[other.end():].lstrip(_CLOSERS)])) >= 2), None)
            if found:
                corrections.append(found)
                break
    return corrections

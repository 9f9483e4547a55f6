"""What a claim puts in a "以X为Y" frame that the text fills otherwise: "平台以青岛国际机场为载体?"
when the text says "以青岛海关技术中心高新区检验检测园区为载体".

"以X为Y" names what serves as Y (载体, 试点, 主体, 核心, 依托…). The same Y on both sides places the
question's X where the text's stands, however long either is, so a different X is a claim the
text contradicts; one that is part of the other, shares a member with it, or shortens it restates it.
"""

from __future__ import annotations

import re

from assistant.core.query import ASKING_PHRASE, is_claim
from assistant.core.restated import abbreviates
from ingest.model import Clause
from text.fold import fold
from text.sentences import sentences

_FRAME = re.compile(r"以([^,,。;;!?！？以为]{2,24}?)为([\u4e00-\u9fff]{2})")


def frame_corrections(question: str, clauses: list[Clause]) -> list[str]:
    """"文本写的是“青岛海关技术中心高新区检验检测园区”,不是“青岛国际机场”" for each frame of a claim whose Y the best
    clause frames with another X."""
    if not clauses or not is_claim(question):
        return []
    q = fold(question)
    said = [m for s in sentences(clauses[0].text) for m in _FRAME.finditer(fold(s))]
    corrections = []
    for asked in _FRAME.finditer(q):
        x, role = asked.group(1), asked.group(2)
        if ASKING_PHRASE.search(x):
            continue
        same_role = [m for m in said if m.group(2) == role]
        if not same_role or any(_restates(x, m.group(1)) for m in same_role):
            continue
        corrections.append(f"文本写的是“{same_role[0].group(1)}”,不是“{x}”")
    return corrections


def _restates(asked: str, said: str) -> bool:
    """One is part of the other, they share a member (a list half right is the member check's:
    "玩具和汽车" for "玩具、电子电器"), or one shortens the other (its characters in order:
    "青岛海关园区" for "青岛海关技术中心高新区检验检测园区")."""
    if asked in said or said in asked or set(re.split(r"[、和与及]", asked)) & set(re.split(r"[、和与及]", said)):
        return True
    return abbreviates(asked, said) or abbreviates(said, asked)

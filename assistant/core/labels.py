"""A member put under another label of a labelled list: "把俄罗斯列为东南亚重点国家" where the text
lists "东南亚:泰国、越南、…;…;欧洲:俄罗斯、波兰、…". The claim is the member's place, and the
text's own grouping corrects it."""

from __future__ import annotations

from assistant.core.selection import labelled_lists, named_lists
from ingest.model import Clause
from text.fold import fold


def label_corrections(question: str, clauses: list[Clause]) -> list[str]:
    """"文本把“俄罗斯”列在“欧洲”下,不在“东南亚”下" for each member the question names with one
    label while the evidence lists it under another; nothing when the question names no label
    or several (then it asks about the groups, it does not place a member)."""
    q = fold(question)
    lists = [pair for clause in clauses for pair in labelled_lists(fold(clause.text))]
    # a label inside a member's name is not named ("西亚" in 马来西亚)
    unmembered = q
    for member in sorted({m for _, members in lists for m in members}, key=len, reverse=True):
        unmembered = unmembered.replace(member, "、")
    named = named_lists(lists, unmembered)
    if len({label for label, _ in named}) != 1:
        return []
    label, items = named[0]
    corrections = []
    for other, members in lists:
        for member in members if other != label else ():
            if member in q and member not in label and not any(member in i or i in member for i in items):
                corrections.append(f"文本把“{member}”列在“{other}”下,不在“{label}”下")
    return list(dict.fromkeys(corrections))

"""A pair the question joins where the text lists another: "是拿玩具和汽车做试点的吧?" when the
text says "以玩具、电子电器为试点". One member of the question's pair is a member of the text's
list, the other is in no part of that sentence: the question has the list wrong.

Only a claim (a yes/no question) states a pair as the text's; "玩具和汽车有什么认证?" asks
about both and claims nothing.
"""

from __future__ import annotations

import re

import jieba.posseg

from assistant.core.selection import labelled_lists, named_lists
from text.fold import fold

# A claim put to the reader for confirmation: "…吧?", "…对吗?", "…是不是?"
CLAIM_END = re.compile(r"(?:吗|吧|对吧|对吗|是吗|对不对|是不是|对不)[??]?$")
MENTION = re.compile(r"提到|提及|说到|讲到|谈到|写到|涉及")
# A list never runs across these
_PIECES = re.compile(r"[,,;;。::()()!!??]")

# Words that join two members of one list, in a question or in a text
_JOINERS = frozenset({"和", "与", "及", "以及", "、", "跟", "同"})
# Nouns, place words, abbreviations and the domain words taught to jieba: what a list names
_NOUN_FLAGS = ("n", "s", "j", "eng")


def _is_noun(flag: str) -> bool:
    return flag.startswith(_NOUN_FLAGS) or flag == "vn"


def _pairs(question: str) -> list[tuple[str, str]]:
    """Noun runs the question joins with a joining word ("玩具和汽车" -> (玩具, 汽车))."""
    runs: list[str] = []  # noun runs; "+" for a joining word, "|" for anything else
    for token in jieba.posseg.cut(question, HMM=False):
        if _is_noun(token.flag) and len(token.word) >= 2:
            runs[-1:] = [runs[-1] + token.word] if runs and runs[-1] not in "+|" else [*runs[-1:], token.word]
        else:
            runs.append("+" if token.word in _JOINERS else "|")
    return [(runs[i - 1], runs[i + 1]) for i in range(1, len(runs) - 1)
            if runs[i] == "+" and runs[i - 1] not in "+|" and runs[i + 1] not in "+|"]


def _leading_nouns(words: list[tuple[str, str]]) -> list[str]:
    """The nouns `words` open with, in order."""
    nouns: list[str] = []
    for word, flag in words:
        if not _is_noun(flag):
            break
        nouns.append(word)
    return nouns


def listed_with(member: str, sentence: str) -> list[str]:
    """The members of the list `member` stands in ("玩具" in "以玩具、电子电器为试点" ->
    [玩具, 电子电器]); [] when it stands in none (no 、 beside it). The inner members are
    whole; the outer ones end where the nouns do ("以|玩具", "电子电器|为试点"), or at 等."""
    for piece in _PIECES.split(sentence):
        members = piece.split("、")
        if len(members) < 2 or member not in piece:
            continue
        first = [(t.word, t.flag) for t in jieba.posseg.cut(members[0], HMM=False)]
        members[0] = "".join(reversed(_leading_nouns(first[::-1])))
        last = [(t.word, t.flag) for t in jieba.posseg.cut(members[-1], HMM=False)]
        members[-1] = members[-1].split("等")[0] if "等" in members[-1] else "".join(_leading_nouns(last))
        if all(members) and any(member in m for m in members):
            return members
    return []


def _labelled(member: str, question: str, sentence: str) -> list[str]:
    """The items of the labelled list the question names ("非洲:埃及" for "非洲选了埃及和南非")
    when `member` is one of them, however few: a label lists its items in full."""
    for _, items in named_lists(labelled_lists(sentence), question):
        if member in items:
            return items
    return []


def member_corrections(question: str, texts: list[str]) -> list[str]:
    """"文本列出的是“玩具、电子电器”,其中没有“汽车”" for a pair of the question's claim whose one
    member the best text listing it lists (`texts`: sentences, then whole clauses), and whose
    other that text never names."""
    q = fold(question)
    if not CLAIM_END.search(q) or MENTION.search(q):
        # "有没有机制帮我们…": the pair tells the asker's case; "A和B都提到了X吗": the pair is
        # the documents asked about. Neither claims what a list of the text holds
        return []
    corrections = []
    for first, second in _pairs(q):
        for listed, other in ((first, second), (second, first)):
            # the first text listing the member ("东亚:蒙古" is no list alone; its clause is)
            said, members = next(((t, m) for t in map(fold, texts) if listed in t
                                  and (m := _labelled(listed, q, t) or listed_with(listed, t))), ("", []))
            # "出口欧盟" holds a member: the question's word for it, not another member
            if members and other not in said and not any(m in other for m in members):
                corrections.append(f"文本列出的是“{'、'.join(members)}”,其中没有“{other}”")
                break
    return corrections

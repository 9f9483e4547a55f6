"""A pair the question joins where the text lists another: "是拿玩具和汽车做试点的吧?" when the
text says "以玩具、电子电器为试点". One member of the question's pair is a member of the text's
list, the other is in no part of that sentence: the question has the list wrong.

Only a claim (a yes/no question) states a pair as the text's; "玩具和汽车有什么认证?" asks
about both and claims nothing.
"""

from __future__ import annotations

import re

import jieba.posseg

from assistant.core.query import is_claim
from assistant.core.selection import labelled_lists, named_lists
from assistant.core.slot_table import slot_of
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
    [玩具, 电子电器]); [] when it stands in none (no 、 beside it)."""
    for piece in _PIECES.split(sentence):
        members = _enumerated(piece) if member in piece else []
        if any(member in m for m in members):
            return members
    return []


def _enumerated(piece: str) -> list[str]:
    """The members a piece of a sentence lists with 、 ([] for none). The inner members are
    whole; the outer ones end where the nouns do ("以|玩具", "电子电器|为试点"), or at 等."""
    members = piece.split("、")
    if len(members) < 2:
        return []
    first = [(t.word, t.flag) for t in jieba.posseg.cut(members[0], HMM=False)]
    members[0] = "".join(reversed(_leading_nouns(first[::-1])))
    last = [(t.word, t.flag) for t in jieba.posseg.cut(members[-1], HMM=False)]
    members[-1] = members[-1].split("等")[0] if "等" in members[-1] else "".join(_leading_nouns(last))
    return members if all(members) else []


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
    # a claim closed by its particle, or by its tone alone ("…等高水平开放平台联动?"); not "有没有…"
    claimed = CLAIM_END.search(q) or (is_claim(q) and slot_of(q) != "yesno")
    if not claimed or MENTION.search(q):
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


# "重点国家里有日本吗", "韩国是重点国家之一吧", "德国莱茵在签约实验室之列吗": whether one thing is
# a member of a list the texts give, the list named by what it holds (a category noun)
_CATEGORY = r"(?:国家|领域|单位|机构|实验室|部门|成员|城市|地区|产品|行业|组织|企业|会员)"
_ASKS_MEMBER = (
    re.compile(r"^(?P<x>.+?)(?:里|中|当中|之中)?(?:有没有|有|包括|包含|含有)(?P<m>[^,,的]{2,12}?)(?:吗|吧|么|没有)?[??]?$"),
    # "东亚选的重点国家是日本?", "非洲只选了南非一个国家?": the list, then what it is said to be
    re.compile(rf"^(?P<x>.+?)(?:只|就|仅)?(?:是|选了|选取了|确定了|选的是)(?:只有|仅有)?(?P<m>[^,,的]{{2,12}}?)(?:一个|一家|一项)?(?P<c>{_CATEGORY})?(?:吗|吧|么|对吗|是吗)?[??]?$"),
    re.compile(r"^(?P<m>[^,,的]{2,12}?)(?:是|属于|也是|算)(?P<x>.+?)(?:之一|中的一个|里的一个)?(?:吗|吧|么|对吗|是吗)[??]?$"),
    re.compile(r"^(?P<m>[^,,的]{2,12}?)在(?P<x>.+?)(?:里|中|当中|之列|名单里|名单中)(?:吗|吧|么)[??]?$"),
)
_LIST_NAME = re.compile(rf"[^的\s]{{0,4}}{_CATEGORY}$")


def membership_corrections(question: str, texts: list[str]) -> list[str]:
    """"文本列出的重点国家中没有“日本”" when a yes/no question asks whether a thing is in a
    list the evidence gives (`texts`: whole clauses) and the list and its clause never name it."""
    q = fold(question)
    asked = next((m for pattern in _ASKS_MEMBER if (m := pattern.match(q))), None)
    # the category may follow the member ("只选了南非一个国家"): the list is named by both
    name = _LIST_NAME.search(asked.group("x")) if asked else None
    if not (name or asked and asked.groupdict().get("c")):
        return []
    member, list_name = asked.group("m"), name.group(0) if name else asked.group("c")
    if _NOT_A_MEMBER.search(member):
        return []  # "有8个吧" states a count; "有提到…吗" a mention
    for text in map(fold, texts):
        label, items, listing = _items_named(list_name, q, text)
        if not items:
            continue
        if member in text or any(member in i or i in member for i in items) or not _mostly_unsaid(member, listing):
            return []
        # a labelled list is shown whole; a list read out of a sentence may be cut at a bracket
        shown = f"{label}的{list_name}是“{'、'.join(items)}”," if label else f"{list_name}中"
        return [f"文本列出的{shown}没有“{member}”"]
    return []


# how the name of a body ends: a body is one name, not words a clause may say apart
BODY_END = re.compile(r"(?:中心|集团|公司|研究院|院|研究所|协会|委员会|局|署|部)$")
_NOT_A_MEMBER = re.compile(r"\d|[一二三四五六七八九十两几多]+[个项家份条类名人所批种位]|提到|提及|说到|关于|内容|方面|什么|哪|谁|多少")


def _mostly_unsaid(member: str, text: str) -> bool:
    """Most of the member's words (by characters) are in no part of the clause: "医疗器械认证"
    (医疗器械 unsaid) is not in a list of 认证; "有机认证" is the clause's 有机产品认证 reworded.
    A body is named whole: "中国质量认证中心" is no body of a clause saying 认证 and 中心."""
    if BODY_END.search(member):
        return member not in text
    words = [w for w in jieba.cut(member, HMM=False) if len(w) >= 2] or [member]
    unsaid = sum(len(w) for w in words if w not in text)
    return unsaid * 2 > sum(len(w) for w in words)


def _items_named(list_name: str, question: str, text: str) -> tuple[str, list[str], str]:
    """The label the question names ("中亚", or ""), the items of the list a clause gives under
    `list_name` and the text listing them: that label's items, else all labelled lists' when
    the clause names the list; else the longest 、 list of a sentence naming it."""
    if lists := labelled_lists(text):
        if named := named_lists(lists, question):
            return "、".join(label for label, _ in named), [i for _, items in named for i in items], text
        return "", [i for _, items in lists for i in items] if list_name in text else [], text
    # "通标(SGS)、青岛食药检院": a bracket inside a member's name does not end the list
    listing = [re.sub(r"[((][^()()、]{1,12}[))]", "", s) for s in re.split(r"[。!?！？]", text) if list_name in s]
    pieces = [piece for s in listing for piece in _PIECES.split(s)]
    return "", max((_enumerated(p) for p in pieces), key=len, default=[]), "".join(listing)

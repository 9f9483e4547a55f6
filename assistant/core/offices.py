"""An office the question gives a body that the text gives another: "谱尼测试是协会的轮值会长
单位吧?" when the text says "青岛华测检验当选首届轮值会长单位,青岛海关技术中心、…、谱尼测试、…
7家机构当选为副会长单位".

An election or appointment is written as holders, then the verb and the office; each holder
has the office that follows it in its sentence. The question's office must be one the sentence
gives, or one of its kind ("常务副会长" of a list of 会长 offices), so the question is about that
very list; and its holder another one.
"""

from __future__ import annotations

import re

from assistant.core.names import known_places
from assistant.core.titles import POSITION_WORD
from text.fold import fold

# "当选首届轮值会长单位", "当选为副会长单位", "担任秘书长"
_ASSIGNED = re.compile(rf"(?:当选为?|担任|出任)((?:首届)?{POSITION_WORD.pattern}(?:单位)?)")
# what closes a list of holders: "…山东世通认证7家机构"
_COUNTED_TAIL = re.compile(r"\d+[家个位名](?:机构|单位)?$")


def _office(text: str) -> str:
    """An office without the words that only qualify when or how it is held ("首届", "单位")."""
    return re.sub(r"^首届|单位$", "", text)


def holders_and_offices(sentence: str) -> list[tuple[str, str]]:
    """(holder, office) for each holder a sentence assigns an office to, in order."""
    pairs, start = [], 0
    for m in _ASSIGNED.finditer(sentence):
        # the holders stand right before the verb, after the clause's last comma
        for holder in re.split(r"[、和及]", re.split(r"[,,。;;]", sentence[start:m.start()])[-1]):
            holder = _COUNTED_TAIL.sub("", holder.strip())
            if len(holder) >= 2:
                pairs.append((holder, m.group(1)))
        start = m.end()
    return pairs


def _named(holder: str, question: str) -> bool:
    """The holder named in full, or without the place its name opens with ("华测检验" for
    青岛华测检验: a body of one city is named without the city there), or by the other name
    its brackets give."""
    # "通标(SGS)": named with or without its brackets, or by the bracketed name alone
    if (aside := re.search(r"[((]([^()()]{2,12})[))]", holder)) and (aside.group(1) in question or re.sub(r"[()()]", "", holder) in question):
        return True
    place = next((p for p in known_places() if holder.startswith(p) and len(holder) - len(p) >= 4), "")
    return holder in question or bool(place) and holder[len(place):] in question


def office_corrections(question: str, sentences: list[str]) -> list[str]:
    """"文本写的是谱尼测试当选为副会长单位,不是轮值会长单位" for a holder the question gives
    an office that its sentence gives to others, while giving the holder another."""
    q = fold(question)
    asked = [m.group(0) for m in POSITION_WORD.finditer(q)]
    if len(asked) != 1:
        return []
    for sentence in map(fold, sentences):
        pairs = holders_and_offices(sentence)
        # the sentence gives an office of the asked kind (its last word: 会长 of 常务副会长),
        # else it is another list
        if not any(_office(office)[-2:] == _office(asked[0])[-2:] for _, office in pairs):
            continue
        for holder, office in pairs:
            if _named(holder, q) and _office(office) != _office(asked[0]):
                return [f"文本写的是{holder}当选{office},不是{asked[0]}"]
    return []


# A body's name as a question gives it to a person ("青岛海关", "市场监管局")
_BODY = r"(?:(?![是的为由在])[\u4e00-\u9fff]){2,14}?(?:局|海关|署|委|中心|院|公司|协会|集团|部|所)"


def _asked_body(q: str, name: str) -> str:
    """The body a question says a person belongs to: "刘原龙是青岛海关的吧", "青岛海关的刘原龙",
    or "他是…的" after the one person named; "" when it gives none."""
    after = rf"(?:{re.escape(name)}|(?<=[,,])他|(?<=[,,])她)(?:是|来自|在)({_BODY})的?(?:人|领导|官员)?(?:吧|吗|么|对吗|是吗)?[??]?$"
    m = re.search(after, q) or re.search(rf"(?:是|由)?({_BODY})的{re.escape(name)}", q)
    return m.group(1) if m else ""


def affiliation_corrections(question: str, names: list[str], texts: list[str]) -> list[str]:
    """"文本写的是青岛市市场监督管理局副巡视员刘原龙,不是青岛海关的" for a person the question
    places in a body that the text, naming them with their body and title, does not give them.
    A body written otherwise ("青岛市场监管局") keeps every character of the text's name."""
    q = fold(question)
    for name in names:
        asked = _asked_body(q, name)
        if not asked:
            continue
        for text in map(fold, texts):
            for at in (m.start() for m in re.finditer(re.escape(name), text)):
                before = re.split(r"[,,。;;“”\"]", text[max(0, at - 40):at])[-1]
                stated = re.search(rf"({_BODY})[\u4e00-\u9fff]{{0,8}}$", before)
                if stated and not set(asked) <= set(before):
                    return [f"文本写的是{before}{name},不是{asked}的{name}"]
    return []

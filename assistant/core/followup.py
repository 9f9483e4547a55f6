"""Follow-up questions resolved against the conversation before retrieval.

"那配合单位呢?" or "其中欧洲的有哪些?" say little on their own; the previous user turn
supplies the topic. The resolved question is the previous question's topic plus the
new question, and the new question alone still decides which sentences answer it.
"""

from __future__ import annotations

import re

import jieba.posseg

from text.fold import fold
from text.tokenize import tokenize

# How much of the previous question a follow-up borrows: its topic, not a pasted document
# (a 20,000-character turn once made every follow-up embed and echo all of it).
TOPIC_CHARS = 200

# Openers and pronouns that lean on what was said before.
_LEANING = re.compile(
    r"^(那|那么|那个|那项|那些|另外|此外|还有|其中|其他|其它|这项|这个|这些|该|它|他们|同时|以及|并且|而且|再|又|and |what about |how about )"
    r"|(呢[??]?$)|(这一?项|该项|这个|上述|前面|刚才|其中|它们|它的)"
    # an English pronoun points back too: "…and how many member units does it have?"
    r"|\b(it|its|they|them|their)\b"
)


# Words that ask rather than describe: a question made of these and little else has no topic.
# "展开讲讲", "具体说说" ask for more of what was named, they name nothing; "一共分几个部分"
# counts the parts of what was named (a text's parts and chapters are no topic of their own).
ASKING_WORDS = re.compile(r"牵头|配合|单位|部门|负责|几个|几项|几家|多少|都是|分别|是谁|哪些|哪个|哪几|哪里|哪儿|什么|怎么|如何|有没有|是否|又|还|呢|吗"
                     r"|展开|讲讲|说说|谈谈|介绍|详细|具体|内容|一下|一共|总共|部分|章节"
                     r"|全称|全名|简称|缩写|中文名|英文名"
                     # a demonstrative points, it names nothing: "那次高峰论坛"
                     r"|那次|这次|那场|这场|那个|这个|那些|这些|那份|这份|那篇|这篇|那项|这项|哪座|哪家|哪位|哪次|哪场")


OWN_ASK = re.compile(r"什么|哪些|哪几|怎么|怎样|如何|多少|几[个项家条]|是否|吗|what|which|how", re.I)
ASKS_ROLE = re.compile(r"牵头|配合|负责|单位|部门|谁|lead|support|responsible", re.I)
# How a previous question asked who: "由谁牵头", "是哪个部门负责", "配合单位有哪些"
ROLE_ASKED = re.compile(
    r"(?:由|是)?(?:谁|哪个部门|哪些部门|哪个单位|哪些单位|哪家)(?:来)?(?:牵头|配合|负责)"
    r"|的?(?:牵头|配合)(?:单位|部门)(?:是|有)?(?:哪些|哪个|哪几个|谁)?"
)


# A part that opens with a copula, or a modal and a preposition of time or place, and then the
# asking word ("…,是哪天成立的?", "由谁牵头?", "要在什么时候完成?"), or with a modal and a verb
# ("要研究哪些方面?") has the earlier part's subject
SUBJECTLESS = re.compile(r"^(?:那|又|还)?(?:(?:是|由|被)(?:关于|有关|针对|对)?(?=哪|谁|什么|多少|几|何)"
                         # "…谁牵头,要研究哪些方面": a modal opening the part leaves its subject unsaid
                         r"|(?:要|需要|应|应该|还要|将)(?=[\u4e00-\u9fff]{2,}(?:哪|什么|多少|几|谁))"
                         r"|(?:要|将|需要|应|会|计划)?(?:在|到|于)(?:什么时候|何时|哪一?年|哪天|哪里|哪儿)[\u4e00-\u9fff]{0,4}[??]?$"
                         # "…六项措施…?第一项要做什么?": an item by its ordinal alone belongs to the list named before
                         r"|第[一二三四五六七八九十\d]{1,3}(?:项|条|个|点)(?=[^\u4e00-\u9fff]|[要是讲说有的呢]))")


def names_a_topic(text: str) -> bool:
    """True when a question carries enough words of its own to be searched alone."""
    return len([t for t in tokenize(text) if not ASKING_WORDS.fullmatch(t) and len(t) > 1]) >= 2


def is_follow_up(question: str) -> bool:
    """True when the question needs the conversation to be understood."""
    q = fold(question).strip().lower()
    # "配合的有几个单位?" is all asking words: what it asks about was said before; "要组建哪两个
    # 库?" opens with a modal and leaves its subject to what was said before
    return bool(_LEANING.search(q)) or len(q) <= 6 or not names_a_topic(q) or bool(SUBJECTLESS.match(q)) or _verb_first(q)


_ASKING_WORD = re.compile(r"什么|哪些|哪几|哪个|哪项|多少|几")
VERB_FIRST_CHARS = 12  # a short question; a long one opening with a verb usually names its object


def _verb_first(q: str) -> bool:
    """"围绕什么产业?", "组织开展什么项目?": verbs, then the asking word and at most one noun:
    what acts and on what was said before."""
    if len(q) > VERB_FIRST_CHARS:
        return False
    tokens = [t for t in jieba.posseg.cut(re.sub(r"^(?:那|还|又)", "", q)) if t.flag != "x"]
    verbs = 0
    for i, token in enumerate(tokens):
        if _ASKING_WORD.fullmatch(token.word):
            return verbs > 0 and len(tokens) - i - 1 <= 1
        if not (token.flag in ("v", "p", "ul") or token.flag.startswith("v")):
            return False
        verbs += token.flag != "ul"
    return False


def last_user_turns(history: list[dict], n: int = 2) -> list[str]:
    """The last `n` user questions, oldest first."""
    turns = [m.get("content", "") for m in history if isinstance(m, dict) and m.get("role") == "user"]
    return [t for t in turns[-n:] if isinstance(t, str) and t.strip()]


def resolve(question: str, history: list[dict]) -> str:
    """The question to retrieve with: itself, or the previous topic plus itself."""
    if not history or not is_follow_up(question):
        return question
    previous = last_user_turns(history, 1)
    if not previous:
        return question
    topic = previous[-1][:TOPIC_CHARS]
    if OWN_ASK.search(fold(question)) and not ASKS_ROLE.search(fold(question)):
        # "这项任务具体要做什么?" after "…由谁牵头?": the topic is the task, not who leads it
        # ("那第12项呢?" asks nothing of its own: it asks the previous question again)
        topic = ROLE_ASKED.sub(" ", fold(topic))
    return f"{topic} {question}"

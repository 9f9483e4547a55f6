"""What a question asks about, and whether the texts ever speak of it.

"青岛市检验检测认证协会的会费标准是多少?" asks for the 会费标准; "对认证机构违规有什么处罚措施?"
for 处罚措施. The asked thing is the noun run right before the asking word ("…是多少", "…是什么") or,
after a quantity word, right after it ("多少钱"); after "什么/哪些" the noun is as often
the frame of the question ("在什么语境下") as its subject, so it is not read. When a word of that run occurs nowhere in the texts (nor as one of their
aliases), the texts do not speak of it and no clause, however close in topic, answers.
Nouns elsewhere in the question are context ("我们是做光伏组件的"), not what is asked.
"""

from __future__ import annotations

import re

import jieba.posseg

from assistant.core.lexicon import with_aliases
from text.fold import fold, fold_loose

ASKING = re.compile(r"多少[个项年天家条种位次名人份]?|多久|多长|多大|多高|多重|多远|多宽|多深|几[个项年天家条种位次名人份]?|什么|哪些|哪个|哪家|哪天|哪一?年|哪里|哪儿|何时|是谁|有没有|是否有|有无")
# "X的持股比例有没有上限": the noun run before 有没有 is what is asked of; the words after it
# are mostly modifiers ("有没有专门的…", "有没有相关政策"), not read
# Nouns that name the kind of answer, not its subject ("扮演什么角色", "什么时候", "标题是什么")
LIGHT_NOUNS = frozenset(
    ["内容", "角色", "身份", "层面", "角度", "标题", "名称", "名字", "全称", "简称", "全名", "中文名", "英文名", "时候", "时间", "方面", "情况", "例子", "品类", "类别", "种类", "动作", "意义", "作用", "地位", "特点", "区别", "东西", "事情", "问题", "方式", "形式", "程度", "部分", "压根",
     # what was said, as the asker names it: "聊了哪些话题", "有啥说法"
     "话题", "主题", "说法", "看法", "态度", "想法", "打算",
     # what a body is there to do, as the asker names it: whatever the text says it does
     "职责", "职能"]
)
# Shell nouns: their content is whatever the clause says ("销量目标是多少", "三步走思路是什么",
# "有什么安排"), so the evidence need not use the word itself
SHELL_NOUNS = frozenset(
    ["目标", "思路", "安排", "计划", "要求", "措施", "举措", "做法", "办法", "途径", "路径", "渠道", "重点", "任务", "工作",
     "数量", "数目", "总数", "数字", "规模", "结果", "进展", "内容", "政策", "规定", "原则", "目的", "理念", "定位", "方向"]
)
# Nouns naming a broad kind, that a modifier narrows without coining a new thing
CATEGORY_HEADS = frozenset(["产品", "设备", "企业", "机构", "领域", "行业", "项目", "国家", "地区", "服务", "技术", "业务", "市场"])
# Words for the text itself ("这篇文章是什么时候发的"): the document, which the texts never call by name
DOCUMENT_NOUNS = frozenset(["文章", "报道", "新闻", "文件", "文本", "原文", "稿子"])
# Between the asked thing and the asking word: "会费标准[是]多少", "有什么[具体的]处罚措施"
_GLUE = frozenset({"是", "为", "有", "要", "的", "具体", "主要", "都", "一共", "共", "大概", "一般", "需要", "要求", "又"})
PHRASE_GAP = 4  # characters a phrase of the texts may hold between the halves of an asked word ("优惠或奖励政策")
# what follows "哪些/什么" when it ends the clause: nouns and at most a 的 ("具体的优惠政策")
_ENDS_AT = re.compile(r"[\u4e00-\u9fff]{2,10}")
_FRAME_END = re.compile(r"[由是为有在归被向让给]$")
_NOUN = re.compile(r"^(n|nz|vn|ng)$")
# "哪年哪月" is cut as one noun: a question word, never the thing asked about
_QUESTION_WORD = re.compile(r"哪|几|什么|多少|谁")
_CLAUSE_END = re.compile(r"[,,。;;??!!、]")


def asked_nouns(question: str, answer_types: bool = True) -> list[str]:
    """The noun run each asking word of the question is about (two characters or more each);
    without `answer_types`, only the run before it (the attribute asked of a subject, "…的会费是
    多少"), not the kind of thing the answer names ("几个区域", "有哪些议题")."""
    q = fold(question)
    found: list[str] = []
    for m in ASKING.finditer(q):
        # the preposition or copula right before the asking word is the question's frame
        # ("这件事由哪个部门": not the noun 事由)
        before = _FRAME_END.sub("", _CLAUSE_END.split(q[:m.start()])[-1][-12:])
        after = _CLAUSE_END.split(q[m.end():])[0][:12]
        # dictionary words only (HMM off): a guessed word ("条是") is a cut across two words
        found += _run(list(jieba.posseg.cut(before, HMM=False))[::-1])  # nearest first, walking back
        if not answer_types:
            continue
        if m.group(0)[0] in "多几":  # "多少钱", "几个人": the counted thing follows
            found += _run(list(jieba.posseg.cut(after, HMM=False)))
        elif m.group(0) == "哪些" and _ENDS_AT.fullmatch(after):
            # "下设哪些专业委员会?": a noun run that ends the question is its subject, asked as
            # one thing (one that goes on, "哪些方面的", is the frame). Not after 什么, which
            # is followed by the frame as often ("是什么意思", "什么态度")
            tokens = list(jieba.posseg.cut(after, HMM=False))
            run = _run(tokens)
            if run and tokens[-1].word in run:
                found.append("".join(run))
    return list(dict.fromkeys(found))


def _run(tokens) -> list[str]:
    """The nouns adjacent to the asking word: glue words skipped, stopped by anything else."""
    nouns: list[str] = []
    for token in tokens:
        word, flag = token.word, token.flag
        if not nouns and word in _GLUE:
            continue
        # a measure word fused to its noun in the dictionary ("篇文章"): the noun is the thing
        word = re.sub(r"^[篇个项份条家位名种本件]", "", word) if len(word) >= 3 else word
        # "被选为" is in jieba's dictionary as a noun: 被 marks a passive verb, never a thing
        if _NOUN.match(flag) and len(word) >= 2 and not _QUESTION_WORD.search(word) and not word.startswith("被"):
            nouns.append(word)
            continue
        break
    return nouns


# "哪几份文件提到了“X”": which documents say a phrase, asked of the whole library
WHICH_DOCUMENTS_Q = re.compile(r"(?:哪些|哪几份|哪几个|哪份|几份)(?:文件|文档|文本|材料)")
# "提到了HACCP吗": what a mention question asks about, quoted or not
MENTIONED = re.compile(r"(?:提到|提及|涉及|说到|讲到|谈到|写到)(?:了|过)?\s*([^“”\"??,,。;;的]{2,20}?)\s*(?:这个词|一词|吗|呢|[??]|$)")


def mentioned_phrase(question: str, names: list[str]) -> str | None:
    """The phrase a "which documents mention X" question asks about: the one quoted name,
    or the object of 提到; None for any other question."""
    q = fold(question)
    if not WHICH_DOCUMENTS_Q.search(q):
        return None
    quoted = [n for n in names if n in q and f"“{n}”" in re.sub(r'"([^"]*)"', r"“\1”", q)]
    if len(quoted) == 1:
        return quoted[0]
    # "都提到了哪些共同的领域" asks what they mention: a phrase with an asking word names nothing
    return m.group(1) if (m := MENTIONED.search(q)) and not _QUESTION_WORD.search(m.group(1)) else None


def alternatives(phrase: str) -> list[str]:
    """The phrases a mention question offers as one ("跨境电商或电子商务": either will do)."""
    return [p for p in re.split(r"或者|或是|或|还是", phrase) if len(p) >= 2] or [phrase]


def unknown_focus(question: str, corpus_text: str, names: list[str] = ()) -> str | None:
    """A word of what the question asks about that the texts never use, or None."""
    phrase = mentioned_phrase(question, list(names))
    if phrase and not any(_known(p, corpus_text) for p in alternatives(phrase)):
        return phrase  # "哪些文件提到了区块链?": none does
    if (stipulated := stipulated_noun(question)) and not _known(stipulated, corpus_text):
        return stipulated  # "有没有规定最低注册资本?": a rule about a thing the texts never name
    # "规模有多大": a magnitude of a shell noun is whatever figure the clause gives (185家会员单位)
    shells = SHELL_NOUNS if MAGNITUDE.search(fold(question)) else frozenset()
    for word in asked_nouns(question):
        if word not in LIGHT_NOUNS | DOCUMENT_NOUNS | shells and not _known(word, corpus_text):
            return word
    return None


# "有没有规定/要求…X?": whether the texts set a rule about X, the noun that ends the question
_STIPULATED = re.compile(r"(?:有没有|是否|是不是)(?:明确)?(?:规定|要求|明确)了?([^,,。;;??]{2,24}?)(?:吗|呢|[??]|$)")


def stipulated_noun(question: str) -> str | None:
    """The thing a "有没有规定…X" question asks a rule about: the last noun of its object."""
    m = _STIPULATED.search(fold(question))
    if not m or _QUESTION_WORD.search(m.group(1)):
        return None
    nouns = [t.word for t in jieba.posseg.cut(m.group(1), HMM=False) if _NOUN.match(t.flag) and len(t.word) >= 2]
    return nouns[-1] if nouns and m.group(1).endswith(nouns[-1]) else None


MAGNITUDE = re.compile(r"多大|多高|多重|多远|多宽|多深")


def absent_focus(question: str, evidence: list[str], corpus_text: str) -> str | None:
    """A word of what the question asks about that the texts use, but not in the evidence:
    the clauses found speak of the question's subject without stating the asked thing
    ("机构国际化能力评价体系的评价指标有哪些": the 评价体系 is named, its 指标 never are)."""
    said = fold_loose("".join(evidence))
    for word in asked_nouns(question, answer_types=False):
        if word in LIGHT_NOUNS | SHELL_NOUNS | DOCUMENT_NOUNS or not _known(word, corpus_text):
            continue
        if not _known(word, said):
            return word
    return None


def _known(word: str, corpus_text: str) -> bool:
    """The texts use the word, one of its aliases, or (four characters or more) its halves
    close together, as one phrase with a few characters between: "优惠政策" is known from
    "优惠或奖励政策"; "专业委员会" is not known from "专业化" here and "委员会" there, nor "有效期"
    from "有效"."""
    if fold_loose(word) in corpus_text or with_aliases(word) != word:
        return True
    if len(word) < 4:
        return False
    # a known word before a category noun ("新能源|产品") names a kind of thing, not a new
    # one ("专业|委员会" is an organ of its own): whether a clause states it is the evidence's to show
    parts = list(jieba.cut(word, HMM=False))
    if len(parts) >= 2 and parts[-1] in CATEGORY_HEADS and all(len(p) >= 2 and fold_loose(p) in corpus_text for p in parts):
        return True
    head, tail = fold_loose(word[:2]), fold_loose(word[2:])
    return re.search(f"{re.escape(head)}.{{0,{PHRASE_GAP}}}{re.escape(tail)}", corpus_text) is not None

"""A word replaced by its opposite: "新西兰协定是我国和发展中国家达成的第一个互认协定" where the
text says "特别是发达国家的政府达成的互认协定". An opposite keeps the sentence's frame and turns
its claim around, so the words around it agree while the word itself differs."""

from __future__ import annotations

import re

import jieba.posseg

from text.fold import fold

# Pairs of opposites the policy texts use. A word written with its opposite as one compound
# ("国内外", "双多边", "内外销", "线上线下") names both sides and claims neither.
OPPOSITES: tuple[tuple[str, str], ...] = (
    ("发达国家", "发展中国家"),
    ("进口", "出口"),
    ("强制性", "自愿性"),
    ("境内", "境外"),
    ("国内", "国外"),
    ("线上", "线下"),
    ("增加", "减少"),
    ("扩大", "缩小"),
    ("提高", "降低"),
    ("双边", "多边"),
    ("以上", "以下"),
)
BOTH_SIDES = re.compile(r"国内外|境内外|双多边|多双边|内外销|线上线下|进出口")
# The words around the replaced one must agree: this many character pairs shared within
# CONTEXT characters on either side (one pair is often a particle and a character)
SHARED_PAIRS = 2
CONTEXT = 10


def opposite_corrections(question: str, sentences: list[str]) -> list[str]:
    """"文本写的是“发达国家”,不是“发展中国家”" for a word of the question whose opposite the best
    sentence writes, in the same surroundings, while the sentence never writes the word itself."""
    if not sentences:
        return []
    q = BOTH_SIDES.sub(" ", fold(question))
    said = BOTH_SIDES.sub(" ", fold(sentences[0]))
    corrections = []
    for one, other in OPPOSITES:
        for asked, written in ((one, other), (other, one)):
            if asked in q and written not in q and written in said and asked not in said and _same_frame(q, asked, said, written):
                corrections.append(f"文本写的是“{written}”,不是“{asked}”")
    return corrections


# "不支持…吧": a verb the question denies; jieba says it is a verb ("不断", "不同" are words)
NEGATED = re.compile(r"(?:不|没有|没|未|并未|并不|从未)([\u4e00-\u9fff]{2})")


def denied_corrections(question: str, sentences: list[str]) -> list[str]:
    """"文本写的是“支持”,不是“不支持”" when the question denies a verb that the best sentence
    affirms in the same surroundings, with no negation of its own."""
    if not sentences:
        return []
    q, said = fold(question), fold(sentences[0])
    corrections = []
    for m in NEGATED.finditer(q):
        verb = m.group(1)
        words = list(jieba.posseg.cut(q[m.start(1):], HMM=False))
        if not (words and words[0].word == verb and words[0].flag.startswith("v")):
            continue
        if verb in said and not re.search(rf"(?:不|没有|没|未){verb}", said) and _same_frame(q, m.group(0), said, verb):
            corrections.append(f"文本写的是“{verb}”,不是“{m.group(0)}”")
    return corrections


def _same_frame(question: str, asked: str, sentence: str, written: str) -> bool:
    """The words around `asked` in the question and around `written` in the sentence share
    `SHARED_PAIRS` character pairs: the same claim with one word turned."""
    def around(text: str, word: str) -> set[str]:
        at = text.find(word)
        window = text[max(0, at - CONTEXT):at] + " " + text[at + len(word):at + len(word) + CONTEXT]
        return {window[i:i + 2] for i in range(len(window) - 1) if re.fullmatch(r"[\u4e00-\u9fff]{2}", window[i:i + 2])}
    return len(around(question, asked) & around(sentence, written)) >= SHARED_PAIRS

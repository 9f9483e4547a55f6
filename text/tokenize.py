"""Search tokens: jieba-segmented, folded (Simplified, half-width) text, without stopwords.

The one tokenizer of the project: BM25 (`vectorstore.lexical`, `vectorstore.stored_bm25`),
the tokens stored at ingest and every match of a question's words are cut by `tokenize`.
`add_words` teaches jieba's dictionary the domain words that must stay whole.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from functools import lru_cache

import jieba

from text.fold import fold

jieba.setLogLevel(logging.WARNING)

# Function words that match everything and rank nothing.
STOPWORDS = frozenset(
    ["的", "了", "和", "与", "及", "以及", "或", "在", "是", "为", "对", "等", "中", "有", "由", "将", "并", "其", "之", "于", "把", "被", "从", "向", "也", "就", "都", "而", "及其", "哪些", "什么", "哪个", "哪", "几", "多少", "怎么", "如何", "是否", "吗", "呢", "吧", "啊", "请问", "请", "一下", "这", "那", "这个", "那个", "这项", "那项", "the", "a", "an", "of", "to", "and", "in", "on", "for", "is", "are", "what", "which", "how", "who", "does", "do", "with", "by"]
)
_TOKEN_OK = re.compile(r"[\w\u4e00-\u9fff]")


_TAUGHT: set[str] = set()


def add_words(words: Iterable[str]) -> None:
    """Teach jieba domain words (unit names) so they stay whole; each word once per process.

    Once, because every `jieba.add_word` also adds its frequency to jieba's total, which moves
    every segmentation score: teaching the words again on each refresh would slowly change how
    a long-running process cuts text, and the tokens stored at ingest would no longer match
    the cuts of its queries."""
    for word in words:
        folded = fold(word) if word else ""
        if folded and folded not in _TAUGHT:
            _TAUGHT.add(folded)
            jieba.add_word(folded, freq=50000)
            _cut.cache_clear()  # earlier cuts may differ now


def tokenize(text: str) -> list[str]:
    """Search-mode jieba tokens of the folded text, lower-cased, without stopwords and punctuation."""
    return list(_cut(text))


@lru_cache(maxsize=4096)  # an answer cuts the same question text a dozen times
def _cut(text: str) -> tuple[str, ...]:
    folded = fold(text).lower()
    return tuple(
        t
        for t in jieba.cut_for_search(folded)
        if t.strip() and _TOKEN_OK.search(t) and t not in STOPWORDS
    )


def runs_on(text: str, end: int) -> bool:
    """True when the character at `end` forms a dictionary word with the one before it, so a
    name matched up to `end` is cut out of a longer word: "国际合作部|分" is 国际合作 and 部分,
    not the unit 国际合作部."""
    if not 0 < end < len(text):
        return False
    jieba.dt.check_initialized()
    word = text[end - 1 : end + 1]
    # "注册部门" is 注册部 all the same: 部门 says what kind of name it is
    # jieba keeps every prefix of its words at frequency 0: only a positive one is a word
    if word in SAME_KIND or not (jieba.get_FREQ(word) or 0) > 0:
        return False
    # ...and the sentence is cut there all the same when the name is the likelier word:
    # "研究所|在任务…" (所在 is a word too), not "实验室部|分" (实验室/部分)
    start = max(0, end - 8)
    at = start
    for token in jieba.cut(text[start:end + 4], HMM=False):
        at += len(token)
        if at >= end:
            return at != end
    return True


SAME_KIND = {"部门"}

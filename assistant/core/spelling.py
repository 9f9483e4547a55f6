"""Homophone typos in questions: "认正" typed for "认证", "配和" for "配合".

Pinyin input makes the commonest Chinese typo a character with the same sound. A run of
characters that is neither a word of the texts nor of jieba's dictionary, and sounds
exactly like one word of the texts, is read as that word (added to the search words, the
question itself is left as typed).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cached_property

import jieba

_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
_HAN_CHAR = re.compile(r"[\u4e00-\u9fff]")
# Pronouns, the copula and sentence particles: the asker's grammar, never a mistyped term
# ("我是" must not sound like the texts' "我市")
_GRAMMAR = re.compile(r"[我你您他她它咱们是的了吗呢吧啊么]")


def lazy_pinyin(text: str) -> list[str]:
    """pypinyin's reading, imported at the first word to read (its phrase table costs ~0.25 s of
    every process start, and most questions have no run to read)."""
    from pypinyin import lazy_pinyin as read

    return read(text)


class Respeller:
    """The texts' words by their sound; `corrections(text)` -> the words a text mistyped."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self.vocabulary = frozenset(vocabulary)
        self._corrected: dict[str, list[tuple[str, str]]] = {}  # one answer searches the same text many times

    @cached_property
    def by_sound(self) -> dict[tuple[str, ...], str]:
        """Sound -> the one word of the texts with it (made at the first window to look up:
        the pinyin of every word costs ~0.2 s at 100x the bundled corpus)."""
        by_sound: dict[tuple[str, ...], list[str]] = {}
        for word in sorted(self.vocabulary):
            if 2 <= len(word) <= 4 and _HAN_RUN.fullmatch(word):
                by_sound.setdefault(tuple(lazy_pinyin(word)), []).append(word)
        # a sound shared by two words of the texts is ambiguous: no guess
        return {sound: words[0] for sound, words in by_sound.items() if len(words) == 1}

    def respelled(self, text: str) -> str:
        """The text with each mistyped run written as the texts' word ("国际合做部" -> 国际合作部)."""
        for typed, word in self._typed(text):
            text = text.replace(typed, word, 1)
        return text

    def corrections(self, text: str) -> list[str]:
        """The texts' words that runs of `text` mistype, in order of appearance, once each.

        Only where the dictionary segmentation breaks down: a typo leaves characters that
        form no word ("认正" -> 认 / 正), so runs of single characters are read, never
        windows across two good words ("认证合作" must not sound like "整合")."""
        return list(dict.fromkeys(word for _, word in self._typed(text)))

    def _typed(self, text: str) -> list[tuple[str, str]]:
        """(mistyped run, the texts' word it sounds like), in order of appearance."""
        if (known := self._corrected.get(text)) is not None:
            return known
        if len(self._corrected) > 256:
            self._corrected.clear()
        self._corrected[text] = found = self._corrections(text)
        return found

    def _corrections(self, text: str) -> list[tuple[str, str]]:
        found: dict[str, str] = {}
        for run in self._loose_runs(text):
            for size in (4, 3, 2):
                for start in range(len(run) - size + 1):
                    window = run[start:start + size]
                    if window in self.vocabulary or window in jieba.dt.FREQ or _GRAMMAR.search(window):
                        continue
                    word = self.by_sound.get(tuple(lazy_pinyin(window)))
                    if word:
                        found.setdefault(window, word)
        return list(found.items())

    @staticmethod
    def _loose_runs(text: str) -> list[str]:
        """Runs of two or more Chinese characters that the dictionary cuts into single characters."""
        runs, current = [], ""
        for token in jieba.lcut(text, HMM=False):
            if _HAN_CHAR.fullmatch(token):
                current += token
                continue
            if len(current) >= 2:
                runs.append(current)
            current = ""
        if len(current) >= 2:
            runs.append(current)
        return runs

"""The corpus text of a snapshot, with its substring look-ups remembered.

The answer engine asks "is this word anywhere in the texts" (`word in corpus_text`) and "how often"
(`corpus_text.count(word)`) a dozen times a question: for each translation of an English word,
each named thing, each premise. Each is a scan of every clause's folded text: ~1.3 ms for a word the
texts lack at 100x the bundled corpus (1.9 million characters), where the whole 1x answer takes ~1 ms,
and an English question makes dozens. The text of
a version never changes, so the answers are kept: a word asked before costs a dict look-up, a new
word still one scan. The results are `str`'s own.
"""

from __future__ import annotations

import threading

REMEMBERED = 50_000  # look-ups kept per version before starting over


class CorpusText(str):
    """A `str` whose `in` and `count` results are remembered (see the module docstring)."""

    def __new__(cls, text: str) -> CorpusText:  # noqa: D102 - str's own
        made = super().__new__(cls, text)
        made._seen = {}
        made._lock = threading.Lock()
        return made

    def _remember(self, key: tuple[str, str], work: int | bool) -> None:
        with self._lock:
            if len(self._seen) >= REMEMBERED:
                self._seen.clear()
            self._seen[key] = work

    def __contains__(self, part: object) -> bool:
        if not isinstance(part, str):
            return str.__contains__(self, part)  # str's own TypeError
        if (found := self._seen.get(("in", part))) is not None:
            return found
        found = str.__contains__(self, part)
        self._remember(("in", part), found)
        return found

    def count(self, part: str, *span: int | None) -> int:  # noqa: D102 - str's own
        if span or not isinstance(part, str):
            return str.count(self, part, *span)
        if (found := self._seen.get(("count", part))) is not None:
            return found
        found = str.count(self, part)
        self._remember(("count", part), found)
        return found

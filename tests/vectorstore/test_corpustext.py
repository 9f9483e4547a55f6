"""The corpus text's remembered look-ups answer as `str` does."""

from __future__ import annotations

import pickle

import pytest

from vectorstore import corpustext
from vectorstore.corpustext import CorpusText


def test_in_and_count_are_strs_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(corpustext, "REMEMBERED", 3)
    plain = "认证认可检验检测,认证机构;认可。" * 3
    text = CorpusText(plain)
    assert text == plain and hash(text) == hash(plain) and isinstance(text, str)
    for _ in range(2):  # the second round answers from what the first remembered
        for word in ("认证", "认可", "检测", "机器人", "", "。认"):
            assert (word in text) == (word in plain)
            assert text.count(word) == plain.count(word)
    assert text.count("认证", 5) == plain.count("认证", 5)
    assert len(text._seen) <= 3
    with pytest.raises(TypeError):
        _ = 3 in text
    assert pickle.loads(pickle.dumps(str(text))) == plain

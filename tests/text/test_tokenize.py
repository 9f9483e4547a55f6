"""The one tokenizer (text.tokenize): jieba search-mode tokens of folded text.

`add_words` is not called here: a taught word moves jieba's scores for the rest of the process
(tests/vectorstore/test_localcache.py teaches one through a real ingest, in a subprocess)."""

from text.tokenize import tokenize


def test_traditional_and_simplified_cut_the_same_without_stopwords_and_punctuation():
    tokens = tokenize("推進食品農產品領域互認的工作。")
    assert tokens == tokenize("推进食品农产品领域互认的工作。")
    assert "推进" in tokens and "互认" in tokens
    assert "的" not in tokens and "。" not in tokens


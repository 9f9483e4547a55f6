"""Token counting (text.tokens): tiktoken encodings read offline."""

import pytest

from text.tokens import count_tokens, get_encoding

TEXT = "推进食品农产品领域互认,开展有机产品认证互认谈判。"


def test_counts_are_those_of_the_named_encoding():
    assert count_tokens(TEXT) == count_tokens(TEXT, "cl100k_base") == len(get_encoding("cl100k_base").encode(TEXT))
    assert count_tokens(TEXT, "o200k_base") == len(get_encoding("o200k_base").encode(TEXT))
    assert count_tokens(TEXT, "o200k_base") < count_tokens(TEXT, "cl100k_base")  # o200k has more Chinese words


def test_special_token_text_is_counted_as_text():
    assert count_tokens("<|endoftext|>") > 1


def test_an_unknown_encoding_is_an_error():
    with pytest.raises(KeyError):
        count_tokens(TEXT, "no_such_base")

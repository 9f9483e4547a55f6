"""Folding for search (text.fold): script, width, spaces, punctuation."""

from text.fold import fold, fold_loose, is_traditional, to_simplified, to_traditional


def test_fold_is_simplified_half_width_single_spaced():
    assert fold("  推進　食品（農產品）\t互認 ") == "推进 食品(农产品) 互认"


def test_fold_loose_drops_punctuation_spaces_and_case():
    assert fold_loose("“推進”　食品（農產品）ＡＢ") == "推进食品农产品ab"


def test_script_conversion_and_detection():
    assert to_simplified("認證認可") == "认证认可"
    assert to_traditional("认证认可") == "認證認可"
    assert is_traditional("推進食品農產品領域互認")
    assert not is_traditional("推进食品农产品领域互认")
    assert not is_traditional("ISO 9001")

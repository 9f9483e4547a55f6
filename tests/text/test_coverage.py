"""Coverage weighs each concept of a question once, however many pieces the tokenizer cuts."""

from __future__ import annotations

from text.coverage import coverage


def test_a_compound_and_its_pieces_are_one_concept() -> None:
    weights = {"电子电器": 3.7, "电子": 3.1, "电器": 3.7, "协定": 3.4, "覆盖": 3.4}
    # the compound alone is one of three concepts, not 10.5 of 17.3 weight units
    assert round(coverage("以玩具、电子电器为试点", weights), 2) == round(3.7 / (3.7 + 3.4 + 3.4), 2)


def test_a_piece_of_a_compound_meets_part_of_it() -> None:
    weights = {"电子电器": 3.7, "电子": 3.1, "电器": 3.7}
    assert 0 < coverage("加快电子商务认证制度建设", weights) < 1
    assert coverage("电子电器及其部件", weights) == 1.0
    assert coverage("绿色产品", weights) == 0.0

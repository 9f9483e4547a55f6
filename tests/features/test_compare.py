"""Plan-to-plan comparison on the bundled corpus: the 2016-2018 plan (000) against the
2024-2030 action plan (001)."""

from __future__ import annotations

import pytest

from assistant.features.docnames import DocNotFound

PLAN_2016 = "000_02cfffb9d3d88caf.txt"
PLAN_2024 = "001_da98db179e3067c7.txt"


@pytest.fixture(scope="module")
def plans(assistant):
    return assistant.compare("000", "001")


def pair_of(comparison, clause_suffix: str):
    return next(p for p in comparison.pairs if p.clause.id.endswith(":" + clause_suffix))


def test_names_resolve_by_prefix_and_title(assistant):
    assert assistant.resolve_doc("000") == PLAN_2016
    assert assistant.resolve_doc("高水平开放") == PLAN_2024
    assert assistant.resolve_doc("高水平開放") == PLAN_2024  # either script
    with pytest.raises(DocNotFound, match="several"):
        assistant.resolve_doc("00")
    with pytest.raises(DocNotFound, match="no document"):
        assistant.resolve_doc("不存在的文件")


def test_every_clause_of_a_gets_its_closest_clause_of_b(plans):
    assert plans.doc_a == PLAN_2016 and plans.doc_b == PLAN_2024
    assert len(plans.pairs) == 29  # every clause of 000 but its title card
    assert all(p.match is not None and p.match.doc == PLAN_2024 for p in plans.pairs)
    assert all(0.5 < p.similarity <= 1.0 for p in plans.pairs)


def test_international_cooperation_clauses_align(plans):
    # 17. 完善认证认可多边合作体系 <-> (一) 认证认可国际合作 (二、健全完善认证认可国际合作格局)
    multilateral = pair_of(plans, "四.六.17")
    assert multilateral.matched
    assert multilateral.match.id == "001_da98db179e3067c7:二.一"
    assert "国际合作" in multilateral.match.clause


def test_capacity_building_clauses_align(plans, assistant):
    # 14. 加强认证认可能力建设援助 (training other countries' bodies and staff) <-> the 2024 plan's
    # capacity and talent clauses: (十三) 加强机构国际化能力建设 / (十八) 国际化人才培养
    capacity = pair_of(plans, "四.四.14")
    assert capacity.matched
    assert capacity.match.id in ("001_da98db179e3067c7:五.十三", "001_da98db179e3067c7:六.十八")
    back = assistant.compare("001", "000")
    assert pair_of(back, "五.十三").match.id == "000_02cfffb9d3d88caf:四.四.14"
    assert pair_of(back, "五.十三").matched


def test_unmatched_and_new_are_decided_by_the_margin(plans):
    for p in plans.pairs:
        assert p.matched == (p.margin >= plans.threshold)
    assert any(not p.matched for p in plans.pairs)  # the margin does reject some
    assert all(not p.matched for p in plans.new_in_b)
    data = plans.to_json()
    assert data["threshold"] == plans.threshold and len(data["pairs"]) == 29


def test_same_document_is_refused(assistant):
    with pytest.raises(ValueError, match="two different"):
        assistant.compare("000", PLAN_2016)

"""Who pays for a thing (出资), a quoted phrase looked for in the document the question names, and
a pair a claim puts in a list by its tone alone. Phrased unlike the regression sets' items."""

from __future__ import annotations

from assistant.api import Assistant


def test_who_funds_a_thing_the_texts_only_name_is_refused(assistant: Assistant) -> None:
    result = assistant.answer("2017年计划提出的创新孵化器由哪家出资?", [])
    assert result.refused and "经费来源" in result.answer.splitlines()[0]


def test_a_quoted_phrase_is_looked_for_in_the_named_document(assistant: Assistant) -> None:
    # "桥梁" is in the Qingdao report; the action plan's clause on regions is the evidence
    result = assistant.answer("开放行动方案还提到要打造一批对外开放的“桥梁”?", [])
    assert "支持重点区域认证认可领域开放发展" in result.answer.splitlines()[0]


def test_a_pair_a_tone_claim_puts_in_a_list_is_checked_member_by_member(assistant: Assistant) -> None:
    result = assistant.answer("2017年计划以玩具和手机为试点搞强制性产品认证目录改革?", [])
    first = result.answer.splitlines()[0]
    assert first.startswith("更正") and "其中没有“手机”" in first

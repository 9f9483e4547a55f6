"""Claims about counts, offices, issuers and rules that the texts do not bear out, and groups
they only count. Each test is phrased unlike the regression sets' items and asserts what the
user reads.
"""

from __future__ import annotations

from assistant.api import Assistant


def test_a_group_asked_by_its_figure_is_only_counted_and_the_figure_is_no_premise(assistant: Assistant) -> None:
    # "在沿线65个国家中选取32个国家": 65 is right, and the 65 are never listed
    along = assistant.answer("沿线的65个国家是哪65个?", [])
    assert along.refused and "65个" in along.answer and "更正" not in along.answer
    areas = assistant.answer("2017年计划新增了哪10家示范创建区?", [])
    assert areas.refused and "10家" in areas.answer


def test_an_outcome_after_a_plan_is_not_in_the_plan(assistant: Assistant) -> None:
    talks = assistant.answer("有机产品认证互认谈判跟哪些国家谈成了?", [])
    assert talks.refused and "进展" in talks.answer
    after = assistant.answer("2017年行动计划实施完之后效果怎么样?", [])
    assert after.refused


def test_a_rule_about_a_thing_the_texts_never_name(assistant: Assistant) -> None:
    capital = assistant.answer("开放行动方案是否规定了外资机构的注册资本?", [])
    assert capital.refused and "注册资本" in capital.answer
    known = assistant.answer("开放行动方案有没有要求机构取得境外资质授权?", [])
    assert not known.refused and "境外资质授权" in known.answer


def test_an_office_of_the_same_kind_given_to_another_holder_is_corrected(assistant: Assistant) -> None:
    # "青岛华测检验当选首届轮值会长单位": 常务副会长 is another 会长 office of that election
    result = assistant.answer("华测检验当选的是常务副会长单位吧?", [])
    first = result.answer.splitlines()[0]
    assert first.startswith("更正") and "轮值会长单位" in first


def test_more_numbered_items_than_a_document_has_is_corrected(assistant: Assistant) -> None:
    result = assistant.answer("2024-2030年开放行动方案总共有25条措施吗?", [])
    assert result.answer.splitlines()[0] == "更正:文本列出的是18条措施,不是25条。"


def test_an_issuer_no_text_names_is_not_confirmed(assistant: Assistant) -> None:
    # the work points carry a date line, and no issuing body
    unstated = assistant.answer("那份提升国际影响力的工作要点是国务院发布的吧?", [])
    assert unstated.refused and "由谁发布" in unstated.answer
    stated = assistant.answer("2017年行动计划是认监委发布的吗?", [])
    assert not stated.refused and "国家认监委" in stated.answer

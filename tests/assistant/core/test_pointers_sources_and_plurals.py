"""A follow-up pointing back with "这一项", who issued a document asked as "由哪个部门发布", and
English questions whose nouns are plural or whose words only look like a slot ("foreign-funded").
Each test is phrased unlike the regression sets' items and asserts what the user reads.
"""

from __future__ import annotations

from assistant.api import Assistant


def _turn(question: str, answer: str) -> list[dict]:
    return [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]


def test_this_one_item_points_back_to_the_task_the_last_answer_named(assistant: Assistant) -> None:
    first = assistant.answer("第9项是哪几家牵头的?", [])
    follow = assistant.answer("这一项还说要推进哪个领域的合作?", _turn("第9项是哪几家牵头的?", first.answer))
    assert not follow.refused and "人员认证" in follow.answer and "工作机制" not in follow.answer


def test_the_issuer_asked_with_you_is_read_from_the_source_line(assistant: Assistant) -> None:
    result = assistant.answer("高水平开放行动方案由哪个部门发布?", [])
    assert not result.refused and "市场监管总局" in result.answer


def test_a_plural_noun_of_the_glossary_finds_the_texts_word(assistant: Assistant) -> None:
    result = assistant.answer("Which national service platforms does the 2017 plan set out to build?", [])
    assert not result.refused and "服务平台" in result.answer


def test_a_hyphenated_funded_is_no_question_about_funding(assistant: Assistant) -> None:
    result = assistant.answer("How does the 2024-2030 plan treat foreign-funded certification bodies?", [])
    assert not result.refused and "外资认证机构" in result.answer
    # a verb's -s is no plural: "supports" still asks who supports
    support = assistant.answer("Under the three-year plan, which unit supports the International Department on food and agricultural product recognition?", [])
    assert "注册部" in support.answer

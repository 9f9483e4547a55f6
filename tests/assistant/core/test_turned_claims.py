"""Claims the texts turn around: an opposite word, a denied verb, a wrong month, a figure that
is part of another figure. Each is corrected from the sentence that states it.

Each test is phrased unlike the regression sets' items and asserts what the user reads.
"""

from __future__ import annotations

from assistant.api import Assistant


def test_an_opposite_word_in_the_same_claim_is_corrected(assistant: Assistant) -> None:
    result = assistant.answer("2017年计划是要缩小良好农业规范认证的覆盖面吗?", [])
    assert result.answer.startswith("更正:") and "“扩大”,不是“缩小”" in result.answer


def test_an_opposite_word_about_something_else_is_no_claim(assistant: Assistant) -> None:
    # "出口" asked of a clause on import registration: a question, not a turned claim
    result = assistant.answer("做出口食品的企业,注册方面有什么便利措施?", [])
    assert "不是“出口”" not in result.answer


def test_a_word_written_with_its_opposite_claims_neither(assistant: Assistant) -> None:
    # "国内外" holds both sides: nothing is turned around
    result = assistant.answer("国内外检测机构及企业的专家参加了高峰论坛吗?", [])
    assert "不是“国" not in result.answer


def test_a_denied_verb_the_text_affirms_is_corrected(assistant: Assistant) -> None:
    result = assistant.answer("三年计划并不欢迎外资在中国设立检验检测认证机构吧?", [])
    assert result.answer.startswith("更正:") and "“欢迎”" in result.answer


def test_a_negated_word_that_is_no_verb_is_left_alone(assistant: Assistant) -> None:
    # "不断" is a word of its own, not a denial of "断"
    result = assistant.answer("行动方案要求不断开发满足国际市场需求的服务,是吗?", [])
    assert "不是“不" not in result.answer


def test_a_month_the_text_dates_otherwise_is_corrected(assistant: Assistant) -> None:
    result = assistant.answer("青岛检验检测认证协会的成立大会是2020年9月开的吧?", [])
    assert result.answer.startswith("更正:") and "8月7日" in result.answer and "不是9月" in result.answer


def test_the_right_month_is_not_corrected(assistant: Assistant) -> None:
    result = assistant.answer("青岛检验检测认证协会的成立大会是2020年8月开的吧?", [])
    assert not result.answer.startswith("更正:")


def test_a_figure_inside_a_larger_figure_is_not_stated(assistant: Assistant) -> None:
    # "8家" is not said by "98家": the count of vice-president units is corrected to 7家
    result = assistant.answer("协会一共选出8家副会长单位,对吗?", [])
    assert result.answer.startswith("更正:") and "7家" in result.answer and "98家" not in result.answer.split("\n")[0]


def test_a_wish_in_a_route_question_is_no_claim(assistant: Assistant) -> None:
    # "想让…检测报告被…采信,有什么路子" says what the asker wants, not what the texts say
    result = assistant.answer("我们实验室想让自己的检测报告在目标市场被采信,有什么路子?", [])
    assert not result.answer.startswith("更正") and "测试报告在目标市场获得承认与接受" in result.answer

"""A figure asked for a year or a term the texts do not speak for, targets of several years,
a statement put to the wrong document, and claims that put another acronym, title, frame or
label where the text has its own. Each test is phrased unlike the regression sets' items and
asserts what the user reads.
"""

from __future__ import annotations

from assistant.api import Assistant


def _first(result) -> str:
    return result.answer.splitlines()[0]


def test_a_figure_asked_for_a_year_the_evidence_does_not_cover_is_refused(assistant: Assistant) -> None:
    # the 2017 plan gives the year's target for 三同 sales; no text gives 2019's
    other_year = assistant.answer("三同食品2019年的销量目标定的是多少?", [])
    assert other_year.refused and "2019年" in _first(other_year)
    own_year = assistant.answer("2017年的三同上线企业要增加多少家?", [])
    assert not own_year.refused and "500家" in own_year.answer


def test_a_term_of_office_the_texts_do_not_name_is_refused(assistant: Assistant) -> None:
    second = assistant.answer("协会第三届的轮值会长单位是哪一家?", [])
    assert second.refused and "首届" in _first(second)
    first = assistant.answer("协会首届轮值会长单位是哪一家?", [])
    assert not first.refused and "华测" in first.answer


def test_targets_of_two_years_asked_together_are_both_listed(assistant: Assistant) -> None:
    result = assistant.answer("高水平开放行动方案在2025年和2030年各自要达到什么目标?", [])
    assert not result.refused
    assert "到2025年" in result.answer and "到2030年" in result.answer and "承认度" in result.answer


def test_a_statement_put_to_the_wrong_document_names_the_one_that_holds_it(assistant: Assistant) -> None:
    result = assistant.answer("“国际合作部负责统筹协调”,这个说法是2017年行动计划里的吧?", [])
    assert _first(result).startswith("更正") and "三年滚动实施计划" in _first(result)


def test_another_acronym_before_the_same_words_is_corrected(assistant: Assistant) -> None:
    railway = assistant.answer("肯尼亚那条铁路引入的是CQC认证吧?", [])
    assert _first(railway).startswith("更正") and "CRCC认证" in _first(railway)
    agreement = assistant.answer("开放行动方案提出要推动DEPA关于合格评定的相关要求落地实施?", [])
    assert _first(agreement).startswith("更正") and "RCEP" in _first(agreement)


def test_a_title_against_the_officers_the_text_names_is_corrected(assistant: Assistant) -> None:
    result = assistant.answer("那个课题是由青岛市市场监管局副局长担任课题负责人的吧?", [])
    assert _first(result).startswith("更正") and "分管领导" in _first(result)


def test_another_thing_in_a_frame_of_the_text_is_corrected(assistant: Assistant) -> None:
    wrong = assistant.answer("公共检测交流服务平台是以青岛港为载体搭建的?", [])
    assert _first(wrong).startswith("更正") and "青岛海关技术中心" in _first(wrong)
    right = assistant.answer("公共检测交流服务平台是以青岛海关技术中心高新区检验检测园区为载体搭建的?", [])
    assert "更正" not in right.answer


def test_a_member_put_under_a_label_inside_its_name_is_corrected(assistant: Assistant) -> None:
    # "西亚" stands inside 马来西亚: the label named is 南亚 alone
    result = assistant.answer("三年计划把马来西亚算作南亚的重点国家?", [])
    assert _first(result).startswith("更正") and "东南亚" in _first(result)


def test_a_count_the_clause_gives_by_its_labelled_lists_is_answered(assistant: Assistant) -> None:
    regions = assistant.answer("三年计划的32个重点国家分成几个区域?", [])
    assert not regions.refused and "7个区域" in regions.answer
    asked_with_duoshao = assistant.answer("三年计划的32个重点国家分成多少个区域?", [])
    assert not asked_with_duoshao.refused and "7个区域" in asked_with_duoshao.answer
    one = assistant.answer("三年计划在非洲选了几个重点国家?", [])
    assert not one.refused and "埃及" in one.answer
    # a count by a deed no label tells is not the labels' count
    deed = assistant.answer("32个重点国家里有几个已经同我国签署了互认协议?", [])
    assert "共7个" not in deed.answer


def test_a_place_of_a_number_of_cities_the_texts_do_not_give_is_refused(assistant: Assistant) -> None:
    result = assistant.answer("2017年计划规划的国家质检中心建在哪几个城市?", [])
    assert result.refused and "地点" in _first(result)

"""Premises of place, day, approximate count and opposite words; asking an agent, a session
count or who a named person is.

Each test is phrased unlike the regression sets' items and asserts what the user reads.
"""

from __future__ import annotations

from assistant.api import Assistant
from assistant.core.restated import replaced_term_corrections
from assistant.core.stated import premises_of

EQUIPMENT = "与法国必维公司、广电计量、法国梅里埃-达能、瑞士雀巢公司、日本岛津公司六家实验室签约入驻上合示范区。"


def test_a_place_the_texts_never_name_is_corrected_with_theirs(assistant: Assistant) -> None:
    result = assistant.answer("青岛检验检测认证协会是在烟台市成立的吗?", [])
    assert result.answer.splitlines()[0].startswith("更正:文本写的是“在胶州市举行”,不是烟台市")


def test_a_place_the_texts_name_is_no_false_premise(assistant: Assistant) -> None:
    # 胶州市 is a city of 青岛, which the texts name often: nothing to correct
    result = assistant.answer("服务上合高峰论坛是在青岛举行的吗?", [])
    assert not result.answer.startswith("更正")
    assert "胶州市" in result.answer


def test_a_full_date_is_one_premise_checked_against_the_texts_full_date(assistant: Assistant) -> None:
    # the plan's date line is "2018-10-27": a day with its year, not a range 2018-2010
    result = assistant.answer("那份三年滚动计划的发布日期是2017年10月27日吗?", [])
    assert result.answer.splitlines()[0] == "更正:文本写的是2018年10月27日,不是2017年10月27日。"
    assert [p.value for p in premises_of("发布时间:2018-10-27", "range")] == []


def test_an_approximate_count_keeps_its_mark(assistant: Assistant) -> None:
    result = assistant.answer("论坛现场有300多家服务贸易商展示设备吗?", [])
    assert result.answer.splitlines()[0] == "更正:文本写的是100多家,不是300多家。"


def test_an_opposite_word_is_a_claim_though_it_shares_a_character() -> None:
    sentence = "积极研究质量安全风险可控基础上的便利化措施,探索进口注册采信第三方HACCP认证结果。"
    assert replaced_term_corrections("三年计划要探索出口注册采信第三方HACCP认证结果吗?", [sentence]) == [
        "文本写的是“进口”,不是“出口”"
    ]


def test_the_word_closing_a_list_is_no_part_of_the_replaced_name() -> None:
    assert replaced_term_corrections("听说瑞士雀巢、日本东芝等六家实验室已经签约入驻,是真的吗?", [EQUIPMENT]) == [
        "文本写的是“岛津公司”,不是“东芝”"
    ]


def test_sessions_are_counted_and_the_texts_give_no_such_count(assistant: Assistant) -> None:
    result = assistant.answer("国际业务从业人员综合能力培训每年办几期?", [])
    assert result.refused and "数量" in result.answer


def test_who_did_a_deed_is_answered_by_the_body_that_did_it(assistant: Assistant) -> None:
    result = assistant.answer("肯尼亚那条铁路引入的认证是谁开发的?", [])
    assert not result.refused
    assert "中铁检验认证中心" in result.answer


def test_who_a_named_person_is_is_answered_from_the_sentence_naming_them(assistant: Assistant) -> None:
    result = assistant.answer("刘原龙是谁?", [])
    assert not result.refused
    assert "副巡视员" in result.answer


def test_a_persons_titles_come_first_one_by_one(assistant: Assistant) -> None:
    result = assistant.answer("梁成珠在协会里担任什么职务?", [])
    assert result.answer.splitlines()[0] == "答:梁成珠:青岛检验检测认证协会常务副会长、青岛海关技术中心主任[1]"


def test_a_part_past_a_documents_last_is_refused_in_any_numeral_style(assistant: Assistant) -> None:
    result = assistant.answer("2024-2030方案第(八)部分讲什么?", [])
    assert result.refused and "第(八)部分" in result.answer


def test_what_holds_today_is_after_the_texts(assistant: Assistant) -> None:
    result = assistant.answer("青岛华测检验如今仍是轮值会长单位吗?", [])
    assert result.refused and "进展" in result.answer


def test_a_unit_typed_by_its_sound_is_read_as_the_unit(assistant: Assistant) -> None:
    # pinyin input: 表 for 标, a run of single characters that sounds like the unit
    result = assistant.answer("科表部牵头了哪些任务?", [])
    assert result.answer.splitlines()[0] == "科标部牵头的任务共2项:"


def test_what_an_acronym_stands_for_comes_first_as_the_texts_write_it(assistant: Assistant) -> None:
    result = assistant.answer("RCEP的中文全称叫什么?", [])
    assert result.answer.splitlines()[0] == "答:《区域全面经济伙伴关系协定》(RCEP)[1]"


def test_a_full_name_the_texts_never_spell_out_is_refused(assistant: Assistant) -> None:
    # the texts write "CRCC认证" and never say what CRCC stands for
    result = assistant.answer("CRCC这个缩写的全称是什么?", [])
    assert result.refused and "全称" in result.answer


def test_a_texts_publication_year_is_checked_against_its_date_line(assistant: Assistant) -> None:
    result = assistant.answer("服务上合论坛的那篇新闻稿是2021年发布的?", [])
    assert result.answer.splitlines()[0] == "更正:文本写的是2020-08-07,不是2021。"


def test_a_year_is_no_count(assistant: Assistant) -> None:
    # the sentence on 2030's talent goal gives years and no number of people
    result = assistant.answer("行动方案到2030年要培养多少个国际化人才?", [])
    assert result.refused and "数量" in result.answer


def test_conditions_and_materials_of_an_application_are_not_in_the_plans(assistant: Assistant) -> None:
    result = assistant.answer("我们想成为青岛检验检测认证协会的会员单位,要满足哪些条件?", [])
    assert result.refused and "申请条件或办理程序" in result.answer


def test_a_particular_body_is_asked_and_the_texts_only_name_its_kind(assistant: Assistant) -> None:
    # "开展…援外项目": what is done, not which body does it
    result = assistant.answer("“认证中国,联通世界”工程的援外项目是哪家单位执行?", [])
    assert result.refused and "具体单位" in result.answer


def test_a_particular_body_the_texts_name_is_answered(assistant: Assistant) -> None:
    result = assistant.answer("跟经合组织保持GLP/MAD对话的是2017年计划里的哪一条?那个对话是和哪个组织?", [])
    assert not result.refused
    assert "经合组织" in result.answer


def test_the_person_holding_an_asked_title_comes_first(assistant: Assistant) -> None:
    result = assistant.answer("青岛检验检测认证协会的常务副会长叫什么名字?", [])
    assert result.answer.splitlines()[0] == "答:梁成珠:青岛检验检测认证协会常务副会长、青岛海关技术中心主任[1]"


def test_a_part_opening_with_its_copula_borrows_the_earlier_parts_topic_only(assistant: Assistant) -> None:
    # "是哪天成立的?" has 青岛协会 as its subject, not "有多少家会员单位"
    result = assistant.answer("青岛检验检测认证协会由多少家会员单位组成,是哪天正式成立的?", [])
    lines = result.answer.splitlines()
    assert lines[0] == "答:185家[1]"
    assert any(line.startswith("答:2020年8月7日") for line in lines[1:])
    assert not result.refused


def test_a_paragraph_of_a_reports_body_lists_no_sections_under_it(assistant: Assistant) -> None:
    # the report's lead paragraph has no heading path: the report's own sections are not its items
    result = assistant.answer("高峰论坛当天一共有多少家服务贸易商展出检测设备?", [])
    assert result.answer.splitlines()[0] == "答:100多家[1]"
    assert not any(line.startswith("其下共") for line in result.answer.splitlines())

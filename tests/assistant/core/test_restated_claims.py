"""Claims that restate the texts with one thing changed: a figure in ten-thousands, a target
moved to another year, a pair whose one member the text lists with another, a name framed as
the text frames another, an event placed elsewhere.

Each test is phrased unlike the regression sets' items and asserts what the user reads.
"""

from __future__ import annotations

from assistant.api import Assistant


def test_a_count_in_ten_thousands_is_read_whole(assistant: Assistant) -> None:
    result = assistant.answer("行动计划要求“三同”上线企业增加5万家吗?", [])
    assert result.answer.startswith("更正:") and "500家" in result.answer and "不是5万家" in result.answer


def test_a_target_moved_to_another_year_is_corrected(assistant: Assistant) -> None:
    result = assistant.answer("按行动方案,认证认可行业国际化人才储备数量到2025年就要显著增长?", [])
    assert result.answer.startswith("更正:") and "到2030年" in result.answer and "不是2025年" in result.answer


def test_a_target_in_its_own_year_is_not_corrected(assistant: Assistant) -> None:
    result = assistant.answer("按行动方案,认证认可行业国际化人才储备数量到2030年要显著增长?", [])
    assert not result.answer.startswith("更正:")


def test_a_pair_the_text_lists_otherwise_is_corrected(assistant: Assistant) -> None:
    result = assistant.answer("重点合作国家在西亚选的是沙特阿拉伯和伊朗吧?", [])
    assert result.answer.startswith("更正:") and "其中没有“伊朗”" in result.answer


def test_a_pair_the_text_lists_both_of_is_no_correction(assistant: Assistant) -> None:
    result = assistant.answer("三年计划支持光伏和风电设备走出去吗?", [])
    assert not result.answer.startswith("更正:") and "光伏" in result.answer


def test_a_name_framed_as_the_text_frames_another_is_corrected(assistant: Assistant) -> None:
    result = assistant.answer("当选副会长单位的有中检集团河北公司吗?", [])
    assert result.answer.startswith("更正:") and "中检集团山东公司" in result.answer and "中检集团河北公司" in result.answer


def test_an_unknown_name_in_no_frame_of_the_texts_is_still_refused(assistant: Assistant) -> None:
    result = assistant.answer("中检集团河北公司的检测收费标准是多少?", [])
    assert result.refused


def test_an_event_placed_where_the_texts_never_go_is_corrected(assistant: Assistant) -> None:
    result = assistant.answer("上合组织国家检验检测互通互认国际会议要在济南开吗?", [])
    assert result.answer.startswith("更正:") and "上合示范区" in result.answer


def test_an_english_question_finds_the_multilateral_bodies_by_the_texts_words(assistant: Assistant) -> None:
    result = assistant.answer("What international organisations does China participate in according to the work points?", [])
    assert not result.refused and result.citations[0].doc.startswith("002") and "IEC" in result.answer


def test_an_acronym_the_texts_write_is_searched_as_written(assistant: Assistant) -> None:
    result = assistant.answer("Which body developed the CRCC certification adopted for the Kenyan railway?", [])
    assert not result.refused and "中铁检验认证中心" in result.answer




def test_a_member_a_labelled_list_lacks_is_corrected(assistant: Assistant) -> None:
    # "非洲:埃及": one item under its label is the whole of that list
    result = assistant.answer("重点合作国家里,非洲那边选的是埃及和尼日利亚吧?", [])
    assert result.answer.startswith("更正:") and "其中没有“尼日利亚”" in result.answer


def test_an_item_described_by_another_items_heading_is_renumbered(assistant: Assistant) -> None:
    result = assistant.answer("六项措施中的第1项是搭建公共检测交流服务平台吧?", [])
    assert result.answer.startswith("更正:") and "是第3项,不是第1项" in result.answer


def test_an_item_described_by_its_own_heading_is_not_renumbered(assistant: Assistant) -> None:
    result = assistant.answer("六项措施中的第3项是搭建公共检测交流服务平台吧?", [])
    assert not result.answer.startswith("更正:")


def test_a_paren_numbered_item_is_renumbered_in_its_own_style(assistant: Assistant) -> None:
    result = assistant.answer("行动方案第(十七)条说的是加强认证认可国际化人才培养与交流?", [])
    assert "是第(十八)条,不是第(十七)条" in result.answer


def test_a_body_said_to_have_put_out_a_text_is_checked(assistant: Assistant) -> None:
    result = assistant.answer("2017年行动计划是工信部出的吧?", [])
    assert result.answer.startswith("更正:") and "国家认监委" in result.answer


def test_who_chairs_asks_for_a_person_the_texts_do_not_name(assistant: Assistant) -> None:
    result = assistant.answer("Who chairs the IECEx seminar that China is to host?", [])
    assert result.refused


def test_who_issued_a_document_is_read_from_its_card(assistant: Assistant) -> None:
    result = assistant.answer("开放行动方案是哪个部门出台的?", [])
    assert not result.refused and "市场监管总局" in result.answer and result.citations[0].id.endswith(":meta")


def test_an_office_the_text_gives_another_holder_is_corrected(assistant: Assistant) -> None:
    result = assistant.answer("青岛质检院当选的是首届轮值会长单位吗?", [])
    assert result.answer.startswith("更正:") and "青岛质检院当选副会长单位" in result.answer


def test_the_office_the_text_gives_is_not_corrected(assistant: Assistant) -> None:
    result = assistant.answer("青岛质检院当选的是副会长单位吗?", [])
    assert not result.answer.startswith("更正:")


def test_a_deadline_asked_in_english_is_a_date_the_texts_do_not_give(assistant: Assistant) -> None:
    # "deadline" names the kind of answer: the refusal says no date is given, not that the
    # texts never say "deadline"
    result = assistant.answer("What is the deadline for submitting cases to the small and beautiful project selection?", [])
    assert result.refused and "日期" in result.answer

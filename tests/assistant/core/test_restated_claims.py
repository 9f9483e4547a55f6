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


def test_an_acronym_the_texts_never_write_is_refused(assistant: Assistant) -> None:
    result = assistant.answer("Can a UKCA mark be used instead of a CCC certificate?", [])
    assert result.refused and "UKCA" in result.answer

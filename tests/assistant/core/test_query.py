"""Reading a question once: parts, slots, names, numbered items, stated figures."""

from __future__ import annotations

import pytest

from assistant.core.names import proper_names
from assistant.core.query import build_query, item_refs, split_parts
from assistant.core.slot_table import slot_of
from assistant.core.stated import premises_of


@pytest.mark.parametrize(
    ("question", "slot"),
    [
        ("青岛那个协会是哪天成立的?", "date"),
        ("这个认证要交多少钱?", "fee"),
        ("为什么由国际部牵头?", "why"),
        ("第7项谁牵头?", "role"),
        ("论坛上是谁讲的这番话?", "person"),
        ("全市有多少家机构入会?", "count"),
        ("我们的检测报告怎样才能被国外承认?", "route"),
        ("重点领域有哪些?", "list"),
        ("哪些协议已经签了?", "status"),
        ("这类评选多久一次?", "frequency"),
        ("How many countries were selected?", "count"),
    ],
)
def test_slot_is_what_the_question_asks_for(question: str, slot: str) -> None:
    assert slot_of(question) == slot


def test_not_many_is_not_a_count_question() -> None:
    assert slot_of("高档的没几家,打算怎么治?") == "route"


def test_parts_split_at_question_marks() -> None:
    parts = split_parts("绿色产品认证那一项谁牵头?配合单位有几个?")
    assert parts == ["绿色产品认证那一项谁牵头?", "配合单位有几个?"]
    assert split_parts("第7项谁牵头") == ["第7项谁牵头"]


def test_item_references_in_both_numbering_styles() -> None:
    refs = item_refs("三年计划第19项和方案第(十三)条")
    assert [(r.number, r.style) for r in refs] == [(19, "arabic"), (13, "paren")]
    assert [r.number for r in item_refs("任务7的配合单位")] == [7]


def test_stated_figures_are_premises() -> None:
    premises = {(p.kind, p.value) for p in premises_of("2016-2020年的计划里,8月17日签的42份协议")}
    assert {("range", "2016-2020"), ("date", "8月17日"), ("count", "42份")} <= premises
    assert all(p.kind != "count" for p in premises_of("有多少家机构?"))


def test_names_are_places_persons_and_quoted_phrases_not_ordinary_words() -> None:
    assert proper_names("2008年中国与澳大利亚政府签的协定") == ["澳大利亚"]
    assert "刘原龙" in proper_names("副巡视员刘原龙在论坛上说了什么")
    assert proper_names("低档的扎堆、高档的没几家") == []
    assert proper_names("“检测前置”是什么意思") == ["检测前置"]


def test_english_question_searches_the_texts_words() -> None:
    query = build_query("Which countries signed mutual recognition agreements?", "Which countries signed mutual recognition agreements?")
    assert query.english
    assert "互认" in query.lexical_text and "协议" in query.lexical_text


def test_a_count_of_people_in_the_general_classifier_is_in_people() -> None:
    # "15个人" says "15人"; "3个人才库" counts talent pools
    assert [(p.value, p.measure) for p in premises_of("课题组团队一共15个人?", "count")] == [("15人", "人")]
    assert [(p.value, p.measure) for p in premises_of("建了3个人才库?", "count")] == [("3个", "个")]


def test_two_figures_of_different_kinds_joined_by_a_pause_mark_are_two_parts() -> None:
    # "哪天…、多少家…": a date and a count, each with its own asking word
    assert split_parts("论坛哪天开的、来了多少家服务贸易商?") == ["论坛哪天开的", "来了多少家服务贸易商?"]
    # one question listing what it asks is still one ("交什么材料、找谁联系")
    assert len(split_parts("入会要交什么材料、找谁联系?")) == 1


def test_a_demonstrative_before_a_measure_asks_no_count() -> None:
    # "这几份文件" points at documents already in view; the question asks for measures
    assert slot_of("这几份文件里有没有减少重复检测的办法?") != "count"
    assert slot_of("开放行动方案分几个部分?") == "count"

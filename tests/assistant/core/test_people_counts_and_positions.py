"""Who a text names, what a figure counts, and where "the one after it" points.

Each test is phrased unlike the regression sets' items and asserts what the user reads.
"""

from __future__ import annotations

from assistant.api import Assistant


def test_a_person_asked_for_is_a_name_not_a_body_or_the_word_asked(assistant: Assistant) -> None:
    # "市领导参加大会并致辞" restates the asked word and names no one; jieba tags 华测 of
    # "青岛华测检验" as a person's name, but it opens a body's name
    speaker = assistant.answer("成立大会上是哪位市领导讲的话?", [])
    assert speaker.refused
    experts = assistant.answer("论坛上发言的嘉宾都有谁?", [])
    assert experts.refused
    named = assistant.answer("青岛检验检测认证协会的常务副会长是谁?", [])
    assert not named.refused and "梁成珠" in named.answer


def test_a_count_with_the_general_classifier_is_read_in_the_texts_measure(assistant: Assistant) -> None:
    # "二十个子项" counts what "18子项" counts: 个 stands before the measure noun
    result = assistant.answer("主要任务是二十个子项吗?三年计划里", [])
    assert "更正" in result.answer and "18子项" in result.answer and "不是20子项" in result.answer


def test_the_clause_after_or_before_the_one_just_read(assistant: Assistant) -> None:
    first = "开放行动方案第(十五)条讲什么?"
    shown = assistant.answer(first, [])
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": shown.answer}]
    after = assistant.answer("后面那条说的是什么?", history)
    assert "(十六)加强基础研究" in after.answer.splitlines()[0]
    before = assistant.answer("前面一条呢?", history)
    assert "(十四)加强行业品牌建设" in before.answer.splitlines()[0]


def test_which_district_asks_for_a_place_the_texts_must_give(assistant: Assistant) -> None:
    hall = assistant.answer("上合特色商品展馆开在青岛哪个区?", [])
    assert hall.refused and "地点" in hall.answer
    forum = assistant.answer("成立大会是在哪个市开的?", [])
    assert not forum.refused and "胶州市" in forum.answer.splitlines()[0]


def test_who_holds_a_post_needs_that_post_of_that_body(assistant: Assistant) -> None:
    # the work points speak of "国际组织主席" in general: no chair of the Qingdao alliance
    chair = assistant.answer("检验检测联盟由哪国担任主席?", [])
    assert chair.refused
    rotating = assistant.answer("协会由哪家单位担任首届轮值会长?", [])
    assert not rotating.refused and "青岛华测检验" in rotating.answer


def test_an_item_of_a_list_the_texts_only_count_is_not_another_lists_item(assistant: Assistant) -> None:
    # "推出20条高含金量的贸易政策": counted, never listed; "1.开展…课题研究" is a measure's item
    first = assistant.answer("示范区20条贸易政策的第二条讲什么?", [])
    assert first.refused and "贸易政策" in first.answer
    kinds = assistant.answer("京东上卖的上合特色商品主要是哪几类?", [])
    assert kinds.refused and "特色商品" in kinds.answer
    # "…达成的第二个协定" orders deeds, not the items of a list: it is no such question
    deed = assistant.answer("中新协定是我国和发达国家达成的第三个互认协定吧?", [])
    assert "逐条列出" not in deed.answer
    fields = assistant.answer("三年计划的重点领域都是哪些?", [])
    assert not fields.refused and "卫生注册" in fields.answer


def test_bodies_that_issued_a_text_together(assistant: Assistant) -> None:
    # the 2024-2030 plan names one source (市场监管总局), no joint issuers
    joint = assistant.answer("开放行动方案是哪几个部门联合发布的?", [])
    assert joint.refused and "联合" in joint.answer
    measures = assistant.answer("六项措施由哪些部门共同出台?", [])
    assert not measures.refused and "青岛海关" in measures.answer


def test_a_later_part_that_names_only_another_thing_asks_the_part_before_of_it(assistant: Assistant) -> None:
    items = assistant.answer("第12项由谁牵头?第13项呢?", [])
    lines = items.answer.splitlines()
    assert lines[0].startswith("第12项") and any(line.startswith("第13项") and "科标部" in line for line in lines)
    years = assistant.answer("2024-2030开放方案定的2030年目标是什么?2025年呢?", [])
    assert "到2030年" in years.answer and "到2025年" in years.answer
    regions = assistant.answer("中亚选了几个重点国家?西亚呢?", [])
    assert "中亚4个" in regions.answer and "西亚" in regions.answer.split("中亚4个", 1)[1]


def test_where_with_the_verb_right_after_the_asking_word(assistant: Assistant) -> None:
    # jieba cuts "在哪开的" as 哪开: the asking word with its verb, no topic word
    result = assistant.answer("高峰论坛在哪开的?", [])
    assert not result.refused and result.answer.splitlines()[0] == "答:胶州市[1]"

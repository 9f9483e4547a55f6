"""Follow-ups that point into the previous answer: a numbered item of its list, or the task it
was about, asked with words of their own.

Each test is phrased unlike the regression sets' items and asserts what the user reads.
"""

from __future__ import annotations

from assistant.api import Assistant


def _turn(question: str, answer: str) -> list[dict]:
    return [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]


def test_a_numbered_item_asked_in_words_of_its_own_is_the_last_lists(assistant: Assistant) -> None:
    history = _turn("青岛出台的那六项措施分别是什么?",
                    "1.开展课题研究;2.成立协会;3.搭建公共检测交流服务平台;4.推进中日韩互认;5.召开互通互认国际会议;6.成立国际检验检测联盟。")
    result = assistant.answer("第3项是以哪里为载体来搭建的?", history)
    assert "3.搭建中国-上合组织公共检测交流服务平台" in result.answer
    assert "高新区检验检测园区" in result.answer


def test_an_item_of_a_named_text_is_that_texts(assistant: Assistant) -> None:
    # the question names the 2012 work points: its 第五 point, not the list just given
    history = _turn("青岛出台的那六项措施分别是什么?", "1.开展课题研究;2.成立协会;3.搭建平台;4.推进互认;5.召开国际会议;6.成立联盟。")
    result = assistant.answer("2012年工作要点的第五点讲什么?", history)
    assert "技术性贸易措施" in result.answer


def test_a_kind_of_thing_named_by_known_words_is_looked_up_in_the_task(assistant: Assistant) -> None:
    # "新能源产品" is in no text, but 新能源 and 产品 are: the task's clause answers
    history = _turn("推进新领域新业态认证合作那项谁牵头?", "第10项的牵头单位为国际部、认证部、认可部、信息安全认证中心、信息中心。")
    result = assistant.answer("这一项里讲到了哪些新能源产品?", history)
    assert not result.refused and "新能源汽车" in result.answer


def test_a_part_opening_with_is_about_borrows_the_first_parts_subject(assistant: Assistant) -> None:
    # "…,是关于什么产品的?" has no subject of its own: it asks about the agreement
    result = assistant.answer("跟新西兰的那个协定哪年签的,是关于什么产品的?", [])
    assert "2008年4月7日" in result.answer and "电子电器" in result.answer
    # both parts are read from the agreement's clause, not from other texts' product clauses
    assert {c.id for c in result.citations} == {"002_58e6c4253ceb6bd1:p4"}


def test_what_about_another_thing_of_the_same_kind(assistant: Assistant) -> None:
    history = [
        {"role": "user", "content": "三年计划确定了哪些重点国家?"},
        {"role": "assistant", "content": "在沿线65个国家中选取32个国家确定为认证认可领域重点合作国家……"},
    ]
    # "那重点领域呢?" asks the same of 重点领域, which shares 重点 with 重点国家
    result = assistant.answer("那重点领域呢?", history)
    assert result.resolved_question == "三年计划确定了哪些重点领域?"
    assert result.citations[0].id.endswith(":三.二.p1")


def test_a_part_opening_with_a_modal_borrows_the_first_parts_subject(assistant: Assistant) -> None:
    # "要跟…谈什么认证的互认?": the modal leaves the subject, the food task, unsaid; read alone
    # the part is about the key countries' clause
    result = assistant.answer("食品农产品互认那项谁牵头?要跟沿线重点国家谈什么认证的互认?", [])
    assert "国际部" in result.answer.splitlines()[0]
    assert all(c.id.split(":")[1].startswith("四.") for c in result.citations)


def test_a_question_opening_with_a_modal_borrows_the_previous_topic(assistant: Assistant) -> None:
    history = [{"role": "user", "content": "行动方案第(十七)条讲什么?"},
               {"role": "assistant", "content": "(十七)强化数字化智能化赋能。优化升级合格评定服务贸易便利化信息平台矩阵……"}]
    result = assistant.answer("要建设什么平台?", history)
    # the platform of that article, not the three-year plan's information platform
    assert not result.refused and result.citations[0].id.endswith(":六.十七")
    assert "国际合作信息和技术服务平台" in result.answer


def test_a_part_after_a_role_part_asks_about_the_task_not_its_units(assistant: Assistant) -> None:
    result = assistant.answer("第11项的配合单位有哪些?要推动建立什么联盟?", [])
    assert "注册部" in result.answer and "国际认证联盟" in result.answer

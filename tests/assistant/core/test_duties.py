"""A unit's duty the texts state in prose ("国际合作部负责…统筹协调…"), beside the task table.

Each test is phrased unlike the regression sets' items and asserts what the user reads.
"""

from __future__ import annotations

from assistant.api import Assistant


def test_what_a_unit_is_responsible_for_is_its_stated_duty(assistant: Assistant) -> None:
    result = assistant.answer("国际合作部的职责是什么?", [])
    assert not result.refused and "统筹协调、整体推进及督促落实" in result.answer
    assert result.citations[0].id.endswith(":五.p1")  # the plan's chapter five, 工作机制


def test_tasks_asked_of_a_unit_are_still_the_tables(assistant: Assistant) -> None:
    # tasks, and units the texts give no duty in prose, are answered from the task table
    tasks = assistant.answer("国际部都负责哪些任务?", [])
    assert tasks.answer.startswith("国际部牵头的任务共12项")
    law = assistant.answer("法律部负责什么?", [])
    assert law.answer.startswith("法律部牵头的任务共1项")


def test_a_duty_given_to_another_unit_is_corrected(assistant: Assistant) -> None:
    result = assistant.answer("整体推进和督促落实一带一路工作,是注册部负责的吧?", [])
    assert result.answer.startswith("更正:") and "“国际合作部”负责" in result.answer and "不是“注册部”" in result.answer

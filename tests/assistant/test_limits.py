"""Questions and conversations of any size end quickly, with a note saying what was read."""

from __future__ import annotations

import time

from assistant.core.followup import TOPIC_CHARS, resolve
from assistant.guard import MAX_QUESTION_CHARS, Limits, bound_history, clean_question

TOPIC = "推进食品农产品领域互认由哪个部门牵头?"


def test_a_500k_character_question_is_cut_with_a_note(assistant):
    started = time.monotonic()
    result = assistant.answer(TOPIC + "互认" * 250_000)
    assert time.monotonic() - started < 20
    assert result.answer.startswith(f"问题过长,只使用了前 {MAX_QUESTION_CHARS} 个字符。")
    assert len(result.answer) < 10_000


def test_a_500k_character_history_turn_is_bounded(assistant):
    history = [
        {"role": "user", "content": TOPIC + "互认" * 250_000},
        {"role": "assistant", "content": "国际部牵头。" * 50_000},
    ]
    started = time.monotonic()
    result = assistant.answer("那配合单位呢?", history)
    assert time.monotonic() - started < 20
    assert result.answer.startswith("对话历史过长,只使用了最近 10 条消息,每条最多 4000 个字符。")
    assert len(result.answer) < 10_000
    assert result.resolved_question is None or len(result.resolved_question) <= TOPIC_CHARS + 10


def test_many_history_turns_keep_only_the_last_ten(assistant):
    history = [{"role": "user" if i % 2 == 0 else "assistant", "content": f"第{i}轮"} for i in range(40)]
    bounded, note = bound_history(history, assistant.limits)
    assert bounded == history[-10:] and "最近 10 条" in note
    assert bound_history(history[-4:], assistant.limits) == (history[-4:], None)


def test_a_short_conversation_is_answered_as_before(assistant):
    history = [{"role": "user", "content": TOPIC}, {"role": "assistant", "content": "国际部牵头。"}]
    result = assistant.answer("那配合单位呢?", history)
    assert "过长" not in result.answer
    assert result.resolved_question == f"{TOPIC} 那配合单位呢?"


def test_follow_up_borrows_only_the_start_of_a_long_previous_turn():
    long_turn = TOPIC + "。" + "背景" * 10_000
    resolved = resolve("那配合单位呢?", [{"role": "user", "content": long_turn}])
    assert resolved == f"{long_turn[:TOPIC_CHARS]} 那配合单位呢?"


def test_limits_come_from_settings_and_the_question_limit_has_a_ceiling():
    limits = Limits.from_table({"question_chars": 100_000, "history_turns": 4, "history_turn_chars": 50})
    assert limits == Limits(question_chars=MAX_QUESTION_CHARS, history_turns=4, history_turn_chars=50)
    text, note = clean_question("问" * 300, max_chars=100)
    assert len(text) == 100 and "100" in note
    bounded, note = bound_history([{"role": "user", "content": "长" * 80}], limits)
    assert bounded == [{"role": "user", "content": "长" * 50}] and note

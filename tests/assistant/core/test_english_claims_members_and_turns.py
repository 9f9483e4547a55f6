"""Claims put in English, claims about who is in a list, in a task or in a body, and follow-ups
that move along a document or to another label of a list. Each test is phrased unlike the
regression sets' items and asserts what the user reads.
"""

from __future__ import annotations

from assistant.api import Assistant


def _first(result) -> str:
    return result.answer.splitlines()[0]


def test_an_english_count_or_day_the_texts_give_otherwise_is_corrected(assistant: Assistant) -> None:
    members = assistant.answer("Did the association start out with 160 member units?", [])
    assert _first(members).startswith("更正") and "185家" in _first(members)
    day = assistant.answer("Was the summit forum held on 17 August?", [])
    assert _first(day).startswith("更正") and "8月7日" in _first(day)
    right = assistant.answer("Was the association formed by 185 member units?", [])
    assert "更正" not in right.answer


def test_an_english_claim_about_a_lead_unit_reaches_the_task_table(assistant: Assistant) -> None:
    result = assistant.answer("Is task 2 led by the Law Department?", [])
    opening, correction = result.answer.splitlines()[:2]
    assert opening.startswith("The task table says otherwise")
    assert correction.startswith("需要更正") and "科标部" in correction


def test_a_member_a_labelled_list_does_not_hold_is_corrected(assistant: Assistant) -> None:
    # "南亚:印度、尼泊尔、巴基斯坦、斯里兰卡、马尔代夫": a claim by its tone alone, no 吗
    wrong = assistant.answer("三年计划在南亚选的重点国家是孟加拉?", [])
    assert _first(wrong).startswith("更正") and "印度" in _first(wrong) and "孟加拉" in _first(wrong)
    right = assistant.answer("三年计划在南亚选的重点国家是印度?", [])
    assert "更正" not in right.answer


def test_a_unit_said_to_be_in_a_task_it_is_not_in_is_corrected(assistant: Assistant) -> None:
    alone = assistant.answer("第13项只有实验室部一家牵头吧?", [])
    assert _first(alone).startswith("需要更正") and "科标部" in _first(alone)
    support = assistant.answer("第4项的配合单位里有注册部吧?", [])
    assert _first(support).startswith("需要更正") and "不在配合单位之列" in _first(support)


def test_a_body_named_by_its_bracketed_name_or_given_to_a_person_is_checked(assistant: Assistant) -> None:
    office = assistant.answer("SGS当选的是轮值会长单位吗?", [])
    assert _first(office).startswith("更正") and "副会长单位" in _first(office)
    # "青岛检验检测认证协会常务副会长青岛海关技术中心主任梁成珠"
    body = assistant.answer("梁成珠是市场监管局的领导吧?", [])
    assert _first(body).startswith("更正") and "青岛海关技术中心" in _first(body)


def test_a_budget_the_texts_never_give_is_refused(assistant: Assistant) -> None:
    result = assistant.answer("三年计划里对外援助的经费预算是多少?", [])
    assert result.refused


def test_one_rare_english_concept_is_enough_to_answer(assistant: Assistant) -> None:
    result = assistant.answer("What is the small and beautiful programme?", [])
    assert not result.refused and result.citations[0].id.endswith("三.八")


def _talk(assistant: Assistant, turns: list[str]) -> list:
    history, results = [], []
    for turn in turns:
        result = assistant.answer(turn, history)
        history += [{"role": "user", "content": turn}, {"role": "assistant", "content": result.answer}]
        results.append(result)
    return results


def test_back_after_next_returns_to_the_article_first_asked(assistant: Assistant) -> None:
    first, _, back = _talk(assistant, ["开放行动方案第(十)条讲什么?", "下一条呢?", "上一条呢?"])
    assert back.citations[0].id == first.citations[0].id


def test_another_label_of_a_list_is_asked_as_the_label_before(assistant: Assistant) -> None:
    _, west = _talk(assistant, ["三年计划里南亚选了哪些国家?", "西亚呢?"])
    assert "沙特阿拉伯" in west.answer.splitlines()[0]


def test_an_english_claim_of_the_issuing_body_is_checked(assistant: Assistant) -> None:
    # "来源:市场监管总局"
    result = assistant.answer("Is the 2024-2030 action plan a General Administration of Customs document, issued by them?", [])
    assert _first(result).startswith("更正") and "市场监管总局" in _first(result)


def test_an_approval_after_the_plan_is_not_in_the_plan(assistant: Assistant) -> None:
    approved = assistant.answer("2017年行动计划里哪些服务认证项目已经获批?", [])
    assert approved.refused


def test_each_of_two_documents_is_answered_when_asked_of_each(assistant: Assistant) -> None:
    # the task table covers the three-year plan only; the Qingdao report names the group too
    result = assistant.answer("三年计划和青岛协会那篇报道里,中检集团各是什么角色?", [])
    cited = {c.doc[:3] for c in result.citations}
    assert {"000", "004"} <= cited


def test_an_english_who_question_opens_with_the_person_found(assistant: Assistant) -> None:
    # "青岛市市场监督管理局副巡视员刘原龙说"
    result = assistant.answer("Who is the deputy inspector quoted from the Qingdao market regulator?", [])
    assert _first(result).startswith("The texts give 刘原龙")


def test_a_count_of_a_tasks_units_is_checked_against_its_row(assistant: Assistant) -> None:
    # task 10 lists five lead units; task 6 six supporting units
    wrong = assistant.answer("第10项的牵头单位有3个吧?", [])
    assert _first(wrong).startswith("需要更正") and "共5个" in _first(wrong)
    right = assistant.answer("第6项的配合单位是6个吗?", [])
    assert "需要更正" not in right.answer


def test_a_month_against_a_texts_date_line_and_a_bound_turned_around(assistant: Assistant) -> None:
    # "发布时间: 2012-07-10 22:28"
    month = assistant.answer("那份工作要点是2012年9月发布的吧?", [])
    assert _first(month).startswith("更正") and "7月10日" in _first(month)
    # "年内增加10家以上示范创建区"
    bound = assistant.answer("2017年计划说示范创建区年内增加10家以下?", [])
    assert _first(bound).startswith("更正") and "以上" in _first(bound)


def test_the_domains_english_phrases_find_their_clause(assistant: Assistant) -> None:
    # "组建认证认可国际专家库和青年专业人才库"; "以玩具、电子电器为试点开展强制性产品认证目录改革"
    young = assistant.answer("What does the action plan say about young professionals?", [])
    assert not young.refused and young.citations[0].id.endswith("六.十八")
    pilots = assistant.answer("Which pilot products are named for compulsory certification catalogue reform?", [])
    assert not pilots.refused and "玩具" in pilots.answer

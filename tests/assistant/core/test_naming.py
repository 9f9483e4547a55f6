"""What a question names: documents by short names, units only when asked about their tasks,
and premises only against figures that count the same thing.

Phrased unlike the regression sets' items; each test asserts what the user reads.
"""

from __future__ import annotations

from assistant.api import Assistant
from assistant.core.scope import question_scope


def _docs(assistant: Assistant, question: str) -> list[str]:
    ctx = assistant.answerer._context(assistant.index.snapshot())
    return [d[:3] for d in question_scope(question, ctx.documents, elsewhere=ctx.said_elsewhere).docs]


def test_a_title_shortened_by_leaving_words_out_names_its_document(assistant: Assistant) -> None:
    assert _docs(assistant, "滚动计划对绿色产品怎么安排的?") == ["000"]
    result = assistant.answer("三年计划跟2017年计划是不是都提到了跨境电商?", [])
    assert "2份文件" in result.answer.splitlines()[0] or "只有" in result.answer.splitlines()[0]


def test_a_phrase_of_the_field_inside_a_title_names_no_document(assistant: Assistant) -> None:
    # "认可国际" is a stretch of the 2012 title only, but every plan says "认证认可国际合作"
    assert _docs(assistant, "认证认可国际合作人才库由哪些人组成?") == []


def test_money_asked_in_other_words_is_a_fee(assistant: Assistant) -> None:
    result = assistant.answer("加入青岛检验检测认证协会每年得缴纳多少?", [])
    assert result.refused and "费用" in result.answer


def test_a_unit_named_without_asking_about_its_tasks_is_not_a_table_question(assistant: Assistant) -> None:
    # 中检集团 is a support unit of one task; what it was certified for is not in the table
    result = assistant.answer("中检集团获得过哪些国外认可?", [])
    assert "配合单位为" not in result.answer
    assert assistant.answer("中检集团在三年计划里做什么?", []).answer.count("第16项") >= 1


def test_a_count_is_corrected_only_by_a_figure_counting_the_same_thing(assistant: Assistant) -> None:
    # the plan lists its three platforms without a figure; "两个层面" counts no platforms
    result = assistant.answer("2017年计划里的三个国家级服务平台分别是什么?", [])
    assert "更正" not in result.answer


def test_a_figure_never_given_is_refused_even_when_a_year_is_corrected(assistant: Assistant) -> None:
    # the plan sets targets for 2025 and 2030, and counts its talent for neither
    result = assistant.answer("到2026年认证认可的国际化人才能有多少人?", [])
    assert result.refused and "数量" in result.answer and not result.answer.startswith("更正")


def test_a_question_naming_a_title_reposted_many_times_keeps_a_few_of_each() -> None:
    # a large library: 30 reposts of two titles; "A和B" keeps some of A's and some of B's
    documents = [
        {"doc": f"{kind}-{i:02d}", "title": f"{title}(转载{i})", "date": ""}
        for kind, title in (("a", "2012年工作要点"), ("b", "2017年行动计划"))
        for i in range(30)
    ]
    scope = question_scope("2012年和2017年的文件分别怎么说国际互认?", documents)
    assert len(scope.docs) == 10 and scope.more == 50
    assert {d[0] for d in scope.docs} == {"a", "b"}


def test_a_task_named_by_a_number_and_another_tasks_name_is_corrected(assistant: Assistant) -> None:
    result = assistant.answer("第3项“推进食品农产品领域互认”的配合单位是谁?", [])
    first = result.answer.splitlines()[0]
    assert first.startswith("需要更正") and "第8项" in first and "第3项" in first
    assert "注册部" in result.answer


def test_a_count_of_a_listed_group_is_checked_by_counting_the_list(assistant: Assistant) -> None:
    wrong = assistant.answer("南亚选了6个重点合作国家吗?", [])
    assert wrong.answer.startswith("更正") and "5个" in wrong.answer.splitlines()[0]
    # 东南亚 is its own label, not the 南亚 inside it
    right = assistant.answer("东南亚一共选了几个重点国家?", [])
    assert "东南亚10个" in right.answer and "南亚5个" not in right.answer


def test_a_year_written_elsewhere_is_still_after_the_evidence(assistant: Assistant) -> None:
    # "2019年" stands in the 2017 plan (the 2019 IEC meeting), not in the 2018 task it asks about
    result = assistant.answer("2019年沿线国家能力验证比对项目已经做了几次?", [])
    assert result.refused and "2019" in result.answer


def test_a_support_role_given_to_a_task_without_support_units_says_none_are_listed(assistant: Assistant) -> None:
    result = assistant.answer("第14项能力建设援助是国际部配合的吗?", [])
    first = result.answer.splitlines()[0]
    assert first.startswith("需要更正") and "没有列出配合单位" in first and "(未列)" not in first


def test_an_english_department_name_reaches_the_task_table(assistant: Assistant) -> None:
    result = assistant.answer("Which tasks does the Registration Department lead?", [])
    # an English opening line, then the table's statements in the texts' names
    assert result.answer.startswith("From the task table")
    assert result.answer.splitlines()[1].startswith("注册部牵头的任务共2项") and "第2项" in result.answer and "第12项" in result.answer
    support = assistant.answer("Which tasks does the legal department support?", [])
    assert support.answer.splitlines()[1].startswith("法律部配合的任务共3项")


def test_a_task_named_by_the_unit_taking_part_in_it(assistant: Assistant) -> None:
    # the information security certification centre takes part in one task only: task 10
    one = assistant.answer("信息安全认证中心参与的那项工作是谁牵头的?", [])
    assert one.answer.startswith("第10项") and "国际部、认证部、认可部" in one.answer
    # a unit in several tasks names none of them: its tasks are listed
    several = assistant.answer("研究所参与的那项任务由谁牵头?", [])
    assert several.answer.startswith("研究所牵头的任务共1项") and "第16项" in several.answer



def test_an_administration_not_in_the_task_table_is_said_to_be_absent(assistant: Assistant) -> None:
    # 海关总署 is in the Qingdao report, but no task of the plan names it
    result = assistant.answer("任务分工里有没有让海关总署配合的?", [])
    assert result.refused and "没有出现“海关总署”" in result.answer


def test_a_task_named_by_the_unit_leading_it(assistant: Assistant) -> None:
    # 法律部 leads one task only (第3项): "法律部牵头的那项任务" is that task
    result = assistant.answer("法律部牵头的那项任务都有谁配合?", [])
    assert result.answer.startswith("第3项") and "认可部、认证部、实验室部、注册部" in result.answer


def test_a_unit_named_right_after_the_word_for_tasks(assistant: Assistant) -> None:
    # "哪些任务国际部…": 务 ends the word 任务, it does not begin a longer unit name
    result = assistant.answer("哪些任务国际部只是配合单位?", [])
    assert result.answer.startswith("国际部配合的任务共2项") and "第11项" in result.answer and "第13项" in result.answer


def test_units_in_both_roles(assistant: Assistant) -> None:
    result = assistant.answer("有哪些单位既当过牵头单位也当过配合单位?", [])
    first = result.answer.splitlines()[0]
    assert first.startswith("既作为牵头单位、又作为配合单位的单位") and "研究所" in first
    # 信息中心 and 办公室 only lead; 中检集团 only supports
    assert not any(unit in first for unit in ("信息中心", "办公室", "中检集团"))


def test_which_ones_after_a_count_of_units_asks_for_the_units(assistant: Assistant) -> None:
    # "分别是谁" after "牵头单位有几个" asks which units, not a person's name
    result = assistant.answer("第13项的牵头单位有几个?分别是谁?", [])
    assert not result.refused and "抱歉" not in result.answer and "科标部、实验室部" in result.answer


def test_only_one_unit_where_the_table_lists_more_is_corrected(assistant: Assistant) -> None:
    result = assistant.answer("第5项的配合单位只有注册部一个吧?", [])
    assert result.answer.startswith("需要更正") and "配合单位共4个" in result.answer and "不只注册部" in result.answer


def test_only_one_unit_where_the_table_lists_one_is_no_correction(assistant: Assistant) -> None:
    result = assistant.answer("第14项的牵头单位只有国际部一个吧?", [])
    assert not result.answer.startswith("需要更正") and "国际部" in result.answer

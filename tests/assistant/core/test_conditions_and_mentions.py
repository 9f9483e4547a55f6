"""Conditions over the task table read together, counts of a named kind, mention questions,
time points, titles given to the wrong person and questions made only of asking words.

Each test is phrased unlike the regression sets' items and asserts what the user reads.
"""

from __future__ import annotations

from assistant.api import Assistant


def test_two_table_conditions_narrow_the_rows_together(assistant: Assistant) -> None:
    result = assistant.answer("哪几项任务既只有一家牵头单位,又没有列配合单位?", [])
    first = result.answer.splitlines()[0]
    assert first.startswith("牵头单位只有1个且未列配合单位的任务共2项")
    assert "第12项" in result.answer and "第14项" in result.answer and "第1项“" not in result.answer


def test_units_leading_together(assistant: Assistant) -> None:
    result = assistant.answer("认证部跟国际部一起牵头了哪些事?", [])
    assert "第7项" in result.answer and "第10项" in result.answer and "第1项“" not in result.answer


def test_a_count_of_a_modified_noun_is_not_a_count_of_its_head(assistant: Assistant) -> None:
    # 185家会员单位 counts members; the vice-president units are 7
    result = assistant.answer("协会选出了多少家副会长单位?", [])
    assert result.answer.splitlines()[0].startswith("答:7家")


def test_people_of_one_kind_are_not_counted_by_a_team_of_others(assistant: Assistant) -> None:
    # "技术人员…组成的11人课题组" is a team, not the centre's inspectors
    result = assistant.answer("青岛海关技术中心一共有多少检验人员?", [])
    assert result.refused and "数量" in result.answer


def test_which_documents_mention_an_unquoted_term(assistant: Assistant) -> None:
    found = assistant.answer("有哪些文件提到过CPTPP?", [])
    assert found.answer.startswith("共1份文件提到:加快推进认证认可高水平开放行动方案")
    none = assistant.answer("哪几份文件提到了元宇宙?", [])
    assert none.refused and "元宇宙" in none.answer


def test_time_points_of_a_plan_are_its_dated_targets(assistant: Assistant) -> None:
    result = assistant.answer("高水平开放行动方案分哪几个阶段目标?", [])
    assert "到2025年" in result.answer and "到2030年" in result.answer


def test_a_title_given_to_the_wrong_person_is_corrected(assistant: Assistant) -> None:
    result = assistant.answer("刘原龙担任的是青岛协会常务副会长吗?", [])
    assert result.answer.startswith("更正:文本写的是副巡视员刘原龙")


def test_a_question_of_asking_words_only_asks_about_the_last_answer(assistant: Assistant) -> None:
    history = [
        {"role": "user", "content": "第5项任务讲什么?"},
        {"role": "assistant", "content": "5.进一步提升技术性贸易措施透明度。……(牵头单位:国际部,配合单位:认证部、认可部、实验室部、注册部、)"},
    ]
    result = assistant.answer("配合单位一共几个?", history)
    assert "第5项" in result.answer and "共4个" in result.answer


def test_each_unit_in_the_role_stated_for_it(assistant: Assistant) -> None:
    together = assistant.answer("哪些任务由国际部牵头、法律部配合?", [])
    assert together.answer.splitlines()[0].startswith("国际部牵头且法律部配合的任务共3项")
    apart = assistant.answer("法律部牵头哪些,认可中心配合哪些?", [])
    assert "法律部牵头的任务共1项" in apart.answer and "认可中心配合的任务共1项" in apart.answer
    assert "法律部配合的任务" not in apart.answer


def test_among_the_previous_list_narrows_it(assistant: Assistant) -> None:
    history = [
        {"role": "user", "content": "注册部牵头哪些任务?"},
        {"role": "assistant", "content": "注册部牵头的任务共2项:第2项、第12项"},
    ]
    result = assistant.answer("其中哪些没有列配合单位?", history)
    assert "第2项" in result.answer and "第12项" in result.answer and "第1项“" not in result.answer
    assert result.answer.splitlines()[0].startswith("注册部牵头且未列配合单位的任务共2项")


def test_it_is_the_unit_the_last_answer_named(assistant: Assistant) -> None:
    history = [
        {"role": "user", "content": "哪个部门负责把一带一路工作统筹起来?"},
        {"role": "assistant", "content": "国际合作部负责认证认可服务“一带一路”建设工作的统筹协调、整体推进及督促落实。[1]"},
    ]
    result = assistant.answer("该部门在分工表里配合几项任务?", history)
    assert result.answer.splitlines()[0] == "国际部配合的任务共2项:"


def test_the_second_of_the_tasks_just_listed(assistant: Assistant) -> None:
    history = [
        {"role": "user", "content": "科标部牵头哪些任务?"},
        {"role": "assistant", "content": "科标部牵头的任务共2项:第2项“围绕重点业务领域开展技术研究”;第13项“推动沿线各国质量基础共建共享”"},
    ]
    result = assistant.answer("第二个的配合单位是谁?", history)
    assert "第13项" in result.answer and "国际部" in result.answer


def test_a_count_and_its_list_asked_together_are_answered_once(assistant: Assistant) -> None:
    result = assistant.answer("注册部牵头的任务有几项?具体是哪些?", [])
    assert result.answer.count("注册部牵头的任务共2项") == 1


def test_who_said_a_quotation_is_in_the_line_after_it(assistant: Assistant) -> None:
    result = assistant.answer("是谁讲要把协会打造成检验检测联盟的?", [])
    assert not result.refused and "梁成珠" in result.answer


def test_a_chapter_past_the_last_is_refused_and_one_that_exists_is_read(assistant: Assistant) -> None:
    past = assistant.answer("高水平开放行动方案第九部分说了什么?", [])
    assert past.refused and "第九部分" in past.answer and "只到第7部分" in past.answer
    there = assistant.answer("高水平开放行动方案第六部分说了什么?", [])
    assert not there.refused and "六、强化认证认可高水平开放基础支撑" in there.answer


def test_whether_a_target_was_reached_is_not_in_a_plan(assistant: Assistant) -> None:
    result = assistant.answer("到2030年认证认可结果国外承认度大幅提高,这个目标实现了吗?", [])
    assert result.refused and "进展" in result.answer


def test_a_count_in_sessions_needs_a_figure_in_sessions(assistant: Assistant) -> None:
    result = assistant.answer("认证认可检验检测高峰论坛一共办了几届?", [])
    assert result.refused and "数量" in result.answer


def test_a_question_whose_every_word_is_in_one_clause_is_on_topic(assistant: Assistant) -> None:
    result = assistant.answer("高峰论坛有哪些政府机构的代表参加?", [])
    assert not result.refused and "海关总署" in result.answer


def test_the_card_dates_the_document(assistant: Assistant) -> None:
    result = assistant.answer("工作要点是什么时候发布的?", [])
    assert "2012-07-10" in result.answer or "2012年7月10日" in result.answer


def test_an_attribute_the_evidence_never_states_is_refused(assistant: Assistant) -> None:
    # the texts use 标准 elsewhere, but the clause on 新能源汽车认证制度 states no standard of it
    result = assistant.answer("新能源汽车认证制度的审核标准是什么?", [])
    assert result.refused and "“标准”" in result.answer
    # a shell noun (目标) is whatever the clause states: the figure answers
    target = assistant.answer("三同食品销量的目标定在多少?", [])
    assert not target.refused and "100亿" in target.answer


def test_an_organisation_named_with_its_city_is_the_one_the_texts_name_without(assistant: Assistant) -> None:
    # the texts name 通标(SGS) only as elected at the association's founding, never its own founding
    result = assistant.answer("青岛通标是哪年成立的?", [])
    assert result.refused and "2020年8月7日" not in result.answer.split("以下是最接近的条款")[0]


def test_a_sum_of_money_taken_as_given_is_checked(assistant: Assistant) -> None:
    result = assistant.answer("2017年计划里三同食品销量说要到500亿元,是吗?", [])
    assert result.answer.startswith("更正:文本写的是100亿元,不是500亿元")


def test_the_figure_comes_from_the_phrase_that_asks(assistant: Assistant) -> None:
    # the first phrase states what the asker takes as given; the second asks
    result = assistant.answer("上线企业增加500家的同时,三同食品销量要突破多少?", [])
    assert "答:100亿元" in result.answer


def test_the_outline_of_a_document_is_counted_and_listed(assistant: Assistant) -> None:
    result = assistant.answer("三年滚动计划由几部分构成?", [])
    assert result.answer.startswith("答:共5部分") and "五、工作机制" in result.answer


def test_what_a_question_takes_as_given_about_chapters_is_corrected(assistant: Assistant) -> None:
    total = assistant.answer("2017年行动计划总共七个部分对吧?", [])
    assert total.answer.startswith("更正:文本分为六部分,不是七个部分")
    numbered = assistant.answer("三年计划第三部分“主要任务”有几项?", [])
    assert "“主要任务”是第四部分,不是第三部分" in numbered.answer


def test_two_kinds_of_thing_asked_in_one_sentence_are_both_answered(assistant: Assistant) -> None:
    result = assistant.answer("2017年行动计划由谁印发,一共有几章?", [])
    assert "认监委" in result.answer and "答:共6部分" in result.answer


def test_a_title_given_with_zuowei_is_checked(assistant: Assistant) -> None:
    result = assistant.answer("刘原龙作为协会常务副会长说了什么?", [])
    assert result.answer.startswith("更正:文本写的是副巡视员刘原龙")


def test_the_body_a_question_says_issued_a_text_is_checked(assistant: Assistant) -> None:
    wrong = assistant.answer("2024-2030方案是国务院印发的吧?", [])
    assert wrong.answer.startswith("更正:文本写的是市场监管总局,不是国务院")
    # the short and the full name of one body, 市 written or not, agree
    right = assistant.answer("六项措施是青岛海关和青岛市场监管局一起出台的吗?", [])
    assert "更正" not in right.answer


def test_two_figures_asked_of_two_things_are_both_answered(assistant: Assistant) -> None:
    result = assistant.answer("年内要征求多少家出口食品企业的需求,“三同”食品销量要突破多少?", [])
    assert "答:12000家" in result.answer and "答:100亿元" in result.answer


def test_a_change_told_the_other_way_round_is_corrected(assistant: Assistant) -> None:
    result = assistant.answer("“三同”上线企业2017年是要减少500家吗?", [])
    assert result.answer.startswith("更正:文本写的是增加500家,不是减少500家")


def test_a_year_given_to_a_dated_thing_elsewhere_in_its_phrase_is_checked(assistant: Assistant) -> None:
    wrong = assistant.answer("2017年行动计划里IEC大会是安排在2018年吗?", [])
    assert wrong.answer.startswith("更正:文本写的是2019年IEC大会,不是2018年")
    # a year that names a document dates no event of it
    right = assistant.answer("2024年那个开放方案里怎么支持机构拓展海外业务?", [])
    assert "更正" not in right.answer


def test_a_year_does_not_name_a_document_that_never_speaks_of_the_thing_asked(assistant: Assistant) -> None:
    # 2018 is a year of the three-year plan's title; the New Zealand agreement is in the 2012 text
    result = assistant.answer("跟新西兰那个电子电器协定是2018年签署的吧?", [])
    assert result.answer.startswith("更正:文本写的是2008") and result.citations[0].date.startswith("2012")


def test_a_group_the_texts_only_count_is_not_listed(assistant: Assistant) -> None:
    counted = assistant.answer("认监委签的那82份协议类文件具体是哪些?", [])
    assert counted.refused and "82份" in counted.answer
    listed = assistant.answer("那32个重点国家都是哪些国家?", [])
    assert not listed.refused and "蒙古" in listed.answer


def test_a_units_tasks_in_both_roles_are_counted_together(assistant: Assistant) -> None:
    # "研究所在…": 所在 is a word too, but the sentence is cut after 研究所
    result = assistant.answer("研究所在这个三年计划里总共参与了几项任务?", [])
    assert result.answer.splitlines()[0] == "研究所参与的任务共3项(牵头1项,配合2项)。"


def test_the_breakdown_table_named_with_a_unit_is_answered_from_the_task_clauses(assistant: Assistant) -> None:
    # the task clauses say who leads and supports; what else the attachment holds is not in the texts
    unit = assistant.answer("注册部在任务分解表中配合哪些任务?", [])
    assert unit.answer.splitlines()[0].startswith("注册部配合的任务共")
    other = assistant.answer("任务分解表里2017年要做完哪些事?", [])
    assert other.refused and "附件" in other.answer


def test_what_two_documents_share_is_not_a_yes_or_no(assistant: Assistant) -> None:
    # "都提到了哪些…" asks what both mention; no "是的,…都提到了“哪些…”"
    result = assistant.answer("开放行动方案和2017年计划都提到了哪些国际组织?", [])
    assert "都提到了“" not in result.answer and "是的" not in result.answer


def test_a_mention_asked_with_either_of_two_words_finds_either(assistant: Assistant) -> None:
    result = assistant.answer("哪几份文件提到了光伏或者风电?", [])
    assert not result.refused and "三年滚动实施计划" in result.answer


def test_a_phrase_in_straight_quotes_is_the_mention_asked_about(assistant: Assistant) -> None:
    result = assistant.answer('哪些文件里出现过"走出去"?', [])
    assert result.answer.startswith("共3份文件提到")


def test_a_report_named_by_a_word_only_its_text_says_is_that_report(assistant: Assistant) -> None:
    # "青岛" is in no title; only the forum report's text says it
    result = assistant.answer("青岛那篇文章和工作要点都提到了上海合作组织吗?", [])
    assert result.answer.startswith("是的,2份文件都提到了")


def test_a_shortened_title_after_a_joining_word_still_names_its_document(assistant: Assistant) -> None:
    result = assistant.answer("上合论坛的报道和三年计划都说到清真认证了吗?", [])
    assert "2份文件" in result.answer or "不是都提到" in result.answer

"""Figures, dates, positions and the parts of a plan, as users ask for them.

Each test is phrased unlike the regression sets' items and asserts what the user reads.
"""

from __future__ import annotations

from assistant.api import Assistant


def test_a_count_in_persons_needs_a_figure_that_counts_them(assistant: Assistant) -> None:
    # "五位一体" has a number and a person measure word but counts no one
    result = assistant.answer("青年专业人才库里现在有多少名青年人才?", [])
    assert result.refused and "数量" in result.answer


def test_an_amount_is_the_figure_said_of_the_asked_thing(assistant: Assistant) -> None:
    # the clause's sentence first counts 12000 enterprises; the sales figure comes later
    result = assistant.answer("“三同”食品的销售额要做到多少?", [])
    assert result.answer.splitlines()[0] == "答:100亿元[1]"


def test_a_range_is_one_figure(assistant: Assistant) -> None:
    result = assistant.answer("围绕战略性新兴产业要建几家国家质检中心?", [])
    assert result.answer.splitlines()[0].startswith("答:3-5家")


def test_an_added_number_is_not_a_total(assistant: Assistant) -> None:
    added = assistant.answer("2017年有机产品认证示范创建区计划增加几家?", [])
    assert "10家" in added.answer.splitlines()[0]
    total = assistant.answer("全国有机产品认证示范区目前总共有几家?", [])
    assert total.refused and "总数" in total.answer


def test_a_day_is_asked_for_and_a_year_does_not_answer(assistant: Assistant) -> None:
    # the 2024-2030 plan carries no date; the years of its title are the period it covers
    undated = assistant.answer("高水平开放行动方案具体是哪一天发布的?", [])
    assert undated.refused and "日期" in undated.answer
    dated = assistant.answer("青岛海关和市场监管局的六项措施哪一天出台?", [])
    assert not dated.refused and "2020年2月18日" in dated.answer


def test_a_person_asked_by_position_holds_that_position(assistant: Assistant) -> None:
    # the texts name the association's 常务副会长, not its 会长
    head = assistant.answer("青岛检验检测认证协会会长的名字是什么?", [])
    assert head.refused
    deputy = assistant.answer("青岛检验检测认证协会的常务副会长叫什么名字?", [])
    assert not deputy.refused and "梁成珠" in deputy.answer


def test_regularly_is_no_interval(assistant: Assistant) -> None:
    result = assistant.answer("国际互认合作项目的优秀案例隔多长时间评选一次?", [])
    assert result.refused and "频次" in result.answer


def test_a_part_of_a_plan_named_by_its_subject_lists_its_articles(assistant: Assistant) -> None:
    result = assistant.answer("2024-2030年行动方案中关于行业国际发展水平的部分有哪几条?", [])
    first = result.answer.splitlines()[0]
    assert "五、提升认证认可行业国际发展水平" in first and "共3条" in first
    assert "(十三)" in first and "(十五)" in first
    assert len(result.citations) == 3


def test_the_second_article_of_a_listed_chapter_is_followed(assistant: Assistant) -> None:
    history = [
        {"role": "user", "content": "2017年行动计划国际合作那一部分有哪几条?"},
        {"role": "assistant", "content": assistant.answer("2017年行动计划国际合作那一部分有哪几条?", []).answer},
    ]
    result = assistant.answer("第二条展开讲讲?", history)
    assert not result.refused and "联通世界" in result.answer.splitlines()[0] + result.answer


def test_a_word_ending_in_a_unit_name_is_not_the_unit(assistant: Assistant) -> None:
    # "国际合作部分" is 国际合作 + 部分, not the unit 国际合作部 (国际部)
    result = assistant.answer("三年滚动计划中国际合作部分的主要任务分为几大项?", [])
    assert "国际部牵头" not in result.answer
    assert assistant.answer("注册部门牵头哪几项任务?", []).answer.startswith("注册部牵头")


def test_an_english_question_naming_a_plan_by_its_years(assistant: Assistant) -> None:
    result = assistant.answer("Is artificial intelligence mentioned in the 2024-2030 action plan?", [])
    assert not result.refused and "人工智能" in result.answer


def test_who_pays_needs_a_sentence_naming_a_source(assistant: Assistant) -> None:
    # "加大人员、经费保障力度" says money is assured, not where it comes from
    result = assistant.answer("一带一路三年计划的经费由谁来出?", [])
    assert result.refused and "经费来源" in result.answer


def test_the_figure_is_the_one_said_of_the_asked_thing_within_a_sentence(assistant: Assistant) -> None:
    # "在沿线65个国家中选取32个国家确定为…重点合作国家": one phrase, two figures
    assert assistant.answer("一带一路三年计划确定了多少个重点合作国家?", []).answer.startswith("答:32个")
    # "与25个国家和地区的36个政府及…签署了82份协议类文件": the asked measure and its own words
    assert assistant.answer("认监委和多少个政府及协会签了协议?", []).answer.startswith("答:36个")


def test_an_english_answer_opens_with_what_was_found(assistant: Assistant) -> None:
    counted = assistant.answer("How many member units make up the Qingdao inspection and certification association?", [])
    assert counted.answer.startswith("The texts give 185家")
    mentioned = assistant.answer("Does the 2017 action plan mention robots?", [])
    assert mentioned.answer.startswith("Yes: the texts mention it") and "机器人" in mentioned.answer


def test_a_count_of_firms_may_name_them_otherwise(assistant: Assistant) -> None:
    # 公司, 企业, 机构 are one another's paraphrases: "174家…机构入会" counts the firms that joined
    result = assistant.answer("青岛有多少家公司加入了检验检测认证协会?", [])
    assert not result.refused and "174家" in result.answer.splitlines()[0]


def test_a_part_named_by_its_number_is_where_not_what(assistant: Assistant) -> None:
    # "第四部分" is the plan's 四、主要任务: the count is read from its opening, which never
    # writes the words "第四部分"
    result = assistant.answer("三年计划第四部分一共多少项任务?", [])
    assert not result.refused and "18" in result.answer.splitlines()[0]


def test_a_part_named_by_its_number_lists_its_articles(assistant: Assistant) -> None:
    result = assistant.answer("2017年行动计划的第六部分下面有哪几条?", [])
    assert "夯实国家质量技术基础" in result.answer and "(十五)" in result.answer and "(十七)" in result.answer


def test_a_clause_holding_the_rest_of_the_question_goes_before_one_sharing_its_topic(assistant: Assistant) -> None:
    # the country list repeats 重点国家; the task clause says what the studies look into
    result = assistant.answer("国别研究主要研究重点国家什么内容?", [])
    assert result.citations[0].id.endswith(":四.一.1") and "市场准入要求" in result.answer


def test_an_item_of_a_list_named_by_its_heading_is_that_lists_item(assistant: Assistant) -> None:
    result = assistant.answer("六项措施是什么时候出台的?第一项要做什么?", [])
    assert any(c.id.endswith(":h.1") for c in result.citations) and "课题研究" in result.answer

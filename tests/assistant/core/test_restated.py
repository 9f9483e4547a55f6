"""Claims a question makes by restating a sentence of the texts with a term or a figure changed.

Each test is phrased unlike the regression sets' items and asserts what the user reads.
"""

from __future__ import annotations

from assistant.api import Assistant
from assistant.core.restated import replaced_term_corrections


def test_a_name_replaced_inside_a_restated_sentence_is_corrected(assistant: Assistant) -> None:
    result = assistant.answer("上合示范区实现了上合组织国家特色商品在淘宝平台一站式销售,这是哪篇文章说的?", [])
    assert result.answer.splitlines()[0] == "更正:文本写的是“京东”,不是“淘宝”。"


def test_a_changed_verb_is_a_paraphrase_not_a_claim() -> None:
    sentence = "加大对沿线重点国家的注册制度的研究和交涉力度,帮助企业开拓“一带一路”沿线国家市场。"
    assert replaced_term_corrections("认监委要帮助企业打开“一带一路”沿线国家市场吗?", [sentence]) == []
    # the same sentence with a thing named differently is a claim
    assert replaced_term_corrections("要加大对沿线重点地区的注册制度的研究和交涉力度吗?", [sentence]) == [
        "文本写的是“国家”,不是“地区”"
    ]


def test_a_word_the_question_only_moved_is_not_replaced() -> None:
    # "政府" stands in the question too: the alignment paired the wrong places, no claim
    sentence = "《中华人民共和国政府与新西兰政府关于电子电器及其部件合格评定的合作协定》正式签署"
    assert replaced_term_corrections("中国与新西兰政府签署的电子电器合格评定协定讲了什么?", [sentence]) == []


def test_a_count_against_a_range_is_corrected_with_the_range(assistant: Assistant) -> None:
    result = assistant.answer("战略性新兴产业这块,国家质检中心要规划建设8家吗?", [])
    assert result.answer.splitlines()[0] == "更正:文本写的是3-5家,不是8家。"


def test_a_label_with_a_statement_is_not_a_list(assistant: Assistant) -> None:
    # "工作要点:提升中国认证认可国际影响力" labels the page; the figure is in the sentence
    result = assistant.answer("2012年的要点里说认监委签了多少份协议类文件?", [])
    assert result.answer.splitlines()[0] == "答:82份[1]"


def test_an_indefinite_batch_is_no_number(assistant: Assistant) -> None:
    # "培育一批…领跑者" says a batch, not how many
    result = assistant.answer("2017年计划要培育多少批细分行业的领跑者?", [])
    assert result.refused and "数量" in result.answer


def test_how_far_a_plan_has_got_is_a_state_the_plans_do_not_report(assistant: Assistant) -> None:
    result = assistant.answer("有机产品认证示范区创建工作推进到什么阶段了?", [])
    assert result.refused and "进展" in result.answer


def test_a_day_written_without_its_year_dates_the_event_in_the_reports_year(assistant: Assistant) -> None:
    # "8月7日,…协会成立大会" in a report of 2020-08-07
    result = assistant.answer("青岛那个检验检测认证协会是2018年成立的对吧?", [])
    assert result.answer.splitlines()[0] == "更正:文本写的是2020年8月7日,不是2018。"


def test_a_title_given_with_the_persons_body_between_is_checked(assistant: Assistant) -> None:
    result = assistant.answer("协会常务副会长是市场监管局的刘原龙?", [])
    assert result.answer.splitlines()[0] == "更正:文本写的是副巡视员刘原龙,不是常务副会长刘原龙。"


def test_a_task_numbered_otherwise_than_its_description_is_corrected(assistant: Assistant) -> None:
    # task 2 researches too, but only task 1 is the 国别研究
    result = assistant.answer("国别研究是任务2吧,牵头单位是哪个?", [])
    assert result.answer.splitlines()[0] == "需要更正:“做好沿线重点国家的国别研究”是第1项,不是第2项。[1]"
    assert "国际部" in result.answer


def test_a_count_of_countries_in_guo_and_a_shifted_range_are_corrected(assistant: Assistant) -> None:
    envoys = assistant.answer("上合示范区和俄罗斯等6国大使线上对话达成了什么?", [])
    assert envoys.answer.splitlines()[0] == "更正:文本写的是5国,不是6国。"
    # 2025 and 2030 each stand in the plan, as targets, but its range is 2024-2030
    shifted = assistant.answer("2025-2030年的认证认可高水平开放方案是谁发布的?", [])
    assert shifted.answer.splitlines()[0] == "更正:文本写的是2024-2030,不是2025-2030。"


def test_a_count_of_the_whole_list_is_not_a_count_of_one_labelled_part(assistant: Assistant) -> None:
    result = assistant.answer("非洲有国家进那个32国名单吗?", [])
    assert "更正" not in result.answer and "埃及" in result.answer


def test_two_words_that_end_alike_are_replaced_whole() -> None:
    # the alignment agrees on "品" and "文": the words, not their first characters, differ
    sentence = "在果品、茶叶、蜂产品等重点行业,研究采用认证认可方式促进农产品品牌培育和建设。"
    assert replaced_term_corrections("要在果品、茶叶、奶制品等重点行业研究用认证认可方式促进品牌培育吗?", [sentence]) == [
        "文本写的是“蜂产品”,不是“奶制品”"
    ]
    sentence = "建设或共建以英文网站为主体、多种平台渠道相融合的认证认可信息收集、发布、查询、共享平台"
    assert replaced_term_corrections("认监委要建设以中文网站为主体、多种渠道相融合的信息平台?", [sentence]) == [
        "文本写的是“英文”,不是“中文”"
    ]


def test_a_short_form_is_no_replaced_term() -> None:
    # "自贸区" keeps characters of "自由贸易区" in order: the same thing named shorter
    sentence = "推动与沿线重点国家和区域自由贸易区框架下认证认可国际互认。"
    assert replaced_term_corrections("要推动与沿线重点国家和区域自贸区框架下的国际互认吗?", [sentence]) == []


def test_a_count_whose_members_the_texts_never_name_is_refused(assistant: Assistant) -> None:
    # "…能力验证物品5个" ends its clause: nothing after the count lists the five
    result = assistant.answer("信息安全方面要研制的那5个能力验证物品具体是哪些?", [])
    assert result.refused and "5个" in result.answer


def test_a_member_put_into_a_list_the_texts_give_is_corrected(assistant: Assistant) -> None:
    result = assistant.answer("按2012年的要点,我国要帮助越南建立认证认可体系,输出经验?", [])
    assert result.answer.splitlines()[0] == "更正:文本列出的是“蒙古、朝鲜、巴基斯坦、上海合作组织”,其中没有“越南”。"
    # a member the list holds is no premise to correct
    held = assistant.answer("按2012年的要点,我国要帮助朝鲜建立认证认可体系,输出经验?", [])
    assert not held.answer.startswith("更正")


def test_a_title_outside_the_known_list_given_to_a_person_is_checked(assistant: Assistant) -> None:
    # "副关长" is no title the engine lists: read by how a title ends
    result = assistant.answer("论坛上发言的刘原龙,是青岛海关的副关长吗?", [])
    assert result.answer.splitlines()[0] == "更正:文本写的是副巡视员刘原龙,不是副关长刘原龙。"


def test_a_task_said_to_have_no_support_units_is_corrected(assistant: Assistant) -> None:
    wrong = assistant.answer("质量基础共建共享那项没有配合单位吧?", [])
    assert wrong.answer.splitlines()[0].startswith("需要更正:第13项“推动沿线各国质量基础共建共享”有配合单位:国际部。")
    # a task that lists none is confirmed, not corrected
    right = assistant.answer("进出口食品注册监管合作那一项没有配合单位吧?", [])
    assert "没有列出配合单位" in right.answer and "更正" not in right.answer


def test_a_team_of_people_counted_with_ge_is_corrected(assistant: Assistant) -> None:
    result = assistant.answer("那个走出去课题组总共是15个人吧?", [])
    assert result.answer.startswith("更正:文本写的是11人,不是15人")


def test_a_term_inside_a_prepositional_frame_is_corrected(assistant: Assistant) -> None:
    # "以X为试点…": the frame's 以 bounds the replaced term where no agreeing words precede it
    wrong = assistant.answer("行动计划里以手机、电脑为试点开展强制性产品认证目录改革,对不对?", [])
    assert wrong.answer.startswith("更正:文本写的是“玩具、电子电器”,不是“手机、电脑”")
    # one of the text's own members is no replacement
    member = assistant.answer("行动计划里以玩具为试点开展强制性产品认证目录改革,对不对?", [])
    assert not member.answer.startswith("更正")


def test_a_plans_period_asked_as_its_term_is_corrected_not_refused(assistant: Assistant) -> None:
    # 期限 of a plan is its period: the corrected year range answers it
    result = assistant.answer("那份行动方案的期限是2024至2028年吧?", [])
    assert not result.refused and result.answer.startswith("更正:文本写的是2024-2030,不是2024-2028")


def test_a_member_put_under_another_label_is_corrected(assistant: Assistant) -> None:
    wrong = assistant.answer("重点合作国家里,土耳其是算在欧洲那一组的吧?", [])
    assert wrong.answer.startswith("更正:文本把“土耳其”列在“西亚”下,不在“欧洲”下")
    right = assistant.answer("重点合作国家里,波兰是算在欧洲那一组的吧?", [])
    assert not right.answer.startswith("更正")

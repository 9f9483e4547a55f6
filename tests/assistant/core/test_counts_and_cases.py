"""What a count, an existence question, a table condition on several units and a request for an
example are answered from: the evidence must be about the thing asked, not share one word with it.

Each test is phrased unlike the regression sets' items and asserts what the user reads.
"""

from __future__ import annotations

from assistant.api import Assistant


def test_a_count_of_what_one_agreement_covers_is_not_read_from_a_list_elsewhere(assistant: Assistant) -> None:
    # "电子电器" is one concept of the question, however many pieces jieba cuts it into: the
    # 2017 plan's "以玩具、电子电器为试点" shares only that one and counts nothing of the agreement
    agreement = assistant.answer("中新电子电器协定涉及几种产品?", [])
    assert agreement.refused and "数量" in agreement.answer
    fields = assistant.answer("三年计划的重点领域有几个?", [])
    assert fields.answer.splitlines()[0] == "答:7个[1]"


def test_a_quoted_slogan_is_no_list_of_kinds(assistant: Assistant) -> None:
    # "聚焦人民群众“吃、穿、住、用、行”,发布首批试点产品目录": the catalogue's size is never given
    result = assistant.answer("绿色产品认证的首批试点目录包括几种产品?", [])
    assert result.refused and "数量" in result.answer


def test_an_attribute_asked_with_you_mei_you_must_be_one_the_texts_use(assistant: Assistant) -> None:
    share = assistant.answer("外资认证机构的持股比例有没有限制?", [])
    assert share.refused and "比例" in share.answer
    # a frame noun before 有没有 ("双边层面") is not the thing asked of
    facilities = assistant.answer("外资在华设立机构有没有便利?", [])
    assert not facilities.refused and "欢迎外资" in facilities.answer


def test_a_role_stated_of_two_coordinated_units_holds_for_both(assistant: Assistant) -> None:
    # "认可部和认证部一起牵头": both lead; tasks 10 and 15 have both, only task 10 lists no support
    result = assistant.answer("认可部和认证部一起牵头、没列配合单位的任务有哪些?", [])
    first = result.answer.splitlines()[0]
    assert first.startswith("认可部和认证部都作为牵头单位且未列配合单位的任务共1项")
    assert "第10项" in result.answer and "第15项" not in result.answer


def test_a_request_for_an_example_is_answered_by_a_clause_giving_one(assistant: Assistant) -> None:
    # "如肯尼亚蒙巴萨至内罗毕铁路项目…主动引入…CRCC认证": a case, where the 2017 plan only plans
    result = assistant.answer("国外有没有采用中国铁路认证的案例?", [])
    assert not result.refused
    assert result.citations[0].id.endswith(":h.4") and "CRCC" in result.answer


def test_when_an_agreement_expires_is_not_when_it_was_signed(assistant: Assistant) -> None:
    # jieba files 到期 as an adverb: it is still the event the date must belong to
    expiry = assistant.answer("中新合作协定什么时候到期?", [])
    assert expiry.refused and "日期" in expiry.answer
    signed = assistant.answer("新西兰那个合作协定哪天签署的?", [])
    assert signed.answer.splitlines()[0] == "答:2008年4月7日[1]"


def test_how_much_money_is_no_list_of_things(assistant: Assistant) -> None:
    # "各部室、各单位要…加大人员、经费保障力度": a list, and no budget figure
    budget = assistant.answer("三年计划的执行经费预算是多少?", [])
    assert budget.refused and "费用" in budget.answer  # a budget asks for money: no sum is given
    members = assistant.answer("协会的会员单位数量是多少?", [])
    assert members.answer.splitlines()[0] == "答:185家[1]"


def test_a_list_answers_how_many_only_of_what_it_lists(assistant: Assistant) -> None:
    # "东南亚:泰国、越南、…、文莱": the label the question gives names the list
    listed = assistant.answer("东南亚一共选了几个重点国家?", [])
    assert listed.answer.splitlines()[0].startswith("按文本所列:东南亚10个")


def test_a_labelled_list_asked_for_is_given_first_and_its_places_can_be_followed(assistant: Assistant) -> None:
    listed = assistant.answer("三年计划选了哪些东南亚国家?", [])
    assert listed.answer.splitlines()[0] == "按文本所列:东南亚:泰国、越南、马来西亚、新加坡、印度尼西亚、柬埔寨、缅甸、老挝、菲律宾、文莱[1]"
    history = [{"role": "user", "content": "三年计划选了哪些东南亚国家?"}, {"role": "assistant", "content": listed.answer}]
    third = assistant.answer("其中第三个是哪个国家?", history)
    assert third.resolved_question.startswith("马来西亚")


def test_a_part_opening_with_its_verb_leans_on_the_part_before(assistant: Assistant) -> None:
    # "涉及什么产品?" names no subject: it asks of the New Zealand agreement
    result = assistant.answer("新西兰那个协定是哪天签的,涉及什么产品?", [])
    assert result.answer.splitlines()[0] == "答:2008年4月7日[1]"
    assert all(c.doc.startswith("002_") for c in result.citations)


def test_the_kinds_a_text_lists_in_brackets_are_counted(assistant: Assistant) -> None:
    # "食品农产品认证(清真、有机、HACCP)": three kinds, not the "7个重点领域" of the sentence
    food = assistant.answer("三年计划里食品农产品认证包括几种?", [])
    assert food.answer.splitlines()[0] == "按文本所列,食品农产品认证共3种:清真、有机、HACCP[1]"
    emerging = assistant.answer("新兴认证业务有几类?", [])
    assert emerging.answer.splitlines()[0] == "按文本所列,新兴认证业务共3种:可再生能源、绿色认证、信息安全[1]"


def test_a_figure_in_another_measure_counts_the_asked_thing_only_beside_its_noun(assistant: Assistant) -> None:
    # "六家实验室签约入驻": 家 counts laboratories, not the projects asked in 个
    projects = assistant.answer("高峰论坛上签约了多少个项目?", [])
    assert projects.refused and "数量" in projects.answer
    # "7家机构当选为副会长单位": the noun stands by the figure; "11人" counts the people of 几个人
    units = assistant.answer("协会有几个副会长单位?", [])
    assert units.answer.splitlines()[0] == "答:7家[1]"
    people = assistant.answer("检验检测走出去课题组有几个人?", [])
    assert people.answer.splitlines()[0] == "答:11人[1]"

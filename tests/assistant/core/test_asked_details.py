"""Details a question asks for that the texts never give: each is refused, saying which kind of
detail is missing, while a question the texts do answer in that kind is still answered.

Each test is phrased unlike the regression sets' items and asserts what the user reads.
"""

from __future__ import annotations

from assistant.api import Assistant


def test_how_a_plan_turned_out_is_an_outcome_the_plans_do_not_report(assistant: Assistant) -> None:
    result = assistant.answer("2017年行动计划的落实情况如何?", [])
    assert result.refused and "进展情况" in result.answer


def test_a_place_asked_with_a_place_word_needs_a_place_in_the_evidence(assistant: Assistant) -> None:
    result = assistant.answer("那3-5家国家质检中心会设在哪些省份?", [])
    assert result.refused and "地点" in result.answer


def test_a_ranking_the_texts_never_make_is_refused(assistant: Assistant) -> None:
    result = assistant.answer("沿线重点合作国家当中,哪个国家的认证需求最多?", [])
    assert result.refused and "最多" in result.answer


def test_a_year_before_another_events_name_does_not_date_the_asked_event(assistant: Assistant) -> None:
    # "积极策划2018年IECRE年会、2019年IEC大会": neither year dates the IECEx seminar
    seminar = assistant.answer("IECEx国际研讨会定在哪一年举办?", [])
    assert seminar.refused and "日期" in seminar.answer
    congress = assistant.answer("2017年计划里提到的IEC大会是哪一年的?", [])
    assert congress.answer.splitlines()[0] == "答:2019年[1]"


def test_who_is_in_charge_is_answered_by_an_office(assistant: Assistant) -> None:
    # "以青岛市市场监管局分管领导和青岛海关技术中心主任为课题负责人": offices, no names
    office = assistant.answer("那个“检测前置”课题是谁当负责人?", [])
    assert not office.refused and "分管领导" in office.answer
    name = assistant.answer("那个“检测前置”课题负责人的名字是什么?", [])
    assert name.refused


def test_where_an_event_was_held_is_said_first(assistant: Assistant) -> None:
    # "…成立大会在胶州市举行": the place the text gives, as the answer line
    result = assistant.answer("高峰论坛和协会成立大会是在什么地方举行的?", [])
    assert result.answer.splitlines()[0] == "答:胶州市[1]"
    # a short question of the texts' own words: "哪里" asks, it is no word the texts must use
    short = assistant.answer("检验检测高峰论坛是在哪儿举行的?", [])
    assert short.answer.splitlines()[0] == "答:胶州市[1]"


def test_a_count_in_the_general_classifier_must_count_the_named_noun(assistant: Assistant) -> None:
    # 个 fits any noun: "…召开…国际会议,组织成立…联盟六项举措" counts six measures, not countries
    countries = assistant.answer("上合组织国家互通互认国际会议到底有多少个国家来参加?", [])
    assert countries.refused and "国家的数量" in countries.answer
    # the noun after the figure, past a long modifier, or the measure that is its short form
    signed = assistant.answer("认监委同多少个国家和地区签过协议?", [])
    assert signed.answer.splitlines()[0].startswith("答:25个")
    systems = assistant.answer("当时一共签了几个国际检测认证多边互认体系?", [])
    assert not systems.refused and "8个" in systems.answer.splitlines()[0]


def test_time_saved_and_deeds_done_since_are_not_in_the_plans(assistant: Assistant) -> None:
    # "…时间…多少" asks an amount of time; "已经…了哪些" asks what has been done by now
    saved = assistant.answer("六项措施实施以后,企业通关时间能少多少?", [])
    assert saved.refused and "时限" in saved.answer
    done = assistant.answer("自贸试验区已经落地了哪些互认项目?", [])
    assert done.refused and "进展情况" in done.answer
    # what the report says was done since the measures came out is still answered
    since = assistant.answer("六项措施出台以来青岛做了哪些事?", [])
    assert not since.refused and "中日韩" in since.answer


def test_a_date_of_another_thing_does_not_date_the_named_one(assistant: Assistant) -> None:
    # "到2030年…全面建成…认证认可体系" dates the whole system, not the evaluation system of 第(十三)条
    result = assistant.answer("机构国际化能力评价体系计划哪一年建好?", [])
    assert result.refused and "日期" in result.answer


def test_a_place_is_answered_at_the_level_asked(assistant: Assistant) -> None:
    # the kind of place asked is the slot's word, and "那次" a pointer: neither is a word the evidence must write
    city = assistant.answer("高峰论坛是在哪个城市举行的?", [])
    assert city.answer.startswith("答:胶州市")
    pointed = assistant.answer("那次高峰论坛在哪里举行?", [])
    assert pointed.answer.startswith("答:胶州市")
    # the texts give the city, never the street: a finer level is not in them
    street = assistant.answer("高峰论坛开在胶州市的哪个街道?", [])
    assert street.refused and "地点" in street.answer


def test_how_a_thing_looks_is_not_in_policy_texts(assistant: Assistant) -> None:
    result = assistant.answer("“三同”产品的标识是什么图案?", [])
    assert result.refused and "外观样式" in result.answer


def test_every_so_many_years_asks_an_interval(assistant: Assistant) -> None:
    # "多少年…一次" asks how often: "到2025年" is a target year, no interval
    result = assistant.answer("行动方案要求机构国际化能力提升行动多少年开展一次?", [])
    assert result.refused and "频次" in result.answer and not result.answer.startswith("答:")


def test_a_count_ending_at_its_measure_counts_the_noun_before_it(assistant: Assistant) -> None:
    # "国际型智库打算设几个": 智库 is counted, and no figure or list of the clause counts it
    refused = assistant.answer("国际型智库打算设几个?", [])
    assert refused.refused and "智库的数量" in refused.answer
    # the regions of the 32 countries label their lists: a region's count is still read from its list
    listed = assistant.answer("重点合作国家里中亚有几个?", [])
    assert listed.answer.startswith("按文本所列:中亚4个")


def test_a_document_asked_when_issued_is_dated_by_its_card(assistant: Assistant) -> None:
    # the clause quoting "《质量发展纲要》工作要点" matches the title better than the card does
    result = assistant.answer("《质量发展纲要》工作要点这篇文件是哪天发布的?", [])
    assert result.answer.startswith("答:2012-07-10") and result.citations[0].id.endswith(":meta")
    # a document whose card gives no date is not dated by another clause
    undated = assistant.answer("开放行动方案这份文件是哪天发布的?", [])
    assert undated.refused


def test_english_what_should_happen_asks_about_what_follows(assistant: Assistant) -> None:
    # "happen" follows a modal: a verb, not the thing asked about
    result = assistant.answer("What should happen to overseas acceptance of Chinese certification results by 2030?", [])
    assert not result.refused and "承认度大幅提高" in result.answer


def test_english_words_of_the_domain_find_the_clause(assistant: Assistant) -> None:
    # "help ... set up" is 帮助…建立 in the texts: the 2012 work points' clause on exported experience
    helped = assistant.answer("Which economies did China help to set up their certification and accreditation systems?", [])
    assert "蒙古、朝鲜、巴基斯坦" in helped.answer
    # a dated clause holding every searched word goes before an undated one ranked a little higher
    dated = assistant.answer("When are the country studies on the key countries to be completed?", [])
    assert "答:2018年" in dated.answer and dated.citations[0].id.endswith(":三.三.p1")


def test_an_english_question_naming_a_person_in_pinyin(assistant: Assistant) -> None:
    # "Liu Yuanlong" is the texts' 刘原龙; "say" is no topic of its own
    said = assistant.answer("What did Liu Yuanlong say about the SCO demonstration zone?", [])
    assert not said.refused and "刘原龙" in said.answer
    # given name first, as some English writers put it
    post = assistant.answer("What post does Chengzhu Liang hold?", [])
    assert not post.refused and "梁成珠" in post.answer
    # a name the texts never give is still refused
    assert assistant.answer("What did Wang Xiaoming say at the forum?", []).refused



def test_a_count_of_a_noun_written_with_a_word_inside_it(assistant: Assistant) -> None:
    # "增加10家以上示范创建区" counts 示范区; "年内" says when, it is not what is counted
    result = assistant.answer("有机产品认证的示范区年内要增加多少个?", [])
    assert result.answer.startswith("答:10家")


def test_english_association_roles_and_elections(assistant: Assistant) -> None:
    # "elected" is the texts' 当选: with 副会长 it finds the founding meeting's clause and its count
    result = assistant.answer("How many vice-president units were elected?", [])
    assert not result.refused and "答:7家" in result.answer


def test_the_head_of_a_body_no_clause_names_is_refused(assistant: Assistant) -> None:
    # a clause on the work mechanism's heads says nothing of the think tank's
    result = assistant.answer("打算建立的那个国际型智库的负责人是哪一位?", [])
    assert result.refused


def test_a_magnitude_of_something_the_texts_never_measure_is_refused(assistant: Assistant) -> None:
    result = assistant.answer("少海汇家居智能实验室的面积有多大?", [])
    assert result.refused and "面积" in result.answer


def test_a_passive_verb_is_not_the_thing_asked_about(assistant: Assistant) -> None:
    # jieba's dictionary has "被选为" as a noun: it is no unknown thing the texts fail to mention
    result = assistant.answer("西亚有哪几个国家被选为重点合作国家?", [])
    assert not result.refused and "以色列" in result.answer

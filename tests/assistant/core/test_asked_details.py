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

"""Claims about which document says a thing, who issued a text alone, and whether a thing is in a
list: the answer says what the texts say instead.

Each test is phrased unlike the regression sets' items and asserts what the user reads.
"""

from __future__ import annotations

from assistant.api import Assistant


def test_a_thing_put_to_a_document_that_never_says_it_names_the_one_that_does(assistant: Assistant) -> None:
    # only the 2024-2030 action plan writes "组建认证认可国际专家库"; the 2017 plan names no 专家库
    result = assistant.answer("2017年行动计划提出要建国际专家库,对吗?", [])
    first = result.answer.splitlines()[0]
    assert first.startswith("更正:“国际专家库”出自《加快推进认证认可高水平开放行动方案(2024-2030年)》")
    assert "2017年行动计划" in first and "中没有提到" in first
    assert result.citations[0].doc.startswith("001_")
    # the document that does say it is not corrected
    right = assistant.answer("开放行动方案提出要建国际专家库,对吗?", [])
    assert "更正" not in right.answer and "国际专家库" in right.answer
    # the 2017 plan does speak of a 人才库 (国际组织人才库): "青年专业人才库" may reword it
    reworded = assistant.answer("2017年行动计划提出要建青年专业人才库,对吗?", [])
    assert "出自" not in reworded.answer


def test_who_issued_a_text_is_not_the_issuer_a_thing_put_to_it(assistant: Assistant) -> None:
    # "国家认监委" is what the question says issued it: the issuer check corrects that
    result = assistant.answer("开放行动方案是认监委发布的吗?", [])
    assert result.answer.splitlines()[0] == "更正:文本写的是市场监管总局,不是认监委。"


def test_a_text_issued_jointly_is_not_one_bodys_alone(assistant: Assistant) -> None:
    # "2020年2月18日,与青岛海关共同出台实施"; "青岛海关、青岛市场监管局共同研究制定了"
    result = assistant.answer("那六项措施是不是青岛海关自己出台的?", [])
    assert "共同出台,不是青岛海关单独出台" in result.answer.splitlines()[0]


def test_a_thing_missing_from_a_list_is_said_to_be_missing(assistant: Assistant) -> None:
    outside = assistant.answer("韩国也是东亚的重点国家吗?", [])
    assert outside.answer.splitlines()[0] == "更正:文本列出的东亚的重点国家是“蒙古”,没有“韩国”。"
    labelled = assistant.answer("西亚的重点国家里有伊朗吗?", [])
    assert labelled.answer.splitlines()[0].startswith("更正:文本列出的西亚的重点国家是“沙特阿拉伯、阿联酋、土耳其、以色列”")
    # a member the clause gives in other words is not corrected ("有机" of 食品农产品认证(清真、有机、HACCP))
    reworded = assistant.answer("三年计划的重点领域包括有机认证吗?", [])
    assert "更正" not in reworded.answer


def test_a_title_shortened_after_other_words_still_names_its_document(assistant: Assistant) -> None:
    # "…措施是三年计划" is 三年 + 计划, not 施是三年 + 计划: the 2016-2018 plan is the scope
    result = assistant.answer("做风电设备出口的企业,三年计划里有什么支持措施?", [])
    assert result.citations and all(c.doc.startswith("000_") for c in result.citations)


def test_a_later_part_naming_no_document_is_asked_of_the_one_named_before(assistant: Assistant) -> None:
    # "第四大项" alone would be 工作要点's "第四,要总结实践经验"
    result = assistant.answer("三年计划主要任务分几大项?第四大项是什么?", [])
    assert result.answer.splitlines()[0] == "答:六大项[1]"
    assert all(c.doc.startswith("000_") for c in result.citations)
    assert "提升认证认可服务发展能力" in result.answer


def test_an_english_question_reaches_the_targets_of_its_year_and_document(assistant: Assistant) -> None:
    # "action plan" is both 行动计划 (2017) and 行动方案 (2024-2030): the years pick the document
    target = assistant.answer("What is the target for 2030 in the 2024-2030 action plan?", [])
    assert target.answer.splitlines()[0].startswith("The texts set 1 target(s)")
    assert [c.id for c in target.citations] == ["001_da98db179e3067c7:一.p2"]
    talent = assistant.answer("What does the 2024-2030 action plan say about talent?", [])
    assert talent.citations and all(c.doc.startswith("001_") for c in talent.citations)


def test_an_english_quoted_phrase_is_one_precise_concept(assistant: Assistant) -> None:
    result = assistant.answer('What is the "small and beautiful" project?', [])
    assert not result.refused and "小而美" in result.answer


def test_support_in_english_asks_for_units_only_of_a_task(assistant: Assistant) -> None:
    plan = assistant.answer("Does the action plan support foreign-invested certification bodies?", [])
    assert not plan.refused and "支持外资认证机构" in plan.answer
    units = assistant.answer("Which units support task 16?", [])
    assert units.answer.splitlines()[1].startswith("第16项") and "中检集团" in units.answer  # after the English opening


def test_a_deadline_year_names_no_document_and_a_reworded_target_is_corrected(assistant: Assistant) -> None:
    # "2020年底前" is a time the question sets, not the 2020 forum report; "完成国别研究" rewords
    # the plan's "到2018年底,重点国家认证认可领域国别研究全面完成"
    result = assistant.answer("三年计划说要在2020年底前完成国别研究?", [])
    assert result.answer.splitlines()[0] == "更正:文本写的是到2018年底“重点国家认证认可领域国别研究全面完成”,不是2020年。"
    assert [c.doc[:3] for c in result.citations] == ["000"]


def test_a_count_premise_is_read_against_the_sentence_giving_a_count_not_its_headings(assistant: Assistant) -> None:
    # "（一）重点国家" repeats the noun; "在沿线65个国家中选取32个国家确定为…重点合作国家" counts it
    result = assistant.answer("三年计划的重点国家一共有35个吧?", [])
    assert result.answer.splitlines()[0] == "更正:文本写的是32个,不是35个。"

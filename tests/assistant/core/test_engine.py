"""The answer engine on the bundled corpus: parts, premises, refusals, follow-ups, English.

Phrased as users would, independently of the regression sets; each test asserts what the
user reads.
"""

from __future__ import annotations

from assistant.api import Assistant


def _ask(assistant: Assistant, question: str, history: list[dict] | None = None):
    return assistant.answer(question, history or [])


def test_each_part_of_a_two_part_question_is_answered(assistant: Assistant) -> None:
    result = _ask(assistant, "加强绿色产品认证领域合作这项任务由谁牵头?配合单位一共几个?")
    assert not result.refused
    assert "认证部" in result.answer and "2个" in result.answer
    assert "注册部" in result.answer and "国际部" in result.answer


def test_a_wrong_year_is_corrected_before_the_answer(assistant: Assistant) -> None:
    result = _ask(assistant, "中国和新西兰在2011年签署的电子电器合格评定合作协定有什么意义?")
    assert not result.refused
    first_line = result.answer.splitlines()[0]
    assert first_line.startswith("更正") and "2008" in first_line and "2011" in first_line


def test_a_wrong_lead_unit_is_corrected(assistant: Assistant) -> None:
    result = _ask(assistant, "国际部牵头的“围绕重点业务领域开展技术研究”有哪些配合单位?")
    assert "更正" in result.answer and "科标部" in result.answer


def test_an_item_beyond_the_list_is_refused(assistant: Assistant) -> None:
    result = _ask(assistant, "三年滚动实施计划的第21项任务是什么?")
    assert result.refused and "21" in result.answer


def test_a_country_the_texts_never_name_is_refused(assistant: Assistant) -> None:
    result = _ask(assistant, "中国和加拿大签的合格评定合作协定是哪一年签的?")
    assert result.refused and "加拿大" in result.answer


def test_a_date_the_texts_do_not_give_is_refused(assistant: Assistant) -> None:
    result = _ask(assistant, "青岛检验检测认证协会会员单位的年费是多少钱?")
    assert result.refused


def test_why_the_table_assigns_a_unit_is_not_stated(assistant: Assistant) -> None:
    result = _ask(assistant, "为什么推进食品农产品领域互认由国际部牵头?")
    assert result.refused and "原因" in result.answer


def test_follow_up_with_another_unit_asks_the_same_about_it(assistant: Assistant) -> None:
    history = [
        {"role": "user", "content": "国际部牵头哪些任务?"},
        {"role": "assistant", "content": "国际部牵头的任务共12项。"},
    ]
    result = _ask(assistant, "那注册部呢?", history)
    assert "注册部牵头" in result.answer and "国际部牵头" not in result.answer


def test_follow_up_to_the_next_item(assistant: Assistant) -> None:
    history = [
        {"role": "user", "content": "2024-2030年行动方案第(十三)条讲什么?"},
        {"role": "assistant", "content": "(十三)加强机构国际化能力建设……"},
    ]
    result = _ask(assistant, "下一条呢?", history)
    assert not result.refused
    assert result.citations[0].clause.endswith("(十四)加强行业品牌建设")


def test_table_conditions(assistant: Assistant) -> None:
    only_one = _ask(assistant, "配合单位只有一个的任务是哪几项?")
    assert "第8项" in only_one.answer and "第13项" in only_one.answer
    sole = _ask(assistant, "国际部自己单独牵头的有哪些任务?")
    assert "第1项" in sole.answer and "第3项" not in sole.answer


def test_unit_named_by_its_other_name(assistant: Assistant) -> None:
    result = _ask(assistant, "国际合作部配合的任务有哪些?")
    assert not result.refused and "第11项" in result.answer


def test_english_department_question_is_answered_from_the_texts(assistant: Assistant) -> None:
    result = _ask(assistant, "Who is responsible for the overall coordination of certification work for the Belt and Road?")
    assert not result.refused
    assert result.answer.startswith("The texts address this")
    assert "国际合作部" in result.answer


def test_route_question_cites_several_clauses(assistant: Assistant) -> None:
    result = _ask(assistant, "我们实验室出具的检测报告,有哪些办法能让国外认可?")
    assert not result.refused and len(result.citations) >= 2


def test_list_question_on_a_heading_lists_the_items_under_it(assistant: Assistant) -> None:
    result = _ask(assistant, "青岛出台的“检测前置、结果互认、一路畅行”六项措施具体是哪几项?")
    assert "中日韩" in result.answer and "国际检验检测联盟" in result.answer


def test_next_item_after_a_turn_that_named_the_item_by_its_title(assistant: Assistant) -> None:
    history = [
        {"role": "user", "content": "加强绿色产品认证领域合作由谁牵头?"},
        {"role": "assistant", "content": "认证部牵头。"},
    ]
    result = _ask(assistant, "下一项呢?", history)
    assert "注册领域监管合作" in result.answer and "注册部" in result.answer


def test_a_count_attached_to_other_words_is_corrected(assistant: Assistant) -> None:
    # "500家" is in the clause, but it counts the firms newly online, not those helped
    result = _ask(assistant, "2017年行动计划说重点帮扶企业超过500家,是这样吗?")
    assert result.answer.startswith("更正") and "1000家" in result.answer.splitlines()[0]


def test_a_question_naming_a_section_heading_gets_that_section(assistant: Assistant) -> None:
    result = _ask(assistant, "三年计划的重点领域一共有几个?")
    assert "7个" in result.answer and "卫生注册" in result.answer


def test_contact_details_and_a_units_head_are_refused(assistant: Assistant) -> None:
    for question in ("注册部的办公地址和电话是什么?", "信息中心主任叫什么名字?"):
        result = _ask(assistant, question)
        assert result.refused, question


def test_an_item_past_the_count_the_question_gives_is_refused(assistant: Assistant) -> None:
    result = _ask(assistant, "2024-2030行动方案七个部分中的第8部分讲什么?")
    assert result.refused and "第8部分" in result.answer


def test_an_event_after_the_texts_were_written_is_refused(assistant: Assistant) -> None:
    result = _ask(assistant, "2022年青岛又成立了哪些新的检测联盟?")
    assert result.refused and "2022" in result.answer


def test_english_task_number_reaches_the_task_table(assistant: Assistant) -> None:
    result = _ask(assistant, "Which unit leads task 9 of the three-year plan?")
    assert not result.refused and "认可中心" in result.answer


def test_what_the_texts_never_speak_of_is_refused_however_close_the_topic(assistant: Assistant) -> None:
    result = _ask(assistant, "参加国际互认的认证机构,年度会费标准是多少?")
    assert result.refused and "会费" in result.answer
    # the frame of a question is not its subject: "标题" names the kind of answer
    assert not _ask(assistant, "2024-2030行动方案第三部分的标题是什么?").refused


def test_do_both_documents_mention_it_is_answered_yes_or_no_first(assistant: Assistant) -> None:
    both = _ask(assistant, "三年滚动计划和2017年行动计划是不是都提到了绿色产品?")
    assert both.answer.startswith("是的,2份文件都提到了")
    one = _ask(assistant, "2012年工作要点和2017年行动计划是不是都提到了中医药?")
    assert one.answer.startswith("不是都提到") and "2017年行动计划" in one.answer.splitlines()[0]


def test_a_numbered_item_without_its_list_is_read_in_the_previous_answers_list(assistant: Assistant) -> None:
    history = [
        {"role": "user", "content": "青岛出台的六项措施都有哪些?"},
        {"role": "assistant", "content": "1.课题研究;2.成立协会;3.公共检测交流服务平台;4.中日韩检验检测互认;5.国际会议;6.国际检验检测联盟。"},
    ]
    result = _ask(assistant, "第五项是怎么安排的?", history)
    assert not result.refused
    assert "互通互认" in result.answer and "上合组织国家" in result.answer


def test_a_fee_is_refused_when_the_texts_only_mention_costs(assistant: Assistant) -> None:
    # the texts say "检验检测费用" (costs surveyed) but state no fee anywhere
    result = _ask(assistant, "到上合示范区的检测交流服务平台做检测要付多少钱?")
    assert result.refused and "费用" in result.answer


def test_an_english_question_about_something_the_texts_never_mention_is_refused(assistant: Assistant) -> None:
    result = _ask(assistant, "What punishment do laboratories face for falsifying test reports?")
    assert result.refused and "punishment" in result.answer


def test_an_english_question_with_a_target_year_is_answered_from_that_years_targets(assistant: Assistant) -> None:
    result = _ask(assistant, "What should be achieved by 2025 under the 2024-2030 action plan?")
    assert not result.refused
    assert "到2025年" in result.answer


def test_a_route_answer_quotes_what_each_task_does_not_its_units_note(assistant: Assistant) -> None:
    # the question names a lab, which the units note of several tasks matches ("实验室部")
    result = _ask(assistant, "我们是做检测的第三方实验室,想让国外认可我们出的检测报告,有什么办法?")
    assert not result.refused
    body_lines = [line for line in result.answer.splitlines() if line.startswith("【")]
    assert body_lines and not any(line.split("】", 1)[1].startswith("(牵头单位") for line in body_lines)


def test_a_foreign_company_is_the_texts_foreign_investment(assistant: Assistant) -> None:
    result = _ask(assistant, "我们是一家外国的认证机构,想到中国来开展认证业务,有什么政策?")
    assert not result.refused and "外资" in result.answer


def test_a_unit_named_by_its_task_is_that_tasks_unit(assistant: Assistant) -> None:
    result = _ask(assistant, "牵头进出口食品注册监管合作的那个部门,另外还配合了哪些任务?")
    assert not result.refused
    assert "注册部配合的任务" in result.answer and "推进食品农产品领域互认" in result.answer


def test_the_last_item_of_the_previous_answers_list(assistant: Assistant) -> None:
    history = [
        {"role": "user", "content": "“加强政策沟通和技术交流”下面有哪些任务?"},
        {"role": "assistant", "content": "3.加强认证认可领域政策沟通与协调;4.鼓励从业机构间开展技术交流;5.进一步提升技术性贸易措施透明度;6.建立信息共享和快速通报平台。"},
    ]
    result = _ask(assistant, "最后一项的牵头单位是哪些?", history)
    assert "办公室" in result.answer and "信息中心" in result.answer


def test_two_named_documents_leave_the_topic_whole(assistant: Assistant) -> None:
    from assistant.core.scope import question_scope

    documents = assistant.answerer.index.store.list_documents()
    scope = question_scope("2017年行动计划和2024-2030方案里,关于人才分别是怎么安排的?", documents)
    assert len(scope.docs) == 2
    # the words naming the documents are taken out whole, not as broken pieces ("2 和2 030")
    assert "人才" in scope.topic and not any(ch.isdigit() for ch in scope.topic)


def test_a_numbered_slogan_with_another_number_is_corrected(assistant: Assistant) -> None:
    result = _ask(assistant, "青岛提的是“检测前置、结果互认、两路畅行”吗?")
    assert not result.refused
    assert result.answer.startswith("更正") and "一路畅行" in result.answer.splitlines()[0]


def test_an_english_count_word_and_document_name_find_the_clause(assistant: Assistant) -> None:
    result = _ask(assistant, "Name the seven key fields listed in the rolling plan.")
    assert not result.refused
    assert "卫生注册" in result.answer and "7个重点领域" in result.answer


def test_an_english_phrase_the_glossary_lacks_is_read_through_the_dictionary(assistant: Assistant) -> None:
    result = _ask(assistant, "Does the 2017 action plan mention the internet of things?")
    assert not result.refused and "物联网" in result.answer


def test_a_date_written_without_its_year_is_given_in_the_reports_year(assistant: Assistant) -> None:
    result = _ask(assistant, "青岛检验检测认证协会成立的具体日期是哪年哪月哪天?")
    assert not result.refused
    assert result.answer.startswith("答:2020年8月7日")


def test_the_task_with_the_most_support_units(assistant: Assistant) -> None:
    result = _ask(assistant, "配合单位最多的是哪项任务?")
    assert "国别研究" in result.answer and "7个" in result.answer


def test_tasks_a_unit_takes_no_part_in(assistant: Assistant) -> None:
    result = _ask(assistant, "注册部不参与哪些任务?")
    assert "注册部既不牵头也不配合" in result.answer
    assert "能力建设援助" in result.answer and "进出口食品注册" not in result.answer


def test_this_task_is_the_task_the_last_answer_named(assistant: Assistant) -> None:
    history = [
        {"role": "user", "content": "中检集团配合哪项任务?"},
        {"role": "assistant", "content": "中检集团配合的任务共1项:第16项“促进认证认可检验检测服务贸易”。"},
    ]
    result = _ask(assistant, "这项任务由谁牵头?", history)
    assert "第16项" in result.answer and "国际部" in result.answer


def test_a_count_is_taken_from_the_figure_that_counts_the_thing_asked(assistant: Assistant) -> None:
    result = _ask(assistant, "How many member units make up the Qingdao association?")
    assert "185" in result.answer


def test_a_list_the_texts_name_but_never_give_is_refused(assistant: Assistant) -> None:
    # the 2017 plan says it will publish a first catalogue of pilot products, and lists none
    refused = _ask(assistant, "绿色产品认证的首批试点产品目录里有哪些产品?")
    assert refused.refused and "没有列出具体内容" in refused.answer
    # a list the texts do give, in brackets right after the thing, is answered
    listed = _ask(assistant, "三年计划里的新兴认证业务包括哪些?")
    assert not listed.refused and "可再生能源" in listed.answer


def test_a_task_named_by_a_chinese_numeral_with_a_wrong_lead_is_corrected(assistant: Assistant) -> None:
    result = _ask(assistant, "第十二项任务是国际部牵头的吗?")
    assert "更正" in result.answer and "注册部" in result.answer


def test_a_follow_up_asking_what_is_done_borrows_the_task_not_the_who(assistant: Assistant) -> None:
    history = [
        {"role": "user", "content": "加强绿色产品认证领域合作由哪个部门牵头?"},
        {"role": "assistant", "content": "认证部牵头,注册部、国际部配合。"},
    ]
    result = _ask(assistant, "那这项工作具体包括什么内容?", history)
    assert "绿色产品体系" in result.answer


def test_an_english_question_names_an_officer_by_the_texts_title(assistant: Assistant) -> None:
    result = _ask(assistant, "What did the executive vice president of the Qingdao association say?")
    assert not result.refused and "梁成珠" in result.answer


def test_which_documents_say_a_quoted_phrase(assistant: Assistant) -> None:
    result = _ask(assistant, "哪些文件里提到了“一带一路”?")
    first = result.answer.splitlines()[0]
    # four of the five texts say it; the 2012 work points never do
    assert first.startswith("共4份文件提到") and "高水平开放行动方案" in first and "工作要点" not in first


def test_targets_due_by_a_year_are_listed_from_the_timeline(assistant: Assistant) -> None:
    result = _ask(assistant, "2020年以前要完成哪些目标?")
    assert not result.refused
    first = result.answer.splitlines()[0]
    assert first == "文本中的相关目标共4项:"  # 2017's three in-year targets and the 2018 one
    assert "到2018年底" in result.answer and "到2025年" not in result.answer
    assert {c.doc for c in result.citations} == {"000_02cfffb9d3d88caf.txt", "003_9c2c45e5ccda30ed.txt"}


def test_a_compound_the_texts_never_form_is_not_known_from_its_halves(assistant: Assistant) -> None:
    # 专业 and 委员会 both occur in the texts, never together
    refused = _ask(assistant, "中国认证认可协会设了哪些专业委员会?")
    assert refused.refused and "专业委员会" in refused.answer
    # "优惠或奖励政策" is a phrase of the texts: 优惠政策 is known
    from assistant.core.focus import unknown_focus

    assert unknown_focus("有哪些具体的优惠政策?", assistant.answerer.index.snapshot().corpus_text) is None


def test_the_word_before_the_asking_frame_is_not_cut_into_a_noun(assistant: Assistant) -> None:
    # jieba alone reads "这件事由哪个部门" as the noun 事由 ("cause")
    result = _ask(assistant, "建立信息共享和快速通报平台这件事由哪个部门牵头?")
    assert not result.refused and "办公室" in result.answer


def test_what_an_attachment_holds_is_refused_because_only_its_reference_is_in_the_texts(assistant: Assistant) -> None:
    result = _ask(assistant, "任务分解表里第二年安排了哪些任务?")
    assert result.refused and "附件" in result.answer


def test_two_counts_joined_by_a_pause_mark_are_answered_each(assistant: Assistant) -> None:
    result = assistant.answer("按三年计划,选了多少个重点合作国家、几个重点领域?", [])
    lines = [line.split("[")[0] for line in result.answer.splitlines() if line.startswith("答:")]
    assert lines == ["答:32个", "答:7个"]


def test_a_count_of_countries_asked_in_guo_is_answered_in_guo(assistant: Assistant) -> None:
    result = assistant.answer("示范区跟几国驻华使节线上对话达成了合作共识?", [])
    assert result.answer.splitlines()[0] == "答:10国[1]"


def test_a_part_asking_only_when_borrows_the_earlier_parts_subject(assistant: Assistant) -> None:
    # "要在什么时候完成" has no subject: the 国别研究 of the first part is what is to be completed
    result = assistant.answer("重点国家的国别研究谁来牵头,要在什么时候完成?", [])
    assert "国际部" in result.answer and "答:2018年" in result.answer


def test_two_parts_the_same_table_row_answers_are_said_once(assistant: Assistant) -> None:
    result = assistant.answer("第15项由哪些部门牵头?配合单位又是谁?", [])
    assert result.answer.count("牵头单位为认可部、认证部、实验室部") == 1

"""The generated-answer check on hand-made answers: each rule can fail."""

from assistant.generative.grounding import check_answer, split_statements

CLAUSES = [
    "8.推進食品農產品領域互認。與沿線重點國家開展有機產品認證互認談判。(牽頭單位:國際部,配合單位:注冊部)",
    "(十七)強化數字化智能化賦能。建立主要貿易對象、貿易產品認證認可信息數據庫。年內研制能力驗證物品5個。",
]
UNITS = ["国际部", "注册部", "认证部"]


def test_a_faithful_answer_in_simplified_passes_against_traditional_clauses():
    verdict = check_answer("有机产品认证互认谈判由国际部牵头,注册部配合[1]。年内研制能力验证物品5个[2]。", CLAUSES, UNITS)
    assert verdict.ok, verdict.reason
    assert verdict.cited == [1, 2]


def test_no_citation_fails():
    assert check_answer("国际部牵头。", CLAUSES, UNITS).reason == "the answer cites no clause"


def test_a_citation_out_of_range_fails():
    verdict = check_answer("国际部牵头[3]。", CLAUSES, UNITS)
    assert not verdict.ok and "[3]" in verdict.reason


def test_an_invented_statement_fails_the_overlap_rule():
    verdict = check_answer("企业可以直接申请欧盟CE标志并获得补贴[1]。", CLAUSES, UNITS)
    assert not verdict.ok and "not supported" in verdict.reason


def test_a_wrong_number_fails():
    verdict = check_answer("年内研制能力验证物品6个[2]。", CLAUSES, UNITS)
    assert not verdict.ok and "number 6" in verdict.reason


def test_a_unit_not_in_the_cited_clause_fails():
    verdict = check_answer("有机产品认证互认谈判由认证部牵头[1]。", CLAUSES, UNITS)
    assert not verdict.ok and "认证部" in verdict.reason


def test_a_sentence_without_citation_borrows_the_next_one():
    statements = split_statements("与沿线重点国家开展有机产品认证互认谈判。牵头单位是国际部[1]。")
    assert [marks for _, marks in statements] == [[1], [1]]


def test_an_uncited_last_sentence_fails():
    verdict = check_answer("牵头单位是国际部[1]。另外还有很多其他安排值得关注。", CLAUSES, UNITS)
    assert not verdict.ok and "cites nothing" in verdict.reason


def test_markers_without_statements_fail():
    verdict = check_answer("[1] [2]", CLAUSES, UNITS)
    assert not verdict.ok and "no statement" in verdict.reason

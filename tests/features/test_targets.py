"""Dated targets: the rules on small clauses, then the bundled corpus's real index."""

from __future__ import annotations

from ingest.model import Clause
from ingest.targets import extract_targets, title_year


def clause(text: str, title: str = "某行动方案", doc: str = "x.txt", path: list[str] | None = None) -> Clause:
    return Clause(id=f"{doc}:1", doc=doc, title=title, date="", source="", clause_path=path or ["一、目标"],
                  text=text, search_text=text, ordinal=1)


def test_by_year_targets_keep_the_words_and_the_sentence():
    targets = extract_targets([clause("总体要求。到2025年,体系基本形成。到2030年底,全面建成。")])
    assert [(t.year, t.when, t.target) for t in targets] == [
        (2025, "到2025年", "到2025年,体系基本形成。"),
        (2030, "到2030年底", "到2030年底,全面建成。"),
    ]


def test_deadline_without_dao_and_traditional_script():
    targets = extract_targets([clause("2019年底前完成試點。"), clause("於2020年以前建立機制。", doc="y.txt")])
    assert [(t.year, t.when) for t in targets] == [(2019, "2019年底前"), (2020, "2020年以前")]


def test_within_the_year_takes_the_year_only_from_the_title():
    with_year = clause("年內增加10家示范區。", title="貫徹落實《規劃》2017年行動計劃")
    without_year = clause("年内增加10家示范区。", title="工作要点", doc="y.txt")
    targets = extract_targets([with_year, without_year])
    assert [(t.year, t.when, t.doc) for t in targets] == [(2017, "年內", "x.txt")]


def test_events_ranges_and_named_years_are_not_targets():
    texts = [
        "2008年4月7日,协定正式签署。",  # an event that happened
        "积极策划2018年IECRE年会。",  # a year naming an event
        "行动方案(2024-2030年)",  # a period
        "2019年前三季度完成50项。",  # "the first three quarters of 2019", not "before 2019"
    ]
    assert extract_targets([clause(t, doc=f"{i}.txt") for i, t in enumerate(texts)]) == []


def test_title_year_is_one_year_or_none():
    assert title_year("貫徹落實《認證認可檢驗檢測發展“十三五”規劃》2017年行動計劃") == 2017
    assert title_year("加快推进认证认可高水平开放行动方案(2024-2030年)") is None
    assert title_year("三年滾動實施計劃(2016-2018)") is None
    assert title_year("工作要点") is None


def test_extraction_is_deterministic():
    clauses = [clause("到2025年,甲。", doc="b.txt"), clause("到2018年底,乙。", doc="a.txt")]
    assert extract_targets(clauses) == extract_targets(list(reversed(clauses)))


def test_timeline_of_the_bundled_corpus(assistant):
    targets = assistant.targets()
    by_year = {(t.year, t.doc[:3]): t for t in targets}
    assert by_year[(2018, "000")].when == "到2018年底"
    assert "國別研究全面完成" in by_year[(2018, "000")].target
    assert by_year[(2025, "001")].target.startswith("到2025年,认证认可国际合作格局进一步完善")
    assert by_year[(2030, "001")].target.startswith("到2030年,全面支撑认证认可高水平开放")
    assert {t.clause_id for t in targets if t.year in (2025, 2030)} == {"001_da98db179e3067c7:一.p2"}
    # the 2017 action plan's 年内 targets take the plan's year from its title
    assert sorted(t.clause_id.split(":")[1] for t in targets if t.year == 2017) == ["一.一", "三.八", "四.十二"]
    # every record points at a real clause holding its words
    for t in targets:
        assert t.target in assistant.clause(t.clause_id).text
    assert {t.year for t in targets} == {2017, 2018, 2025, 2030}


def test_targets_filter_by_year_and_document_name(assistant):
    assert [t.year for t in assistant.targets(year=2025)] == [2025]
    assert {t.year for t in assistant.targets(doc="高水平开放")} == {2025, 2030}
    assert [t.year for t in assistant.targets(doc="000")] == [2018]

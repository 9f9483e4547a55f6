"""Loading regression sets: the dev set, malformed JSONL lines, CSV."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.metrics import supports
from eval.sets import EvalItem, GoldQuote, SetError, load_set, parse_csv, parse_jsonl
from ingest.pipeline import prepare_document

REPO = Path(__file__).resolve().parents[2]
DEV_SET = REPO / "eval" / "sets" / "qa_dev.jsonl"

GOOD = {
    "id": "X1",
    "category": "fact",
    "question": "问题?",
    "history": [],
    "answerable": True,
    "must_include": ["甲"],
    "gold": [{"doc": "a.txt", "quote": "甲乙"}],
    "notes": "",
}


def line(**changes) -> str:
    record = {**GOOD, **changes}
    return json.dumps({k: v for k, v in record.items() if v is not ...}, ensure_ascii=False)


# --- the dev set ------------------------------------------------------------------------


def test_dev_set_loads_without_problems():
    items, problems = load_set(DEV_SET, strict=True)
    assert problems == []
    assert len(items) == 42
    assert len({i.id for i in items}) == 42
    first = items[0]
    assert first.id == "D001" and first.line == 1
    assert first.must_include_any[0] == ["5个", "五个", "5家", "五家"]
    assert first.gold[0] == GoldQuote("000_02cfffb9d3d88caf.txt", "围绕重点业务领域开展技术研究")
    follow_up = next(i for i in items if i.id == "D035")
    assert follow_up.history[0] == {"role": "user", "content": "32个重点合作国家中南亚有哪些?"}
    assert sum(not i.answerable for i in items) == 5


def test_dev_set_gold_quotes_occur_in_the_corpus_clauses():
    """Every gold quote must lie inside one clause as ingest splits it, else no citation can
    ever support it and hit@k is capped below 1 for that item."""
    items, _ = load_set(DEV_SET)
    docs = {}
    missing = []
    for it in items:
        for gold in it.gold:
            if gold.doc not in docs:
                docs[gold.doc] = prepare_document(REPO / "corpus" / gold.doc)
            clauses = [c.to_json() for c in docs[gold.doc].clauses]
            if not any(supports(c, gold) for c in clauses):
                missing.append((it.id, gold.quote))
    assert missing == []


# --- JSONL validation --------------------------------------------------------------------


def test_malformed_lines_are_reported_with_line_numbers_and_the_rest_loads(tmp_path):
    lines = [
        line(id="OK1"),  # 1
        '{"id": "B2", "question": ',  # 2 bad JSON
        "",  # 3 blank: skipped, still counted
        line(id="B4", question=...),  # 4 missing question
        line(id="B5", answerable="yes"),  # 5 wrong type
        line(id="B6", gold=[{"doc": "a.txt", "quote": "甲", "page": 3}]),  # 6 unknown gold field
        line(id="B7", must_includes=["甲"]),  # 7 misspelt field
        line(id="OK1"),  # 8 duplicate id
        "[1, 2]",  # 9 not an object
        line(id="B10", answerable=False),  # 10 checks on an unanswerable item
        line(id="B11", must_include=["。"]),  # 11 folds to nothing: would match any answer
        line(id="B12", history=[{"role": "bot", "content": "hi"}]),  # 12 bad role
        line(id="B13", must_include_any=[[]]),  # 13 empty group
        line(id="B14", gold=[{"doc": "a.txt"}]),  # 14 gold without quote
        line(id="OK15", answerable=False, must_include=[], gold=[]),  # 15
    ]
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items, problems = load_set(path)

    assert [i.id for i in items] == ["OK1", "OK15"]
    assert [i.line for i in items] == [1, 15]
    reasons = {p.line: p.reason for p in problems}
    assert sorted(reasons) == [2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]
    assert reasons[2].startswith("bad JSON")
    assert reasons[4] == "missing question"
    assert "answerable must be true or false, got string" in reasons[5]
    assert "gold[0] has unknown field(s): page" in reasons[6]
    assert "unknown field(s): must_includes" in reasons[7]
    assert "duplicate id 'OK1' (first on line 1)" in reasons[8]
    assert "expected a JSON object, got list" in reasons[9]
    assert "answerable is false but must_include, gold is set" in reasons[10]
    assert "must_include[0] is empty once folded" in reasons[11]
    assert "history[0].role" in reasons[12]
    assert "must_include_any[0] is an empty group" in reasons[13]
    assert "gold[0] lacks quote" in reasons[14]
    assert str(problems[0]).startswith("line 2: bad JSON")


def test_optional_fields_default_to_empty():
    minimal = json.dumps({"id": "M1", "category": "c", "question": "q?", "answerable": True})
    (it,), problems = parse_jsonl(minimal)
    assert problems == []
    assert it == EvalItem(id="M1", category="c", question="q?", answerable=True, line=1)


def test_strict_raises_at_the_first_problem(tmp_path):
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join([line(id="A"), line(id="B", question=""), "{bad"]), encoding="utf-8")
    with pytest.raises(SetError, match=r"line 2: question is empty") as caught:
        load_set(path, strict=True)
    assert caught.value.problem.line == 2


def test_unreadable_or_unknown_files_raise(tmp_path):
    with pytest.raises(SetError, match="cannot read"):
        load_set(tmp_path / "missing.jsonl")
    other = tmp_path / "set.yaml"
    other.write_text("x", encoding="utf-8")
    with pytest.raises(SetError, match="unknown set format"):
        load_set(other)


# --- CSV ---------------------------------------------------------------------------------

CSV_HEADER = (
    "id,category,question,history,answerable,must_include,must_include_any,must_not_include,gold,notes"
)


def test_csv_cells_parse_like_jsonl(tmp_path):
    history = json.dumps([{"role": "user", "content": "南亚有哪些?"}], ensure_ascii=False).replace('"', '""')
    rows = [
        CSV_HEADER,
        'C1,list,那东亚呢?,"' + history + '",TRUE,蒙古|东亚,5个|五个||没有|未列,法律部,'
        "000_a.txt::东亚:蒙古||001_b.txt::南亚:印度,note",
        "C2,unanswerable,在哪举办?,,false,,,,,",
    ]
    path = tmp_path / "set.csv"
    # utf-8-sig: the byte-order mark a spreadsheet export writes must not end up in the first column name
    path.write_text("\n".join(rows) + "\n", encoding="utf-8-sig")
    items, problems = load_set(path, strict=True)
    assert problems == []
    c1, c2 = items
    assert c1.history == [{"role": "user", "content": "南亚有哪些?"}]
    assert c1.answerable is True
    assert c1.must_include == ["蒙古", "东亚"]
    assert c1.must_include_any == [["5个", "五个"], ["没有", "未列"]]
    assert c1.must_not_include == ["法律部"]
    assert c1.gold == [GoldQuote("000_a.txt", "东亚:蒙古"), GoldQuote("001_b.txt", "南亚:印度")]
    assert c1.notes == "note"
    assert (c1.line, c2.line) == (2, 3)
    assert c2.answerable is False and c2.history == [] and c2.gold == []


def test_dev_set_round_trips_through_csv(tmp_path):
    """The dev set written as CSV (per the documented cell syntax) loads to the same items."""
    import csv

    items, _ = load_set(DEV_SET)
    path = tmp_path / "dev.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_HEADER.split(","))
        for it in items:
            writer.writerow(
                [
                    it.id,
                    it.category,
                    it.question,
                    json.dumps(it.history, ensure_ascii=False) if it.history else "",
                    "true" if it.answerable else "false",
                    "|".join(it.must_include),
                    "||".join("|".join(group) for group in it.must_include_any),
                    "|".join(it.must_not_include),
                    "||".join(f"{g.doc}::{g.quote}" for g in it.gold),
                    it.notes,
                ]
            )
    from_csv, problems = load_set(path, strict=True)
    assert problems == []
    for original, loaded in zip(items, from_csv, strict=True):
        assert {**original.to_json(), "line": 0} == {**loaded.to_json(), "line": 0}


def test_csv_problems_carry_the_line_where_the_row_starts():
    text = "\n".join(
        [
            CSV_HEADER,
            'R1,fact,"a question\nover two lines",,true,甲,,,a.txt::甲乙,',  # lines 2-3
            "R4,fact,q?,,maybe,,,,,",  # line 4: bad answerable
            "R5,fact,q?,,true,,,,a.txt 甲乙,",  # line 5: gold without ::
            "R6,fact,q?,[not json,true,,,,,",  # line 6: bad history
            "R7,fact,q?,,true,甲||乙,,,,",  # line 7: empty member in must_include
            "R8,fact,q?,,true,,,,,,extra",  # line 8: too many cells
            "R9,fact,q?,,true,,,,,",  # line 9
        ]
    )
    items, problems = parse_csv(text)
    assert [i.id for i in items] == ["R1", "R9"]
    assert items[0].question == "a question\nover two lines"
    reasons = {p.line: p.reason for p in problems}
    assert sorted(reasons) == [4, 5, 6, 7, 8]
    assert "answerable must be true/false" in reasons[4]
    assert "is not doc::quote" in reasons[5]
    assert reasons[6].startswith("history is not JSON")
    assert "must_include[1] is empty once folded" in reasons[7]
    assert "11 cells but the header has 10 columns" in reasons[8]


def test_csv_header_problems():
    _, problems = parse_csv("id,category,answerable\nX,c,true\n")
    assert [(p.line, p.reason) for p in problems] == [(1, "header lacks required column(s): question")]
    items, problems = parse_csv("id,category,question,answerable,must_includes\nX,c,q?,true,甲\n")
    assert [i.id for i in items] == ["X"]
    assert problems[0].line == 1 and "unknown column(s) ignored: must_includes" in problems[0].reason
    with pytest.raises(SetError, match="line 1: unknown column"):
        parse_csv("id,category,question,answerable,oops\n", strict=True)

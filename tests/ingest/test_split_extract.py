"""Clauses, ids, the task table and loading, on the real corpus files."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from ingest.clean import clean_text, repair_mojibake, strip_pinyin_ruby
from ingest.load import LoadError, load_text
from ingest.pipeline import META_PATH, build_document, prepare_document
from ingest.split import Splitter
from tests.conftest import CORPUS, corpus_file
from text.fold import fold, fold_loose
from text.tokens import count_tokens

CORPUS_FILES = sorted(CORPUS.glob("*.txt"))


def doc_of(prefix: str):
    return prepare_document(corpus_file(prefix))


def task_clause(doc, n: int):
    (clause,) = [c for c in doc.clauses if c.task_no == n]
    return clause


# --- structure and ids ------------------------------------------------------------------------
def test_task_8_clause_path():
    clause = task_clause(doc_of("000"), 8)
    assert clause.clause_path == ["四、主要任務", "（三）推進認證認可國際互認", "8.推進食品農產品領域互認"]
    assert clause.clause.endswith("8.推進食品農產品領域互認")
    assert "四、主要任務 > （三）推進認證認可國際互認 > 8." in clause.clause
    assert "與沿線重點國家開展有機產品認證互認談判" in clause.text


def test_items_of_001_sit_under_their_section():
    doc = doc_of("001")
    (clause,) = [c for c in doc.clauses if "测试报告" in c.text]
    assert clause.clause_path[0] == "三、全面提升认证认可国际合作效能"
    assert clause.clause_path[-1] == "(七)加快推动国外承认我国认证认可结果"


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name[:3])
def test_clause_ids_unique_and_stable(path):
    first = prepare_document(path)
    second = build_document(path.name, load_text(path))
    ids = [c.id for c in first.clauses]
    assert len(ids) == len(set(ids))
    assert ids == [c.id for c in second.clauses]
    assert all(i.startswith(path.stem + ":") for i in ids)
    assert [c.ordinal for c in first.clauses] == list(range(len(ids)))


def test_ids_do_not_depend_on_other_clauses_changing():
    path = corpus_file("000")
    text = load_text(path)
    changed = text.replace("重點研究該國家的認證認可管理架構", "重點研究該國家的認證管理架構")
    before = {c.task_no: c.id for c in build_document(path.name, text).clauses if c.task_no}
    after = {c.task_no: c.id for c in build_document(path.name, changed).clauses if c.task_no}
    assert before == after


def test_long_clause_cut_at_sentence_ends_within_budget():
    path = corpus_file("003")
    doc = build_document(path.name, load_text(path), Splitter(max_tokens=250))
    full = prepare_document(path)
    pieces = [c for c in doc.clauses if c.id.startswith(f"{path.stem}:二.四~p")]
    assert len(pieces) >= 3  # the clause is ~900 tokens
    for piece in pieces:
        assert count_tokens(piece.text) <= 250
        assert piece.text.endswith(("。", ";", "；", "!", "?")), piece.text[-10:]
        assert piece.clause_path == pieces[0].clause_path
    (whole,) = [c for c in full.clauses if c.id.startswith(f"{path.stem}:二.四")][:1]
    whole_text = "".join(c.text for c in full.clauses if c.id.startswith(f"{path.stem}:二.四"))
    assert "".join(p.text for p in pieces) == whole_text
    assert whole.clause_path == pieces[0].clause_path


# --- the task table of 000 ----------------------------------------------------------------------
# Written out from the source text: (lead units, support units) of each numbered task.
TASKS_000 = {
    1: (["國際部"], ["法律部", "認可部", "認證部", "實驗室部", "注冊部", "科標部", "研究所"]),
    2: (["科標部", "認證部", "實驗室部", "注冊部", "研究所"], []),
    3: (["國際部", "法律部"], ["認可部", "認證部", "實驗室部", "注冊部"]),
    4: (["國際部"], ["認證部", "實驗室部", "認可中心"]),
    5: (["國際部"], ["認證部", "認可部", "實驗室部", "注冊部"]),
    6: (["辦公室", "國際部", "信息中心"], ["法律部", "認可部", "認證部", "實驗室部", "注冊部", "科標部"]),
    7: (["國際部", "認證部"], []),
    8: (["國際部"], ["注冊部"]),
    9: (["認可中心", "認證認可協會"], []),
    10: (["國際部", "認證部", "認可部", "信息安全認證中心", "信息中心"], []),
    11: (["認證部"], ["注冊部", "國際部"]),
    12: (["注冊部"], []),
    13: (["科標部", "實驗室部"], ["國際部"]),
    14: (["國際部"], []),
    15: (["認可部", "認證部", "實驗室部"], ["有關部室"]),
    16: (["國際部"], ["法律部", "認證部", "實驗室部", "研究所", "中檢集團"]),
    17: (["國際部"], ["各有關部室"]),
    18: (["國際部"], ["各有關部室"]),
}


def test_000_has_the_18_tasks_with_their_units():
    tasks = {t.task_no: t for t in doc_of("000").tasks}
    assert sorted(tasks) == list(range(1, 19))
    got = {n: (t.lead_units, t.support_units) for n, t in tasks.items()}
    assert got == TASKS_000


def test_task_units_edge_cases():
    tasks = {t.task_no: t for t in doc_of("000").tasks}
    assert "" not in tasks[5].support_units  # the trailing `、)` leaves no empty name
    assert tasks[16].support_units[-1] == "中檢集團"
    assert tasks[16].support_open_ended
    assert not any(t.support_open_ended for n, t in tasks.items() if n != 16)
    assert [n for n, t in tasks.items() if not t.support_units] == [2, 7, 9, 10, 12, 14]
    assert tasks[8].task_name == "推進食品農產品領域互認"
    assert all(not re.search(r"[a-z]", "".join(t.lead_units + t.support_units)) for t in tasks.values())


def test_other_documents_have_no_tasks():
    for prefix in ("001", "002", "003", "004"):
        assert doc_of(prefix).tasks == []


# --- no text lost -------------------------------------------------------------------------------
def _groups(doc) -> dict[str, str]:
    """Body clause texts, pieces of one clause joined back together."""
    groups: dict[str, str] = {}
    for c in doc.clauses:
        if c.clause_path == [META_PATH]:
            continue
        key = re.sub(r"~p\d+$", "", c.id)
        groups[key] = groups.get(key, "") + c.text
    return groups


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name[:3])
def test_every_cleaned_line_lands_in_exactly_one_clause(path):
    text = load_text(path)
    doc = build_document(path.name, text)
    cleaned = Counter(line.text for line in clean_text(text).lines)
    in_clauses = Counter(line for body in _groups(doc).values() for line in body.split("\n"))
    assert in_clauses == cleaned


FURNITURE = ("分享到", "当前位置", "平台集群", "文章关键词", "发布时间", "栏目", "来源")


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name[:3])
def test_no_chinese_text_of_the_page_is_lost(path):
    """Every raw line with real Chinese text (not furniture) is found in the document's clauses."""
    doc = prepare_document(path)
    everything = fold_loose("".join(c.text for c in doc.clauses))
    for raw_line in load_text(path).splitlines():
        line = strip_pinyin_ruby(repair_mojibake(raw_line)).strip()
        if sum("\u4e00" <= ch <= "\u9fff" for ch in line) < 6 or any(f in fold(line) for f in FURNITURE):
            continue
        assert fold_loose(line) in everything, line


# --- loading --------------------------------------------------------------------------------------
def test_load_errors_name_the_file(tmp_path):
    cases = {
        "empty.txt": b"",
        "blank.txt": b"   \n\n",
        "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        "undecodable.txt": b"\xff\xfe\xff\xfe\x81\x30\xff\xff" * 50,
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(LoadError) as err:
            prepare_document(path)
        assert name in str(err.value), (name, str(err.value))
    assert "empty" in str(pytest.raises(LoadError, load_text, tmp_path / "empty.txt").value)
    assert "binary" in str(pytest.raises(LoadError, load_text, tmp_path / "binary.txt").value)

    pdf = tmp_path / "policy.pdf"
    pdf.write_bytes(b"%PDF-1.4 text")
    with pytest.raises(LoadError, match=r"policy\.pdf.*unsupported"):
        prepare_document(pdf)
    with pytest.raises(LoadError, match=r"missing\.txt"):
        prepare_document(tmp_path / "missing.txt")


def test_gb18030_copy_gives_the_same_clauses(tmp_path):
    for prefix in ("001", "004"):
        source = corpus_file(prefix)
        copy = tmp_path / source.name
        copy.write_bytes(source.read_text(encoding="utf-8").encode("gb18030"))
        assert copy.read_bytes() != source.read_bytes()
        a, b = prepare_document(source), prepare_document(copy)
        assert [(c.id, c.clause, c.text) for c in a.clauses] == [(c.id, c.clause, c.text) for c in b.clauses]
        assert (a.title, a.date, a.source) == (b.title, b.date, b.source)


def test_utf8_bom_is_accepted(tmp_path):
    source = corpus_file("001")
    copy = tmp_path / source.name
    copy.write_bytes(b"\xef\xbb\xbf" + source.read_bytes())
    assert [c.text for c in prepare_document(copy).clauses] == [c.text for c in prepare_document(source).clauses]


def test_markdown_headings(tmp_path):
    md = tmp_path / "plan.md"
    md.write_text(
        "# 认证认可工作方案\n\n"
        "# 一、总体要求\n\n"
        "坚持统筹协调,推进认证认可**高水平**开放。\n\n"
        "## (一)重点任务\n\n"
        "1.加强国际合作。推动互认。(牵头单位:国际部,配合单位:认证部、认可部)\n\n"
        "2.开展技术研究。(牵头单位:科标部)\n",
        encoding="utf-8",
    )
    doc = prepare_document(md)
    assert doc.title == "认证认可工作方案"
    body = [c for c in doc.clauses if c.clause_path != [META_PATH]]
    assert all("#" not in c.text and "**" not in c.text for c in doc.clauses)
    assert body[0].clause_path == ["一、总体要求"]
    assert "坚持统筹协调,推进认证认可高水平开放。" in body[0].text
    tasks = {t.task_no: t for t in doc.tasks}
    assert tasks[1].lead_units == ["国际部"] and tasks[1].support_units == ["认证部", "认可部"]
    assert tasks[2].lead_units == ["科标部"] and tasks[2].support_units == []
    assert tasks[1].clause.startswith("一、总体要求 > (一)重点任务 > 1.")


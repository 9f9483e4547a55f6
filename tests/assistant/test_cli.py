"""The command line as a user runs it: `python -m assistant --data-dir DIR …` in a subprocess."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import corpus_file, run_cli, seed_cache

CLAUSE_KEYS = {"id", "doc", "title", "date", "source", "clause", "text", "lead_units", "support_units"}
RUBY = re.compile(r"[(（]\s*[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ][a-zü]*\s*[)）]")


def no_traceback(result) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout, result.stdout


@pytest.fixture(scope="module")
def clauses(indexed_data_dir: Path) -> list[dict]:
    result = run_cli(indexed_data_dir, "inspect", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_inspect_json_prints_every_clause_cleanly(clauses):
    assert len(clauses) > 50
    assert all(set(c) == CLAUSE_KEYS for c in clauses)
    assert len({c["id"] for c in clauses}) == len(clauses)
    assert sorted({c["doc"][:3] for c in clauses}) == ["000", "001", "002", "003", "004"]
    dump = json.dumps(clauses, ensure_ascii=False)
    assert not RUBY.search(dump)
    assert "(rèn)" not in dump
    assert "?。" not in dump
    assert "分享到" not in dump
    assert "平台集群" not in dump
    by_doc = {c["doc"][:3]: c for c in clauses}
    assert by_doc["000"]["date"] == "2018-10-27"
    assert by_doc["004"]["source"] == "爱青岛"
    (task8,) = [c for c in clauses if "推進食品農產品領域互認。" in c["text"]]
    assert task8["lead_units"] == ["國際部"] and task8["support_units"] == ["注冊部"]
    assert task8["clause"].endswith("8.推進食品農產品領域互認")


def test_inspect_one_doc(indexed_data_dir, clauses):
    name = corpus_file("002").name
    result = run_cli(indexed_data_dir, "inspect", "--json", "--doc", name)
    rows = json.loads(result.stdout)
    assert rows and all(r["doc"] == name for r in rows)
    assert len(rows) == sum(c["doc"] == name for c in clauses)


def test_inspect_lists_the_documents(indexed_data_dir):
    result = run_cli(indexed_data_dir, "inspect")
    assert result.returncode == 0
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 5
    assert "2018-10-27" in lines[0] and "clauses" in lines[0]


def test_inspect_tasks_json_has_18_rows_for_000(indexed_data_dir):
    result = run_cli(indexed_data_dir, "inspect", "--tasks", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    rows000 = [r for r in rows if r["doc"].startswith("000")]
    assert sorted(r["task_no"] for r in rows000) == list(range(1, 19))
    assert len(rows) == 18


def test_ingest_missing_and_binary_files_reported_good_files_ingested(tmp_path):
    data_dir = tmp_path / "data"
    seed_cache(data_dir)
    good = tmp_path / corpus_file("004").name
    shutil.copyfile(corpus_file("004"), good)
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x00\x01PK\x03\x04" * 200)
    missing = tmp_path / "nowhere.txt"
    result = run_cli(data_dir, "ingest", "--quiet", str(good), str(binary), str(missing))
    no_traceback(result)
    assert result.returncode != 0
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 2, result.stderr
    assert any("scan.txt" in e and "binary" in e for e in errors)
    assert any("nowhere.txt" in e for e in errors)
    assert "1 added" in result.stdout
    listed = json.loads(run_cli(data_dir, "inspect", "--json").stdout)
    assert {c["doc"] for c in listed} == {good.name}


def test_ingest_into_a_data_dir_that_cannot_be_created(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run_cli(blocker / "sub", "ingest", "--quiet", str(corpus_file("004")))
    no_traceback(result)
    assert result.returncode != 0
    assert result.stderr.startswith("error:"), result.stderr
    assert "a-file" in result.stderr


def test_ask_with_an_empty_question(indexed_data_dir):
    for question in ("", "   "):
        result = run_cli(indexed_data_dir, "ask", question)
        no_traceback(result)
        assert result.returncode in (0, 2)
        assert "请输入" in result.stdout + result.stderr


def test_ask_on_an_empty_data_dir_says_how_to_build_the_index(tmp_path):
    result = run_cli(tmp_path / "fresh", "ask", "--json", "国际部牵头几项?")
    no_traceback(result)
    assert "ingest" in result.stdout + result.stderr
    result = run_cli(tmp_path / "fresh", "inspect")
    no_traceback(result)
    assert "ingest" in result.stdout + result.stderr


def test_ask_prints_answer_and_citations(indexed_data_dir):
    result = run_cli(indexed_data_dir, "ask", "推进食品农产品领域互认由哪个部门牵头?")
    no_traceback(result)
    assert result.returncode == 0
    assert "国际部" in result.stdout
    assert "[1]" in result.stdout and "引用" in result.stdout


def test_ask_json_shape(indexed_data_dir):
    result = run_cli(indexed_data_dir, "ask", "--json", "推进食品农产品领域互认由哪个部门牵头?")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"question", "answer", "refused", "citations", "mode", "timings_ms"} <= set(data)
    assert data["citations"] and set(data["citations"][0]) == {"n", "id", "doc", "title", "clause", "text", "score"}


def test_ask_with_a_bad_history_file(indexed_data_dir, tmp_path):
    history = tmp_path / "history.json"
    history.write_text("{not json", encoding="utf-8")
    result = run_cli(indexed_data_dir, "ask", "--history", str(history), "配合单位呢?")
    no_traceback(result)
    assert result.returncode != 0
    assert result.stderr.startswith("error:") and "history.json" in result.stderr

"""The command line as a user runs it: `python -m assistant --data-dir DIR …` in a subprocess."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT, corpus_file, run_cli, seed_cache

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
    # the ingest left the version's sentence matrix for the next process to map, not rebuild
    assert list(data_dir.rglob("dense-*.npy")), sorted(p.name for p in data_dir.rglob("*"))
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


# --- damaged stores and caches: reported, never replaced (exit 1) --------------------------------
def one_error_line(result) -> str:
    no_traceback(result)
    lines = [ln for ln in result.stderr.strip().splitlines() if ln.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    return lines[0]


def test_a_zero_byte_store_is_reported_damaged_and_left_alone(indexed_data_dir, tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(indexed_data_dir, data_dir)
    database = data_dir / "chroma" / "chroma.sqlite3"
    database.write_bytes(b"")
    for args in (("inspect",), ("ask", "国际部牵头哪些任务?"), ("ingest", "--quiet", str(corpus_file("004")))):
        result = run_cli(data_dir, *args)
        line = one_error_line(result)
        assert result.returncode == 1
        assert f"the index at {data_dir / 'chroma'} is damaged: chroma.sqlite3 is empty (0 bytes)" in line
        assert "ingest" in line  # how to rebuild
        assert database.stat().st_size == 0  # not silently replaced by a new, empty index


def test_garbage_inside_the_store_is_reported_damaged(indexed_data_dir, tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(indexed_data_dir, data_dir)
    database = data_dir / "chroma" / "chroma.sqlite3"
    # the pages of Chroma's write log, which every command reads (`ask` reads no clause pages: it
    # answers from the data dir's local cache), and 256 KB in the middle of the file
    with sqlite3.connect(database) as db:
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
        log_pages = [n for (n,) in db.execute("SELECT pageno FROM dbstat WHERE name = 'embeddings_queue'")]
    db.close()
    assert log_pages
    size = database.stat().st_size
    with database.open("r+b") as fh:
        for page in log_pages:
            fh.seek((page - 1) * page_size)
            fh.write(bytes(range(256)) * (page_size // 256))
        fh.seek(size // 2)
        fh.write(bytes(range(256)) * 1024)  # 256 KB
    for args in (("inspect",), ("ask", "国际部牵头哪些任务?")):
        result = run_cli(data_dir, *args)
        line = one_error_line(result)
        assert result.returncode == 1
        assert f"the index at {data_dir / 'chroma'} is damaged" in line and "ingest" in line


def test_a_garbled_embedding_cache_is_reported_not_replaced(tmp_path):
    data_dir = tmp_path / "data"
    cache = data_dir / "cache" / "embeddings.sqlite"
    cache.parent.mkdir(parents=True)
    garbage = b"this is not a database " * 400
    cache.write_bytes(garbage)
    result = run_cli(data_dir, "ingest", "--quiet", str(corpus_file("004")))
    line = one_error_line(result)
    assert result.returncode == 1
    assert f"the embedding cache {cache} is damaged" in line and "delete it" in line
    assert cache.read_bytes() == garbage


def test_a_read_only_embedding_cache_is_reported(tmp_path):
    """As root, permissions do not bind: the command runs as `nobody` then (setpriv), in a
    folder `nobody` can reach (pytest's tmp folders are private to root)."""
    base = Path(tempfile.mkdtemp(prefix="readonly-cache-")) if os.geteuid() == 0 else tmp_path
    try:
        data_dir = base / "data"
        cache_dir = data_dir / "cache"
        cache_dir.mkdir(parents=True)
        doc = base / "new.txt"
        doc.write_text("只读缓存测试方案\n一、主要任务\n1.测试只读的向量缓存目录。(牵头单位:测试部)\n", encoding="utf-8")
        prefix: list[str] = []
        if os.geteuid() == 0:
            prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
            for path in (base, data_dir, cache_dir, doc):
                os.chown(path, 65534, 65534)
        cache_dir.chmod(0o555)
        # its own HOME and TMPDIR: root's caches there (jieba's, matplotlib's) are not readable by `nobody`
        env = {**os.environ, "ANONYMIZED_TELEMETRY": "False", "HOME": str(base), "TMPDIR": str(base),
               "MPLCONFIGDIR": str(base / "mpl")}
        env.pop("ASSISTANT_CONFIG", None)
        env.pop("TIKTOKEN_CACHE_DIR", None)  # set under root's home by tests run earlier in this process
        result = subprocess.run(
            [*prefix, sys.executable, "-m", "assistant", "--data-dir", str(data_dir), "ingest", "--quiet", str(doc)],
            cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=600,
        )
        line = one_error_line(result)
        assert result.returncode == 1
        assert f"the embedding cache {cache_dir / 'embeddings.sqlite'} cannot be written" in line
        assert f"make {cache_dir} writable" in line
    finally:
        if base != tmp_path:
            shutil.rmtree(base, ignore_errors=True)


# --- bad input: one line, exit 2 -------------------------------------------------------------------
def test_inspect_json_into_head_prints_no_broken_pipe(indexed_data_dir):
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    command = f"{sys.executable} -m assistant --data-dir {indexed_data_dir} inspect --json | head -3"
    result = subprocess.run(["bash", "-c", command], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.stdout.splitlines()[0] == "["
    assert result.stderr == "", result.stderr


def test_a_missing_or_malformed_settings_file_is_one_line(tmp_path):
    result = run_cli(tmp_path / "data", "--config", str(tmp_path / "nope.toml"), "inspect")
    assert result.returncode == 2
    assert one_error_line(result) == f"error: settings file {tmp_path / 'nope.toml'}: No such file or directory"
    bad = tmp_path / "bad.toml"
    bad.write_text("[ingest\n", encoding="utf-8")
    result = run_cli(tmp_path / "data", "--config", str(bad), "inspect")
    assert result.returncode == 2
    assert one_error_line(result).startswith(f"error: settings file {bad}: ")


def test_removing_or_inspecting_a_document_that_is_not_indexed_is_bad_input(indexed_data_dir, tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(indexed_data_dir, data_dir)
    for command in ("remove", "inspect --doc"):
        result = run_cli(data_dir, *command.split(), "nothing.txt")
        assert result.returncode == 2
        assert "nothing.txt: not in the index" in one_error_line(result)


def test_utf16_and_utf8_bom_files_and_symlink_loops_through_the_cli(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    text = corpus_file("004").read_text(encoding="utf-8")
    (folder / "utf16.txt").write_bytes(text.encode("utf-16"))
    (folder / "bom.txt").write_bytes(text.replace("青岛", "烟台").encode("utf-8-sig"))
    os.symlink("loop.txt", folder / "loop.txt")
    data_dir = tmp_path / "data"
    seed_cache(data_dir)
    result = run_cli(data_dir, "ingest", "--quiet", str(folder))
    no_traceback(result)
    assert result.returncode == 0, result.stderr
    assert "2 added" in result.stdout
    assert result.stderr.strip() == f"warning: {folder / 'loop.txt'}: symbolic link loop ({folder / 'loop.txt'} -> loop.txt never reaches a file); skipped"
    named = run_cli(data_dir, "ingest", "--quiet", str(folder / "loop.txt"))
    assert named.returncode == 2
    assert "symbolic link loop" in one_error_line(named) and "no such file" not in named.stderr

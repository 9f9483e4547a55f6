"""Server mode: every command against a real `chroma run`, and processes sharing it.

The corpus goes in through `ingest --chroma-url`; questions come back through `ask --json`,
`inspect` and `eval` with the same URL, and from `Assistant`s in this process. An ingest by
one process must reach another's answers within a few seconds (`vectorstore.snapshot` rebuilds its
snapshot when the store version changes).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from tests.conftest import server_cli
from tests.servers import free_port
from text.fold import fold

DEPARTMENT_Q = "推进食品农产品领域互认由哪个部门牵头?"
RECOGNITION_Q = "我们的认证证书和检测报告怎样才能得到国外承认?"
REFUSAL_Q = "办理强制性产品认证(CCC)需要多长时间、费用多少?"
RETRIEVAL_QS = [
    DEPARTMENT_Q,
    RECOGNITION_Q,
    "2017年行动计划提出要开发哪些高端品质认证?",
    "促进认可和人员认证互认由哪个部门牵头?",
    "上合示范区推出了哪些检验检测措施?",
]
NEW_DOC = "900_server_pilot.txt"
NEW_TEXT = """关于开展自由贸易港跨境认证结果互认试点的通知
发布时间: 2025-03-01

一、试点任务
1.开展跨境认证结果互认试点。在自由贸易港选择十家检测机构，试行境外检测报告直接采信制度。(牵头单位:认可部,配合单位:国际部)
2.建立珊瑚礁生态产品认证制度。制定珊瑚礁生态产品认证规则，首批珊瑚礁生态产品认证于2025年底前完成。(牵头单位:认证部,配合单位:注册部)
"""
NEW_Q = "珊瑚礁生态产品认证制度由哪个部门牵头?"
SEEN_WITHIN = 10.0  # seconds: RECHECK_SECONDS (2) + a snapshot rebuild on a loaded 2-core machine


def no_traceback(result) -> None:
    assert "Traceback" not in result.stderr + result.stdout, result.stderr


def ask_json(url: str, data_dir: Path, question: str) -> dict:
    result = server_cli(url, data_dir, "ask", "--json", question)
    no_traceback(result)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_ask_department_question(chroma_url, server_data_dir):
    data = ask_json(chroma_url, server_data_dir, DEPARTMENT_Q)
    assert not data["refused"]
    assert "国际部" in fold(data["answer"])
    assert data["citations"][0]["id"].endswith("四.三.8")


def test_ask_recognition_question(chroma_url, server_data_dir):
    data = ask_json(chroma_url, server_data_dir, RECOGNITION_Q)
    assert not data["refused"]
    assert "国外承认" in fold(data["answer"])
    assert data["citations"] and "[1]" in data["answer"]


def test_ask_unanswerable_question_is_refused(chroma_url, server_data_dir):
    data = ask_json(chroma_url, server_data_dir, REFUSAL_Q)
    assert data["refused"] is True
    assert data["citations"] == []


def test_inspect_tasks_has_18_rows_for_000(chroma_url, server_data_dir):
    result = server_cli(chroma_url, server_data_dir, "inspect", "--tasks", "--json")
    assert result.returncode == 0, result.stderr
    rows = [r for r in json.loads(result.stdout) if r["doc"].startswith("000")]
    assert sorted(r["task_no"] for r in rows) == list(range(1, 19))


def test_inspect_lists_documents_and_reingest_skips_them(chroma_url, server_data_dir):
    listed = server_cli(chroma_url, server_data_dir, "inspect")
    assert listed.returncode == 0 and len(listed.stdout.strip().splitlines()) == 5, listed.stdout
    # the manifest (content hash, model id) round-trips through the server's metadata
    again = server_cli(chroma_url, server_data_dir, "ingest", "--quiet")
    assert again.returncode == 0, again.stderr
    assert "5 unchanged" in again.stdout and "0 embedded" in again.stdout, again.stdout


def test_server_answers_like_the_embedded_store(assistant, server_assistant):
    """Same corpus, same settings: the hybrid retriever ranks the same clauses first."""
    for question in RETRIEVAL_QS:
        embedded = [s.clause.id for s in assistant.answerer.retriever.search(question)]
        served = [s.clause.id for s in server_assistant.answerer.retriever.search(question)]
        assert served[0] == embedded[0], question
        assert len(set(served) & set(embedded)) >= 4, (question, served, embedded)
    assert len(server_assistant.index.snapshot().clauses) == len(assistant.index.snapshot().clauses)


def test_eval_runs_against_the_server(chroma_url, server_data_dir, tmp_path):
    result = server_cli(chroma_url, server_data_dir, "eval", "eval/sets/qa_dev.jsonl", "--limit", "6",
                        "--out", str(tmp_path / "report"), "--no-progress", "--fail-under", "hit@1=0.8")
    no_traceback(result)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads((tmp_path / "report" / "report.json").read_text(encoding="utf-8"))
    assert report["settings"]["chroma_url"] == chroma_url


def test_a_server_that_is_down_is_one_clear_error(server_data_dir):
    dead = f"http://127.0.0.1:{free_port()}"
    for args in (["ask", DEPARTMENT_Q], ["inspect"], ["remove", NEW_DOC], ["ingest", "--quiet"],
                 ["eval", "eval/sets/qa_dev.jsonl", "--limit", "1", "--out", str(server_data_dir / "x")]):
        result = server_cli(dead, server_data_dir, *args)
        no_traceback(result)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert result.stderr.startswith("error:") and dead in result.stderr, result.stderr


def _cites_new_doc(assistant) -> dict | None:
    result = assistant.answer(NEW_Q)
    return result if any(c.doc == NEW_DOC for c in result.citations) else None


def _wait_for(check, timeout: float) -> tuple[object, float]:
    started = time.monotonic()
    while True:
        value = check()
        elapsed = time.monotonic() - started
        if value or elapsed > timeout:
            return value, elapsed
        time.sleep(0.25)


def test_processes_sharing_the_server_see_each_others_ingests(chroma_url, server_data_dir, tmp_path):
    """This process answers; another process (the CLI) ingests and removes a document."""
    from assistant.api import Assistant
    from assistant.config import load_settings

    reader = Assistant(load_settings(tmp_path / "reader-data", chroma_url=chroma_url))
    assert _cites_new_doc(reader) is None  # warm: snapshot built, model loaded
    assert not [t for t in reader.tasks() if t["doc"] == NEW_DOC]
    new_file = tmp_path / NEW_DOC
    new_file.write_text(NEW_TEXT, encoding="utf-8")
    try:
        added = server_cli(chroma_url, server_data_dir, "ingest", "--quiet", str(new_file))
        assert added.returncode == 0 and "1 added" in added.stdout, added.stdout + added.stderr
        result, elapsed = _wait_for(lambda: _cites_new_doc(reader), SEEN_WITHIN)
        assert result, f"the other process's ingest was not seen within {SEEN_WITHIN} s"
        assert "认证部" in fold(result.answer)
        assert {t["task_no"] for t in reader.tasks() if t["doc"] == NEW_DOC} == {1, 2}  # task table rebuilt
        print(f"ingest seen after {elapsed:.1f} s")

        removed = server_cli(chroma_url, server_data_dir, "remove", NEW_DOC)
        assert removed.returncode == 0, removed.stderr
        gone, elapsed = _wait_for(lambda: not [t for t in reader.tasks() if t["doc"] == NEW_DOC], SEEN_WITHIN)
        assert gone, f"the other process's removal was not seen within {SEEN_WITHIN} s"
        assert _cites_new_doc(reader) is None
    finally:
        server_cli(chroma_url, server_data_dir, "remove", NEW_DOC)  # leave the shared server as found


def test_two_index_objects_in_one_process_stay_in_step(chroma_url, server_data_dir, tmp_path):
    """An upload through one `Assistant` (as the UI does) reaches a second one over the same server."""
    from assistant.api import Assistant
    from assistant.config import load_settings

    writer = Assistant(load_settings(server_data_dir, chroma_url=chroma_url))
    reader = Assistant(load_settings(tmp_path / "reader-data", chroma_url=chroma_url))
    assert _cites_new_doc(reader) is None
    try:
        writer.ingest_bytes(NEW_DOC, NEW_TEXT.encode("utf-8"))
        assert _cites_new_doc(writer), "the writer must see its own upload at once"
        result, _ = _wait_for(lambda: _cites_new_doc(reader), SEEN_WITHIN)
        assert result, "the upload was not seen by the other Index"
    finally:
        writer.remove_document(NEW_DOC)
    assert _cites_new_doc(writer) is None


def test_paged_reads_through_the_server_return_every_row_once(server_assistant, monkeypatch):
    """get(limit, offset) over HTTP: pages tile the collection with no row twice or missing."""
    import vectorstore.store as store_module

    store = server_assistant.index.store
    total = store.count()
    ids: list[str] = []
    for offset in range(0, total, 7):
        ids.extend(store.clauses.get(include=[], limit=7, offset=offset)["ids"])
    assert len(ids) == len(set(ids)) == total
    full = [c.id for c in store.all_clauses()]
    monkeypatch.setattr(store_module, "_PAGE", 7)
    assert [c.id for c in store.all_clauses()] == full


def test_a_rebuild_in_one_thread_does_not_stall_the_others(server_assistant):
    """While one request rebuilds the snapshot (seconds on a big corpus), others answer from the old one."""
    index = server_assistant.index
    current = index.snapshot()
    index.invalidate()
    with index._lock:  # as if another thread were checking or rebuilding
        started = time.monotonic()
        assert index.snapshot() is current
        assert time.monotonic() - started < 0.5
    assert index.snapshot().version == current.version  # the next caller checks the version itself

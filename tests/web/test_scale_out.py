"""Several API workers over one store: two `serve` processes, each with its own data dir (as on two
machines), share one `chroma run`. A document uploaded through one is answered from by the other
within seconds, and the other reads only that document from Chroma: what it derived from the
bundled documents (their rows in its local lexical index) is left as it was."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import httpx

from tests.conftest import seed_cache, server_cli
from tests.servers import assistant_serve, chroma_run
from tests.web.gradio_calls import call_event, file_events, upload

NEW_DOC = "950_低空试点.txt"
NEW_TEXT = """关于开展低空飞行器适航认证试点工作的通知

一、试点内容
1.开展低空飞行器适航认证试点。在三个省份选取物流无人机企业,试行型号合格审定与适航认证衔接的办法。
2.建立低空飞行器检测结果互认清单,清单内的检测报告在试点省份之间互相采信。
"""
QUESTION = "低空飞行器适航认证试点在哪里开展?"
PICK_UP_S = 60.0  # generous on a loaded 2-core machine: the check polls every 2 s


def ask(url: str, question: str) -> dict:
    """One chat turn over the OpenAI-compatible API."""
    body = {"model": "policy-assistant", "messages": [{"role": "user", "content": question}]}
    response = httpx.post(f"{url}/v1/chat/completions", json=body, timeout=120)
    response.raise_for_status()
    return response.json()


def cited_docs(reply: dict) -> set[str]:
    return {c["doc"] for c in reply.get("citations", []) + reply.get("related", [])}


def lexical_rows(data_dir: Path) -> dict[str, list[int]]:
    """Document -> the keys of its clauses in the data dir's local lexical index."""
    (path,) = (data_dir / "cache").glob("store-*/derived.sqlite")
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT doc, key FROM clause_keys ORDER BY key").fetchall()
    found: dict[str, list[int]] = {}
    for doc, key in rows:
        found.setdefault(doc, []).append(key)
    return found


def test_a_document_ingested_through_one_worker_is_answered_by_the_other(tmp_path):
    with chroma_run(tmp_path / "db", tmp_path / "chroma.log") as (chroma_url, _):
        first, second = tmp_path / "machine-a", tmp_path / "machine-b"
        for data_dir in (first, second):
            data_dir.mkdir()
            seed_cache(data_dir)
        done = server_cli(chroma_url, first, "ingest", "--quiet")
        assert done.returncode == 0, done.stderr
        with assistant_serve(first, tmp_path / "a.log", chroma_url) as (url_a, _), \
                assistant_serve(second, tmp_path / "b.log", chroma_url) as (url_b, _):
            assert NEW_DOC not in cited_docs(ask(url_b, QUESTION))
            before = lexical_rows(second)
            (event,) = [e for e in file_events(url_a) if e.api_name == "ingest"]
            message = call_event(url_a, event, event.data(upload(url_a, NEW_DOC, NEW_TEXT.encode("utf-8"))))
            assert message.get("success"), message
            uploaded = time.monotonic()
            while NEW_DOC not in cited_docs(reply := ask(url_b, QUESTION)):
                assert time.monotonic() - uploaded < PICK_UP_S, f"worker B never answered from {NEW_DOC}: {reply}"
                time.sleep(0.5)
            print(f"worker B answered from the new document {time.monotonic() - uploaded:.1f} s after the upload")
            assert "试点" in reply["choices"][0]["message"]["content"]
            after = lexical_rows(second)
    assert len(before) == 5 and set(after) == {*before, NEW_DOC}
    assert {doc: after[doc] for doc in before} == before  # the bundled documents were not read again

"""No client reads or ingests a server file through the UI's events; an uploaded file still works.

Every event of the page that takes a file (from the page's own config, named or not) is called
over HTTP with FileData naming server paths, as a hostile client would; then with real uploads.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import httpx
import pytest

from assistant.config import BUNDLED_EVAL_SET, DEFAULT_CONFIG
from tests.web.gradio_calls import call_event, file_events, upload

SECRET = "绝密内容-never-served-7f3a9c"
UPLOADED_DOC = "901_upload_check.txt"
UPLOADED_TEXT = """关于开展珊瑚礁生态产品认证试点的通知
发布时间: 2025-03-01

一、试点任务
1.建立珊瑚礁生态产品认证制度。制定珊瑚礁生态产品认证规则。(牵头单位:认证部,配合单位:注册部)
"""


def gradio_cache() -> Path:
    return Path(os.environ.get("GRADIO_TEMP_DIR") or Path(tempfile.gettempdir()) / "gradio")


@pytest.fixture
def server_files(tmp_path: Path, indexed_data_dir: Path) -> list[Path]:
    """Files on the server no client uploaded: a text file, the settings, the embeddings cache, /etc/passwd."""
    secret = tmp_path / "secret_notes.txt"
    secret.write_text(f"一、说明\n1.{SECRET}。(牵头单位:认证部)\n", encoding="utf-8")
    return [secret, DEFAULT_CONFIG, indexed_data_dir / "cache" / "embeddings.sqlite", Path("/etc/passwd")]


def test_the_file_events_are_the_ones_tested(api_url):
    """A new event taking files must be looked at: this lists what the page offers today."""
    assert sorted(e.api_name or f"#{e.fn_index}" for e in file_events(api_url)) == ["evaluate", "ingest"]


def test_no_event_takes_a_server_path(api_url, assistant, server_files):
    cached_before = {p.name for p in gradio_cache().rglob("*")} if gradio_cache().exists() else set()
    for event in file_events(api_url):
        for path in server_files:
            message = call_event(api_url, event, event.data(str(path)))
            shown = json.dumps(message, ensure_ascii=False)
            assert message["success"] is False, (event.api_name, path, shown[:500])
            assert "not uploaded by a user" in shown, shown[:500]
            assert SECRET not in shown and "root:x:0:0" not in shown
    cached_after = {p.name for p in gradio_cache().rglob("*")} if gradio_cache().exists() else set()
    assert not {p.name for p in server_files} & (cached_after - cached_before), "a server file reached the cache"
    assert "secret_notes.txt" not in {d["doc"] for d in assistant.documents()}
    for path in server_files:  # and the file route serves none of them
        response = httpx.get(f"{api_url}/gradio_api/file={path}", timeout=30)
        assert response.status_code == 403, (path, response.status_code)
        assert SECRET not in response.text and "root:x:0:0" not in response.text


def test_an_uploaded_regression_set_is_evaluated(api_url):
    (event,) = [e for e in file_events(api_url) if e.api_name == "evaluate"]
    first_item = BUNDLED_EVAL_SET.read_text(encoding="utf-8").splitlines()[0]
    path = upload(api_url, "oneitem.jsonl", (first_item + "\n").encode("utf-8"))
    message = call_event(api_url, event, event.data(path))
    assert message["success"] is True, json.dumps(message, ensure_ascii=False)[:800]
    summary, _chart, _failing, downloads = message["output"]["data"]
    assert "oneitem.jsonl" in summary and "1 题" in summary
    assert str(api_url) not in summary and "/tmp/" not in summary  # no server path on the page
    report = next(d for d in downloads if d["orig_name"] == "report.json")
    fetched = httpx.get(f"{api_url}{report['url'][report['url'].index('/gradio_api/'):]}", timeout=30)
    assert fetched.status_code == 200 and fetched.json()["metrics"]["overall"]["n_items"] == 1


def test_an_uploaded_document_is_ingested(api_url, assistant):
    (event,) = [e for e in file_events(api_url) if e.api_name == "ingest"]
    path = upload(api_url, UPLOADED_DOC, UPLOADED_TEXT.encode("utf-8"))
    try:
        message = call_event(api_url, event, event.data(path))
        assert message["success"] is True, json.dumps(message, ensure_ascii=False)[:800]
        status = message["output"]["data"][0]
        assert "已导入《关于开展珊瑚礁生态产品认证试点的通知》" in status, status
        assert UPLOADED_DOC in {d["doc"] for d in assistant.documents()}
    finally:
        assistant.remove_document(UPLOADED_DOC)  # the session's index is shared

"""GET /v1/targets and GET /v1/tasks?format=xlsx|csv on the real app served by uvicorn."""

from __future__ import annotations

import io

import httpx
from openpyxl import load_workbook


def test_targets_route(api_url):
    body = httpx.get(f"{api_url}/v1/targets", timeout=60).json()
    assert body["object"] == "list" and body["count"] == len(body["data"])
    assert {(t["year"], t["doc"][:3]) for t in body["data"]} >= {(2018, "000"), (2025, "001"), (2030, "001")}
    only = httpx.get(f"{api_url}/v1/targets", params={"year": 2025, "doc": "001"}, timeout=60).json()
    assert [t["when"] for t in only["data"]] == ["到2025年"]
    assert only["data"][0]["clause"] == "一、总体要求"


def test_targets_bad_input(api_url):
    bad_year = httpx.get(f"{api_url}/v1/targets", params={"year": "soon"}, timeout=60)
    assert bad_year.status_code == 400 and bad_year.json()["error"]["param"] == "year"
    bad_doc = httpx.get(f"{api_url}/v1/targets", params={"doc": "没有这个文件"}, timeout=60)
    assert bad_doc.status_code == 404 and "no document" in bad_doc.json()["error"]["message"]


def test_tasks_as_xlsx_and_csv(api_url):
    response = httpx.get(f"{api_url}/v1/tasks", params={"format": "xlsx"}, timeout=60)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert 'filename="tasks.xlsx"' in response.headers["content-disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["责任矩阵", "任务分工"]
    assert book["任务分工"].max_row == 19
    csv_text = httpx.get(f"{api_url}/v1/tasks", params={"format": "csv"}, timeout=60).content.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("文档,标题,序号,任务")
    assert httpx.get(f"{api_url}/v1/tasks", timeout=60).json()["count"] == 18  # JSON unchanged
    assert httpx.get(f"{api_url}/v1/tasks", params={"format": "pdf"}, timeout=60).status_code == 400


def test_feature_routes_need_the_login_when_one_is_set(assistant):
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from assistant.web.http_api import make_router

    app = FastAPI()
    app.include_router(make_router(assistant, auth=[("tester", "pw")]))
    client = TestClient(app)
    assert client.get("/v1/targets").status_code == 401
    assert client.get("/v1/tasks", params={"format": "xlsx"}).status_code == 401
    assert client.get("/v1/targets", auth=("tester", "pw")).status_code == 200

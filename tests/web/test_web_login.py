"""With a login set: nothing but the login page and /healthz answers without it, the login page
leaks no API schema or server path, and failed logins (form or HTTP Basic) are slowed per client.

The app is the real one (`create_app` + the /v1 router) with `auth`, served by uvicorn on a free
loopback port, with a short lockout so the test can wait it out.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from assistant.config import PROJECT_ROOT
from tests.web.conftest import serve_in_thread

USERS = [("ann", "pw-ann"), ("bob", "pw-bob")]
FREE_FAILURES = 3
LOCKOUT_S = 1.0
LOGIN_CONFIG = f"""[server]
login_free_failures = {FREE_FAILURES}
login_lockout_s = {LOCKOUT_S}
login_max_lockout_s = 4
"""
# Everything a client could ask for; each must be refused without a login.
GUARDED = [
    ("GET", "/openapi.json"), ("GET", "/config"), ("GET", "/gradio_api/info"), ("GET", "/gradio_api/openapi.json"),
    ("POST", "/gradio_api/reset"), ("POST", "/gradio_api/cancel"), ("POST", "/gradio_api/queue/join"),
    ("GET", "/gradio_api/queue/data"), ("POST", "/gradio_api/upload"), ("POST", "/gradio_api/call/chat"),
    ("GET", "/gradio_api/file=/etc/passwd"), ("GET", "/user"), ("GET", "/token"), ("GET", "/monitoring"),
    ("GET", "/v1/models"), ("GET", "/v1/health"), ("GET", "/v1/tasks"), ("POST", "/v1/chat/completions"),
    ("GET", "/v2/anything"), ("GET", "/gradio_api/mcp/sse"),
]


@pytest.fixture(scope="module")
def login_app(indexed_data_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    from assistant.api import Assistant
    from assistant.config import load_settings
    from assistant.web.http_api import make_router
    from assistant.web.server import create_app

    config = tmp_path_factory.mktemp("login") / "login.toml"
    config.write_text(LOGIN_CONFIG, encoding="utf-8")
    assistant = Assistant(load_settings(indexed_data_dir, config=config))
    app = create_app(assistant, extra_routers=[make_router(assistant, USERS)], auth=USERS)
    with serve_in_thread(app) as url:
        yield url, indexed_data_dir


def wait_out(response: httpx.Response) -> None:
    time.sleep(float(response.headers.get("retry-after", LOCKOUT_S)) + 0.1)


def test_only_the_login_page_and_health_answer_without_login(login_app):
    url, _ = login_app
    with httpx.Client(base_url=url, timeout=30) as client:
        for method, path in GUARDED:
            response = client.request(method, path, json={})
            assert response.status_code == 401, (method, path, response.status_code, response.text[:200])
            assert response.json()["error"]["type"] == "authentication_error"
        assert client.get("/v1/models").headers["www-authenticate"].startswith("Basic")
        assert client.get("/healthz").json() == {"status": "ok"}
        page = client.get("/")
        assert page.status_code == 200 and '"auth_required":true' in page.text.replace(" ", "")


def test_the_login_page_leaks_no_schema_and_no_server_path(login_app):
    url, data_dir = login_app
    page = httpx.get(f"{url}/", timeout=30).text
    assert "window.gradio_api_info" in page  # Gradio's page, with the schema emptied
    assert '{"named_endpoints":{},"unnamed_endpoints":{}}' in page
    for leak in ("/evaluate", "/ingest", "qa_dev", str(PROJECT_ROOT), str(data_dir)):
        assert leak not in page, leak


def test_a_logged_in_page_names_no_server_path_either(login_app):
    url, data_dir = login_app
    with httpx.Client(base_url=url, timeout=30) as client:
        assert client.post("/login", data={"username": "bob", "password": "pw-bob"}).status_code == 200
        page = client.get("/").text
        assert '"/evaluate"' in page  # logged in: the schema is there
        assert "qa_dev.jsonl" in page and str(PROJECT_ROOT) not in page and str(data_dir) not in page
        assert client.get("/config").status_code == 200 and client.get("/gradio_api/info").status_code == 200


def test_failed_logins_are_slowed_and_the_right_one_works_after(login_app):
    url, _ = login_app
    with httpx.Client(base_url=url, timeout=30) as client:
        started = time.monotonic()
        codes = [client.post("/login", data={"username": "ann", "password": f"guess{i}"}).status_code
                 for i in range(50)]
        elapsed = time.monotonic() - started
        checked = codes.count(400)
        print(f"50 wrong passwords in {elapsed:.2f} s: {checked} checked, {codes.count(429)} refused (429)")
        assert checked == FREE_FAILURES + 1 and codes.count(429) == 50 - checked, codes
        locked = client.post("/login", data={"username": "ann", "password": "pw-ann"})
        assert locked.status_code == 429 and int(locked.headers["retry-after"]) >= 1  # even the right one waits
        assert "too many failed logins" in locked.json()["error"]["message"]
        wait_out(locked)
        assert client.post("/login", data={"username": "ann", "password": "pw-ann"}).status_code == 200
        assert client.post("/login", data={"username": "ann", "password": "wrong"}).status_code == 400  # was reset
        assert client.post("/login", data={"username": "ann", "password": "pw-ann"}).status_code == 200


def test_parallel_wrong_logins_are_counted_before_they_run(login_app):
    url, _ = login_app

    def attempt(i: int) -> int:
        return httpx.post(f"{url}/login", data={"username": "ann", "password": f"guess{i}"}, timeout=30).status_code

    started = time.monotonic()
    with ThreadPoolExecutor(25) as pool:
        codes = list(pool.map(attempt, range(50)))
    elapsed = time.monotonic() - started
    print(f"50 parallel wrong passwords in {elapsed:.2f} s: {codes.count(400)} checked, {codes.count(429)} refused")
    # the free failures and the one that starts the lockout, plus one per lockout (1 s, 2 s, …) that ran out
    allowed = FREE_FAILURES + 1 + int(elapsed > LOCKOUT_S) + int(elapsed > 3 * LOCKOUT_S)
    assert codes.count(400) <= allowed and codes.count(400) + codes.count(429) == 50, (elapsed, codes)
    right = {"username": "ann", "password": "pw-ann"}
    while (response := httpx.post(f"{url}/login", data=right, timeout=30)).status_code == 429:
        wait_out(response)
    assert response.status_code == 200


def test_wrong_basic_credentials_are_slowed_too(login_app):
    url, _ = login_app
    with httpx.Client(base_url=url, timeout=30) as client:
        codes = [client.get("/v1/models", auth=("ann", f"guess{i}")).status_code for i in range(20)]
        assert codes[:FREE_FAILURES + 1] == [401] * (FREE_FAILURES + 1) and set(codes[FREE_FAILURES + 1:]) == {429}
        locked = client.get("/v1/models", auth=("ann", "pw-ann"))
        assert locked.status_code == 429
        wait_out(locked)
        assert client.get("/v1/models", auth=("ann", "pw-ann")).json()["data"][0]["id"] == "policy-assistant"
        assert client.get("/v1/models", headers={"Authorization": "Bearer bob:pw-bob"}).status_code == 200

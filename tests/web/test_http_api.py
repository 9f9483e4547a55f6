"""The HTTP API (/v1) on the real app: OpenAI-shaped chat completions (plain and streamed),
the task table, health, auth, and bad input answered with 400 and a JSON error.

`api_url` is the app over the shared embedded test index without a login; `served_url` is
`python -m assistant serve` over the Chroma server with `ASSISTANT_AUTH` set.
"""

from __future__ import annotations

import json

import httpx
import pytest

from text.fold import fold

DEPARTMENT_Q = "推进食品农产品领域互认由哪个部门牵头?"
RECOGNITION_Q = "我们的认证证书和检测报告怎样才能得到国外承认?"
REFUSAL_Q = "办理强制性产品认证(CCC)需要多长时间、费用多少?"
CITATION_KEYS = {"n", "id", "doc", "title", "clause", "text", "score"}
TIMEOUT = 120.0


def chat(url: str, body: object, **kwargs) -> httpx.Response:
    return httpx.post(f"{url}/v1/chat/completions", json=body, timeout=TIMEOUT, **kwargs)


def user(question: str, **extra) -> dict:
    return {"model": "policy-assistant", "messages": [{"role": "user", "content": question}], **extra}


def sse_events(url: str, body: dict, **kwargs) -> list[dict | str]:
    """POST with stream=true and parse the Server-Sent Events: JSON payloads, then "[DONE]"."""
    events: list[dict | str] = []
    with httpx.stream("POST", f"{url}/v1/chat/completions", json=body, timeout=TIMEOUT, **kwargs) as response:
        assert response.status_code == 200, response.read()
        assert response.headers["content-type"].startswith("text/event-stream")
        for line in response.iter_lines():
            if not line:
                continue
            assert line.startswith("data: "), line
            payload = line[len("data: "):]
            events.append(payload if payload == "[DONE]" else json.loads(payload))
    return events


def check_completion(data: dict) -> None:
    """The OpenAI chat.completion shape, and the extras."""
    assert data["object"] == "chat.completion" and data["id"].startswith("chatcmpl-")
    assert isinstance(data["created"], int) and data["model"]
    (choice,) = data["choices"]
    assert choice["index"] == 0 and choice["finish_reason"] == "stop"
    assert choice["message"]["role"] == "assistant" and isinstance(choice["message"]["content"], str)
    usage = data["usage"]
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"] > 0
    assert isinstance(data["refused"], bool) and data["mode"]
    for citation in data["citations"]:
        assert set(citation) == CITATION_KEYS


# --- chat completions ---------------------------------------------------------------------------
def test_department_question(api_url):
    response = chat(api_url, user(DEPARTMENT_Q))
    assert response.status_code == 200, response.text
    data = response.json()
    check_completion(data)
    assert "国际部" in fold(data["choices"][0]["message"]["content"])
    assert data["citations"][0]["id"].endswith("四.三.8")
    assert data["refused"] is False and data["mode"] == "table"
    assert data["model"] == "policy-assistant"


def test_refusal_is_marked(api_url):
    data = chat(api_url, user(REFUSAL_Q)).json()
    check_completion(data)
    assert data["refused"] is True and data["citations"] == []


def test_history_makes_a_follow_up(api_url):
    body = {"messages": [
        {"role": "system", "content": "ignored"},
        {"role": "user", "content": DEPARTMENT_Q},
        {"role": "assistant", "content": "第8项“推进食品农产品领域互认”的牵头单位为国际部。[1]"},
        {"role": "user", "content": "配合单位呢?"},
    ]}
    data = chat(api_url, body).json()
    check_completion(data)
    assert not data["refused"]
    assert "注册部" in fold(data["choices"][0]["message"]["content"])


def test_content_parts_and_mode_extra(api_url):
    body = {"messages": [{"role": "user", "content": [{"type": "text", "text": RECOGNITION_Q}]}], "mode": "extractive"}
    data = chat(api_url, body).json()
    check_completion(data)
    assert data["mode"] == "extractive" and not data["refused"]
    assert "国外承认" in fold(data["choices"][0]["message"]["content"])


def test_streaming_sends_chunks_then_citations_then_done(api_url):
    events = sse_events(api_url, user(RECOGNITION_Q, stream=True))
    assert events[-1] == "[DONE]"
    chunks = events[:-1]
    assert all(c["object"] == "chat.completion.chunk" for c in chunks)
    assert len({c["id"] for c in chunks}) == 1
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    text = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks)
    last = chunks[-1]
    assert last["choices"][0]["finish_reason"] == "stop" and last["choices"][0]["delta"] == {}
    assert last["citations"] and set(last["citations"][0]) == CITATION_KEYS
    assert last["refused"] is False and last["mode"] == "extractive"
    assert last["usage"]["completion_tokens"] > 0
    # the streamed text is the non-streamed answer
    plain = chat(api_url, user(RECOGNITION_Q)).json()
    assert text == plain["choices"][0]["message"]["content"]
    assert [c["id"] for c in last["citations"]] == [c["id"] for c in plain["citations"]]


# --- bad input ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "body, param",
    [
        ({}, "messages"),
        ({"messages": []}, "messages"),
        ({"messages": "推进食品农产品领域互认由哪个部门牵头?"}, "messages"),
        ({"messages": [{"role": "system", "content": "you are helpful"}]}, "messages"),
        ({"messages": [{"role": "user", "content": "   "}]}, "messages[0].content"),
        ({"messages": [{"role": "user", "content": ""}]}, "messages[0].content"),
        ({"messages": [{"role": "user", "content": None}]}, "messages[0].content"),
        ({"messages": [{"role": "user", "content": 42}]}, "messages[0]"),
        ({"messages": [{"content": "国际部牵头几项?"}]}, "messages[0]"),
        ({"messages": ["国际部牵头几项?"]}, "messages[0]"),
        ({"messages": [{"role": "user", "content": "国际部牵头几项?"}], "mode": "poetry"}, "mode"),
        ({"messages": [{"role": "user", "content": "国际部牵头几项?"}], "stream": "yes"}, "stream"),
        ([{"role": "user", "content": "国际部牵头几项?"}], None),
    ],
)
def test_bad_input_is_a_400_with_a_json_error(api_url, body, param):
    response = chat(api_url, body)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["type"] == "invalid_request_error" and error["message"]
    assert error["param"] == param
    assert "Traceback" not in response.text


def test_a_body_that_is_not_json_is_a_400(api_url):
    for raw in (b"", b"{not json", b"\xff\xfe"):
        response = httpx.post(f"{api_url}/v1/chat/completions", content=raw, timeout=TIMEOUT,
                              headers={"content-type": "application/json"})
        assert response.status_code == 400, response.text
        assert response.json()["error"]["message"]


# --- tasks, health, models ----------------------------------------------------------------------
def test_tasks(api_url, assistant):
    response = httpx.get(f"{api_url}/v1/tasks", timeout=TIMEOUT)
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == len(data["data"]) == len(assistant.tasks())
    rows000 = [r for r in data["data"] if r["doc"].startswith("000")]
    assert sorted(r["task_no"] for r in rows000) == list(range(1, 19))
    task8 = next(r for r in rows000 if r["task_no"] == 8)
    assert task8["lead_units"] == ["國際部"] and task8["support_units"] == ["注冊部"]
    assert {"task_name", "clause_id", "title", "text"} <= set(task8)


def test_health_and_models(api_url):
    health = httpx.get(f"{api_url}/v1/health", timeout=TIMEOUT).json()
    assert health["status"] == "ok" and health["store"] == "embedded"
    assert health["documents"] == 5 and health["clauses"] > 50 and health["tasks"] >= 18
    models = httpx.get(f"{api_url}/v1/models", timeout=TIMEOUT).json()
    assert models["data"][0]["id"] == "policy-assistant"


def test_the_ui_still_serves_beside_the_api(api_url):
    assert httpx.get(f"{api_url}/healthz", timeout=TIMEOUT).status_code == 200
    page = httpx.get(f"{api_url}/", timeout=TIMEOUT)
    assert page.status_code == 200 and "<html" in page.text.lower()


# --- the served app: `assistant serve` over the Chroma server, with a login ---------------------
def test_served_app_requires_auth_on_every_v1_route(served_url):
    routes = (("GET", "/v1/tasks"), ("GET", "/v1/health"), ("GET", "/v1/models"), ("POST", "/v1/chat/completions"))
    # each route with no credentials, and with wrong ones (4 failures: below the login throttle's 5 free ones)
    attempts = [(route, None) for route in routes] + list(zip(routes, [("tester", "wrong"), ("nobody", "pw-one")] * 2))
    for (method, path), auth in attempts:
        response = httpx.request(method, f"{served_url}{path}", json=user(DEPARTMENT_Q), auth=auth, timeout=TIMEOUT)
        assert response.status_code == 401, (path, auth, response.text)
        assert response.headers["www-authenticate"].startswith("Basic")
        assert response.json()["error"]["type"] == "authentication_error"
    bad_header = httpx.get(f"{served_url}/v1/tasks", headers={"Authorization": "Basic %%%"}, timeout=TIMEOUT)
    assert bad_header.status_code == 401
    # a good login clears the failures (tests/web/test_web_login.py covers the lockout)
    assert httpx.get(f"{served_url}/v1/models", auth=("tester", "pw-one"), timeout=TIMEOUT).status_code == 200


def test_served_app_answers_with_basic_or_bearer(served_url):
    health = httpx.get(f"{served_url}/v1/health", auth=("other", "pw-two"), timeout=TIMEOUT).json()
    assert health["status"] == "ok" and health["store"] == "server" and health["documents"] == 5
    response = chat(served_url, user(DEPARTMENT_Q), auth=("tester", "pw-one"))
    assert response.status_code == 200, response.text
    data = response.json()
    check_completion(data)
    assert data["citations"][0]["id"].endswith("四.三.8")
    # OpenAI clients send their api_key as a Bearer token: "user:password" works there
    events = sse_events(served_url, user(DEPARTMENT_Q, stream=True), headers={"Authorization": "Bearer tester:pw-one"})
    assert events[-1] == "[DONE]" and events[-2]["citations"][0]["id"].endswith("四.三.8")
    tasks = httpx.get(f"{served_url}/v1/tasks", headers={"Authorization": "Bearer other:pw-two"}, timeout=TIMEOUT)
    assert tasks.status_code == 200 and len([r for r in tasks.json()["data"] if r["doc"].startswith("000")]) == 18


def test_the_openai_sdk_talks_to_it(api_url):
    """A real OpenAI client (the `openai` package langchain-openai brings) as other systems use it."""
    from openai import OpenAI

    client = OpenAI(base_url=f"{api_url}/v1", api_key="unused-without-auth", max_retries=0, timeout=TIMEOUT)
    completion = client.chat.completions.create(
        model="policy-assistant", messages=[{"role": "user", "content": DEPARTMENT_Q}], extra_body={"mode": "extractive"}
    )
    assert "国际部" in fold(completion.choices[0].message.content)
    assert completion.model_extra["citations"][0]["id"].endswith("四.三.8")
    stream = client.chat.completions.create(
        model="policy-assistant", messages=[{"role": "user", "content": RECOGNITION_Q}], stream=True
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert "国外承认" in fold(text)
    assert chunks[-1].model_extra["citations"]

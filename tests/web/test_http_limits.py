"""HTTP limits and errors on the real app: body size, question and history limits, bad JSON
shapes, unknown routes: each one JSON line with a 4xx, never a stack trace."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

QUESTION = "国际部牵头几项?"
TIMEOUT = 60.0


def post_raw(url: str, raw: bytes, **headers: str) -> httpx.Response:
    return httpx.post(f"{url}/v1/chat/completions", content=raw, timeout=TIMEOUT,
                      headers={"content-type": "application/json", **headers})


def one_json_error(response: httpx.Response, status: int) -> dict:
    """The response is `status` with one line of JSON `{"error": {...}}` and no trace."""
    assert response.status_code == status, (response.status_code, response.text[:300])
    assert response.headers["content-type"].startswith("application/json")
    assert "\n" not in response.text.strip() and "Traceback" not in response.text
    return response.json()["error"]


def test_a_body_over_the_limit_is_a_413(api_url):
    big = json.dumps({"messages": [{"role": "user", "content": "认证" * 600_000}]}).encode()
    error = one_json_error(post_raw(api_url, big), 413)
    assert "1,000,000 bytes" in error["message"]

    def chunked():  # no Content-Length: the limit is counted while reading
        for start in range(0, len(big), 65536):
            yield big[start:start + 65536]

    response = httpx.post(f"{api_url}/v1/chat/completions", content=chunked(), timeout=TIMEOUT,
                          headers={"content-type": "application/json"})
    one_json_error(response, 413)


@pytest.mark.parametrize(
    "body, param, words",
    [
        ({"messages": [{"role": "user", "content": "认" * 2001}]}, "messages[0].content", "2000 characters"),
        ({"messages": [{"role": "user", "content": "认证" * 6000}, {"role": "assistant", "content": "好" * 9000},
                       {"role": "user", "content": QUESTION}]}, "messages", "20000 characters"),
        ({"messages": [{"role": "user", "content": "问"}] * 202}, "messages", "at most 200"),
        ({"messages": [{"role": "user", "content": "国际部\ud800牵头?"}]}, "messages[0].content", "surrogate"),
        ({"model": [], "messages": [{"role": "user", "content": QUESTION}]}, "model", "model"),
        ({"model": "", "messages": [{"role": "user", "content": QUESTION}]}, "model", "model"),
        ({"mode": 3, "messages": [{"role": "user", "content": QUESTION}]}, "mode", "mode"),
    ],
)
def test_bad_requests_are_400s(api_url, body, param, words):
    raw = json.dumps(body, ensure_ascii=True).encode()  # keeps a lone surrogate as \ud800
    error = one_json_error(post_raw(api_url, raw), 400)
    assert error["param"] == param and words in error["message"], error


@pytest.mark.parametrize("raw", [
    b'{"messages": [{"role": "user", "content": "' + QUESTION.encode() + b'"}], "temperature": NaN}',
    b'{"messages": [{"role": "user", "content": "' + QUESTION.encode() + b'"}], "top_p": -Infinity}',
    b"[" * 100_000 + b"]" * 100_000,
    b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
])
def test_json_that_python_would_choke_on_is_a_400(api_url, raw):
    error = one_json_error(post_raw(api_url, raw), 400)
    assert "not valid JSON" in error["message"]


def test_the_api_still_answers_at_the_limits(api_url):
    body = {"messages": [{"role": "user", "content": "认证" * 1000}, {"role": "assistant", "content": "好"},
                         {"role": "user", "content": QUESTION + "认" * (2000 - len(QUESTION))}]}
    response = httpx.post(f"{api_url}/v1/chat/completions", json=body, timeout=TIMEOUT)
    assert response.status_code == 200, response.text[:300]


def test_unknown_routes_and_methods_are_json(api_url):
    assert "no such endpoint" in one_json_error(httpx.get(f"{api_url}/v1/nothing", timeout=TIMEOUT), 404)["message"]
    one_json_error(httpx.get(f"{api_url}/v1/chat/completions", timeout=TIMEOUT), 404)


def test_clients_that_leave_do_not_keep_answering_slots(api_url):
    """Streams dropped right after their headers, more than the 4 answering slots: none is kept."""
    body = {"messages": [{"role": "user", "content": QUESTION}], "stream": True}
    for _ in range(12):
        with httpx.stream("POST", f"{api_url}/v1/chat/completions", json=body, timeout=TIMEOUT) as response:
            assert response.status_code == 200  # leave without reading
    started = time.monotonic()
    with ThreadPoolExecutor(4) as pool:
        statuses = list(pool.map(lambda _: httpx.post(f"{api_url}/v1/chat/completions", timeout=TIMEOUT,
                                                      json={**body, "stream": False}).status_code, range(4)))
    assert statuses == [200] * 4 and time.monotonic() - started < 10, statuses

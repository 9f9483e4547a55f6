"""A paused `chroma run` (SIGSTOP): no answer hangs (a 503 within 20 s, or an answer from the snapshot), the server keeps serving
its page and health checks, and everything answers again once the store resumes, without a restart.

Runs against `python -m assistant serve` over the session's Chroma server (with its login).
"""

from __future__ import annotations

import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor

import httpx

from assistant.web.health import FRESH_S
from tests.conftest import ChromaServer

AUTH = ("tester", "pw-one")
QUESTION = "推进食品农产品领域互认由哪个部门牵头?"
CLIENTS = 48  # more than the 40 threads of the server's default pool
FAIL_WITHIN_S = 20.0
PAGE_WITHIN_S = 8.0  # ~2-4 s here; headroom for a 2-core machine shared with other jobs


def timed(method: str, url: str, **kwargs) -> tuple[int, float, str]:
    started = time.monotonic()
    try:
        response = httpx.request(method, url, timeout=60, **kwargs)
    except httpx.HTTPError as err:
        return -1, time.monotonic() - started, repr(err)
    return response.status_code, time.monotonic() - started, response.text


def ask(url: str) -> tuple[int, float, str]:
    body = {"messages": [{"role": "user", "content": QUESTION}]}
    return timed("POST", f"{url}/v1/chat/completions", json=body, auth=AUTH)


def test_a_paused_store_fails_fast_and_the_server_stays_up(served_url: str, chroma_server: ChromaServer):
    assert ask(served_url)[0] == 200  # warm: the store answers
    os.kill(chroma_server.process.pid, signal.SIGSTOP)
    try:
        with ThreadPoolExecutor(CLIENTS + 3) as pool:
            chats = [pool.submit(ask, served_url) for _ in range(CLIENTS)]
            # the chats are in, and the verdict the warm-up left (kept FRESH_S) has expired:
            # the health probes below ask the paused store themselves
            time.sleep(FRESH_S + 0.5)
            probes = {path: pool.submit(timed, "GET", f"{served_url}{path}", auth=AUTH)
                      for path in ("/", "/healthz", "/v1/health")}
            probed = {path: future.result() for path, future in probes.items()}
            answered = [future.result() for future in chats]
    finally:
        os.kill(chroma_server.process.pid, signal.SIGCONT)
    times = sorted(elapsed for _, elapsed, _ in answered)
    slowest, median = times[-1], times[len(times) // 2]
    print(f"paused store: {CLIENTS} chats, {sum(s == 503 for s, _, _ in answered)} of them 503, median {median:.1f} s, slowest {slowest:.1f} s; "
          + ", ".join(f"{p} {s} in {e:.2f} s" for p, (s, e, _) in probed.items()))
    for status, elapsed, text in answered:
        # none hangs: each fails fast with a 503 naming the store, or (a request let in before the
        # health check saw the pause) is answered from the process's snapshot of the index, which
        # needs no store call: dense search is exact over the snapshot's vectors
        assert status in (200, 503) and elapsed < FAIL_WITHIN_S, (status, elapsed, text[:300])
        if status == 503:
            assert '"type":"server_error"' in text.replace(" ", "") and "store" in text, text[:300]
        else:
            assert "国际部" in text, text[:300]
    assert probed["/"][0] == 200 and probed["/"][1] < PAGE_WITHIN_S, probed["/"][:2]
    for path in ("/healthz", "/v1/health"):  # they ask the store: it is down, and they say so in time
        status, elapsed, text = probed[path]
        assert status == 503 and elapsed < PAGE_WITHIN_S, (path, status, elapsed, text[:200])

    deadline = time.monotonic() + 30
    while (status := ask(served_url)[0]) != 200 and time.monotonic() < deadline:
        time.sleep(1)
    assert status == 200, "the server did not answer again after the store resumed"
    assert httpx.get(f"{served_url}/healthz", timeout=10).json() == {"status": "ok"}

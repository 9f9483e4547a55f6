"""Eight users at once: simultaneous chat requests through the Gradio API are all answered right.

Each thread has its own `gradio_client.Client` (its own session) and calls the `/chat`
event, the same one the page's 发送 button triggers. Every question has an answer only it
should get, so a mixed-up reply between sessions fails as surely as a wrong one.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from gradio_client import Client

from tests.web.ui.conftest import Server
from tests.web.ui.test_browser import record
from text.fold import fold

# (question, words the answer must contain: the task's own name and its lead unit)
CASES = [
    ("推进食品农产品领域互认由哪个部门牵头?", ["推进食品农产品领域互认", "国际部"]),
    ("促进认可和人员认证互认由哪个部门牵头?", ["促进认可和人员认证互认", "认可中心"]),
    ("加强进出口食品注册领域监管合作由哪个部门牵头?", ["加强进出口食品注册领域监管合作", "注册部"]),
    ("推动沿线各国质量基础共建共享由哪些部门牵头?", ["推动沿线各国质量基础共建共享", "科标部"]),
    ("加强绿色产品认证领域合作由哪个部门牵头?", ["加强绿色产品认证领域合作", "认证部"]),
    ("进一步开放检验检测认证市场由哪些部门牵头?", ["进一步开放检验检测认证市场", "实验室部"]),
    ("我们的认证证书和检测报告怎样才能得到国外承认?", ["国外承认"]),
    ("2017年行动计划提出要开发哪些高端品质认证?", ["高端品质认证"]),
]


def _message_text(message: dict) -> str:
    content = message["content"]
    if isinstance(content, str):
        return content
    return "".join(part.get("text", "") for part in content if isinstance(part, dict))


def test_eight_simultaneous_chats_are_all_answered_correctly(server: Server) -> None:
    clients = [Client(server.url + "/", verbose=False) for _ in CASES]
    start = threading.Barrier(len(CASES))

    def ask(index: int) -> tuple[str, str, float, float]:
        question = CASES[index][0]
        start.wait()  # all eight leave together
        began = time.perf_counter()
        result = clients[index].predict(question, "extractive", api_name="/chat")
        ended = time.perf_counter()
        messages, sources = result[1], result[2]
        return _message_text(messages[-1]), sources, began, ended

    with ThreadPoolExecutor(max_workers=len(CASES)) as pool:
        try:
            results = list(pool.map(ask, range(len(CASES))))
        finally:
            # End each session's heartbeat stream so the server can shut down promptly;
            # in parallel, since each close waits up to a second for its thread.
            list(pool.map(Client.close, clients))
    wall = max(end for *_, end in results) - min(began for *_, began, _ in results)
    record("eight_concurrent_wall_s", wall)
    record("eight_concurrent_slowest_s", max(end - began for _, _, began, end in results))

    for (question, expected), (answer, sources, _, _) in zip(CASES, results, strict=True):
        folded = fold(answer)
        assert "无法回答" not in answer, f"{question}: refused: {answer}"
        for word in expected:
            assert word in folded, f"{question}: {word!r} missing from the answer: {answer}"
        assert "[1]" in answer and "src-card" in sources, f"{question}: no citation shown"
    # The requests overlapped: each started before the first one finished.
    first_end = min(end for _, _, _, end in results)
    assert all(began < first_end for _, _, began, _ in results)


def test_server_made_no_outside_requests(server: Server) -> None:
    """Runs after the browser and chat tests: nothing the server did went off the machine."""
    assert server.process.poll() is None, "the server died"
    assert server.trap.seen == [], f"outside requests through the proxy: {server.trap.seen}"

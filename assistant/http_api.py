"""HTTP API for other systems, served beside the UI: an OpenAI-compatible chat endpoint.

    POST /v1/chat/completions   OpenAI request -> answer with `citations`, `refused`, `mode`
    GET  /v1/tasks              the task table (任务分工); `?format=xlsx|csv` as a file
    GET  /v1/targets            dated targets (目标时间线; assistant/features/http.py)
    GET  /v1/health             index status (clauses, documents, store)
    GET  /v1/models             the one "model", for OpenAI clients that list models first

`make_router(assistant)` returns the routes; the UI server includes them before it mounts
Gradio at `/`. Auth is the UI's setting: with `ASSISTANT_AUTH=user:pass[,…]` every /v1 route
needs HTTP Basic (or `Authorization: Bearer user:pass`, what OpenAI clients send as api_key).
Bad input is a 400 with an OpenAI-style `{"error": {...}}` body, never a stack trace.
"""

from __future__ import annotations

import base64
import binascii
import itertools
import json
import logging
import os
import secrets
import time
import uuid
from collections.abc import Iterator, Sequence
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, StreamingResponse
from starlette.concurrency import run_in_threadpool

from assistant.api import Assistant
from assistant.core.answerer import MODES as ANSWER_MODES
from assistant.features.http import add_feature_routes, task_file_response
from assistant.guard import BadQuestion, clean_question
from assistant.types import Answer, Citation

log = logging.getLogger(__name__)

AUTH_ENV = "ASSISTANT_AUTH"  # same variable as the UI (assistant.ui.server)
MODEL_NAME = "policy-assistant"
CITATION_KEYS = ("n", "id", "doc", "title", "clause", "text", "score")
MAX_MESSAGES = 200  # a chat history longer than this is not a conversation but a payload


class BadRequest(ValueError):
    """A request the API refuses with 400; the message names the offending field."""

    def __init__(self, message: str, param: str | None = None) -> None:
        super().__init__(message)
        self.param = param


def parse_auth(spec: str | None) -> list[tuple[str, str]]:
    """`user:pass[,user2:pass2]` -> [(user, pass), ...] ([] when unset), as the UI parses it.

    Kept here rather than imported from the UI so the API does not import Gradio."""
    pairs = []
    for entry in (spec or "").split(","):
        entry = entry.strip()
        if not entry:
            continue
        user, sep, password = entry.partition(":")
        if not sep or not user or not password:
            raise ValueError(f"{AUTH_ENV}: expected user:password entries separated by commas, got {entry!r}")
        pairs.append((user, password))
    return pairs


def _error(status: int, message: str, kind: str = "invalid_request_error", param: str | None = None,
           headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(
        {"error": {"message": message, "type": kind, "param": param, "code": None}},
        status_code=status,
        headers=headers,
    )


def _credentials(header: str) -> str | None:
    """`user:pass` from a Basic or Bearer Authorization header, else None."""
    scheme, _, value = header.partition(" ")
    value = value.strip()
    if scheme.lower() == "bearer":
        return value
    if scheme.lower() == "basic":
        try:
            return base64.b64decode(value, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
    return None


def _authorized(request: Request, users: Sequence[tuple[str, str]]) -> bool:
    if not users:
        return True
    given = _credentials(request.headers.get("authorization", ""))
    if given is None:
        return False
    # compare against every pair (constant time per pair) so timing says nothing about which matched
    matches = [secrets.compare_digest(given.encode(), f"{u}:{p}".encode()) for u, p in users]
    return any(matches)


def _text(content: Any, where: str) -> str:
    """A message's text: a string, or OpenAI content parts [{type: text, text}]."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for part in content:
            if not isinstance(part, dict) or part.get("type") != "text" or not isinstance(part.get("text"), str):
                raise BadRequest(f"{where}.content: only text parts are supported", where)
            parts.append(part["text"])
        return "".join(parts)
    if content is None:
        return ""
    raise BadRequest(f"{where}.content must be a string or a list of text parts", where)


def parse_chat_request(body: Any, default_mode: str) -> dict:
    """Validate an OpenAI chat request: -> {question, history, mode, stream, model}.

    The last user message is the question; user and assistant messages before it are the
    history (system messages are ignored: the assistant's rules are its own)."""
    if not isinstance(body, dict):
        raise BadRequest("the body must be a JSON object")
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise BadRequest("messages must be a non-empty list of {role, content}", "messages")
    if len(messages) > MAX_MESSAGES:
        raise BadRequest(f"at most {MAX_MESSAGES} messages", "messages")
    turns = []
    for i, message in enumerate(messages):
        where = f"messages[{i}]"
        if not isinstance(message, dict) or not isinstance(message.get("role"), str):
            raise BadRequest(f"{where} must be an object with a role and content", where)
        turns.append((message["role"], _text(message.get("content"), where)))
    users = [i for i, (role, _) in enumerate(turns) if role == "user"]
    if not users:
        raise BadRequest("messages need at least one message with role 'user' (the question)", "messages")
    last = users[-1]
    try:
        clean_question(turns[last][1])
    except BadQuestion as err:
        raise BadRequest(f"the last user message is not a question: {err}", f"messages[{last}].content") from err
    history = [{"role": role, "content": text} for role, text in turns[:last] if role in ("user", "assistant") and text]
    mode = body.get("mode") or default_mode
    if mode not in ANSWER_MODES:
        raise BadRequest(f"mode must be one of {', '.join(ANSWER_MODES)}", "mode")
    stream = body.get("stream", False)
    if not isinstance(stream, bool):
        raise BadRequest("stream must be true or false", "stream")
    model = body.get("model") or MODEL_NAME
    if not isinstance(model, str):
        raise BadRequest("model must be a string", "model")
    # the raw text goes on: answer() cleans it again and notes a cut when it is too long
    return {"question": turns[last][1], "history": history, "mode": mode,
            "stream": stream, "model": model}


def _citations(citations: list[Citation]) -> list[dict]:
    return [{k: getattr(c, k) for k in CITATION_KEYS} for c in citations]


def _usage(request: dict, answer_text: str) -> dict:
    from ingest.tokens import count_tokens

    prompt = count_tokens(request["question"]) + sum(count_tokens(m["content"]) for m in request["history"])
    completion = count_tokens(answer_text)
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}


def _extras(result: Answer) -> dict:
    """The fields beyond OpenAI's: what the answer stands on and how it was made."""
    return {
        "citations": _citations(result.citations),
        "related": _citations(result.related),
        "refused": result.refused,
        "mode": result.mode,
    }


def completion_body(request: dict, result: Answer, completion_id: str, created: int) -> dict:
    """The OpenAI `chat.completion` object for an answer, plus citations/refused/mode."""
    return {
        "id": completion_id,
        "object": "chat.completion",
        "created": created,
        "model": request["model"],
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": result.answer},
                "finish_reason": "stop",
                "logprobs": None,
            }
        ],
        "usage": _usage(request, result.answer),
        **_extras(result),
    }


def _chunk(completion_id: str, created: int, model: str, delta: dict, finish: str | None = None, **extra) -> str:
    body = {
        "id": completion_id,
        "object": "chat.completion.chunk",
        "created": created,
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}],
        **extra,
    }
    return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"


def _sse(request: dict, first: str | Answer | None, rest: Iterator[str | Answer], completion_id: str,
         created: int) -> Iterator[str]:
    """Server-Sent Events: a role chunk, content chunks, a final chunk with citations, [DONE]."""
    model = request["model"]
    yield _chunk(completion_id, created, model, {"role": "assistant", "content": ""})
    final: Answer | None = None
    parts: list[str] = []
    try:
        for part in itertools.chain([first], rest):
            if isinstance(part, Answer):
                final = part
            elif part:
                parts.append(part)
                yield _chunk(completion_id, created, model, {"content": part})
    except Exception as err:  # the 200 is sent: the error travels as an event, not a status
        log.exception("streamed answer failed")
        error = {"error": {"message": f"the answer failed: {err}", "type": "server_error"}}
        yield f"data: {json.dumps(error, ensure_ascii=False)}\n\n"
        yield "data: [DONE]\n\n"
        return
    text = final.answer if final is not None else "".join(parts)
    extra = _extras(final) if final is not None else {"citations": [], "related": [], "refused": True, "mode": "error"}
    yield _chunk(completion_id, created, model, {}, "stop", usage=_usage(request, text), **extra)
    yield "data: [DONE]\n\n"


def make_router(assistant: Assistant, auth: Sequence[tuple[str, str]] | None = None) -> APIRouter:
    """The /v1 routes over `assistant`.

    `auth`: (user, password) pairs; None reads `ASSISTANT_AUTH` (as the UI does), [] turns it off.
    Raises ValueError for a malformed `ASSISTANT_AUTH`, at start-up rather than per request."""
    users = list(parse_auth(os.environ.get(AUTH_ENV)) if auth is None else auth)
    router = APIRouter(prefix="/v1", tags=["api"])
    default_mode = assistant.settings.table("answer").get("mode", "extractive")

    def denied(request: Request) -> JSONResponse | None:
        if _authorized(request, users):
            return None
        return _error(401, "authentication required: HTTP Basic user:password (or Bearer user:password)",
                      "authentication_error", headers={"WWW-Authenticate": 'Basic realm="assistant"'})

    @router.post("/chat/completions")
    async def chat_completions(request: Request):
        """OpenAI chat completion; `stream: true` answers with Server-Sent Events."""
        if (response := denied(request)) is not None:
            return response
        try:
            body = json.loads(await request.body() or b"null")
        except (ValueError, UnicodeDecodeError):
            return _error(400, "the body is not valid JSON")
        try:
            req = parse_chat_request(body, default_mode)
        except BadRequest as err:
            return _error(400, str(err), param=err.param)
        completion_id = f"chatcmpl-{uuid.uuid4().hex}"
        created = int(time.time())
        try:
            if req["stream"]:
                pieces = assistant.stream(req["question"], req["history"], req["mode"])
                # The first piece comes after retrieval: take it before answering 200, so an
                # index that is down is a proper 503 rather than an error inside the stream.
                first = await run_in_threadpool(next, pieces, None)
            else:
                result = await run_in_threadpool(assistant.answer, req["question"], req["history"], req["mode"])
        except Exception as err:
            log.exception("answer failed")
            return _error(503, f"the index cannot answer right now: {err}", "server_error")
        if req["stream"]:
            return StreamingResponse(
                _sse(req, first, pieces, completion_id, created),
                media_type="text/event-stream",
                headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},  # proxies: do not buffer
            )
        return completion_body(req, result, completion_id, created)

    @router.get("/tasks")
    async def tasks(request: Request):
        """The task table: one row per numbered task with its lead and support units."""
        if (response := denied(request)) is not None:
            return response
        if (fmt := request.query_params.get("format", "json")) != "json":
            return await task_file_response(assistant, fmt)
        try:
            rows = await run_in_threadpool(assistant.tasks)
        except Exception as err:
            log.exception("task table failed")
            return _error(503, f"the index cannot answer right now: {err}", "server_error")
        return {"object": "list", "count": len(rows), "data": rows}

    @router.get("/health")
    async def health(request: Request):
        """Index status: 200 with counts when the index answers, 503 when it does not."""
        if (response := denied(request)) is not None:
            return response

        def status() -> dict:
            snapshot = assistant.index.snapshot()
            return {
                "status": "ok",
                "store": "server" if assistant.settings.chroma_url else "embedded",
                "version": snapshot.version,
                "documents": len({c.doc for c in snapshot.clauses}),
                "clauses": len(snapshot.clauses),
                "tasks": len(snapshot.tasks.rows),
            }

        try:
            return await run_in_threadpool(status)
        except Exception as err:
            return JSONResponse({"status": "error", "error": str(err)}, status_code=503)

    @router.get("/models")
    async def models(request: Request):
        """The one model name, for OpenAI clients that list models before chatting."""
        if (response := denied(request)) is not None:
            return response
        return {"object": "list", "data": [{"id": MODEL_NAME, "object": "model", "created": 0, "owned_by": "local"}]}

    add_feature_routes(router, assistant, denied)
    return router

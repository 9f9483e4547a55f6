"""The HTTP API's replies: OpenAI-shaped completions and chunks, and its one error shape."""

from __future__ import annotations

import json

from fastapi.responses import JSONResponse

from assistant.types import Answer, Citation

CITATION_KEYS = ("n", "id", "doc", "title", "clause", "text", "score")


def error_response(status: int, message: str, kind: str = "invalid_request_error", param: str | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    """The one error shape of the API: `{"error": {"message", "type", "param", "code"}}`."""
    return JSONResponse(
        {"error": {"message": message, "type": kind, "param": param, "code": None}},
        status_code=status,
        headers=headers,
    )


def unavailable(message: str) -> JSONResponse:
    """503: the index cannot answer now; the message says why."""
    return error_response(503, message, "server_error")


def citations_json(citations: list[Citation]) -> list[dict]:
    """Citations as the API shows them."""
    return [{k: getattr(c, k) for k in CITATION_KEYS} for c in citations]


def usage(request: dict, answer_text: str) -> dict:
    """OpenAI `usage`: tokens of the question and history, and of the answer."""
    from assistant.api import count_tokens

    prompt = count_tokens(request["question"]) + sum(count_tokens(m["content"]) for m in request["history"])
    completion = count_tokens(answer_text)
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}


def extras(result: Answer) -> dict:
    """The fields beyond OpenAI's: what the answer stands on and how it was made."""
    return {
        "citations": citations_json(result.citations),
        "related": citations_json(result.related),
        "refused": result.refused,
        "mode": result.mode,
        "fallback_reason": result.fallback_reason,  # why an llm/auto request was answered extractively
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
        "usage": usage(request, result.answer),
        **extras(result),
    }


def chunk(completion_id: str, created: int, model: str, delta: dict, finish: str | None = None, **extra) -> str:
    """One `chat.completion.chunk` event."""
    body = {
        "id": completion_id,
        "object": "chat.completion.chunk",
        "created": created,
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}],
        **extra,
    }
    return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"


def sse_error(message: str) -> str:
    """An error as a Server-Sent Event (once a stream has started, the status is already 200)."""
    return f"data: {json.dumps({'error': {'message': message, 'type': 'server_error'}}, ensure_ascii=False)}\n\n"

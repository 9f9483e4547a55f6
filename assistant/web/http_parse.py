"""Reading an OpenAI chat request for the HTTP API: every malformed shape is a `BadRequest` (400).

    body = decode_json(raw)                               # NaN, deep nesting, bad UTF-8 -> BadRequest
    request = parse_chat_request(body, Mode.EXTRACTIVE, ApiLimits.from_settings(settings))
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from assistant.api import BadQuestion, Settings, clean_question
from assistant.types import Mode

MODEL_NAME = "policy-assistant"


class BadRequest(ValueError):
    """A request the API refuses with 400; the message names the offending field."""

    def __init__(self, message: str, param: str | None = None) -> None:
        super().__init__(message)
        self.param = param


@dataclass(frozen=True)
class ApiLimits:
    """What one chat request may carry (`[server]` in assistant.toml)."""

    max_question_chars: int = 2000
    max_history_messages: int = 200
    max_history_chars: int = 20_000

    @classmethod
    def from_settings(cls, settings: Settings) -> ApiLimits:
        """The limits configured in `[server]`, defaults for the rest."""
        return cls(
            max_question_chars=int(settings.server("max_question_chars", cls.max_question_chars)),
            max_history_messages=int(settings.server("max_history_messages", cls.max_history_messages)),
            max_history_chars=int(settings.server("max_history_chars", cls.max_history_chars)),
        )


def _no_constant(name: str) -> Any:
    raise BadRequest(f"the body is not valid JSON: {name} is not a JSON number")


def decode_json(raw: bytes) -> Any:
    """The request body as JSON; NaN/Infinity, nesting too deep to parse and invalid UTF-8 are 400s."""
    try:
        return json.loads(raw or b"null", parse_constant=_no_constant)
    except RecursionError as err:
        raise BadRequest("the body is not valid JSON: nested too deeply") from err
    except (ValueError, UnicodeDecodeError) as err:
        if isinstance(err, BadRequest):
            raise
        raise BadRequest("the body is not valid JSON") from err


def _encodable(text: str, where: str) -> str:
    """Text that can be written as UTF-8: a lone surrogate (`\\ud800` in JSON) is bad input."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        raise BadRequest(f"{where}: the text contains an unpaired surrogate (invalid Unicode)", where) from err
    return text


def _text(content: Any, where: str) -> str:
    """A message's text: a string, or OpenAI content parts [{type: text, text}]."""
    if isinstance(content, str):
        return _encodable(content, f"{where}.content")
    if isinstance(content, list):
        parts = []
        for part in content:
            if not isinstance(part, dict) or part.get("type") != "text" or not isinstance(part.get("text"), str):
                raise BadRequest(f"{where}.content: only text parts are supported", where)
            parts.append(part["text"])
        return _encodable("".join(parts), f"{where}.content")
    if content is None:
        return ""
    raise BadRequest(f"{where}.content must be a string or a list of text parts", where)


def _turns(messages: Any, limits: ApiLimits) -> list[tuple[str, str]]:
    if not isinstance(messages, list) or not messages:
        raise BadRequest("messages must be a non-empty list of {role, content}", "messages")
    if len(messages) > limits.max_history_messages + 1:
        raise BadRequest(f"at most {limits.max_history_messages} earlier messages", "messages")
    turns = []
    for i, message in enumerate(messages):
        where = f"messages[{i}]"
        if not isinstance(message, dict) or not isinstance(message.get("role"), str):
            raise BadRequest(f"{where} must be an object with a role and content", where)
        turns.append((message["role"], _text(message.get("content"), where)))
    return turns


def _option(body: dict, name: str, kind: type, default: Any) -> Any:
    """An optional field: absent or null gives the default; present, it must be of `kind`."""
    value = body.get(name)
    if value is None:
        return default
    if not isinstance(value, kind) or (kind is str and not value):
        raise BadRequest(f"{name} must be {'a non-empty string' if kind is str else 'true or false'}", name)
    return value


def parse_chat_request(body: Any, default_mode: str, limits: ApiLimits = ApiLimits()) -> dict:  # noqa: B008
    """Validate an OpenAI chat request: -> {question, history, mode, stream, model}.

    The last user message is the question; user and assistant messages before it are the
    history (system messages are ignored: the assistant's rules are its own)."""
    if not isinstance(body, dict):
        raise BadRequest("the body must be a JSON object")
    turns = _turns(body.get("messages"), limits)
    users = [i for i, (role, _) in enumerate(turns) if role == "user"]
    if not users:
        raise BadRequest("messages need at least one message with role 'user' (the question)", "messages")
    last = users[-1]
    where = f"messages[{last}].content"
    try:
        clean_question(turns[last][1])
    except BadQuestion as err:
        raise BadRequest(f"the last user message is not a question: {err}", where) from err
    if len(turns[last][1]) > limits.max_question_chars:
        raise BadRequest(f"the question is longer than {limits.max_question_chars} characters", where)
    history = [{"role": role, "content": text} for role, text in turns[:last] if role in ("user", "assistant") and text]
    if sum(len(m["content"]) for m in history) > limits.max_history_chars:
        raise BadRequest(f"the earlier messages are longer than {limits.max_history_chars} characters together",
                         "messages")
    mode = _option(body, "mode", str, default_mode)
    if mode not in Mode.names():
        raise BadRequest(f"mode must be one of {', '.join(Mode.names())}", "mode")
    # the raw text goes on: answer() cleans it again and notes a cut when it is too long
    return {"question": turns[last][1], "history": history, "mode": mode,
            "stream": _option(body, "stream", bool, False), "model": _option(body, "model", str, MODEL_NAME)}

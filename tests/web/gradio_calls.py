"""Calling the UI's Gradio events over plain HTTP, as the page (or any client) does.

`file_events(url)` lists every event whose inputs include a file component, from the page's
own config (named API endpoints and unnamed events alike). `call_event(...)` joins the queue
with raw input data and reads the event's Server-Sent Events to its end.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

import httpx

TIMEOUT = 120.0


@dataclass
class Event:
    """One Gradio event: its id, api name (None when unnamed) and input components (from the config)."""

    fn_index: int
    api_name: str | None
    inputs: list[dict]

    def data(self, path: str) -> list[object]:
        """Inputs for a call: `path` as FileData for every file input, the page's defaults elsewhere."""
        return [file_data(path, c["props"].get("file_count") == "multiple") if c["type"] == "file"
                else c["props"].get("value") for c in self.inputs]


def file_events(url: str, client: httpx.Client | None = None) -> list[Event]:
    """Every event of the page that takes a file among its inputs."""
    client = client or httpx.Client(timeout=TIMEOUT)
    config = client.get(f"{url}/config").raise_for_status().json()
    components = {c["id"]: c for c in config["components"]}
    events = []
    for dep in config["dependencies"]:
        inputs = [components[i] for i in dep["inputs"]]
        if any(c["type"] == "file" for c in inputs):
            events.append(Event(dep["id"], dep.get("api_name") or None, inputs))
    return events


def file_data(path: str, multiple: bool) -> object:
    """A client's FileData naming `path` (a list of one for a multi-file input)."""
    data = {"path": path, "meta": {"_type": "gradio.FileData"}, "orig_name": path.rsplit("/", 1)[-1]}
    return [data] if multiple else data


def call_event(url: str, event: Event, data: list[object], client: httpx.Client | None = None) -> dict:
    """Join the queue with `data` and return the final `process_completed` message."""
    client = client or httpx.Client(timeout=TIMEOUT)
    session = uuid.uuid4().hex
    joined = client.post(f"{url}/gradio_api/queue/join", json={
        "data": data, "fn_index": event.fn_index, "session_hash": session, "event_data": None, "trigger_id": None,
    })
    joined.raise_for_status()
    with client.stream("GET", f"{url}/gradio_api/queue/data", params={"session_hash": session}) as stream:
        for line in stream.iter_lines():
            if not line.startswith("data:"):
                continue
            message = json.loads(line[len("data:"):])
            if message.get("msg") == "process_completed":
                return message
    raise AssertionError("the event stream ended without process_completed")


def upload(url: str, name: str, content: bytes, client: httpx.Client | None = None) -> str:
    """Upload a file as the page does; returns the server path Gradio gave it."""
    client = client or httpx.Client(timeout=TIMEOUT)
    response = client.post(f"{url}/gradio_api/upload", files={"files": (name, content, "text/plain")})
    response.raise_for_status()
    (path,) = response.json()
    return path

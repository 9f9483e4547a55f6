"""The web front-end: one server (FastAPI + uvicorn) serving the UI (Gradio Blocks, `ui/`) and the
OpenAI-compatible HTTP API (`http_api.py`), behind one login (`auth.py`, `gate.py`).

    server.py         create_app / serve: /healthz, the /v1 routes, the UI at /
    http_api.py       /v1 routes; http_parse.py reads requests, http_replies.py writes replies
    answering.py      how many answers run at once, in which threads; streaming them as SSE
    feed.py           an answer made in a thread of its own, so its request keeps an eye on the client
    feature_routes.py /v1/targets and the task table as a file
    auth.py, gate.py  who may log in and how fast they may fail; the middleware that enforces it
    health.py         the store check behind /healthz, /v1/health and the fast 503s
    ui/               the Gradio tabs

Front-end rule (tests/test_layout.py): modules here import only `assistant.api`, `assistant.types`
and `assistant.web`.

Importing this package first switches off everything in Gradio and huggingface_hub that
would reach the network (analytics, version checks, telemetry): the machines are offline,
and a policy question must never leave the host. It must run before `gradio` is imported,
which is why it lives here and every UI module imports gradio after it.

    from assistant.web.server import serve, create_app
    from assistant.web.ui.app import build_app
"""

from __future__ import annotations

import os

# Assigned, not setdefault: an inherited GRADIO_ANALYTICS_ENABLED=True must not re-enable calls out.
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")  # chromadb's
os.environ.setdefault("GRADIO_SSR_MODE", "False")  # SSR would start a Node server; we serve plain HTML

"""The web UI (Gradio Blocks over `Assistant`) and its server (FastAPI + uvicorn).

Importing this package first switches off everything in Gradio and huggingface_hub that
would reach the network (analytics, version checks, telemetry): the machines are offline,
and a policy question must never leave the host. It must run before `gradio` is imported,
which is why it lives here and every UI module imports gradio after it.

    from assistant.ui.server import serve, create_app
    from assistant.ui.app import build_app
"""

from __future__ import annotations

import os

# Assigned, not setdefault: an inherited GRADIO_ANALYTICS_ENABLED=True must not re-enable calls out.
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")  # chromadb's
os.environ.setdefault("GRADIO_SSR_MODE", "False")  # SSR would start a Node server; we serve plain HTML

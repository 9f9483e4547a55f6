"""Opening Chroma: an embedded store in the data dir, or a `chroma run` server with bounded calls."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import chromadb
import httpx
from chromadb.config import Settings

DEFAULT_TIMEOUT_S = 10.0  # a `chroma run` that does not answer within this fails the call


def make_client(data_dir: Path, chroma_url: str | None = None,
                timeout_s: float | None = DEFAULT_TIMEOUT_S) -> chromadb.api.ClientAPI:
    """An embedded client under `data_dir/chroma`, or an HTTP client for `chroma run`.

    Every HTTP call is bounded by `timeout_s` (None: wait forever). chromadb 1.5.9 builds its
    httpx session with `timeout=None` and has no setting for it, so the bound is put on that
    session; the server is first asked for a heartbeat with the same bound, because the client
    makes its first request while it is being built.
    """
    settings = Settings(anonymized_telemetry=False, allow_reset=False)
    if chroma_url:
        url = urlparse(chroma_url if "://" in chroma_url else f"http://{chroma_url}")
        host, port, ssl = url.hostname or "127.0.0.1", url.port or 8000, url.scheme == "https"
        if timeout_s is not None:
            base = f"{'https' if ssl else 'http'}://{host}:{port}"
            httpx.get(f"{base}/api/v2/heartbeat", timeout=timeout_s).raise_for_status()
        client = chromadb.HttpClient(host=host, port=port, ssl=ssl, settings=settings)
        if timeout_s is not None:
            _bound_http_session(client, timeout_s)
        return client
    path = data_dir / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=settings)


def _bound_http_session(client: chromadb.api.ClientAPI, timeout_s: float) -> None:
    """Put `timeout_s` on the httpx session under chromadb's HTTP client (shared by every client
    of that host and port). Fails loudly if a chromadb upgrade moved it, rather than leaving the
    calls unbounded."""
    session = getattr(getattr(client, "_server", None), "_session", None)
    if not isinstance(session, httpx.Client):
        raise RuntimeError("cannot set a timeout on chromadb's HTTP client (chromadb internals changed)")
    session.timeout = httpx.Timeout(timeout_s, connect=min(timeout_s, 5.0))

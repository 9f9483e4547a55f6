"""A Chroma server that dies during an ingest: one line saying so, exit 1, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx

from tests.conftest import PROJECT_ROOT, corpus_file
from tests.servers import chroma_run

COLLECTIONS = "/api/v2/tenants/default_tenant/databases/default_database/collections"


def test_chroma_server_killed_during_an_ingest(tmp_path):
    with chroma_run(tmp_path / "db", tmp_path / "chroma.log") as (url, server):
        env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
        env.pop("ASSISTANT_CONFIG", None)
        # a cold embedding cache: the ingest spends seconds embedding after it opened the collections
        ingest = subprocess.Popen(
            [sys.executable, "-m", "assistant", "--data-dir", str(tmp_path / "data"), "--chroma-url", url,
             "ingest", "--quiet", str(corpus_file("000")), str(corpus_file("001"))],
            cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        deadline = time.monotonic() + 120
        while not httpx.get(f"{url}{COLLECTIONS}", timeout=5).json():
            assert ingest.poll() is None and time.monotonic() < deadline, "the ingest never opened the store"
            time.sleep(0.2)
        server.kill()
        server.wait()
        _, err = ingest.communicate(timeout=600)
    assert ingest.returncode == 1, err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"error: lost the Chroma server at {url} (")
    assert "start it again and re-run" in lines[0]

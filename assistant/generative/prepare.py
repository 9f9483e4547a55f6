"""The local LLM's model file, prepared when `serve` starts so that no request ever joins it.

Joining the 22 packaged parts into the 1.1 GB GGUF takes ~20 s and a gigabyte of page cache; a
request that did it would hang its user and the server's memory. `serve` does it before it
listens (once per data dir: later starts only compare a marker), and the request path uses only
a prepared file (`assistant.generative.model_file.prepared_model`), falling back to the extractive answer
with the reason when there is none.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import time
from pathlib import Path

from assistant.config import Settings
from assistant.generative.config import ENV_BASE_URL, LLMConfig

log = logging.getLogger(__name__)


def prepare_local_model(settings: Settings) -> Path | None:
    """Join and verify the bundled GGUF in `DATA_DIR/models` if the local LLM is installed.

    Skipped (None) with `[llm] prepare_on_serve = false`, with a remote LLM server, or without
    llama-cpp-python or the model parts; a failure is logged, and requests then fall back."""
    if not LLMConfig.from_table(settings.table("llm")).prepare_on_serve or os.environ.get(ENV_BASE_URL, "").strip():
        return None
    if importlib.util.find_spec("llama_cpp") is None:
        return None
    from assistant.generative.model_file import ModelFileError, ensure_model, parts_available, prepared_model

    try:
        return prepared_model(settings.models_dir)
    except ModelFileError:
        pass
    if not parts_available():
        return None
    started = time.perf_counter()
    log.info("preparing the local model in %s (once per data dir)…", settings.models_dir)
    try:
        path = ensure_model(settings.models_dir)
    except ModelFileError as err:
        log.warning("the local model could not be prepared; llm answers fall back: %s", err)
        return None
    log.info("local model ready in %.1f s: %s", time.perf_counter() - started, path)
    return path

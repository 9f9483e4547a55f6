"""Settings: one small TOML file whose tables map to the components' constructor arguments.

Resolution order: defaults in `assistant.toml` at the project root, then `--config FILE`
(or `ASSISTANT_CONFIG`), then environment variables for deployment concerns
(`ASSISTANT_DATA_DIR`, `ASSISTANT_CHROMA_URL`).
"""

from __future__ import annotations

import copy
import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

from assistant.core.thresholds import Thresholds

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = PROJECT_ROOT / "assistant.toml"
BUNDLED_CORPUS = PROJECT_ROOT / "corpus"
BUNDLED_EVAL_SET = PROJECT_ROOT / "eval" / "sets" / "qa_dev.jsonl"


def _merge(base: dict, override: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in override.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


@dataclass
class Settings:
    """Resolved settings: the data dir, the Chroma server (if any) and each component's table."""

    data_dir: Path
    chroma_url: str | None = None
    tables: dict = field(default_factory=dict)

    def table(self, name: str) -> dict:
        """One component's arguments, e.g. `settings.table("retriever")`."""
        return dict(self.tables.get(name, {}))

    @property
    def models_dir(self) -> Path:
        return self.data_dir / "models"

    @property
    def store_timeout_s(self) -> float:
        """Bound on every call to a Chroma server (`[store] timeout_s`)."""
        return float(self.table("store").get("timeout_s", 10.0))

    def server(self, key: str, default: float) -> float:
        """One `[server]` limit (request sizes, login throttle), with its default; callers cast it."""
        return self.table("server").get(key, default)


def load_settings(
    data_dir: str | Path | None = None,
    config: str | Path | None = None,
    chroma_url: str | None = None,
) -> Settings:
    """Settings from the default file, an optional override file, and the environment."""
    with DEFAULT_CONFIG.open("rb") as fh:
        tables = tomllib.load(fh)
    config = config or os.environ.get("ASSISTANT_CONFIG")
    if config:
        with Path(config).open("rb") as fh:
            tables = _merge(tables, tomllib.load(fh))
    _check_keys("thresholds", tables.get("thresholds", {}), {f.name for f in fields(Thresholds)})
    data_dir = Path(data_dir or os.environ.get("ASSISTANT_DATA_DIR") or "var")
    chroma_url = chroma_url or os.environ.get("ASSISTANT_CHROMA_URL") or None
    return Settings(data_dir=data_dir, chroma_url=chroma_url, tables=tables)


def _check_keys(table: str, given: dict, known: set[str]) -> None:
    """A misspelt key would silently keep the default: say which, and what is known."""
    if unknown := sorted(set(given) - known):
        raise ValueError(f"[{table}] has no setting {', '.join(unknown)} (known: {', '.join(sorted(known))})")

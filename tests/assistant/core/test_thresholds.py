"""`[thresholds]` in the config reaches the answer engine: each key is one argument of `Thresholds`."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli

# "大白话" and "解释" are words the texts never use, so the question is not one whose every word
# the best clause holds (which no similarity floor refuses): the floor decides it
QUESTION = "用大白话解释一下推进食品农产品领域互认是什么意思?"


def _ask(data_dir: Path, *config: str) -> dict:
    result = run_cli(data_dir, *config, "ask", "--json", QUESTION)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_stricter_similarity_floor_in_the_config_refuses_what_the_default_answers(indexed_data_dir: Path, tmp_path: Path) -> None:
    assert not _ask(indexed_data_dir)["refused"]
    config = tmp_path / "strict.toml"
    config.write_text("[thresholds]\nmin_dense = 0.999\n", encoding="utf-8")
    assert _ask(indexed_data_dir, "--config", str(config))["refused"]


def test_an_unknown_threshold_is_a_clear_error(indexed_data_dir: Path, tmp_path: Path) -> None:
    config = tmp_path / "typo.toml"
    config.write_text("[thresholds]\nmin_dens = 0.9\n", encoding="utf-8")
    result = run_cli(indexed_data_dir, "--config", str(config), "ask", QUESTION)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "min_dens" in result.stderr

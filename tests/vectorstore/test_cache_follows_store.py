"""The data dir's local index follows the store, not the way it is reached: a data dir that
ingested through the embedded client and then serves through a `chroma run` reading the same
files reads nothing from Chroma at its first start (the scale bench's server start after the ingest)."""

from __future__ import annotations

import shutil
from pathlib import Path

from assistant.api import Assistant
from assistant.config import load_settings
from tests.servers import chroma_run
from vectorstore.snapshot import Index

QUESTION = "推进食品农产品领域互认由哪个部门牵头?"


def test_a_server_over_the_ingested_files_uses_the_same_local_index(indexed_data_dir: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(indexed_data_dir, data_dir, ignore=shutil.ignore_patterns("eval-reports", "feedback.jsonl"))
    embedded = Index(load_settings(data_dir))
    folder = embedded.cache_dir
    embedded_answer = Assistant(load_settings(data_dir)).answer(QUESTION)
    with chroma_run(data_dir / "chroma", tmp_path / "chroma.log") as (url, _):
        served = Index(load_settings(data_dir, chroma_url=url))
        assert served.cache_dir == folder
        assert served.store.identity == embedded.store.identity
        _, manifest = served.store.version_and_manifest()
        assert served.local_cache.sync(served.store, manifest) == 0  # every document already there
        answer = Assistant(load_settings(data_dir, chroma_url=url)).answer(QUESTION)
    assert [c.id for c in answer.citations] == [c.id for c in embedded_answer.citations]
    assert answer.answer == embedded_answer.answer
    assert [p.name for p in (data_dir / "cache").glob("store-*")] == [folder.name]


def test_another_store_gets_another_folder(indexed_data_dir: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(indexed_data_dir, data_dir, ignore=shutil.ignore_patterns("eval-reports", "feedback.jsonl"))
    other = tmp_path / "other"
    (other / "cache").mkdir(parents=True)
    assert Index(load_settings(other)).cache_dir.name != Index(load_settings(data_dir)).cache_dir.name


def test_remove_leaves_the_new_versions_matrix_made_as_ingest_does(indexed_data_dir: Path, tmp_path: Path) -> None:
    """The next start after `remove` reads the new version's sentence matrix, not makes it."""
    from tests.conftest import run_cli

    data_dir = tmp_path / "data"
    shutil.copytree(indexed_data_dir, data_dir, ignore=shutil.ignore_patterns("eval-reports", "feedback.jsonl"))
    done = run_cli(data_dir, "remove", "004_62d1f4a9cda2ce5c.txt")
    assert done.returncode == 0, done.stderr
    index = Index(load_settings(data_dir))
    version = index.store.version()
    assert list(index.cache_dir.glob(f"dense-{version}-*.npy")), sorted(p.name for p in index.cache_dir.iterdir())

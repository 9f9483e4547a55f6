"""A library of reposts: the bundled texts, renamed copies of each and one copy with an edited
clause, ingested for real. Answers search, cite and answer from the originals only, exactly as
the library of the originals alone does (speed is the benchmark's: `bench/duplicates.py`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.api import Assistant
from assistant.config import load_settings
from tests.conftest import CORPUS, run_cli, seed_cache
from vectorstore.duplicates import clause_hashes, find_copies

COPIES = 3
QUESTIONS = [
    "推进食品农产品领域互认由哪个部门牵头?",
    "2017年行动计划中,认证认可检验检测服务业的发展目标是什么?",
    "自由贸易区/自由贸易协定谈判在2012年工作要点、2017年行动计划和2024-2030行动方案中分别是怎么提的?",
    "国际部牵头哪些任务?",
    "According to measure 2 of Qingdao's six measures, how many certification and testing institutions across the city joined the new association?",
]


@pytest.fixture(scope="module")
def reposts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    """(data dir, folder, copy -> original): originals, COPIES renamed copies of each, one edited copy."""
    folder = tmp_path_factory.mktemp("reposts")
    originals = sorted(CORPUS.glob("*.txt"))
    expected = {}
    for path in originals:
        shutil.copyfile(path, folder / path.name)
        for i in range(1, COPIES + 1):
            shutil.copyfile(path, folder / f"repost{i}_{path.name}")
            expected[f"repost{i}_{path.name}"] = path.name
    edited = originals[0].read_text(encoding="utf-8").rstrip() + "本文轉載自其他網站。\n"
    (folder / f"site_{originals[0].name}").write_text(edited, encoding="utf-8")
    expected[f"site_{originals[0].name}"] = originals[0].name
    data_dir = tmp_path_factory.mktemp("reposts-data")
    seed_cache(data_dir)
    done = run_cli(data_dir, "ingest", "--quiet", str(folder))
    assert done.returncode == 0, done.stderr
    return data_dir, folder, expected


def test_copies_are_found_and_answers_come_from_the_originals_as_without_them(reposts, assistant):
    data_dir, _, expected = reposts
    library = Assistant(load_settings(data_dir))
    snapshot = library.index.snapshot()
    alone = assistant.index.snapshot()
    assert snapshot.copies == expected
    assert [d["doc"] for d in snapshot.documents] == [d["doc"] for d in alone.documents]
    assert [c.id for c in snapshot.clauses] == [c.id for c in alone.clauses]
    for question in QUESTIONS:
        got, want = library.answer(question), assistant.answer(question)
        assert (got.answer, [c.id for c in got.citations]) == (want.answer, [c.id for c in want.citations]), question
        assert {c.doc for c in got.citations} <= set(expected.values()) | {d["doc"] for d in alone.documents}
    copy = next(iter(expected))
    assert [c.text for c in library.document_clauses(copy)] == [c.text for c in library.document_clauses(expected[copy])]
    assert library.status()["copies"] == len(expected)


def test_removing_the_original_makes_its_first_copy_the_original(reposts, tmp_path):
    data_dir, _, expected = reposts
    mine = tmp_path / "data"
    shutil.copytree(data_dir, mine)
    original = sorted(set(expected.values()))[1]
    done = run_cli(mine, "remove", original)
    assert done.returncode == 0, done.stderr
    snapshot = Assistant(load_settings(mine)).index.snapshot()
    heir = f"repost1_{original}"
    assert heir in [d["doc"] for d in snapshot.documents] and heir not in snapshot.copies
    assert {copy: snapshot.copies[copy] for copy in (f"repost2_{original}", f"repost3_{original}")} == dict.fromkeys(
        (f"repost2_{original}", f"repost3_{original}"), heir
    )


def test_a_copy_is_the_larger_document_s_clauses_at_nine_in_ten():
    base = [f"c{i}".encode().ljust(8, b"_") for i in range(20)]
    assert find_copies({"a": b"".join(base), "b": b"".join(base[:18]) + b"x" * 8 * 2}) == {"b": "a"}  # 18 of 20
    assert find_copies({"a": b"".join(base), "b": b"".join(base[:17]) + b"x" * 8 * 3}) == {}  # 17 of 20
    assert find_copies({"a": b"".join(base), "b": b"".join(base[:9])}) == {}  # a part of it, not a copy
    assert find_copies({"b": b"".join(base), "a": b"".join(base), "c": b""}) == {"b": "a"}  # first by name
    assert len(clause_hashes([])) == 0


def test_boilerplate_in_every_document_makes_no_copies_and_no_quadratic_work():
    import time

    notice = "特此通知".encode().ljust(8, b"_")[:8]
    docs = {f"d{i:05d}": notice + b"".join(f"{i}:{j}".encode().ljust(8, b"_")[:8] for j in range(19)) for i in range(5000)}
    docs["z-copy"] = docs["d00007"]
    began = time.perf_counter()
    assert find_copies(docs) == {"z-copy": "d00007"}
    assert time.perf_counter() - began < 5  # pairs through the shared clause would be 12.5 million

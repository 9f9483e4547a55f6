"""Same index, same question -> the same answer, in any process and hash seed.

An evaluator compares runs; a policy officer asks twice. Both need answers that depend on
nothing but the index, the settings and the question.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import PROJECT_ROOT

SHIPPED_SET = PROJECT_ROOT / "eval" / "sets" / "qa_dev.jsonl"


def _run(data_dir: Path, args: list[str], seed: str, threads: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONHASHSEED": seed, "OMP_NUM_THREADS": threads, "ANONYMIZED_TELEMETRY": "False"}
    env.pop("ASSISTANT_CONFIG", None)
    env.pop("ASSISTANT_CHROMA_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "assistant", "--data-dir", str(data_dir), *args],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=900,
    )


def _answers(report_dir: Path) -> dict[str, tuple[str, list[str]]]:
    report = json.loads((report_dir / "report.json").read_text(encoding="utf-8"))
    return {i["id"]: (i["answer"], [c["id"] for c in i["citations"]]) for i in report["items"]}


def test_shipped_set_answers_identically_in_two_processes(indexed_data_dir: Path, tmp_path: Path) -> None:
    reports = []
    for seed, threads in (("1", "1"), ("4242", "2")):
        out = tmp_path / f"run-{seed}"
        done = _run(indexed_data_dir, ["eval", str(SHIPPED_SET), "--out", str(out), "--no-progress"], seed, threads)
        assert done.returncode == 0, done.stderr
        reports.append(out)
    first, second = (_answers(r) for r in reports)
    assert len(first) >= 40
    differing = [item for item in first if first[item] != second[item]]
    assert differing == [], f"answers differ between processes: {differing}"
    fingerprints = [json.loads((r / "report.json").read_text())["answers_fingerprint"] for r in reports]
    assert fingerprints[0] == fingerprints[1]
    assert "Identical answers" not in (reports[0] / "report.md").read_text()  # only compare.md says it


def test_document_scoped_question_is_byte_identical_across_processes(indexed_data_dir: Path) -> None:
    # names its document ("2017年行动计划"), so the document-filtered search path answers it
    question = "2017年行动计划里对国家质检中心建设提了什么要求?"
    outputs = []
    for seed, threads in (("7", "1"), ("99", "2"), ("12345", "2")):
        done = _run(indexed_data_dir, ["ask", question, "--json"], seed, threads)
        assert done.returncode == 0, done.stderr
        answer = json.loads(done.stdout)
        answer.pop("timings_ms")
        outputs.append(json.dumps(answer, ensure_ascii=False, sort_keys=True))
    assert outputs[0] == outputs[1] == outputs[2]
    cited = json.loads(outputs[0])["citations"]
    assert cited and all(c["doc"].startswith("003_") for c in cited)


def test_compare_says_plainly_when_answers_are_identical(indexed_data_dir: Path, tmp_path: Path) -> None:
    lines = SHIPPED_SET.read_text(encoding="utf-8").splitlines()[:4]
    small = tmp_path / "small.jsonl"
    small.write_text("\n".join(lines) + "\n", encoding="utf-8")
    base = tmp_path / "base"
    assert _run(indexed_data_dir, ["eval", str(small), "--out", str(base), "--no-progress"], "1", "1").returncode == 0
    again = tmp_path / "again"
    done = _run(
        indexed_data_dir,
        ["eval", str(small), "--out", str(again), "--no-progress", "--baseline", str(base / "report.json")],
        "2", "2",
    )
    assert done.returncode == 0, done.stderr
    compare = (again / "compare.md").read_text(encoding="utf-8")
    assert "**Identical answers**" in compare
    fingerprint = json.loads((again / "report.json").read_text())["answers_fingerprint"]
    assert fingerprint in compare and f"answers fingerprint: {fingerprint}" in done.stdout

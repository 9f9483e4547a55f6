"""Near-duplicate library benchmark: the bundled texts (1x) against a library of reposts, in one run.

    .venv/bin/python bench/duplicates.py [--copies 20] [--repeat 3] [--work DIR]

The reposts library holds each of the five bundled texts `--copies` times (the original and
renamed copies: 100 documents at 20), ingested through the CLI like any folder (the embeddings
cache is seeded, so nothing is embedded). For each library: process start to first answer (a
fresh `python`, first after the ingest and again, as `bench/scale.py` measures it) and warm
`answer()` p50/p95 over the dev set's questions in a fresh process; prints one table.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TEST_CACHE = ROOT / ".venv" / "test-cache" / "embeddings.sqlite"
START_QUESTION = "2017年行动计划中,认证认可检验检测服务业的发展目标是什么?"


def library(folder: Path, copies: int) -> int:
    """The bundled texts, each `copies` times (the original name, then copyNN_NAME); returns the count."""
    from tests.conftest import CORPUS

    folder.mkdir(parents=True)
    for path in sorted(CORPUS.glob("*.txt")):
        shutil.copyfile(path, folder / path.name)
        for i in range(1, copies):
            shutil.copyfile(path, folder / f"copy{i:02d}_{path.name}")
    return len(list(folder.glob("*.txt")))


def ingest(data_dir: Path, folder: Path) -> float:
    from tests.conftest import run_cli

    (data_dir / "cache").mkdir(parents=True)
    if TEST_CACHE.exists():
        shutil.copyfile(TEST_CACHE, data_dir / "cache" / "embeddings.sqlite")
    began = time.perf_counter()
    done = run_cli(data_dir, "ingest", "--quiet", str(folder))
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    return round(time.perf_counter() - began, 1)


def warm(data_dir: Path, repeat: int) -> dict:
    """Warm `answer()` latency over the dev set's questions (in this process)."""
    from assistant.api import Assistant
    from assistant.config import BUNDLED_EVAL_SET, load_settings
    from bench.scale_phases import percentiles, rss_mb
    from eval.sets import load_set

    questions = [item.question for item in load_set(BUNDLED_EVAL_SET)[0] if not item.history]
    assistant = Assistant(load_settings(data_dir))
    for q in questions:  # warm: model loaded, query vectors cached
        assistant.answer(q)
    answers = []
    for _ in range(repeat):
        for q in questions:
            t = time.perf_counter()
            assistant.answer(q)
            answers.append((time.perf_counter() - t) * 1000)
    snapshot = assistant.index.snapshot()
    return {"answer_ms": percentiles(answers), "queries": len(answers), "originals": len(snapshot.documents),
            "copies": len(snapshot.copies), "clauses_searched": len(snapshot.clauses), **rss_mb()}


def run_worker(*args: str) -> dict:
    """This script's `--worker ARGS` in a fresh interpreter (`tests.servers.run_worker`)."""
    from tests.servers import run_worker as run

    return run(__file__, *args)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=20, help="documents per bundled text in the reposts library")
    parser.add_argument("--repeat", type=int, default=3, help="measured warm passes over the questions")
    parser.add_argument("--work", type=Path, help="scratch folder (default: a temporary one)")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(warm(Path(args.worker[0]), int(args.worker[1]))))
        return
    from bench.scale_phases import start_phase

    work = args.work or Path(tempfile.mkdtemp(prefix="duplicates-bench-"))
    rows = {}
    for name, copies in (("1x", 1), ("reposts", args.copies)):
        folder, data_dir = work / f"{name}-texts", work / f"{name}-data"
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(data_dir, ignore_errors=True)
        docs = library(folder, copies)
        rows[name] = {"docs": docs, "ingest_s": ingest(data_dir, folder)}
    for name in rows:  # starts alternate between the libraries: the machine's load falls on both
        rows[name]["start_s"] = []
    for _ in range(2):
        for name in rows:
            rows[name]["start_s"].append(start_phase(work / f"{name}-data", "", START_QUESTION)["start_to_answer_s"])
    for name in rows:
        rows[name].update(run_worker(str(work / f"{name}-data"), str(args.repeat)))
    base = rows["1x"]["answer_ms"]["p95"] or 1
    print("| library | docs | searched (originals, clauses) | ingest | start to first answer (after ingest / again) "
          "| warm answer p50 / p95 ms | ratio p95 to 1x | RSS |")
    print("|---|---|---|---|---|---|---|---|")
    for name, row in rows.items():
        first, again = row["start_s"]
        print(f"| {name} | {row['docs']} | {row['originals']}, {row['clauses_searched']} | {row['ingest_s']} s "
              f"| {first} s / {again} s | {row['answer_ms']['p50']} / {row['answer_ms']['p95']} "
              f"| {row['answer_ms']['p95'] / base:.2f}x | {row['rss_mb']:.0f} MB |")
    print(json.dumps(rows, ensure_ascii=False))
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

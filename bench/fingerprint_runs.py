"""Same index, same set, N processes: one answers fingerprint, or the runs that differ.

    .venv/bin/python bench/fingerprint_runs.py [--data-dir var] [--set eval/sets/qa_dev.jsonl] [--runs 10]

Each run is a separate `python -m assistant eval` process with its own PYTHONHASHSEED and,
alternately, one or two OpenMP threads; the fingerprint hashes every answer and its cited ids.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def fingerprint(data_dir: str, set_path: Path, seed: int, out: Path) -> str:
    """The answers fingerprint of one eval run in a fresh process."""
    env = {**os.environ, "PYTHONHASHSEED": str(seed), "OMP_NUM_THREADS": str(1 + seed % 2)}
    subprocess.run(
        [sys.executable, "-m", "assistant", "--data-dir", data_dir, "eval", str(set_path), "--out", str(out), "--no-progress"],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )
    return json.loads((out / "report.json").read_text(encoding="utf-8"))["answers_fingerprint"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", default="var")
    parser.add_argument("--set", type=Path, default=ROOT / "eval" / "sets" / "qa_dev.jsonl")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        prints = [fingerprint(args.data_dir, args.set, seed, Path(tmp) / f"run{seed}") for seed in range(1, args.runs + 1)]
    for seed, value in enumerate(prints, start=1):
        print(f"run {seed:2d} (PYTHONHASHSEED={seed}, OMP_NUM_THREADS={1 + seed % 2}): {value}")
    counts = Counter(prints)
    print(f"{len(counts)} distinct fingerprint(s) in {len(prints)} runs of {args.set.name}")
    return 0 if len(counts) == 1 else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""Ingest benchmark: cold (empty index, empty embedding cache) and warm (unchanged corpus) runs.

    .venv/bin/python bench/ingest_bench.py [--corpus DIR]

Prints wall time and clauses/s for each; the warm run is an incremental re-ingest that
should find nothing to do. Start-up (imports, opening Chroma) is reported separately.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    from assistant.config import BUNDLED_CORPUS, load_settings

    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=BUNDLED_CORPUS)
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="ingest-bench-"))
    try:
        t0 = time.perf_counter()
        from vectorstore.snapshot import Index

        index = Index(load_settings(data_dir))
        indexer = index.indexer()
        startup = time.perf_counter() - t0
        t1 = time.perf_counter()
        cold = indexer.run([args.corpus])
        cold_s = time.perf_counter() - t1
        t2 = time.perf_counter()
        warm = indexer.run([args.corpus])
        warm_s = time.perf_counter() - t2
        n = index.store.count()
        print(f"corpus: {args.corpus} ({len(cold.added)} files, {n} clauses)")
        print(f"start-up (imports, open store): {startup:.2f} s")
        print(f"cold ingest: {cold_s:.2f} s, {n / cold_s:.1f} clauses/s, {cold.embedded} texts embedded")
        print(f"warm re-ingest (unchanged): {warm_s:.3f} s, {len(warm.unchanged)} files unchanged, 0 embedded")
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()

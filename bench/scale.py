"""Scale benchmark: storing, start and query cost at 1x, 10x, 100x and 1000x the bundled corpus.

    .venv/bin/python bench/scale.py [--scales 1 10 100 1000] [--out bench/results] [--work DIR]

Synthetic corpora with precomputed vectors (`bench/scale_corpus.py`); each phase runs in its
own interpreter (`bench/scale_phases.py`), on the embedded store and on a `chroma run` serving
the same directory (`tests/servers.py`). Prints one table and writes OUT/scale.json,
OUT/scale.md (table + method + command) and OUT/scale.png (`bench/scale_report.py`).
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scale_report import table_rows, write_markdown, write_plot  # noqa: E402

TEST_CACHE = ROOT / ".venv" / "test-cache" / "embeddings.sqlite"
START_QUESTION = "2017年行动计划中,认证认可检验检测服务业的发展目标是什么?"


def du_mb(path: Path) -> float:
    """Size on disk (allocated blocks), in MB."""
    if not path.exists():
        return 0.0
    return round(sum(p.stat().st_blocks * 512 for p in path.rglob("*") if p.is_file()) / 2**20, 1)


def run_worker(*args: str) -> dict:
    """This script's `--worker ARGS` in a fresh interpreter (`tests.servers.run_worker`)."""
    from tests.servers import run_worker as run

    return run(__file__, *args)


def worker(kind: str, rest: list[str]) -> dict:
    """One phase, in this interpreter (see `bench.scale_phases`)."""
    from bench import scale_phases

    if kind == "store":
        return scale_phases.store_phase(int(rest[0]), Path(rest[1]), Path(rest[2]))
    if kind == "start":
        return scale_phases.start_phase(Path(rest[0]), rest[1], rest[2])
    if kind == "embed":
        return scale_phases.embed_phase(int(rest[0]))
    return scale_phases.query_phase(Path(rest[0]), rest[1] or None, int(rest[2]))


def measure_store_kind(row: dict, data_dir: Path, url: str, kind: str, repeat: int) -> None:
    """Start (after the ingest, then again) and warm queries on one store kind."""
    first = run_worker("start", str(data_dir), url, START_QUESTION)["start_to_answer_s"]
    again = run_worker("start", str(data_dir), url, START_QUESTION)["start_to_answer_s"]
    row["start"][kind] = {"first": first, "again": again}
    row[kind] = run_worker("query", str(data_dir), url, str(repeat))
    row["cache_mb"][kind] = du_mb(data_dir / "cache") - row["embeddings_cache_mb"]
    print(f"  {row['scale']}x {kind}: start {first} s / {again} s, answer {row[kind]['answer_ms']}", flush=True)


def run_scale(scale: int, work: Path, cache: Path, repeat: int, keep: bool) -> dict:
    """Store one scale, then measure it embedded and through `chroma run`."""
    from tests.servers import chroma_run, rss_of

    data_dir = work / f"x{scale}"
    shutil.rmtree(data_dir, ignore_errors=True)
    (data_dir / "cache").mkdir(parents=True)
    shutil.copyfile(cache, data_dir / "cache" / "embeddings.sqlite")
    row: dict = {"scale": scale, "start": {}, "cache_mb": {}, "embeddings_cache_mb": du_mb(data_dir / "cache")}
    row.update(run_worker("store", str(scale), str(data_dir), str(cache)))
    row["disk_mb"] = du_mb(data_dir / "chroma")
    print(f"  {scale}x stored: {row['clauses']} clauses in {row['store_s']} s, {row['disk_mb']} MB", flush=True)
    measure_store_kind(row, data_dir, "", "embedded", repeat)
    with chroma_run(data_dir / "chroma", work / f"chroma-x{scale}.log") as (url, process):
        measure_store_kind(row, data_dir, url, "server", repeat)
        row["chroma_rss_mb"] = rss_of(process.pid)
    if not keep:
        shutil.rmtree(data_dir, ignore_errors=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100, 1000])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--work", type=Path, help="scratch folder (default: a temporary one)")
    parser.add_argument("--repeat", type=int, default=2, help="measured warm passes over the questions")
    parser.add_argument("--embed-sample", type=int, default=256, help="sentences embedded to measure e5")
    parser.add_argument("--keep", action="store_true", help="keep each scale's store")
    parser.add_argument("--report-only", action="store_true", help="re-render OUT/scale.md and .png from scale.json")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker[0], args.worker[1:])))
        return
    if args.report_only:
        results = json.loads((args.out / "scale.json").read_text(encoding="utf-8"))
    else:
        results = measure(args)
    write_markdown(results, args.out / "scale.md")
    write_plot(results, args.out / "scale.png")
    print("\n".join(table_rows(results["rows"])))
    print(f"wrote {args.out}/scale.md, scale.json, scale.png")


def measure(args: argparse.Namespace) -> dict:
    """Every scale, and the embedding throughput; also written to OUT/scale.json."""
    from bench.scale_corpus import NOISE, base_documents, base_vectors

    work = args.work or Path(tempfile.mkdtemp(prefix="scale-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    began, load_before = time.perf_counter(), os.getloadavg()
    cache = work / "embeddings.sqlite"
    if not cache.exists() and TEST_CACHE.exists():
        shutil.copyfile(TEST_CACHE, cache)
    base = base_documents()
    base_vectors(base, cache)  # embeds whatever the cache lacks
    embedding = run_worker("embed", str(args.embed_sample))
    print(f"e5: {embedding}", flush=True)
    rows = []
    for scale in args.scales:
        print(f"{scale}x…", flush=True)
        rows.append(run_scale(scale, work, cache, args.repeat, args.keep))
    results = {
        "command": shlex.join([".venv/bin/python", "bench/scale.py", *sys.argv[1:]]),
        "machine": {"cpus": os.cpu_count(), "loadavg_before": [round(x, 2) for x in load_before],
                    "loadavg_after": [round(x, 2) for x in os.getloadavg()]},
        "bundled": {"docs": len(base), "clauses": sum(len(d.clauses) for d in base)},
        "embedding": embedding, "noise_sigma": NOISE, "rows": rows,
        "wall_s": round(time.perf_counter() - began, 1),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "scale.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return results


if __name__ == "__main__":
    main()

"""Answer benchmark on a regression set: retrieval quality, refusals, cited size, latency.

    .venv/bin/python bench/answer_bench.py [--data-dir var] [--set eval/sets/qa_dev.jsonl] [--mode extractive]

Prints supporting clause at rank 1 / in the top 5, refusal accuracy, false refusals,
mean cited characters, warm p50/p95 of `answer()`, and cold start to first answer.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    t_start = time.perf_counter()
    from assistant.api import Assistant
    from assistant.config import BUNDLED_EVAL_SET, load_settings
    from eval.metrics import aggregate, score_item
    from eval.sets import load_set

    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", default="var")
    parser.add_argument("--set", type=Path, default=BUNDLED_EVAL_SET)
    parser.add_argument("--mode", default="extractive")
    parser.add_argument("--repeat", type=int, default=3, help="warm passes for latency")
    args = parser.parse_args()
    assistant = Assistant(load_settings(args.data_dir))
    items, _ = load_set(args.set)
    first = assistant.answer(items[0].question, items[0].history, args.mode)
    cold_ms = (time.perf_counter() - t_start) * 1000
    scores, latencies = [], []
    for _ in range(args.repeat):
        for item in items:
            t = time.perf_counter()
            answer = assistant.answer(item.question, item.history, args.mode)
            latencies.append((time.perf_counter() - t) * 1000)
            if len(scores) < len(items):
                scores.append(score_item(item, answer.to_json()))
    metrics = aggregate(scores)
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(f"set: {args.set} ({len(items)} items), mode {args.mode}; first answer mode {first.mode}")
    for key in ("hit@1", "hit@5", "mrr", "answer_check_pass_rate", "refusal_accuracy", "false_refusal_rate", "citation_precision", "mean_cited_chars"):
        value = metrics.get(key)
        print(f"{key:>24}: {'n/a' if value is None else round(value, 3)}")
    print(f"{'warm latency p50':>24}: {statistics.median(latencies):.1f} ms")
    print(f"{'warm latency p95':>24}: {p95:.1f} ms")
    print(f"{'cold start to 1st answer':>24}: {cold_ms:.0f} ms (imports, store, snapshot, model load)")


if __name__ == "__main__":
    main()

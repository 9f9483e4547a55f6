"""An int8 copy of the cluster index's grouped rows: a cheap pass that shortlists the rows the
exact pass must score to keep the same best rows with the same scores.

Why: a library-wide search at 100x the bundled corpus reads ~5,000 float32 rows of the clusters
nearest to the question (7.7 MB, memory-bound: numpy's einsum waits on the caches, not on
arithmetic). The same rows in int8 are a quarter of the bytes, and simsimd's int8 dot product
(AVX-512 VNNI / AVX2 kernels) reads them ~4x faster than einsum reads float32.

How: each row x_i is coded as its offset from its cluster's centroid m (rows sit close to it,
|x - m| ~0.2 at 100x, so a code step is ~3x finer than for x itself): per dimension a scale
s_j = max |x_ij - m_j| / 127 over the rows, and the code c_i = round((x_i - m) / s). For a unit
query q the weights w = s * q (float64) are rounded to int8 w8 = round(w / a), so
x_i . q ~ m . q + a (c_i . w8). The integer dot products are exact (at most 384 * 127 * 127),
the same on every CPU and with or without simsimd (numpy's integer product is the fallback:
slower, the same numbers).

What is proved: with e_i = x_i - m - s * c_i and d = w - a * w8,
|x_i . q - approx_i| <= |e_i| |q| + |c_i| |d| + FLOAT_SLACK (Cauchy-Schwarz twice; each row's
|e_i| and |c_i| are stored), the slack covering float32 einsum's own rounding (under
384 * 2**-24 for unit vectors) and the float64 arithmetic here. A row whose upper bound is below
the keep-th best lower bound cannot be among the keep best, so the exact pass over the shortlist
keeps the same rows with the same scores as one over every row.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

try:  # optional: the shortlist is the same without it (exact integers), only slower
    import simsimd
except ImportError:  # pragma: no cover - the project installs it
    simsimd = None

FLOAT_SLACK = 1e-4  # float32 einsum error for unit 384-d vectors is below 2.3e-5 (typically 1e-7)
BUILD_BLOCK = 8192  # rows coded at a time (float64 copies stay small at 1000x)


def int_dots(codes: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Exact integer dot products (float64) of the int8 `codes` rows with the int8 vector
    `weights`: simsimd's SIMD kernels, else numpy's int32 product (the same numbers)."""
    if simsimd is not None:
        return np.asarray(simsimd.cdist(codes, weights[None], metric="dot"), dtype=np.float64)[:, 0]
    return (codes.astype(np.int32) @ weights.astype(np.int32)).astype(np.float64)


def _offsets_from_centroids(vectors: np.ndarray, centroids: np.ndarray, offsets: np.ndarray, start: int,
                            end: int) -> np.ndarray:
    """Rows start..end of the grouped `vectors` minus their clusters' centroids, in float64 (exact:
    the difference of two float32 numbers is a float64 number)."""
    owner = np.searchsorted(offsets, np.arange(start, end), side="right") - 1
    return np.asarray(vectors[start:end], dtype=np.float64) - centroids[owner].astype(np.float64)


@dataclass(frozen=True)
class Int8Rows:
    """int8 codes of grouped rows' offsets from their centroids, with what bounds each row's error."""

    codes: np.ndarray  # int8 (n, dim)
    scales: np.ndarray  # float64 (dim,): s_j
    errors: np.ndarray  # float64 (n,): |e_i|
    norms: np.ndarray  # float64 (n,): |c_i|

    @classmethod
    def build(cls, vectors: np.ndarray, centroids: np.ndarray, offsets: np.ndarray) -> Int8Rows:
        """Codes of `vectors` (float32 rows grouped by cluster: cluster c holds rows
        offsets[c]..offsets[c + 1]). Deterministic: elementwise float64 arithmetic, numpy's own sums."""
        n, dim = vectors.shape
        top = np.zeros(dim, dtype=np.float64)
        for start in range(0, n, BUILD_BLOCK):
            block = _offsets_from_centroids(vectors, centroids, offsets, start, min(n, start + BUILD_BLOCK))
            top = np.maximum(top, np.abs(block).max(axis=0))
        scales = np.where(top > 0, top / 127, 1.0)
        codes = np.empty((n, dim), dtype=np.int8)
        errors, norms = np.empty(n, dtype=np.float64), np.empty(n, dtype=np.float64)
        for start in range(0, n, BUILD_BLOCK):
            end = min(n, start + BUILD_BLOCK)
            block = _offsets_from_centroids(vectors, centroids, offsets, start, end)
            code = np.clip(np.rint(block / scales), -127, 127)
            codes[start:end] = code
            errors[start:end] = np.sqrt(((block - code * scales) ** 2).sum(axis=1))
            norms[start:end] = np.sqrt((code * code).sum(axis=1))
        return cls(codes, scales, errors, norms)

    def shortlist(self, centroids: np.ndarray, offsets: np.ndarray, chosen: np.ndarray, q: np.ndarray,
                  keep: int) -> np.ndarray:
        """Positions (ascending) in the clusters `chosen` (ascending) of every row that can score
        within 2e-6 of the `keep`-th best of their rows (exact einsum, before rounding), with the
        rows the bounds cannot tell from those: at least `keep`, of clusters holding more."""
        q64 = q.astype(np.float64)
        w = q64 * self.scales
        factor = float(np.abs(w).max()) / 127 or 1.0  # a zero query: any factor
        weights = np.clip(np.rint(w / factor), -127, 127)
        left = float(np.sqrt(((w - weights * factor) ** 2).sum()))
        weights = weights.astype(np.int8)
        starts, ends = offsets[chosen], offsets[chosen + 1]
        # neighbouring clusters are read in one call (they lie next to each other in storage)
        apart = np.flatnonzero(starts[1:] != ends[:-1])
        run_starts, run_ends = [int(starts[0]), *starts[apart + 1].tolist()], [*ends[apart].tolist(), int(ends[-1])]
        parts = [(int_dots(self.codes[s:e], weights), self.errors[s:e], self.norms[s:e], np.arange(s, e))
                 for s, e in zip(run_starts, run_ends) if e > s]
        dots, errors, norms, positions = (np.concatenate(found) for found in zip(*parts))
        near = np.einsum("ij,j->i", centroids[chosen].astype(np.float64), q64)
        approx = np.repeat(near, ends - starts) + dots * factor
        bound = errors * float(np.sqrt((q64 * q64).sum())) + norms * left + FLOAT_SLACK
        lower = approx - bound
        floor = float(np.partition(lower, len(lower) - keep)[len(lower) - keep])
        # 2e-6: the exact pass keeps rows this far below its keep-th best (its rounding's margin)
        return positions[approx + bound >= floor - 2e-6]

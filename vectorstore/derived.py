"""What one process derives from the local cache, updated a document at a time between versions.

A refresh after an ingest re-reads only the documents whose manifest entry changed (by content
hash, model, `tokens_rev`) since this process's last snapshot, whichever process brought the
local cache in step: the clauses of the others are kept, and the sentence matrix keeps their
rows and merges the new ones in sentence-id order, so the result equals a full rebuild
(`SentenceMatrix.assemble`) without reading every vector again. The first build of a process
memory-maps `dense-VERSION.npy` when a process made it before, and writes it otherwise.
Above `vectorstore.ann.MIN_ROWS` sentences the matrix's cluster index is kept beside it
(`dense-VERSION.ivf.npy`, `.ivf.npz`): read when a process made it before (so every process of a data
dir searches the same clusters), otherwise updated from the previous version's or trained afresh.
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

import numpy as np

from ingest.model import Clause
from vectorstore.ann import MIN_ROWS, ClusterIndex
from vectorstore.dense import SentenceMatrix
from vectorstore.localcache import LocalCache, doc_stamp


class DerivedViews:
    """Per-document clauses and the sentence matrix of this process's last snapshot."""

    def __init__(self, cache: LocalCache, folder: Path) -> None:
        self.cache = cache
        self.folder = folder
        self.stamps: dict[str, str] = {}
        self.by_doc: dict[str, list[Clause]] = {}
        self.matrix: SentenceMatrix | None = None
        self.last_changed = 0  # documents read by the last refresh

    def refresh(self, manifest: list[dict], version: str) -> tuple[list[Clause], SentenceMatrix]:
        """Clauses (in document, then clause order) and the sentence matrix of this manifest.

        The cache must be in step with the manifest (`LocalCache.sync`)."""
        stamps = {d["doc"]: doc_stamp(d) for d in manifest}
        changed = {doc for doc, stamp in stamps.items() if self.stamps.get(doc) != stamp}
        gone = set(self.stamps) - set(stamps)
        for doc in gone:
            self.by_doc.pop(doc, None)
        read = self.cache.clauses_by_doc(sorted(changed))
        for doc in sorted(changed):
            self.by_doc[doc] = read.get(doc, [])
        docs = sorted(stamps)
        self.matrix = self._matrix(docs, changed | gone, version)
        self.stamps = stamps
        self.last_changed = len(changed)
        return [c for doc in docs for c in self.by_doc[doc]], self.matrix

    def _matrix(self, docs: list[str], changed: set[str], version: str) -> SentenceMatrix:
        # named by the version and the documents it holds (copies are left out of it)
        held = hashlib.sha256("\n".join(docs).encode()).hexdigest()[:8]
        path = self.folder / f"dense-{version.replace(':', '_')}-{held}.npy"
        previous = self.matrix
        if previous is not None and len(previous):
            if not changed:
                return previous
            parts = self.cache.sentence_rows(sorted(changed & set(docs)))
            matrix = previous.replace_documents(changed, parts)
        else:
            previous = None
            if path.exists():
                with contextlib.suppress(OSError, ValueError, EOFError):
                    matrix = SentenceMatrix.load(path)
                    return matrix.with_ann(cluster_index(matrix, path, None, changed))
            matrix = SentenceMatrix.assemble(self.cache.sentence_rows(docs))
        matrix = matrix.with_ann(cluster_index(matrix, path, previous, changed))
        self._save(matrix, path)
        return matrix

    @staticmethod
    def _save(matrix: SentenceMatrix, path: Path) -> None:
        """Keep this version's matrix for the next process's start; other versions' files go."""
        with contextlib.suppress(OSError):
            matrix.save(path)
            keep = {path.name, path.with_suffix(".ids").name, *(p.name for p in ann_paths(path))}
            for old in path.parent.glob("dense-*"):
                if old.name not in keep and not old.name.endswith(".tmp"):
                    old.unlink(missing_ok=True)


def ann_paths(path: Path) -> tuple[Path, Path]:
    """The cluster index's files beside the matrix at `path`: grouped rows, then the rest."""
    return path.with_suffix(".ivf.npy"), path.with_suffix(".ivf.npz")


def cluster_index(matrix: SentenceMatrix, path: Path, previous: SentenceMatrix | None,
                  changed: set[str]) -> ClusterIndex | None:
    """The matrix's cluster index (None below `MIN_ROWS`): the one saved beside it, else
    `previous`'s updated (its rows outside the `changed` documents keep their clusters), else
    trained afresh; saved when made here."""
    if len(matrix) < MIN_ROWS:
        return None
    rows_path, _ = ann_paths(path)
    if rows_path.exists():
        with contextlib.suppress(OSError, ValueError, EOFError, KeyError):
            if (found := ClusterIndex.load(rows_path, matrix.sentence_ids)) is not None:
                return found
    if previous is not None and previous.ann is not None:
        new_row = {sid: row for row, sid in enumerate(matrix.sentence_ids)}
        pairs = [(row, new_row[sid]) for row, (sid, doc) in enumerate(zip(previous.sentence_ids, previous.docs))
                 if doc not in changed and sid in new_row]
        kept = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
        index = previous.ann.replaced(kept[:, 0], kept[:, 1], matrix.vectors, matrix.sentence_ids)
    else:
        index = ClusterIndex.build(matrix.vectors, matrix.sentence_ids)
    with contextlib.suppress(OSError):
        index.save(rows_path)
    return index

"""The scale benchmark's synthetic corpora, with precomputed vectors (no model run).

Each synthetic document takes the clauses of a random bundled document in a shuffled order
(drawn like cards, so Nx is exactly N x the bundled clauses), under a unique document name and
title, with a unique marker sentence per clause, so every document and clause has its own
content hash. Vectors are the cached e5 vectors of the bundled sentences plus small
deterministic noise, normalised: storing and querying are measured without embedding hours.
"""

from __future__ import annotations

import dataclasses
import hashlib
import random
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from assistant.config import BUNDLED_CORPUS
from ingest.load import to_text
from ingest.model import Clause, Document
from ingest.pipeline import _search_text, build_document
from ingest.split import clause_sentences
from vectorstore.batch import PreparedDocument, clause_tokens
from vectorstore.indexer import clause_vectors

NOISE = 0.01  # per-dimension sigma: cosine to the original sentence stays about 0.98
DIM = 384  # multilingual-e5-small


def base_documents() -> list[Document]:
    """The bundled corpus through the real ingest pipeline."""
    return [build_document(p.name, to_text(p.read_bytes(), str(p))) for p in sorted(BUNDLED_CORPUS.glob("*.txt"))]


def bundled_sentences(docs: list[Document]) -> list[str]:
    """Every distinct sentence of the bundled clauses, sorted."""
    return sorted({s for d in docs for c in d.clauses for s in clause_sentences(c.text)})


def base_vectors(docs: list[Document], cache: Path) -> dict[str, np.ndarray]:
    """e5 vectors of every bundled sentence (from the embeddings cache; embedded if missing)."""
    from vectorstore.embeddings import CachedEmbeddings, make_embeddings

    embeddings = CachedEmbeddings(make_embeddings("e5"), cache)
    sentences = bundled_sentences(docs)
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
            clause, id=f"{stem}:{key}", doc=name, title=title, text=text,
            search_text=_search_text(title, clause.clause_path, text, clause.translation), ordinal=ordinal,
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


def prepared(document: Document, base: dict[str, np.ndarray], pool: np.ndarray, seed: int) -> PreparedDocument:
    """The document as the Indexer prepares it (tokens cut, clause vectors the mean of their
    sentences), its sentence vectors the bundled sentences' e5 vectors plus deterministic noise."""
    rng = np.random.default_rng(seed)
    sentences = [(c.id, s) for c in document.clauses for s in clause_sentences(c.text)]
    rows = np.empty((len(sentences), DIM), dtype=np.float32)
    for i, (_, sentence) in enumerate(sentences):
        # the marker sentence has no cached vector: it borrows a random bundled one
        vector = base.get(sentence)
        rows[i] = pool[int(rng.integers(len(pool)))] if vector is None else vector
    rows += rng.normal(0.0, NOISE, rows.shape).astype(np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    return PreparedDocument(document, clause_vectors(document, sentences, rows), sentences, rows.tolist(),
                            clause_tokens(document), f"synthetic:{document.doc}")

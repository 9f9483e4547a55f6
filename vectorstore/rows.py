"""How a clause is held in one Chroma row: its fields, tokens and its sentences' vectors.

A clause's sentence vectors travel in its own row's metadata (`vectors`), float32 exactly, rather
than one Chroma row per sentence: nothing searches sentences through Chroma (the answer path
scores every sentence exactly over this machine's matrix, `vectorstore.dense`), and each vector
row costs an insert into Chroma's HNSW graph, which stored 800-1,550 rows/s on 2 cores (5.65 rows
per clause made storing run at 277-385 clauses/s at 100x). Sentence ids stay `{clause id}#s{n}`,
n from 1 in the clause's sentence order, as when each sentence was a row.
"""

from __future__ import annotations

import base64
import json
import zlib

import numpy as np

from ingest.model import Clause

# How the store holds a document, recorded in its manifest entry (`layout`): 2 = sentence vectors
# in the clause rows. A document written otherwise is rewritten by the next ingest of its file
# (`--rebuild` rewrites all, uploads too) and is never read as if it were current.
LAYOUT = 2
_FLOAT = np.dtype("<f4")


def pack_vectors(vectors: np.ndarray | list[list[float]]) -> str:
    """`{dim}:{base64 of the little-endian float32 rows}`: lossless for float32 vectors."""
    block = np.asarray(vectors, dtype=_FLOAT)
    dim = block.shape[1] if block.ndim == 2 else 0
    return f"{dim}:{base64.b64encode(block.tobytes()).decode('ascii')}"


def unpack_vectors(text: str) -> np.ndarray:
    """The (n, dim) float32 rows `pack_vectors` wrote."""
    dim, _, data = text.partition(":")
    flat = np.frombuffer(base64.b64decode(data), dtype=_FLOAT).astype(np.float32)
    return flat.reshape(-1, int(dim) or 1) if len(flat) else np.zeros((0, int(dim)), dtype=np.float32)


def pack_text(text: str) -> str:
    """A document's text, compressed, as a metadata string."""
    return base64.b64encode(zlib.compress(text.encode("utf-8"), 1)).decode("ascii")


def unpack_text(packed: str) -> str:
    """The text `pack_text` packed."""
    return zlib.decompress(base64.b64decode(packed)).decode("utf-8")


def sentence_ids(clause_id: str, count: int) -> list[str]:
    """The ids of a clause's sentences, in order."""
    return [f"{clause_id}#s{n}" for n in range(1, count + 1)]


def clause_vector_blocks(sentences: list[tuple[str, str]], vectors: list[list[float]]) -> dict[str, np.ndarray]:
    """Clause id -> its sentences' vectors (float32, in sentence order), from a document's
    (clause id, sentence) pairs and their vectors."""
    block = np.asarray(vectors, dtype=np.float32)
    rows: dict[str, list[int]] = {}
    for i, (clause_id, _) in enumerate(sentences):
        rows.setdefault(clause_id, []).append(i)
    return {clause_id: block[found] for clause_id, found in rows.items()}


def _clause_fields(clause: Clause) -> dict:
    return {
        "doc": clause.doc,
        "title": clause.title,
        "date": clause.date,
        "source": clause.source,
        "clause": clause.clause,
        "clause_path": json.dumps(clause.clause_path, ensure_ascii=False),
        "text": clause.text,
        "ordinal": clause.ordinal,
        "translation": clause.translation,
        "lead_units": json.dumps(clause.lead_units, ensure_ascii=False),
        "support_units": json.dumps(clause.support_units, ensure_ascii=False),
        "task_no": clause.task_no if clause.task_no is not None else -1,
        "task_name": clause.task_name,
        "support_open_ended": clause.support_open_ended,
    }


def clause_metadata(clause: Clause, tokens: list[str], vectors: np.ndarray | list[list[float]] | None = None) -> dict:
    """A clause's Chroma metadata: `doc` (to filter on), one compressed `payload` holding every
    field, its search text and its jieba tokens, and `vectors`, its sentences' (when given).

    One field, compressed, and no Chroma document: Chroma indexes every metadata string and
    full-text-indexes documents, which made writing a clause cost ~10 ms on 2 cores, while
    nothing searches them (search runs on the assistant's own indexes)."""
    fields = {**_clause_fields(clause), "search_text": clause.search_text, "tokens": tokens}
    packed = zlib.compress(json.dumps(fields, ensure_ascii=False).encode("utf-8"), 1)
    meta = {"doc": clause.doc, "payload": base64.b64encode(packed).decode("ascii")}
    if vectors is not None:
        meta["vectors"] = pack_vectors(vectors)
    return meta


def unpack_metadata(search_text: str | None, meta: dict) -> tuple[str, dict]:
    """(search text, fields) of a clause record, compact or written before `payload` was."""
    if "payload" in meta:
        fields = json.loads(zlib.decompress(base64.b64decode(meta["payload"])).decode("utf-8"))
        return fields["search_text"], fields
    return search_text or "", meta


def record_sentences(clause_id: str, meta: dict) -> list[tuple[str, str, str, np.ndarray]]:
    """(sentence id, clause id, doc, vector) of the sentences stored with a clause row."""
    if "vectors" not in meta:
        raise ValueError(f"clause {clause_id} carries no sentence vectors (a store written before layout {LAYOUT})")
    vectors = unpack_vectors(meta["vectors"])
    ids = sentence_ids(clause_id, len(vectors))
    return [(sid, clause_id, meta["doc"], vector) for sid, vector in zip(ids, vectors, strict=True)]


def clause_from_record(clause_id: str, search_text: str | None, meta: dict) -> Clause:
    """Rebuild a `Clause` from a Chroma record (compact or not)."""
    search_text, meta = unpack_metadata(search_text, meta)
    task_no = meta.get("task_no", -1)
    return Clause(
        id=clause_id,
        doc=meta["doc"],
        title=meta.get("title", ""),
        date=meta.get("date", ""),
        source=meta.get("source", ""),
        clause_path=json.loads(meta.get("clause_path", "[]")),
        text=meta.get("text", ""),
        search_text=search_text,
        ordinal=int(meta.get("ordinal", 0)),
        translation=meta.get("translation", ""),
        lead_units=json.loads(meta.get("lead_units", "[]")),
        support_units=json.loads(meta.get("support_units", "[]")),
        task_no=None if task_no is None or int(task_no) < 0 else int(task_no),
        task_name=meta.get("task_name", ""),
        support_open_ended=bool(meta.get("support_open_ended", False)),
    )

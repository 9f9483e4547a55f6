"""The LangChain-tutorial pipeline, measured the same way as ours, for comparison.

    .venv/bin/python bench/naive_baseline.py [--set eval/sets/qa_dev.jsonl]

Raw files -> RecursiveCharacterTextSplitter(500, 50) -> the same e5 model -> Chroma top 5.
A hit is a retrieved chunk that contains a gold quote after folding script, width and
punctuation (the rule `eval` uses for clauses).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    import chromadb
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from assistant.config import BUNDLED_CORPUS, BUNDLED_EVAL_SET
    from eval.sets import load_set
    from text.fold import fold_loose
    from vectorstore.embeddings import E5Embeddings

    parser = argparse.ArgumentParser()
    parser.add_argument("--set", type=Path, default=BUNDLED_EVAL_SET)
    args = parser.parse_args()
    splitter = RecursiveCharacterTextSplitter(chunk_size=500, chunk_overlap=50)
    chunks, docs = [], []
    for path in sorted(BUNDLED_CORPUS.glob("*.txt")):
        for chunk in splitter.split_text(path.read_text(encoding="utf-8")):
            chunks.append(chunk)
            docs.append(path.name)
    embeddings = E5Embeddings()
    client = chromadb.PersistentClient(path=tempfile.mkdtemp(prefix="naive-"))
    collection = client.create_collection("naive", embedding_function=None, metadata={"hnsw:space": "cosine"})
    collection.add(
        ids=[str(i) for i in range(len(chunks))],
        embeddings=embeddings.embed_documents(chunks),
        documents=chunks,
        metadatas=[{"doc": d} for d in docs],
    )
    items, _ = load_set(args.set)
    ranks, cited = [], []
    for item in items:
        if not item.gold:
            continue
        got = collection.query(query_embeddings=[embeddings.embed_query(item.question)], n_results=5)
        texts, metas = got["documents"][0], got["metadatas"][0]
        cited.extend(len(t) for t in texts)
        rank = next(
            (
                i
                for i, (text, meta) in enumerate(zip(texts, metas), start=1)
                if any(g.doc == meta["doc"] and fold_loose(g.quote) in fold_loose(text) for g in item.gold)
            ),
            None,
        )
        ranks.append(rank)
    n = len(ranks)
    print(f"naive pipeline on {args.set.name}: {len(chunks)} chunks, {n} answerable items with gold")
    print(f"  supporting chunk at rank 1: {sum(r == 1 for r in ranks) / n:.3f}")
    print(f"  supporting chunk in top 5:  {sum(r is not None for r in ranks) / n:.3f}")
    print(f"  mean characters per hit:    {statistics.mean(cited):.0f}")


if __name__ == "__main__":
    main()

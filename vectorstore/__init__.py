"""Vector-store stage: embed clauses, store them in Chroma, search them (dense and BM25)."""

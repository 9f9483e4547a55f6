"""Text: folding, tokenizing, sentences, token budgets — one of each, used by every stage.

The lowest layer: `ingest`, `vectorstore`, `assistant` and `eval` import it, and it imports
none of them (tests/test_layout.py checks it).
"""

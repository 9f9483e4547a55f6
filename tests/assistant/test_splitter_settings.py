"""`[splitter]` in assistant.toml reaches the splitter: its keys are the `Splitter`'s arguments,
and a different encoding changes the token counts clauses are cut by."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import load_settings
from ingest.load import load_text
from ingest.pipeline import build_document
from ingest.split import DEFAULT_SPLITTER, Splitter
from tests.conftest import corpus_file
from text.tokens import count_tokens
from vectorstore.indexer import Indexer

O200K = Splitter(max_tokens=250, encoding="o200k_base")


@pytest.fixture()
def o200k_settings(tmp_path: Path):
    config = tmp_path / "assistant.toml"
    config.write_text('[splitter]\nmax_tokens = 250\nencoding = "o200k_base"\n', encoding="utf-8")
    return load_settings(tmp_path / "data", config=config)


def test_the_table_is_the_splitters_arguments(o200k_settings, tmp_path: Path) -> None:
    assert Splitter.from_table(o200k_settings.table("splitter")) == O200K
    # the shipped file holds the defaults, which live in the signature
    assert Splitter.from_table(load_settings(tmp_path / "data").table("splitter")) == DEFAULT_SPLITTER
    with pytest.raises(TypeError, match="encodng"):
        Splitter.from_table({"encodng": "o200k_base"})


def test_clauses_are_cut_by_the_counts_of_the_configured_encoding() -> None:
    path = corpus_file("003")
    text = load_text(path)
    cl100k = [c.text for c in build_document(path.name, text, Splitter(max_tokens=250)).clauses]
    o200k = [c.text for c in build_document(path.name, text, O200K).clauses]
    assert "".join(o200k) == "".join(cl100k)  # the same text, cut elsewhere
    assert len(o200k) < len(cl100k)  # o200k_base spends fewer tokens on Chinese
    assert all(count_tokens(piece, "o200k_base") <= 250 for piece in o200k)
    # pieces within the o200k budget that cl100k_base would have cut: the o200k counts decided
    assert any(count_tokens(piece, "cl100k_base") > 250 for piece in o200k)


def test_the_indexer_takes_the_table_and_cuts_with_it(o200k_settings, monkeypatch) -> None:
    indexer = Indexer(None, None, **o200k_settings.table("splitter"))
    assert indexer.splitter == O200K
    written = []
    monkeypatch.setattr(indexer, "ingest_document", lambda document, source_path="": written.append(document))
    path = corpus_file("003")
    document = indexer.ingest_bytes(path.name, path.read_bytes())
    assert written == [document]
    expected = build_document(path.name, load_text(path), O200K)
    assert [c.id for c in document.clauses] == [c.id for c in expected.clauses]


def test_the_generative_prompt_budget_counts_in_the_same_encoding(o200k_settings) -> None:
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    from assistant.generative.generate import Generator

    assert Generator(FakeListChatModel(responses=["-"]), None, o200k_settings, "fake").encoding == "o200k_base"


def test_the_index_hands_its_indexer_the_splitter_table(o200k_settings, monkeypatch) -> None:
    from vectorstore.snapshot import Index

    monkeypatch.setattr(Index, "store", None)  # no Chroma, no model: only the arguments are looked at
    monkeypatch.setattr(Index, "embeddings", None)
    assert Index(o200k_settings).indexer().splitter == O200K

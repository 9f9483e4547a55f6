"""A search in named documents, and a question about one title, in a library of reposts: the
named documents' own words are ranked among their own clauses (the library's best can all be
another text's copies), and a title that twenty documents carry is read as one document."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from assistant.api import Assistant
from assistant.config import load_settings
from assistant.core.retriever import HybridRetriever
from tests.conftest import PERSISTENT_CACHE
from vectorstore.lexical import BM25Index

QUERIES = ["一站式服务", "认证认可国际合作", "检验检测结果互认 采信", "国际部牵头", "没有这个词"]


def test_bm25_within_rows_ranks_as_the_library_ranking_kept_to_those_rows(assistant: Assistant) -> None:
    snapshot = assistant.index.snapshot()
    rebuilt = BM25Index([c.search_text for c in snapshot.clauses])
    docs = sorted({c.doc for c in snapshot.clauses})
    for named in ([docs[0]], docs[1:3], docs[3:]):
        rows = np.array([row for row, c in enumerate(snapshot.clauses) if c.doc in named], dtype=np.int64)
        for query in QUERIES:
            library = snapshot.bm25.search(query, len(snapshot.clauses))
            for k in (1, 5, 30):
                want = [hit for hit in library if hit[0] in set(rows.tolist())][:k]
                assert snapshot.bm25.search(query, k, within=rows) == want, (query, named, k)
                assert rebuilt.search(query, k, within=rows) == want, (query, named, k)


def test_a_scoped_search_ranks_bm25_among_the_named_documents(assistant: Assistant) -> None:
    """With BM25's top 2 read (the library's top 6 before), a document none of whose clauses
    is among the library's best still gets its own best clauses as lexical hits."""
    snapshot = assistant.index.snapshot()
    narrow = HybridRetriever(index=assistant.index, lexical_k=2)
    query = "认证认可国际合作"
    top = {snapshot.clauses[row].doc for row, _ in snapshot.bm25.search(query, 6)}
    outside = sorted({c.doc for c in snapshot.clauses} - top)
    assert outside, "every document has a clause among the library's top 6"
    for doc in outside:
        rows = np.array([row for row, c in enumerate(snapshot.clauses) if c.doc == doc], dtype=np.int64)
        best = {snapshot.clauses[row].id for row, _ in snapshot.bm25.search(query, 2, within=rows)}
        found = narrow.search(query, k=30, docs={doc})
        assert best and best <= {s.clause.id for s in found if s.lexical > 0}, doc
        assert narrow.search_each(query, [doc], k=30) == [found]


@pytest.fixture(scope="module")
def reposts(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    """100 documents: each bundled text 20 times, renamed (the scale bench's corpus at 20x)."""
    from bench.scale_phases import store_phase

    data_dir = tmp_path_factory.mktemp("reposts")
    (data_dir / "cache").mkdir()
    cache = data_dir / "cache" / "embeddings.sqlite"
    shutil.copyfile(PERSISTENT_CACHE, cache)
    stored = store_phase(20, data_dir, Path(cache))
    assert stored["docs"] == 100
    return Assistant(load_settings(data_dir))


def test_a_part_past_the_end_of_a_reposted_title_is_refused_as_for_one_document(reposts: Assistant) -> None:
    answer = reposts.answer("2017年行动计划第七部分讲的是什么?")
    assert answer.refused and "这份文件只到第6部分" in answer.answer, answer.answer
    assert "文本中的编号只到17" in reposts.answer("2017年行动计划第十八条是什么内容?").answer


def test_a_comparison_of_reposted_titles_cites_only_clauses_that_say_the_words(reposts: Assistant) -> None:
    answer = reposts.answer("2017年计划和2024-2030方案都提到一站式服务了吗?")
    assert answer.refused or all("一站式服务" in c.text for c in answer.citations), answer.answer

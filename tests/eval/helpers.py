"""Hand-made answers in the real `Answer.to_json()` shape, for the eval tests."""

from __future__ import annotations

from assistant.types import Answer, Citation

DOC_A = "000_02cfffb9d3d88caf.txt"
DOC_B = "003_9c2c45e5ccda30ed.txt"


def citation(n: int, doc: str, text: str, clause: str = "四、主要任务", cid: str | None = None) -> Citation:
    """A cited clause; the id is derived from n unless given."""
    return Citation(n=n, id=cid or f"{doc}#{n}", doc=doc, title="标题", clause=clause, text=text, score=0.5)


def answer_json(
    text: str,
    citations: list[Citation] | None = None,
    refused: bool = False,
    total_ms: float | None = None,
    question: str = "q",
) -> dict:
    """`Answer(...).to_json()` for a hand-made answer."""
    timings = {"total": total_ms} if total_ms is not None else {}
    return Answer(
        question=question, answer=text, refused=refused, citations=citations or [], timings_ms=timings
    ).to_json()

"""Which documents a question names: "2017年行动计划", "2012年工作要点", "三年滚动实施计划".

A document is named by a year of its title or publication date, or by a four-character
stretch of its title that no other title shares ("工作要点", "滚动实施", "高峰论坛").
Words shared by every title (认证认可) name nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.fold import fold_loose

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
NGRAM = 4


@dataclass
class Scope:
    """The documents a question names, in the order it names them, and its topic without them."""

    docs: list[str]
    topic: str


def _ngrams(text: str) -> set[str]:
    return {text[i : i + NGRAM] for i in range(len(text) - NGRAM + 1)}


def question_scope(question: str, documents: list[dict]) -> Scope:
    """Find the documents named in `question` (see module note)."""
    q = fold_loose(question)
    titles = {d["doc"]: fold_loose(d.get("title", "")) for d in documents}
    grams = {doc: _ngrams(t) for doc, t in titles.items()}
    found: dict[str, int] = {}
    naming: set[str] = set()
    for d in documents:
        doc, title, date = d["doc"], titles[d["doc"]], d.get("date", "") or ""
        for m in _YEAR.finditer(q):
            if m.group(0) in title or date.startswith(m.group(0)):
                found.setdefault(doc, m.start())
                naming.add(m.group(0))
        for gram in grams[doc]:
            if gram in q and not any(gram in other for o, other in grams.items() if o != doc):
                found.setdefault(doc, q.index(gram))
                naming.add(gram)
    topic = q
    for word in sorted(naming, key=lambda w: (-len(w), w)):
        topic = topic.replace(word, " ")
    docs = [doc for doc, _ in sorted(found.items(), key=lambda kv: (kv[1], kv[0]))]
    return Scope(docs=docs, topic=topic if docs else question)

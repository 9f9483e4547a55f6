"""What every answer of one index version reads: the documents, their numbering, the
attachments the texts point to, the dated targets and the bilingual word list, each built once
per version (the first answer after an ingest builds them, every later one reads them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from assistant.core.bilingual import Bilingual
from assistant.core.duties import Duty, stated_duties
from assistant.core.items import Numbering, numbering
from ingest.targets import Target, extract_targets
from text.fold import fold, fold_loose

# "(见附件《…》任务分解表)": a reference to an attachment, and what it holds
ATTACHMENT = re.compile(r"附件\s*《([^》]{2,80})》\s*([\u4e00-\u9fff]{3,8})?")


@dataclass
class Context:
    """One index version's views that every part of every answer reads (built once per version)."""

    version: str
    snapshot: object
    documents: list[dict]
    titles: list[str]
    numbering: Numbering
    _loose_documents: dict[str, str] = field(default_factory=dict)  # said_elsewhere's folded documents

    @cached_property
    def attachments(self) -> list[str]:
        """What the texts send the reader to an attachment for ("见附件《…》任务分解表"): the
        attachments themselves are not part of the texts."""
        found: dict[str, None] = {}
        # 附 and 件 are written alike in both scripts: only the clauses naming one are folded
        # (folding every clause costs seconds on a large library's first answer)
        for clause in self.snapshot.clauses:
            for m in ATTACHMENT.finditer(fold(clause.text)) if "附件" in clause.text else ():
                found[m.group(2) or m.group(1)] = None
        return list(found)

    @cached_property
    def duties(self) -> list[Duty]:
        """The duties the texts give units in prose ("国际合作部负责…"), read at first use."""
        return stated_duties(self.snapshot.clauses, self.snapshot.tasks.unit_names())

    @cached_property
    def targets(self) -> list[Target]:
        """This version's dated targets (the timeline's records), read at the first target question."""
        return extract_targets(self.snapshot.clauses)

    def said_elsewhere(self, words: str, doc: str) -> bool:
        """True when another document's text says `words` (loosely folded), not only `doc`:
        counted in the whole corpus against `doc`'s own title and clauses, so that only the
        one document is folded (a library's first answer would otherwise fold every clause)."""
        return self.snapshot.corpus_text.count(words) > self._loose(doc).count(words)

    def says(self, words: str, doc: str) -> bool:
        """True when `doc`'s own title or clauses say `words` (loosely folded)."""
        return words in self._loose(doc)

    def _loose(self, doc: str) -> str:
        """One document's titles and clauses, loosely folded (folded once per document)."""
        own = self._loose_documents.get(doc)
        if own is None:
            clauses = self.snapshot.document_clauses(doc)
            titles = {c.title for c in clauses}
            own = "\n".join([*map(fold_loose, titles), *(fold_loose(c.clause + c.text) for c in clauses)])
            self._loose_documents[doc] = own
        return own

    @cached_property
    def bilingual(self) -> Bilingual:
        """English words against this version's texts (built at the first English question)."""
        return Bilingual(self.snapshot.corpus_text)

    @classmethod
    def build(cls, snapshot, documents: list[dict]) -> Context:
        return cls(
            version=snapshot.version,
            snapshot=snapshot,
            documents=documents,
            titles=[f"{fold(d.get('title', ''))} {d.get('date', '')}" for d in documents],
            numbering=numbering(snapshot.clauses),
        )

"""Data carried from ingest to the vector store: documents, their clauses, their tasks."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Clause:
    """One clause of a policy text: the unit of indexing, retrieval and citation.

    `text` is the cleaned clause in the document's own script (for display and citation);
    `search_text` is its folded form (Simplified, half-width) plus path, title and any
    English translation lines, and is what the embedding and BM25 see.
    """

    id: str
    doc: str
    title: str
    date: str
    source: str
    clause_path: list[str]
    text: str
    search_text: str
    ordinal: int
    translation: str = ""
    lead_units: list[str] = field(default_factory=list)
    support_units: list[str] = field(default_factory=list)
    task_no: int | None = None
    task_name: str = ""
    support_open_ended: bool = False  # the support list ended in 等 ("and others")

    @property
    def is_task(self) -> bool:
        """A numbered task with units named: a row of the task table."""
        return self.task_no is not None and bool(self.lead_units)

    @property
    def clause(self) -> str:
        """The clause path as one readable string, e.g. `四、主要任务 > (三)... > 8.…`."""
        return " > ".join(self.clause_path)

    def to_json(self) -> dict:
        """The public JSON shape (`inspect --json`, citations)."""
        return {
            "id": self.id,
            "doc": self.doc,
            "title": self.title,
            "date": self.date,
            "source": self.source,
            "clause": self.clause,
            "text": self.text,
            "lead_units": self.lead_units,
            "support_units": self.support_units,
        }

    def to_dict(self) -> dict:
        """Every field, for round-tripping through the store."""
        return asdict(self)


@dataclass
class Task:
    """One row of the task table (任务分工): a numbered task with its lead and support units."""

    doc: str
    task_no: int
    task_name: str
    lead_units: list[str]
    support_units: list[str]
    clause_id: str
    clause: str
    support_open_ended: bool = False  # the support list ended in 等 ("and others")

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_clause(cls, clause: Clause) -> Task:
        """The task row a task clause carries."""
        return cls(
            doc=clause.doc,
            task_no=clause.task_no,
            task_name=clause.task_name,
            lead_units=clause.lead_units,
            support_units=clause.support_units,
            clause_id=clause.id,
            clause=clause.clause,
            support_open_ended=clause.support_open_ended,
        )


@dataclass
class Document:
    """A cleaned document: metadata, cleaned text (own script) and its clauses."""

    doc: str
    title: str
    date: str
    source: str
    content_hash: str
    text: str
    clauses: list[Clause] = field(default_factory=list)

    @property
    def tasks(self) -> list[Task]:
        """The task table rows found in this document's clauses."""
        return [Task.from_clause(c) for c in self.clauses if c.is_task]

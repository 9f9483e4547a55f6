"""Ingest stage: load policy texts, clean them, cut them into clauses, extract task units."""

from ingest.model import Clause, Document, Task
from ingest.pipeline import IngestError, prepare_document

__all__ = ["Clause", "Document", "IngestError", "Task", "prepare_document"]

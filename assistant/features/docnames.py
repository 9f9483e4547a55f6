"""Naming a document on the command line or in a request: its id, a unique prefix of the id
("000"), or a unique fragment of its title ("高水平开放", in either script)."""

from __future__ import annotations

from typing import Any

from text.fold import fold_loose


class DocNotFound(ValueError):
    """No document, or more than one, answers to a name; the message lists the candidates."""


def resolve_doc(name: str, documents: list[dict[str, Any]]) -> str:
    """The id of the one document `name` designates among `documents` (dicts with doc, title).

    Tried in order, the first rule that picks exactly one wins: the exact id, the id without
    its suffix, a prefix of the id, a fragment of the title (folded: script, width, punctuation).
    """
    name = (name or "").strip()
    if not name:
        raise DocNotFound("empty document name")
    ids = [d["doc"] for d in documents]
    if name in ids:
        return name
    rules = (
        [d for d in ids if d.rsplit(".", 1)[0] == name],
        [d for d in ids if d.startswith(name)],
        [d["doc"] for d in documents if fold_loose(name) and fold_loose(name) in fold_loose(d.get("title") or "")],
    )
    for found in rules:
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise DocNotFound(f"{name!r} names several documents: {', '.join(found)}")
    listing = "; ".join(f"{d['doc']} ({d.get('title') or ''})" for d in documents)
    raise DocNotFound(f"no document is called {name!r}; the index holds: {listing}")

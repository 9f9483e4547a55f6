"""Near-duplicate documents: one text reposted under other names (scraped policy collections
hold the same notice from several sites).

A document is a copy of another when at least `SHARE` of the clauses of the larger of the two
(clause path and text, compared by hash, as a multiset) are the same. Documents are read in
name order and each one is compared with the originals before it, so every process agrees on
which is the original (the first by name) whatever order they were ingested in, and removing
the original makes its first copy the original. Answers search the originals only: a library
of twenty copies of five texts answers, cites and costs as the five texts do.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable

from ingest.model import Clause

SHARE = 0.9  # of the larger document's clauses
COMMON = 64  # a clause held by more originals than this proposes none of them (see `find_copies`)
_DIGEST = 8  # bytes of each clause's hash


def clause_hashes(clauses: Iterable[Clause]) -> bytes:
    """Each clause's path and text hashed, concatenated (the clauses in any order)."""
    return b"".join(
        hashlib.blake2b(f"{c.clause}\n{c.text}".encode(), digest_size=_DIGEST).digest() for c in clauses
    )


def _counted(hashes: bytes) -> Counter[bytes]:
    return Counter(hashes[i : i + _DIGEST] for i in range(0, len(hashes), _DIGEST))


def find_copies(hashes: dict[str, bytes]) -> dict[str, str]:
    """Copy -> its original, from each document's `clause_hashes` (documents with no clause are
    never copies). An original is a candidate when it shares a clause held by at most `COMMON`
    originals: boilerplate ("特此通知。") in thousands of documents would make every pair a
    candidate, and a copy shares nine in ten of its clauses, not only boilerplate."""
    copies: dict[str, str] = {}
    holders: dict[bytes, list[str]] = {}  # clause hash -> the originals holding it
    counts: dict[str, Counter[bytes]] = {}
    for doc in sorted(hashes):
        mine = _counted(hashes[doc])
        if not mine:
            continue
        candidates = {o for h in mine if len(held := holders.get(h, ())) <= COMMON for o in held}
        size = sum(mine.values())
        same = []
        for original in candidates:
            shared = sum((mine & counts[original]).values())
            if shared >= SHARE * max(size, sum(counts[original].values())):
                same.append((-shared, original))
        if same:
            copies[doc] = min(same)[1]
            continue
        counts[doc] = mine
        for h in mine:
            holders.setdefault(h, []).append(doc)
    return copies

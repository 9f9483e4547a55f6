"""Feedback into regression sets: the UI's 👍/👎 records (DATA_DIR/feedback.jsonl, written by
`assistant.web.ui.feedback`) become draft items in the set format `eval` loads (`eval/sets.py`).

A draft is for an evaluator to review, not a verdict: the answer given and the user's comment
go in `notes`; `answerable` is set from what the assistant did (refused or not) and `notes`
asks to confirm it; `gold` quotes the clauses the answer cited, which for a 👎 may well be the
wrong ones. One item per answer: a turn rated twice (the chat's icon, then the panel with a
comment) counts once, with its last rating.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from ingest.model import Clause
from text.fold import fold_loose

CATEGORY = "feedback"
ROLES = ("user", "assistant", "system")
QUOTE_MIN_CHARS = 8  # shorter segments ("四、主要任务") are headings shared by many clauses
QUOTE_MAX_CHARS = 60
_SEGMENT = re.compile(r"[^。!?;!?;\n]+")


def read_feedback(path: Path) -> list[dict[str, Any]]:
    """The records of a feedback file in order; unreadable lines are skipped (a crash mid-write)."""
    if not path.exists():
        return []
    records = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(record, dict) and isinstance(record.get("question"), str) and record["question"].strip():
            records.append(record)
    return records


def final_ratings(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One record per rated answer (`turn_id`): the last one, where the turn first appeared."""
    by_turn: dict[str, dict[str, Any]] = {}
    for index, record in enumerate(records):
        key = str(record.get("turn_id") or f"line-{index}")
        by_turn[key] = record  # dicts keep the first insertion's position: the first rating's order
    return list(by_turn.values())


def quote_for(clause: Clause, siblings: list[Clause]) -> str:
    """A verbatim piece of the clause that no other clause of its document contains."""
    others = [fold_loose(c.clause + c.text) for c in siblings if c.id != clause.id]
    for segment in _SEGMENT.findall(clause.text):
        segment = segment.strip()[:QUOTE_MAX_CHARS]
        folded = fold_loose(segment)
        if len(folded) >= QUOTE_MIN_CHARS and not any(folded in other for other in others):
            return segment
    return clause.text


def _history(value: Any) -> list[dict[str, str]]:
    turns = value if isinstance(value, list) else []
    return [
        {"role": t["role"], "content": t["content"]}
        for t in turns
        if isinstance(t, dict) and t.get("role") in ROLES and isinstance(t.get("content"), str)
    ]


def _notes(record: dict[str, Any], cited: list[str], missing: list[str]) -> str:
    rating = "👍" if record.get("rating") == "up" else "👎"
    parts = [f"反馈 {rating} {record.get('timestamp', '')}".strip()]
    if record.get("comment"):
        parts.append(f"意见:{record['comment']}")
    if record.get("resolved_question") and record["resolved_question"] != record["question"]:
        parts.append(f"追问改写为:{record['resolved_question']}")
    parts.append(f"当时的回答:{record.get('answer') or ''}")
    parts.append(f"引用条款:{', '.join(cited) or '无'}")
    if missing:
        parts.append(f"已不在索引中的条款:{', '.join(missing)}")
    refused = bool(record.get("refused"))
    parts.append(f"待确认:answerable 暂按{'拒答' if refused else '已回答'}设为 {str(not refused).lower()};"
                 "gold 取自当时引用的条款,请核对。")
    return "\n".join(parts)


def draft_item(record: dict[str, Any], clauses_by_id: dict[str, Clause], by_doc: dict[str, list[Clause]]) -> dict:
    """The set item for one rated answer (see the module docstring for what each field holds)."""
    cited = [c for c in record.get("citations") or [] if isinstance(c, str)]
    known = [clauses_by_id[c] for c in cited if c in clauses_by_id]
    missing = [c for c in cited if c not in clauses_by_id]
    answerable = not bool(record.get("refused"))
    # an unanswerable item may carry no gold (eval/sets.py): it is only checked for a refusal
    gold = [{"doc": c.doc, "quote": quote_for(c, by_doc.get(c.doc, []))} for c in known] if answerable else []
    key = str(record.get("turn_id") or record.get("timestamp") or "") + record["question"]
    return {
        "id": f"FB-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:10]}",
        "category": CATEGORY,
        "question": record["question"],
        "history": _history(record.get("history")),
        "answerable": answerable,
        "gold": gold,
        "notes": _notes(record, cited, missing),
    }


def draft_items(records: list[dict[str, Any]], clauses: list[Clause], only_negative: bool = False) -> list[dict]:
    """Draft set items for the final rating of each answer (only 👎 ones with `only_negative`)."""
    by_id = {c.id: c for c in clauses}
    by_doc: dict[str, list[Clause]] = {}
    for clause in clauses:
        by_doc.setdefault(clause.doc, []).append(clause)
    rated = final_ratings(records)
    if only_negative:
        rated = [r for r in rated if r.get("rating") == "down"]
    return [draft_item(r, by_id, by_doc) for r in rated]


def to_jsonl(items: list[dict]) -> str:
    """Items as JSONL text, one per line."""
    return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)


def set_problems(text: str, source: str) -> list[str]:
    """Why lines of draft JSONL would not load as a regression set (eval's own loader says), or []."""
    from eval.sets import parse_jsonl

    return [str(problem) for problem in parse_jsonl(text, source=source)[1]]

"""Regression sets: load and validate the questions the eval stage asks.

Two file formats carry the same fields.

JSONL (`.jsonl`, `.json`): one JSON object per line, as in `eval/sets/qa_dev.jsonl`::

    {"id": "D001", "category": "lead_department", "question": "...", "history": [],
     "answerable": true, "must_include": ["..."], "must_include_any": [["5个", "五个"]],
     "must_not_include": ["..."], "gold": [{"doc": "000_x.txt", "quote": "..."}], "notes": "..."}

Blank lines are skipped (they still count for line numbers).

CSV (`.csv`, UTF-8, a header row naming the columns, any column order):

- `answerable`: `true/false`, `yes/no` or `1/0` (case-insensitive).
- `must_include`, `must_not_include`: members separated by `|`, e.g. `主要负责人|配合`.
- `must_include_any`: groups separated by `||`, members of a group by `|`,
  e.g. `5个|五个||没有|未列` is two groups.
- `gold`: `doc::quote` items separated by `||`, e.g. `000_x.txt::牵头单位:国际部||001_y.txt::...`;
  the doc is everything before the first `::`.
- `history`: empty, or the JSON text of the list of `{"role", "content"}` turns.
- Members are stripped of surrounding spaces; an empty cell is an empty list.
  There is no escaping: a term that itself contains `|` (or a quote containing `||`)
  cannot be written in CSV; use JSONL for it.
- The line number of a CSV row is the file line where the row starts (header = line 1).

Fields. Required: `id` (unique), `category`, `question` (non-empty strings) and
`answerable` (bool). Optional: `history`, `must_include`, `must_include_any`,
`must_not_include`, `gold` (default empty) and `notes` (default ""). Any other field is
a problem, because a misspelt check name (`must_includes`) would otherwise be silently
skipped and the item would pass without being checked.

Validation (the fields as pydantic models: `eval.set_schema`). A line with a problem (bad JSON, a missing or wrongly typed field, an
unknown field, a term or quote that is empty once folded and so would match anything,
content checks or gold on an unanswerable item, whose only check is that it is refused,
a duplicate id) is left out and reported as `SetProblem(line, reason)`; the other lines
still load. With `strict=True` the first problem raises `SetError` instead.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from eval.set_schema import BadLine, Record, type_name, validate_record

REQUIRED_FIELDS = tuple(name for name, f in Record.model_fields.items() if f.is_required())
KNOWN_FIELDS = frozenset(Record.model_fields)
_CSV_TRUE = frozenset({"true", "yes", "1"})
_CSV_FALSE = frozenset({"false", "no", "0"})


@dataclass(frozen=True)
class GoldQuote:
    """A passage that supports the answer: `quote` must occur in a clause of `doc`."""

    doc: str
    quote: str


@dataclass
class EvalItem:
    """One question of a regression set, with what a right answer must (not) contain."""

    id: str
    category: str
    question: str
    answerable: bool
    history: list[dict[str, str]] = field(default_factory=list)
    must_include: list[str] = field(default_factory=list)
    must_include_any: list[list[str]] = field(default_factory=list)
    must_not_include: list[str] = field(default_factory=list)
    gold: list[GoldQuote] = field(default_factory=list)
    notes: str = ""
    line: int = 0  # where the item was read, so a report can point back at the set file

    def to_json(self) -> dict[str, Any]:
        """The JSONL shape of the item (plus `line`)."""
        return asdict(self)


@dataclass(frozen=True)
class SetProblem:
    """Why a line of a set file was not loaded."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


class SetError(ValueError):
    """A set file that cannot be used: unreadable, unknown format, or (strict) a bad line."""

    def __init__(self, message: str, problem: SetProblem | None = None) -> None:
        super().__init__(message)
        self.problem = problem


HALVES = ("dev", "held")


def half_of(items: list[EvalItem], half: str) -> list[EvalItem]:
    """One half of a set, chosen by a hash of each item's id (not by position or content),
    so an item stays in its half whatever is added around it: develop on `dev`, report `held`."""
    wanted = HALVES.index(half)
    return [i for i in items if hashlib.sha256(i.id.encode("utf-8")).digest()[0] % 2 == wanted]


def load_set(path: str | Path, strict: bool = False) -> tuple[list[EvalItem], list[SetProblem]]:
    """Load a regression set from a `.jsonl`/`.json` or `.csv` file.

    Returns the items that validated and the problems of the lines that did not.
    With `strict=True` raises `SetError` at the first problem. Raises `SetError` too
    when the file cannot be read or its suffix is neither JSONL nor CSV.
    """
    path = Path(path)
    try:
        # utf-8-sig: spreadsheet exports often start with a byte-order mark
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise SetError(f"{path}: cannot read the set: {exc}") from exc
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".json"):
        return parse_jsonl(text, strict=strict, source=str(path))
    if suffix == ".csv":
        return parse_csv(text, strict=strict, source=str(path))
    raise SetError(f"{path}: unknown set format {suffix or '(no suffix)'!r}; use .jsonl or .csv")


def parse_jsonl(
    text: str, strict: bool = False, source: str = "<jsonl>"
) -> tuple[list[EvalItem], list[SetProblem]]:
    """Parse JSONL text into items and problems (see the module docstring)."""
    collector = _Collector(strict, source)
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise BadLine(f"bad JSON: {exc.msg} at column {exc.colno}") from exc
            if not isinstance(record, dict):
                raise BadLine(f"expected a JSON object, got {type_name(record)}")
            collector.add(_item_from_record(record, line_no), line_no)
        except BadLine as exc:
            collector.problem(line_no, str(exc))
    return collector.items, collector.problems


def parse_csv(
    text: str, strict: bool = False, source: str = "<csv>"
) -> tuple[list[EvalItem], list[SetProblem]]:
    """Parse CSV text into items and problems (see the module docstring for the cell syntax)."""
    collector = _Collector(strict, source)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        return [], []
    unknown = [name for name in header if name not in KNOWN_FIELDS]
    missing = [name for name in REQUIRED_FIELDS if name not in header]
    if missing:
        # Every row would fail the same way: say it once.
        collector.problem(1, f"header lacks required column(s): {', '.join(missing)}")
        return collector.items, collector.problems
    if unknown:
        # The column is ignored, but reported: a misspelt check column must not pass unseen.
        collector.problem(1, f"unknown column(s) ignored: {', '.join(unknown)}")
    next_start = reader.line_num + 1
    for row in reader:
        line_no, next_start = next_start, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        try:
            if len(row) > len(header):
                raise BadLine(f"{len(row)} cells but the header has {len(header)} columns")
            cells = dict(zip(header, row, strict=False))
            record = _record_from_csv_cells({k: v for k, v in cells.items() if k in KNOWN_FIELDS})
            collector.add(_item_from_record(record, line_no), line_no)
        except BadLine as exc:
            collector.problem(line_no, str(exc))
    return collector.items, collector.problems


class _Collector:
    """Gathers items and problems; raises at the first problem when strict."""

    def __init__(self, strict: bool, source: str) -> None:
        self.strict = strict
        self.source = source
        self.items: list[EvalItem] = []
        self.problems: list[SetProblem] = []
        self._seen_ids: dict[str, int] = {}

    def add(self, item: EvalItem, line_no: int) -> None:
        if item.id in self._seen_ids:
            self.problem(line_no, f"duplicate id {item.id!r} (first on line {self._seen_ids[item.id]})")
            return
        self._seen_ids[item.id] = line_no
        self.items.append(item)

    def problem(self, line_no: int, reason: str) -> None:
        problem = SetProblem(line_no, reason)
        if self.strict:
            raise SetError(f"{self.source}: {problem}", problem)
        self.problems.append(problem)


def _record_from_csv_cells(cells: dict[str, str]) -> dict[str, Any]:
    """Turn CSV cells into the JSON record shape, so both formats share one validator."""
    record: dict[str, Any] = {}
    for name, raw in cells.items():
        cell = raw.strip()
        if name in ("id", "category", "question", "notes"):
            record[name] = cell
        elif name == "answerable":
            if cell.lower() in _CSV_TRUE:
                record[name] = True
            elif cell.lower() in _CSV_FALSE:
                record[name] = False
            else:
                raise BadLine(f"answerable must be true/false, got {cell!r}")
        elif name in ("must_include", "must_not_include"):
            record[name] = _split_members(cell)
        elif name == "must_include_any":
            record[name] = [_split_members(group) for group in cell.split("||")] if cell else []
        elif name == "gold":
            record[name] = [_gold_from_cell(part) for part in cell.split("||")] if cell else []
        elif name == "history":
            try:
                record[name] = json.loads(cell) if cell else []
            except json.JSONDecodeError as exc:
                raise BadLine(f"history is not JSON: {exc.msg} at column {exc.colno}") from exc
    return record


def _split_members(cell: str) -> list[str]:
    # Empty members are kept (as "") so the validator reports them instead of hiding a typo.
    return [member.strip() for member in cell.split("|")] if cell.strip() else []


def _gold_from_cell(part: str) -> dict[str, str]:
    doc, sep, quote = part.partition("::")
    if not sep:
        raise BadLine(f"gold item {part.strip()!r} is not doc::quote")
    return {"doc": doc.strip(), "quote": quote.strip()}


def _item_from_record(record: dict[str, Any], line_no: int) -> EvalItem:
    """Validate one record (JSON object or converted CSV row) and build its item."""
    valid = validate_record(record)
    return EvalItem(
        id=valid.id,
        category=valid.category,
        question=valid.question,
        answerable=valid.answerable,
        history=[turn.model_dump() for turn in valid.history],
        must_include=valid.must_include,
        must_include_any=valid.must_include_any,
        must_not_include=valid.must_not_include,
        gold=[GoldQuote(doc=g.doc, quote=g.quote) for g in valid.gold],
        notes=valid.notes,
        line=line_no,
    )

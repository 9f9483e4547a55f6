"""Dated targets and deadlines in the clauses (目标时间线): "到2018年底,…", "到2025年,…", "年内…".

`extract_targets(clauses)` is pure and deterministic: the same clauses give the same records in
the same order. It reads the clauses as stored, so the index format does not change; the
assistant computes it once per snapshot version.

What counts as a target, and why:

- `到/至/截至/截止(到) YYYY年[底|末|前|…]` — a deadline by construction ("by the end of 2018").
- `YYYY年[底|末]前`, `YYYY年以前`, `YYYY年之前`, `YYYY年前` — also a deadline without 到.
- `年内` / `本年度内` / `今年内` — "within the year": the year is the plan's, and only when the
  document's title names exactly one year (《…2017年行动计划》). Otherwise it is skipped: a year
  that is not written is never invented.
- A bare `YYYY年` is not a target: `2008年4月7日…签署` reports an event, `2018年IECRE年会` names
  one, `明确2017年工作重点` states the plan's year. Ranges (`2024-2030年`) are periods, not dates.

The target is the sentence holding the marker, in the clause's own words and script.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from ingest.model import Clause

_YEAR = r"(?P<year>(?:19|20)\d{2})\s*年"
_NOT_RANGE_END = r"(?<![\d\-—–~\uff5e至到])"  # "2024-2030年": the 2030 ends a range, not a deadline
# By/until a year: 到2018年底, 至2025年, 截至2020年末, 到2025年前.
_BY_YEAR = re.compile(rf"(?:到|至|截至|截止到?)\s*{_YEAR}(?:底|末|年底|年末)?(?:前|以前|之前)?")
# A year with an explicit "before/end of": 2017年底前, 2020年以前, 2019年前.
_BEFORE_YEAR = re.compile(rf"{_NOT_RANGE_END}{_YEAR}(?:(?:底|末)(?:前|以前|之前)?|以前|之前|前(?![进往行一二三四五六七八九十两几半\d]))")
# Within the (plan's) year: needs the year from the title.
_WITHIN_YEAR = re.compile(r"(?:本年度内|本年度內|今年内|今年內|年内|年內)")
_TITLE_YEAR = re.compile(r"(?<![\d\-—–~\uff5e])((?:19|20)\d{2})\s*年(?![\d\-—–~\uff5e])")
_TITLE_RANGE = re.compile(r"(?:19|20)\d{2}\s*[-—–~\uff5e至到]\s*(?:19|20)\d{2}")
_SENTENCE_END = "。!?;!?;\n"


@dataclass(frozen=True)
class Target:
    """A dated target or deadline: `when` as written, `target` the sentence that states it."""

    year: int
    when: str
    target: str
    doc: str
    title: str
    clause_id: str
    clause_path: list[str]

    @property
    def clause(self) -> str:
        """The clause path as one readable string."""
        return " > ".join(self.clause_path)

    def to_json(self) -> dict:
        """The record as plain JSON (CLI `--json`, HTTP API)."""
        data = asdict(self)
        data["clause"] = self.clause
        return data


def title_year(title: str) -> int | None:
    """The one year a title names (《…2017年行动计划》 -> 2017); None for none, several, or a range."""
    if _TITLE_RANGE.search(title):
        return None
    years = {int(y) for y in _TITLE_YEAR.findall(title)}
    return years.pop() if len(years) == 1 else None


def sentence_at(text: str, position: int) -> str:
    """The sentence of `text` around `position`, ending punctuation included, stripped."""
    start = max(text.rfind(ch, 0, position) for ch in _SENTENCE_END) + 1
    ends = [i for i in (text.find(ch, position) for ch in _SENTENCE_END) if i != -1]
    end = min(ends) + 1 if ends else len(text)
    return text[start:end].strip()


def _markers(text: str, plan_year: int | None) -> list[tuple[int, int, str]]:
    """(position, year, when) of each dated marker in the text, in order, overlaps dropped."""
    found: list[tuple[int, int, int, str]] = []  # start, end, year, when
    for pattern in (_BY_YEAR, _BEFORE_YEAR):
        for m in pattern.finditer(text):
            found.append((m.start(), m.end(), int(m.group("year")), m.group(0).strip()))
    if plan_year is not None:
        for m in _WITHIN_YEAR.finditer(text):
            found.append((m.start(), m.end(), plan_year, m.group(0)))
    found.sort(key=lambda f: (f[0], -f[1]))
    kept: list[tuple[int, int, str]] = []
    last_end = -1
    for start, end, year, when in found:
        if start < last_end:
            continue  # "到2018年底前" also matches "2018年底前": keep the longer, earlier one
        kept.append((start, year, when))
        last_end = end
    return kept


def clause_targets(clause: Clause) -> list[Target]:
    """The targets of one clause; one per (year, sentence)."""
    plan_year = title_year(clause.title)
    targets: list[Target] = []
    seen: set[tuple[int, str]] = set()
    for position, year, when in _markers(clause.text, plan_year):
        sentence = sentence_at(clause.text, position)
        if (year, sentence) in seen:
            continue
        seen.add((year, sentence))
        targets.append(
            Target(year=year, when=when, target=sentence, doc=clause.doc, title=clause.title,
                   clause_id=clause.id, clause_path=list(clause.clause_path))
        )
    return targets


def extract_targets(clauses: Iterable[Clause]) -> list[Target]:
    """Every dated target in the clauses, by year, then document, then position in the text."""
    ordered = sorted(clauses, key=lambda c: (c.doc, c.ordinal))
    targets = [t for clause in ordered for t in clause_targets(clause)]
    # stable sort: within a year and document the text order is kept
    return sorted(targets, key=lambda t: (t.year, t.doc))


def filter_targets(targets: Iterable[Target], year: int | None = None, doc: str | None = None) -> list[Target]:
    """Targets of one year (exactly) and/or one document (its id)."""
    return [t for t in targets if (year is None or t.year == year) and (doc is None or t.doc == doc)]

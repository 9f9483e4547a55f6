"""What a unit is said to be responsible for outside the task table.

The task table says who leads and who supports each task; a plan may also state a unit's own
duty in prose ("国际合作部负责认证认可服务“一带一路”建设工作的统筹协调、整体推进及督促落实").
A question asking what a unit is responsible for (负责, 职责), with no task in view, is
answered by that statement when the texts make one; a question restating the duty ("…的统筹
协调") is read against it, and one that gives the duty to another unit is corrected.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.core.lexicon import unit_forms
from ingest.model import Clause
from text.fold import fold
from text.runs import shared_run

# 负责 as a verb: "主要负责人" is a person, "负责任" an adjective
RESPONSIBLE = r"负责(?![人任])"
# "负什么责": the verb split around its object
DUTY_ASKED = re.compile(rf"{RESPONSIBLE}|负(?:什么|哪些|啥)责|职责|管什么|管哪些")
# the table's own words: a question about tasks, roles or a numbered item is the table's
TABLE_WORDS = re.compile(r"牵头|配合|协助|任务|子项|第\s*\d{1,2}\s*项|[一二三四五六七八九十]+项|lead|support", re.I)
# a duty is restated when the question holds this many of its characters in one run: a shared
# word ("认证") is chance, a run of four is the phrase ("统筹协调")
MIN_RESTATED = 4
_SENTENCE_END = re.compile(r"[。;;!!?？\n]")


@dataclass(frozen=True)
class Duty:
    """A unit's duty as a sentence states it: the unit as written, its table name, the duty."""

    form: str
    unit: str
    duty: str


def stated_duties(clauses: list[Clause], known_units: list[str]) -> list[Duty]:
    """Every "<unit>负责<duty>" the clauses state (only clauses writing 负责 in either script
    are folded: folding every clause costs seconds on a large library)."""
    forms = _forms(known_units)
    if not forms:
        return []
    stated = re.compile(rf"({'|'.join(re.escape(f) for f in sorted(forms, key=len, reverse=True))}){RESPONSIBLE}")
    duties = []
    for clause in clauses:
        if "负责" not in clause.text and "負責" not in clause.text:
            continue
        text = fold(clause.text)
        for m in stated.finditer(text):
            end = _SENTENCE_END.search(text, m.end())
            duties.append(Duty(m.group(1), forms[m.group(1)], text[m.end(): end.start() if end else len(text)]))
    return list(dict.fromkeys(duties))


def asked_duty(question: str, named_units: Callable[[], list[str]], duties: list[Duty]) -> Duty | None:
    """The stated duty a question asks about: it asks what a unit is responsible for (or
    restates a duty), names no task, and the texts state that unit's duty, or the duty restated.
    `named_units` gives the units the question names, asked for only then."""
    q = fold(question)
    if not DUTY_ASKED.search(q) or TABLE_WORDS.search(q):
        return None
    return restated_duty(q, duties) or next((d for d in duties if d.unit in named_units()), None)


def restated_duty(question: str, duties: list[Duty]) -> Duty | None:
    """The duty whose words the question repeats in a run of `MIN_RESTATED` characters or more."""
    q = fold(question)
    best = max(((len(shared_run(q, d.duty)), -i, d) for i, d in enumerate(duties)), default=None, key=lambda t: t[:2])
    return best[2] if best and best[0] >= MIN_RESTATED else None


def duty_corrections(question: str, duty: Duty, known_units: list[str]) -> list[str]:
    """"文本写的是“国际合作部”负责…,不是“认证部”" when the question restates `duty` (the one
    `asked_duty` found) and gives it to a unit the texts do not give it to."""
    q = fold(question)
    responsible = re.search(RESPONSIBLE, q)
    if responsible is None or len(shared_run(q, duty.duty)) < MIN_RESTATED:
        return []
    before = q[: responsible.start()]
    forms = _forms(known_units)
    asked = next((f for f in sorted(forms, key=len, reverse=True) if before.endswith(f)), None)
    if asked is None or forms[asked] == duty.unit:
        return []
    return [f"文本写的是“{duty.form}”负责{duty.duty},不是“{asked}”"]


def _forms(known_units: list[str]) -> dict[str, str]:
    """Every name of each unit (folded), with the unit's table name."""
    return {fold(form): unit for unit in known_units for form in unit_forms(unit)}

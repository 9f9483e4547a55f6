"""The figures a text states: years, year ranges, dates, amounts and counts with their measure.

A question's figures are its premises (`premises_of(question)`); a clause is read by the same
parser for the kind a premise has, so a question and a text are compared figure for figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import cn2an

from text.fold import fold

YEAR_RANGE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-–—~至到]\s*((?:19|20)?\d{2,4})(?!\d)")
YEAR = re.compile(r"(?<![\d-])((?:19|20)\d{2})(?:年)?(?![\d-])")
MONTH_DAY = re.compile(r"(?<!\d)(\d{1,2})月(\d{1,2})[日号]")
# A month without its day ("2020年7月成立"): it dates an event to the month, as a day would
MONTH = re.compile(r"(?<!\d)(\d{1,2})\s*月(?:份)?(?!\s*\d)")
# A day with its year, as prose or ISO writes it ("2016年10月27日", "2018-10-27"): one date, no range
FULL_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:\s*年\s*|-)(\d{1,2})(?:\s*月\s*|-)(\d{1,2})(?:\s*[日号])?(?!\d)")
# A sum of money or a share, in its unit ("1000亿元", "30%")
AMOUNT = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(万|亿)?\s*(元|%)")
# Measure words of a count; "6国大使" counts countries, "国家/国内/国际" are words of their own
COUNT_MEASURES = r"个|项|家|份|人|名|条|所|类|批|款|种|大项|子项|国(?![家内际外务])"
# "100多家" is a count too, and an approximate one: its value keeps the mark (`count_value`)
# "15个人" counts people as "15人" does: 个 before 人 is the general classifier, unless 人 opens a
# word of its own ("3个人才库" counts 人才库, in 个)
PERSON_AFTER_GE = r"个(?=人(?![才员士民力类工群口数次气格]))"
# "二十个子项" counts 子项 as "18子项" does: 个 is the general classifier before a measure noun
GE_BEFORE_MEASURE = r"个(?=大项|子项)"
# "1万家", "1.2万人": a digit figure in ten-thousands is read whole (it is 10000家, not 万家)
COUNT = re.compile(rf"(?<![\d.第\-–—~至])(\d+(?:\.\d+)?[万亿]?|[一二三四五六七八九十两百千万]+)\s*(?:多|余)?\s*(?:{PERSON_AFTER_GE}|{GE_BEFORE_MEASURE})?({COUNT_MEASURES})")


@dataclass(frozen=True)
class Premise:
    """A figure the question takes as given: a year, a year range, a date, an amount or a count."""

    kind: str  # year | range | date | month | amount | count
    value: str  # as folded from the question, e.g. "2016-2020", "8月17日", "42份"
    measure: str = ""  # for counts: the measure word
    # for counts: the words around the figure, which say what it counts ("上线企业增加" | "家")
    before: str = ""
    after: str = ""

    @property
    def number(self) -> int | None:
        """A count's figure without its measure or approximate mark ("100多家" -> 100)."""
        return number_of(self.value.removesuffix(self.measure).rstrip("多"))


def count_value(m: re.Match) -> str:
    """A `COUNT` match as the value it states: "36个", "100多家" (an approximate count keeps its
    mark, so it never equals an exact one)."""
    about = "多" if re.search(r"[多余]", m.group(0)) else ""
    # "1万家" as written (its `number` is 10000); "十三项" as 13项
    figure = m.group(1) if re.fullmatch(r"[\d.]+[万亿]", m.group(1)) else number_of(m.group(1))
    return f"{figure}{about}{m.group(2)}"


def number_of(token: str) -> int | None:
    """An Arabic or Chinese numeral ("13", "十三") as an int, or None."""
    try:
        return int(token) if token.isdigit() else int(cn2an.cn2an(token, "smart"))
    except (ValueError, KeyError):
        return None


def premises_of(text: str, kind: str | None = None) -> list[Premise]:
    """The figures a question states (years, ranges, dates, amounts, counts), in order; only
    those of one `kind` when given (a clause's text is read for the kind a premise has)."""
    q = fold(text)
    found: list[Premise] = []
    days = list(FULL_DATE.finditer(q))
    in_day = [m.span() for m in days]  # "2018-10-27" is no range 2018-2010, "10月27日" is its own
    spans: list[tuple[int, int]] = []
    for m in YEAR_RANGE.finditer(q) if kind in (None, "range", "year") else ():
        if any(s <= m.start() < e for s, e in in_day):
            continue
        end = m.group(2) if len(m.group(2)) == 4 else m.group(1)[:2] + m.group(2)[-2:]
        found.append(Premise("range", f"{m.group(1)}-{end}"))
        spans.append(m.span())  # a year inside a range is not a year of its own
    for m in YEAR.finditer(q) if kind in (None, "year") else ():
        if not any(s <= m.start() < e for s, e in spans):
            found.append(Premise("year", m.group(1)))
    if kind in (None, "date"):
        found += [Premise("date", f"{m.group(1)}年{int(m.group(2))}月{int(m.group(3))}日") for m in days]
        found += [Premise("date", f"{int(m.group(1))}月{int(m.group(2))}日") for m in MONTH_DAY.finditer(q)
                  if not any(s <= m.start() < e for s, e in in_day)]
    if kind is None:
        found += [Premise("month", f"{int(m.group(1))}月") for m in MONTH.finditer(q) if 1 <= int(m.group(1)) <= 12]
    if kind in (None, "amount"):
        found += [Premise("amount", re.sub(r"\s", "", m.group(0))) for m in AMOUNT.finditer(q)]
    for m in COUNT.finditer(q) if kind in (None, "count") else ():
        number = number_of(m.group(1))
        # "是哪65个": the group asked for, named again by its figure, states nothing new
        if number is not None and number > 1 and not re.search(r"几|多少", m.group(0)) and not q[:m.start()].rstrip().endswith("哪"):
            found.append(Premise("count", count_value(m), m.group(2), q[max(0, m.start() - 12):m.start()], q[m.end():m.end() + 12]))
    return found

"""The days and counts an English question takes as given, in the texts' Chinese forms.

"Was the association set up on 7 September?" states 9月7日; "picked 35 key countries" states
35个 of 国家. Written as the Chinese texts write them, they are premises like a Chinese
question's (`stated.Premise`), and `premises.premise_corrections` checks them the same way.
A count's measure word is the one the texts use before the counted noun ("35 countries" ->
个, because the texts write "32个国家"): English has no measure words to read it from.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import jieba

from assistant.core.bilingual import STOP_WORDS, Bilingual
from assistant.core.lexicon import chinese_terms
from assistant.core.query import ENGLISH_NUMBERS
from assistant.core.stated import COUNT, Premise

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
_MONTH = r"(january|february|march|april|june|july|august|september|october|november|december|sept?|oct|nov|dec|jan|feb|mar|apr|jun|jul|aug)\.?"
_ORDINAL = r"(\d{1,2})(?:st|nd|rd|th)?"
_DAY_MONTH = re.compile(rf"\b{_ORDINAL}\s+(?:of\s+)?{_MONTH}\b")
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+{_ORDINAL}\b(?![\d,]*\d{{3}})")
# "in March 2020", "in March": the month an event is dated to ("May" alone is a modal verb)
_MONTH_ONLY = re.compile(rf"\b(?:in|of|since|from|by)\s+{_MONTH}\b(?!\s*\d{{1,2}}\b)")
# a figure before what it counts: "35 key countries", "seven fields"; not a year, an item number
# ("task 12 on"), a hyphened word ("three-year") or a decimal
_COUNTED = re.compile(r"(?<![\w.-])(\d{1,4}|" + "|".join(ENGLISH_NUMBERS) + r")(?![\w.-])((?:\s+[a-z]+){1,3})")
# English words for a number of people, which the texts count in 人 ("11人课题组")
PEOPLE = frozenset(["people", "persons", "staff", "personnel"])
# how far after a Chinese figure and its measure the counted noun may stand: a noun phrase ends
# in its head ("8个国际检测认证多边互认体系"); as far as `counted_premises.counts_same` reads
NOUN_REACH = 10


def _month(word: str) -> int:
    """A month's number from its name or abbreviation ("sept" -> 9)."""
    return next(i for i, name in enumerate(MONTHS, 1) if name.startswith(word[:3]))


def english_premises(text: str, bilingual: Bilingual) -> list[Premise]:
    """The days, months and counts an English question states, as Chinese premises (the
    texts' words and measures read from `bilingual`'s corpus)."""
    low = text.lower()
    found = [Premise("date", f"{_month(m.group(2))}月{int(m.group(1))}日") for m in _DAY_MONTH.finditer(low) if 1 <= int(m.group(1)) <= 31]
    found += [Premise("date", f"{_month(m.group(1))}月{int(m.group(2))}日") for m in _MONTH_DAY.finditer(low) if 1 <= int(m.group(2)) <= 31]
    if not found:
        found += [Premise("month", f"{_month(m.group(1))}月") for m in _MONTH_ONLY.finditer(low)]
    for m in _COUNTED.finditer(low):
        number = int(m.group(1)) if m.group(1).isdigit() else ENGLISH_NUMBERS.index(m.group(1)) + 1
        if number < 2 or 1900 <= number <= 2100 or re.search(r"\b(?:which|what)\s+$", low[:m.start()]):
            # one thing is no count; a year is read as a year (`stated.premises_of`); "which 5
            # countries" names the group asked for, as "是哪5个" does
            continue
        counted = _counted_noun(m.group(2), bilingual)
        if counted:
            noun, measure = counted
            found.append(Premise("count", f"{number}{measure}", measure, "", noun))
    return found


def _counted_noun(words: str, bilingual: Bilingual) -> tuple[str, str] | None:
    """The texts' word for what an English figure counts and the measure they count it in: of the
    words after a figure above one, the first plural is what it counts, the words before it
    qualify it ("35 key countries", "158 member units" -> 单位 in 家, from "185家会员单位"); of
    its translations, the one the texts count most often (a dictionary gives many: "unit" is
    also 动车)."""
    head = next((w for w in words.split()[:4] if w in PEOPLE or (w.endswith("s") and not w.endswith("ss"))), "")
    if head in PEOPLE:
        return "", "人"
    if not head or head in STOP_WORDS:
        return None
    translations = [*chinese_terms(head), *bilingual.translations(head)]
    counted = [(_measures_before(noun, bilingual.corpus_text), noun) for noun in dict.fromkeys(t for t in translations if len(t) >= 2)]
    counted = [(measures, noun) for measures, noun in counted if measures]
    if not counted:
        return None
    measures, noun = max(counted, key=lambda mn: sum(mn[0].values()))
    return noun, max(sorted(measures), key=lambda k: measures[k])


@lru_cache(maxsize=4096)
def _measures_before(noun: str, corpus_text: str) -> Counter:
    """How often the texts write each measure word between a figure and a noun that stands as a
    word of its own (jieba's cut starts a word there: 动车 in 机动车 is none)."""
    measures: Counter = Counter()
    starts = _word_starts(corpus_text)
    for at in (m.start() for m in re.finditer(re.escape(noun), corpus_text)):
        if at not in starts:
            continue
        window = corpus_text[max(0, at - NOUN_REACH - 6):at]
        for m in COUNT.finditer(window):
            if len(window) - m.end() <= NOUN_REACH and re.fullmatch(r"[\u4e00-\u9fff]*", window[m.end():]):
                measures[m.group(2)] += 1
    return measures


@lru_cache(maxsize=2)
def _word_starts(corpus_text: str) -> frozenset[int]:
    """Where each of jieba's words begins in the texts (cut once per index)."""
    starts, at = set(), 0
    for word in jieba.cut(corpus_text, HMM=False):
        starts.add(at)
        at += len(word)
    return frozenset(starts)

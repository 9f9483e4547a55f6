"""Count premises: which figure of the evidence counts what the question's figure counts.

"副会长单位是8家" is checked against the figure the texts attach to the same noun ("7家机构当选为
副会长单位"), not against every count in the sentence ("174家", "98家")."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.core.counted import NOUN_END
from assistant.core.selection import labelled_lists, named_lists
from assistant.core.stated import COUNT, COUNT_MEASURES, Premise, count_value, number_of
from ingest.model import Clause
from text.fold import fold

# "3至5家" (a range, as `premises.evidence_text` writes it): a count of its own, "3-5家"
_RANGE_COUNT = re.compile(rf"(?P<low>\d+)至(?P<high>\d+)\s*(?P<measure>{COUNT_MEASURES})")


# "副会长单位是8家": the noun a figure counts may be the subject before its copula
_COUNTED_SUBJECT = re.compile(r"([\u4e00-\u9fff]{2})(?:一共|总共|共)?(?:是|有|为)$")


def _counted_head(premise: Premise) -> str:
    """The last two characters of the noun a count premise counts: after the figure ("3个国家级…
    服务平台" -> 平台), or, with none after it, its subject ("副会长单位是8家" -> 单位)."""
    noun = re.match(rf"[\u4e00-\u9fff]*?{NOUN_END}", fold(premise.after))
    if noun and len(noun.group(0)) >= 2:
        return noun.group(0)[-2:]
    subject = _COUNTED_SUBJECT.search(fold(premise.before))
    return subject.group(1) if subject else ""


def counts_same(premise: Premise, value: str, sentence: str) -> bool:
    """A figure corrects a count premise only when it counts the same thing: the question's
    noun stands right after it or right before it ("两个层面" is no count of 服务平台)."""
    head = _counted_head(premise) if premise.kind == "count" else ""
    if not head:
        return True
    text = fold(sentence)
    for m in COUNT.finditer(text):
        if count_value(m) == value and head in text[max(0, m.start() - 8): m.end() + 12]:
            return True
    return False


def listed_count(premise: Premise, question: str, clauses: list[Clause]) -> tuple[int, str, str] | None:
    """"中亚的重点国家有5个吧": the items a clause lists under the label the question names
    ("中亚:哈萨克斯坦、…"), counted, with the label and the items; None when no list is named."""
    q = fold(question)
    before = q[: q.find(premise.value)] if premise.value in q else q
    lists = [pair for clause in clauses for pair in labelled_lists(fold(clause.text))]
    named = [(len(label), len(items), label, "、".join(items)) for label, items in named_lists(lists, before)]
    # a count of all the lists' items together is the whole group's ("非洲有国家进那个32国名单吗")
    if not named or premise.number == sum(len(items) for _, items in lists):
        return None
    _, count, label, items = max(named)  # of several groups named, the one with the longest label
    return count, label, items


def _attachment(before: str, after: str) -> set[str]:
    """Character pairs of the six Chinese characters on each side of a figure: what it counts."""
    left = re.sub(r"[^\u4e00-\u9fff]", "", before)[-6:]
    right = re.sub(r"[^\u4e00-\u9fff]", "", after)[:6]
    return {w[i:i + 2] for w in (left, right) for i in range(len(w) - 1)}


def _counts(text: str, measure: str) -> list[tuple[re.Match, str]]:
    """Each count in the measure in a text with its value ("500家", a range "3-5家")."""
    found = [(m, count_value(m)) for m in COUNT.finditer(text)
             if m.group(2) == measure and number_of(m.group(1)) is not None]
    return found + [(m, f"{m.group('low')}-{m.group('high')}{measure}") for m in _RANGE_COUNT.finditer(text) if m.group("measure") == measure]


def attached_correction(premise: Premise, evidence: str) -> str | None:
    """"上线企业增加1000家" when the texts say "上线企业增加500家" and "1000家" counts other
    firms: a count belongs to the words around it, so the figure the texts attach to the
    question's words (at least two shared character pairs, more than the asked figure has
    anywhere) is what the texts say."""
    asked = _attachment(premise.before, premise.after)
    if len(asked) < 2:
        return None
    best: dict[str, int] = {}
    for m, value in _counts(evidence, premise.measure):
        around = _attachment(evidence[max(0, m.start() - 12):m.start()], evidence[m.end():m.end() + 12])
        best[value] = max(best.get(value, 0), len(asked & around))
    own = best.pop(premise.value, 0)
    other = max(sorted(best.items()), key=lambda kv: kv[1], default=None)
    if other and other[1] >= 2 and other[1] > own:
        return f"文本写的是{other[0]},不是{premise.value}"
    return None


def stated_with_its_noun(premise: Premise, corpus_text: str) -> bool:
    """The texts give the asked count near the thing the question counts ("32个国家确定为…
    重点合作国家"): four characters of the question's counted noun within a sentence's reach."""
    nouns = [n for n in (re.sub(r"[^\u4e00-\u9fff]", "", premise.after)[:4], re.sub(r"[^\u4e00-\u9fff]", "", premise.before)[-4:]) if len(n) == 4]
    return any(n in window for window in _count_windows(corpus_text).get(premise.value, ()) for n in nouns)


@lru_cache(maxsize=2)
def _count_windows(corpus_text: str) -> dict[str, list[str]]:
    """Each count the texts give ("32个") -> the text within 40 characters of each place it is
    given: read once per version of the index, not once per question (the corpus is large)."""
    windows: dict[str, list[str]] = {}
    for m in COUNT.finditer(corpus_text):
        value = count_value(m)
        windows.setdefault(value, []).append(corpus_text[max(0, m.start() - 40):m.end() + 40])
    return windows

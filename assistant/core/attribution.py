"""A thing put to one document that another document says: "国际专家库是2017年行动计划提出的吧?"
when only the 2024 action plan names 认证认可国际专家库.

The question names one document and asks for confirmation (…吧/吗/对吗, 有没有/是否). The
thing it puts to that document is a quoted phrase, the object of 提到, or a run of nouns of
four characters or more left when the document's name is taken out ("中日韩检验检测互认"). When
the named document never says it and another does, the premise is the document, and the
evidence is the other one's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import jieba
import jieba.posseg

from assistant.core.focus import MENTIONED
from assistant.core.issuers import ISSUED_BY
from assistant.core.members import CLAIM_END
from assistant.core.query import Query
from assistant.core.scope import Scope
from text.fold import fold, fold_loose

ASKS_WHETHER = re.compile(r"有没有|是否|是不是")
# a thing is written with nouns (and verbal nouns: 互认, 建设), a name or an acronym
_THING_FLAGS = re.compile(r"^(n|nz|nt|ns|vn|j|eng)")
MIN_THING_CHARS = 4  # "专家库" alone is a common noun; "国际专家库" names one thing
# "这句话", "这个说法", "以上内容": a phrase that names the statement the question made before it
STATEMENT_POINTED = re.compile(r"(?:这|此|上面|以上|前面)(?:一)?(?:句话?|段话?|个说法|种说法|说法|提法|表述|内容|条|些话)")
QUOTED = re.compile(r"[“\"]([^”\"]{2,20})[”\"]")


@dataclass(frozen=True)
class Misattribution:
    """What the question puts to `named`, and the documents that say it instead."""

    thing: str
    named: str
    saying: list[str]


def things_put(quoted: list[str], topic: str) -> list[str]:
    """What a claim about a document says it holds: the question's `quoted` phrases, the object
    of 提到, then runs of nouns of at least `MIN_THING_CHARS` characters in its `topic` (the
    question without the document's name)."""
    found = list(quoted)
    q = fold(topic)
    if (m := MENTIONED.search(q)) and len(mentioned := re.sub(r"[了过]$", "", m.group(1))) >= 2:
        found.append(mentioned)
    run: list[str] = []
    for token in [*jieba.posseg.cut(QUOTED.sub("，", q), HMM=False), None]:
        if token is not None and _THING_FLAGS.match(token.flag):
            run.append(token.word)
            continue
        if len(phrase := "".join(run)) >= MIN_THING_CHARS:
            found.append(phrase)
        run = []
    return list(dict.fromkeys(found))


def misattributed(query: Query, scope: Scope, documents: list[str], says) -> Misattribution | None:
    """The first thing the question puts to its one named document that the document never
    says while others do (`says(words, doc)` over loosely folded text), or None."""
    if len(scope.docs) != 1 or not (CLAIM_END.search(fold(query.text)) or ASKS_WHETHER.search(fold(query.text))):
        return None
    named = scope.docs[0]
    # who issued the document is the issuer check's ("…是国家认监委发布的吧"), not a thing it holds
    issuers = [fold_loose(m.group(1)) for m in ISSUED_BY.finditer(fold(query.text))]
    quoted = [m.group(1) for m in QUOTED.finditer(fold(query.text))]
    for thing in things_put(quoted, _naming_phrase(scope)):
        words = fold_loose(thing)
        if says(words, named) or any(words in issuer for issuer in issuers):
            continue
        # a run of nouns whose head the document does use may reword what it says ("外资机构"
        # for its 外资认证机构): only a kind of thing the document never names is missing from it
        if thing not in quoted and says(fold_loose(_head(thing)), named):
            continue
        saying = [d for d in documents if d != named and says(words, d)]
        if saying:
            return Misattribution(thing, named, saying)
    return None


def _naming_phrase(scope: Scope) -> str:
    """The phrase (between commas) of the question that names the document: what it claims of
    the document is said there; "我们做光伏的,三年计划里有支持吗" tells the asker's case apart."""
    at = scope.places[0] if scope.places else 0
    for m in re.finditer(r"[^,,;;。!?！？]+", scope.topic):
        if m.start() <= at < m.end():
            # "…,这句话出自2017年行动计划吧": the phrase points back to the statement before it
            return scope.topic if STATEMENT_POINTED.search(m.group(0)) else m.group(0)
    return scope.topic


def _head(run: str) -> str:
    """The last word of a noun run, the kind of thing it names ("国际专家库" -> 专家库)."""
    words = [w for w in jieba.cut(run, HMM=False) if len(w) >= 2]
    return words[-1] if words else run

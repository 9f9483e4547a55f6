"""The body a question says issued a text, against the bodies the texts name as issuing it.

"2017年行动计划是市场监管总局发的" when the plan's opening says 国家认监委 issued it: the answer says
"文本写的是国家认监委,不是市场监管总局". A body named in full or in short is one body.
"""

from __future__ import annotations

import re

from assistant.core.members import CLAIM_END
from ingest.model import Clause
from text.fold import fold, fold_loose
from text.sentences import sentences

# A body that issues texts, as a question or a text names it ("市场监管总局", "国家认监委", "青岛海关")
# (格局, 布局, 全局 and 全部, 内部 end like bodies and are none)
ISSUING_BODY = (r"(?:(?!的)[\u4e00-\u9fff]){2,12}?(?:总局|(?<![格布全大结])局|委员会|委|(?<![全内外])部|署|院|办公厅|政府|海关)"
                r"(?![署分门长所])")
# "单独出台", "一家制定": the body alone, which a text saying 共同/联合/会同 contradicts
ALONE = r"单独|独自|一家|独家|自己|自行"
# how a question says a body issued a text ("发的", "出的" as people say it)
_ISSUED = r"(?:发布|印发|发的|发|出台|出的|制定|颁布)"
ISSUED_BY = re.compile(rf"({ISSUING_BODY})(?:联合|共同|{ALONE})?{_ISSUED}")
JOINTLY = re.compile(r"共同|联合|会同")
ISSUING_VERB_END = re.compile(rf"{_ISSUED}$")
ISSUING_VERBS = re.compile(r"发布|印发|出台|制定|颁布")
# the verbs, or a source line ("来源:", "据:")
ISSUE_WORDS = re.compile(rf"{ISSUING_VERBS.pattern}|来源|据")


# "Was the plan issued by SAMR?", "Does it come from the customs administration?"
_ENGLISH_ISSUED = re.compile(r"\b(?:issued|published|released|put out|drawn up|comes? from|came from)\b", re.I)


def issuing_claim(text: str, english: bool, texts_words: str) -> str:
    """The question as the issuing claims read it: a Chinese one as asked; an English one that
    says a body issued a text, in the texts' words for the body ("是市场监管总局发布的吗", from
    `texts_words`, its glossary words); "" for an English one that says none."""
    if not english:
        return text
    bodies = [w for w in texts_words.split() if re.fullmatch(ISSUING_BODY, w)]
    return f"是{bodies[0]}发布的吗" if bodies and _ENGLISH_ISSUED.search(text) else ""


def issuer_corrections(question: str, clauses: list[Clause]) -> list[str]:
    """"2017年行动计划是市场监管总局发的" when the texts say 国家认监委 issued it: the body the
    question says issued a text, against the bodies the evidence names in its sentences of
    issuing (and the documents' source lines). Nothing when the evidence names no issuer."""
    q = fold(question)
    issuing = _issuing_sentences(clauses)
    stated = [body for s in issuing for body in _bodies_in(s)]
    corrections = []
    for m in ISSUED_BY.finditer(q):
        asked = re.split(r"是|由|被|为|让", m.group(1))[-1]
        bodies = [b for b in re.split(r"[和与及、跟同]", asked) if len(b) >= 2]
        if stated and bodies and not all(any(_same_body(a, b) for b in stated) for a in bodies):
            corrections.append(f"文本写的是{'、'.join(dict.fromkeys(stated))},不是{asked}")
        elif bodies and re.search(ALONE, m.group(0)) and (joint := _joint_issuers(issuing, bodies)):
            # "青岛海关单独出台的吧" when the text says 与青岛海关共同出台
            verb = re.sub(r"的$", "", ISSUING_VERB_END.search(m.group(0)).group(0))
            corrections.append(f"文本写的是{'、'.join(joint)}共同{verb},不是{asked}单独{verb}")
    return corrections


# "由哪几个部门联合印发": several bodies that issued a text together, asked for
JOINT_ASKED = re.compile(rf"哪(?:几|些)[个家]?(?:部门|单位|机构|部委)?(?:联合|共同){_ISSUED}")


def issuers_unstated(question: str, clauses: list[Clause]) -> str | None:
    """Why a question about who issued a text goes unanswered: "由哪几个部门联合印发" when no
    sentence of issuing (nor source line) says two bodies or more issued it jointly; "是国务院
    印发的吗" when none names any issuer (a date line says when, not who). None otherwise."""
    q = fold(question)
    issuing = _issuing_sentences(clauses)
    if JOINT_ASKED.search(q) and not any(JOINTLY.search(s) and len(set(_bodies_in(s))) >= 2 for s in issuing):
        return "文本没有说由哪几个部门联合发布"
    if ISSUED_BY.search(q) and CLAIM_END.search(q) and not any(_bodies_in(s) for s in issuing):
        return "文本没有写明由谁发布"
    return None


def _joint_issuers(issuing: list[str], bodies: list[str]) -> list[str]:
    """The bodies of a sentence saying the asked bodies issued a text jointly with others."""
    for sentence in issuing:
        named = list(dict.fromkeys(_bodies_in(sentence)))
        if JOINTLY.search(sentence) and len(named) > len(bodies) and all(any(_same_body(a, b) for b in named) for a in bodies):
            return named
    return []


def _issuing_sentences(clauses: list[Clause]) -> list[str]:
    """The clauses' sentences of issuing, and their source lines ("来源:", "据:")."""
    return [s for c in clauses for s in sentences(fold(c.text)) if ISSUE_WORDS.search(s)]


def names_issuer(text: str) -> bool:
    """Whether a sentence of the text says a named body issued something ("与青岛海关共同出台"),
    or a document's source line names one ("来源:市场监管总局")."""
    return any((ISSUING_VERBS.search(s) or _SOURCE_LINE.search(s)) and _bodies_in(s) for s in sentences(fold(text)))


# a document card's line naming where it comes from
_SOURCE_LINE = re.compile(r"来源[::]")


def _bodies_in(sentence: str) -> list[str]:
    """The issuing bodies a sentence names, without the joining word before each ("与青岛海关")."""
    return [re.sub(r"^[与和及同跟由在]", "", b) for b in re.findall(ISSUING_BODY, sentence)]


def _same_body(asked: str, stated: str) -> bool:
    """One body, named in full or in short ("认监委" / "国家认监委", "青岛市场监管局" / "青岛市市场
    监管局": the administrative level 市/省 is written or left out)."""
    a, b = (re.sub(r"[市省]", "", fold_loose(x)) for x in (asked, stated))
    return a in b or b in a


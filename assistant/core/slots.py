"""What a part of a question asks for (its slot) and whether a sentence of the evidence carries it.

A date for "when", a number in the same measure word for "how many", a named person for "who
said", a role word for "who leads": in a sentence that also carries most of what the question
describes (`slot_evidence`). The figure itself, as the clause writes it, is `figures.stated_figure`.
"""

from __future__ import annotations

import re

import jieba.posseg

from assistant.core import evidence_words as shown
from assistant.core.counts import count_kind
from assistant.core.dated import (
    EVENT_SUBJECT,
    ISSUED_DOCUMENT,
    dated_event,
    event_of_named,
    named_forms,
    written_tail,
)
from assistant.core.issuers import ISSUING_VERBS, names_issuer
from assistant.core.names import GENERIC_PLACES, person_names
from assistant.core.names import proper_names as names_in
from assistant.core.query import Part
from assistant.core.thresholds import DEFAULT_THRESHOLDS, Thresholds
from ingest.model import Clause
from ingest.pipeline import META_PATH
from text.coverage import coverage
from text.fold import fold, fold_loose
from text.sentences import sentences
from text.tokenize import tokenize

# A year that ends a range ("2024-2030年") is a period the text covers, not a date
# something happened on.
DATE = re.compile(r"(?<![-–—~])(?:19|20)\d{2}\s*年(?:\d{1,2}\s*月)?(?:\d{1,2}\s*[日号])?|\d{1,2}\s*月\s*\d{1,2}\s*[日号]|(?:19|20)\d{2}-\d{2}-\d{2}")
# "哪天", "几月几日" ask for a day: a year or a month does not answer them.
DAY_ASKED = re.compile(r"哪一?天|哪一?日|几月几[日号]|几号|具体日期|which day|what day|exact date", re.I)
DAY = re.compile(r"(?:(?:19|20)\d{2}\s*年)?\d{1,2}\s*月\s*\d{1,2}\s*[日号]|(?:19|20)\d{2}-\d{2}-\d{2}")
# Words of the slot itself, not of what it is about: they are not evidence either way.
# (the kind of place asked, "哪个城市", is the slot's word too: the answer names a city, not the word)
SLOT_WORDS = re.compile(r"哪一?天|哪一?日|日期|时间|什么时候|何时|多少|几|是谁|哪位|姓名|名字|哪里|地点|什么地方|哪个地方|费用|收费|一共|总共|共有|分别|具体"
                        r"|哪[个座些](?:城市|省份|省|地区|区|县|街道|镇|乡|村|社区)")
# Titles stand right before a person's name in Chinese ("副巡视员刘原龙").
POSITIONS = "常务副会长|副会长|会长|秘书长|副主任|主任|副局长|局长|处长|副司长|司长|副巡视员|巡视员|副书记|书记|副主席|主席|总经理|副院长|院长|所长|副部长|部长|总工程师|负责人|领导"
POSITION = re.compile(f"({POSITIONS})$")
# "认可中心的主任": the body whose officer is asked, which the evidence must name
POSITION_OWNER = re.compile(f"([\u4e00-\u9fff]{{2,16}}?)的?(?:{POSITIONS})")
# A question after a venue or a site (not "在哪个行业"): the sentence must place it somewhere.
VENUE_ASKED = re.compile(r"哪(?:[个座些]|几个|几座)城市|在(?:哪[里儿]?|什么地方)(?:举办|举行|召开|开|办)|举办地|选址|落户|which city", re.I)
# an office that says who: a post more specific than the words asked ("市领导参加大会" restates
# 领导), held by a person rather than a body ("轮值会长单位")
_OFFICE = re.compile(f"(?:{POSITIONS.replace('|负责人|领导', '')})(?!单位)")
# an office asked for, not a name ("负责人是谁", but not "负责人叫什么名字")
OFFICE_ASKED = re.compile(r"^(?!.*(?:名字|姓名|叫什么)).*(?:负责人|领导)")
# Where something is, asked with a place word ("建在哪些省份", "在哪里"), not "在哪方面"
PLACE_ASKED = re.compile(r"在哪[里儿]|哪(?:[个些座]|几个|几座)(?:城市|地方|省|省份|地区|区|县|园区)|地点|什么地方|何地|何处|where\b|\b(?:which|what) (?:city|province|district|county|town|venue)\b", re.I)
FINE_PLACE_ASKED = re.compile(r"哪[个些](街道|镇|乡|村|社区)")
PLACE_NAME = re.compile(r"[\u4e00-\u9fff]{2,6}(?:省|市|县|新区|园区)")
SLOT_NAMES = {"date": "日期", "count": "数量", "person": "人员", "role": "负责单位", "status": "进展情况", "frequency": "频次",
              "contact": "联系方式", "fee": "费用", "duration": "办理时限", "place": "地点", "funding": "经费来源",
              "name": "名称的全称或简称", "procedure": "申请条件或办理程序",
              "entity": "具体单位", "appearance": "外观样式"}




def part_terms(part: Part, idf: dict[str, float]) -> dict[str, float]:
    """The part's content terms with their weight (rarity in the corpus); slot words removed."""
    text = SLOT_WORDS.sub(" ", fold(part.text))
    # single characters ("多", "挑") are grammar more than content in Chinese
    return {t: idf.get(t, 0.0) for t in tokenize(text) if idf.get(t, 0.0) > 0 and len(t) > 1}


def _has_person(sentence: str) -> bool:
    """A person's name in the sentence (`names.person_names`: not a body's first word)."""
    return bool(person_names(sentence))


def _names_a_body(sentence: str) -> bool:
    """A place, an organisation or an acronym named in the sentence (jieba's proper-noun tags,
    or a body's name ending): "青岛海关", "国家认监委", "CNAS"; a kind of body ("认证机构") names none."""
    return bool(shown.BODY_NAME.search(fold(sentence))) or any(flag in ("ns", "nt") and word not in GENERIC_PLACES or flag == "eng" and len(word) >= 2
               # an abbreviation names a body when it ends like one ("认监委", not "家电")
               or flag == "j" and re.search(r"(?:委|局|署|会|部|院|所|组织|中心|集团)$", word)
               for word, flag in jieba.posseg.cut(fold(sentence)))


# a post asked with the verb that fills it ("担任主席", "当选会长")
HOLDER_ASKED = re.compile(f"(?:担任|当选|出任)(?:首届|轮值|常务)*(?:{POSITIONS})")


def _any_sentence(sentence: str) -> bool:
    """Every sentence may carry the slot: what it must hold is checked apart."""
    return True


def positions_in(text: str) -> set[str]:
    """The whole position words of a text, each read at its longest ("常务副会长", not "会长")."""
    return {m.group(0) for m in re.finditer(POSITIONS, fold(text))}


_STATED_FIGURE = re.compile(r"\d+|[一二三四五六七八九十两]+[个项家份条类种名人]")


def _figure_stated(sentence: str) -> bool:
    """The sentence gives a number, not only a list to count."""
    return bool(_STATED_FIGURE.search(fold(sentence)))


# what a procedure question asks for, and what states it: steps, conditions or papers
_PROCEDURE_KINDS = (r"流程|程序|步骤|怎么办理|如何办理", r"条件|资格|门槛", r"材料|手续|申请表")


def _procedure_kind(part: Part):
    """"申请流程是怎样的" is answered by steps, not by "准入条件": the kind the question asks."""
    asked = next((kind for kind in _PROCEDURE_KINDS if re.search(kind, fold(part.text))), None)
    evidence = re.compile(asked) if asked else shown.PROCEDURE_EVIDENCE
    return lambda s: bool(evidence.search(fold(s)))


def slot_kind(part: Part):
    """The test a sentence must pass to carry what the part asks for (a date, a count in
    the asked measure, a person, ...), or None for slots any sentence may answer."""
    kinds = {
        "date": _dates_what_is_asked(part),
        "count": count_kind(part),
        # "负责人是谁" is answered by an office as well as a name ("分管领导和…主任为课题负责人")
        "person": _has_person if not OFFICE_ASKED.search(fold(part.text)) else lambda s: _has_person(s) or bool(_OFFICE.search(fold(s))),
        # what has happened since: the texts are plans, so a state needs a sentence saying so
        "status": lambda s: bool(shown.STATUS_EVIDENCE.search(fold(s))),
        "frequency": lambda s: bool(shown.FREQUENCY_EVIDENCE.search(fold(s))),
        "contact": lambda s: bool(shown.CONTACT_EVIDENCE.search(fold(s))),
        "appearance": lambda s: bool(shown.APPEARANCE_EVIDENCE.search(fold(s))),
        "fee": lambda s: bool(shown.FEE_EVIDENCE.search(fold(s))),
        "funding": lambda s: bool(shown.FUNDING_EVIDENCE.search(fold(s))),
        "duration": lambda s: bool(shown.DURATION_EVIDENCE.search(fold(s))),
        # who leads or is responsible, asked of clauses outside the task table: the clause
        # must say who (a role word), else the texts assign no one
        "role": lambda s: bool(shown.ROLE_EVIDENCE.search(fold(s))),
        "name": lambda s: bool(shown.NAME_FORM_EVIDENCE.search(fold(s))),
        "procedure": _procedure_kind(part),
        "entity": _names_a_body,
    }
    if part.slot == "place" and VENUE_ASKED.search(fold(part.text)):
        return lambda s: bool(shown.VENUE_EVIDENCE.search(fold(s)))
    if part.slot == "place" and (level := FINE_PLACE_ASKED.search(fold(part.text))):
        # "胶州市哪个街道": a place at the asked level, not the city the text gives
        return lambda s: bool(re.search(rf"[\u4e00-\u9fff]{{2,8}}(?:{level.group(1)})", fold(s)))
    if part.slot == "place" and PLACE_ASKED.search(fold(part.text)):
        return _names_a_place
    return kinds.get(part.slot)


# A date written right before a name dates that name: "2018年IECRE年会", "2008年《…协定》"
_DATED_NAME = re.compile(r"\s*(?:的)?([A-Za-z]{2,}|《[^》]{2,40}》)")


def _dates_what_is_asked(part: Part):
    """The date test of a part: a date in the sentence that does not date another name than the
    question's ("IECEx国际研讨会是哪年举办的" is not answered by "2018年IECRE年会")."""
    pattern, asked = date_pattern(part), fold_loose(part.text)

    def dates(sentence: str) -> bool:
        folded = fold(sentence)
        for m in pattern.finditer(folded):
            named = _DATED_NAME.match(folded, m.end())
            # a whole word of the question: "IEC" is not named by "IECEx"
            if not named or re.search(rf"(?<![a-z]){re.escape(fold_loose(named.group(1).strip('《》')))}(?![a-z])", asked):
                return True
        return False
    return dates


def _names_a_place(sentence: str) -> bool:
    """A place named in the sentence: a proper place name (jieba's ns, not a generic "国内"),
    or a name ending as places do ("胶州市", "山东省", "高新区")."""
    folded = fold(sentence)
    return bool(PLACE_NAME.search(folded)) or any(
        flag == "ns" and word not in GENERIC_PLACES for word, flag in jieba.posseg.cut(folded))


def states_slot(part: Part, texts: list[str]) -> bool:
    """True when some sentence of the texts carries what the part asks for (any sentence
    does for slots without a test): the task table's rows say who, never how much or how long."""
    has_kind = slot_kind(part)
    return has_kind is None or any(has_kind(s) for text in texts for s in sentences(text))


_PART_NAMED = re.compile(r"第[((]?[一二三四五六七八九十\d]{1,3}[))]?(?:部分|章|大部分|大块)")


def slot_evidence(
    part: Part, clauses: list[Clause], idf: dict[str, float], limits: Thresholds = DEFAULT_THRESHOLDS, counted: list[str] = ()
) -> bool:
    """True when some evidence sentence carries the part's slot and most of its terms; a count's
    sentence also names every word of what is counted (`counted`): "五位一体" counts no experts."""
    has_kind = slot_kind(part)
    # "由哪个国家担任主席": who holds a post, a body as often as a person; the sentence must
    # give that very post (below), whatever its verb
    holder = part.slot in ("role", "fact", "entity") and HOLDER_ASKED.search(fold(part.text))
    if holder:
        has_kind = _any_sentence
    elif has_kind is None:
        return True
    elif part.slot == "role":
        # who acts is often the subject of a neighbouring sentence of the clause: any role
        # word or named body in the cited clauses will do
        # ("由哪些部门共同出台": who issued a text, told by its verb of issuing)
        issuing = ISSUING_VERBS.search(fold(part.text))
        return any(shown.ROLE_EVIDENCE.search(fold(c.text)) or shown.BODY.search(fold(c.text))
                   or issuing and names_issuer(c.text) for c in clauses)
    # "第四部分有几项任务": a part of the document named by its number says where, not what
    weights = part_terms(Part(_PART_NAMED.sub(" ", part.text), part.slot, part.measure), idf)
    names = [fold_loose(n) for n in names_in(part.text)]
    # ...of the body named before 由: "联盟由哪国担任主席" is no 主席 of 国际组织
    if holder and (owner := re.match(r"([\u4e00-\u9fff]{2,16})由", fold(part.text))):
        names.append(fold_loose(owner.group(1)))
    event = dated_event(part.text) if part.slot == "date" else None
    subject = EVENT_SUBJECT.match(fold(part.text)) if event else None
    subject_forms = named_forms(subject.group(1)) if subject else []
    # the thing dated, as the evidence writes it: a date elsewhere dates something else
    dated_thing = written_tail(subject.group(1), clauses) if subject else ""
    # the owner of a named post ("认可中心的主任"), not of any office ("课题研究的负责人": a topic)
    # ("哪位领导" names no owner); any office's owner ("智库的负责人") is still the clause's
    # subject: its head noun is there
    owner = POSITION_OWNER.search(fold(part.text)) if part.slot == "person" else None
    owner_named = owner.group(1) if owner and not re.search(r"哪|什么|谁", owner.group(1)) else ""
    office_head = ""
    if owner_named and not OFFICE_ASKED.search(fold(part.text)):
        names.append(fold_loose(owner_named))
    elif owner_named:
        office_head = next((t for t in reversed(tokenize(owner_named)) if len(t) >= 2), "")
    # a person asked by position holds that very position: "常务副会长梁成珠" is not the 会长
    # ("哪位领导" names no post: 领导 and 负责人 are any official)
    asked_positions = positions_in(part.text) - {"领导", "负责人"} if part.slot == "person" or holder else set()
    issued = part.slot == "date" and ISSUED_DOCUMENT.search(fold(part.text))
    for rank, clause in enumerate(clauses):
        context = fold(clause.clause)
        if office_head and fold_loose(office_head) not in fold_loose(context + clause.text):
            continue
        # words that name the document ("三年计划…的重点领域") choose the document, not the
        # sentence: they are neither required of the sentence nor counted for it
        title = fold_loose(clause.title)
        own = {t: w for t, w in weights.items() if fold_loose(t) not in title} or weights
        # the best-ranked clause is already judged the evidence by retrieval: a sentence of
        # it needs less of the question's wording (people paraphrase) than one elsewhere
        needed = limits.top_clause_coverage if rank == 0 else limits.slot_coverage
        for sentence in _with_speaker(sentences(clause.text)):
            # the figure must be about what the question names: one of its names in the sentence
            named = not names or any(n in fold_loose(context + sentence) for n in names)
            # a date belongs to its event: "入会申请截止日期" is not the founding day. A
            # character of the event word will do: verbs of one event share a morpheme
            # (签署/签订, 成立/建立, 举办/举行, 出台/推出)
            dated = event is None or any(ch in fold_loose(context + sentence) for ch in event)
            # ...and to what the question names: "青岛华测检验哪年成立" is not dated by the
            # association's founding day in a sentence that names 华测 only as elected there
            # (a document's card is all about the document: its title line and its date line)
            if event and (forms := [f for f in subject_forms if f in fold_loose(clause.text)]) and clause.clause_path != [META_PATH]:
                dated = dated and any(event_of_named(event, f, context, sentence) for f in forms)
            elif dated_thing and clause.clause_path != [META_PATH]:
                dated = dated and dated_thing in fold_loose(context + clause.text)
            counts = all(fold_loose(t) in fold_loose(sentence) for t in counted)
            placed = not asked_positions or bool(asked_positions & positions_in(sentence))
            # a list counts the thing asked only in a sentence about it: one of the question's
            # words the clause heading does not already give ("优秀案例每年评几个" is not
            # counted by the list of goals in the clause on 小而美 projects)
            listed = part.slot != "count" or _figure_stated(sentence) or any(
                fold_loose(t) in fold_loose(sentence) for t in own if fold_loose(t) not in fold_loose(context))
            # a question naming only a name ("梁成珠是谁") is covered by the sentence holding it
            covered = (names and not own) or coverage(context + sentence, own) >= needed or (issued and clause.clause_path == [META_PATH])
            if named and dated and counts and placed and listed and has_kind(sentence) and covered:
                return True
    return False


# "…的标杆、模板。" / "”青岛市…副巡视员刘原龙说。": who said a quotation is the short sentence after it
ATTRIBUTION = re.compile(r"^[”’\"]?[^。!?！？“”]{2,40}(?:说|表示|指出|介绍|强调|谈到)[。!！]?$")


def _with_speaker(found: list[str]) -> list[str]:
    """The sentences, a quotation read together with the attribution that follows it: what was
    said and who said it are one statement ("哪位领导说要…" is answered by both)."""
    return [s + found[i + 1] if i + 1 < len(found) and ATTRIBUTION.match(found[i + 1]) else s for i, s in enumerate(found)]


def date_pattern(part: Part) -> re.Pattern[str]:
    """What a date in answer to the part looks like: a day when it asks for one, else any date."""
    return DAY if DAY_ASKED.search(fold(part.text)) else DATE



"""The question, read once: language, parts, what each part asks for, what it names and assumes.

Retrieval, answerability and composition all read this one object (llama_index's
`QueryBundle` idea); nothing downstream re-parses the question's wording for these facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.core.lexicon import chinese_terms, with_aliases
from assistant.core.names import proper_names
from assistant.core.slot_table import slot_of
from assistant.core.stated import YEAR, Premise, number_of, premises_of
from ingest.clean import is_english as _is_english
from text.fold import fold, is_traditional

MEASURE = re.compile(r"(?:多少|(?<![哪这那])几)(?:个(?=子项|大项))?(子项|大项|个|项|家|份|人|名|条|次|届|期|场|轮|所|类|批|款|种|年|位|部|国(?![家内际外务]))")

# "到2030年…", "2018年底前", "by 2030": a year asked as a deadline or target, which plans state
# ahead of time; a range ("2024-2030", "2024到2030") names a document instead and is not one
DEADLINE_YEAR = re.compile(
    r"(?<!\d)(?:到|至|截至|截止|于|by|before|until)\s*((?:19|20)\d{2})(?![\d-])|(?<![\d-])((?:19|20)\d{2})\s*年?(?:底|末|前|之前|以前)", re.I
)


# "两个时间节点", "分几个阶段", "时间表": asks for a plan's dated targets ("到2025年…到2030年…")
MILESTONES_ASKED = re.compile(r"时间节点|时间表|阶段性?目标|分几步|几个阶段|分阶段|里程碑|milestones?|timeline", re.I)
DATED_TARGET = re.compile(r"(?:到|至)\s*(?:19|20)\d{2}\s*年")


def deadline_years(text: str) -> set[str]:
    """The years the text asks about as deadlines or targets."""
    return {a or b for a, b in DEADLINE_YEAR.findall(fold(text))}


# "第19项", "任务7", "第(十三)条", "(十九)": a numbered item of a document.
ITEM_REF = re.compile(
    r"第\s*[((]?([0-9]{1,3}|[一二三四五六七八九十]{1,4})[))]?\s*(项|条|个任务|部分|点|大项)"
    r"|任务\s*([0-9]{1,3})(?![0-9])"
    r"|[((]([一二三四五六七八九十]{1,4})[))]\s*(?:条|项)?"
)
PART_SPLIT = re.compile(
    r"(?<=[??;;])\s*|\s*(?:另外|此外|同时还|还有|以及)[,,]?\s*(?=[^??]{4,}[??]?$)"
    r"|,?\s+and\s+(?=(?:how|what|which|who|when|where|whether)\b)",
    re.I,
)


@dataclass(frozen=True)
class ItemRef:
    """A numbered item the question names: its number and numbering style."""

    number: int
    style: str  # "arabic" (1. 2. …, 第7项, 任务7) or "paren" ((十三))
    written: str


@dataclass
class Part:
    """One sub-question with the slot it asks for."""

    text: str
    slot: str
    measure: str = ""


@dataclass
class Query:
    """A question prepared once for every later step."""

    text: str  # the cleaned question, as asked
    resolved: str  # with the conversation's topic when it leans on it
    english: bool
    traditional: bool
    parts: list[Part] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # proper names and quoted phrases
    items: list[ItemRef] = field(default_factory=list)
    premises: list[Premise] = field(default_factory=list)
    lexical_text: str = ""  # what BM25 matches: the texts' words for an English question, aliases added
    # an English question's dictionary phrases in the texts' words, one list per phrase (set
    # against the corpus at the first step that has it: `Bilingual.phrase_terms`)
    phrases: list[list[str]] = field(default_factory=list)

    @property
    def folded(self) -> str:
        return fold(self.resolved)

    @property
    def scope_text(self) -> str:
        """What names the documents: an English question names them in the texts' words."""
        return self.lexical_text if self.english else self.resolved


def is_english(text: str) -> bool:
    """Mostly Latin letters and at most a stray Han character (`ingest.clean.is_english`'s test)."""
    # A question's limits are not a scraped line's: more than 8 letters, so an acronym alone
    # ("CNAS") keeps a question Chinese; one Han character at most; and no share of the length,
    # since codes and digits ("What is ISO/IEC 17025:2017?") may make up much of a question.
    return _is_english(text, min_letters=9, max_han=1, min_share=0.0)


def is_claim(text: str) -> bool:
    """A statement put up for confirmation: a yes/no question, or one asked by its tone alone
    ("东亚选的重点国家是日本?": no asking word, a copula or a deed, and the question mark)."""
    folded = fold(text).strip()
    if slot_of(folded) == "yesno":
        return True
    return bool(re.search(r"[??]$", folded)) and not ASKING_PHRASE.search(folded) and "呢" not in folded \
        and bool(re.search(r"是|有|为|选了|确定了|提到|提出|要求|规定|写了|说了", folded))


def split_parts(text: str) -> list[str]:
    """Sub-questions: split at question marks and semicolons, and at a comma between two
    phrases that ask for different kinds of thing; parts with content only."""
    pieces = [re.sub(r"^[\s,]+|[\s,]+$", "", p) for p in PART_SPLIT.split(fold(text)) if p]
    parts = [p.rstrip("、") for piece in pieces for p in _asked_apart(piece) if re.search(r"[\u4e00-\u9fffA-Za-z]{2}", p)]
    return parts or [fold(text)]


FIGURE_SLOTS = ("count", "date", "place", "person")
# A Chinese phrase that asks: its own question word ("没几家", "好几个", "几乎", "没什么",
# "不怎么" use the same characters to say, not to ask)
# "这几份文件" points at things already named: 这/那 before 几 ask nothing
ASKING_PHRASE = re.compile(r"谁|(?<![没])什么|哪|(?<![没好十这那])几(?![乎十百千万])|多少|何时|(?<!不)怎么|如何|是否|有没有")


def _phrases(piece: str) -> list[str]:
    """The comma phrases of a piece; a 、 between two counts asked ("选了多少重点国家、多少重点
    领域", "分为几大项、多少个子项"), or between two figures of different kinds ("哪天成立、会员
    单位多少家"), joins two questions as a comma does. Other words after a 、 list what one
    question asks ("是否允许、有哪些支持", "交什么材料、找谁联系")."""
    phrases = []
    for phrase in re.split(r"(?<=[,,])", piece):
        pieces = phrase.split("、")
        current = pieces[0]
        for nxt in pieces[1:]:
            # "哪天成立、多少家会员单位": two figures of different kinds, each with its asking word
            kinds = (slot_of(current), slot_of(nxt)) if ASKING_PHRASE.search(nxt) else ()
            apart = len(set(kinds)) == 2 and set(kinds) <= set(FIGURE_SLOTS)
            if ASKING_PHRASE.search(current) and (re.match(r"多少|几(?!乎)", nxt) or apart):
                phrases.append(current + "、")
                current = nxt
            else:
                current += "、" + nxt
        phrases.append(current)
    return phrases


def _asked_apart(piece: str) -> list[str]:
    """"2017年行动计划是谁发布的,一共分几个部分": each comma phrase that asks for a kind of thing
    the phrase before it did not is a question of its own. Phrases that ask nothing ("既然…")
    stay with the question they lead into; two phrases asking the same kind stay one question."""
    if is_english(piece):
        return [piece]
    parts: list[str] = []
    current, asked = "", None
    for phrase in _phrases(piece):
        slot = slot_of(phrase) if ASKING_PHRASE.search(phrase) else None
        # two figures asked of two things ("增加多少,帮扶的又是多少") are two questions too
        if slot and asked and (slot != asked or slot in FIGURE_SLOTS):
            parts.append(re.sub(r"[,,]$", "", current))
            current = ""
        current += phrase
        asked = slot or asked
    return [*parts, current]


# "task 12", "item 7", "article (13)": the same references in an English question.
ENGLISH_ITEM_REF = re.compile(r"\b(?:task|item|article|measure|point)\s*(?:no\.?\s*)?[((]?(\d{1,3})[))]?(?!\d)", re.I)


def item_refs(text: str) -> list[ItemRef]:
    """Numbered items named in the text (see ITEM_REF, ENGLISH_ITEM_REF)."""
    refs = [ItemRef(int(m.group(1)), "arabic", m.group(0)) for m in ENGLISH_ITEM_REF.finditer(text) if 0 < int(m.group(1)) < 200]
    for m in ITEM_REF.finditer(fold(text)):
        if m.group(1):
            token, style = m.group(1), "paren" if "(" in m.group(0) or not m.group(1).isdigit() else "arabic"
        elif m.group(3):
            token, style = m.group(3), "arabic"
        else:
            token, style = m.group(4), "paren"
        number = number_of(token)
        if number is not None and 0 < number < 200:
            refs.append(ItemRef(number, style, m.group(0)))
    return refs


# The predicate that frames a list or count question ("都包括哪些", "有几个", "是什么") asks
# rather than describes: left in the search words, "包括" would count as evidence for any
# clause that happens to say "具体包括".
ASKING_FRAME = re.compile(
    # "能得到什么支持": getting is the asker's frame, what is got is the topic
    r"(?:都|还|又|具体|主要|分别|一共|共|能|可以|可)?(?:包括|包含|涵盖|涉及|有|是|得到|获得|享受|享有)"
    r"(?:哪些|哪几[个项类条家种方面]?|什么|几[个项类条家种]|多少[个项类条家种]?)"
    r"|(?<=[\u4e00-\u9fff]{2})方面(?=[\u4e00-\u9fff])"  # "在金融方面能…": the field, not 方面
)


def search_words(resolved: str) -> str:
    """What lexical search matches for a Chinese question: the question without its asking
    frame, plus the texts' own names for the other names it uses."""
    return with_aliases(ASKING_FRAME.sub(" ", fold(resolved)))


ENGLISH_NUMBERS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]


# Two capitals or more in one word ("CRCC", "IECEx", "CNAS"); "I" or "Qingdao" is none
ACRONYM = re.compile(r"\b(?=[A-Za-z0-9]*[A-Z][A-Za-z0-9]*[A-Z])[A-Za-z][A-Za-z0-9]{1,9}\b")


def english_search_words(resolved: str) -> str:
    """What lexical search matches for an English question: the texts' words for its phrases
    and its item numbers as the texts write them ("任务12")."""
    # "by 2030": the texts write their target years "2030年"; "seven key fields": "7个重点领域"
    years = [f"{y}年" for y in dict.fromkeys(YEAR.findall(resolved))]
    counts = [str(ENGLISH_NUMBERS.index(w) + 1) for w in re.findall(r"\b[a-z]+\b(?!-)", resolved.lower()) if w in ENGLISH_NUMBERS]
    # "CRCC", "IECEx": the Chinese texts write an acronym in Latin letters as it is
    # (one the glossary translates, "CNCA" -> 认监委, is searched in the texts' words instead)
    acronyms = [a for a in dict.fromkeys(ACRONYM.findall(resolved)) if not chinese_terms(a)]
    return " ".join([*chinese_terms(resolved), *acronyms, *years, *counts, *(f"任务{r.number}" for r in item_refs(resolved))])


def build_query(text: str, resolved: str) -> Query:
    """Read a cleaned question (and its resolved form) into a `Query`."""
    english = is_english(text)
    parts = []
    for piece in split_parts(text):
        measure = MEASURE.search(piece)
        parts.append(Part(piece, slot_of(piece), measure.group(1) if measure else ""))
    if resolved != text and not english and not ASKING_PHRASE.search(fold(text)) and "吗" not in text:
        # "欧洲呢?" asks nothing of its own: it asks what the question it stands for asks last
        # ("三年计划选了哪些重点国家? 其中非洲有几个?": a count)
        last = split_parts(resolved)[-1]
        measure = MEASURE.search(last)
        parts = [Part(part.text, slot_of(last), measure.group(1) if measure else "") for part in parts[:1]]
    return Query(
        text=text,
        resolved=resolved,
        english=english,
        traditional=is_traditional(text),
        parts=parts,
        names=[] if english else proper_names(text),
        items=item_refs(resolved),  # a follow-up points at the item its conversation named
        premises=premises_of(text),
        lexical_text=english_search_words(resolved) if english else search_words(resolved),
    )

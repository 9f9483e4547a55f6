"""Follow-ups that point into the previous turn: "下一条", "那注册部呢?", "它".

The previous question is rewritten rather than merely prefixed: the next item is the
previous item's number plus one in the same numbering; a new unit takes the place of the
unit the previous question asked about. Anything else falls back to `followup.resolve`
(the previous topic plus the new question).
"""

from __future__ import annotations

import re

import cn2an
import jieba

from assistant.core.followup import TOPIC_CHARS, is_follow_up, last_user_turns, names_a_topic, resolve
from assistant.core.items import clause_numbers, own_heading
from assistant.core.lexicon import canonical_units
from assistant.core.query import item_refs
from assistant.core.selection import labelled_lists, named_lists
from assistant.core.stated import number_of
from ingest.model import Clause
from text.fold import fold

NEXT = re.compile(r"下一(?:项|条|个|点|部分)|紧接着的?(?:一?[项条])?|接下来的?一?[项条]|(?<!最)后(?:面|边)?的?(?:那|一)[项条]")
PREVIOUS = re.compile(r"上一(?:项|条|个|点|部分)|前(?:面|边)?的?(?:那|一)[项条]")
# Words anywhere in a question that point back at what was just said.
POINTS_BACK = re.compile(r"这里面|这其中|里面|以上|上述|它|这些|这几|那几|那些|该项|该条|此项|这一?项|那一?项|这一?条|那一?条|\b(it|they|them|these|those)\b", re.I)


def _step(question: str) -> int:
    """+1 for "下一项", -1 for "上一条", 0 when the question moves along no numbering."""
    return 1 if NEXT.search(question) else -1 if PREVIOUS.search(question) else 0


def _rest(question: str) -> str:
    """The question without its "next/previous" words: what it asks of the item moved to."""
    return NEXT.sub(" ", PREVIOUS.sub(" ", fold(question)))


def _shift(question: str, previous: str) -> str | None:
    """The previous question with its numbered item moved one on (or back), or None."""
    step = _step(question)
    refs = item_refs(previous)
    if not step or not refs:
        return None
    ref = refs[-1]
    number = ref.number + step
    if number < 1:
        return None
    token = str(number) if re.search(r"\d", ref.written) else cn2an.an2cn(number)
    written = re.sub(r"\d+|[一二三四五六七八九十]+", token, ref.written, count=1)
    return f"{fold(previous).replace(ref.written, written)} {_rest(question)}".strip()


def _shift_by_heading(question: str, said: list[str], clauses: list[Clause]) -> str | None:
    """"那下一项呢?" after a turn that named an item by its title rather than its number: the
    turn with that title replaced by the title of the item numbered one on (or back), in the
    same document at the same depth. The user's question is read first, then the answer."""
    step = _step(question)
    if not step:
        return None
    for turn, text in enumerate(map(fold, said)):
        named = [(len(t), -c.ordinal, c) for c in clauses if len(t := own_heading(c)) >= 4 and t in text]
        if not named:
            continue
        _, _, item = max(named, key=lambda m: m[:2])  # the longest title; the earlier clause on a tie
        wanted = {n + step for n in clause_numbers(item)}
        for sibling in sorted(clauses, key=lambda c: c.ordinal):
            if (sibling.doc == item.doc and len(sibling.clause_path) == len(item.clause_path)
                    and wanted & clause_numbers(sibling) and own_heading(sibling)):
                # the user's words with the title replaced; of an answer, only the item it moves to
                # (its quotes would find the item they quote again)
                asked = text.replace(own_heading(item), own_heading(sibling)) if turn == 0 else f"{sibling.title} {own_heading(sibling)}"
                return f"{asked} {_rest(question)}".strip()
        return None
    return None


# A numbered entry of an answer's list: "7.加快双多边领域互认进程;", "2、成立协会。" or, as the
# plans number their articles, "(十四)实施…工程;"
LISTED = re.compile(r"(?<![\d.])(\d{1,2})[.、]\s*([^;;。\n]{2,60})|[((]([一二三四五六七八九十]{1,3})[))]\s*([^;;。\n]{2,60})")
LAST_ITEM = re.compile(r"最后一(?:项|条|个|点)|最末一(?:项|条|个)")
# "第一个", "第二个": a place in the list just given (a task is "第N项")
POSITION_WORD = re.compile(r"第[一二三四五六七八九十\d]{1,2}个|最后一[个项]")


def _listed_item(question: str, answer: str) -> str | None:
    """"最后一项谁牵头?" or "第二项呢?" after an answer that listed numbered items: the item
    meant, by its number when the list has it, else by its place in the list."""
    listed = [
        (int(m.group(1)), f"{m.group(1)}.{m.group(2)}") if m.group(1) else (number_of(m.group(3)) or 0, f"({m.group(3)}){m.group(4)}")
        for m in LISTED.finditer(fold(answer))
    ]
    if len(listed) < 2:
        # tasks listed by their labels ("第7项“…”和第10项“…”"): "第一个" is the first of them
        labels = list(dict.fromkeys(TASK_LABEL.findall(fold(answer))))
        listed = [(0, label) for label in labels] if len(labels) >= 2 and POSITION_WORD.search(fold(question)) else []
    if (inline := _inline_list(answer)) and (POSITION_WORD.search(fold(question)) or LAST_ITEM.search(fold(question))):
        # "按文本所列:东南亚:泰国、越南、马来西亚…": "其中第三个" is the third thing the answer's
        # own line lists, not a numbered heading of the clause quoted under it
        listed = [(0, item) for item in inline]
    if len(listed) < 2:
        return None
    if LAST_ITEM.search(fold(question)):
        return listed[-1][1]
    refs = item_refs(question)
    place = POSITION_WORD.search(fold(question))
    if len(refs) != 1 and not place:
        return None
    number = refs[0].number if len(refs) == 1 else number_of(place.group(0)[1:-1]) or 0
    by_number = [text for n, text in listed if n == number]
    if by_number:
        return by_number[0]
    return listed[number - 1][1] if number <= len(listed) else None


def _inline_list(answer: str) -> list[str]:
    """The things an answer's first line lists after its colon, one list only ("A、B、C[1]")."""
    first = fold(answer).split("\n")[0]
    lists = re.findall(r"[::]([^::;;\[]+、[^::;;\[]+)", first)
    return [i.strip() for i in lists[0].split("、")] if len(lists) == 1 else []


# "这项任务还有哪些牵头单位?": the task the last answer was about, by its label there
TASK_POINTER = re.compile(r"[这该此那]一?[项个]任务|[这该此那]一?项工作|[这该此]一?项")
TASK_LABEL = re.compile(r"第\d{1,2}项“[^”]{2,40}”")


def _pointed_task(question: str, answer: str) -> str | None:
    """The question with "这项任务" replaced by the one task the last answer named, or None."""
    labels = list(dict.fromkeys(TASK_LABEL.findall(fold(answer))))
    pointer = TASK_POINTER.search(fold(question))
    if not pointer or len(labels) != 1:
        return None
    return fold(question).replace(pointer.group(0), labels[0], 1)


# "它", "该部门": one unit, named by the last answer to "哪个部门…?"
# ...doing something with tasks: "它的配合单位" is a task's, not a unit's
UNIT_POINTER = re.compile(r"(?:该部门|这个部门|该单位|这个单位|这家单位|它(?!们))(?=(?:在[^,,。]{0,10})?(?:还|都|又|也|一共|共|总共)?(?:牵头|配合|负责|参与|承担))")
ASKED_WHO = re.compile(r"谁|哪个部门|哪个单位|哪家单位|哪一个部门|什么部门|什么单位")


def _answered_unit(question: str, previous: str, answer: str, unit_names: list[str]) -> str | None:
    """"它在任务分工里牵头几项?" after "哪个部门负责统筹协调?" / "国际合作部负责…": the
    question with the pointer replaced by the one unit the answer named, or None."""
    pointer = UNIT_POINTER.search(fold(question))
    if not pointer or not ASKED_WHO.search(fold(previous)):
        return None
    answer = canonical_units(answer, unit_names)
    named = [u for u in unit_names if u in answer]
    named = [u for u in named if not any(u != o and u in o for o in named)]  # 认证部 inside 信息安全认证中心
    if len(named) > 1 and (role := re.search(r"牵头|配合", fold(previous))):
        # "第11项谁牵头?" answered with its lead and its support units: "它" is the one asked for
        said = re.search(rf"{role.group(0)}单位(?:为|是|:|:)\s*([^;;,,。、]+)", answer)
        named = [u for u in named if said and said.group(1).strip() == u]
    if len(named) != 1:
        return None
    return fold(question).replace(pointer.group(0), named[0], 1)


def _bare_item(question: str) -> bool:
    """"第四项具体怎么做?": a numbered item named without the list it belongs to, which
    is the list the conversation was about."""
    refs = item_refs(question)
    rest = fold(question)
    for ref in refs:
        rest = rest.replace(ref.written, " ")
    return bool(refs) and not names_a_topic(rest)


# Words that name a text: a numbered item after one of them is that text's, not the last list's
_NAMES_A_TEXT = re.compile(r"计划|方案|要点|规划|纲要|报道|新闻|文件|文章|(?:19|20)\d{2}")


def _item_of_no_text(question: str) -> bool:
    """"第五项具体在哪些领域…?" after a numbered list: an item named by its number, in no text the
    question names, is the list's (asked about in words of its own, or in none: `_bare_item`)."""
    return _bare_item(question) or bool(item_refs(question)) and not _NAMES_A_TEXT.search(fold(question))


def _swap_unit(question: str, previous: str, unit_names: list[str]) -> str | None:
    """"那注册部呢?" after "国际部牵头哪些任务?": the previous question about the new unit."""
    new = [u for u in unit_names if u in canonical_units(question, unit_names)]
    old = [u for u in unit_names if u in canonical_units(previous, unit_names)]
    new = [u for u in new if not any(u != o and u in o for o in new)]  # 认证部 inside 信息安全认证中心
    old = [u for u in old if u not in new and not any(u != o and u in o for o in old)]
    if len(new) != 1 or len(old) != 1:
        return None
    return canonical_units(previous, unit_names).replace(old[0], new[0])


# "那重点领域呢?": the same question asked of another thing
_ABOUT_ANOTHER = re.compile(r"^(?:那|那么)?([\u4e00-\u9fff\d()()]{2,10})呢[??]?$")
# things named by their number: an item ("第8项", "第(三)条") or a year ("2030年")
_NUMBERED_FORMS = (r"第[((]?[\d一二三四五六七八九十]{1,3}[))]?(?:项|条|部分|章)", r"(?:19|20)\d{2}年")


def _swap_parallel(question: str, previous: str) -> str | None:
    """"那重点领域呢?" after "三年计划选了哪些重点国家?": the previous question about the new
    thing, put in place of the word of its kind, the one sharing its first or last two
    characters (重点国家 / 重点领域, 东南亚 / 南亚), or of its numbered form (第7项 / 第8项)."""
    m = _ABOUT_ANOTHER.match(fold(question))
    prev = fold(previous)
    tokens = list(jieba.cut(prev, HMM=False))
    if not m or m.group(1) in tokens:
        return None  # the same thing asked again
    new = m.group(1)
    for form in _NUMBERED_FORMS:  # "第8项呢?" after "第7项谁牵头?": the same form, another number
        if re.fullmatch(form, new) and (old := re.search(form, prev)):
            return prev[:old.start()] + new + prev[old.end():]
    if not re.fullmatch(r"[\u4e00-\u9fff]+", new):
        return None
    # a word, or two adjacent words jieba keeps apart ("重点|国家"), longest first
    spans = sorted({*tokens, *(a + b for a, b in zip(tokens, tokens[1:]))}, key=lambda w: (-len(w), prev.find(w)))
    for word in spans:
        if len(word) >= 3 and re.fullmatch(r"[\u4e00-\u9fff]+", word) and word != new and (word[:2] == new[:2] or word[-2:] == new[-2:]):
            return prev.replace(word, new, 1)
    return None


def _swap_label(question: str, previous: str, clauses: list[Clause]) -> str | None:
    """"非洲呢?" after "其中东南亚有几个?": two labels of one clause's labelled lists ("东南亚:泰国、…;
    …;非洲:埃及") are things of one kind, whatever their words; the previous question about the new one."""
    m = _ABOUT_ANOTHER.match(fold(question))
    if not m or not clauses:
        return None
    prev = fold(previous)
    # only the clauses that write the new label are parsed (their `search_text` is folded already)
    for clause in (c for c in clauses if m.group(1) in c.search_text):
        labels = [label for label, _ in labelled_lists(fold(clause.text))]
        if m.group(1) in labels and (old := named_lists([(label, []) for label in labels if label != m.group(1)], prev)):
            return prev.replace(old[0][0], m.group(1), 1)
    return None


def about_another(question: str, previous: str, unit_names: list[str], clauses: list[Clause] = ()) -> str | None:
    """"第8项呢?", "南亚呢?", "那注册部呢?": the previous question asked of another thing of
    its kind, or None when the question is not that short form."""
    return _swap_unit(question, previous, unit_names) or _swap_parallel(question, previous) or _swap_label(question, previous, list(clauses))


def resolve_turn(question: str, history: list[dict], unit_names: list[str], clauses: list[Clause] = ()) -> str:
    """The question to answer, with what it points at in the conversation spelled out
    (`clauses`: the index's, to find a numbered item that the last turn named by its title)."""
    leans = is_follow_up(question) or any(p.search(question) for p in (NEXT, PREVIOUS, POINTS_BACK, LAST_ITEM, POSITION_WORD)) or _item_of_no_text(question)
    if not history or not leans:
        return question
    previous = last_user_turns(history, 1)
    if not previous:
        return question
    answers = [m.get("content") or "" for m in history if m.get("role") == "assistant"][-1:]
    # the next or previous item, or another unit, whether or not the question is short
    shifted = _shift(question, previous[-1]) or _shift_by_heading(question, [previous[-1], *answers], list(clauses))
    if shifted:
        return shifted
    if answers and (pointed := _pointed_task(question, answers[-1])):
        return pointed
    if (LAST_ITEM.search(fold(question)) or POSITION_WORD.search(fold(question)) or _item_of_no_text(question)) and answers and (item := _listed_item(question, answers[-1])):
        # an item of the list just given: named by its own words, the question's position word dropped
        rest = POSITION_WORD.sub(" ", LAST_ITEM.sub(" ", fold(question)))
        for ref in item_refs(rest):
            rest = rest.replace(ref.written, " ")
        return f"{item} {rest}".strip()
    if answers and (unit := _answered_unit(question, previous[-1], answers[-1], unit_names)):
        return unit
    if is_follow_up(question):
        # the previous question as it was understood: itself a follow-up, it is read in its own turn
        understood = resolve_turn(previous[-1], history[:-2], unit_names, clauses) if len(history) >= 4 else previous[-1]
        return about_another(question, understood, unit_names, clauses) or resolve(question, history)  # the previous topic plus the question, bounded
    return f"{previous[-1][:TOPIC_CHARS]} {question}"

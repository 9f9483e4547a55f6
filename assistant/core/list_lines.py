"""Direct answer lines for questions about what a clause lists: how many under a label, the
labels themselves, the kinds in brackets after a thing, the items under a named label."""

from __future__ import annotations

import re

import jieba.posseg

from assistant.core.counted import NOUN_END, asked_head, enumerated
from assistant.core.query import Query
from assistant.core.retriever import Scored
from assistant.core.selection import labelled_lists, named_lists
from text.fold import fold


def counted_lists(query: Query, top: Scored) -> list[str]:
    """"欧洲和南亚各选了几个?": the items the cited clause lists under each label the question
    names, counted; "分布在几个区域?": the labels themselves, when the text gives no such figure."""
    if bracketed := _bracketed_kinds(fold(query.parts[0].text), fold(top.clause.text)):
        return [bracketed]
    lists = labelled_lists(fold(top.clause.text))
    if not lists:
        head = asked_head(fold(query.parts[0].text))
        items = enumerated(fold(top.clause.text), head)
        if items and not re.search(rf"\d+\s*[个项家份条类种][^,,。;;]{{0,6}}{head}", fold(top.clause.text)):
            return [f"按文本所列,共{len(items)}个{head}:{'、'.join(items)}[1]"]
        return []
    q = fold(query.parts[0].text)
    named = named_lists(lists, q)
    if named:
        return ["按文本所列:" + ";".join(f"{label}{len(items)}个({'、'.join(items)})" for label, items in named) + "[1]"]
    # the thing counted is the head of the noun after the measure word: "多少个重点合作国家" counts
    # 国家, which "32个国家" gives; "几个区域" is given by no figure, so the labels are counted
    asked = re.search(rf"(?:几|多少)个([\u4e00-\u9fff]{{2,12}}?){NOUN_END}", q)
    # ...a noun phrase: "有几个已经签了互认协议" counts countries by a deed, which no label tells
    noun_phrase = asked and all(flag.startswith("n") for _, flag in jieba.posseg.cut(asked.group(1), HMM=False))
    head = asked.group(1)[-2:] if noun_phrase else ""
    if head and not re.search(rf"\d+\s*个[^,,。;;]{{0,6}}{head}", fold(top.clause.text)):
        return [f"按文本所列,共{len(lists)}个{head}:{'、'.join(label for label, _ in lists)}[1]"]
    return []


# "食品农产品认证包括几种": the thing whose kinds are counted, before the verb and the asking word
_KINDS_ASKED = re.compile(r"([\u4e00-\u9fff]{2,12}?)(?:具体)?(?:包括|包含|分为|分成|有)(?:几|多少)[种类个项]")


def _bracketed_kinds(question: str, text: str) -> str:
    """"食品农产品认证(清真、有机、HACCP)": the kinds a text lists in brackets right after the
    thing the question counts the kinds of, counted; "" when it lists none there."""
    asked = _KINDS_ASKED.search(question)
    if not asked:
        return ""
    for size in range(len(asked.group(1)), 1, -1):  # the thing as named, or its last words
        thing = asked.group(1)[-size:]
        if m := re.search(rf"{re.escape(thing)}[((]([^()()]+、[^()()]+)[))]", text):
            items = m.group(1).split("、")
            return f"按文本所列,{thing}共{len(items)}种:{'、'.join(items)}[1]"
    return ""


def named_lists_line(query: Query, top: Scored) -> list[str]:
    """"选了哪些东南亚国家": the items the cited clause lists under each label the question names."""
    named = named_lists(labelled_lists(fold(top.clause.text)), fold(query.parts[0].text))
    return ["按文本所列:" + ";".join(f"{label}:{'、'.join(items)}" for label, items in named) + "[1]"] if named else []

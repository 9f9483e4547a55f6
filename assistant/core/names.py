"""What a question names: places, people, organisations, foreign words and quoted phrases.

A name the question uses must exist in the texts (`answerability.unknown_name`); a person or a
quoted phrase points retrieval at the few clauses holding it (`evidence._named_first`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import jieba.posseg

from text.fold import fold

# jieba's part-of-speech tags for proper nouns that name one thing: a place, an organisation,
# a foreign word (CNAS, ISO). Its other proper-noun tags (nz, nrt) fire on ordinary words
# ("前沿阵地", "太多"); a person (nr) counts only when jieba found the name itself rather
# than in its dictionary, where common words tagged nr live.
PROPER_TAGS = frozenset({"ns", "nt", "eng"})
# Place words that name no particular place.
GENERIC_PLACES = frozenset({"外国", "国外", "境外", "海外", "国内", "境内", "全国", "中国", "我国", "地方", "本地", "当地", "沿线", "中外", "各国"})
_PLACE_OR_ORG_TAIL = re.compile(r"(政府|公司|集团|协会|委员会|地区|地方|一带|市|省)$")
# The commonest surnames: a name jieba guessed (not in its dictionary) is a person's only
# when it opens with one and is not a reduplicated verb ("查一查").
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)


@lru_cache(maxsize=1)
def known_places() -> frozenset[str]:
    """Countries, regions, Chinese provinces and cities (data/places.txt)."""
    lines = (Path(__file__).with_name("data") / "places.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def looks_like_person(word: str) -> bool:
    """A word jieba guessed as a name (not in its dictionary), 2-3 characters, surname first."""
    return (
        word not in jieba.dt.FREQ and 2 <= len(word) <= 3 and word[0] in SURNAMES
        and not (len(word) == 3 and word[1] == "一")
    )

# the head nouns of a body's name: a "name" right before one is the body's ("青岛华测检验")
_BODY_HEAD = re.compile(r"(?:检验|检测|测试|认证|集团|公司|中心|实验室|研究院|协会|机构|计量)")


def person_names(text: str) -> list[str]:
    """The people a text names: words jieba tags as names that look like a person's and are
    not the first word of a body's name (its next word is no body noun: "华测检验")."""
    tagged = [(w.word, w.flag) for w in jieba.posseg.cut(fold(text))]
    return [word for i, (word, flag) in enumerate(tagged)
            if flag in ("nr", "nrfg") and looks_like_person(word)
            and not (i + 1 < len(tagged) and _BODY_HEAD.match(tagged[i + 1][0]))]


QUOTED = re.compile(r"[“\"「『]([^”\"」』]{2,40})[”\"」』]")


def proper_names(text: str) -> list[str]:
    """Quoted phrases and jieba's proper nouns (places, people, organisations, foreign words)."""
    return list(_proper_names(text))


@lru_cache(maxsize=4096)  # part-of-speech tagging is the slowest step of reading a question
def _proper_names(text: str) -> tuple[str, ...]:
    folded = fold(text)
    names = [m.group(1) for m in QUOTED.finditer(folded)]
    for word, flag in jieba.posseg.cut(folded):
        word = word.strip()
        if len(word) < 2 or word in GENERIC_PLACES:
            continue
        place = _PLACE_OR_ORG_TAIL.sub("", word) or word
        if flag in ("ns", "nt") and place in known_places():
            names.append(place)
        elif flag == "eng" or flag == "nr" and looks_like_person(word):
            names.append(word)
    seen: dict[str, None] = {}
    for name in names:
        seen.setdefault(name, None)
    return tuple(seen)

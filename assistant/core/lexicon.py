"""The domain's words as data: English terms for the Chinese texts, other names of units.

`data/glossary.toml` maps English phrases to the texts' Chinese words so BM25 can search
with an English question; `data/aliases.toml` maps the other names people type for a unit
or a term to the one the texts use (国际合作部 -> 国际部, 自贸区 -> 自由贸易区).
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

import jieba.posseg

from text.fold import fold
from text.tokenize import runs_on

DATA = Path(__file__).with_name("data")
# The body whose internal units the task table lists (the plan is the CNCA's own).
PARENT_BODIES = ("国家认证认可监督管理委员会", "国家认监委", "认监委", "总局")


@lru_cache(maxsize=1)
def _glossary() -> list[tuple[re.Pattern[str], list[str]]]:
    terms = tomllib.loads((DATA / "glossary.toml").read_text(encoding="utf-8"))["terms"]
    # longest phrase first, so "test report" wins over "test"
    ordered = sorted(terms.items(), key=lambda kv: (-len(kv[0]), kv[0]))
    # a noun's plural is the noun ("platforms", "service platforms"): an s or es may close a phrase
    # the texts write as a noun; a verb's -s is another word ("supports" asks who supports whom)
    return [(re.compile(rf"(?<![a-z]){re.escape(k)}{'(?:e?s)?' if _is_noun(v[0]) else ''}(?![a-z])"), v) for k, v in ordered]


def _is_noun(chinese: str) -> bool:
    """Whether the texts' word is a noun (its last word, by jieba's tags: "服务平台" is, "配合" is not)."""
    words = list(jieba.posseg.cut(chinese, HMM=False))
    return bool(words) and (words[-1].flag[:1] in ("n", "j") or words[-1].flag == "eng")


@lru_cache(maxsize=1)
def _aliases() -> tuple[dict[str, str], dict[str, str]]:
    data = tomllib.loads((DATA / "aliases.toml").read_text(encoding="utf-8"))
    return data.get("units", {}), data.get("terms", {})


def chinese_term_groups(english: str) -> list[list[str]]:
    """For each English phrase of the glossary in a question, the texts' words for it
    (alternatives: "action plan" is 行动计划 in one text and 行动方案 in another)."""
    text = english.lower()
    groups: list[list[str]] = []
    for pattern, words in _glossary():
        if pattern.search(text):
            text = pattern.sub(" ", text)
            groups.append(list(words))
    return groups


def chinese_terms(english: str) -> list[str]:
    """The texts' words for the English phrases in a question, in order, once each."""
    return list(dict.fromkeys(w for group in chinese_term_groups(english) for w in group))


def glossary_residue(english: str) -> str:
    """The lower-cased English with the glossary's phrases taken out: the words it does not cover."""
    text = english.lower()
    for pattern, _ in _glossary():
        text = pattern.sub(" ", text)
    return text


def canonical_units(text: str, known_units: list[str]) -> str:
    """The text with other names of a unit replaced by the name the task table uses."""
    units, _ = _aliases()
    out = fold(text)
    for alias, name in sorted(units.items(), key=lambda kv: -len(kv[0])):
        if name in known_units and alias in out.lower():
            out = re.sub(re.escape(alias), lambda m, name=name: m.group(0) if runs_on(m.string, m.end()) else name, out, flags=re.I)
    # "认监委实验室部": the parent body named before one of its units is not part of the name
    for parent in PARENT_BODIES:
        for unit in known_units:
            out = out.replace(parent + unit, unit)
    return out


def unit_forms(unit: str) -> list[str]:
    """A unit's table name and the other names the aliases give it ("国际部": 国际合作部, …)."""
    units, _ = _aliases()
    return [unit, *(alias for alias, name in units.items() if name == unit)]


def with_aliases(text: str) -> str:
    """The text plus the texts' own names for any other names it uses (for searching)."""
    units, terms = _aliases()
    folded = fold(text).lower()
    extra = [name for alias, name in {**units, **terms}.items() if alias in folded and name.lower() not in folded]
    return f"{text} {' '.join(dict.fromkeys(extra))}" if extra else text

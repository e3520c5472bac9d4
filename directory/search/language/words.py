"""Dutch words: tokens, lemmas, and whether a word is ordinary Dutch.

Lemmas come from simplemma's Dutch dictionary (``low_memory``: it reads the
dictionary's compressed stream instead of building a dict of 370,000 forms,
13 MB instead of 47), with a handful of corrections from ``rules.json``
where its answer is wrong for this domain (it reads *oudere* as a form of
*oud* and *ouder* as one too, so "ouders" would meet "ouderen"). Whether a
word is ordinary Dutch asks simplemma's dictionary and wordfreq's list of
the 29,000 most common Dutch words (which knows *herrie*, *wiet* and
*genoeg*, which simplemma does not): such a word is never treated as a
typo of a vocabulary word. Both libraries load on first use, once per
process, behind a lock.

Every token carries two keys, its lemma and its own plain form (lower case,
no diacritics): a vocabulary word and a typed word meet when they share one.
So *valt*, *gevallen* and *val* all meet the vocabulary word *vallen*
(simplemma lemmatises the noun plural *vallen* as *val*), and *verwarde*
meets *verward*.
"""

from __future__ import annotations

import json
import math
import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any

LANGUAGE = "nl"
_WORD = re.compile(r"[^\W_]+\+?")
_BREAK = re.compile(r"[,.;:!?\n]")
_NON_WORD = re.compile(r"[^0-9a-z+]+")
_lock = threading.Lock()
_loaded: dict[str, Any] = {}


@cache
def rules() -> dict[str, Any]:
    """The curated language data (``rules.json``), read once."""
    data: dict[str, Any] = json.loads((files(__package__) / "rules.json").read_text(encoding="utf-8"))
    return data


def plain(text: str) -> str:
    """Lower case without diacritics: cocaïne -> cocaine, Suïcide -> suicide.

    >>> plain("Cocaïne")
    'cocaine'
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalise(text: str) -> str:
    """Lower case, no diacritics, punctuation to spaces: the form in which two
    labels or synonyms are compared (cocaïne = cocaine, burn-out = burn out).

    >>> normalise("  Niet-aangeboren   HERSENLETSEL! ")
    'niet aangeboren hersenletsel'
    """
    return " ".join(_NON_WORD.sub(" ", plain(text)).split())


def _resources() -> tuple[Any, Any, dict[str, float]]:
    """simplemma's lemmatiser and dictionary lookup, and wordfreq's common words."""
    if not _loaded:
        with _lock:
            if not _loaded:
                import simplemma
                import wordfreq
                from simplemma.strategies import DefaultStrategy

                lemmatizer = simplemma.Lemmatizer(
                    cache_max_size=20_000, lemmatization_strategy=DefaultStrategy(low_memory=True))
                common = wordfreq.get_frequency_dict(LANGUAGE, wordlist="small")
                _loaded.update(lemmatizer=lemmatizer, known=simplemma.is_known, common=common)
    return _loaded["lemmatizer"], _loaded["known"], _loaded["common"]


def load() -> None:
    """Load the language libraries now (a server does so before its first request)."""
    _resources()


@lru_cache(maxsize=50_000)
def lemma(word: str) -> str:
    """The dictionary form of one lower-case word, without diacritics.

    >>> [lemma(w) for w in ("blowt", "geslagen", "ouders", "ouderen", "spijbelt")]
    ['blowen', 'slaan', 'ouder', 'oudere', 'spijbelen']
    """
    fixed = rules()["lemmas"].get(word)
    if fixed:
        return str(fixed)
    lemmatizer, known, _ = _resources()
    if not word[:1].isalpha():
        return plain(word)
    if not known(word, LANGUAGE, low_memory=True):
        for cut in (1, 2):  # an unknown plural: zorgmijders, thuiszitters
            if len(word) - cut >= 4 and word[-cut:] in ("s", "en") \
                    and known(word[:-cut], LANGUAGE, low_memory=True):
                word = word[:-cut]
                break
        else:
            return plain(word)
    found: str = lemmatizer.lemmatize(word, LANGUAGE)
    return plain(found.replace("_", ""))


@lru_cache(maxsize=50_000)
def is_word(word: str) -> bool:
    """Whether a lower-case word is ordinary Dutch (or a number): never a typo.

    >>> is_word("uitzending"), is_word("herrie"), is_word("dementei")
    (True, True, False)
    """
    if not word[:1].isalpha():
        return True
    _, known, common = _resources()
    return word in common or bool(known(word, LANGUAGE, low_memory=True))


@lru_cache(maxsize=50_000)
def is_ordinary(word: str) -> bool:
    """Whether a lower-case word is ordinary Dutch, so never a typo: one of
    wordfreq's common words (uitzending, herrie, regent) or an inflected form
    simplemma knows (spijbelde). A rare word that is its own lemma (schol,
    dementi) may still be a typo of a vocabulary word (school, dementie).

    >>> is_ordinary("uitzending"), is_ordinary("spijbelde"), is_ordinary("dementi")
    (True, True, False)
    """
    if not word[:1].isalpha():
        return True
    _, known, common = _resources()
    return word in common or bool(known(word, LANGUAGE, low_memory=True)) and lemma(word) != plain(word)


def zipf(word: str) -> float:
    """How common a lower-case word is: wordfreq's Zipf scale (6 for 'huis', 3 for
    'herrie'), 0 for a word outside its 29,000 most common Dutch words.

    >>> zipf("frisdrank") > 3.5 > zipf("drankprobleem")
    True
    """
    frequency = _resources()[2].get(word)
    return round(math.log10(frequency) + 9, 2) if frequency else 0.0


@dataclass(frozen=True, slots=True)
class Token:
    """One typed word: as typed, lower case, plain, and the keys it matches on."""

    typed: str
    lower: str
    plain: str
    keys: frozenset[str]
    clause: int = 0  # which part of the sentence: a comma, full stop or semicolon starts the next


@lru_cache(maxsize=50_000)
def keys_of(lower: str) -> frozenset[str]:
    """The keys a lower-case word matches on: its lemma and its plain form (and,
    for a word that is also a verb's form simplemma reads otherwise, that verb:
    'staat' is a state and 'staan')."""
    also = rules()["also_lemmas"].get(lower)
    return frozenset((lemma(lower), plain(lower), *((also,) if also else ())))


def tokens(text: str) -> list[Token]:
    """The words of ``text`` (NFKC: full-width letters are letters), each with its keys.

    >>> [t.lower for t in tokens("Vader drinkt, 18+")]
    ['vader', 'drinkt', '18+']
    """
    found = []
    text = unicodedata.normalize("NFKC", text)
    clause, end = 0, 0
    for match in _WORD.finditer(text):
        if _BREAK.search(text, end, match.start()):
            clause += 1
        end = match.end()
        typed = match.group(0)
        lower = typed.casefold()
        found.append(Token(typed, lower, plain(lower), keys_of(lower), clause))
    return found

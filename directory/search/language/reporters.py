"""Who tells: the words of a note that say who reports a need, not the need.

"Thuiszorg ziet dat meneer zich niet meer wast", "hulp bij het huishouden
ziet dat mevrouw bang is voor haar zoon", "de schuldeiser meldt dat ...":
the home care or the household help is who noticed, not what the household
needs. ``places`` finds such a reporter: at the start of a sentence or of a
part joined by 'en'/'maar', a few words followed by a reporting verb
(zegt, ziet, meldt, geeft aan) and then 'dat', 'of' or 'omdat' (or a colon).
The vocabulary does not let words there name an area. A person word in
them ("moeder zegt dat ...", "mantelzorger geeft aan dat ...") is no
reporter: that person may well be the one with the need. The verbs and
words are ``rules.json``'s ("reporting_verbs", "reported", "joining_words",
"not_reporters").
"""

from __future__ import annotations

from functools import cache

from directory.search.language.stages import person_words
from directory.search.language.words import Token, keys_of, rules

LONGEST = 5  # words a reporter may have ("de hulp bij het huishouden")


@cache
def _verbs() -> frozenset[str]:
    return frozenset(k for verb in rules()["reporting_verbs"] for k in keys_of(verb))


def places(tokens: list[Token]) -> frozenset[int]:
    """The token places of every reporter in a question.

    >>> from directory.search.language.words import tokens as words
    >>> sorted(places(words("thuiszorg ziet dat meneer zich niet meer wast")))
    [0]
    >>> sorted(places(words("moeder zegt dat ze niet meer kan")))
    []
    """
    out: set[int] = set()
    joining = set(rules()["joining_words"])
    for start in range(len(tokens)):
        opens = start == 0 or tokens[start - 1].clause != tokens[start].clause \
            or tokens[start - 1].lower in joining
        if opens:
            out.update(_reporter(tokens, start))
    return frozenset(out)


def _reporter(tokens: list[Token], start: int) -> range:
    """The reporter that starts at ``start``, as a range of places (empty if none)."""
    clause = tokens[start].clause
    for verb in range(start + 1, min(start + LONGEST + 1, len(tokens))):
        if tokens[verb].clause != clause:
            break
        if not tokens[verb].keys & _verbs():
            continue
        if _reported_after(tokens, verb) and _outsider(tokens[start:verb]):
            return range(start, verb)
        break
    return range(0)


def _reported_after(tokens: list[Token], verb: int) -> bool:
    """Whether what comes after the verb is what is reported: 'dat', 'of', 'omdat' (past
    one particle: 'geeft aan dat'), or a new part of the sentence ('meldt: ...')."""
    reported = rules()["reported"]
    for at in (verb + 1, verb + 2):
        if at >= len(tokens):
            return False
        if tokens[at].clause != tokens[verb].clause or tokens[at].lower in reported:
            return True
        if at == verb + 1 and tokens[at].lower not in ("aan", "op", "ook", "al"):
            return False
    return False


def _outsider(words: list[Token]) -> bool:
    """Whether these words name someone outside the household: no person word, none of
    ``not_reporters`` (mantelzorger)."""
    persons = person_words()
    others = set(rules()["not_reporters"])
    return not any(w.lower in persons or w.plain in persons or w.lower in others for w in words)

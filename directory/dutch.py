"""Just enough Dutch for matching what workers type against the taxonomy.

``word_key`` maps the inflections a worker types onto one key, the same way
for the vocabulary and the query, so that *geheugenproblemen* and
*geheugenprobleem*, *schulden* and *schuld*, *mantelzorgers* and
*mantelzorger* meet. It is deliberately not the Snowball stemmer: on our
vocabulary Snowball maps *geheugenproblemen* to ``heunproblem`` but
*geheugenprobleem* to ``heunprobleem``, and *schulden* to ``schul`` but
*schuld* to ``schuld``. The rules here are few and each is tested.
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def month_label(day: date) -> str:
    """A day as workers say when something last happened: ``aug 2026``.

    >>> month_label(date(2026, 8, 15))
    'aug 2026'
    """
    return f"{MONTHS[day.month - 1]} {day.year}"


def dutch_number(value: float) -> str:
    """Hours as Dutch readers write them: a decimal comma, no trailing zero.

    >>> dutch_number(31.5), dutch_number(40.0)
    ('31,5', '40')
    """
    return (f"{value:.1f}".rstrip("0").rstrip(".")).replace(".", ",")

#: Words that never name a need; they are not corrected for typos nor split.
STOP_WORDS = frozenset("""
aan af al alle alleen als altijd ander andere bij binnen da dan dat de deze die dit doet door
drie du een eens en er erg ervaren ge geen graag had heb hebben heeft hem hen het hier hij hoe
hun iemand iets ik in is ja je jij jou jouw juist kan komt kunnen laat maar me meer men met
mij mijn moet na naar niet niets nog nu of om omdat ons onze ook op over per rond te tot twee
u uit vaak van veel voor vooral waar wat we wel welke wie wij wil wordt worden zal ze zelf zij
zijn zit zo zonder zou steeds heel echt soms even gaat gaan willen hulp nodig vraag vragen
meneer mevrouw man vrouw moeder vader zoon dochter kind kinderen gezin ouder ouders oma opa
buurman buurvrouw jaar jaren maand week dag
""".split())

#: Second halves of compounds that only say "a problem with": schuldenproblematiek.
GENERIC_HEADS = frozenset("""
problematiek problemen probleem klachten klacht situatie situaties zorgen hulp hulpvraag vraag
vragen gedrag ondersteuning begeleiding achtergrond gebruik misbruik
""".split())

_VOWEL_PAIRS = re.compile(r"(aa|ee|oo|uu)")
_DOUBLE_END = re.compile(r"([bcdfgklmnprstvz])\1$")
_SUFFIXES = (("heden", "heid"), ("ingen", "ing"), ("en", ""), ("s", ""), ("e", ""), ("n", ""))
MIN_STEM = 3


def word_key(word: str) -> str:
    """The matching key of one normalised word (lower case, no diacritics).

    >>> word_key("geheugenproblemen") == word_key("geheugenprobleem")
    True
    >>> word_key("schulden") == word_key("schuld")
    True
    """
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            word = word[: len(word) - len(suffix)] + replacement
            break
    word = _VOWEL_PAIRS.sub(lambda m: m.group(0)[0], word)
    return _DOUBLE_END.sub(r"\1", word)


def typo_budget(word: str) -> int:
    """How many edits a word of this length may have and still count as a typo:
    none up to 4 letters (NAH, LVB, ASS are not typos of each other), one up
    to 7, two from 8 (hersenletstel)."""
    if len(word) <= 4:
        return 0
    return 1 if len(word) <= 7 else 2

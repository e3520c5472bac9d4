"""Text as the guard reads it: one form for every way of writing the same thing.

People write around a filter without meaning to (a phone number typed on a
phone keyboard with full-width digits, a BSN pasted from a PDF with
zero-width spaces, a no-break hyphen from a word processor) and sometimes on
purpose. Every pattern of the guard therefore reads the text after NFKC
(full-width and other compatibility forms become plain letters and digits),
without invisible characters (zero-width spaces and joiners, the soft
hyphen, the byte-order mark), with every kind of space as a space, every
dash as ``-`` and every apostrophe as ``'``. ``Reading.origin`` maps each
character back to the text as typed, so a finding quotes and redacts what the
writer wrote.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

#: Characters that show as nothing: zero-width space, (non-)joiner, word
#: joiner, soft hyphen, byte-order mark, Mongolian vowel separator, and the
#: invisible operators (function application, times, separator, plus).
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\u00ad\ufeff\u180e\u2061\u2062\u2063\u2064")
#: Dashes and minus signs that mean ``-`` between digits (after NFKC).
DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d")
#: Apostrophes and quotes that mean ``'`` ('56 for 1956).
APOSTROPHES = frozenset("\u2018\u2019\u201a\u201b\u2032\u0060\u00b4")


@dataclass(frozen=True, slots=True)
class Reading:
    """``text`` as the guard reads it; ``origin[i]`` is the index in the typed
    text of the character ``text[i]`` came from (one more entry: the end)."""

    text: str
    origin: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Where ``text[start:end]`` was in the typed text."""
        if end <= start:
            return self.origin[start], self.origin[start]
        return self.origin[start], self.origin[end - 1] + 1


def _plain(char: str) -> str:
    if char in INVISIBLE:
        return ""
    out = []
    for c in unicodedata.normalize("NFKC", char):
        if c in DASHES:
            out.append("-")
        elif c in APOSTROPHES:
            out.append("'")
        elif c.isspace():
            out.append(" " if c not in "\n\r" else c)
        else:
            out.append(c)
    return "".join(out)


def reading(typed: str) -> Reading:
    """The text the guard's patterns run on.

    >>> r = reading("06\\u2011１２\\u200b345678")
    >>> r.text, typed_part(r, "06\\u2011１２\\u200b345678", 0, len(r.text)) == "06\\u2011１２\\u200b345678"
    ('06-12345678', True)
    >>> reading("BSN\\u00a0111\\u2009222\\u2009333").text
    'BSN 111 222 333'
    """
    if typed.isascii():
        return Reading(typed, tuple(range(len(typed) + 1)))
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(typed):
        plain = _plain(char)
        chars.append(plain)
        origin.extend([index] * len(plain))
    origin.append(len(typed))
    return Reading("".join(chars), tuple(origin))


def typed_part(r: Reading, typed: str, start: int, end: int) -> str:
    """The typed text behind ``r.text[start:end]``."""
    a, b = r.span(start, end)
    return typed[a:b]

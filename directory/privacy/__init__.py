"""The client-identity guard for free text about a case.

KernteamDB stores no client identity (see the domain's privacy rules), and
free text is where identity leaks in: a worker types a client's name, a BSN,
a phone number or an address into a case's notes without thinking, and
sometimes writes it around a filter. ``identity_in`` finds what looks like
one and ``refuse_identity`` turns the findings into a refusal that says what
to remove:

- names of clients and their family (deduce's Dutch name finder and the
  forms case notes add: ``directory.privacy.names``), streets with a house
  number and postcodes;
- BSN, phone, e-mail, IBAN and dates of birth (``directory.privacy.patterns``),

all read after one normalisation (``directory.privacy.text``: NFKC, no
invisible characters), so full-width digits or a zero-width space change
nothing. What is not client identity passes: the pool's professionals by
full name, organisations, teams, wijken and places (``directory.privacy.known``),
ages ("meneer van 67"), amounts, recent dates and eponyms in care terms
(Alzheimer, Korsakov). The lists in ``tests/data/privacy_*.jsonl`` hold the
texts of each kind; ``bench/privacy.py`` measures them and a held-out set.

The name finder needs its lists loaded (``prepare``, a few seconds; the very
first time on a machine a minute or two): servers and commands that accept
free text call ``prepare`` before their first write, and ``identity_in``
loads it itself otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from pydantic import ValidationInfo

from directory.privacy import model
from directory.privacy.model import is_built, is_loaded
from directory.privacy.names import name_hits
from directory.privacy.patterns import BIRTH_YEARS_BACK, Hit, number_hits
from directory.privacy.text import reading
from directory.problems import IDENTITY_KINDS, Problem, custom_error
from directory.search.language import words

if TYPE_CHECKING:
    from directory.privacy.known import KnownNames

__all__ = ["BIRTH_YEARS_BACK", "KNOWN", "Finding", "identity_in", "is_built", "is_loaded", "prepare",
           "refuse_identity", "checked_case_text", "redacted", "REDACTED"]

#: What ``redacted`` puts where identity was.
REDACTED = "[verwijderd]"
#: The validation context key under which an import passes the pool's known names.
KNOWN = "known_names"


@dataclass(frozen=True)
class Finding:
    """Something in a text that identifies a client: what kind, the text as
    typed, and where it is in the typed text."""

    kind: str  # name, address, bsn, phone, email, iban, birth_date
    text: str
    start: int = 0
    end: int = 0

    def problem(self, field: str) -> Problem:
        """The refusal as a problem at ``field`` (``directory.problems`` words it)."""
        return Problem.of(field, "identity", kinds=(self.kind,), texts=(self.text,))


#: What each kind of finding is, in the services' English words.
WHAT = IDENTITY_KINDS
_ORDER = ("email", "iban", "phone", "bsn", "address", "birth_date", "name")


def prepare(progress: Callable[[str], None] | None = None) -> None:
    """Make the guard fully able to check text in this process: deduce's
    lists (built the first time on a machine: ``progress`` hears a line
    first) and the Dutch word lists the name rules ask. A server calls this
    before it accepts a request; it is quick when done already."""
    model.prepare(progress)
    words.load()


def _default_known() -> KnownNames:
    from directory.privacy.known import REGION
    return REGION


def identity_in(text: str, *, known: KnownNames | None = None, today: date | None = None) -> list[Finding]:
    """Everything in ``text`` that looks like client identity, by kind (in
    the order e-mail, IBAN, phone, BSN, address, date of birth, name) and
    then by place; ``known``: names that are not client identity (the pool's,
    ``directory.privacy.known.pool_names``; the region's places without it).

    >>> [f.kind for f in identity_in("bel 06-12345678 of mail j.jansen@example.nl")]
    ['email', 'phone']
    >>> identity_in("2 keer per week 40 uur, groep 8, meneer van 67 met Alzheimer")
    []
    """
    today = today or date.today()
    seen = reading(text)
    hits: list[Hit] = number_hits(seen.text, today)
    blanked = list((known or _default_known()).blank(seen.text))
    for hit in hits:  # a number found is not also a house number or a name
        blanked[hit.start:hit.end] = " " * (hit.end - hit.start)
    hits.extend(name_hits("".join(blanked)))
    findings = []
    for hit in sorted(_apart(hits), key=lambda h: (_ORDER.index(h.kind), h.start)):
        start, end = seen.span(hit.start, hit.end)
        findings.append(Finding(hit.kind, text[start:end].strip(), start, end))
    return findings


def _apart(hits: list[Hit]) -> list[Hit]:
    """Hits that overlap (a date after "geboren" found twice) as one."""
    merged: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        if merged and hit.start < merged[-1].end:
            last = merged[-1]
            merged[-1] = Hit(last.kind, last.start, max(last.end, hit.end))
        else:
            merged.append(hit)
    return merged


def refuse_identity(text: str, *, known: KnownNames | None = None) -> str:
    """``text`` as it is, or ``ValueError`` saying what to remove."""
    found = identity_in(text, known=known)
    if found:
        raise custom_error("identity", kinds=[f.kind for f in found], texts=[f.text for f in found])
    return text


def checked_case_text(text: str, info: ValidationInfo) -> str:
    """``refuse_identity`` as a pydantic validator of case notes: the exchange
    format reports a refusal as ``cases[N].notes: ...``, and an import passes
    the pool's known names in the validation context (under ``KNOWN``)."""
    context: Any = info.context
    known = context.get(KNOWN) if isinstance(context, dict) else None
    return refuse_identity(text, known=known)


def redacted(text: str, findings: list[Finding]) -> str:
    """``text`` with every finding replaced by ``[verwijderd]``.

    >>> redacted("bel 06-12345678 of 073-6123456", identity_in("bel 06-12345678 of 073-6123456"))
    'bel [verwijderd] of [verwijderd]'
    """
    out = text
    for finding in sorted(findings, key=lambda f: f.start, reverse=True):
        out = out[:finding.start] + REDACTED + out[finding.end:]
    return out

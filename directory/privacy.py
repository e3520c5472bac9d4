"""The client-identity guard for free text about a case.

KernteamDB stores no client identity (see the domain's privacy rules), and
free text is where identity leaks in: a worker types the BSN, a phone number
or an address into a case's notes without thinking. ``identity_in`` finds
what looks like one — a BSN (nine digits passing the elfproef), a Dutch
phone number, an e-mail address, an IBAN, a postcode with a house number,
a date that looks like a date of birth — and ``refuse_identity`` turns the
first finding into a refusal that says what to remove.

The patterns are tuned for Dutch case notes: "40 uur", "2 keer per week",
"groep 8", "80 jaar", "meneer van 67", a recent appointment date or an
amount in euros pass; the tests hold 50 texts of each kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

#: A full date this many years back or more looks like a date of birth (a
#: case's own dates — the visit last week — are recent).
BIRTH_YEARS_BACK = 10

_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december")
_MONTH_WORDS = {name: i + 1 for i, name in enumerate(_MONTHS)}
_MONTH_WORDS.update({name[:3]: i + 1 for i, name in enumerate(_MONTHS)})


@dataclass(frozen=True)
class Finding:
    """Something in a text that identifies a client: what kind, and the text itself."""

    kind: str  # bsn, phone, email, iban, address, birth_date
    text: str

    def message(self) -> str:
        """The refusal, in the services' words (``place: message``; pages translate)."""
        return f"looks like {_WHAT[self.kind]} ('{self.text}'): remove it, case notes hold no client identity"


_WHAT = {"bsn": "a BSN", "phone": "a phone number", "email": "an e-mail address",
         "iban": "a bank account number (IBAN)", "address": "a postcode with a house number",
         "birth_date": "a date of birth"}

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_IBAN = re.compile(r"\b([A-Za-z]{2})(\d{2})[ ]?((?:[A-Za-z0-9]{4}[ ]?){2,7}[A-Za-z0-9]{1,4})\b")
_DIGITS9 = re.compile(r"(?<![\d+])(\d(?:[ .-]?\d){8})(?![\d])")
_PHONE = re.compile(
    r"(?<![\w+])(?:\+31|0031|\+ 31)[ \-.]*(?:\(0\)[ \-.]*)?[1-9](?:[ \-.()]*\d){8}(?!\d)"
    r"|(?<![\w+(])\(?0[1-9](?:[ \-.()]*\d){8}(?!\d)")
_POSTCODE = r"[1-9]\d{3}[ ]?(?!sa|sd|ss|SA|SD|SS)[A-Za-z]{2}\b"
_HOUSE = r"(?:nr\.?|nummer|huisnummer)?[ ]?\d{1,5}(?:[ -]?[A-Za-z])?\b"
_ADDRESS = re.compile(rf"\b{_POSTCODE}[ ,]*{_HOUSE}|\b\d{{1,5}}[A-Za-z]?[ ,]+{_POSTCODE}")
_NUMERIC_DATE = re.compile(r"(?<![\d/.-])(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?![\d/.-])")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_MONTH_PATTERN = "|".join(sorted(_MONTH_WORDS, key=len, reverse=True))
_WORD_DATE = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH_PATTERN})\.?\s+(\d{{4}})\b", re.IGNORECASE)
_BORN = re.compile(r"\b(?:geboren|geb\.|geboortedatum|geboortejaar)\s*:?\s*(?:op\s+|in\s+)?\S+",
                   re.IGNORECASE)


def _elfproef(digits: str) -> bool:
    """The BSN check: 9 x d1 + 8 x d2 + ... + 2 x d8 - d9 is a multiple of 11.

    >>> _elfproef("111222333"), _elfproef("123456789")
    (True, False)
    """
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - int(digits[8])
    return total % 11 == 0 and digits != "000000000"


def _iban_valid(country: str, check: str, rest: str) -> bool:
    text = (rest + country + check).upper()
    number = "".join(str(int(c, 36)) for c in text)
    return int(number) % 97 == 1


def _year(text: str, today: date) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if 2000 + year <= today.year else 1900
    return year


def _real_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _birth_dates(text: str, today: date) -> list[str]:
    found = []
    for match in _NUMERIC_DATE.finditer(text):
        day, month, year = int(match[1]), int(match[2]), _year(match[3], today)
        if _real_date(year, month, day) and year <= today.year - BIRTH_YEARS_BACK:
            found.append(match[0])
    for match in _ISO_DATE.finditer(text):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
        if _real_date(year, month, day) and year <= today.year - BIRTH_YEARS_BACK:
            found.append(match[0])
    for match in _WORD_DATE.finditer(text):
        day, month, year = int(match[1]), _MONTH_WORDS[match[2].lower()], int(match[3])
        if _real_date(year, month, day) and year <= today.year - BIRTH_YEARS_BACK:
            found.append(match[0])
    found.extend(m[0] for m in _BORN.finditer(text) if re.search(r"\d", m[0]))
    return found


def identity_in(text: str, *, today: date | None = None) -> list[Finding]:
    """Everything in ``text`` that looks like client identity, in the order of
    the kinds above (e-mail first: its digits must not count as a phone).

    >>> [f.kind for f in identity_in("bel 06-12345678 of mail j.jansen@example.nl")]
    ['email', 'phone']
    >>> identity_in("2 keer per week 40 uur, groep 8, meneer van 67")
    []
    """
    today = today or date.today()
    found: list[Finding] = []
    rest = text
    for match in _EMAIL.finditer(rest):
        found.append(Finding("email", match[0]))
    rest = _EMAIL.sub(" ", rest)
    for match in _IBAN.finditer(rest):
        compact = match[0].replace(" ", "")
        if match[1].upper() == "NL" and re.fullmatch(r"NL\d{2}[A-Z]{4}\d{10}", compact.upper()) or \
                _iban_valid(match[1], match[2], match[3].replace(" ", "")):
            found.append(Finding("iban", match[0]))
            rest = rest.replace(match[0], " ")
    for match in _PHONE.finditer(rest):
        found.append(Finding("phone", match[0].strip()))
    rest = _PHONE.sub(" ", rest)
    for match in _DIGITS9.finditer(rest):
        digits = re.sub(r"\D", "", match[1])
        if _elfproef(digits):
            found.append(Finding("bsn", match[1]))
    for match in _ADDRESS.finditer(rest):
        found.append(Finding("address", match[0].strip(" ,")))
    found.extend(Finding("birth_date", t) for t in _birth_dates(rest, today))
    return found


def refuse_identity(text: str) -> str:
    """``text`` as it is, or ``ValueError`` saying what to remove (a pydantic
    validator: the exchange format reports it as ``cases[N].notes: ...``)."""
    found = identity_in(text)
    if found:
        raise ValueError("; ".join(f.message() for f in found))
    return text

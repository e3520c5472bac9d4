"""Numbers and codes that identify a client: BSN, phone, e-mail, IBAN, a
postcode (alone or with a house number) and a date of birth.

Each pattern runs on the guard's reading of the text (``directory.privacy.text``:
NFKC, no invisible characters, one kind of space, dash and apostrophe) and
allows what people actually type between the parts: spaces, dots, dashes,
underscores, slashes and commas between digits, the letter o for a zero at
the start of a phone number, ``[at]``/``(at)``/`` at `` and ``(dot)``/`` punt ``
in an e-mail address, a postcode with its letters apart or glued to the
house number. What keeps ordinary notes out: a BSN must pass the elfproef, an
IBAN its check digits, a phone number needs the digits of a Dutch number, a
postcode's two letters are not a little Dutch word ("2024 en 2025"), and a
date counts as a date of birth only when it lies ten years back or more (a
case's own dates — the visit last week — are recent) or follows "geboren".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

#: A full date this many years back or more looks like a date of birth.
BIRTH_YEARS_BACK = 10


@dataclass(frozen=True, slots=True)
class Hit:
    """What a pattern found: its kind and where it is in the reading."""

    kind: str
    start: int
    end: int


_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december")
_MONTH_WORDS = {name: i + 1 for i, name in enumerate(_MONTHS)}
_MONTH_WORDS.update({name[:3]: i + 1 for i, name in enumerate(_MONTHS)})
_MONTH_WORDS.update({"mrt": 3, "sept": 9, "okt": 10, "jun": 6, "jul": 7,
                     "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7,
                     "october": 10, "oct": 10})
_MONTH_PATTERN = "|".join(sorted(_MONTH_WORDS, key=len, reverse=True))

#: Between two digits of one number: nothing, or one separator a writer uses.
_SEP = r"(?:[ .\-_/,;|] ?|[ ]?[.\-_/;|][ ]?)?"
_D = rf"\d{_SEP}"

# --- e-mail -------------------------------------------------------------------------------------
_AT = (r"(?:[ ]?@[ ]?|[ ]?[\[({<][ ]?(?:at|a|@|apenstaart(?:je)?)[ ]?[\])}>][ ]?"
       r"|[ ](?:at|apenstaart(?:je)?)[ ])")
_DOT = r"(?:[ ]?\.[ ]?|[ ]?[\[({<][ ]?(?:dot|punt|\.)[ ]?[\])}>][ ]?|[ ](?:dot|punt)[ ])"
_TLD_WORDS = r"(?:nl|com|net|org|be|eu|de|info|nu|me|io|live|online|fr|uk|co|pl|tr)"
_EMAIL = re.compile(
    rf"(?<![\w.+-])[\w][\w.+-]*{_AT}[A-Za-z0-9][\w-]*(?:{_DOT}[A-Za-z0-9][\w-]*)*{_DOT}[A-Za-z]{{2,12}}(?![\w@])",
    re.IGNORECASE)
#: An address written out with words ("jan at gmail dot com") needs a real top-level domain.
_WORDS_EMAIL_END = re.compile(rf"{_TLD_WORDS}$", re.IGNORECASE)

# --- IBAN ---------------------------------------------------------------------------------------
_IBAN = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{2})[ .\-_]?(\d{2})[ .\-_]?"
                   r"((?:[A-Za-z0-9]{4}[ .\-_]?){2,7}[A-Za-z0-9]{1,4})(?![A-Za-z0-9])")

#: A Dutch IBAN with the letter o for some zeros ("NLo3KNABo198o65412").
_IBAN_NL_O = re.compile(r"(?<![A-Za-z0-9])NL[ .\-_]?[\doO]{2}[ .\-_]?(?P<bank>[A-Za-z]{4})"
                        r"(?:[ .\-_]?[\doO]){10}(?![A-Za-z0-9])", re.IGNORECASE)

# --- phone --------------------------------------------------------------------------------------
_PHONE_SEP = r"[ .\-_/();|]{0,3}"
_PHONE = re.compile(
    # +31 6 1234 5678, 0031 (0)20 ..., + 31 ...
    rf"(?<![\w+])(?:\+[ ]?31|00[ ]?31){_PHONE_SEP}(?:\(?0\)?{_PHONE_SEP})?[1-9](?:{_PHONE_SEP}\d){{8}}(?!\d)"
    # 06-12345678, (073) 612 34 56, 0 6 1 2 ...
    rf"|(?<![\w+])\(?0[ ]?[1-9](?:{_PHONE_SEP}\d){{8}}(?!\d)"
    # +48 512 334 907: a number abroad
    rf"|(?<![\w+])(?:\+[ ]?|00)(?!31)[1-9]\d{{0,2}}(?:{_PHONE_SEP}\d){{7,12}}(?!\d)")
#: 6-12345678: a mobile number without its zero (unless the nine digits are a BSN).
_PHONE_NO_ZERO = re.compile(r"(?<![\w+.,\-/])6[ .\-_/]?\d{8}(?![\d.,])")

# --- BSN ----------------------------------------------------------------------------------------
_DIGITS9 = re.compile(rf"(?<![\d+€])(?<!€ )({_D * 8}\d)(?![\d])(?![.,]\d)")

# --- postcode and house number ------------------------------------------------------------------
#: Two letters after four digits that are a little Dutch word, not a postcode ("in 2024 en 2025").
_NOT_POSTCODE_LETTERS = frozenset(
    "sa sd ss en op in om te of is al nu zo na er ze je we ik uw de ik an to at on uu mg gr ie ct "
    "nd st rd th am pm km cm mm kg jr".split())
_POSTCODE = (r"(?<![\d\w])(?P<digits>[1-9](?:[ ]?\d){3})(?:[ ]?[\-_.]?[ ]?)(?P<letters>[A-Za-z][ ]?[A-Za-z])"
             r"(?![A-Za-z])")
_HOUSE = (r"(?:[ ,.\-_]{0,3}(?:nr\.?|nummer|huisnummer|no\.?)?[ ]?\d{1,5}"
          r"(?:[ ]?[\-_]?[ ]?[A-Za-z](?![A-Za-z])|[ ]?bis\b)?)")
_POSTCODE_HOUSE = re.compile(rf"{_POSTCODE}{_HOUSE}?", re.IGNORECASE)
_HOUSE_POSTCODE = re.compile(rf"(?<![\d\w])\d{{1,5}}[A-Za-z]?[ ,]+{_POSTCODE}")

# --- dates of birth -----------------------------------------------------------------------------
_DATE_SEP = r"[ ]?[\-/._ ][ ]?"
_YEAR = r"(?:\d{4}|'\d{2}|\d{2})"
_NUMERIC_DATE = re.compile(
    rf"(?<![\d])(?<!\d[/.\-])(\d{{1,2}}){_DATE_SEP}(\d{{1,2}}){_DATE_SEP}({_YEAR})(?![\d])(?![/\-]\d)(?!\.\d)")
_ISO_DATE = re.compile(r"(?<![\d])(\d{4})[ ]?[\-/._][ ]?(\d{1,2})[ ]?[\-/._][ ]?(\d{1,2})(?![\d])(?!\.\d)")
_WORD_DATE = re.compile(
    rf"\b(\d{{1,2}})(?:e|ste|de)?[ ]?[\-/. ]?[ ]?({_MONTH_PATTERN})\.?[ ]?[\-/. ]?[ ]?"
    rf"(\d{{4}}|'\d{{2}})(?![\d])",
    re.IGNORECASE)
_MONTH_FIRST_DATE = re.compile(rf"\b({_MONTH_PATTERN})\.?[ ](\d{{1,2}}),?[ ](\d{{4}})(?![\d])", re.IGNORECASE)
_BORN = re.compile(
    r"\b(?:geboren|geb\.?|geboortedatum|geboortedag|geb\.?datum|geboortejaar|d\.?o\.?b\.?|"
    r"date of birth|born)(?![a-z])(?:[ ](?!op\b|in\b)[^\W\d]{2,12}){0,2}[ ]?:?[ ]?(?:op|in|d\.d\.|per)?[ ]?"
    r"[(\[]?[ ]?(?=[^ ]*\d)[^ ,;)\]]+"
    r"(?:[ ](?:" + _MONTH_PATTERN + r")\.?(?:[ ]\d{2,4}|[ ]'\d{2})?)?",
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
    text = text.lstrip("'")
    year = int(text)
    if len(text) == 2:
        year += 2000 if 2000 + year <= today.year else 1900
    return year


def _long_ago(year: int, month: int, day: int, today: date) -> bool:
    """A real date ten years back or more: a date of birth, not a case's own date."""
    try:
        date(year, month, day)
    except ValueError:
        return False
    return year <= today.year - BIRTH_YEARS_BACK


def _emails(text: str) -> Iterator[Hit]:
    for match in _EMAIL.finditer(text):
        found = match[0]
        if "@" not in found and not re.search(r"[\[({<]", found) and not _WORDS_EMAIL_END.search(found):
            continue
        yield Hit("email", match.start(), match.end())


def _ibans(text: str) -> Iterator[Hit]:
    for match in _IBAN_NL_O.finditer(text):
        compact = re.sub(r"[ .\-_]", "", match[0]).upper().replace("O", "0")
        compact = compact[:4] + match["bank"].upper() + compact[8:]
        if "O" in match[0].upper().replace(match["bank"].upper(), "") and \
                _iban_valid(compact[:2], compact[2:4], compact[4:]):
            yield Hit("iban", match.start(), match.end())
    for match in _IBAN.finditer(text):
        country, check, rest = match[1], match[2], re.sub(r"[ .\-_]", "", match[3])
        compact = (country + check + rest).upper()
        if re.fullmatch(r"NL\d{2}[A-Z]{4}\d{10}", compact) or (
                len(compact) >= 15 and _iban_valid(country, check, rest)):
            yield Hit("iban", match.start(), match.end())


def _phones(text: str) -> Iterator[Hit]:
    matches = list(_PHONE.finditer(text))
    matches += [m for m in _PHONE_NO_ZERO.finditer(text) if not _elfproef(re.sub(r"\D", "", m[0]))]
    for match in matches:
        start, end = match.start(), match.end()
        while end > start and text[end - 1] in " .-_/(":
            end -= 1
        if text[start] == "(" and ")" not in text[start:end]:
            start += 1  # "(06-12345678)": the number, not its bracket
        yield Hit("phone", start, end)


def _bsns(text: str) -> Iterator[Hit]:
    for match in _DIGITS9.finditer(text):
        digits = re.sub(r"\D", "", match[1])
        if _elfproef(digits):
            yield Hit("bsn", match.start(1), match.end(1))


def _postcode_letters(match: re.Match[str]) -> bool:
    letters = match["letters"].replace(" ", "")
    spaced = " " in match["letters"]
    if letters.lower() in _NOT_POSTCODE_LETTERS:
        return False
    return not spaced or letters.isupper()


def _addresses(text: str) -> Iterator[Hit]:
    for match in _POSTCODE_HOUSE.finditer(text):
        if not _postcode_letters(match):
            continue
        between = text[match.end("digits"):match.start("letters")]
        letters_apart_lower = match["letters"].islower() and " " in between
        has_house = match.end() > match.end("letters")
        if letters_apart_lower and not has_house:
            continue  # "1234 ab" alone: too little to be sure
        yield Hit("address", match.start(), match.end())
    for match in _HOUSE_POSTCODE.finditer(text):
        if _postcode_letters(match):
            yield Hit("address", match.start(), match.end())


def _birth_dates(text: str, today: date) -> Iterator[Hit]:
    for match in _NUMERIC_DATE.finditer(text):
        if len(match[3]) == 2 and not text[match.end(1):match.start(3)].strip(" "):
            continue  # "score 3 4 12": numbers apart, not a date
        if _long_ago(_year(match[3], today), int(match[2]), int(match[1]), today):
            yield Hit("birth_date", match.start(), match.end())
    for match in _ISO_DATE.finditer(text):
        if _long_ago(int(match[1]), int(match[2]), int(match[3]), today):
            yield Hit("birth_date", match.start(), match.end())
    for match in _WORD_DATE.finditer(text):
        if _long_ago(_year(match[3], today), _MONTH_WORDS[match[2].lower()], int(match[1]), today):
            yield Hit("birth_date", match.start(), match.end())
    for match in _MONTH_FIRST_DATE.finditer(text):
        if _long_ago(int(match[3]), _MONTH_WORDS[match[1].lower()], int(match[2]), today):
            yield Hit("birth_date", match.start(), match.end())
    for match in _BORN.finditer(text):
        yield Hit("birth_date", match.start(), match.end())


_O_BY_DIGIT = re.compile(r"(?<=\d)[oO]+(?![^\W\d_])|(?<![^\W\d_])[oO]+(?=\d)"
                         r"|(?<=\d[ .\-_/;])[oO](?![^\W\d_])")


def _o_as_zero(text: str) -> str:
    """The letter o beside a digit as the zero it stands for ("o6-1234567o").

    >>> _o_as_zero("o6 - 4o5o6o7o, zo 2 keer")
    '06 - 40506070, zo 2 keer'
    """
    return _O_BY_DIGIT.sub(lambda m: "0" * len(m.group()), text)


def _blank(text: str, hits: list[Hit]) -> str:
    """``text`` with the found parts as spaces (same length), so a later
    pattern does not count the digits of an e-mail address as a phone."""
    chars = list(text)
    for hit in hits:
        chars[hit.start:hit.end] = " " * (hit.end - hit.start)
    return "".join(chars)


def number_hits(text: str, today: date) -> list[Hit]:
    """Every identifying number or code in ``text`` (a reading), e-mail first.

    >>> [h.kind for h in number_hits("bel o6-12345678 of mail jan[at]gmail(dot)com", date(2026, 12, 7))]
    ['email', 'phone']
    >>> number_hits("2 keer per week 40 uur, groep 8, meneer van 67, in 2024 en 2025", date(2026, 12, 7))
    []
    """
    found: list[Hit] = []
    for finder in (_emails, _ibans, _phones, _bsns, _addresses):
        hits = list(finder(text if finder in (_emails, _ibans) else _o_as_zero(text)))
        found.extend(hits)
        text = _blank(text, hits)
    found.extend(_birth_dates(_o_as_zero(text), today))
    return found

"""The privacy guard's refusals in the page's language, in one place.

``directory.privacy`` says ``looks like a name ('Verschuren'): remove it, ...``;
``web.field_errors`` (a form's fields) and ``web.problem_text`` (an upload's
report) both say it in the reader's words with these.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext, lazy_gettext

#: What the guard found, by its English words.
WHAT: dict[str, Any] = {
    "a name": lazy_gettext("een naam"),
    "an address": lazy_gettext("een adres"),
    "a BSN": lazy_gettext("een BSN"),
    "a phone number": lazy_gettext("een telefoonnummer"),
    "an e-mail address": lazy_gettext("een e-mailadres"),
    "a bank account number (IBAN)": lazy_gettext("een rekeningnummer (IBAN)"),
    "a date of birth": lazy_gettext("een geboortedatum"),
}


def what(english: str) -> str:
    """The Dutch (or English) words for a kind the guard found."""
    found = WHAT.get(english)
    return str(found) if found is not None else english


def hint(english: str) -> str:
    """What to write instead, where there is a way: a colleague by full name."""
    if english == "a name":
        return " " + gettext("Een professional uit de gids noem je met voor- en achternaam.")
    return ""

"""The privacy guard's refusals in the page's language, in one place.

``directory.privacy`` reports what it found as an ``identity`` problem with
the kinds it found (``name``, ``bsn``, ...) and the texts;
``web.words.problems`` says it in the reader's words with these, beside a
form's field and in an upload's report.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext, lazy_gettext

#: What the guard found, by kind (``directory.privacy``).
WHAT: dict[str, Any] = {
    "name": lazy_gettext("een naam"),
    "address": lazy_gettext("een adres"),
    "bsn": lazy_gettext("een BSN"),
    "phone": lazy_gettext("een telefoonnummer"),
    "email": lazy_gettext("een e-mailadres"),
    "iban": lazy_gettext("een rekeningnummer (IBAN)"),
    "birth_date": lazy_gettext("een geboortedatum"),
}


def what(kind: str) -> str:
    """The Dutch (or English) words for a kind the guard found."""
    found = WHAT.get(kind)
    return str(found) if found is not None else kind


def hint(kind: str) -> str:
    """What to write instead, where there is a way: a colleague by full name."""
    if kind == "name":
        return " " + gettext("Een professional uit de gids noem je met voor- en achternaam.")
    return ""

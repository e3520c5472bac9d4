"""A refused change, as a form shows it: one message per field, in the page's language.

The services of ``directory`` say what is wrong in English, one line per
problem named by its field (``synonym: 'zorg' is already the label or a
synonym``, ``broader: 'nah' would be its own broader area``), the same words
the API and the command line give. A form needs them next to the field they
are about, in words a coordinator reads: this turns each line into the field
it names and a message from the list below (the services' words are fixed
and tested, so the list is small and known).
"""

from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext as _
from flask_wtf import FlaskForm

from directory.errors import Conflict, DirectoryError

#: Where a problem belongs when its line names no field of the form.
FORM = "(form)"

_STALE = re.compile(r"version \d+ is no longer current")
_FIELD = re.compile(r"^([a-z_]+)(?:\[\d+\])*(?:\.[a-z_.\[\]0-9]+)?: (.*)$", re.DOTALL)


def _message(text: str) -> str:
    """A service's words for one problem, as a message in the page's language."""
    if "non-empty text" in text or "at least 1 character" in text or re.search(r"required", text):
        return _("Vul dit in.")
    longest = re.search(r"at most (\d+) characters", text)
    if longest:
        return _("Dit is te lang: hoogstens %(num)s tekens.", num=int(longest.group(1)))
    if "is already the label or a synonym" in text:
        return _("Dit woord noemt dit gebied al (als naam of als zoekwoord).")
    if "is not among" in text:
        return _("Dit is geen zoekwoord van dit gebied.")
    unknown = re.search(r"unknown (?:expertise area|professional) '(.*)'", text)
    if unknown:
        return _("'%(id)s' bestaat niet (meer).", id=unknown.group(1))
    if "would be its own broader area" in text:
        return _("Een gebied kan niet onder zichzelf of onder een van zijn eigen deelgebieden komen.")
    if re.search(r"is the (?:professional|expertise area) kept", text):
        return _("Kies twee verschillende: iets kan niet met zichzelf worden samengevoegd.")
    if "is a broader area of" in text:
        return _("Het gebied dat blijft ligt hier ver onder; verplaats dat eerst hoger.")
    if "is taken" in text:
        return _("Deze id is al in gebruik; kies een andere.")
    if "control characters" in text or "start or end with spaces" in text:
        return _("Een id heeft geen spaties aan het begin of eind en geen stuurtekens.")
    if "listed twice" in text:
        return _("Hetzelfde woord staat er twee keer in.")
    return _("Dit wordt niet aangenomen.")


def is_stale(exc: DirectoryError) -> bool:
    """Whether ``exc`` refuses an edit based on a version that is no longer current."""
    return isinstance(exc, Conflict) and any(_STALE.search(line) for line in exc.details)


def stale_message() -> str:
    return _("Iemand anders heeft dit intussen gewijzigd. Er is niets opgeslagen: bekijk hieronder "
             "hoe het nu is en doe je wijziging opnieuw.")


def per_field(exc: DirectoryError, fields: dict[str, str] | None = None) -> dict[str, list[str]]:
    """The messages of ``exc`` by form field. ``fields`` renames the services'
    field names to the form's (``{"duplicate": "duplicate"}``); a line about
    another field, or without one, goes under ``FORM``."""
    if is_stale(exc):
        return {FORM: [stale_message()]}
    found: dict[str, list[str]] = {}
    for line in exc.details or [exc.message]:
        matched = _FIELD.match(line)
        name = matched.group(1) if matched else None
        text = matched.group(2) if matched else line
        field = (fields or {}).get(name or "", FORM)
        message = _message(text)
        if message not in found.get(field, []):
            found.setdefault(field, []).append(message)
    return found


def messages(exc: DirectoryError, fields: dict[str, str] | None = None) -> list[str]:
    """Every message of ``exc``, for a page that shows them above everything else."""
    return [m for found in per_field(exc, fields).values() for m in found]


def show_on(form: FlaskForm, exc: DirectoryError, fields: dict[str, str] | None = None) -> list[str]:
    """Put the messages of ``exc`` on the fields of ``form``; returns those that
    belong to no field (to show above the form)."""
    rest: list[str] = []
    for name, messages in per_field(exc, fields).items():
        field: Any = form._fields.get(name) if name != FORM else None
        if field is None:
            rest.extend(messages)
        else:
            field.errors = [*field.errors, *messages]
    return rest

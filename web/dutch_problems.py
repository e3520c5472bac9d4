"""A refused change, as a form shows it: one message per field, in the page's language.

The services of ``directory`` say what is wrong in English, one line per
problem named by its field (``synonym: 'zorg' is already the label or a
synonym``, ``broader: 'nah' would be its own broader area``), the same words
the API and the command line give. A form needs them next to the field they
are about, in words a coordinator reads: this turns each line into the field
it names and a message (``web.field_errors`` holds the one list of the
services' words that every form uses).
"""

from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext as _
from flask_wtf import FlaskForm

from directory.errors import Conflict, DirectoryError
from web.field_errors import in_words

#: Where a problem belongs when its line names no field of the form.
FORM = "(form)"

_STALE = re.compile(r"version \d+ is no longer current")
_FIELD = re.compile(r"^([a-z_]+)(?:\[\d+\])*(?:\.[a-z_.\[\]0-9]+)?: (.*)$", re.DOTALL)


def _message(text: str) -> str:
    """A service's words for one problem, as a message in the page's language
    (one list of the services' words for every form: ``web.field_errors``)."""
    return in_words(text)


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

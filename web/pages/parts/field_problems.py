"""A refused change, as a form shows it: one message per field, in the page's language.

The services of ``directory`` say what is wrong as problems, each with the
field it is about (``synonym``, ``expertise[0].area``) and a code
(``directory.problems``). A form needs them next to the field they are
about, in words a coordinator reads: this puts each problem at its field,
worded by ``web.words.problems`` (the one table of the services' words that
every form uses).
"""

from __future__ import annotations

from string import ascii_lowercase, digits
from typing import Any

from flask_babel import gettext as _
from flask_wtf import FlaskForm

from directory.errors import DirectoryError
from directory.errors import is_stale as is_stale
from web.words.problems import said

#: Where a problem belongs when it names no field of the form.
FORM = "(form)"

_PATH = frozenset(ascii_lowercase + digits + "_.[]")


def field_place(field: str) -> tuple[str, int | None]:
    """The form field a problem's place names, and the position in a list field.

    >>> field_place("expertise[2].area"), field_place("email"), field_place("(record)")
    (('expertise', 2), ('email', None), ('', None))
    """
    name, _, rest = field.split(".", 1)[0].partition("[")
    if not name or not set(field) <= _PATH or "[" in name or not name[0].isalpha():
        return "", None
    index = rest.partition("]")[0]
    return name, int(index) if index.isdigit() else None


def stale_message() -> str:
    return _("Iemand anders heeft dit intussen gewijzigd. Er is niets opgeslagen: bekijk hieronder "
             "hoe het nu is en doe je wijziging opnieuw.")


def per_field(exc: DirectoryError, fields: dict[str, str] | None = None) -> dict[str, list[str]]:
    """The messages of ``exc`` by form field. ``fields`` renames the services'
    field names to the form's (``{"duplicate": "duplicate"}``); a problem about
    another field, or without one, goes under ``FORM``."""
    if is_stale(exc):
        return {FORM: [stale_message()]}
    found: dict[str, list[str]] = {}
    for problem in exc.shown:
        field = (fields or {}).get(field_place(problem.field)[0], FORM)
        message = said(problem)
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

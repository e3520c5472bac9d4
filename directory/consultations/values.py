"""Checking what a caller gives a consultation step (``directory.consultations.service``):
each function takes the raw value of a form or JSON body and either returns
it cleaned or adds one ``Problem`` (its field, code and values) to ``problems``. Free text is
trimmed, limited and passed through the client-identity guard
(``directory.privacy``), so no step can store a BSN, phone number or address.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any, get_args

from directory.errors import InvalidInput
from directory.pool.characters import control_problem
from directory.pool.model import whole_float
from directory.ports import Pool, Taxonomy
from directory.privacy import identity_in
from directory.privacy.known import pool_names
from directory.problems import Problem

#: Free text of a consultation: at most this many characters per field.
MAX_TEXT = 4000
#: One booking holds at most a day's hours.
MAX_HOURS_PER_BOOKING = 24.0


def text(store: Pool, value: Any, name: str, problems: list[Problem], *, required: bool = False,
         lines: bool = True) -> str | None:
    """Free text about the case: trimmed, at most 4,000 characters, without
    control characters (``lines``: tab and line breaks allowed) and free of
    client identity (the problem says what to remove; the names of
    ``store``'s pool are not client identity)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            problems.append(Problem.of(name, "required"))
        return None
    if not isinstance(value, str):
        problems.append(Problem.of(name, "must_be_text"))
        return None
    text = value.strip()
    if len(text) > MAX_TEXT:
        problems.append(Problem.of(name, "text_too_long", max=MAX_TEXT))
        return None
    control = control_problem(text, lines=lines)
    if control:
        problems.append(control.at(name))
        return None
    found = identity_in(text, known=pool_names(store))
    if found:
        problems.extend(f.problem(name) for f in found)
        return None
    return text


def required_text(store: Pool, value: Any, name: str) -> str:
    problems: list[Problem] = []
    found = text(store, value, name, problems, required=True)
    if problems or found is None:
        raise InvalidInput("the text cannot be saved", problems)
    return found


def choice_text(store: Pool, value: Any, name: str, problems: list[Problem]) -> str | None:
    """A short value (wijk, time, place): at most 200 characters, also checked by the guard."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value.strip()) > 200:
        problems.append(Problem.of(name, "choice_too_long", max=200))
        return None
    return text(store, value, name, problems, lines=False)


def literal(value: Any, kind: Any, name: str, problems: list[Problem]) -> Any:
    if value is None or value == "":
        return None
    allowed = get_args(kind)
    if value not in allowed:
        problems.append(Problem.of(name, "must_be_one_of", choices=", ".join(allowed)))
        return None
    return value


def flag(value: Any, name: str, problems: list[Problem]) -> bool:
    if value in (None, "", False, "0", "false", "nee"):
        return False
    if value in (True, "1", "true", "on", "ja", "y"):
        return True
    problems.append(Problem.of(name, "must_be_true_or_false"))
    return False


def areas(store: Taxonomy, value: Any, problems: list[Problem]) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [v for v in value.replace(",", " ").split() if v]
    if not isinstance(value, (list, tuple)) or not value:
        problems.append(Problem.of("areas", "no_areas"))
        return ()
    ids = [str(v) for v in value]
    known = {a.id for a in store.areas()}
    unknown = [a for a in ids if a not in known]
    if unknown:
        problems.append(Problem.of("areas", "unknown_area", id=unknown[0]))
        return ()
    return tuple(dict.fromkeys(ids))


def whole_number(value: Any) -> int | None:
    """
    >>> [whole_number(v) for v in (2, "3", 2.0, 2.9, "2.0", "²", True, None)]
    [2, 3, 2, None, None, None, None, None]
    """
    if isinstance(value, bool):
        return None
    value = whole_float(value)
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value)
    return None


def id(value: Any, name: str) -> str:
    """An id given by a caller: text, or ``InvalidInput`` naming the field."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"{name} must be an id", [Problem.of(name, "must_be_professional_id")])
    return value.strip()


def ids(value: Any, name: str) -> list[str]:
    """A list of ids given by a caller (a single id is a list of one)."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        raise InvalidInput(f"{name} must be a list of ids", [Problem.of(name, "must_be_id_list")])
    return list(dict.fromkeys(id(v, name) for v in value))


def hours(value: Any, problems: list[Problem]) -> float | None:
    try:
        amount = float(str(value).replace(",", ".")) if not isinstance(value, bool) else math.nan
    except (TypeError, ValueError):
        amount = math.nan
    if not math.isfinite(amount):
        problems.append(Problem.of("hours", "not_hours"))
        return None
    if amount <= 0:
        problems.append(Problem.of("hours", "hours_not_positive"))
        return None
    if amount > MAX_HOURS_PER_BOOKING:
        problems.append(Problem.of("hours", "hours_too_many"))
        return None
    return round(amount, 2)


def day(value: Any, default: date | None, problems: list[Problem], name: str = "day") -> date | None:
    if value is None or value == "":
        if default is None:
            problems.append(Problem.of(name, "required"))
        return default
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        problems.append(Problem.of(name, "not_a_date"))
        return None


def hours_text(hours: float) -> str:
    """
    >>> hours_text(2.0), hours_text(1.5)
    ('2', '1.5')
    """
    return f"{hours:g}"


def joined(day: date | None, text: str | None) -> str | None:
    parts = [p for p in (day.isoformat() if day else None, text) if p]
    return " — ".join(parts) or None

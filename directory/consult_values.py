"""Checking what a caller gives a consultation step (``directory.consult``):
each function takes the raw value of a form or JSON body and either returns
it cleaned or adds one ``field: problem`` line to ``problems``. Free text is
trimmed, limited and passed through the client-identity guard
(``directory.privacy``), so no step can store a BSN, phone number or address.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any, get_args

from directory.characters import control_problem
from directory.errors import InvalidInput
from directory.model import whole_float
from directory.ports import Pool, Taxonomy
from directory.privacy import identity_in
from directory.privacy.known import pool_names

#: Free text of a consultation: at most this many characters per field.
MAX_TEXT = 4000
#: One booking holds at most a day's hours.
MAX_HOURS_PER_BOOKING = 24.0


def text(store: Pool, value: Any, name: str, problems: list[str], *, required: bool = False,
         lines: bool = True) -> str | None:
    """Free text about the case: trimmed, at most 4,000 characters, without
    control characters (``lines``: tab and line breaks allowed) and free of
    client identity (the problem says what to remove; the names of
    ``store``'s pool are not client identity)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            problems.append(f"{name}: required")
        return None
    if not isinstance(value, str):
        problems.append(f"{name}: must be text")
        return None
    text = value.strip()
    if len(text) > MAX_TEXT:
        problems.append(f"{name}: at most {MAX_TEXT} characters")
        return None
    control = control_problem(text, lines=lines)
    if control:
        problems.append(f"{name}: {control}")
        return None
    found = identity_in(text, known=pool_names(store))
    if found:
        problems.extend(f"{name}: {f.message()}" for f in found)
        return None
    return text


def required_text(store: Pool, value: Any, name: str) -> str:
    problems: list[str] = []
    found = text(store, value, name, problems, required=True)
    if problems or found is None:
        raise InvalidInput("the text cannot be saved", problems)
    return found


def choice_text(store: Pool, value: Any, name: str, problems: list[str]) -> str | None:
    """A short value (wijk, time, place): at most 200 characters, also checked by the guard."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value.strip()) > 200:
        problems.append(f"{name}: at most 200 characters of text")
        return None
    return text(store, value, name, problems, lines=False)


def literal(value: Any, kind: Any, name: str, problems: list[str]) -> Any:
    if value is None or value == "":
        return None
    allowed = get_args(kind)
    if value not in allowed:
        problems.append(f"{name}: must be one of {', '.join(allowed)}")
        return None
    return value


def flag(value: Any, name: str, problems: list[str]) -> bool:
    if value in (None, "", False, "0", "false", "nee"):
        return False
    if value in (True, "1", "true", "on", "ja", "y"):
        return True
    problems.append(f"{name}: must be true or false")
    return False


def areas(store: Taxonomy, value: Any, problems: list[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [v for v in value.replace(",", " ").split() if v]
    if not isinstance(value, (list, tuple)) or not value:
        problems.append("areas: name at least one expertise area")
        return ()
    ids = [str(v) for v in value]
    known = {a.id for a in store.areas()}
    unknown = [a for a in ids if a not in known]
    if unknown:
        problems.append(f"areas: unknown expertise area '{unknown[0]}'")
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
        raise InvalidInput(f"{name} must be an id", [f"{name}: must be the id of a professional"])
    return value.strip()


def ids(value: Any, name: str) -> list[str]:
    """A list of ids given by a caller (a single id is a list of one)."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        raise InvalidInput(f"{name} must be a list of ids", [f"{name}: must be a list of ids"])
    return list(dict.fromkeys(id(v, name) for v in value))


def hours(value: Any, problems: list[str]) -> float | None:
    try:
        amount = float(str(value).replace(",", ".")) if not isinstance(value, bool) else math.nan
    except (TypeError, ValueError):
        amount = math.nan
    if not math.isfinite(amount):
        problems.append("hours: must be a number of hours")
        return None
    if amount <= 0:
        problems.append("hours: must be more than 0")
        return None
    if amount > MAX_HOURS_PER_BOOKING:
        problems.append("hours: at most 24 in one booking")
        return None
    return round(amount, 2)


def day(value: Any, default: date | None, problems: list[str], name: str = "day") -> date | None:
    if value is None or value == "":
        if default is None:
            problems.append(f"{name}: required")
        return default
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        problems.append(f"{name}: must be a date written as YYYY-MM-DD")
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

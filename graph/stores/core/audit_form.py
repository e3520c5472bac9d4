"""The audit trail as both stores keep it, and how an erasure rewrites it.

Both stores hold exactly the same text for an entry: ``at`` as UTC ISO 8601
with microseconds (``stamp``: comparing the text compares the times, and a
round trip is exact), ``before`` / ``after`` as JSON text (``json_text``).
When a person is erased their id in that text becomes a stand-in
(``replaced``) and their user accounts' names become ``ERASED_USER``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

#: What an erased person's user accounts are called afterwards, wherever they were named.
ERASED_USER = "(erased user)"
#: Audit kinds whose ``record`` is a user name rather than a pool record.
USER_KINDS = ("users", "signin")


def stamp(moment: datetime) -> str:
    """A moment as stored text (also consultations' and notices' times).

    >>> from datetime import timedelta, timezone
    >>> stamp(datetime(2026, 11, 17, 10, 30, tzinfo=timezone(timedelta(hours=1))))
    '2026-11-17T09:30:00.000000+00:00'
    """
    if moment.tzinfo is None:
        raise ValueError("audit times must carry a time zone")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def json_text(value: dict[str, Any] | None) -> str | None:
    """``before`` or ``after`` as stored text (None stays None)."""
    return None if value is None else json.dumps(value, ensure_ascii=False)


def replaced(value: Any, old: str, new: str) -> Any:
    """``value`` (parsed JSON) with every string equal to ``old`` replaced by ``new``.

    >>> replaced({"knows": ["p-anna", "p-bram"], "id": "p-anna"}, "p-anna", "p-erased-1")
    {'knows': ['p-erased-1', 'p-bram'], 'id': 'p-erased-1'}
    """
    if value == old:
        return new
    if isinstance(value, list):
        return [replaced(v, old, new) for v in value]
    if isinstance(value, dict):
        return {k: replaced(v, old, new) for k, v in value.items()}
    return value

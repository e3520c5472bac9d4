"""Reading the audit trail: filtered by user, kind, id and period, and exported
as JSON lines — for coordinators (``read_audit``) and the operator.

The entries themselves are written by the changes they describe, in the same
transaction (``directory.pool.changes``, ``directory.accounts.users``,
``directory.accounts.signin``, ``directory.exchange.document``). Kinds are the record kinds,
``document`` (an import), ``users`` (accounts) and ``signin``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from typing import Any

from directory.accounts.roles import READ_AUDIT, User
from directory.errors import InvalidInput
from directory.pool.browse import offset_problems
from directory.pool.changes import allowed
from directory.pool.model import KINDS
from directory.ports import AuditEntry, AuditTrail
from directory.problems import Problem

#: Kinds of audit entries: the pool's records, imports, accounts, sign-ins, the
#: consultations and meeting schedules ``directory.consultations.service`` writes, and the
#: removal of old free text (``directory.pool.retention``).
AUDIT_KINDS = (*KINDS, "document", "users", "signin", "consultations", "schedules", "retention")
MAX_PAGE = 500
_CHUNK = 1000


def parse_moment(text: str, name: str = "since") -> datetime:
    """``YYYY-MM-DD`` (the start of that day, UTC) or an ISO 8601 time (UTC when
    it names no zone)."""
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time(), UTC)
        moment = datetime.fromisoformat(text)
        return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    except (ValueError, OverflowError):  # OverflowError: a zone that moves it out of years 1-9999
        raise InvalidInput(f"{name} must be a date (YYYY-MM-DD) or a time (ISO 8601)",
                           [Problem.of(name, "given", value=repr(text))]) from None


def _check(kind: str | None, limit: int | None, offset: int) -> None:
    problems: list[Problem] = []
    if kind is not None and kind not in AUDIT_KINDS:
        problems.append(Problem.of("kind", "choose_from", value=kind, choices=", ".join(AUDIT_KINDS)))
    if limit is not None and not 1 <= limit <= MAX_PAGE:
        problems.append(Problem.of("limit", "page_size", value=limit, max=MAX_PAGE))
    problems.extend(offset_problems(offset))
    if problems:
        raise InvalidInput("the audit trail cannot be filtered like that", problems)


def entries(store: AuditTrail, *, by: User | None, user: str | None = None, kind: str | None = None,
            record: str | None = None, since: datetime | None = None, until: datetime | None = None,
            limit: int | None = None, offset: int = 0) -> list[AuditEntry]:
    """The entries matching every filter given (``since <= at < until``), oldest first."""
    allowed(by, READ_AUDIT)
    _check(kind, limit, offset)
    return store.audit_entries(user=user, kind=kind, record=record, since=since, until=until,
                               limit=limit, offset=offset)


def entry_json(entry: AuditEntry) -> dict[str, Any]:
    return {"seq": entry.seq, "at": entry.at.isoformat(), "user": entry.user, "kind": entry.kind,
            "id": entry.record, "action": entry.action, "before": entry.before, "after": entry.after,
            "revision": entry.revision}


def export_lines(store: AuditTrail, *, by: User | None, user: str | None = None, kind: str | None = None,
                 record: str | None = None, since: datetime | None = None,
                 until: datetime | None = None) -> Iterator[str]:
    """Every matching entry as one JSON line, read a chunk at a time (checked
    before the first line, so a refusal never comes halfway)."""
    allowed(by, READ_AUDIT)
    _check(kind, None, 0)
    filters = {"user": user, "kind": kind, "record": record, "since": since, "until": until}
    return _lines(store, filters)


def _lines(store: AuditTrail, filters: dict[str, Any]) -> Iterator[str]:
    offset = 0
    while True:
        chunk = store.audit_entries(**filters, limit=_CHUNK, offset=offset)
        for entry in chunk:
            yield json.dumps(entry_json(entry), ensure_ascii=False) + "\n"
        if len(chunk) < _CHUNK:
            return
        offset += _CHUNK

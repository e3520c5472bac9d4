"""The audit trail: who changed what, when (``AuditTrail``, ``AuditEntry``).
Entries about a change of the pool are written with it (``ImportPlan.audit``);
this port adds those about events that change nothing and reads them back."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One line of the audit trail: who changed what, when, and how it looked
    before and after (records as the exchange format writes them). Never a
    password, a token or anything about the client. ``seq`` and ``revision``
    are filled in by the store."""

    at: datetime
    user: str
    kind: str
    record: str | None
    action: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    revision: int | None = None
    seq: int | None = None


class AuditTrail(Protocol):
    """Reading and adding to the audit trail."""

    def write_audit(self, entries: Iterable[AuditEntry]) -> None:
        """Add entries about events that change nothing in the pool (a sign-in,
        an export of someone's data)."""

    def audit_entries(self, *, user: str | None = None, kind: str | None = None,
                      record: str | None = None, since: datetime | None = None,
                      until: datetime | None = None, limit: int | None = None,
                      offset: int = 0) -> list[AuditEntry]:
        """Entries matching every filter given (``since <= at < until``), oldest first."""

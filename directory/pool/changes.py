"""One change to the pool, built up by a service and made in one transaction.

Every service that changes the pool (``directory.pool.maintain``, ``areas``,
``merge``, ``avg``) works the same way: it reads what it changes through a
``Change`` — the versions first, then the records, so that a write by
someone else in between shows up as a conflict, never as a lost update —,
states what to write, delete or retire, and calls ``apply``. The change
carries the version of every record it read and an audit entry for every
record it touched (who, when, what, before and after), so that the store
writes the records and their audit trail together, or refuses all of it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from directory.accounts.roles import Action, User, actor, require
from directory.errors import NotFound, stale, stale_line
from directory.exchange.document import record_to_dict
from directory.pool.model import Professional, Record
from directory.ports import AuditEntry, Erasure, ImportPlan, Pool, PoolRecords
from directory.problems import unknown

#: Kinds whose records are retired by a status beside the record (the exchange
#: format has no ``active`` for them); a professional's ``active`` is in the record.
STATUS_KINDS = ("organisations", "teams")
#: The largest version a caller may state: 18 digits (a store keeps it as a signed
#: 64-bit integer; the forms' hidden version field takes as many digits).
MAX_VERSION = 10**18 - 1


@dataclass(frozen=True, slots=True)
class Saved:
    """A record as the store holds it after a change: its version (state it when
    editing it next) and whether it is active."""

    record: Record
    version: int
    active: bool = True


def allowed(by: User | None, action: Action) -> None:
    """``Forbidden`` unless ``by`` may do ``action``; ``None`` is the operator at
    the server's command line, who holds the store file and may do anything."""
    if by is not None:
        require(by, action)


def as_json(record: Record | None) -> dict[str, Any] | None:
    return None if record is None else record_to_dict(record)


def saved(store: PoolRecords, kind: str, record_id: str) -> Saved:
    """The stored record with its version and status (``NotFound`` if there is none)."""
    version = store.versions(kind, [record_id]).get(record_id)
    record = store.get(kind, record_id)
    if record is None or version is None:
        raise NotFound(unknown(kind, record_id))
    return Saved(record, version, _is_active(store, kind, record))


def _is_active(store: PoolRecords, kind: str, record: Record) -> bool:
    if kind in STATUS_KINDS:
        return record.id not in store.inactive(kind)
    return bool(getattr(record, "active", True))


class Change:
    """What a service is about to change, and the versions it was based on."""

    def __init__(self, store: Pool, by: User | None, *, now: datetime | None = None) -> None:
        self.store = store
        self.by = by
        self.now = now or datetime.now(UTC)
        self.revision: int | None = None
        self._writes: dict[str, dict[str, Record]] = defaultdict(dict)
        self._deletes: dict[str, list[str]] = defaultdict(list)
        self._expected: dict[tuple[str, str], int | None] = {}
        self._active: dict[tuple[str, str], bool] = {}
        self._audit: list[AuditEntry] = []
        self._relink: dict[str, str] = {}
        self._erasures: list[Erasure] = []

    # --- reading what the change is based on ----------------------------------------
    def read(self, kind: str, record_id: str, version: int | None = None) -> Record:
        """The record (``NotFound`` when there is none). ``version``: the one the
        user's edit was based on; when the record has moved on since, the change
        is refused now (``Conflict``), before anything is built on it."""
        found = self.read_many(kind, [record_id])
        if record_id not in found:
            raise NotFound(unknown(kind, record_id))
        current = self._expected[(kind, record_id)]
        if version is not None and current is not None and version != current:
            raise stale([stale_line(kind, record_id, version, current)])
        return found[record_id]

    def read_many(self, kind: str, ids: list[str]) -> dict[str, Record]:
        """The records among ``ids`` that exist; their versions are remembered."""
        versions = self.store.versions(kind, ids)  # first: see the module docstring
        records = self.store.get_many(kind, ids)
        for record_id in records:
            self._expected.setdefault((kind, record_id), versions.get(record_id))
        return records

    def professional(self, record_id: str, version: int | None = None) -> Professional:
        """``read`` for a professional."""
        found = self.read("professionals", record_id, version)
        if not isinstance(found, Professional):
            raise NotFound(unknown("professionals", record_id))
        return found

    # --- what to change -------------------------------------------------------------
    def create(self, kind: str, record: Record) -> None:
        self._expected[(kind, record.id)] = None  # must not exist yet
        self._writes[kind][record.id] = record
        self.note(kind, record.id, "create", None, as_json(record))

    def update(self, kind: str, before: Record, after: Record, action: str = "update", *,
               audit: bool = True) -> bool:
        """Write ``after`` in place of ``before`` (read through this change);
        False, and nothing noted, when they are the same. ``audit=False`` for
        records a service sums up in one entry of its own (the cases of a merge:
        copying their free text into the trail would spread it)."""
        if before == after:
            return False
        self._writes[kind][after.id] = after
        if audit:
            self.note(kind, after.id, action, as_json(before), as_json(after))
        return True

    def delete(self, kind: str, record: Record, action: str = "delete",
               after: dict[str, Any] | None = None) -> None:
        self._deletes[kind].append(record.id)
        self.note(kind, record.id, action, as_json(record), after)

    def set_active(self, kind: str, record_id: str, active: bool) -> None:
        """Retire (False) or reactivate an organisation or team."""
        self._active[(kind, record_id)] = active
        self.note(kind, record_id, "reactivate" if active else "retire",
                  {"active": not active}, {"active": active})

    def note(self, kind: str, record_id: str | None, action: str,
             before: dict[str, Any] | None = None, after: dict[str, Any] | None = None) -> None:
        """An audit entry of this change (written with it, or not at all)."""
        self._audit.append(AuditEntry(self.now, actor(self.by), kind, record_id, action, before, after))

    def relink(self, old: str, new: str) -> None:
        self._relink[old] = new

    def erase(self, erasure: Erasure) -> None:
        self._erasures.append(erasure)

    # --- making it -----------------------------------------------------------------------
    @property
    def is_empty(self) -> bool:
        return not (any(self._writes.values()) or any(self._deletes.values()) or self._active)

    def apply(self) -> int:
        """Make the change in one transaction; ``Conflict`` when any record it was
        based on has moved on meanwhile (nothing is changed then)."""
        if self.is_empty:
            self.revision = self.store.revision()
            return self.revision
        touched = {(kind, rid) for kind, records in self._writes.items() for rid in records}
        touched |= {(kind, rid) for kind, ids in self._deletes.items() for rid in ids}
        touched |= set(self._active)
        plan = ImportPlan(
            {kind: tuple(records.values()) for kind, records in self._writes.items()},
            deletes={kind: tuple(ids) for kind, ids in self._deletes.items()},
            expected={key: version for key, version in self._expected.items() if key in touched},
            active=dict(self._active), audit=tuple(self._audit), relink=dict(self._relink),
            erasures=tuple(self._erasures))
        self.revision = self.store.apply(plan)
        return self.revision

    def saved(self, kind: str, record_id: str) -> Saved:
        """After ``apply``: the record as stored now, with its version."""
        written = self._writes[kind].get(record_id)
        if written is None and (kind, record_id) not in self._active:
            return saved(self.store, kind, record_id)
        if self.revision is None:
            raise RuntimeError("apply the change first")
        record = written if written is not None else self.store.get(kind, record_id)
        if record is None:
            raise NotFound(unknown(kind, record_id))
        return Saved(record, self.revision, _is_active(self.store, kind, record))

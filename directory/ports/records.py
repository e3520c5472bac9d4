"""The pool's records and every change to them (``PoolRecords``), and the
plan a change is made from (``ImportPlan`` with ``KindCounts`` and
``Erasure``): one transaction, all or nothing, checked against the versions
the change was based on."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from directory.consultations.records import Consultation, MeetingSchedule, Notice
from directory.pool.model import Record
from directory.ports.audit import AuditEntry


@dataclass(frozen=True, slots=True)
class KindCounts:
    """How an import changes one kind of record."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.new + self.changed + self.unchanged


@dataclass(frozen=True, slots=True)
class Erasure:
    """A professional erased under the AVG: in the audit trail every mention of
    ``professional`` becomes ``replacement`` and what was recorded about them is
    dropped; their user accounts (``users``) go, with their tokens."""

    professional: str
    replacement: str
    users: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """A change to the pool that ``Store.apply`` makes in one transaction, all
    or nothing: records to write and to delete, the version each record must
    still have (None: it must not exist yet) so that no one's edit is lost,
    organisations and teams retired (False) or reactivated (True), the audit
    entries that describe the change, user accounts to re-link from a merged
    professional to the one kept, and erasures. An import fills in ``counts``.

    A plan may also save consultations (``directory.consultations.service``: the version
    each must still have is in ``expected`` under ``("consultations", id)``),
    meeting schedules and notices: closing a consultation writes its case in
    the same transaction, so the case counts at once or not at all."""

    writes: Mapping[str, tuple[Record, ...]]
    counts: Mapping[str, KindCounts] = field(default_factory=dict)
    deletes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    expected: Mapping[tuple[str, str], int | None] = field(default_factory=dict)
    active: Mapping[tuple[str, str], bool] = field(default_factory=dict)
    audit: tuple[AuditEntry, ...] = ()
    relink: Mapping[str, str] = field(default_factory=dict)
    erasures: tuple[Erasure, ...] = ()
    consultations: tuple[Consultation, ...] = ()
    schedules: tuple[MeetingSchedule, ...] = ()
    notices: tuple[Notice, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.changes_pool or self.consultations or self.schedules or self.notices)

    @property
    def changes_pool(self) -> bool:
        """Whether the plan changes records of the pool (not only consultations,
        schedules and notices): what search and the network are built from."""
        return bool(any(self.writes.values()) or any(self.deletes.values()) or self.active
                    or self.relink or self.erasures)


class PoolRecords(Protocol):
    """The records of the pool: reading them, their versions, and changing them
    through ``apply``."""

    def get(self, kind: str, record_id: str) -> Record | None:
        """One record of ``kind`` (a name from ``model.KINDS``) or None."""

    def get_many(self, kind: str, ids: Iterable[str]) -> dict[str, Record]:
        """The records of ``kind`` among ``ids`` that exist, by id."""

    def iter_records(self, kind: str) -> Iterator[Record]:
        """Every record of ``kind`` in id order. Two calls may see two revisions:
        an export reads ``records_at_one_revision`` instead."""

    def records_at_one_revision(self) -> dict[str, list[Record]]:
        """Every record of every kind (``KINDS`` order, each in id order), all as
        of one revision: what an export writes, so that a write landing while it
        reads cannot give a file with one kind of one revision and another kind
        of the next (a reference to a record that is not in the file)."""

    def count(self, kind: str) -> int:
        """How many records of ``kind`` the store holds."""

    def apply(self, plan: ImportPlan) -> int:
        """Make the change of the plan in one transaction, all or nothing: write
        its records (replacing those with the same id), delete, retire, write its
        audit entries, re-link and erase. ``Conflict`` when a record no longer
        has the version the plan expects, or when the change would leave a
        reference dangling. Returns the new revision. Other processes see
        deletions too (and an erasure leaves nothing of the person behind, not
        in the file nor in an index snapshot)."""

    def versions(self, kind: str, ids: Iterable[str]) -> dict[str, int]:
        """The version of each existing record of ``kind`` among ``ids``: a
        number that changes whenever the record is written. Read the versions
        *before* the records an edit is based on, so that a write in between
        shows up as a conflict, never as a lost update."""

    def inactive(self, kind: str) -> frozenset[str]:
        """The ids of the retired organisations or teams (a professional's
        ``active`` is part of their record)."""

    def cases_referring(self, kind: str, record_id: str) -> list[str]:
        """Ids of the cases that name the professional, expertise area or team
        ``record_id`` (``kind`` one of those three), in id order."""

"""``EmbeddedStore.apply``'s steps (``graph.stores.core.plan``) in SQL, inside
the write's transaction: records (``sqlite_schema``), deletions with their
tombstones and retirements (``changes_sql``), consultations (``consult_sql``),
the audit trail (``audit_sql``) and accounts (``accounts_sql``). The
in-memory index is brought up to date by the store after COMMIT, so
``records_done`` has nothing to do here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence

from directory.consultations.records import Consultation, MeetingSchedule, Notice
from directory.pool.model import KINDS, Record
from directory.ports import AuditEntry, Erasure
from graph.stores.embedded import accounts_sql, audit_sql, changes_sql, consult_sql
from graph.stores.embedded.memory_index import MemoryIndex
from graph.stores.embedded.sqlite_schema import write_records


class SqlitePlanSteps:
    """``PlanSteps`` on one connection at one revision; ``secret`` (the store's
    id) keys the tombstones, ``index`` tells which records exist already."""

    def __init__(self, conn: sqlite3.Connection, revision: int, secret: str, index: MemoryIndex) -> None:
        self.conn, self.revision, self.secret, self.index = conn, revision, secret, index

    def check_versions(self, expected: Mapping[tuple[str, str], int | None]) -> None:
        changes_sql.check_versions(self.conn, expected)

    def write_records(self, writes: Mapping[str, Sequence[Record]]) -> None:
        for kind in KINDS:
            records = writes.get(kind, ())
            known = self.index.ids(kind)
            write_records(self.conn, kind, records, self.revision,
                          existing=[r.id for r in records if r.id in known])
            if records:
                changes_sql.clear_tombstones(self.conn, kind, (r.id for r in records), self.secret)

    def delete_records(self, kind: str, ids: Sequence[str]) -> None:
        changes_sql.delete_rows(self.conn, kind, ids, self.revision, self.secret)
        changes_sql.check_no_case_names(self.conn, kind, ids)

    def set_active(self, kind: str, record_id: str, active: bool) -> None:
        changes_sql.set_active(self.conn, kind, record_id, active, self.revision)

    def records_done(self) -> None:
        """Nothing: the sums are the in-memory index's, updated after COMMIT."""

    def write_consultations(self, consultations: Sequence[Consultation]) -> None:
        consult_sql.write_consultations(self.conn, consultations, self.revision)

    def write_schedules(self, schedules: Sequence[MeetingSchedule]) -> None:
        consult_sql.write_schedules(self.conn, schedules, self.revision)

    def write_notices(self, notices: Sequence[Notice]) -> None:
        consult_sql.write_notices(self.conn, notices)

    def write_audit(self, entries: Sequence[AuditEntry]) -> None:
        audit_sql.write_audit(self.conn, entries, self.revision)

    def relink_accounts(self, moves: Mapping[str, str]) -> None:
        accounts_sql.relink_accounts(self.conn, moves)

    def rename_people(self, moves: Mapping[str, str], *, users: Iterable[str] = (),
                      user_stand_in: str = "") -> None:
        consult_sql.rename_people(self.conn, moves, self.revision, users=users,
                                  user_stand_in=user_stand_in)

    def erase_traces(self, erasure: Erasure) -> None:
        audit_sql.erase_traces(self.conn, erasure)

    def remove_accounts(self, users: Iterable[str]) -> None:
        accounts_sql.remove_accounts(self.conn, users)

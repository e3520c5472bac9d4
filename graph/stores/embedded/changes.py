"""The embedded store's side of changes beyond writing records: the version
checks, deletions and retirements of a plan, erasure, the audit trail, and
catching up with deletions made by other processes.

A mixin of ``EmbeddedStore`` (like ``SqliteAccounts``): it uses the store's
connection, lock and in-memory index. The SQL itself is in
``graph.stores.embedded.changes_sql`` and ``graph.stores.embedded.audit_sql``; a change is
applied in the order of ``graph.stores.core.plan`` by ``graph.stores.embedded.sqlite_plan``.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable
from contextlib import suppress
from datetime import datetime
from typing import TYPE_CHECKING

from directory.errors import InvalidInput
from directory.pool.model import KINDS
from directory.ports import AuditEntry, ImportPlan
from graph.stores.core.plan import apply_plan
from graph.stores.embedded import changes_sql, snapshot
from graph.stores.embedded.audit_sql import read_audit, write_audit
from graph.stores.embedded.memory_index import MemoryIndex
from graph.stores.embedded.sqlite_plan import SqlitePlanSteps
from graph.stores.embedded.sqlite_writes import WriteGuard


class SqliteChanges:
    """Part of ``directory.ports.Store`` for ``EmbeddedStore`` (see the module docstring)."""

    _conn: sqlite3.Connection
    _writes: WriteGuard
    _lock: threading.RLock
    _index: MemoryIndex
    _snapshot_revision: int
    file: str

    if TYPE_CHECKING:  # the store's (declared only: a method here would hide the real one)
        def _store_id(self) -> str: ...

        def _catch_up(self) -> None: ...

    def _drop_deleted(self, since: int) -> None:
        """Take out of the index the records deleted after revision ``since``."""
        gone = changes_sql.tombstones_since(self._conn, since)
        secret = self._store_id()
        for kind in reversed(KINDS):
            if gone.get(kind):
                for rid in changes_sql.ids_with_keys(gone[kind], list(self._index.ids(kind)), secret):
                    self._index.drop(kind, rid)

    def _write(self, plan: ImportPlan, revision: int) -> None:
        """Everything ``apply`` writes, inside its transaction."""
        apply_plan(SqlitePlanSteps(self._conn, revision, self._store_id(), self._index), plan)
        if plan.erasures:
            self._conn.execute("INSERT OR REPLACE INTO meta VALUES ('purged', ?)", (str(revision),))

    def _scrub(self) -> None:
        """After an erasure no copy of the person may stay behind: not the index
        snapshot (older ones are refused from now on, see ``_load_snapshot``),
        not the free pages of the file, not the write-ahead log. Best effort
        once the erasure is committed: another process reading at this very
        moment can make the log wait for the next checkpoint."""
        snapshot.discard(self.file)
        self._snapshot_revision = -1
        with suppress(sqlite3.Error):
            self._conn.execute("VACUUM")
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # --- versions, status, references (see graph.stores.embedded.changes_sql) ---------------------
    def versions(self, kind: str, ids: Iterable[str]) -> dict[str, int]:
        with self._lock:
            self._conn.execute("BEGIN")  # the versions of the rows the index now holds
            try:
                self._catch_up()
                return changes_sql.read_versions(self._conn, kind, ids)
            finally:
                self._conn.execute("COMMIT")

    def inactive(self, kind: str) -> frozenset[str]:
        with self._lock:
            return changes_sql.retired_ids(self._conn, kind)

    def cases_referring(self, kind: str, record_id: str) -> list[str]:
        with self._lock:
            self._catch_up()
            return self._cases_referring(kind, record_id)

    def _cases_referring(self, kind: str, record_id: str) -> list[str]:
        cases = self._index.cases
        if kind == "professionals":
            return sorted(self._index.cases_by_professional.get(record_id, ()))
        if kind == "expertise":
            return sorted(c for c, facts in cases.items() if record_id in facts.areas)
        if kind == "teams":
            return sorted(c for c, facts in cases.items() if facts.team == record_id)
        raise InvalidInput(f"cases do not refer to {kind}")

    # --- the audit trail ------------------------------------------------------------------
    def write_audit(self, entries: Iterable[AuditEntry]) -> None:
        with self._lock, self._writes.transaction(self._conn) as conn:
            write_audit(conn, entries, None)

    def audit_entries(self, *, user: str | None = None, kind: str | None = None,
                      record: str | None = None, since: datetime | None = None,
                      until: datetime | None = None, limit: int | None = None,
                      offset: int = 0) -> list[AuditEntry]:
        with self._lock:
            return read_audit(self._conn, user=user, kind=kind, record=record, since=since,
                              until=until, limit=limit, offset=offset)

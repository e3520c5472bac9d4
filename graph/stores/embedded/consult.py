"""The embedded store's consultations, schedules and notices (read side; they
are written through ``apply``, see ``graph.stores.embedded.changes``).

A mixin of ``EmbeddedStore`` like ``SqliteAccounts``: it reads straight from
SQLite under the store's lock, so every process sees every committed write.
The SQL is in ``graph.stores.embedded.consult_sql``.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

from directory.consultations.records import Consultation, MeetingSchedule, Notice
from directory.errors import StoreUnavailable
from graph.stores.embedded import consult_sql
from graph.stores.embedded.sqlite_writes import WriteGuard


class SqliteConsultations:
    """Part of ``directory.ports.Store`` for ``EmbeddedStore``."""

    _conn: sqlite3.Connection
    _writes: WriteGuard
    _lock: threading.RLock
    file: str

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                yield self._conn
            except sqlite3.Error as exc:
                raise StoreUnavailable(f"cannot read the consultations of {self.file}: {exc}") from None

    def consultation(self, consultation_id: str) -> Consultation | None:
        with self._reading() as conn:
            return consult_sql.read_consultation(conn, consultation_id)

    def consultations(self, *, open_only: bool = False, person: str | None = None,
                      team: str | None = None, since: datetime | None = None,
                      until: datetime | None = None) -> list[Consultation]:
        with self._reading() as conn:
            return consult_sql.read_consultations(conn, open_only=open_only, person=person,
                                                  team=team, since=since, until=until)

    def schedules(self) -> list[MeetingSchedule]:
        with self._reading() as conn:
            return consult_sql.read_schedules(conn)

    def notices(self, professional: str, *, unread_only: bool = False, limit: int = 50) -> list[Notice]:
        with self._reading() as conn:
            return consult_sql.read_notices(conn, professional, unread_only=unread_only, limit=limit)

    def mark_notices_read(self, professional: str, up_to: int) -> None:
        with self._lock, self._writes.transaction(self._conn) as conn:
            consult_sql.mark_read(conn, professional, up_to)

    def _open_consultation_hours(self, start: date, end: date) -> dict[str, float]:
        with self._reading() as conn:
            return consult_sql.open_hours(conn, start, end)

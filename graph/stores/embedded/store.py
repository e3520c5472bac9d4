"""The embedded store: SQLite on disk as the record of truth, networkx in memory.

A write goes to SQLite first (one transaction, WAL mode, deferred foreign
keys) and only after COMMIT into the in-memory index, so a crash at any moment
leaves the file with all of a write or none of it. Several processes may share
one file: ``meta.revision`` grows with every commit and each row remembers the
revision that wrote it, so before every read a process compares revisions (one
indexed look-up) and, when another process has written, reads just the rows
written since, and the tombstones of the rows deleted since
(``graph.stores.embedded.changes_sql``). Nobody is served data staler than one call.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext, suppress
from datetime import date
from typing import TypeVar

import numpy as np

from directory.consultations.hours import half_year
from directory.errors import Conflict, StorageFull, StoreReadOnly, StoreUnavailable
from directory.pool.bulk import BULK, collector_paused
from directory.pool.model import KINDS, Case, ExpertiseArea, Record
from directory.ports import ImportPlan, Places, PlaceValues
from graph.stores.core import sums
from graph.stores.core.case_facts import CaseFacts
from graph.stores.core.columns import weighted
from graph.stores.core.derived import DerivedValues
from graph.stores.embedded import sqlite_files
from graph.stores.embedded.accounts_sql import SqliteAccounts
from graph.stores.embedded.changes import SqliteChanges
from graph.stores.embedded.consult import SqliteConsultations
from graph.stores.embedded.memory_index import MemoryIndex
from graph.stores.embedded.network import IndexNetwork
from graph.stores.embedded.opening import SqliteOpening
from graph.stores.embedded.sqlite_schema import Rows, read_case_facts, read_records
from graph.stores.embedded.sqlite_writes import WriteGuard, read_only, storage_error
from graph.stores.embedded.synced import synced
from graph.stores.port_views import PortViews

T = TypeVar("T")


# the mixins: graph/stores/embedded/opening.py, accounts_sql.py, changes.py, consult.py, network.py
class EmbeddedStore(SqliteOpening, SqliteAccounts, SqliteChanges, SqliteConsultations, IndexNetwork,
                    PortViews):
    """``directory.ports.Store`` on one SQLite file (see the module docstring)."""

    def __init__(self, path: str, *, create: bool = False) -> None:
        self.url = f"sqlite:///{path}"
        self.file = path
        self._lock = threading.RLock()
        self._writes = WriteGuard(path)
        self._index = MemoryIndex()
        self._seen = -1
        exists = os.path.exists(path)
        if not create and not exists:
            raise StoreUnavailable(f"no KernteamDB store at {path} (create one with 'kernteamdb init')")
        self._writes.read_only = exists and not sqlite_files.writable(path)
        try:
            if not exists:
                sqlite_files.create_owner_only(path)
            self._conn = sqlite_files.connect(path, read_only=self._writes.read_only)
        except PermissionError:
            raise read_only(path) from None
        except (sqlite3.Error, OSError) as exc:
            raise StoreUnavailable(f"cannot open {path}: {exc}") from None
        self._snapshot_revision = -1
        self._derived = DerivedValues()
        self._open_node_caches()
        self._cached_revision = -1
        self._pool_revision = -1  # the last revision that changed records (not only consultations)
        self._cached_pool_revision = -1
        try:
            self._prepare(create)
            self._load_snapshot()
            self._catch_up()
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            problem = storage_error(exc, path)
            if isinstance(problem, StoreReadOnly | StorageFull):
                if not exists:  # never became a store: leave nothing that looks like one
                    sqlite_files.remove(path)
                raise problem from None  # a store all right, but it cannot be written
            raise StoreUnavailable(f"{path} is not a KernteamDB store ({exc})") from None
        except StoreUnavailable:
            self._conn.close()
            raise

    # --- keeping up with the file ---------------------------------------------------
    def _disk_revision(self) -> int:
        return int(self._conn.execute("SELECT value FROM meta WHERE key = 'revision'").fetchone()[0])

    def _catch_up(self) -> None:
        """Load every row written since the revision this process has seen."""
        try:
            if self._disk_revision() == self._seen:
                return
            own_transaction = not self._conn.in_transaction
            if own_transaction:
                self._conn.execute("BEGIN")  # one snapshot for revision and rows
            try:
                with collector_paused(freeze_after=self._seen < 0):
                    revision = self._disk_revision()
                    since = Rows(since=self._seen)
                    for kind in KINDS[:-1]:
                        for record in sorted(read_records(self._conn, kind, since),
                                             key=lambda r: r.id):
                            self._index.put(kind, record)
                    self._index.load_cases(sorted(read_case_facts(self._conn, since)))
                    if self._seen >= 0:  # a new index holds nothing that could be gone
                        self._drop_deleted(self._seen)
                    self._seen = revision
                    self._pool_revision = self._meta_number("pool_revision") or revision
            finally:
                if own_transaction:
                    self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"cannot read {self.file}: {exc}") from None

    def revision(self) -> int:
        with self._lock:
            self._catch_up()
            return self._seen

    # --- writing --------------------------------------------------------------------
    def apply(self, plan: ImportPlan) -> int:
        size = sum(len(records) for records in plan.writes.values())
        with self._lock, collector_paused(freeze_after=size >= BULK):
            conn = self._conn
            try:
                with self._writes.transaction(conn):
                    self._catch_up()
                    revision = self._disk_revision() + 1
                    self._write(plan, revision)
                    conn.execute("UPDATE meta SET value = ? WHERE key = 'revision'", (str(revision),))
                    if plan.changes_pool:
                        conn.execute("INSERT OR REPLACE INTO meta VALUES ('pool_revision', ?)",
                                     (str(revision),))
            except sqlite3.IntegrityError as exc:
                raise Conflict(f"the change clashes with the store's contents ({exc}); "
                               "nothing was changed") from None
            for kind in KINDS[:-1]:
                for record in sorted(plan.writes.get(kind, ()), key=lambda r: r.id):
                    self._index.put(kind, record)
            cases = sorted((c for c in plan.writes.get("cases", ()) if isinstance(c, Case)),
                           key=lambda c: c.id)
            self._index.load_cases((c.id, CaseFacts.of(c)) for c in cases)
            for kind in reversed(KINDS):
                for rid in plan.deletes.get(kind, ()):
                    self._index.drop(kind, rid)
            self._seen = revision
            if plan.changes_pool:
                self._pool_revision = revision
            if plan.erasures:
                self._scrub()
            return revision

    def _set_meta(self, key: str, value: str) -> None:
        with self._lock, self._writes.transaction(self._conn) as conn:
            conn.execute("UPDATE meta SET value = ? WHERE key = ?", (value, key))

    def mark_demo(self) -> None:
        self._set_meta("demo", "1")

    def is_demo(self) -> bool:
        with self._lock:
            row = self._conn.execute("SELECT value FROM meta WHERE key = 'demo'").fetchone()
            return row is not None and row[0] == "1"

    # --- records ----------------------------------------------------------------------
    # Cases are read from SQLite (the index keeps only their facts); the other
    # kinds are small and served from memory.
    def get(self, kind: str, record_id: str) -> Record | None:
        return self.get_many(kind, (record_id,)).get(record_id)

    @synced
    def get_many(self, kind: str, ids: Iterable[str]) -> dict[str, Record]:
        if kind == "cases":
            return {c.id: c for c in read_records(self._conn, kind, Rows(ids=ids))}
        table = self._index.records[kind]
        return {i: table[i] for i in ids if i in table}

    def iter_records(self, kind: str) -> Iterator[Record]:
        with self._lock:
            self._catch_up()
            if kind == "cases":
                snapshot: list[Record] = sorted(read_records(self._conn, kind), key=lambda r: r.id)
            else:
                table = self._index.records[kind]
                snapshot = [table[i] for i in self._index.sorted_ids(kind)]
        return iter(snapshot)

    def write_problem(self) -> StoreUnavailable | None:
        return self._writes.problem()

    def records_at_one_revision(self) -> dict[str, list[Record]]:
        """One read transaction: the index is brought up to the revision it sees
        and the cases are read in it (the lock keeps this process's writes out)."""
        with self._lock:
            try:
                self._conn.execute("BEGIN")
            except sqlite3.Error as exc:
                raise StoreUnavailable(f"cannot read {self.file}: {exc}") from None
            try:
                self._catch_up()
                out: dict[str, list[Record]] = {
                    kind: [self._index.records[kind][i] for i in self._index.sorted_ids(kind)]
                    for kind in KINDS[:-1]}
                out["cases"] = sorted(read_records(self._conn, "cases"), key=lambda r: r.id)
            except sqlite3.Error as exc:
                raise StoreUnavailable(f"cannot read {self.file}: {exc}") from None
            finally:
                with suppress(sqlite3.Error):
                    self._conn.execute("COMMIT")
            return out

    @synced
    def count(self, kind: str) -> int:
        return len(self._index.ids(kind))

    # --- questions search and the network ask -------------------------------------------
    @synced
    def areas(self) -> list[ExpertiseArea]:
        table = self._index.records["expertise"]
        return [table[i] for i in self._index.sorted_ids("expertise")]

    @synced
    def claims(self, area_ids: Iterable[str]) -> dict[str, dict[str, int]]:
        index = self._index
        out: dict[str, dict[str, int]] = {}
        for area in area_ids:
            for person, level in index.claims_by_area.get(area, {}).items():
                if index.is_active(person):
                    out.setdefault(person, {})[area] = level
        return out

    @synced
    def evidence_summary(self, area_ids: Iterable[str], today: date,
                         professional_ids: Iterable[str] | None = None
                         ) -> dict[str, dict[str, tuple[int, float, date]]]:
        index = self._index
        wanted = None if professional_ids is None else set(professional_ids)
        return sums.evidence_summary(((area, index.evidence.get(area, {})) for area in area_ids),
                                     wanted, index.is_active, sums.decay(today))

    @synced
    def area_strength(self, area_id: str, today: date) -> tuple[dict[str, int], dict[str, float]]:
        index = self._index
        inactive = self._inactive_people()
        claims = index.claims_by_area.get(area_id, {})
        strength = sums.weighted_counts(index.evidence.get(area_id, {}), sums.decay(today), inactive)
        if inactive:
            return {p: level for p, level in claims.items() if p not in inactive}, strength
        return dict(claims), strength

    @synced
    def places(self) -> Places:
        return self._index.places()

    @synced
    def area_columns(self, area_id: str, today: date) -> tuple[PlaceValues, PlaceValues]:
        claimed, levels, where, counts, growth = self._index.columns.area(self._index, area_id)
        return PlaceValues(claimed, levels), PlaceValues(where, weighted(counts, growth, sums.decay(today)))

    @synced
    def team_columns(self, team_id: str, today: date) -> PlaceValues:
        where, counts, growth = self._index.columns.team(self._index, team_id)
        return PlaceValues(where, weighted(counts, growth, sums.decay(today)))

    def _inactive_people(self) -> frozenset[str]:
        """Retired professionals (few), worked out once per revision."""
        return self.derived(("inactive-people",), lambda: frozenset(
            pid for pid, p in self._index.records["professionals"].items() if not p.active))

    @synced
    def history_summary(self, professional_ids: Iterable[str] | None, *, requester: str | None,
                        team: str | None, today: date) -> dict[str, tuple[int, float, date]]:
        index = self._index
        decay = sums.decay(today)
        by_team = index.team_history.get(team, {}) if team else {}
        if requester is None:  # the team's history alone: search asks for all of it at once
            # (50,000 people for a wijkteam in a million cases: one plain pass, in no order)
            days: dict[float, date] = {}
            entries = by_team.items() if professional_ids is None else \
                [(p, by_team[p]) for p in professional_ids if p in by_team]
            return {p: (int(count), min(count, weight * decay),
                        days.get(last) or days.setdefault(last, date.fromordinal(int(last))))
                    for p, (count, weight, last) in entries}
        if professional_ids is None:  # everyone with a history: the team's, the requester's partners
            graph = index.graph
            partners = [p for p, data in graph[requester].items() if data.get("shared", 0) > 0] \
                if requester in graph else []
            professional_ids = sorted({*by_team, *partners})
        return sums.larger_history(professional_ids, requester, by_team.get,
                                   lambda person: index.pair_history(requester, person), decay)

    @synced
    def hours_booked(self, professional_ids: Iterable[str], start: date, end: date) -> dict[str, float]:
        index = self._index
        open_hours = self._open_hours(start, end)
        if (start, end) == half_year(start):  # the common question: answered from the index
            return {p: index.hours_by_half.get(p, {}).get(start, 0.0) + open_hours.get(p, 0.0)
                    for p in professional_ids}
        cases = index.cases
        out: dict[str, float] = {}
        for person in professional_ids:
            total = 0.0
            for case_id in index.cases_by_professional.get(person, ()):
                case = cases[case_id]
                if start <= case.booked_on <= end:
                    total += sum(h for who, _, h in case.participants if who == person and h)
            out[person] = total + open_hours.get(person, 0.0)
        return out

    @synced
    def booked_by_place(self, start: date, end: date) -> np.ndarray:
        if (start, end) != half_year(start):  # another period: from the cases, as hours_booked
            ids = self._index.sorted_ids("professionals")
            booked = self.hours_booked(ids, start, end)
            return np.fromiter(map(booked.__getitem__, ids), dtype=np.float64, count=len(ids))
        kept = self._index.columns.hours(self._index, start)  # kept, changed in place by cases
        open_hours = self._open_hours(start, end)
        if not open_hours:
            return kept
        out = kept.copy()
        place = self._index.places().place
        for person, hours in open_hours.items():
            if person in place:
                out[place[person]] += hours  # added as hours_booked adds them: the same floats
        return out

    def _open_hours(self, start: date, end: date) -> dict[str, float]:
        """Open consultations' bookings: a small table, read once per revision."""
        return self.derived(("open-consultation-hours", start, end),
                            lambda: self._open_consultation_hours(start, end), with_consultations=True)

    def one_read(self) -> AbstractContextManager[None]:
        """Nothing to save: looking for other processes' writes is one look-up in the file."""
        return nullcontext()

    def derived(self, key: Hashable, compute: Callable[[], T], *, with_consultations: bool = False) -> T:
        with self._lock:
            self._catch_up()
            self._start_caches_afresh_after_a_change()
            # kept unless caught up with another process meanwhile
            return self._derived.value(key, compute, lock=self._lock, version=lambda: self._seen,
                                       with_consultations=with_consultations)

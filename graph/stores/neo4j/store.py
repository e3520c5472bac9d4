"""The Neo4j store: the same KernteamDB on a Neo4j 5 server (Community,
Enterprise cluster or Aura), through the official driver.

Several web servers can share one database: every write is one managed
transaction that takes the next revision from a counter node first (so
writes are serialised and versions checked against what is committed), and
every read goes to the server. What many requests share (search's candidate
lists, the sums, the network's neighbourhoods) is kept per process until the
server's revision moves (checking it is one indexed look-up), and then, after
a write of cases, only what that write touched is forgotten (``kept``, ``changes``).

The graph model is in ``graph.stores.neo4j.schema``, opening a store
(constraints, upgrades) in ``opening``; the steps of a change in ``apply``
(in the order of ``graph.stores.core.plan``), writing records in ``writes``,
the sums search reads in ``aggregates``; who knows whom (``network``),
accounts, audit and consultations are mixins of their own. A write's
statements go to the server from a second thread while this one prepares the
next (``pipeline``). Search itself is the
shared ``graph.search``: candidate and history look-ups are answered by the
server, scoring stays in one place.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import date
from typing import Any, TypeVar

import orjson

from directory.consultations.hours import half_year
from directory.errors import InvalidInput, StoreUnavailable
from directory.pool.model import KINDS, ExpertiseArea, Record
from directory.ports import ImportPlan
from graph.stores.core import columns, sums
from graph.stores.neo4j import changes, scans
from graph.stores.neo4j import writes as writes
from graph.stores.neo4j.accounts import BoltAccounts
from graph.stores.neo4j.apply import apply_tx
from graph.stores.neo4j.audit import BoltAudit
from graph.stores.neo4j.connection import Bolt
from graph.stores.neo4j.consult import BoltConsultations
from graph.stores.neo4j.kept import KeptSums, TrackedValues, tags_of
from graph.stores.neo4j.network import BoltNetwork, Neighbourhoods
from graph.stores.neo4j.opening import BoltOpening
from graph.stores.neo4j.schema import (
    HOURS_REVISION,
    LABEL,
    record_from_doc,
)
from graph.stores.port_views import PortViews

T = TypeVar("T")

#: More people's hours than this missing: read everyone's in one scan.
HOURS_SCAN = 2000
#: How often an export reads the whole store before it gives up on one revision.
SNAPSHOT_ATTEMPTS = 5

_META = ("MATCH (m:Meta) WHERE m.key IN ['revision', 'pool_revision', 'profiles_revision'] "
         "RETURN m.key AS key, m.value AS value")


class Neo4jStore(BoltOpening, BoltAccounts, BoltAudit, BoltConsultations, BoltNetwork,
                 columns.ColumnsFromSums, PortViews):  # area_columns, team_columns: from the dicts
    """``directory.ports.Store`` on a Neo4j server (see the module docstring)."""

    def __init__(self, url: str, *, create: bool = False, user: str | None = None,
                 password: str | None = None) -> None:
        self._bolt = Bolt(url, user=user, password=password)
        self.url = self._bolt.url  # never with a password in it
        self._lock = threading.RLock()
        self._derived = TrackedValues()
        self._bolt.on_read = self._derived.read_of_server
        self._sums = KeptSums()  # the sums search reads, parsed, until a write changes them
        # (revision, pool revision, profiles revision) the caches belong to: the last
        # revision, the last that changed the pool, the last that changed more than cases
        self._cached = (-1, -1, -1)
        # records read so far (not cases), and whole kinds read, until more than cases change:
        # a consultation closed writes a case, and the next search should not read everyone again
        self._records: dict[str, dict[str, Record]] = {kind: {} for kind in KINDS}
        self._kinds: dict[str, list[Record]] = {}
        self._scope = threading.local()  # ``one_read``: depth, and whether it has looked yet
        self._near = Neighbourhoods(self._bolt)
        # each person's half-year hours read so far, as of (pool revision, profiles revision)
        self._hours: dict[str, dict[str, float]] = {}
        self._hours_as_of = (-1, -1)
        self._hours_lock = threading.Lock()
        try:
            self._bolt.when_ready(lambda: self._prepare(create))
        except BaseException:
            self._bolt.close()
            raise

    def close(self) -> None:
        self._bolt.close()

    # --- revisions and caches -------------------------------------------------------
    def _revisions(self) -> tuple[int, int, int]:
        with self._derived.reading():
            values = {r["key"]: int(r["value"]) for r in self._bolt.read(_META)}
        return values.get("revision", 0), values.get("pool_revision", 0), values.get("profiles_revision", 0)

    def revision(self) -> int:
        return self._revisions()[0]

    def one_read(self) -> AbstractContextManager[None]:
        """See ``Store.one_read``: inside, the server's revision is asked once."""
        return self._one_read()

    @contextmanager
    def _one_read(self) -> Iterator[None]:
        scope = self._scope
        depth = getattr(scope, "depth", 0)
        if depth == 0:
            scope.looked = False
        scope.depth = depth + 1
        try:
            yield
        finally:
            scope.depth = depth

    def _fresh(self) -> None:
        """Drop what was kept when the server has moved on: after a change of
        cases only what it touched (``graph.stores.neo4j.changes``), everything
        after any other change of the pool, only what depends on consultations
        after a step."""
        scope = self._scope
        if getattr(scope, "depth", 0) and scope.looked:
            return
        revisions = self._revisions()
        if getattr(scope, "depth", 0):
            scope.looked = True
        with self._lock:
            cached = self._cached
            if revisions == cached:
                return
            if revisions[2] != cached[2]:
                self._records = {kind: {} for kind in KINDS}
                self._kinds = {}
            if revisions[1] != cached[1]:
                touched = None if revisions[2] != cached[2] else changes.touched_since(
                    self._bolt, cached[1], revisions[1])
                self._forget(touched, cached[1], revisions[1])
            else:
                self._derived.forget_consultation_values()
            self._cached = revisions

    def _forget(self, touched: changes.Touched | None, before: int, now: int) -> None:
        """After a change of the pool (from ``before`` to ``now``): forget what
        it ``touched`` (None: everything)."""
        if touched is None:
            self._derived.clear()
            self._sums.clear()
            self._near = Neighbourhoods(self._bolt)
            return
        tags = tags_of(touched)
        self._derived.forget_touched(tags)
        self._sums.forget(tags)
        self._near.forget(touched["partners"])
        with self._hours_lock:
            if self._hours_as_of[0] == before:  # only those whose hours changed are read again
                for person in touched["hours"]:
                    self._hours.pop(person, None)
                self._hours_as_of = (now, self._hours_as_of[1])

    def derived(self, key: Hashable, compute: Callable[[], T], *, with_consultations: bool = False) -> T:
        self._fresh()
        return self._derived.tracked(key, compute, lock=self._lock, version=lambda: self._cached,
                                     with_consultations=with_consultations)

    def is_demo(self) -> bool:
        rows = self._bolt.read("MATCH (m:Meta {key: 'demo'}) RETURN m.value AS value")
        return bool(rows and rows[0]["value"])

    def mark_demo(self) -> None:
        self._bolt.execute("MERGE (m:Meta {key: 'demo'}) SET m.value = true")

    # --- writing ----------------------------------------------------------------------
    def apply(self, plan: ImportPlan) -> int:
        revision: int = self._bolt.write(lambda tx: apply_tx(tx, plan))
        self._scope.looked = False  # a read after this write must see it
        return revision

    # --- records ----------------------------------------------------------------------
    def get(self, kind: str, record_id: str) -> Record | None:
        return self.get_many(kind, (record_id,)).get(record_id)

    def get_many(self, kind: str, ids: Iterable[str]) -> dict[str, Record]:
        """From the records read since the pool last changed (all of a kind once ``iter_records``
        has read it), the rest from the server (cases always from the server: there are too many)."""
        wanted = list(dict.fromkeys(ids))
        query = f"UNWIND $ids AS id MATCH (n:{LABEL[_kind(kind)]} {{id: id}}) RETURN n.id AS id, n.doc AS doc"
        if kind == "cases":
            return {r["id"]: record_from_doc(kind, r["doc"]) for r in self._bolt.read(query, ids=wanted)}
        self._fresh()
        with self._lock:
            known, whole = self._records[kind], kind in self._kinds  # replaced, never emptied
            cached = {i: known[i] for i in wanted if i in known}
        missing = [] if whole else [i for i in wanted if i not in cached]
        if missing:
            with self._derived.reading():  # changed only with more than cases
                found = {r["id"]: record_from_doc(kind, r["doc"])
                         for r in self._bolt.read(query, ids=missing)}
            with self._lock:
                if self._records[kind] is known:  # not moved on meanwhile
                    known.update(found)  # only what exists: unknown ids are not kept
            cached.update(found)
        return {i: cached[i] for i in wanted if i in cached}

    def iter_records(self, kind: str) -> Iterator[Record]:
        if kind == "cases":
            return iter(self._read_all(kind))
        self._fresh()  # every kind but cases: kept until more than cases change
        with self._lock:
            kept, seen = self._kinds.get(kind), self._kinds
        if kept is None:
            with self._derived.reading():  # changed only with more than cases
                kept = self._read_all(kind)
            with self._lock:
                if self._kinds is seen:
                    seen[kind] = kept
                    self._records[kind].update((record.id, record) for record in kept)
        return iter(kept)

    def write_problem(self) -> StoreUnavailable | None:
        """None: the server's own failures (its disk included) answer each write."""
        return None

    def records_at_one_revision(self) -> dict[str, list[Record]]:
        """Read every kind, then check that the revision did not move meanwhile
        (every write moves it, in its own transaction), else read again: the
        server's transactions are read-committed, so even one read transaction
        could see a write that committed halfway through."""
        for _ in range(SNAPSHOT_ATTEMPTS):
            before = self.revision()
            out = {kind: self._read_all(kind) for kind in KINDS}
            if self.revision() == before:
                return out
        raise StoreUnavailable(f"the store on {self.url} kept changing while it was read "
                               f"({SNAPSHOT_ATTEMPTS} times); try the export again")

    def _read_all(self, kind: str) -> list[Record]:
        return scans.read_all(self._bolt, kind, LABEL[_kind(kind)])

    def count(self, kind: str) -> int:
        rows = self._bolt.read(f"MATCH (n:{LABEL[_kind(kind)]}) RETURN count(n) AS n")
        return int(rows[0]["n"])

    def versions(self, kind: str, ids: Iterable[str]) -> dict[str, int]:
        rows = self._bolt.read(f"UNWIND $ids AS id MATCH (n:{LABEL[_kind(kind, True)]} {{id: id}}) "
                               "RETURN n.id AS id, n.rev AS rev", ids=list(ids))
        return {r["id"]: int(r["rev"]) for r in rows}

    def inactive(self, kind: str) -> frozenset[str]:
        if kind not in ("organisations", "teams"):
            return frozenset()
        with self._derived.reading():
            return self.derived(("retired", kind), lambda: frozenset(r["id"] for r in self._bolt.read(
                f"MATCH (n:{LABEL[kind]}) WHERE n.retired = true RETURN n.id AS id")))

    def cases_referring(self, kind: str, record_id: str) -> list[str]:
        if kind in writes.CASES_NAMING:
            query = writes.CASES_NAMING[kind]
        else:
            raise InvalidInput(f"cases do not refer to {kind}")
        return [r["id"] for r in self._bolt.read(query, id=record_id)]

    # --- questions search asks ----------------------------------------------------------
    def areas(self) -> list[ExpertiseArea]:
        return list(self.iter_records("expertise"))  # type: ignore[arg-type]

    def claims(self, area_ids: Iterable[str]) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        with self._derived.reading():
            rows = self._bolt.read(
                "UNWIND $areas AS area MATCH (:Expertise {id: area})<-[c:CLAIMS]-(p:Professional) "
                "WHERE p.active = true RETURN p.id AS p, area, c.level AS level ORDER BY p, area",
                areas=list(area_ids))
        for row in rows:
            out.setdefault(row["p"], {})[row["area"]] = int(row["level"])
        return out

    def _inactive_people(self) -> frozenset[str]:
        """Retired professionals (few), read once per change of more than cases."""
        with self._derived.reading():
            return self.derived(("inactive-people",), lambda: frozenset(r["id"] for r in self._bolt.read(
                "MATCH (p:Professional) WHERE p.active = false RETURN p.id AS id")))

    def _blobs(self, kind: str, owners: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The sums kept on ``owners`` (``graph.stores.neo4j.aggregates``), as
        parsed while no write changes them (shared: not to be changed)."""
        owners = list(owners)
        self._derived.note((kind, owner) for owner in owners)
        with self._derived.reading():
            return self._sums.get(self._bolt, kind, owners)

    def evidence_summary(self, area_ids: Iterable[str], today: date,
                         professional_ids: Iterable[str] | None = None
                         ) -> dict[str, dict[str, tuple[int, float, date]]]:
        wanted = None if professional_ids is None else set(professional_ids)
        inactive = self._inactive_people()
        return sums.evidence_summary(self._blobs("evidence", area_ids).items(), wanted,
                                     lambda person: person not in inactive, sums.decay(today))

    def area_strength(self, area_id: str, today: date) -> tuple[dict[str, int], dict[str, float]]:
        inactive = self._inactive_people()
        with self._derived.reading():  # claims change only with more than cases
            levels = {p: int(level) for row in self._bolt.read(  # (one record: 4,230 took 258 ms)
                "MATCH (:Expertise {id: $area})<-[c:CLAIMS]-(p:Professional) WHERE p.active = true "
                "RETURN collect([p.id, c.level]) AS rows", area=area_id) for p, level in row["rows"]}
        blob = self._blobs("evidence", [area_id]).get(area_id, {})
        return levels, sums.weighted_counts(blob, sums.decay(today), inactive)

    def history_summary(self, professional_ids: Iterable[str] | None, *, requester: str | None,
                        team: str | None, today: date) -> dict[str, tuple[int, float, date]]:
        by_team = self._blobs("history", [team]).get(team, {}) if team else {}
        pairs = self._blobs("partners", [requester]).get(requester, {}) if requester else {}
        people = sorted({*by_team, *pairs}) if professional_ids is None else professional_ids
        return sums.larger_history(people, requester, by_team.get, pairs.get, sums.decay(today))

    def hours_booked(self, professional_ids: Iterable[str], start: date, end: date) -> dict[str, float]:
        people = list(dict.fromkeys(professional_ids))
        open_hours = self.derived(("open-consultation-hours", start, end),
                                  lambda: self._open_consultation_hours(start, end),
                                  with_consultations=True)
        if (start, end) == half_year(start):  # the common question: the sums kept per half-year
            self._derived.note(("hours", p) for p in people)
            half = start.isoformat()
            with self._derived.reading():
                blobs = self._hours_blobs(people)
            booked = {p: blob.get(half, 0.0) for p, blob in blobs.items()}
        else:  # any other span: from each person's cases
            booked = {}
            for row in self._bolt.read(
                    "UNWIND $people AS pid MATCH (p:Professional {id: pid}) "
                    "WITH pid, coalesce(p.cases, []) AS ids UNWIND ids AS cid MATCH (c:Case {id: cid}) "
                    "WHERE c.day >= $start AND c.day <= $end RETURN pid, c.doc AS doc",
                    people=people, start=start.toordinal(), end=end.toordinal()):
                case: Any = record_from_doc("cases", row["doc"])
                hours = sum(float(p.hours or 0.0) for p in case.participants if p.professional == row["pid"])
                booked[row["pid"]] = booked.get(row["pid"], 0.0) + hours
        return {p: booked.get(p, 0.0) + open_hours.get(p, 0.0) for p in people}

    def _hours_blobs(self, people: list[str]) -> dict[str, dict[str, float]]:
        """Each person's hours per half-year, kept per process: search asks
        for everyone's after every write to the pool (closing a consultation
        writes a case), and reading 10,000 people's took 300-400 ms on the
        test server. After a write of cases only the people whose hours it
        changed are read again (``HOURS_REVISION``); after more than cases
        changed (a person merged, erased or deleted), everything is."""
        self._fresh()
        with self._lock:
            pool, profiles = self._cached[1], self._cached[2]
        with self._hours_lock:
            kept, (kept_pool, kept_profiles) = self._hours, self._hours_as_of
            if profiles != kept_profiles:
                kept = {}
            elif pool != kept_pool and kept:
                for row in self._bolt.read(
                        f"MATCH (p:Professional) WHERE p.{HOURS_REVISION} > $since "
                        "RETURN p.id AS id, p.hours AS blob", since=kept_pool):
                    if row["id"] in kept:
                        kept[row["id"]] = orjson.loads(row["blob"]) if row["blob"] else {}
            missing = [p for p in people if p not in kept]
            if len(missing) > HOURS_SCAN:  # (search asks for everyone's): one scan, not a look-up each
                found = self._bolt.read("MATCH (p:Professional) RETURN collect([p.id, p.hours]) AS rows")
                kept.update((i, orjson.loads(b) if b else {}) for row in found for i, b in row["rows"])
            elif missing:
                kept.update(self._sums.read(self._bolt, "hours", missing))  # kept here, not there
            # as of what was seen before reading: a write after it is read again next time
            self._hours, self._hours_as_of = kept, (pool, profiles)
            return {p: kept[p] for p in people if p in kept}


def _kind(kind: str, consultations: bool = False) -> str:
    if kind in KINDS or (consultations and kind == "consultations"):
        return kind
    raise ValueError(f"not a kind of record: {kind!r}")

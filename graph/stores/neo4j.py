"""The Neo4j store: the same KernteamDB on a Neo4j 5 server (Community,
Enterprise cluster or Aura), through the official driver.

Several web servers can share one database: every write is one managed
transaction that takes the next revision from a counter node first (so
writes are serialised and versions checked against what is committed), and
every read goes to the server. What many requests share (search's candidate
lists, the network's neighbourhoods) is kept per process only until the
server's revision moves; checking it is one indexed look-up.

The graph model is in ``graph.stores.neo4j_schema``; writing records in
``neo4j_writes``, the sums search reads in ``neo4j_aggregates``, who knows
whom in ``neo4j_network``, accounts, audit and consultations in their
mixins. A write's statements go to the server from a second thread while
this one prepares the next (``neo4j_pipeline``). Search itself is the
shared ``graph.search``: candidate and history look-ups are answered by the
server, scoring stays in one place.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import date
from typing import Any, TypeVar

import orjson

from directory.errors import InvalidInput, NotFound, StoreUnavailable
from directory.hours import half_year
from directory.model import KINDS, ExpertiseArea, Link, Path, Record
from directory.ports import ImportPlan
from directory.problems import Problem, unknown
from graph import network
from graph.stores import neo4j_aggregates as aggregates
from graph.stores import neo4j_writes as writes
from graph.stores.audit_sql import ERASED_USER
from graph.stores.memory_index import CaseFacts, growth, larger_history
from graph.stores.neo4j_accounts import (
    ACCOUNT_CONSTRAINTS,
    BoltAccounts,
    relink_accounts_tx,
    remove_accounts_tx,
)
from graph.stores.neo4j_audit import AUDIT_CONSTRAINTS, BoltAudit, erase_traces_tx, write_audit_tx
from graph.stores.neo4j_connection import Bolt
from graph.stores.neo4j_consult import (
    CONSULT_CONSTRAINTS,
    BoltConsultations,
    rename_people_tx,
    write_consultations_tx,
    write_notices_tx,
    write_schedules_tx,
)
from graph.stores.neo4j_network import Neighbourhoods, whole_graph
from graph.stores.neo4j_pipeline import Pipeline
from graph.stores.neo4j_schema import (
    CONSTRAINTS,
    HOURS_REVISION,
    LABEL,
    SCHEMA_NAME,
    SCHEMA_VERSION,
    UPGRADES,
    record_from_doc,
    reserve,
)
from graph.stores.port_views import PortViews

T = TypeVar("T")

#: Values kept by ``derived`` (per revision of the pool; the least recently used go first).
DERIVED_CACHE = 512
#: Records read per round trip when reading a whole kind (export).
PAGE = 5000
#: How often an export reads the whole store before it gives up on one revision.
SNAPSHOT_ATTEMPTS = 5

#: Counters ``reserve`` takes numbers from, made with the store (made on first
#: use, two writers could both try to make one).
COUNTERS = ("revision", "pool_revision", "profiles_revision", "audit_seq", "notice_seq")

_META = ("MATCH (m:Meta) WHERE m.key IN ['revision', 'pool_revision', 'profiles_revision'] "
         "RETURN m.key AS key, m.value AS value")


class Neo4jStore(BoltAccounts, BoltAudit, BoltConsultations, PortViews):
    """``directory.ports.Store`` on a Neo4j server (see the module docstring)."""

    def __init__(self, url: str, *, create: bool = False, user: str | None = None,
                 password: str | None = None) -> None:
        self._bolt = Bolt(url, user=user, password=password)
        self.url = self._bolt.url  # never with a password in it
        self._lock = threading.RLock()
        self._derived: OrderedDict[Hashable, Any] = OrderedDict()
        self._consultation_keys: set[Hashable] = set()
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

    def _prepare(self, create: bool) -> None:
        rows = self._bolt.read("MATCH (m:Meta) WHERE m.key IN ['schema', 'schema_version'] "
                               "RETURN m.key AS key, m.value AS value")
        meta = {r["key"]: r["value"] for r in rows}
        where = f"database '{self._bolt.database}' on {self._bolt.url}"
        if meta:
            if meta.get("schema") != SCHEMA_NAME:
                raise StoreUnavailable(f"{where} is not a KernteamDB store")
            if meta.get("schema_version") in UPGRADES:
                self._upgrade(meta["schema_version"])
            elif meta.get("schema_version") != SCHEMA_VERSION:
                raise StoreUnavailable(f"{where} has store version {meta.get('schema_version')}; "
                                       f"this KernteamDB reads version {SCHEMA_VERSION}")
        elif not create:
            raise StoreUnavailable(f"no KernteamDB store in {where} (create one with 'kernteamdb init')")
        elif self._bolt.read("MATCH (n) RETURN 1 AS found LIMIT 1"):
            raise StoreUnavailable(f"{where} holds other data and is not a KernteamDB store; "
                                   "give an empty database (?database=NAME)")
        for statement in (*CONSTRAINTS, *AUDIT_CONSTRAINTS, *ACCOUNT_CONSTRAINTS, *CONSULT_CONSTRAINTS):
            self._bolt.execute(statement)
        if not meta:
            self._bolt.execute(
                "UNWIND $rows AS row MERGE (m:Meta {key: row.key}) ON CREATE SET m.value = row.value",
                rows=[{"key": "schema", "value": SCHEMA_NAME},
                      {"key": "schema_version", "value": SCHEMA_VERSION},
                      *({"key": counter, "value": 0} for counter in COUNTERS)])

    def _upgrade(self, version: str) -> None:
        """Run ``UPGRADES`` from ``version`` on; a statement that answers a
        count runs again until it has nothing left to do (a batch per transaction)."""
        while version in UPGRADES:
            for statement in UPGRADES[version]:
                while (rows := self._bolt.execute(statement)) and rows[0].get("n"):
                    pass
            version = str(int(version) + 1)
        self._bolt.execute("MATCH (m:Meta {key: 'schema_version'}) SET m.value = $version",
                           version=SCHEMA_VERSION)

    def close(self) -> None:
        self._bolt.close()

    def clear_everything(self) -> None:
        """Empty the database and make it an empty store again (tests on a
        real Neo4j, which has one database to share)."""
        while self._bolt.execute("MATCH (n) WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS n")[0]["n"]:
            pass
        self._prepare(True)

    # --- revisions and caches -------------------------------------------------------
    def _revisions(self) -> tuple[int, int, int]:
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
        """Drop what was kept when the server has moved on: everything after a
        change of the pool, only what depends on consultations after a step."""
        scope = self._scope
        if getattr(scope, "depth", 0) and scope.looked:
            return
        revisions = self._revisions()
        if getattr(scope, "depth", 0):
            scope.looked = True
        with self._lock:
            if revisions == self._cached:
                return
            if revisions[2] != self._cached[2]:
                self._records = {kind: {} for kind in KINDS}
                self._kinds = {}
            if revisions[1] != self._cached[1]:
                self._derived.clear()
                self._near = Neighbourhoods(self._bolt)
            else:
                for key in [k for k in self._derived if k in self._consultation_keys]:
                    del self._derived[key]
            self._cached = revisions

    def derived(self, key: Hashable, compute: Callable[[], T], *, with_consultations: bool = False) -> T:
        self._fresh()
        with self._lock:
            if with_consultations:
                self._consultation_keys.add(key)
            if key in self._derived:
                self._derived.move_to_end(key)
                return self._derived[key]
            seen = self._cached
        value = compute()
        with self._lock:
            if self._cached == seen:
                self._derived[key] = value
                if len(self._derived) > DERIVED_CACHE:
                    self._derived.popitem(last=False)
        return value

    def is_demo(self) -> bool:
        rows = self._bolt.read("MATCH (m:Meta {key: 'demo'}) RETURN m.value AS value")
        return bool(rows and rows[0]["value"])

    def mark_demo(self) -> None:
        self._bolt.execute("MERGE (m:Meta {key: 'demo'}) SET m.value = true")

    # --- writing ----------------------------------------------------------------------
    def apply(self, plan: ImportPlan) -> int:
        revision: int = self._bolt.write(lambda tx: self._apply(tx, plan))
        self._scope.looked = False  # a read after this write must see it
        return revision

    def _apply(self, tx: Pipeline, plan: ImportPlan) -> int:
        revision = reserve(tx, "revision")  # first: it serialises writers
        if plan.changes_pool:
            tx.send("MERGE (m:Meta {key: 'pool_revision'}) SET m.value = $rev", rev=revision)
        if _changes_profiles(plan):
            tx.send("MERGE (m:Meta {key: 'profiles_revision'}) SET m.value = $rev", rev=revision)
        writes.check_versions(tx, plan.expected)
        records = {kind: list(plan.writes.get(kind, ())) for kind in KINDS}
        written = {kind: {r.id for r in records[kind]} for kind in KINDS}
        # the kinds with nothing in them yet: nothing to look for (the first import)
        empty = {kind for kind in KINDS if records[kind] and not tx.run(
            f"MATCH (n:{LABEL[kind]}) RETURN n.id AS id LIMIT 1")}
        fresh_store = "cases" in empty
        # into a store without cases, the sums and case lists are made here and
        # written with the nodes; otherwise they are brought up to date below
        first = aggregates.first_sums(records["cases"], revision) if fresh_store else {}  # type: ignore[arg-type]
        before: dict[str, dict[str, str]] = {}
        for kind in KINDS:  # in this order, so that a case's participants exist when it is made
            ids = [r.id for r in records[kind]]
            before[kind] = writes.existing_docs(tx, kind, ids) if ids and kind not in empty else {}
            if kind == "cases":
                for other in KINDS:
                    writes.refuse_dangling(tx, other, records[other], written)
            if records[kind]:
                writes.write_nodes(tx, kind, records[kind], revision, before[kind], first.get(kind))
                writes.drop_references(tx, kind, list(before[kind]))
        for kind, props in first.items():  # what names records this change does not write
            writes.set_properties(tx, kind, {i: p for i, p in props.items() if i not in written[kind]})
        for kind in KINDS:
            if records[kind]:
                writes.link_references(tx, kind, records[kind])
        # each person's cases, before deletions: a person is still named while a case lists them
        gone_cases = writes.existing_docs(tx, "cases", list(plan.deletes.get("cases", ())))
        old: dict[str, Any] = {rid: record_from_doc("cases", doc)
                               for rid, doc in (*before["cases"].items(), *gone_cases.items())}
        old_cases = list(old.values())
        case_lists = {} if fresh_store else aggregates.relist(
            tx, records["cases"], old_cases)  # type: ignore[arg-type]
        for kind in reversed(KINDS):
            writes.delete_records(tx, kind, plan.deletes.get(kind, ()), plan.deletes)
        for (kind, rid), active in sorted(plan.active.items()):
            writes.set_active(tx, kind, rid, active, revision)
        # the sums: added for new cases; worked out afresh for everyone in a
        # case replaced or deleted, in its old version or its new one
        # (a case whose day, team, areas and participants stay the same changes no sum)
        unchanged = {c.id for c in records["cases"] if c.id in before["cases"]
                     and CaseFacts.of(c) == CaseFacts.of(old[c.id])}  # type: ignore[arg-type]
        replaced = [c for c in records["cases"] if c.id in before["cases"] and c.id not in unchanged]
        changed_old = [c for c in old_cases if c.id not in unchanged]
        again = {p.professional for case in (*changed_old, *replaced)
                 for p in case.participants}
        new_cases = [c for c in records["cases"] if c.id not in before["cases"]]
        if not fresh_store:
            aggregates.update(tx, new_cases, again, changed_old, case_lists,  # type: ignore[arg-type]
                              revision)
        write_consultations_tx(tx, plan.consultations, revision)
        write_schedules_tx(tx, plan.schedules, revision)
        write_notices_tx(tx, plan.notices)
        write_audit_tx(tx, plan.audit, revision)
        if plan.relink:
            relink_accounts_tx(tx, plan.relink)
            rename_people_tx(tx, plan.relink, revision)
        for erasure in plan.erasures:
            erase_traces_tx(tx, erasure)
            remove_accounts_tx(tx, erasure.users)
            rename_people_tx(tx, {erasure.professional: erasure.replacement}, revision,
                             users=erasure.users, user_stand_in=ERASED_USER)
        return revision

    # --- records ----------------------------------------------------------------------
    def get(self, kind: str, record_id: str) -> Record | None:
        return self.get_many(kind, (record_id,)).get(record_id)

    def get_many(self, kind: str, ids: Iterable[str]) -> dict[str, Record]:
        """From the records read since the pool last changed, and the rest
        from the server (cases always from the server: there are too many)."""
        label = LABEL[_kind(kind)]
        wanted = list(dict.fromkeys(ids))
        query = f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) RETURN n.id AS id, n.doc AS doc"
        if kind == "cases":
            return {r["id"]: record_from_doc(kind, r["doc"]) for r in self._bolt.read(query, ids=wanted)}
        self._fresh()
        with self._lock:
            known = self._records[kind]  # replaced, never emptied, when the pool changes
            cached = {i: known[i] for i in wanted if i in known}
        missing = [i for i in wanted if i not in cached]
        if missing:
            found = {r["id"]: record_from_doc(kind, r["doc"]) for r in self._bolt.read(query, ids=missing)}
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
            kept = self._read_all(kind)
            with self._lock:
                if self._kinds is seen:
                    seen[kind] = kept
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
        label = LABEL[_kind(kind)]
        out: list[Record] = []
        after = ""
        while True:  # pages by id: each page one indexed range scan
            rows = self._bolt.read(f"MATCH (n:{label}) WHERE n.id > $after "
                                   "RETURN n.id AS id, n.doc AS doc ORDER BY id LIMIT $page",
                                   after=after, page=PAGE)
            out.extend(record_from_doc(kind, r["doc"]) for r in rows)
            if len(rows) < PAGE:
                return out
            after = rows[-1]["id"]

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
        for row in self._bolt.read(
                "UNWIND $areas AS area MATCH (:Expertise {id: area})<-[c:CLAIMS]-(p:Professional) "
                "WHERE p.active = true RETURN p.id AS p, area, c.level AS level ORDER BY p, area",
                areas=list(area_ids)):
            out.setdefault(row["p"], {})[row["area"]] = int(row["level"])
        return out

    def _inactive_people(self) -> frozenset[str]:
        """Retired professionals (few), read once per change of the pool."""
        return self.derived(("inactive-people",), lambda: frozenset(r["id"] for r in self._bolt.read(
            "MATCH (p:Professional) WHERE p.active = false RETURN p.id AS id")))

    def _blobs(self, kind: str, owners: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The sums kept on ``owners`` (``graph.stores.neo4j_aggregates``)."""
        label, prop = aggregates.BLOBS[kind]
        rows = self._bolt.read(f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) "
                               f"RETURN n.id AS id, n.{prop} AS blob", ids=list(dict.fromkeys(owners)))
        return {r["id"]: orjson.loads(r["blob"]) if r["blob"] else {} for r in rows}

    def evidence_summary(self, area_ids: Iterable[str], today: date,
                         professional_ids: Iterable[str] | None = None
                         ) -> dict[str, dict[str, tuple[int, float, date]]]:
        decay = 1.0 / growth(today)
        wanted = None if professional_ids is None else set(professional_ids)
        inactive = self._inactive_people()
        out: dict[str, dict[str, tuple[int, float, date]]] = {}
        for area, blob in self._blobs("evidence", area_ids).items():
            people = blob if wanted is None else (p for p in wanted if p in blob)
            for person in people:
                if person not in inactive:
                    count, weight, last = blob[person]
                    out.setdefault(person, {})[area] = (
                        int(count), min(count, weight * decay), date.fromordinal(int(last)))
        return out

    def area_strength(self, area_id: str, today: date) -> tuple[dict[str, int], dict[str, float]]:
        decay = 1.0 / growth(today)
        inactive = self._inactive_people()
        levels = {r["p"]: int(r["level"]) for r in self._bolt.read(
            "MATCH (:Expertise {id: $area})<-[c:CLAIMS]-(p:Professional) WHERE p.active = true "
            "RETURN p.id AS p, c.level AS level", area=area_id)}
        blob = self._blobs("evidence", [area_id]).get(area_id, {})
        return levels, {p: min(e[0], e[1] * decay) for p, e in blob.items() if p not in inactive}

    def history_summary(self, professional_ids: Iterable[str] | None, *, requester: str | None,
                        team: str | None, today: date) -> dict[str, tuple[int, float, date]]:
        decay = 1.0 / growth(today)
        by_team = self._blobs("history", [team]).get(team, {}) if team else {}
        pairs = self._blobs("partners", [requester]).get(requester, {}) if requester else {}
        people = sorted({*by_team, *pairs}) if professional_ids is None else professional_ids
        return larger_history(people, requester, by_team.get, pairs.get, decay)

    def hours_booked(self, professional_ids: Iterable[str], start: date, end: date) -> dict[str, float]:
        people = list(dict.fromkeys(professional_ids))
        open_hours = self.derived(("open-consultation-hours", start, end),
                                  lambda: self._open_consultation_hours(start, end),
                                  with_consultations=True)
        if (start, end) == half_year(start):  # the common question: the sums kept per half-year
            half = start.isoformat()
            booked = {p: blob.get(half, 0.0) for p, blob in self._hours_blobs(people).items()}
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
            if missing:
                kept.update(self._blobs("hours", missing))
            # as of what was seen before reading: a write after it is read again next time
            self._hours, self._hours_as_of = kept, (pool, profiles)
            return {p: kept[p] for p in people if p in kept}

    # --- who knows whom -----------------------------------------------------------------
    def _neighbourhoods(self) -> Neighbourhoods:
        self._fresh()
        return self._near

    def _known_people(self, *ids: str) -> None:
        found = self.get_many("professionals", ids)
        for person in ids:
            if person not in found:
                raise NotFound(unknown("professionals", person))

    def proximity(self, source: str, targets: Iterable[str]) -> dict[str, float]:
        targets = list(targets)
        near = self._neighbourhoods()
        with near.lock:
            graph = near.ensure([source, *targets])
            return network.two_hop_strength_to(graph, source, targets)

    def path(self, source: str, target: str, *, near: bool = False) -> Path:
        self._known_people(source, target)
        hoods = self._neighbourhoods()
        with hoods.lock:
            graph = hoods.ensure([source, target])
            if near:
                return network.near_path(graph, source, target, hoods.costs)
            return network.strongest_path(graph, source, target, hoods.costs)

    def ego(self, center: str, depth: int = 1) -> tuple[list[str], list[Link]]:
        self._known_people(center)
        if depth not in (1, 2):
            raise InvalidInput("depth must be 1 or 2", [Problem.of("depth", "given", value=repr(depth))])
        hoods = self._neighbourhoods()
        with hoods.lock:
            graph = hoods.ensure([center])
            if depth == 2:
                graph = hoods.ensure(network.ties(graph, center))
            people, _ = network.ego_network(graph, center, depth)
            graph = hoods.ensure(people)  # the links among them need everyone's ties
            return network.ego_network(graph, center, depth)

    def mutual_contacts(self, a: str, b: str) -> list[str]:
        self._known_people(a, b)
        hoods = self._neighbourhoods()
        with hoods.lock:
            return network.mutual_contacts(hoods.ensure([a, b]), a, b)

    def _whole_graph(self) -> Any:
        return self.derived(("whole-graph",), lambda: whole_graph(self._bolt))

    def brokers(self, team: str, limit: int = 10) -> list[tuple[str, float]]:
        if self.get("teams", team) is None:
            raise NotFound(unknown("teams", team))
        members = {r["p"] for r in self._bolt.read(
            "MATCH (:Team {id: $team})<-[:MEMBER_OF]-(p:Professional) RETURN p.id AS p", team=team)}
        return network.brokers(self._whole_graph(), members, limit=limit)

    def organisation_links(self) -> list[tuple[str, str, int]]:
        return network.organisation_links(self._whole_graph())

    def team_cases(self, professional: str, team: str) -> dict[str, tuple[int, date]]:
        self._known_people(professional)
        out: dict[str, tuple[int, date]] = {}
        for row in self._bolt.read(
                # (WITH before UNWIND: ArcadeDB finds nothing for ``UNWIND p.cases ... MATCH``)
                "MATCH (p:Professional {id: $p}) WITH coalesce(p.cases, []) AS ids UNWIND ids AS cid "
                "MATCH (c:Case {id: cid}) WHERE c.team = $team RETURN c.day AS day, c.areas AS areas",
                p=professional, team=team):
            day = date.fromordinal(int(row["day"]))
            for area in row["areas"]:
                count, last = out.get(area, (0, day))
                out[area] = (count + 1, max(last, day))
        return out


def _changes_profiles(plan: ImportPlan) -> bool:
    """Whether a change touches more than cases: the records kept in memory
    per process (profiles, organisations, teams, areas) must be read again."""
    others = KINDS[:-1]
    return bool(any(plan.writes.get(k) for k in others) or any(plan.deletes.get(k) for k in others)
                or plan.active or plan.relink or plan.erasures)


def _kind(kind: str, consultations: bool = False) -> str:
    if kind in KINDS or (consultations and kind == "consultations"):
        return kind
    raise ValueError(f"not a kind of record: {kind!r}")

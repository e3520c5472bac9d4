"""Opening a Neo4j store: making a new one in an empty database (its
constraints and counters), bringing an older one up to date (``UPGRADES``),
and emptying one for the tests.

A mixin of ``Neo4jStore`` (like ``BoltAccounts``), apart from the store
because it runs once per process, before any question (the store's
``__init__`` hands ``_prepare`` to ``Bolt.when_ready``), and reads nothing the
questions read. The graph model it makes is ``graph.stores.neo4j.schema``'s;
each mixin names the constraints of its own nodes.
"""

from __future__ import annotations

from directory.errors import StoreUnavailable
from graph.stores.core.schema import SCHEMA_NAME, needs_upgrade
from graph.stores.neo4j import changes
from graph.stores.neo4j.accounts import ACCOUNT_CONSTRAINTS
from graph.stores.neo4j.audit import AUDIT_CONSTRAINTS
from graph.stores.neo4j.connection import Bolt
from graph.stores.neo4j.consult import CONSULT_CONSTRAINTS
from graph.stores.neo4j.schema import CONSTRAINTS, SCHEMA_VERSION, UPGRADES

#: Counters ``reserve`` takes numbers from, made with the store (made on first
#: use, two writers could both try to make one).
COUNTERS = ("revision", "pool_revision", "profiles_revision", "audit_seq", "notice_seq")


class BoltOpening:
    """Part of ``Neo4jStore`` (see the module docstring)."""

    _bolt: Bolt

    def _prepare(self, create: bool) -> None:
        """Refuse a database that is not a store (unless ``create`` and empty),
        bring an older store up to date, and make what is missing: every step
        may run twice, as two processes may open one new store at once."""
        rows = self._bolt.read("MATCH (m:Meta) WHERE m.key IN ['schema', 'schema_version'] "
                               "RETURN m.key AS key, m.value AS value")
        meta = {r["key"]: r["value"] for r in rows}
        where = f"database '{self._bolt.database}' on {self._bolt.url}"
        if meta:
            if needs_upgrade(meta, where, SCHEMA_VERSION, UPGRADES):
                self._upgrade(meta["schema_version"])
        elif not create:
            raise StoreUnavailable(f"no KernteamDB store in {where} (create one with 'kernteamdb init')")
        elif self._bolt.read("MATCH (n) RETURN 1 AS found LIMIT 1"):
            raise StoreUnavailable(f"{where} holds other data and is not a KernteamDB store; "
                                   "give an empty database (?database=NAME)")
        for statement in (*CONSTRAINTS, *AUDIT_CONSTRAINTS, *ACCOUNT_CONSTRAINTS, *CONSULT_CONSTRAINTS,
                          *changes.CONSTRAINTS):
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

    def clear_everything(self) -> None:
        """Empty the database and make it an empty store again (tests on a
        real Neo4j, which has one database to share)."""
        while self._bolt.execute("MATCH (n) WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS n")[0]["n"]:
            pass
        self._prepare(True)

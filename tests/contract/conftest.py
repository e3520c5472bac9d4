"""The contract suite runs every test against each backend: the embedded
store, and the Neo4j store on a Bolt server (ArcadeDB from PyPI, started for
the run by ``devkit.bolt_server``; or a real Neo4j 5 named by ``NEO4J_URI``).
Without a server the Bolt half is skipped with the reason, never passed.

One module per port. The modules of the ports the in-memory fake claims
(``devkit.memory_store``: meta, records, audit, consultations) say
``FAKED = True`` and run against the fake as well, so that it answers as
both adapters do; what only a second process can show is skipped for it
(``another_process``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from devkit.bolt_server import BoltServer, missing_reason
from devkit.memory_store import MemoryStore
from directory.pool.model import Professional
from directory.ports import AuditEntry, Store
from graph.stores import open_store

#: The stores every contract test runs against.
ADAPTERS = ["embedded", pytest.param("bolt", marks=pytest.mark.neo4j)]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test that asks for a store runs on each adapter; in a module of a
    port the fake claims (``FAKED = True``) on the fake too."""
    if "store" in metafunc.fixturenames:
        faked = getattr(metafunc.module, "FAKED", False)
        metafunc.parametrize("store", [*ADAPTERS, "memory"] if faked else ADAPTERS, indirect=True)


def another_process(store: Store) -> Store:
    """The same store opened a second time, as another process would (the
    caller closes it); the in-memory fake has no second process."""
    if isinstance(store, MemoryStore):
        pytest.skip("the in-memory fake lives in one process")
    return open_store(store.url)


@pytest.fixture
def other(small_store: Store) -> Iterator[Store]:
    """The same store file opened a second time: another process."""
    opened = another_process(small_store)
    yield opened
    opened.close()


def entry(action: str = "update", record: str = "p-anna", user: str = "coordinator",
          at: datetime = datetime(2026, 11, 16, 12, 0, tzinfo=UTC),
          kind: str = "professionals") -> AuditEntry:
    """An audit entry about a change of a record, with a before and an after."""
    return AuditEntry(at, user, kind, record, action, {"name": "voor"}, {"name": "na"})


def renamed(store: Store, pid: str, name: str) -> Professional:
    """Professional ``pid`` as stored, with another name."""
    found = store.get("professionals", pid)
    assert isinstance(found, Professional)
    return replace(found, name=name)


@pytest.fixture(scope="session")
def bolt_server() -> Iterator[BoltServer]:
    reason = missing_reason()
    if reason:
        pytest.skip(f"no Bolt server: {reason}")
    server = BoltServer.from_environment() or BoltServer.start_arcadedb()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def own_server() -> Iterator[BoltServer]:
    """A Bolt server of the module's own, which its tests may stop and start."""
    reason = missing_reason()
    if reason:
        pytest.skip(f"no Bolt server: {reason}")
    if BoltServer.from_environment():
        pytest.skip("stops and restarts the server: runs on the ArcadeDB test server only")
    server = BoltServer.start_arcadedb()
    yield server
    server.stop()


def open_bolt_store(server: BoltServer, *, create: bool = True) -> Store:
    from graph.stores.neo4j.store import Neo4jStore

    url = server.new_database()
    store = Neo4jStore(url, user=server.user, password=server.password, create=create)
    if server.http_url is None:
        store.clear_everything()  # one database on a real Neo4j: each test starts empty
    return store


@pytest.fixture
def store(request: pytest.FixtureRequest, tmp_path: Path,
          monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """An empty store of each backend (for the Bolt store, with the server's
    credentials in the environment, so that ``open_store(store.url)`` opens it
    again as another process would), or the in-memory fake."""
    if request.param == "memory":
        yield MemoryStore()  # only FAKED modules ask for it: they use its ports only
        return
    if request.param == "embedded":
        opened = open_store(f"sqlite:///{tmp_path / 'contract.db'}", create=True)
        yield opened
        opened.close()
        return
    server: BoltServer = request.getfixturevalue("bolt_server")
    monkeypatch.setenv("KERNTEAMDB_NEO4J_USER", server.user)
    monkeypatch.setenv("KERNTEAMDB_NEO4J_PASSWORD", server.password)
    opened = open_bolt_store(server)
    yield opened
    opened.close()
    server.drop_database(opened.url)

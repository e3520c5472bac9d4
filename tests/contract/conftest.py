"""The contract suite runs every test against each backend: the embedded
store, and the Neo4j store on a Bolt server (ArcadeDB from PyPI, started for
the run by ``devkit.bolt_server``; or a real Neo4j 5 named by ``NEO4J_URI``).
Without a server the Bolt half is skipped with the reason, never passed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from devkit.bolt_server import BoltServer, missing_reason
from directory.ports import Store
from graph.stores import open_store


@pytest.fixture(scope="session")
def bolt_server() -> Iterator[BoltServer]:
    reason = missing_reason()
    if reason:
        pytest.skip(f"no Bolt server: {reason}")
    server = BoltServer.from_environment() or BoltServer.start_arcadedb()
    yield server
    server.stop()


def open_bolt_store(server: BoltServer, *, create: bool = True) -> Store:
    from graph.stores.neo4j import Neo4jStore

    url = server.new_database()
    store = Neo4jStore(url, user=server.user, password=server.password, create=create)
    if server.http_url is None:
        store.clear_everything()  # one database on a real Neo4j: each test starts empty
    return store


@pytest.fixture(params=["embedded", pytest.param("bolt", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest, tmp_path: Path,
          monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """An empty store of each backend (for the Bolt store, with the server's
    credentials in the environment, so that ``open_store(store.url)`` opens it
    again as another process would)."""
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

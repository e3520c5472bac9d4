"""Everyone's ties fetched at the first network question (``graph.stores.neo4j.everyone``):
the same graph, and so the same answers, as fetching it person by person
(as in a pool above ``AT_MOST`` people); a handful of statements instead of
a round trip per person; and a write elsewhere afterwards is seen."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from devkit.bolt_server import BoltServer
from directory.pool.demo import load_demo
from directory.ports import ImportPlan
from graph.stores.neo4j import everyone
from graph.stores.neo4j.store import Neo4jStore
from tests.conftest import DEMO_TODAY
from tests.contract.conftest import open_bolt_store
from tests.contract.test_bolt_kept import answers, new_cases, write_elsewhere

pytestmark = pytest.mark.neo4j


@pytest.fixture
def demo(bolt_server: BoltServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[Neo4jStore]:
    """The demo network on a Bolt store, opened again with nothing kept."""
    monkeypatch.setenv("KERNTEAMDB_NEO4J_USER", bolt_server.user)
    monkeypatch.setenv("KERNTEAMDB_NEO4J_PASSWORD", bolt_server.password)
    store = open_bolt_store(bolt_server)
    assert isinstance(store, Neo4jStore)
    load_demo(store, today=DEMO_TODAY)
    store.close()
    again = Neo4jStore(store.url, user=bolt_server.user, password=bolt_server.password)
    yield again
    again.close()
    bolt_server.drop_database(store.url)


def reopened(store: Neo4jStore) -> Neo4jStore:
    """The same store opened again, with nothing kept (credentials from the environment)."""
    return Neo4jStore(store.url)


def edges(store: Neo4jStore) -> set[tuple[Any, Any, tuple[tuple[str, Any], ...]]]:
    """Every tie between people in the store's local network graph once
    everyone's ties are asked for, each with its data (in one orientation)."""
    people = sorted(p.id for p in store.iter_records("professionals"))
    hoods = store._neighbourhoods()
    with hoods.asking():
        graph = hoods.ensure(people)
        return {(*sorted((a, b), key=str), tuple(sorted(data.items())))  # type: ignore[misc]
                for a, b, data in graph.edges(data=True)}


def test_everyone_at_once_is_the_graph_fetched_person_by_person(
        demo: Neo4jStore, monkeypatch: pytest.MonkeyPatch):
    at_once = edges(demo)
    monkeypatch.setattr(everyone, "AT_MOST", 0)  # "too many": person by person
    person_by_person = reopened(demo)
    try:
        assert edges(person_by_person) == at_once
        assert answers(person_by_person) == answers(demo)
    finally:
        person_by_person.close()
    assert any(dict(data).get("knows") for *_, data in at_once)  # both kinds of tie are there
    assert any(dict(data).get("shared") for *_, data in at_once)


#: Paths asked in ``statements_of_paths``.
PATHS = 8


def statements_of_paths(store: Neo4jStore, monkeypatch: pytest.MonkeyPatch) -> int:
    """The statements the store sends for its first paths, from one person to people across the network."""
    people = sorted(p.id for p in store.iter_records("professionals"))
    sent: list[str] = []
    read = store._bolt.read

    def counted(text: str, **params: Any) -> Any:
        sent.append(text)
        return read(text, **params)

    monkeypatch.setattr(store._bolt, "read", counted)
    for target in people[-PATHS:]:
        store.path(people[0], target)
    return len(sent)


def test_the_first_paths_fetch_everyone_in_a_few_statements(
        demo: Neo4jStore, monkeypatch: pytest.MonkeyPatch):
    at_once = statements_of_paths(demo, monkeypatch)
    monkeypatch.setattr(everyone, "AT_MOST", 0)
    one_by_one = reopened(demo)
    try:  # per path: the revision, twice, and the two people; five statements fetch everyone
        assert at_once <= 3 * PATHS + 5 < statements_of_paths(one_by_one, monkeypatch)
    finally:
        one_by_one.close()


def test_a_write_elsewhere_after_everyone_was_read_is_seen(demo: Neo4jStore):
    people = sorted(p.id for p in demo.iter_records("professionals"))
    demo.path(people[0], people[1])  # everyone's ties fetched
    write_elsewhere(demo, ImportPlan({"cases": new_cases(demo)}))
    fresh = reopened(demo)
    try:
        assert answers(demo) == answers(fresh)
    finally:
        fresh.close()


def test_people_read_all_at_once_are_not_read_again_one_by_one(
        demo: Neo4jStore, monkeypatch: pytest.MonkeyPatch):
    people = sorted(p.id for p in demo.iter_records("professionals"))  # as search's place table reads them
    sent: list[str] = []
    read = demo._bolt.read
    monkeypatch.setattr(demo._bolt, "read", lambda text, **params: sent.append(text) or read(text, **params))
    found = demo.get_many("professionals", [*people[:5], "p-nobody"])
    assert sorted(found) == people[:5]  # and the unknown one still unknown
    assert found[people[0]].id == people[0]
    assert len(sent) <= 1  # the revision, at most

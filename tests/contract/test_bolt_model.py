"""The Neo4j store's graph model as someone querying it in Cypher sees it:
every reference of the pool is a relationship, on a first import (which
writes the sums with the nodes) and on later changes alike; and a store made
by an older version is brought up to date when it is opened."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import orjson
import pytest

from devkit.bolt_server import BoltServer
from directory.exchange.document import export_document, import_document
from graph.stores.neo4j.schema import SCHEMA_VERSION
from graph.stores.neo4j.store import Neo4jStore
from tests.conftest import small_document
from tests.contract.conftest import open_bolt_store

pytestmark = pytest.mark.neo4j

#: (kind, field) of the exchange format -> the relationship type it becomes.
TYPES = {("expertise", "broader"): "BROADER", ("expertise", "related"): "RELATED",
         ("organisations", "areas"): "OFFERS", ("teams", "organisation"): "PART_OF",
         ("professionals", "organisation"): "WORKS_AT", ("professionals", "teams"): "MEMBER_OF",
         ("professionals", "knows"): "KNOWS", ("professionals", "expertise"): "CLAIMS"}


@pytest.fixture
def bolt_store(bolt_server: BoltServer) -> Iterator[Neo4jStore]:
    store = open_bolt_store(bolt_server)
    assert isinstance(store, Neo4jStore)
    yield store
    store.close()
    bolt_server.drop_database(store.url)


def references(document: dict[str, Any]) -> Counter[str]:
    """How many relationships of each type the document's references make."""
    counted: Counter[str] = Counter()
    for (kind, field), rel in TYPES.items():
        for record in document.get(kind, ()):
            value = record.get(field)
            counted[rel] += len(value) if isinstance(value, list) else int(value is not None)
    return +counted


def relationships(store: Neo4jStore) -> Counter[str]:
    rows = store._bolt.read("MATCH ()-[r]->() RETURN type(r) AS type, count(r) AS n")
    return Counter({row["type"]: int(row["n"]) for row in rows if row["n"]})


def test_every_reference_is_a_relationship_after_a_first_import_and_after_changes(
        bolt_store: Neo4jStore) -> None:
    document = small_document()
    import_document(orjson.dumps(document), bolt_store)
    assert relationships(bolt_store) == references(document)
    claims = bolt_store._bolt.read("MATCH (:Professional {id: 'p-anna'})-[c:CLAIMS]->(a:Expertise) "
                                   "RETURN a.id AS area, c.level AS level ORDER BY area")
    anna = next(p for p in document["professionals"] if p["id"] == "p-anna")
    assert [(r["area"], r["level"]) for r in claims] == sorted(
        (c["area"], c["level"]) for c in anna["expertise"])

    # a later import: someone knows someone else now, another leaves a team
    changed = small_document()
    people = changed["professionals"]
    people[0]["knows"] = sorted({*people[0].get("knows", ()), people[-1]["id"]} - {people[0]["id"]})
    member = next(p for p in people if p.get("teams"))
    member["teams"] = member["teams"][1:]
    import_document(orjson.dumps(changed), bolt_store)
    assert relationships(bolt_store) == references(changed)


def test_a_store_of_version_1_is_brought_up_to_date_when_opened(
        bolt_server: BoltServer, bolt_store: Neo4jStore) -> None:
    import_document(orjson.dumps(small_document()), bolt_store)
    exported = export_document(bolt_store)
    bolt = bolt_store._bolt
    # as version 1 left it: each case's people on the case, and its team indexed
    bolt.execute("CREATE INDEX case_team IF NOT EXISTS FOR (n:Case) ON (n.team)")
    bolt.execute("MATCH (c:Case) SET c.people = ['p-anna', 'p-erased']")
    bolt.execute("MATCH (m:Meta {key: 'schema_version'}) SET m.value = '1'")
    bolt_store.close()

    again = Neo4jStore(bolt_store.url, user=bolt_server.user, password=bolt_server.password)
    try:
        assert again.count("cases") > 0
        assert again._bolt.read("MATCH (c:Case) WHERE c.people IS NOT NULL RETURN c.id AS id") == []
        indexes = {row["name"] for row in again._bolt.read("SHOW INDEXES YIELD name RETURN name")}
        assert "case_team" not in indexes
        version = again._bolt.read("MATCH (m:Meta {key: 'schema_version'}) RETURN m.value AS v")
        assert version[0]["v"] == SCHEMA_VERSION
        assert export_document(again) == exported
    finally:
        again.close()


def sums(store: Neo4jStore) -> dict[str, Any]:
    """Every sum and case list the store keeps, by node."""
    rows = store._bolt.read(
        "MATCH (n) WHERE n.evidence IS NOT NULL OR n.history IS NOT NULL OR n.partners IS NOT NULL "
        "OR n.hours IS NOT NULL OR n.cases IS NOT NULL RETURN n.id AS id, n.evidence AS evidence, "
        "n.history AS history, n.partners AS partners, n.hours AS hours, n.cases AS cases")
    return {row["id"]: {key: orjson.loads(row[key]) if isinstance(row[key], str) else row[key]
                        for key in ("evidence", "history", "partners", "hours", "cases")}
            for row in rows}


def test_cases_imported_after_the_profiles_give_the_same_sums_as_one_import(
        bolt_server: BoltServer, bolt_store: Neo4jStore) -> None:
    document = small_document()
    assert document["cases"]
    import_document(orjson.dumps(document), bolt_store)
    other = open_bolt_store(bolt_server)
    assert isinstance(other, Neo4jStore)
    try:
        import_document(orjson.dumps({**document, "cases": []}), other)
        assert sums(other) == {}
        import_document(orjson.dumps(document), other)  # the cases, into a store without any
        assert sums(other) == sums(bolt_store) != {}
    finally:
        other.close()
        bolt_server.drop_database(other.url)

"""What the Neo4j store keeps between writes (``graph.stores.neo4j.kept``):
after another process writes cases, a store that kept its search lists,
sums and network gives the very answers a freshly opened one gives, whether
it forgot only what the write touched or (its record of changes gone)
everything; and it does forget only that."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest

from devkit.bolt_server import BoltServer
from directory.pool.demo import load_demo
from directory.pool.model import Case, Participation
from directory.ports import ImportPlan, Store
from directory.search.queries import SearchQuery
from graph.search import rank_experts
from graph.stores import open_store
from graph.stores.neo4j.store import Neo4jStore
from tests.conftest import DEMO_TODAY
from tests.contract.conftest import open_bolt_store

pytestmark = pytest.mark.neo4j

QUESTIONS = ["geheugenproblemen", "betalingsachterstand", "dementie en schulden"]


@pytest.fixture
def kept(bolt_server: BoltServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[Neo4jStore]:
    """The demo network on a Bolt store whose caches are filled: searches by a
    worker and their team, paths and networks."""
    monkeypatch.setenv("KERNTEAMDB_NEO4J_USER", bolt_server.user)
    monkeypatch.setenv("KERNTEAMDB_NEO4J_PASSWORD", bolt_server.password)
    store = open_bolt_store(bolt_server)
    assert isinstance(store, Neo4jStore)
    load_demo(store, today=DEMO_TODAY)
    answers(store)
    yield store
    store.close()
    bolt_server.drop_database(store.url)


def asking(store: Store) -> tuple[str, str, list[str]]:
    """A wijkteam worker, their team, and people across the network."""
    everyone = sorted(store.iter_records("professionals"), key=lambda p: p.id)
    worker = next(p for p in everyone if p.role == "wijkwerker" and p.teams)
    return worker.id, worker.teams[0], [p.id for p in everyone][::7]


def answers(store: Store) -> dict[str, Any]:
    """What search, paths, proximity and networks answer, ``took_ms`` left out."""
    worker, team, ids = asking(store)
    out: dict[str, Any] = {}
    for text in QUESTIONS:
        for requester, by_team in ((None, None), (worker, team)):
            result = rank_experts(store, SearchQuery(q=text, requester=requester, team=by_team, limit=10),
                                  today=DEMO_TODAY).as_json()
            result.pop("took_ms")
            out[f"{text} {requester}"] = result
    for source in ids[:3]:
        out[f"proximity {source}"] = store.proximity(source, ids)
        out[f"ego {source}"] = store.ego(source, 1)
        for target in ids[-3:]:
            out[f"path {source} {target}"] = store.path(source, target)
    return out


def fresh_answers(store: Store) -> dict[str, Any]:
    """The answers of the same store opened anew, with nothing kept."""
    again = open_store(store.url)
    try:
        return answers(again)
    finally:
        again.close()


def new_cases(store: Store, count: int = 3) -> tuple[Case, ...]:
    """Copies of a case of the worker's, under new ids, each with someone new
    beside them: new evidence, team history, shared history and hours."""
    worker, _, ids = asking(store)
    template = store.get("cases", store.cases_referring("professionals", worker)[0])
    assert isinstance(template, Case)
    return tuple(replace(template, id=f"kept-{i}", participants=(
        *template.participants, Participation(ids[-1 - i], "specialist", 3.0))) for i in range(count))


def write_elsewhere(store: Store, plan: ImportPlan) -> None:
    """``plan`` applied by another process."""
    other = open_store(store.url)
    try:
        other.apply(plan)
    finally:
        other.close()


def test_cases_written_elsewhere_give_the_answers_of_a_fresh_store(kept: Neo4jStore):
    before = answers(kept)
    write_elsewhere(kept, ImportPlan({"cases": new_cases(kept)}))
    after = answers(kept)
    assert after == fresh_answers(kept)
    assert after != before  # the write changed what search and the network say


def test_cases_changed_and_deleted_elsewhere_are_seen_too(kept: Neo4jStore):
    cases = new_cases(kept)
    write_elsewhere(kept, ImportPlan({"cases": cases}))
    answers(kept)
    moved = replace(cases[0], participants=cases[0].participants[:1])  # someone leaves a case
    write_elsewhere(kept, ImportPlan({"cases": (moved,)}, deletes={"cases": (cases[1].id,)}))
    assert answers(kept) == fresh_answers(kept)


def test_without_the_record_of_changes_everything_is_read_again(kept: Neo4jStore):
    kept._bolt.execute("MATCH (c:PoolChange) DETACH DELETE c")  # pruned, or written by an older version
    write_elsewhere(kept, ImportPlan({"cases": new_cases(kept)}))
    kept._bolt.execute("MATCH (c:PoolChange) DETACH DELETE c")
    assert answers(kept) == fresh_answers(kept)


def test_a_write_of_cases_forgets_only_the_lists_it_touched(kept: Neo4jStore):
    def lists() -> set[tuple[str, ...]]:
        return {tuple(key[2]) for key in kept._derived._values
                if isinstance(key, tuple) and key[:1] == ("need-candidates",)}

    held = lists()
    area = sorted(held)[0][-1]  # a case in an area one of the lists is made from
    touched = {area}
    cases = tuple(replace(case, areas=(area,)) for case in new_cases(kept, 1))
    assert any(not touched & set(areas) for areas in held)
    write_elsewhere(kept, ImportPlan({"cases": cases}))
    kept.revision()
    kept.derived(("anything",), lambda: 0)  # the store looks at the server's revision
    assert lists() == {areas for areas in held if not touched & set(areas)}

"""The same data gives the same answers on every store: the demo network in
the embedded store and in the Neo4j store must export byte for byte the
same, rank the same people in the same order for the same questions, and
find the same paths, networks and brokers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from devkit.bolt_server import BoltServer
from directory.consultations.hours import half_year
from directory.exchange.document import export_document
from directory.pool.demo import load_demo
from directory.ports import Store
from directory.search.queries import SearchQuery
from graph.search import rank_experts
from tests.conftest import DEMO_TODAY
from tests.contract.conftest import open_bolt_store

pytestmark = pytest.mark.neo4j

QUESTIONS = [
    "geheugenproblemen", "Alzheimer", "NAH", "LVB", "betalingsachterstand", "demntie",
    "schuldenproblematiek", "alcoholverslaving", "vader na een beroerte", "zoon is psychotisch",
    "dementie en schulden", "eenzaamheid", "huiselijk geweld", "opvoedproblemen",
]


@pytest.fixture(scope="module")
def bolt_demo(bolt_server: BoltServer) -> Iterator[Store]:
    store = open_bolt_store(bolt_server)
    load_demo(store, today=DEMO_TODAY)
    yield store
    store.close()
    bolt_server.drop_database(store.url)


@pytest.fixture(scope="module")
def people(demo_store_file: Any) -> dict[str, Any]:
    """Who asks in the comparisons: a wijkteam member and their team, and a
    few people across the network."""
    from graph.stores import open_store

    store = open_store(f"sqlite:///{demo_store_file}")
    try:
        teams = {t.id: t for t in store.iter_records("teams")}
        everyone = list(store.iter_records("professionals"))
    finally:
        store.close()
    wijkteam = next(t for t in sorted(teams) if teams[t].kind == "wijkteam")
    worker = next(p.id for p in everyone if wijkteam in p.teams)
    return {"team": wijkteam, "worker": worker, "ids": [p.id for p in everyone][::9],
            "teams": sorted(teams)}


def _answers(result: Any) -> dict[str, Any]:
    answer = result.as_json()
    answer.pop("took_ms")
    return answer


def test_exports_are_byte_identical(demo_store: Store, bolt_demo: Store):
    assert export_document(bolt_demo) == export_document(demo_store)
    assert bolt_demo.revision() > 0 and bolt_demo.is_demo()


@pytest.mark.parametrize("asking", ["nobody", "worker", "team"])
def test_search_ranks_the_same_people_in_the_same_order(demo_store: Store, bolt_demo: Store,
                                                        people: dict[str, Any], asking: str):
    requester = people["worker"] if asking in ("worker", "team") else None
    team = people["team"] if asking == "team" else None
    ranked = 0
    for text in QUESTIONS:
        query = SearchQuery(q=text, requester=requester, team=team, limit=15)
        embedded = _answers(rank_experts(demo_store, query, today=DEMO_TODAY))
        bolt = _answers(rank_experts(bolt_demo, query, today=DEMO_TODAY))
        assert [h["id"] for h in bolt["results"]] == [h["id"] for h in embedded["results"]], text
        for mine, theirs in zip(bolt["results"], embedded["results"], strict=True):
            assert mine.pop("score") == pytest.approx(theirs.pop("score"), rel=1e-9, abs=1e-12)
        assert bolt == embedded, text
        ranked += len(embedded["results"])
    assert ranked > 100  # the comparison is about real result lists


def test_paths_networks_and_brokers_are_the_same(demo_store: Store, bolt_demo: Store,
                                                 people: dict[str, Any]):
    ids = people["ids"]
    found = 0
    for source in ids[:6]:
        for target in ids[-8:]:
            path = demo_store.path(source, target)
            found += path.ids is not None and len(path.ids) > 2
            assert bolt_demo.path(source, target) == path, (source, target)
            assert bolt_demo.path(source, target, near=True) == \
                demo_store.path(source, target, near=True), (source, target)
            assert bolt_demo.mutual_contacts(source, target) == demo_store.mutual_contacts(source, target)
        for depth in (1, 2):
            assert bolt_demo.ego(source, depth) == demo_store.ego(source, depth), (source, depth)
        assert bolt_demo.proximity(source, ids) == demo_store.proximity(source, ids)
    assert bolt_demo.proximity_among(ids).tolist() == demo_store.proximity_among(ids).tolist()
    for team in people["teams"]:
        assert bolt_demo.brokers(team) == demo_store.brokers(team), team
        for person in ids[:4]:
            assert bolt_demo.team_cases(person, team) == demo_store.team_cases(person, team)
    assert bolt_demo.organisation_links() == demo_store.organisation_links()
    assert found > 10  # paths of several steps were compared, not only "no path"


def test_the_sums_search_reads_are_the_same(demo_store: Store, bolt_demo: Store,
                                            people: dict[str, Any]):
    areas = [a.id for a in demo_store.areas()]
    assert bolt_demo.claims(areas) == demo_store.claims(areas)
    assert _rounded(bolt_demo.evidence_summary(areas, DEMO_TODAY)) == \
        _rounded(demo_store.evidence_summary(areas, DEMO_TODAY))
    for area in areas[:20]:
        mine_levels, mine_weights = bolt_demo.area_strength(area, DEMO_TODAY)
        their_levels, their_weights = demo_store.area_strength(area, DEMO_TODAY)
        assert (mine_levels, _rounded(mine_weights)) == (their_levels, _rounded(their_weights))
        assert _by_place(bolt_demo.area_columns(area, DEMO_TODAY)) == \
            _by_place(demo_store.area_columns(area, DEMO_TODAY))
    worker, team = people["worker"], people["team"]
    for asking in ((worker, None), (None, team), (worker, team)):
        mine_history = bolt_demo.history_summary(None, requester=asking[0], team=asking[1], today=DEMO_TODAY)
        their_history = demo_store.history_summary(None, requester=asking[0], team=asking[1],
                                                   today=DEMO_TODAY)
        assert _rounded(mine_history) == _rounded(their_history)
    for team in people["teams"]:
        assert _by_place(bolt_demo.team_columns(team, DEMO_TODAY)) == \
            _by_place(demo_store.team_columns(team, DEMO_TODAY))
    everyone = [p.id for p in demo_store.iter_records("professionals")]
    start, end = half_year(DEMO_TODAY)
    assert bolt_demo.hours_booked(everyone, start, end) == pytest.approx(
        demo_store.hours_booked(everyone, start, end))
    assert bolt_demo.booked_by_place(start, end).tolist() == pytest.approx(
        demo_store.booked_by_place(start, end).tolist())
    for kind in ("professionals", "expertise", "teams"):
        for rid in ([everyone[0], everyone[40]] if kind == "professionals" else
                    ["dementie"] if kind == "expertise" else people["teams"][:3]):
            assert bolt_demo.cases_referring(kind, rid) == demo_store.cases_referring(kind, rid)


def _by_place(found: Any) -> Any:
    """``area_columns``' or ``team_columns``' answer as places and rounded values."""
    if isinstance(found, tuple) and not hasattr(found, "places"):
        return tuple(map(_by_place, found))
    return found.places.tolist(), _rounded(tuple(found.values.tolist()))


def _rounded(value: Any) -> Any:
    """Sums of recency weights, rounded past the last digits that the order
    of adding may change."""
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return tuple(_rounded(v) for v in value)
    if isinstance(value, float):
        return round(value, 9)
    return value


PAGES = ["/zoeken?q=geheugenproblemen", "/zoeken?q=schulden&wijk=Zuidoost", "/profiel/p-0046",
         "/netwerk?center=p-0046&diepte=2", "/netwerk/pad?van=p-0043&naar=p-0100", "/expertise/dementie",
         "/teams/kt-zuidoost", "/organisaties/org-vivent", "/consultaties", "/beheer/evaluatie",
         "/api/v1/search?q=dementie&requester=p-0043", "/api/v1/network/ego/p-0046?depth=2"]


def _client(store: Store, name: str) -> Any:
    """A client signed in as ``name`` (made with the role of that name) on ``store``."""
    from datetime import UTC, datetime

    from directory.accounts.roles import User
    from tests.web.conftest import signed_in_client
    from web import create_app

    if store.get_user(name) is None:
        store.add_user(User(name, name, "p-0043" if name == "wijkwerker" else None, "x", datetime.now(UTC)))
    return signed_in_client(create_app({"TESTING": True, "SECRET_KEY": "s" * 32}, store=store), name)


def test_the_web_pages_show_the_same_on_both_stores(demo_copy: Store, bolt_demo: Store):
    shown = 0
    for name in ("wijkwerker", "coordinator"):
        embedded, bolt = _client(demo_copy, name), _client(bolt_demo, name)
        for page in PAGES:
            mine, theirs = bolt.get(page), embedded.get(page)
            assert mine.status_code == theirs.status_code, (name, page)
            shown += theirs.status_code == 200
            if page.startswith("/api/"):
                mine_json, their_json = mine.get_json(), theirs.get_json()
                mine_json.pop("took_ms", None), their_json.pop("took_ms", None)
                assert mine_json == their_json, page
            elif mine.status_code == 200:
                assert _visible_text(mine.data) == _visible_text(theirs.data), (name, page)
    assert shown >= 20  # real pages were compared, not two error pages


def _visible_text(html: bytes) -> list[str]:
    """The page's words without tags, tokens and nonces (which differ per response)."""
    import re

    text = re.sub(rb"<script.*?</script>|<[^>]+>", b" ", html, flags=re.S).decode()
    return [w for w in text.split() if not re.fullmatch(r"[A-Za-z0-9_\-\.]{40,}", w)]


def _sums(store: Store, people: list[str], teams: list[str]) -> dict[str, Any]:
    """Every sum search and the network read, for comparing two stores."""
    areas = [a.id for a in store.areas()]
    start, end = half_year(DEMO_TODAY)
    return _rounded({
        "evidence": store.evidence_summary(areas, DEMO_TODAY),
        "strength": {a: store.area_strength(a, DEMO_TODAY) for a in areas},
        "teams": {t: store.history_summary(None, requester=None, team=t, today=DEMO_TODAY) for t in teams},
        "partners": {p: store.history_summary(None, requester=p, team=None, today=DEMO_TODAY)
                     for p in people},
        "hours": store.hours_booked(people, start, end),
        "proximity": {p: store.proximity(p, people) for p in people[:10]},
        "proximity among": store.proximity_among(people[:30]).tolist(),
        "paths": [store.path(a, b) for a in people[:5] for b in people[-5:]],
        "organisations": store.organisation_links(),
    })


def test_changes_to_cases_and_people_keep_the_sums_the_same(demo_copy: Store, bolt_server: BoltServer):
    """Cases edited, moved to another team, deleted and added, and two people
    merged: afterwards every sum must be what the embedded store says."""
    from dataclasses import replace

    from directory.pool.merge import merge_areas, merge_professionals
    from directory.pool.model import Case, Participation
    from directory.ports import ImportPlan

    bolt = open_bolt_store(bolt_server)
    try:
        load_demo(bolt, today=DEMO_TODAY)
        cases = sorted(demo_copy.iter_records("cases"), key=lambda c: c.id)
        teams = sorted(t.id for t in demo_copy.iter_records("teams"))
        everyone = sorted(p.id for p in demo_copy.iter_records("professionals"))
        edited = replace(cases[10], team=teams[0], areas=("dementie",),
                         participants=(*cases[10].participants[:1],
                                       Participation(everyone[5], "specialist", 3.5)))
        added = Case(id="c-new", opened=DEMO_TODAY, team=teams[1], areas=("schuldhulpverlening", "dementie"),
                     participants=(Participation(everyone[7], "regie"),
                                   Participation(everyone[8], "specialist", 1.25)))
        plan = ImportPlan({"cases": (edited, added)}, deletes={"cases": (cases[20].id,)})
        for store in (demo_copy, bolt):
            store.apply(plan)
        keep, duplicate = cases[30].participants[0].professional, cases[40].participants[-1].professional
        for store in (demo_copy, bolt):
            merge_professionals(store, keep, duplicate, by=None)
            merge_areas(store, "dementie", "jongdementie", by=None)
        left = [p for p in everyone if p != duplicate]
        assert export_document(bolt) == export_document(demo_copy)
        assert _sums(bolt, left, teams) == _sums(demo_copy, left, teams)
        for text in QUESTIONS[:6]:
            query = SearchQuery(q=text, requester=keep, team=teams[0])
            assert _answers(rank_experts(bolt, query, today=DEMO_TODAY))["results"] == \
                _answers(rank_experts(demo_copy, query, today=DEMO_TODAY))["results"], text
    finally:
        bolt.close()
        bolt_server.drop_database(bolt.url)

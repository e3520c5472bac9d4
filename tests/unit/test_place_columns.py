"""The embedded store's sums by place (``area_columns``, ``team_columns``,
``booked_by_place``): the same people and numbers as the dict answers, kept across searches, and a
write changes the next search exactly as a freshly opened store would answer."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from directory.consultations.hours import half_year
from directory.consultations.records import Booking, Consultation
from directory.pool.model import Case, Participation, Professional
from directory.ports import ImportPlan, Store
from directory.search.queries import SearchQuery
from directory.search.vocabulary import Vocabulary
from graph.search import rank_experts
from graph.stores import open_store
from graph.stores.core.columns import ColumnsFromSums
from graph.stores.embedded import snapshot
from tests.conftest import DEMO_TODAY

QUESTIONS = ["geheugenproblemen", "NAH", "betalingsachterstand", "dementie en schulden", "eenzaamheid",
             "huiselijk geweld", "opvoedproblemen", "alcoholverslaving"]


def _by_place(store: Store) -> dict[str, Any]:
    """Every area's and team's sums by place, made from the dict answers."""
    place = {pid: i for i, pid in enumerate(sorted(p.id for p in store.iter_records("professionals")))}

    def column(values: dict[str, Any]) -> list[tuple[int, float]]:
        return sorted((place[p], float(v)) for p, v in values.items())

    areas = {a.id: tuple(map(column, store.area_strength(a.id, DEMO_TODAY))) for a in store.areas()}
    teams = {t.id: column({p: s[1] for p, s in store.history_summary(
        None, requester=None, team=t.id, today=DEMO_TODAY).items()}) for t in store.iter_records("teams")}
    hours = {period: [store.hours_booked(list(place), *period).get(p, 0.0) for p in place]
             for period in _PERIODS}
    people = sorted((p.id, p.name, p.active) for p in store.iter_records("professionals"))
    return {"areas": areas, "teams": teams, "hours": hours, "places": people}


#: This half-year (kept by place, changed in place), and another period (from the cases).
_PERIODS = (half_year(DEMO_TODAY), (DEMO_TODAY.replace(month=1, day=1), DEMO_TODAY))


def _column(found: Any) -> list[tuple[int, float]]:
    assert list(found.places) == sorted(set(found.places.tolist()))  # ascending, no place twice
    return list(zip(found.places.tolist(), found.values.tolist(), strict=True))


def _columns(store: Store, answers: Any = None) -> dict[str, Any]:
    """Every area's and team's ``area_columns`` and ``team_columns`` (``answers``:
    another implementation of them, asked about ``store``)."""
    answers = answers or store
    areas, teams = [a.id for a in store.areas()], [t.id for t in store.iter_records("teams")]
    return {"areas": {a: tuple(map(_column, answers.area_columns(a, DEMO_TODAY))) for a in areas},
            "teams": {t: _column(answers.team_columns(t, DEMO_TODAY)) for t in teams},
            "hours": {period: answers.booked_by_place(*period).tolist() for period in _PERIODS},
            "places": _places(answers.places())}


def _places(found: Any) -> list[tuple[str, str, bool]]:
    """``Store.places`` as (id, name, active) per place, checked to be one table."""
    assert list(found.ids) == sorted(found.ids) == [p.id for p in found.people]
    assert all(found.place[pid] == i for i, pid in enumerate(found.ids))
    return [(p.id, p.name, p.active) for p in found.people]


def _answers(store: Store, requester: str, team: str) -> list[Any]:
    out = []
    vocabulary = Vocabulary(store.areas())  # made once: what a search would otherwise make each time
    for text in QUESTIONS:
        for asking in (SearchQuery(q=text), SearchQuery(q=text, requester=requester, team=team)):
            answer = rank_experts(store, asking, today=DEMO_TODAY, vocabulary=vocabulary).as_json()
            answer.pop("took_ms")
            out.append(answer["results"])
    return out


def test_the_columns_give_the_dict_answers_to_the_last_bit(demo_store):
    expected = _by_place(demo_store)
    assert any(len(found[1]) > 3 for found in expected["areas"].values())  # areas with evidence
    assert all(sum(hours) > 10 for hours in expected["hours"].values())  # hours booked in both
    assert _columns(demo_store) == expected
    # the shared default the Neo4j store answers with gives the same
    assert _columns(demo_store, _Default(demo_store)) == expected


_NOW = datetime.combine(DEMO_TODAY, datetime.min.time(), UTC).replace(hour=9)


class _Default(ColumnsFromSums):
    """``ColumnsFromSums`` over the embedded store's dict answers."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)


def _writes(store: Store) -> list[ImportPlan]:
    """A case in an area (with hours), a case moved to another team and a new
    one, hours booked on an open consultation, a new professional, a retired
    one, changed claims."""
    cases = sorted(store.iter_records("cases"), key=lambda c: c.id)
    people = sorted((p for p in store.iter_records("professionals") if isinstance(p, Professional)),
                    key=lambda p: p.id)
    teams = sorted(t.id for t in store.iter_records("teams"))
    specialist = people[3]
    return [
        ImportPlan({"cases": (Case(id="c-cols-1", opened=DEMO_TODAY, areas=("schuldhulpverlening",),
                                   participants=(Participation(specialist.id, "specialist", 2.0),)),)}),
        ImportPlan({"cases": (replace(cases[5], team=teams[1]),
                              Case(id="c-cols-2", opened=DEMO_TODAY, team=teams[0], areas=("dementie",),
                                   participants=(Participation(people[6].id, "regie"),
                                                 Participation(people[7].id, "specialist", 1.0))))}),
        ImportPlan({}, consultations=(Consultation(
            id="c-cols-open", model="netwerk", team=teams[0], lead=people[0].id, opened=_NOW,
            bookings=(Booking(professional=specialist.id, day=DEMO_TODAY, hours=3.5, by="anna", at=_NOW),
                      Booking(professional=people[8].id, day=DEMO_TODAY, hours=1.25, by="anna", at=_NOW))),)),
        ImportPlan({"professionals": (replace(people[2], id="p-aaa-nieuw", name="Nieuw"),)}),
        ImportPlan({"professionals": (replace(people[4], active=False),)}),
        ImportPlan({"professionals": (replace(people[9], expertise=people[1].expertise),)}),
    ]


def test_a_write_changes_the_next_search_as_in_a_freshly_opened_store(demo_copy):
    people = sorted(p.id for p in demo_copy.iter_records("professionals"))
    team = sorted(t.id for t in demo_copy.iter_records("teams"))[0]
    first = _answers(demo_copy, people[0], team)
    for plan in _writes(demo_copy):
        _answers(demo_copy, people[0], team)  # fills and keeps the columns
        demo_copy.apply(plan)
        fresh = open_store(demo_copy.url)  # another process: built from the file alone
        try:
            assert _columns(demo_copy) == _by_place(demo_copy) == _by_place(fresh)
            assert _answers(demo_copy, people[0], team) == _answers(fresh, people[0], team)
        finally:
            fresh.close()
    assert _answers(demo_copy, people[0], team) != first  # the writes were seen by search


def test_a_write_by_another_process_reaches_the_columns(demo_copy):
    other = open_store(demo_copy.url)
    try:
        kept = _columns(demo_copy)
        for plan in _writes(demo_copy)[:2]:
            other.apply(plan)
        assert _columns(demo_copy) == _by_place(other) != kept
    finally:
        other.close()


def test_the_columns_travel_in_the_snapshot(demo_copy, tmp_path):
    index = demo_copy._index
    index.columns.fill(index, DEMO_TODAY)
    index.places()
    path = str(tmp_path / "copy.db")
    snapshot.save(path, "store-id", 7, index)
    loaded = snapshot.load(path, "store-id", 7)
    assert loaded is not None
    demo_copy._index = loaded[1]
    assert len(loaded[1].columns._kept) == len(index.columns._kept) > 10  # nothing left to make
    assert loaded[1].columns._hours.keys() == {half_year(DEMO_TODAY)[0]}
    assert loaded[1]._places is not None  # the restricted loader takes the table too
    assert _columns(demo_copy) == _by_place(demo_copy)


def test_columns_changed_often_are_made_afresh(demo_copy, monkeypatch):
    from graph.stores.embedded import columns

    monkeypatch.setattr(columns, "EDITS", 2)  # after two changes a column is dropped, not changed
    kept = _columns(demo_copy)
    for plan in _writes(demo_copy)[:2]:
        demo_copy.apply(plan)
    assert _columns(demo_copy) == _by_place(demo_copy) != kept


def test_the_places_stay_through_case_writes_and_are_made_again_when_someone_changes(demo_copy):
    """The table of everyone at their place is not made again after a case (80 ms at
    100,000 professionals), but is after any change of a professional."""
    first = demo_copy.places()
    case, *_ = _writes(demo_copy)
    demo_copy.apply(case)
    assert demo_copy.places() is first
    renamed = replace(first.people[5], name="Andere Naam")
    demo_copy.apply(ImportPlan({"professionals": (renamed,)}))
    assert demo_copy.places() is not first
    assert demo_copy.places().people[5].name == "Andere Naam"
    other = open_store(demo_copy.url)  # another process sees the change
    try:
        other.places()
        demo_copy.apply(ImportPlan({"professionals": (replace(renamed, name="Derde Naam"),)}))
        assert other.places().people[5].name == "Derde Naam"
    finally:
        other.close()

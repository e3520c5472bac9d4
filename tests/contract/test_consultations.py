"""The ConsultationReads contract: consultations, meeting schedules and
notices, written through ``apply`` with the version checks of records, and
the hours on open consultations that ``hours_booked`` counts.

Parametrised over the backends and the in-memory fake by the ``store``
fixture in conftest.py."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from directory.consultations.records import Ask, Booking, Consultation, MeetingSchedule, Notice, Step
from directory.errors import Conflict
from directory.exchange.document import import_document
from directory.pool.model import Case, Participation
from directory.ports import Erasure, ImportPlan, Store
from tests.conftest import small_document
from tests.contract.conftest import another_process

FAKED = True
NOW = datetime(2026, 11, 17, 9, 30, tzinfo=UTC)
HALF = (date(2026, 7, 1), date(2026, 12, 31))


def _consultation(**overrides) -> Consultation:
    values = dict(
        id="c-1", model="netwerk", team="wt-zuidoost", lead="p-bram", need="vergeet afspraken",
        areas=("dementie",), opened=NOW, state="lopend",
        asks=(Ask(professional="p-anna", status="geaccepteerd", at=NOW, by="anna"),),
        bookings=(Booking(professional="p-anna", day=date(2026, 11, 17), hours=2.5, by="anna", at=NOW),),
        steps=(Step(at=NOW, by="bram", action="aangevraagd"),
               Step(at=NOW, by="anna", action="advies", text="bel het Alzheimer Café",
                    professional="p-anna")))
    values.update(overrides)
    return Consultation(**values)


def _save(store: Store, consultation: Consultation, expected: int | None = None, **plan) -> int:
    return store.apply(ImportPlan({}, consultations=(consultation,),
                                  expected={("consultations", consultation.id): expected}, **plan))


@pytest.fixture
def pool(store: Store) -> Store:
    import_document(json.dumps(small_document()), store)
    return store


def test_a_consultation_comes_back_as_saved_with_its_version(pool):
    revision = _save(pool, _consultation())
    assert pool.revision() == revision
    assert pool.consultation("c-1") == replace(_consultation(), version=revision)
    assert pool.consultation("c-2") is None


def test_a_consultation_saved_from_an_old_version_is_refused(pool):
    first = _save(pool, _consultation())
    with pytest.raises(Conflict):
        _save(pool, _consultation(state="gesloten"))  # "must not exist yet"
    second = _save(pool, _consultation(state="gesloten"), first)
    with pytest.raises(Conflict):
        _save(pool, _consultation(need="iets anders"), first)
    assert pool.consultation("c-1").state == "gesloten"
    assert pool.consultation("c-1").version == second == pool.revision()


def test_consultations_are_found_by_person_team_state_and_time(pool):
    _save(pool, _consultation())
    _save(pool, _consultation(id="c-2", via="tr-west", model="triage", opened=NOW + timedelta(days=1),
                              asks=(), bookings=(), steps=()))
    _save(pool, _consultation(id="c-3", state="gesloten", opened=NOW - timedelta(days=30), asks=(),
                              bookings=()))
    assert [c.id for c in pool.consultations()] == ["c-3", "c-1", "c-2"]
    assert [c.id for c in pool.consultations(open_only=True)] == ["c-1", "c-2"]
    assert [c.id for c in pool.consultations(person="p-anna")] == ["c-3", "c-1"]  # c-3: a step of hers
    assert [c.id for c in pool.consultations(team="tr-west")] == ["c-2"]
    assert [c.id for c in pool.consultations(team="wt-zuidoost", since=NOW, until=NOW + timedelta(days=1))] \
        == ["c-1"]


def test_hours_on_open_consultations_count_and_closing_moves_them_into_the_case(pool):
    assert pool.hours_booked(["p-anna"], *HALF) == {"p-anna": 6.5}  # the small pool's cases
    first = _save(pool, _consultation())
    assert pool.hours_booked(["p-anna", "p-bram"], *HALF) == {"p-anna": 9.0, "p-bram": 0.0}
    assert pool.hours_booked(["p-anna"], date(2026, 11, 18), date(2026, 11, 30)) == {"p-anna": 0.0}
    case = Case(id="case-x", opened=date(2026, 11, 17), closed=date(2026, 11, 20), team="wt-zuidoost",
                areas=("dementie",), participants=(Participation(professional="p-bram", role="regie"),
                                                   Participation(professional="p-anna", hours=2.5)))
    pool.apply(ImportPlan({"cases": (case,)}, consultations=(_consultation(state="gesloten", case="case-x"),),
                          expected={("consultations", "c-1"): first, ("cases", "case-x"): None}))
    assert pool.hours_booked(["p-anna"], *HALF) == {"p-anna": 9.0}
    assert pool.get("cases", "case-x") == case


def test_closing_with_a_case_that_cannot_be_written_saves_nothing(pool):
    first = _save(pool, _consultation())
    dangling = Case(id="case-x", opened=date(2026, 11, 17), areas=("onbekend",),
                    participants=(Participation(professional="p-anna"),))
    with pytest.raises(Conflict):
        pool.apply(ImportPlan({"cases": (dangling,)},
                              consultations=(_consultation(state="gesloten"),),
                              expected={("consultations", "c-1"): first, ("cases", "case-x"): None}))
    assert pool.consultation("c-1").state == "lopend"
    assert pool.get("cases", "case-x") is None


def test_another_process_sees_consultations_and_their_hours_at_once(pool):
    other = another_process(pool)
    try:
        assert other.hours_booked(["p-anna"], *HALF) == {"p-anna": 6.5}
        revision = _save(pool, _consultation())
        assert other.consultation("c-1").version == revision
        assert other.hours_booked(["p-anna"], *HALF) == {"p-anna": 9.0}
    finally:
        other.close()


def test_notices_are_newest_first_and_reading_them_changes_no_revision(pool):
    notices = tuple(Notice(professional="p-anna", at=NOW + timedelta(minutes=i), consultation="c-1",
                           what=what) for i, what in enumerate(("gevraagd", "antwoord", "gesloten")))
    _save(pool, _consultation(), notices=notices)
    found = pool.notices("p-anna")
    assert [(n.what, n.read) for n in found] == [("gesloten", False), ("antwoord", False),
                                                 ("gevraagd", False)]
    assert found[0].at == NOW + timedelta(minutes=2)
    assert pool.notices("p-bram") == []
    revision = pool.revision()
    pool.mark_notices_read("p-anna", found[1].seq)
    assert pool.revision() == revision
    assert [n.what for n in pool.notices("p-anna", unread_only=True)] == ["gesloten"]
    assert len(pool.notices("p-anna", limit=2)) == 2


def test_meeting_schedules_are_kept_per_team(pool):
    schedule = MeetingSchedule(team="kt-zuidoost", first=date(2026, 11, 3), every_weeks=1,
                               time="13:00", chair="p-anna", place="wijkcentrum")
    pool.apply(ImportPlan({}, schedules=(schedule,)))
    assert pool.schedules() == [schedule]
    pool.apply(ImportPlan({}, schedules=(replace(schedule, every_weeks=2),)))
    assert [s.every_weeks for s in pool.schedules()] == [2]


def test_erasing_a_person_leaves_no_trace_of_them_in_consultations(pool):
    _save(pool, _consultation(), notices=(Notice(professional="p-anna", at=NOW, consultation="c-1",
                                                 what="gevraagd"),))
    pool.apply(ImportPlan({}, schedules=(MeetingSchedule(team="kt-zuidoost", first=date(2026, 11, 3),
                                                         chair="p-anna"),)))
    pool.apply(ImportPlan({}, erasures=(Erasure("p-anna", "p-gewist-1", ("anna",)),)))
    c = pool.consultation("c-1")
    text = json.dumps([c.asks, c.bookings, c.steps], default=str)
    assert "p-anna" not in text and "'anna'" not in text and "anna" not in c.people
    assert c.people == ("p-bram", "p-gewist-1")
    assert c.hours_of("p-gewist-1") == 2.5
    assert pool.consultations(person="p-anna") == []
    assert pool.notices("p-anna") == []
    assert pool.schedules()[0].chair == "p-gewist-1"


def test_a_merge_moves_consultations_to_the_person_kept(pool):
    _save(pool, _consultation())
    pool.apply(ImportPlan({}, relink={"p-anna": "p-cees"}))
    assert pool.consultation("c-1").people == ("p-bram", "p-cees")
    assert [c.id for c in pool.consultations(person="p-cees")] == ["c-1"]


def test_another_process_sees_the_hours_of_cases_written_changed_and_deleted(pool):
    """The Neo4j store keeps everyone's hours per process and reads again only
    the people a write changed: each step must show in the other process."""
    other = another_process(pool)
    people = ["p-anna", "p-bram", "p-cees"]
    try:
        assert other.hours_booked(people, *HALF) == {"p-anna": 6.5, "p-bram": 0.0, "p-cees": 0.0}
        case = Case(id="case-new", opened=date(2026, 11, 2), closed=date(2026, 11, 20), areas=("dementie",),
                    participants=(Participation("p-anna", "specialist", 2.0),
                                  Participation("p-bram", "regie", 1.5)))
        pool.apply(ImportPlan({"cases": (case,)}))
        assert other.hours_booked(people, *HALF) == {"p-anna": 8.5, "p-bram": 1.5, "p-cees": 0.0}
        moved = replace(case, participants=(Participation("p-anna", "specialist", 4.0),
                                            Participation("p-cees", "regie", 0.5)))
        pool.apply(ImportPlan({"cases": (moved,)}))
        assert other.hours_booked(people, *HALF) == {"p-anna": 10.5, "p-bram": 0.0, "p-cees": 0.5}
        pool.apply(ImportPlan({}, deletes={"cases": ("case-new",)}))
        assert other.hours_booked(people, *HALF) == {"p-anna": 6.5, "p-bram": 0.0, "p-cees": 0.0}
        assert pool.hours_booked(people, *HALF) == other.hours_booked(people, *HALF)
    finally:
        other.close()


def test_a_notice_number_is_never_given_twice(pool):
    """Reading notices marks them read up to a number: a number given again
    after notices went (an erasure) would be read before it was shown."""
    _save(pool, _consultation(), notices=(Notice(professional="p-anna", at=NOW, consultation="c-1",
                                                 what="gevraagd"),))
    first = pool.notices("p-anna")[0].seq
    pool.apply(ImportPlan({}, erasures=(Erasure("p-anna", "p-gewist-1"),)))
    pool.apply(ImportPlan({}, notices=(Notice(professional="p-bram", at=NOW, consultation="c-1",
                                              what="antwoord"),)))
    assert pool.notices("p-bram")[0].seq > first

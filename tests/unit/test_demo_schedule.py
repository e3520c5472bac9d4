"""The demo's expertiseteam has a meeting schedule, so the expertiseteam flow
works in the demo: a request sent to the kernteam lands on its next meeting
and the chair (the demo specialist) assigns a colleague there."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from directory.consultations import service as consult
from directory.pool.demo import DEMO_CHAIR, DEMO_TEAM, demo_schedule, load_demo
from directory.ports import Store
from tests.conftest import DEMO_TODAY


def test_the_kernteam_zuidoost_meets_weekly_on_tuesday_at_13_chaired_by_p_0046(demo_store: Store):
    schedule = consult.schedule_of(demo_store, DEMO_TEAM)
    assert schedule is not None
    assert (schedule.every_weeks, schedule.time, schedule.chair) == (1, "13:00", DEMO_CHAIR)
    assert schedule.first.weekday() == 1  # Tuesday
    assert timedelta(0) <= DEMO_TODAY - schedule.first < timedelta(days=7)  # a recent Tuesday


def test_the_first_meeting_is_the_latest_tuesday_up_to_the_day_the_demo_is_loaded_for():
    assert demo_schedule(date(2026, 11, 17)).first == date(2026, 11, 17)  # a Tuesday itself
    assert demo_schedule(date(2026, 11, 16)).first == date(2026, 11, 10)  # Monday
    assert demo_schedule(date(2026, 11, 22)).first == date(2026, 11, 17)  # Sunday


def test_a_request_to_the_kernteam_is_on_the_next_tuesday_and_the_chair_assigns(demo_copy: Store):
    demo_store = demo_copy
    worker, chair = demo_store.get_user("wijkwerker"), demo_store.get_user("specialist")
    assert worker is not None and chair is not None and chair.professional == DEMO_CHAIR
    now = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)  # a Wednesday
    done = consult.file_request(demo_store, {"need": "vergeet steeds de afspraken", "areas": ["dementie"],
                                             "via": DEMO_TEAM}, by=worker, now=now)
    filed = done.consultation
    assert (filed.model, filed.state, filed.meeting) == ("expertiseteam", "geagendeerd", date(2026, 11, 24))
    assert filed in consult.agenda(demo_store, DEMO_TEAM, date(2026, 11, 24), by=chair)
    assigned = consult.assign(demo_store, filed.id, ["p-0059"], by=chair, version=filed.version,
                              now=now + timedelta(days=6)).consultation
    assert assigned.state == "lopend" and assigned.ask_of("p-0059").status == "geaccepteerd"


def test_loading_the_demo_again_keeps_a_schedule_a_coordinator_changed(tmp_path):
    from graph.stores import open_store

    store = open_store(f"sqlite:///{tmp_path / 'demo.db'}", create=True)
    try:
        load_demo(store, today=DEMO_TODAY)
        coordinator = store.get_user("coordinator")
        consult.set_schedule(store, {"team": DEMO_TEAM, "first": "2026-11-12", "every_weeks": 2,
                                     "chair": "p-0059"}, by=coordinator)
        revision = store.revision()
        load_demo(store, today=DEMO_TODAY)  # same day: nothing to change at all
        assert store.revision() == revision
        load_demo(store, today=DEMO_TODAY + timedelta(days=30))  # dates move, the schedule stays
        kept = consult.schedule_of(store, DEMO_TEAM)
        assert (kept.first, kept.every_weeks, kept.chair) == (date(2026, 11, 12), 2, "p-0059")
    finally:
        store.close()

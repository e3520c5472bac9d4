"""Retention (``directory.pool.retention``): the free text of consultations and
cases closed longer ago than the period goes; the statistics stay; one
transaction, one audit entry that only counts."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date

import pytest

from directory.accounts.roles import User
from directory.errors import Forbidden, InvalidInput
from directory.pool import retention
from directory.pool.model import Case
from tests.retention_pool import OLD_CASE_NOTES, OLD_TEXTS, RECENT_NEED, aged_pool, at


@pytest.fixture
def aged(small_store):
    return small_store, aged_pool(small_store)


def everything(store) -> str:
    """Every consultation, case and audit entry, as text (to look for what must be gone)."""
    parts = [json.dumps(asdict(c), default=str) for c in store.consultations()]
    parts += [json.dumps(asdict(c), default=str) for c in store.iter_records("cases")]
    parts += [json.dumps(asdict(e), default=str) for e in store.audit_entries()]
    return "\n".join(parts)


def test_old_free_text_goes_and_the_statistics_stay(aged):
    store, ids = aged
    before = store.consultation(ids.old)
    case_before = store.get("cases", before.case)
    swept = retention.sweep(store, years=2, now=at("2026-03-06"))
    assert (swept.consultations, swept.cases, swept.before) == (2, 2, date(2024, 3, 6))
    after = store.consultation(ids.old)
    assert after.need is None and after.plan is None and after.lessons is None
    assert all(step.text is None for step in after.steps)
    assert all(ask.reason is None for ask in after.asks)
    # the statistics: dates, areas, wijk, age band, who took part, hours, outcome, the steps taken
    for name in ("opened", "closed", "first_answer", "areas", "wijk", "age_band", "question", "model",
                 "state", "outcome", "bookings", "case", "lead", "team", "consent"):
        assert getattr(after, name) == getattr(before, name), name
    assert [(s.action, s.at, s.by, s.professional) for s in after.steps] == \
        [(s.action, s.at, s.by, s.professional) for s in before.steps]
    assert [(a.professional, a.status, a.at) for a in after.asks] == \
        [(a.professional, a.status, a.at) for a in before.asks]
    case_after = store.get("cases", before.case)
    assert isinstance(case_after, Case) and case_before.notes == OLD_TEXTS[5] and case_after.notes is None
    assert case_after == Case(**{**asdict(case_before), "notes": None,
                                 "participants": case_before.participants})
    assert store.get("cases", "c-old").notes is None
    withdrawn = store.consultation(ids.withdrawn)
    assert withdrawn.need is None and all(s.text is None for s in withdrawn.steps)
    text = everything(store)
    for gone in (*OLD_TEXTS, OLD_CASE_NOTES, "huishouden verhuisd", "hulp bij de administratie"):
        assert gone not in text, gone


def test_what_is_recent_or_still_open_keeps_its_text(aged):
    store, ids = aged
    retention.sweep(store, years=2, now=at("2026-03-06"))
    assert store.consultation(ids.recent).need == RECENT_NEED
    assert store.consultation(ids.recent).lessons == "Snel geschakeld"
    assert store.consultation(ids.still_open).need == "zorgen over geheugen"  # filed 2023, still open
    assert store.get("cases", "c-new").notes == "Recent: mantelzorger ontlast"
    recent_case = store.get("cases", store.consultation(ids.recent).case)
    assert recent_case.notes == "Snel geschakeld"


def test_one_audit_entry_that_only_counts(aged):
    store, _ = aged
    retention.sweep(store, years=2, now=at("2026-03-06"))
    [entry] = store.audit_entries(kind="retention")
    assert (entry.user, entry.action, entry.record) == ("(command line)", "remove_text", None)
    assert entry.after == {"years": 2, "closed_before": "2024-03-06", "consultations": 2, "cases": 2}


def test_the_period_edge_closed_exactly_two_years_ago_stays_until_the_next_day(aged):
    store, ids = aged
    on_the_day = retention.sweep(store, years=2, now=at("2026-03-05"))  # closed 2024-03-05
    assert (on_the_day.consultations, on_the_day.cases) == (1, 1)  # the withdrawn one and c-old only
    assert store.consultation(ids.old).need == OLD_TEXTS[0]
    assert store.consultation(ids.withdrawn).need is None
    next_day = retention.sweep(store, years=2, now=at("2026-03-06"))
    assert (next_day.consultations, next_day.cases) == (1, 1)
    assert store.consultation(ids.old).need is None


def test_a_longer_period_keeps_more(aged):
    store, ids = aged
    swept = retention.sweep(store, years=3, now=at("2026-06-01"))
    assert (swept.consultations, swept.cases) == (0, 1)  # only c-old, closed 2023-05-01
    assert store.get("cases", "c-old").notes is None
    assert store.consultation(ids.old).need == OLD_TEXTS[0]


def test_a_dry_run_counts_and_changes_nothing(aged):
    store, ids = aged
    revision, text = store.revision(), everything(store)
    swept = retention.sweep(store, years=2, now=at("2026-03-06"), dry_run=True)
    assert (swept.consultations, swept.cases, swept.dry_run) == (2, 2, True)
    assert store.revision() == revision and everything(store) == text
    assert store.audit_entries(kind="retention") == []


def test_a_second_run_finds_nothing_and_writes_nothing(aged):
    store, _ = aged
    retention.sweep(store, years=2, now=at("2026-03-06"))
    revision = store.revision()
    again = retention.sweep(store, years=2, now=at("2026-03-07"))
    assert (again.consultations, again.cases) == (0, 0)
    assert store.revision() == revision and len(store.audit_entries(kind="retention")) == 1


def test_only_a_coordinator_or_the_operator_may_run_it(aged):
    store, _ = aged
    revision = store.revision()
    with pytest.raises(Forbidden):
        retention.sweep(store, years=2, by=store.get_user("bram"), now=at("2026-03-06"))
    assert store.revision() == revision
    coordinator = User("co", "coordinator")
    assert retention.sweep(store, years=2, by=coordinator, now=at("2026-03-06")).consultations == 2
    assert store.audit_entries(kind="retention")[0].user == "co"


@pytest.mark.parametrize("bad", [0, -1, 101, "twee", "1.5", True])
def test_the_period_is_whole_years_from_1_to_100(bad):
    with pytest.raises(InvalidInput):
        retention.checked_years(bad)


def test_the_period_comes_from_the_environment_or_is_two_years():
    assert retention.years_from({}) == 2
    assert retention.years_from({"KERNTEAMDB_RETENTION_YEARS": "5"}) == 5
    with pytest.raises(InvalidInput):
        retention.years_from({"KERNTEAMDB_RETENTION_YEARS": "vijf"})

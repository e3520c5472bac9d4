"""Consultations through the service (``directory.consultations.service``) on the in-memory
fake of the consultation ports (``devkit.memory_store``): a request from
filing to the case it leaves, a step based on an old version refused, the
hours budget that warns and blocks, and the notices a step leaves. No store
file: these run in milliseconds, and the contract suite holds the fake to
what both stores do."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from devkit.memory_store import MemoryStore
from directory.accounts.roles import User
from directory.consultations import notices
from directory.consultations import service as consult
from directory.errors import Conflict
from directory.exchange.document import import_document
from directory.pool.model import Case
from tests.conftest import small_document

NOW = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)  # a Tuesday; the small pool's cases are in July, August
HALF = (date(2026, 7, 1), date(2026, 12, 31))
BRAM = User("bram", "wijkwerker", "p-bram")  # wijkteam Zuidoost: the regisseur
ANNA = User("anna", "specialist", "p-anna")  # kernteam Zuidoost, 40 hours, 6.5 booked
COORDINATOR = User("co", "coordinator", None)


@pytest.fixture
def fake() -> MemoryStore:
    store = MemoryStore()
    import_document(json.dumps(small_document()), store)
    return store


def later(minutes: int) -> datetime:
    return NOW + timedelta(minutes=minutes)


def file(store: MemoryStore, by: User = BRAM, **values: Any) -> consult.Done:
    values.setdefault("need", "meneer van 80 vergeet steeds de afspraken")
    values.setdefault("areas", ["dementie"])
    return consult.file_request(store, values, by=by, now=NOW)


def book_case(store: MemoryStore, hours: float) -> None:
    import_document(json.dumps({"format": "kernteamdb/1", "cases": [
        {"id": "c-busy", "opened": "2026-10-01", "closed": "2026-10-02", "areas": ["dementie"],
         "participants": [{"professional": "p-anna", "role": "specialist", "hours": hours}]}]}), store)


def test_a_request_to_a_specialist_runs_to_a_case_that_holds_its_hours(fake: MemoryStore):
    c = file(fake, specialist="p-anna").consultation
    assert (c.model, c.state, c.lead, c.team) == ("netwerk", "gevraagd", "p-bram", "wt-zuidoost")
    consult.accept(fake, c.id, by=ANNA, now=later(60))
    consult.book_hours(fake, c.id, "2,5", by=ANNA, now=later(120))
    assert fake.hours_booked(["p-anna"], *HALF) == {"p-anna": 9.0}  # the cases and the open booking
    closed = consult.close(fake, c.id, outcome="onbekend", by=BRAM, now=later(200)).consultation
    assert closed.state == "gesloten" and closed.case is not None
    case = fake.get("cases", closed.case)
    assert isinstance(case, Case)
    assert [(p.professional, p.role, p.hours) for p in case.participants] == [
        ("p-bram", "regie", None), ("p-anna", "specialist", 2.5)]
    assert fake.hours_booked(["p-anna"], *HALF) == {"p-anna": 9.0}  # now in the case, not twice
    assert [x.id for x in consult.visible(fake, by=BRAM)] == [c.id]


def test_a_step_from_an_old_version_is_refused_and_writes_nothing(fake: MemoryStore):
    c = file(fake, specialist="p-anna").consultation
    accepted = consult.accept(fake, c.id, by=ANNA, now=later(1)).consultation
    revision = fake.revision()
    with pytest.raises(Conflict, match="changed this consultation meanwhile"):
        consult.note(fake, c.id, "gebeld", by=BRAM, version=c.version, now=later(2))
    assert fake.revision() == revision
    assert consult.get(fake, c.id, by=BRAM).version == accepted.version
    noted = consult.note(fake, c.id, "gebeld", by=BRAM, version=accepted.version, now=later(2))
    assert noted.consultation.steps[-1].text == "gebeld"


def test_the_hours_budget_warns_from_80_percent(fake: MemoryStore):
    book_case(fake, 25.5)  # 6.5 + 25.5 = 32 of 40
    done = file(fake, specialist="p-anna")
    assert [w.line for w in done.warnings] == ["p-anna has used 32 of 40 hours this half-year (80%)"]
    assert consult.budgets(fake, ["p-anna"], NOW.date())["p-anna"].level == "warning"


def test_a_full_budget_blocks_a_request_unless_a_coordinator_gives_a_reason(fake: MemoryStore):
    book_case(fake, 33.5)  # 40 of 40
    revision = fake.revision()
    with pytest.raises(Conflict, match="no hours left"):
        file(fake, specialist="p-anna")
    assert fake.revision() == revision and fake.consultations() == []
    done = file(fake, by=COORDINATOR, lead="p-bram", specialist="p-anna",
                override="enige dementiespecialist in de wijk")
    assert ("budget-uitzondering", "p-anna", "co") in [
        (s.action, s.professional, s.by) for s in done.consultation.steps]


def test_hours_booked_on_an_open_request_count_against_the_budget(fake: MemoryStore):
    book_case(fake, 23.5)  # 30 of 40: no warning yet
    c = file(fake, specialist="p-anna").consultation
    consult.accept(fake, c.id, by=ANNA, now=later(1))
    done = consult.book_hours(fake, c.id, 2, by=ANNA, now=later(2))
    assert [w.line for w in done.warnings] == ["p-anna has used 32 of 40 hours this half-year (80%)"]


def test_a_step_leaves_notices_that_are_read_without_a_new_revision(fake: MemoryStore):
    c = file(fake, specialist="p-anna").consultation
    assert [(n.consultation, n.what) for n in notices.for_user(fake, by=ANNA)] == [(c.id, "gevraagd")]
    assert notices.unread(fake, by=ANNA) == 1
    consult.accept(fake, c.id, by=ANNA, now=later(1))
    assert [n.what for n in notices.for_user(fake, by=BRAM)] == ["geaccepteerd"]
    revision = fake.revision()
    consult.mark_read(fake, notices.for_user(fake, by=ANNA)[0].seq, by=ANNA)
    assert notices.unread(fake, by=ANNA) == 0 and notices.unread(fake, by=BRAM) == 1
    assert fake.revision() == revision

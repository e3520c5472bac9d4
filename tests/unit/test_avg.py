"""A professional's rights (AVG): everything stored about them, and erasure
that leaves the statistics as they were and nothing of the person behind —
not in the records, the audit trail, the accounts, another process's index,
the index snapshot, nor anywhere in the SQLite file or its write-ahead log."""

from __future__ import annotations

import json
import os
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from directory.accounts import users as accounts
from directory.accounts.roles import User
from directory.errors import Forbidden, NotFound
from directory.exchange.document import export_document
from directory.pool import avg
from directory.pool import maintain as pool
from graph.stores import open_store
from graph.stores.embedded import snapshot

COORDINATOR = User("carla", "coordinator")
ANNA = User("anna", "specialist", "p-anna")
IDENTIFYING = ("Anna de Vries", "anna@example.org", "anna.devries@example.org", "06-00000001",
               "Casemanager in Zuidoost", "p-anna")


def statistics(store) -> tuple:
    """What the half-year evaluation counts: cases per area and per team,
    participations per role, hours in all (by whoever)."""
    cases = list(store.iter_records("cases"))
    per_area = Counter(a for c in cases for a in c.areas)
    per_team = Counter(c.team for c in cases)
    roles = Counter(p.role for c in cases for p in c.participants)
    hours = sum(p.hours or 0 for c in cases for p in c.participants)
    people = [p.id for p in store.iter_records("professionals")]
    booked = sum(store.hours_booked(people, date(2026, 1, 1), date(2026, 12, 31)).values())
    return per_area, per_team, roles, hours, booked, len(cases)


@pytest.fixture
def anna_known(small_store):
    """Anna with a history: an account, a token, a changed e-mail address, a bio,
    someone who knows her and sign-ins in the audit trail."""
    small_store.add_user(User("anna", "specialist", "p-anna", "h", datetime.now(UTC)))
    accounts.create_token(small_store, "anna")
    pool.edit(small_store, "professionals", "p-anna", {"email": "anna.devries@example.org",
                                                        "bio": "Casemanager in Zuidoost"},
              version=None, by=ANNA)
    pool.edit(small_store, "professionals", "p-cees", {"knows": ["p-anna", "p-eva"]}, version=None,
              by=COORDINATOR)
    return small_store


def test_a_professional_downloads_everything_stored_about_them(anna_known):
    data = avg.export_person(anna_known, "p-anna", by=ANNA)
    assert data["professional"]["email"] == "anna.devries@example.org"
    assert data["organisation"] == {"id": "org-vivent", "name": "Vivent"}
    assert data["teams"] == [{"id": "kt-zuidoost", "name": "Kernteam Zuidoost"}]
    assert [a["name"] for a in data["accounts"]] == ["anna"]
    assert data["cases"]["count"] == 2 and data["cases"]["hours"] == 6.5
    assert data["cases"]["by_area"] == {"dementie": 2, "schulden": 1}
    assert data["cases"]["participations"][0] == {
        "opened": "2026-07-03", "closed": "2026-07-20", "areas": ["dementie"], "team": "wt-zuidoost",
        "role": "specialist", "hours": 2.5}
    assert [e["action"] for e in data["audit"]][-1] == "update"
    assert "create_token" in [e["action"] for e in data["audit"]]
    text = json.dumps({k: v for k, v in data.items() if k not in ("professional", "audit")})
    assert "p-bram" not in text and "Bram" not in json.dumps(data)  # nobody else's data
    assert "p-bram" in data["professional"]["knows"]  # whom she knows is part of her own profile
    assert "token" not in json.dumps(data["accounts"]) and "kt_" not in text
    assert anna_known.audit_entries()[-1].action == "export"


def test_only_the_person_or_a_coordinator_may_download_it(anna_known):
    with pytest.raises(Forbidden, match="may export only their own data"):
        avg.export_person(anna_known, "p-cees", by=ANNA)
    with pytest.raises(NotFound):
        avg.export_person(anna_known, "p-nobody", by=COORDINATOR)
    assert avg.export_person(anna_known, "p-cees", by=COORDINATOR)["professional"]["id"] == "p-cees"


def test_erasure_keeps_the_statistics_and_hands_the_cases_to_an_anonymous_participant(anna_known):
    before = statistics(anna_known)
    roles = [(p.role, p.hours) for p in anna_known.get("cases", "c-0002").participants]
    replacement = avg.erase_person(anna_known, "p-anna", by=COORDINATOR)
    assert replacement.startswith("anon-") and len(replacement) == len("anon-") + 16
    assert statistics(anna_known) == before
    assert [(p.role, p.hours) for p in anna_known.get("cases", "c-0002").participants] == roles
    assert [p.professional for p in anna_known.get("cases", "c-0002").participants] == ["p-bram", replacement]
    stand_in = anna_known.get("professionals", replacement)
    assert (stand_in.name, stand_in.active, stand_in.email, stand_in.organisation) == (
        avg.ANON_NAME, False, None, None)
    assert anna_known.get("professionals", "p-anna") is None
    assert anna_known.get("professionals", "p-cees").knows == ("p-eva",)
    assert anna_known.get_user("anna") is None
    exported = export_document(anna_known)
    assert not [word for word in IDENTIFYING if word in exported]
    trail = json.dumps([(e.user, e.record, e.before, e.after) for e in anna_known.audit_entries()])
    assert not [word for word in IDENTIFYING if word in trail]
    assert "(erased user)" in trail and replacement in trail


def test_someone_without_cases_is_simply_removed(small_store):
    count = small_store.count("professionals")
    avg.erase_person(small_store, "p-cees", by=COORDINATOR)
    assert small_store.count("professionals") == count - 1  # no stand-in needed


def _leftovers(path: str) -> dict[str, list[str]]:
    found = {}
    for suffix in ("", "-wal", snapshot.SUFFIX):
        if os.path.exists(path + suffix):
            data = Path(path + suffix).read_bytes()
            found[suffix or "db"] = [w for w in IDENTIFYING if w.encode() in data]
    return found


def test_nothing_of_the_person_stays_in_the_file_the_log_or_the_snapshot(anna_known, monkeypatch):
    monkeypatch.setattr(snapshot, "MIN_CASES", 1)
    path, url = anna_known.file, anna_known.url
    other = open_store(url)  # another process, whose index holds Anna
    assert other.get("professionals", "p-anna") is not None
    anna_known.close()  # leaves a snapshot with Anna in it
    assert "Anna de Vries" in _leftovers(path)[snapshot.SUFFIX]  # so the check below can fail
    store = open_store(url)
    avg.erase_person(store, "p-anna", by=COORDINATOR)
    assert other.get("professionals", "p-anna") is None  # the other process sees it at once
    assert {place: words for place, words in _leftovers(path).items() if words} == {}
    other.close()  # catches up before it writes its snapshot
    store.close()
    assert os.path.exists(path + snapshot.SUFFIX)
    assert {place: words for place, words in _leftovers(path).items() if words} == {}
    reopened = open_store(url)
    try:
        assert reopened.get("professionals", "p-anna") is None
        assert reopened.path("p-bram", "p-eva").ids is not None
    finally:
        reopened.close()


def test_a_snapshot_older_than_an_erasure_is_never_loaded(anna_known, monkeypatch):
    monkeypatch.setattr(snapshot, "MIN_CASES", 1)
    path, url = anna_known.file, anna_known.url
    anna_known.close()
    old = Path(path + snapshot.SUFFIX).read_bytes()
    store = open_store(url)
    avg.erase_person(store, "p-anna", by=COORDINATOR)
    store._conn.close()  # ends without a new snapshot
    Path(path + snapshot.SUFFIX).write_bytes(old)  # e.g. written by a process racing the erasure
    reopened = open_store(url)
    try:
        assert reopened.get("professionals", "p-anna") is None
        assert not os.path.exists(path + snapshot.SUFFIX)  # refused and removed
    finally:
        reopened.close()

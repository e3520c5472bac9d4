"""Maintaining the pool (``directory.pool.maintain``) on the in-memory fake of the pool
ports (``devkit.memory_store``): a record created, edited, retired and
reactivated as a coordinator sees it, and an edit based on a version someone
else already changed refused with nothing changed. No store file: these run in
milliseconds, and the contract suite holds the fake to what both stores do."""

from __future__ import annotations

import json

import pytest

from devkit.memory_store import MemoryStore
from directory.accounts.roles import User
from directory.errors import Conflict, InvalidInput
from directory.exchange.document import import_document
from directory.pool import maintain as pool
from directory.pool.model import Professional
from tests.conftest import small_document

CARLA = User("carla", "coordinator")
COR = User("cor", "coordinator")


@pytest.fixture
def fake() -> MemoryStore:
    store = MemoryStore()
    import_document(json.dumps(small_document()), store)
    return store


def everything(store: MemoryStore) -> tuple[object, ...]:
    """What a refused change must leave as it was."""
    return store.revision(), store.records_at_one_revision(), store.audit_entries()


def test_a_new_team_gets_an_id_a_version_and_an_audit_entry(fake: MemoryStore):
    saved = pool.create(fake, "teams", {"name": "Wijkteam Noord", "kind": "wijkteam", "wijk": "Noord"},
                        by=CARLA)
    team_id = saved.record.id
    assert team_id.startswith("team-") and saved.active
    assert fake.get("teams", team_id) == saved.record
    assert saved.version == fake.versions("teams", [team_id])[team_id] == fake.revision()
    entry = fake.audit_entries()[-1]
    assert (entry.user, entry.kind, entry.record, entry.action, entry.before) == (
        "carla", "teams", team_id, "create", None)
    assert entry.after is not None and entry.after["name"] == "Wijkteam Noord"


def test_an_area_that_does_not_exist_is_refused_by_field(fake: MemoryStore):
    before = everything(fake)
    with pytest.raises(InvalidInput) as refused:
        pool.create(fake, "professionals",
                    {"name": "Fatima", "expertise": [{"area": "dementia", "level": 2}]}, by=CARLA)
    assert refused.value.details == ["expertise[0].area: unknown expertise area 'dementia'"]
    assert everything(fake) == before


def test_the_second_of_two_edits_from_the_same_version_is_refused_and_changes_nothing(fake: MemoryStore):
    seen = fake.versions("professionals", ["p-anna"])["p-anna"]
    first = pool.edit(fake, "professionals", "p-anna", {"bio": "Casemanager sinds 2015"}, version=seen,
                      by=CARLA)
    before = everything(fake)
    with pytest.raises(Conflict, match="someone else changed this meanwhile") as refused:
        pool.edit(fake, "professionals", "p-anna", {"phone": None}, version=seen, by=COR)
    assert refused.value.details == [
        f"professionals/p-anna: version {seen} is no longer current (now {first.version})"]
    assert everything(fake) == before
    again = pool.edit(fake, "professionals", "p-anna", {"phone": None}, version=first.version, by=COR)
    assert (again.record.bio, again.record.phone) == ("Casemanager sinds 2015", None)


def test_a_team_is_retired_and_reactivated_from_its_current_version_only(fake: MemoryStore):
    seen = fake.versions("teams", ["kt-zuidoost"])["kt-zuidoost"]
    retired = pool.retire(fake, "teams", "kt-zuidoost", by=CARLA, version=seen)
    assert not retired.active and retired.version > seen
    assert fake.inactive("teams") == {"kt-zuidoost"}
    assert fake.get("teams", "kt-zuidoost") is not None  # kept, with its history
    with pytest.raises(Conflict):
        pool.reactivate(fake, "teams", "kt-zuidoost", by=CARLA, version=seen)
    assert pool.reactivate(fake, "teams", "kt-zuidoost", by=CARLA, version=retired.version).active
    assert fake.inactive("teams") == frozenset()
    assert [e.action for e in fake.audit_entries()[-2:]] == ["retire", "reactivate"]


def test_a_retired_professional_is_kept_but_no_longer_active(fake: MemoryStore):
    saved = pool.retire(fake, "professionals", "p-cees", by=CARLA)
    assert not saved.active
    cees = fake.get("professionals", "p-cees")
    assert isinstance(cees, Professional) and not cees.active

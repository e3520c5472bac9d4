"""Maintaining the pool (``directory.pool.maintain``): what a coordinator and a specialist
see happen, every bad input refused by field with nothing changed, the
second of two concurrent edits refused, and each change in the audit trail."""

from __future__ import annotations

from datetime import date

import pytest

from directory.accounts.roles import User
from directory.errors import Conflict, Forbidden, InvalidInput, NotFound
from directory.exchange.document import export_document
from directory.pool import maintain as pool

COORDINATOR = User("carla", "coordinator")
OTHER_COORDINATOR = User("cor", "coordinator")
ANNA = User("anna", "specialist", "p-anna")
TODAY = date(2026, 11, 16)


def unchanged(store):
    """A snapshot of everything a failed change must leave as it was."""
    return store.revision(), export_document(store), store.audit_entries()


def last_entry(store):
    return store.audit_entries()[-1]


def test_a_coordinator_adds_a_professional_who_gets_an_id(small_store):
    saved = pool.create(small_store, "professionals", {
        "name": "Fatima el Amrani", "role": "schuldhulpverlener", "organisation": "org-gemeente",
        "expertise": [{"area": "schulden", "level": 3}], "email": "fatima@example.org"}, by=COORDINATOR)
    assert saved.record.id.startswith("p-") and saved.active
    assert small_store.get("professionals", saved.record.id).name == "Fatima el Amrani"
    assert small_store.claims(["schulden"])[saved.record.id] == {"schulden": 3}
    assert saved.version == small_store.versions("professionals", [saved.record.id])[saved.record.id]
    entry = last_entry(small_store)
    assert (entry.user, entry.kind, entry.record, entry.action) == (
        "carla", "professionals", saved.record.id, "create")
    assert entry.before is None and entry.after["email"] == "fatima@example.org"


def test_bad_values_are_refused_field_by_field_and_change_nothing(small_store):
    before = unchanged(small_store)
    with pytest.raises(InvalidInput) as refused:
        pool.create(small_store, "professionals", {
            "name": "", "email": "geen adres", "organisation": "org-nobody",
            "expertise": [{"area": "dementia", "level": 4}], "colour": "blauw"}, by=COORDINATOR)
    assert refused.value.message == "the professional has 6 problem(s); nothing was changed"
    assert refused.value.details == [
        "colour: unknown key",
        "email: not an e-mail address",
        "expertise[0].area: unknown expertise area 'dementia'",
        "expertise[0].level: Input should be less than or equal to 3",
        "name: String should have at least 1 character",
        "organisation: unknown organisation 'org-nobody'",
    ]
    for bad in ("not an object", ["a", "list"], None):
        with pytest.raises(InvalidInput, match="must be an object"):
            pool.create(small_store, "teams", bad, by=COORDINATOR)
    assert unchanged(small_store) == before


def test_a_record_id_is_taken_once(small_store):
    with pytest.raises(Conflict, match="team 'kt-zuidoost' already exists"):
        pool.create(small_store, "teams", {"id": "kt-zuidoost", "name": "Nog een"}, by=COORDINATOR)


def test_an_edit_changes_only_the_named_fields_and_null_empties_one(small_store):
    version = small_store.versions("professionals", ["p-anna"])["p-anna"]
    saved = pool.edit(small_store, "professionals", "p-anna",
                      {"bio": "Casemanager sinds 2015", "phone": None}, version=version, by=COORDINATOR)
    anna = small_store.get("professionals", "p-anna")
    assert anna.bio == "Casemanager sinds 2015" and anna.phone is None
    assert anna.email == "anna@example.org" and anna.expertise == saved.record.expertise
    assert saved.version > version
    entry = last_entry(small_store)
    assert entry.action == "update" and entry.before["phone"] == "06-00000001"
    assert "phone" not in entry.after and entry.after["bio"] == "Casemanager sinds 2015"


@pytest.mark.parametrize(("changes", "detail"), [
    ({"id": "p-other"}, "id: stays 'p-anna' (make a new record instead)"),
    ({"knows": ["p-anna"]}, "knows: a professional cannot know themselves"),
    ({"hours_per_half_year": -1}, "hours_per_half_year: Input should be greater than or equal to 0"),
    ({"teams": ["kt-zuidoost", "kt-zuidoost"]}, "teams[1]: 'kt-zuidoost' is listed twice"),
])
def test_an_edit_that_breaks_a_rule_changes_nothing(small_store, changes, detail):
    before = unchanged(small_store)
    with pytest.raises(InvalidInput) as refused:
        pool.edit(small_store, "professionals", "p-anna", changes, version=None, by=COORDINATOR)
    assert detail in refused.value.details
    assert unchanged(small_store) == before


def test_two_coordinators_edit_the_same_profile_and_the_second_is_refused(small_store):
    version = small_store.versions("professionals", ["p-cees"])["p-cees"]  # both open the form
    pool.edit(small_store, "professionals", "p-cees", {"phone": "06-11111111"}, version=version,
              by=COORDINATOR)
    before = unchanged(small_store)
    with pytest.raises(Conflict) as refused:
        pool.edit(small_store, "professionals", "p-cees", {"bio": "Andere tekst"}, version=version,
                  by=OTHER_COORDINATOR)
    assert "someone else changed this meanwhile" in refused.value.message
    assert refused.value.details == [
        f"professionals/p-cees: version {version} is no longer current (now {before[0]})"]
    assert unchanged(small_store) == before
    assert small_store.get("professionals", "p-cees").phone == "06-11111111"  # nothing lost


def test_a_specialist_keeps_their_own_profile_and_thereby_confirms_it(small_store):
    pool.edit(small_store, "professionals", "p-anna", {
        "expertise": [{"area": "dementie", "level": 3}, {"area": "nah", "level": 1}],
        "wijken": ["Zuidoost", "West"], "hours_per_half_year": 32, "bio": "Ook NAH"},
        version=None, by=ANNA, today=TODAY)
    anna = small_store.get("professionals", "p-anna")
    assert anna.hours_per_half_year == 32 and anna.confirmed == TODAY
    assert small_store.claims(["nah"])["p-anna"] == {"nah": 1}
    assert last_entry(small_store).user == "anna"


def test_a_specialist_may_not_change_what_is_the_coordinators(small_store):
    before = unchanged(small_store)
    with pytest.raises(Forbidden) as refused:
        pool.edit(small_store, "professionals", "p-anna", {"name": "Anna", "teams": [], "bio": "x"},
                  version=None, by=ANNA)
    assert refused.value.details == ["name: only a coordinator may change this",
                                     "teams: only a coordinator may change this"]
    with pytest.raises(Forbidden, match="a specialist may change only their own profile"):
        pool.edit(small_store, "professionals", "p-cees", {"bio": "x"}, version=None, by=ANNA)
    with pytest.raises(InvalidInput) as typo:  # a typo is a typo, not a question of rights
        pool.edit(small_store, "professionals", "p-anna", {"boi": "x"}, version=None, by=ANNA)
    assert typo.value.details == ["boi: unknown key"]
    assert unchanged(small_store) == before


def test_confirming_sets_the_date_in_one_call(small_store):
    saved = pool.confirm(small_store, "p-anna", by=ANNA, today=TODAY)
    assert saved.record.confirmed == TODAY == small_store.get("professionals", "p-anna").confirmed
    entry = last_entry(small_store)
    assert entry.action == "confirm" and entry.after["confirmed"] == "2026-11-16"
    revision = small_store.revision()
    pool.confirm(small_store, "p-anna", by=ANNA, today=TODAY)  # again the same day: nothing to write
    assert small_store.revision() == revision


def test_a_retired_professional_leaves_search_and_comes_back(small_store):
    pool.retire(small_store, "professionals", "p-cees", by=COORDINATOR)
    assert "p-cees" not in small_store.claims(["dementie"])
    assert last_entry(small_store).action == "retire"
    saved = pool.reactivate(small_store, "professionals", "p-cees", by=COORDINATOR)
    assert saved.active and "p-cees" in small_store.claims(["dementie"])
    assert last_entry(small_store).action == "reactivate"


def test_organisations_and_teams_are_retired_beside_their_record(small_store):
    saved = pool.retire(small_store, "organisations", "org-cafe", by=COORDINATOR)
    assert not saved.active and small_store.inactive("organisations") == {"org-cafe"}
    entry = last_entry(small_store)
    assert (entry.kind, entry.record, entry.action, entry.before, entry.after) == (
        "organisations", "org-cafe", "retire", {"active": True}, {"active": False})
    exported = export_document(small_store)
    assert '"active"' not in exported.split('"organisations"')[1].split('"teams"')[0]  # format unchanged
    revision = small_store.revision()
    pool.retire(small_store, "organisations", "org-cafe", by=COORDINATOR)  # already: nothing happens
    assert small_store.revision() == revision
    assert pool.reactivate(small_store, "organisations", "org-cafe", by=COORDINATOR).active
    with pytest.raises(NotFound, match="no such list 'expertise'"):
        pool.retire(small_store, "expertise", "nah", by=COORDINATOR)


def test_a_record_in_use_is_not_deleted_but_says_what_uses_it(small_store):
    before = unchanged(small_store)
    with pytest.raises(Conflict) as refused:
        pool.delete(small_store, "teams", "wt-zuidoost", by=COORDINATOR)
    assert refused.value.message == "team 'wt-zuidoost' is still in use; retire it instead"
    assert refused.value.details == ["professionals: p-bram, p-eva", "cases: c-0001, c-0002, c-0003"]
    with pytest.raises(Conflict, match="merge it into another area instead") as area:
        pool.delete(small_store, "expertise", "hersenen-cognitie", by=COORDINATOR)
    assert area.value.details == ["expertise: dementie, nah"]
    assert unchanged(small_store) == before


def test_an_unused_record_is_deleted_with_its_audit_entry(small_store):
    pool.delete(small_store, "organisations", "org-cafe", by=COORDINATOR)
    assert small_store.get("organisations", "org-cafe") is None
    entry = last_entry(small_store)
    assert (entry.action, entry.before["name"], entry.after) == ("delete", "Alzheimer Café", None)


def test_unknown_records_and_lists_are_not_found(small_store):
    with pytest.raises(NotFound, match="unknown professional 'p-nobody'"):
        pool.edit(small_store, "professionals", "p-nobody", {"bio": "x"}, version=None, by=COORDINATOR)
    with pytest.raises(NotFound, match="no such list 'cases'"):
        pool.create(small_store, "cases", {}, by=COORDINATOR)

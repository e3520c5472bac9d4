"""The Store contract for changes beyond writing records: versions and
conflicts, deletions every process sees, retired organisations and teams, and
the audit trail written in the same transaction.

Parametrised over the backends by the ``store`` fixture in conftest.py; a
second store opened on the same file stands for another process (it has its
own connection and its own in-memory index)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from directory.errors import Conflict, NotFound
from directory.exchange import export_document
from directory.model import Professional
from directory.ports import AuditEntry, ImportPlan, Store
from graph.stores import open_store, snapshot

NOW = datetime(2026, 11, 16, 12, 0, tzinfo=UTC)


def entry(action: str = "update", record: str = "p-anna", user: str = "coordinator",
          at: datetime = NOW, kind: str = "professionals") -> AuditEntry:
    return AuditEntry(at, user, kind, record, action, {"name": "voor"}, {"name": "na"})


@pytest.fixture
def other(small_store: Store):
    """The same store file opened a second time: another process."""
    opened = open_store(small_store.url)
    yield opened
    opened.close()


def renamed(store: Store, pid: str, name: str) -> Professional:
    return replace(store.get("professionals", pid), name=name)


# --- versions ------------------------------------------------------------------------------

def test_every_record_has_a_version_that_moves_when_it_is_written(small_store: Store):
    before = small_store.versions("professionals", ["p-anna", "p-bram", "p-nobody"])
    assert set(before) == {"p-anna", "p-bram"}
    small_store.apply(ImportPlan({"professionals": (renamed(small_store, "p-anna", "Anna V."),)}))
    after = small_store.versions("professionals", ["p-anna", "p-bram"])
    assert after["p-anna"] > before["p-anna"]
    assert after["p-bram"] == before["p-bram"]
    assert set(small_store.versions("expertise", ["dementie"])) == {"dementie"}


def test_a_change_based_on_a_stale_version_is_refused_and_changes_nothing(small_store: Store):
    seen = small_store.versions("professionals", ["p-anna"])["p-anna"]
    small_store.apply(ImportPlan({"professionals": (renamed(small_store, "p-anna", "Eerste"),)},
                                 expected={("professionals", "p-anna"): seen}))
    revision, trail = small_store.revision(), small_store.audit_entries()
    with pytest.raises(Conflict) as refused:
        small_store.apply(ImportPlan(
            {"professionals": (renamed(small_store, "p-anna", "Tweede"),)},
            expected={("professionals", "p-anna"): seen}, audit=(entry(),)))
    assert refused.value.details == [
        f"professionals/p-anna: version {seen} is no longer current (now {seen + 1})"]
    assert small_store.get("professionals", "p-anna").name == "Eerste"
    assert small_store.revision() == revision
    assert small_store.audit_entries() == trail  # the audit entry went with the refused change


def test_a_new_record_may_be_required_not_to_exist(small_store: Store):
    with pytest.raises(Conflict, match="someone else") as refused:
        small_store.apply(ImportPlan({"teams": ()}, expected={("teams", "kt-zuidoost"): None}))
    assert refused.value.details == ["teams/kt-zuidoost: team 'kt-zuidoost' already exists"]


def test_a_version_read_in_one_process_is_checked_in_another(small_store: Store, other: Store):
    seen = other.versions("professionals", ["p-anna"])["p-anna"]
    small_store.apply(ImportPlan({"professionals": (renamed(small_store, "p-anna", "Hier"),)}))
    with pytest.raises(Conflict):
        other.apply(ImportPlan({"professionals": (renamed(other, "p-anna", "Daar"),)},
                               expected={("professionals", "p-anna"): seen}))
    assert other.get("professionals", "p-anna").name == "Hier"


# --- deletions -------------------------------------------------------------------------------

def _remove_cees(store: Store) -> ImportPlan:
    """p-cees has no cases and nobody knows him: he can simply go."""
    return ImportPlan({}, deletes={"professionals": ("p-cees",)})


def test_a_deleted_record_is_gone_from_every_answer(small_store: Store):
    assert small_store.claims(["dementie"])["p-cees"] == {"dementie": 2}
    small_store.apply(_remove_cees(small_store))
    assert small_store.get("professionals", "p-cees") is None
    assert small_store.count("professionals") == 4
    assert "p-cees" not in [p.id for p in small_store.iter_records("professionals")]
    assert "p-cees" not in small_store.claims(["dementie"])
    assert "p-cees" not in small_store.versions("professionals", ["p-cees"])
    with pytest.raises(NotFound):
        small_store.path("p-anna", "p-cees")
    assert '"p-cees"' not in export_document(small_store)


def test_another_process_sees_the_deletion_and_a_record_made_again(small_store: Store, other: Store):
    assert other.get("professionals", "p-cees") is not None
    small_store.apply(_remove_cees(small_store))
    assert other.get("professionals", "p-cees") is None
    assert other.count("professionals") == 4
    assert "p-cees" not in other.claims(["dementie"])
    small_store.apply(ImportPlan({"professionals": (Professional(id="p-cees", name="Cees weer"),)}))
    assert other.get("professionals", "p-cees").name == "Cees weer"
    assert export_document(other) == export_document(small_store)


def test_a_deletion_that_would_leave_a_reference_dangling_is_refused_whole(small_store: Store):
    before = (small_store.revision(), export_document(small_store))
    cases_left = ImportPlan({}, deletes={"professionals": ("p-dina",)})  # p-dina is in c-0003
    known_by_anna = ImportPlan({}, deletes={"professionals": ("p-bram",)})
    team_with_members = ImportPlan({}, deletes={"teams": ("kt-zuidoost",)})
    area_in_cases = ImportPlan({}, deletes={"expertise": ("schulden",)})
    with pytest.raises(Conflict, match="case 'c-0003' still names professional 'p-dina'"):
        small_store.apply(cases_left)
    for plan in (known_by_anna, team_with_members, area_in_cases):
        with pytest.raises(Conflict, match="nothing was changed"):
            small_store.apply(plan)
    assert (small_store.revision(), export_document(small_store)) == before


def test_deleting_an_unknown_record_is_not_found(small_store: Store):
    with pytest.raises(NotFound, match="unknown team 'nope'"):
        small_store.apply(ImportPlan({}, deletes={"teams": ("nope",)}))


def test_an_index_snapshot_does_not_bring_a_deleted_record_back(small_store: Store, monkeypatch):
    if not small_store.url.startswith("sqlite:"):
        pytest.skip("index snapshots are the embedded store's (the Neo4j store keeps none)")
    monkeypatch.setattr(snapshot, "MIN_CASES", 1)
    url = small_store.url
    small_store.close()  # leaves a snapshot that holds p-cees
    writer = open_store(url)
    writer.apply(_remove_cees(writer))
    writer._conn.close()  # another process that ends without a newer snapshot
    reopened = open_store(url)
    try:
        assert reopened.get("professionals", "p-cees") is None
        assert "p-cees" not in reopened.claims(["dementie"])
    finally:
        reopened.close()


def test_cases_referring_to_a_person_an_area_or_a_team(small_store: Store):
    assert small_store.cases_referring("professionals", "p-anna") == ["c-0001", "c-0002"]
    assert small_store.cases_referring("expertise", "dementie") == ["c-0001", "c-0002"]
    assert small_store.cases_referring("teams", "wt-zuidoost") == ["c-0001", "c-0002", "c-0003"]
    assert small_store.cases_referring("professionals", "p-cees") == []


# --- retired organisations and teams ------------------------------------------------------------

def test_retiring_and_reactivating_a_team_moves_its_version(small_store: Store, other: Store):
    version = small_store.versions("teams", ["kt-zuidoost"])["kt-zuidoost"]
    small_store.apply(ImportPlan({}, active={("teams", "kt-zuidoost"): False}))
    assert small_store.inactive("teams") == {"kt-zuidoost"} == other.inactive("teams")
    assert small_store.versions("teams", ["kt-zuidoost"])["kt-zuidoost"] > version
    assert small_store.get("teams", "kt-zuidoost") is not None  # retired, not gone
    small_store.apply(ImportPlan({}, active={("teams", "kt-zuidoost"): True}))
    assert other.inactive("teams") == frozenset()


def test_retiring_an_unknown_organisation_is_not_found(small_store: Store):
    with pytest.raises(NotFound):
        small_store.apply(ImportPlan({}, active={("organisations", "nope"): False}))


# --- the audit trail -----------------------------------------------------------------------------

def test_audit_entries_are_written_with_the_change_and_read_back(small_store: Store, other: Store):
    earlier = len(small_store.audit_entries())  # those of the import that made the pool
    revision = small_store.apply(ImportPlan(
        {"professionals": (renamed(small_store, "p-anna", "Anna V."),)}, audit=(entry(),)))
    found = other.audit_entries(offset=earlier)
    assert len(found) == 1
    assert found[0] == replace(entry(), revision=revision, seq=found[0].seq)


def test_audit_entries_are_filtered_by_user_kind_record_and_period(store: Store):
    store.write_audit([
        entry("sign_in", "anna", "anna", NOW - timedelta(days=2), "signin"),
        entry("update", "p-anna", "coordinator", NOW - timedelta(days=1)),
        entry("update", "p-bram", "coordinator", NOW),
        entry("create", "kt-x", "admin", NOW, "teams"),
    ])

    def actions(**filters):
        return [(e.action, e.record) for e in store.audit_entries(**filters)]

    assert actions(user="coordinator") == [("update", "p-anna"), ("update", "p-bram")]
    assert actions(kind="teams") == [("create", "kt-x")]
    assert actions(kind="professionals", record="p-bram") == [("update", "p-bram")]
    assert actions(since=NOW - timedelta(days=1), until=NOW) == [("update", "p-anna")]
    assert actions(limit=1, offset=1) == [("update", "p-anna")]
    assert len(actions()) == 4



def test_one_read_looks_for_other_writes_again_once_it_is_over(small_store: Store, other: Store):
    counted = []

    def names() -> list[str]:
        counted.append(1)
        return sorted(p.name for p in small_store.iter_records("professionals"))

    with small_store.one_read():
        assert small_store.get("professionals", "p-anna").name == "Anna de Vries"
        small_store.derived(("names",), names)
        small_store.apply(ImportPlan({"professionals": (renamed(small_store, "p-anna", "Anna Eigen"),)}))
        assert small_store.get("professionals", "p-anna").name == "Anna Eigen"  # its own write
        assert "Anna Eigen" in small_store.derived(("names",), names)
    other.apply(ImportPlan({"professionals": (renamed(other, "p-anna", "Anna Ander"),)}))
    assert small_store.get("professionals", "p-anna").name == "Anna Ander"
    assert "Anna Ander" in small_store.derived(("names",), names)
    assert len(counted) == 3  # made afresh after each write, not otherwise
    small_store.derived(("names",), names)
    assert len(counted) == 3

"""The PoolRecords contract: records as written, versions and conflicts,
deletions every process sees, retired organisations and teams, and writes
refused whole.

Parametrised over the backends and the in-memory fake by the ``store``
fixture in conftest.py; a second store opened on the same file stands for
another process (it has its own connection and its own in-memory index)."""

from __future__ import annotations

from datetime import date

import pytest

from directory.errors import Conflict, NotFound
from directory.exchange.document import export_document
from directory.pool.model import KINDS, Case, Claim, Participation, Professional
from directory.ports import ImportPlan, Store
from graph.stores import open_store
from graph.stores.embedded import snapshot
from tests.contract.conftest import entry, renamed

FAKED = True


def test_an_empty_store_holds_no_records(store: Store):
    assert all(store.count(kind) == 0 for kind in KINDS)
    assert store.get("professionals", "p-anna") is None
    assert list(store.iter_records("cases")) == []
    assert store.records_at_one_revision() == {kind: [] for kind in KINDS}


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
    small_store.apply(_remove_cees(small_store))
    assert small_store.get("professionals", "p-cees") is None
    assert small_store.count("professionals") == 4
    assert "p-cees" not in [p.id for p in small_store.iter_records("professionals")]
    assert "p-cees" not in small_store.versions("professionals", ["p-cees"])
    assert '"p-cees"' not in export_document(small_store)
    # what search and the network answer without him: test_search.py and test_network.py


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

def test_retiring_and_reactivating_a_team_moves_its_version(small_store: Store):
    version = small_store.versions("teams", ["kt-zuidoost"])["kt-zuidoost"]
    small_store.apply(ImportPlan({}, active={("teams", "kt-zuidoost"): False}))
    assert small_store.inactive("teams") == {"kt-zuidoost"}
    assert small_store.versions("teams", ["kt-zuidoost"])["kt-zuidoost"] > version
    assert small_store.get("teams", "kt-zuidoost") is not None  # retired, not gone
    small_store.apply(ImportPlan({}, active={("teams", "kt-zuidoost"): True}))
    assert small_store.inactive("teams") == frozenset()


def test_another_process_sees_a_team_retired_and_reactivated(small_store: Store, other: Store):
    small_store.apply(ImportPlan({}, active={("teams", "kt-zuidoost"): False}))
    assert other.inactive("teams") == {"kt-zuidoost"}
    small_store.apply(ImportPlan({}, active={("teams", "kt-zuidoost"): True}))
    assert other.inactive("teams") == frozenset()


def test_retiring_an_unknown_organisation_is_not_found(small_store: Store):
    with pytest.raises(NotFound):
        small_store.apply(ImportPlan({}, active={("organisations", "nope"): False}))


# --- the audit trail -----------------------------------------------------------------------------


def test_records_come_back_as_imported(small_store: Store):
    anna = small_store.get("professionals", "p-anna")
    assert anna.name == "Anna de Vries"
    assert anna.expertise == (Claim("dementie", 3),)
    assert anna.hours_per_half_year == 40
    case = small_store.get("cases", "c-0002")
    assert case.areas == ("dementie", "schulden")
    assert [p.professional for p in case.participants] == ["p-bram", "p-anna"]
    assert case.closed == date(2026, 8, 15)


def test_iteration_is_in_id_order(small_store: Store):
    ids = [p.id for p in small_store.iter_records("professionals")]
    assert ids == sorted(ids) == ["p-anna", "p-bram", "p-cees", "p-dina", "p-eva"]
    assert set(small_store.get_many("teams", ["kt-zuidoost", "nope"])) == {"kt-zuidoost"}


@pytest.mark.parametrize(("change", "named"), [
    ({"participants": ({"professional": "p-nobody"},)}, "unknown professional 'p-nobody'"),
    ({"areas": ("no-such-area",)}, "unknown expertise area 'no-such-area'"),
    ({"team": "no-such-team"}, "nothing was changed"),
])
def test_a_write_with_a_dangling_reference_is_refused_whole(small_store: Store, change, named):
    """Validation normally stops these; the store refuses them too (a plan built
    by other code), and keeps nothing of the write."""
    good = Case(id="c-new-1", opened=date(2026, 9, 1), areas=("dementie",),
                participants=(Participation("p-anna"),))
    fields = {"id": "c-new-2", "opened": date(2026, 9, 2), "areas": ("dementie",),
              "participants": (Participation("p-anna"),)}
    fields.update({k: tuple(Participation(**p) for p in v) if k == "participants" else v
                   for k, v in change.items()})
    before = (small_store.revision(), small_store.count("cases"))
    with pytest.raises(Conflict, match="nothing was changed") as refused:
        small_store.apply(ImportPlan({"cases": (good, Case(**fields))}))
    assert named in refused.value.message
    assert (small_store.revision(), small_store.count("cases")) == before
    assert small_store.get("cases", "c-new-1") is None

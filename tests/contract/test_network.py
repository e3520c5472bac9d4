"""The NetworkReads contract: who knows whom. Paths, ego networks, mutual
contacts, brokers, the organisation graph and gaps, on every store."""

from __future__ import annotations

import json
from datetime import date

import pytest

from directory.errors import InvalidInput, NotFound
from directory.exchange.document import import_document
from directory.ports import ImportPlan, Store
from directory.search.coverage import gaps


def test_ego_network_depth_one_and_two(small_store):
    people, links = small_store.ego("p-anna", 1)
    assert people == ["p-anna", "p-bram"]
    kinds = {(x.a, x.b, x.kind, x.weight) for x in links}
    assert ("p-anna", "p-bram", "shared_case", 2.0) in kinds
    assert ("p-anna", "p-bram", "knows", 1.0) in kinds
    wider, wider_links = small_store.ego("p-anna", 2)
    assert set(wider) == {"p-anna", "p-bram", "p-eva"}  # Eva shares Bram's wijkteam
    assert ("p-bram", "p-eva", "team", 1.0) in {(x.a, x.b, x.kind, x.weight) for x in wider_links}


def test_organisation_links_between_colleagues(small_store):
    people, links = small_store.ego("p-bram", 2)
    assert ("p-bram", "p-eva", "organisation") in {(x.a, x.b, x.kind) for x in links}


def test_ego_refuses_unknown_people_and_depths(small_store):
    with pytest.raises(NotFound):
        small_store.ego("p-nobody", 1)
    with pytest.raises(InvalidInput):
        small_store.ego("p-anna", 3)


def test_mutual_contacts(small_store):
    assert small_store.mutual_contacts("p-anna", "p-eva") == ["p-bram"]
    assert small_store.mutual_contacts("p-anna", "p-cees") == []


def test_brokers_link_a_wijkteam_to_other_organisations(small_store):
    import_document(json.dumps({"format": "kernteamdb/1", "professionals": [
        {"id": "p-eva", "name": "Eva Mulder", "role": "wijkwerker", "organisation": "org-gemeente",
         "teams": ["wt-zuidoost"], "knows": ["p-fred"]},
        {"id": "p-fred", "name": "Fred", "organisation": "org-gemeente", "knows": ["p-cees"]}]}),
        small_store)
    ranked = dict(small_store.brokers("wt-zuidoost"))
    assert "p-fred" in ranked  # links Eva (gemeente) to Cees (Vivent)
    assert "p-eva" not in ranked and "p-bram" not in ranked  # members are not brokers
    with pytest.raises(NotFound):
        small_store.brokers("t-nobody")


def test_organisation_level_collaboration(small_store):
    assert small_store.organisation_links() == [("org-gemeente", "org-vivent", 2)]


def test_gaps_per_wijk(small_store):
    found = {(g.wijk, g.area): g.available for g in gaps(small_store, date(2026, 11, 16))}
    assert found[("Zuidoost", "dementie")] == ("p-anna",)  # only one: a gap
    assert found[("West", "dementie")] == ("p-cees",)
    assert found[("Zuidoost", "nah")] == ()
    assert ("Zuidoost", "hersenen-cognitie") not in found  # domains are not listed


def test_cases_with_a_team_per_area(small_store):
    # Anna worked on two of the Zuidoost wijkteam's cases, one also about debts
    assert small_store.team_cases("p-anna", "wt-zuidoost") == {
        "dementie": (2, date(2026, 8, 15)), "schulden": (1, date(2026, 8, 15))}
    assert small_store.team_cases("p-anna", "kt-zuidoost") == {}
    assert small_store.team_cases("p-cees", "wt-zuidoost") == {}
    with pytest.raises(NotFound):
        small_store.team_cases("p-nobody", "wt-zuidoost")


def test_path_through_shared_cases_and_teams(small_store: Store):
    path = small_store.path("p-eva", "p-anna")
    assert path.ids == ("p-eva", "p-bram", "p-anna")
    assert [(x.a, x.b, x.kind) for x in path.links] == [
        ("p-eva", "p-bram", "team"), ("p-bram", "p-anna", "shared_case")]
    assert path.links[1].weight == 2
    assert small_store.path("p-anna", "p-anna").ids == ("p-anna",)


def test_path_between_unconnected_people_is_none(small_store: Store):
    import_document(json.dumps({"format": "kernteamdb/1", "professionals": [
        {"id": "p-zz", "name": "Alleen"}]}), small_store)
    assert small_store.path("p-anna", "p-zz").ids is None


def test_path_with_an_unknown_id_is_not_found(small_store: Store):
    with pytest.raises(NotFound):
        small_store.path("p-anna", "p-nobody")


def test_a_deleted_person_has_no_path(small_store: Store):
    small_store.apply(ImportPlan({}, deletes={"professionals": ("p-cees",)}))
    with pytest.raises(NotFound):
        small_store.path("p-anna", "p-cees")

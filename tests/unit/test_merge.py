"""Both merges, the taxonomy's own operations and finding likely duplicates:
every reference follows, history is kept, the merged record is gone."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from directory.accounts.roles import User
from directory.errors import Conflict, Forbidden, InvalidInput
from directory.exchange.document import export_document, import_document
from directory.pool import areas, duplicates, merge
from directory.pool.model import Claim, Participation
from directory.search.vocabulary import Vocabulary

COORDINATOR = User("carla", "coordinator")
H2 = (date(2026, 7, 1), date(2026, 12, 31))


@pytest.fixture
def twice(small_store):
    """Anna is in the pool a second time, with her own cases, claims and contacts."""
    import_document(json.dumps({"format": "kernteamdb/1", "professionals": [
        {"id": "p-anna2", "name": "Anna de  Vries", "organisation": "org-vivent", "email": "ANNA@example.org",
         "expertise": [{"area": "dementie", "level": 2}, {"area": "nah", "level": 2}],
         "teams": ["wt-zuidoost"], "knows": ["p-eva", "p-anna"], "bio": "Ook NAH",
         "confirmed": "2026-10-01"},
        {"id": "p-cees", "name": "Cees Bakker", "role": "casemanager dementie", "organisation": "org-vivent",
         "wijken": ["West"], "expertise": [{"area": "dementie", "level": 2}], "hours_per_half_year": 40,
         "knows": ["p-anna2"]}],
        "cases": [
            {"id": "c-0004", "opened": "2026-09-01", "areas": ["dementie"],
             "participants": [{"professional": "p-anna2", "role": "specialist", "hours": 1},
                              {"professional": "p-anna", "role": "regie", "hours": 2}]},
            {"id": "c-0005", "opened": "2026-09-02", "areas": ["nah"], "notes": "Samen met de wijkverpleging",
             "participants": [{"professional": "p-eva", "role": "regie"},
                              {"professional": "p-anna2", "role": "specialist", "hours": 1.5}]}]}),
        small_store)
    small_store.add_user(User("anna2", "specialist", "p-anna2", "h", datetime.now(UTC)))
    return small_store


def test_two_profiles_of_one_person_become_one_with_all_their_history(twice):
    hours = twice.hours_booked(["p-anna", "p-anna2"], *H2)
    saved = merge.merge_professionals(twice, "p-anna", "p-anna2", by=COORDINATOR)
    anna = twice.get("professionals", "p-anna")
    assert twice.get("professionals", "p-anna2") is None and saved.record == anna
    assert anna.expertise == (Claim("dementie", 3), Claim("nah", 2))  # the higher level kept
    assert anna.teams == ("kt-zuidoost", "wt-zuidoost") and anna.knows == ("p-bram", "p-eva")
    assert anna.bio == "Ook NAH" and anna.phone == "06-00000001" and anna.confirmed == date(2026, 10, 1)
    both = twice.get("cases", "c-0004").participants
    assert both == (Participation("p-anna", "regie", 3.0),)  # one participation: her role, both hours
    assert [p.professional for p in twice.get("cases", "c-0005").participants] == ["p-eva", "p-anna"]
    assert twice.get("cases", "c-0005").notes == "Samen met de wijkverpleging"
    assert twice.hours_booked(["p-anna"], *H2)["p-anna"] == hours["p-anna"] + hours["p-anna2"]
    assert twice.get("professionals", "p-cees").knows == ("p-anna",)
    assert twice.get_user("anna2").professional == "p-anna"
    assert twice.path("p-eva", "p-anna").ids is not None
    trail = [(e.kind, e.record, e.action) for e in twice.audit_entries() if e.action == "merge"]
    assert sorted(trail) == [("professionals", "p-anna", "merge"), ("professionals", "p-anna2", "merge"),
                             ("professionals", "p-cees", "merge")]
    gone = [e for e in twice.audit_entries(record="p-anna2") if e.action == "merge"][0]
    assert gone.before["name"] == "Anna de  Vries" and gone.after == {"merged_into": "p-anna", "cases": 2}
    assert '"p-anna2"' not in export_document(twice)


def test_merging_refuses_a_person_into_themselves_and_stale_versions(twice):
    before = export_document(twice)
    with pytest.raises(InvalidInput, match="cannot be merged into itself"):
        merge.merge_professionals(twice, "p-anna", "p-anna", by=COORDINATOR)
    version = twice.versions("professionals", ["p-anna2"])["p-anna2"]
    with pytest.raises(Conflict):
        merge.merge_professionals(twice, "p-anna", "p-anna2", by=COORDINATOR, duplicate_version=version - 1)
    assert export_document(twice) == before


def test_likely_duplicates_name_their_reasons_surest_first(twice):
    import_document(json.dumps({"format": "kernteamdb/1", "professionals": [
        {"id": "p-eva2", "name": "Eva Mulders", "organisation": "org-gemeente"},
        {"id": "p-bram2", "name": "Bram Jansen", "organisation": "org-vivent"}]}), twice)
    found = {(d.a, d.b): d for d in duplicates.likely_duplicates(twice, by=COORDINATOR)}
    assert found[("p-anna", "p-anna2")].reasons == ("same e-mail address", "same name and organisation")
    assert found[("p-anna", "p-anna2")].score == 100
    assert found[("p-eva", "p-eva2")].reasons[0].startswith("similar names (9")
    assert found[("p-bram", "p-bram2")].reasons == ("similar names (100%)",)  # other employers
    assert set(found) == {("p-anna", "p-anna2"), ("p-eva", "p-eva2"), ("p-bram", "p-bram2")}
    assert list(found)[0] == ("p-anna", "p-anna2")
    # the same signs as codes, for pages to say in their own words
    signs = [s.code for s in found[("p-anna", "p-anna2")].signs]
    assert signs == ["same_email", "same_name_and_organisation"]
    similar = found[("p-eva", "p-eva2")].signs[0]
    assert similar.code == "similar_names" and 90 <= similar.percent < 100
    assert similar.text == f"similar names ({similar.percent}%)"


@pytest.fixture
def two_areas(small_store):
    """"Geheugenproblemen" was added as an area of its own, and used."""
    import_document(json.dumps({"format": "kernteamdb/1", "expertise": [
        {"id": "geheugen", "label": "Geheugenproblemen", "broader": "hersenen-cognitie",
         "synonyms": ["vergeetachtig", "Alzheimer"], "related": ["nah"], "description": "Vergeten"},
        {"id": "korsakov", "label": "Korsakov", "broader": "geheugen", "related": ["geheugen"]}],
        "organisations": [{"id": "org-vivent", "name": "Vivent", "kind": "vvt", "line": "2",
                           "areas": ["geheugen", "dementie"]}],
        "professionals": [
            {"id": "p-cees", "name": "Cees Bakker", "expertise": [{"area": "dementie", "level": 2},
                                                                 {"area": "geheugen", "level": 3}]},
            {"id": "p-eva", "name": "Eva Mulder", "expertise": [{"area": "geheugen", "level": 1}]}],
        "cases": [{"id": "c-0006", "opened": "2026-10-01", "areas": ["geheugen", "dementie", "nah"],
                   "participants": [{"professional": "p-cees", "hours": 1}]}]}), small_store)
    return small_store


def test_two_areas_become_one_and_every_reference_follows(two_areas):
    evidence = two_areas.evidence_summary(["dementie", "geheugen"], date(2026, 11, 16))["p-cees"]
    saved = merge.merge_areas(two_areas, "dementie", "geheugen", by=COORDINATOR)
    dementie = two_areas.get("expertise", "dementie")
    assert two_areas.get("expertise", "geheugen") is None and saved.record == dementie
    # the label and synonyms of the merged area, each way of writing once
    assert dementie.synonyms == ("Alzheimer", "geheugenproblemen", "vergeetachtig")
    assert dementie.related == ("nah",) and dementie.description == "Vergeten"
    assert two_areas.get("expertise", "korsakov").broader == "dementie"
    assert two_areas.get("expertise", "korsakov").related == ("dementie",)
    assert two_areas.get("organisations", "org-vivent").areas == ("dementie",)
    assert two_areas.claims(["dementie"])["p-cees"] == {"dementie": 3}  # the higher level kept
    assert two_areas.claims(["dementie"])["p-eva"] == {"dementie": 1}
    assert two_areas.get("cases", "c-0006").areas == ("dementie", "nah")
    assert two_areas.evidence_summary(["dementie"], date(2026, 11, 16))["p-cees"]["dementie"][0] == \
        evidence["dementie"][0]  # c-0006 counted once
    assert Vocabulary(two_areas.areas()).match("vergeetachtig")[0].area == "dementie"
    assert '"geheugen"' not in export_document(two_areas)


def test_an_area_is_not_merged_into_one_deep_in_its_own_branch(two_areas):
    before = export_document(two_areas)
    with pytest.raises(InvalidInput, match="lies 2 levels below 'hersenen-cognitie'"):
        merge.merge_areas(two_areas, "korsakov", "hersenen-cognitie", by=COORDINATOR)
    assert export_document(two_areas) == before
    merge.merge_areas(two_areas, "geheugen", "hersenen-cognitie", by=COORDINATOR)  # a direct child may
    assert two_areas.get("expertise", "geheugen").broader is None
    assert two_areas.get("expertise", "nah").broader == "geheugen"


def test_synonyms_are_added_once_and_removed(small_store):
    saved = areas.add_synonym(small_store, "nah", "CVA", by=COORDINATOR)
    assert saved.record.synonyms[-1] == "CVA"
    assert Vocabulary(small_store.areas()).match("cva")[0].area == "nah"
    for again in ("cva", "NAH", " Na een beroerte "):
        with pytest.raises(InvalidInput, match="already names 'nah'"):
            areas.add_synonym(small_store, "nah", again, by=COORDINATOR)
    areas.remove_synonym(small_store, "nah", "cva", by=COORDINATOR)
    assert "CVA" not in small_store.get("expertise", "nah").synonyms
    with pytest.raises(InvalidInput, match="'CVA' is not a synonym of 'nah'"):
        areas.remove_synonym(small_store, "nah", "CVA", by=COORDINATOR)
    with pytest.raises(InvalidInput) as empty:
        areas.add_synonym(small_store, "nah", "  ", by=COORDINATOR)
    assert empty.value.details == ["synonym: must be non-empty text"]
    actions = [e.action for e in small_store.audit_entries(kind="expertise", record="nah")]
    assert actions[-2:] == ["add_synonym", "remove_synonym"]


def test_an_area_moves_but_never_below_itself(small_store):
    areas.move_area(small_store, "schulden", "hersenen-cognitie", by=COORDINATOR)
    assert small_store.get("expertise", "schulden").broader == "hersenen-cognitie"
    areas.move_area(small_store, "schulden", None, by=COORDINATOR)
    assert small_store.get("expertise", "schulden").broader is None
    with pytest.raises(InvalidInput) as refused:
        areas.move_area(small_store, "hersenen-cognitie", "dementie", by=COORDINATOR)
    assert refused.value.details == ["broader: 'hersenen-cognitie' would be its own broader area"]
    with pytest.raises(InvalidInput) as unknown:
        areas.move_area(small_store, "nah", "nope", by=COORDINATOR)
    assert unknown.value.details == ["broader: unknown expertise area 'nope'"]
    assert small_store.get("expertise", "hersenen-cognitie").broader is None


def test_the_preview_of_a_merge_shows_what_the_merge_then_writes(twice):
    preview = merge.professional_merge(twice, "p-anna", "p-anna2", by=COORDINATOR)
    assert (preview.cases, preview.shared, preview.knowers) == (2, 1, 1)
    assert preview.joined.expertise == (Claim("dementie", 3), Claim("nah", 2))
    assert twice.get("professionals", "p-anna2") is not None  # a preview changes nothing
    saved = merge.merge_professionals(twice, "p-anna", "p-anna2", by=COORDINATOR,
                                      keep_version=preview.keep_version,
                                      duplicate_version=preview.duplicate_version)
    assert saved.record == preview.joined


def test_the_preview_of_an_area_merge_counts_what_follows_and_refuses_what_the_merge_refuses(small_store):
    preview = merge.area_merge(small_store, "nah", "dementie", by=COORDINATOR)
    assert (preview.claims, preview.both, preview.cases, preview.organisations) == (2, 0, 2, 1)
    assert "Dementie" in preview.joined.synonyms and "Alzheimer" in preview.joined.synonyms
    with pytest.raises(InvalidInput):
        merge.area_merge(small_store, "nah", "nah", by=COORDINATOR)
    with pytest.raises(Forbidden):
        merge.area_merge(small_store, "nah", "dementie", by=User("w", "wijkwerker"))


def test_a_merged_record_says_where_it_went_even_after_a_second_merge(twice, small_store):
    reader = User("w", "wijkwerker")
    assert merge.merged_into(twice, "professionals", "p-anna2", by=reader) is None  # still there
    merge.merge_professionals(twice, "p-anna", "p-anna2", by=COORDINATOR)
    assert merge.merged_into(twice, "professionals", "p-anna2", by=reader) == "p-anna"
    merge.merge_professionals(twice, "p-cees", "p-anna", by=COORDINATOR)
    assert merge.merged_into(twice, "professionals", "p-anna2", by=reader) == "p-cees"
    assert merge.merged_into(twice, "professionals", "p-nobody", by=reader) is None
    merge.merge_areas(twice, "nah", "dementie", by=COORDINATOR)
    assert merge.merged_into(twice, "expertise", "dementie", by=reader) == "nah"


def test_merging_into_someone_who_knew_the_duplicate_drops_that_link_instead_of_failing(twice):
    """p-anna2 knows p-anna: keeping p-anna2 must not keep a link to the removed p-anna."""
    saved = merge.merge_professionals(twice, "p-anna2", "p-anna", by=COORDINATOR)
    assert "p-anna" not in saved.record.knows and "p-anna2" not in saved.record.knows
    assert twice.get("professionals", "p-anna") is None

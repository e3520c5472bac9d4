"""The exchange format: validation reports every problem, import is all or
nothing and merges by id, export is canonical."""

from __future__ import annotations

import json

import pytest

from directory.errors import InvalidInput
from directory.exchange.document import import_document, parse_document
from tests.conftest import exported, small_document


def problems(document: object, store=None) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        parse_document(json.dumps(document), store)
    return caught.value.details


def test_a_valid_document_round_trips_byte_identically(store, tmp_path):
    from graph.stores import open_store

    import_document(json.dumps(small_document()), store)
    first = exported(store)
    other = open_store(f"sqlite:///{tmp_path / 'other.db'}", create=True)
    import_document(first, other)
    assert exported(other) == first
    other.close()


def test_export_is_canonical_whatever_the_input_order(store, tmp_path):
    from graph.stores import open_store

    document = small_document()
    shuffled = json.loads(json.dumps(document))
    for kind in ("expertise", "professionals", "cases"):
        shuffled[kind].reverse()
    shuffled["professionals"][-1]["knows"] = ["p-bram"]  # p-anna, now last
    import_document(json.dumps(document), store)
    other = open_store(f"sqlite:///{tmp_path / 'other.db'}", create=True)
    import_document(json.dumps(shuffled), other)
    assert exported(other) == exported(store)
    other.close()


def test_importing_the_same_document_twice_changes_nothing(store):
    text = json.dumps(small_document())
    import_document(text, store)
    before, revision = exported(store), store.revision()
    plan = import_document(text, store)
    assert all(c.new == c.changed == 0 for c in plan.counts.values())
    assert exported(store) == before
    assert store.revision() == revision


def test_import_merges_by_id(store):
    import_document(json.dumps(small_document()), store)
    change = {"format": "kernteamdb/1", "professionals": [
        {"id": "p-cees", "name": "Cees Bakker", "role": "casemanager dementie",
         "expertise": [{"area": "dementie", "level": 3}, {"area": "nah", "level": 1}]}]}
    plan = import_document(json.dumps(change), store)
    assert plan.counts["professionals"].changed == 1
    cees = store.get("professionals", "p-cees")
    assert [(c.area, c.level) for c in cees.expertise] == [("dementie", 3), ("nah", 1)]
    assert cees.organisation is None  # a record is replaced whole
    assert store.count("professionals") == 5
    assert set(store.claims(["nah"])) == {"p-cees"}  # p-dina is inactive


def test_a_document_may_hold_only_new_cases_for_an_existing_pool(store):
    import_document(json.dumps(small_document()), store)
    cases = {"format": "kernteamdb/1", "cases": [
        {"id": "c-0100", "opened": "2026-10-01", "areas": ["nah"],
         "participants": [{"professional": "p-cees", "hours": 1}]}]}
    plan = import_document(json.dumps(cases), store)
    assert plan.counts["cases"].new == 1
    assert store.count("cases") == 4


def test_dry_run_writes_nothing(store):
    plan = import_document(json.dumps(small_document()), store, dry_run=True)
    assert plan.counts["professionals"].new == 5
    assert store.count("professionals") == 0
    assert store.revision() == 0


def test_not_json_is_reported_with_line_and_column():
    with pytest.raises(InvalidInput) as caught:
        parse_document('{"format": "kernteamdb/1",\n  "expertise": [}')
    [detail] = caught.value.details
    assert detail.startswith("line 2 column 17: unexpected character")


@pytest.mark.parametrize("document", [[], "text", 3, None])
def test_a_document_must_be_an_object(document):
    assert problems(document) == ["(document): must be a JSON object"]


def test_every_problem_is_reported_with_its_place():
    document = {
        "format": "kernteamdb/2", "extra": 1,
        "expertise": [{"id": "x" * 101, "label": "X"}, {"id": "a", "label": "A", "broader": "a"},
                      {"id": "b", "label": "B", "colour": "red"}],
        "professionals": [
            {"id": "p1", "name": "P", "expertise": [{"area": "dementia", "level": 4}],
             "hours_per_half_year": -1, "knows": ["p9"]},
            {"id": "p1", "name": "Q"},
            {"id": "p2", "name": "R", "expertise": [{"area": "a", "level": 0}]},
        ],
        "cases": [
            {"id": "c1", "opened": "2025-13-01", "areas": ["a"],
             "participants": [{"professional": "p1", "hours": -2}]},
            {"id": "c2", "opened": "2025-02-30", "areas": ["a"],
             "participants": [{"professional": "p2"}]},
            {"id": "c3", "areas": ["a"], "participants": [{"professional": "p2"}]},
        ],
    }
    found = problems(document)
    expected = [
        "format: Input should be 'kernteamdb/1'",
        "extra: unknown key",
        "expertise[0].id: String should have at most 100 characters",
        "expertise[1].broader: 'a' would be its own broader area",
        "expertise[2].colour: unknown key",
        "professionals[0].expertise[0].area: unknown expertise area 'dementia'",
        "professionals[0].expertise[0].level: Input should be less than or equal to 3",
        "professionals[0].hours_per_half_year: Input should be greater than or equal to 0",
        "professionals[0].knows[0]: unknown professional 'p9'",
        "professionals[1].id: duplicate id 'p1' (also professionals[0])",
        "professionals[2].expertise[0].level: Input should be greater than or equal to 1",
        "cases[0].opened: not a valid date (month must be in 1..12)",
        "cases[0].participants[0].hours: Input should be greater than or equal to 0",
        "cases[1].opened: not a valid date (day is out of range for month)",
        "cases[2].opened: required field is missing",
    ]
    for problem in expected:
        assert problem in found
    assert len(found) == len(expected)


def test_problems_are_listed_in_document_order():
    document = {"format": "kernteamdb/1", "professionals": [
        {"id": f"p{i}", "name": "N", "knows": ["nobody"]} for i in range(12)]}
    places = [p.split(":")[0] for p in problems(document)]
    assert places == [f"professionals[{i}].knows[0]" for i in range(12)]


@pytest.mark.parametrize("value", ["2025-7-3", "03-07-2025", "2025-07-03T10:00", 20250703, ""])
def test_dates_must_be_iso(value):
    document = {"format": "kernteamdb/1", "expertise": [{"id": "a", "label": "A"}],
                "professionals": [{"id": "p", "name": "P"}],
                "cases": [{"id": "c", "opened": value, "areas": ["a"],
                           "participants": [{"professional": "p"}]}]}
    assert problems(document) == ["cases[0].opened: must be a date written as YYYY-MM-DD"]


def test_case_rules():
    document = {"format": "kernteamdb/1", "expertise": [{"id": "a", "label": "A"}],
                "professionals": [{"id": "p", "name": "P"}],
                "cases": [{"id": "c", "opened": "2026-02-02", "closed": "2026-02-01",
                           "areas": [], "participants": []},
                          {"id": "d", "opened": "2026-02-02", "areas": ["a", "a"],
                           "participants": [{"professional": "p"}, {"professional": "p"}],
                           "model": "solo", "outcome": "goed"}]}
    assert problems(document) == [
        "cases[0].areas: a case needs at least one expertise area",
        "cases[0].closed: closed (2026-02-01) is before opened (2026-02-02)",
        "cases[0].participants: a case needs at least one participant",
        "cases[1].areas[1]: 'a' is listed twice",
        "cases[1].model: Input should be 'netwerk', 'expertiseteam' or 'triage'",
        "cases[1].outcome: Input should be 'zwaardere_zorg_voorkomen', 'doorverwezen' or "
        "'onbekend'",
        "cases[1].participants[1]: 'p' is listed twice",
    ]


def test_wrong_types_are_not_coerced():
    document = {"format": "kernteamdb/1", "expertise": [{"id": 7, "label": "A"}],
                "professionals": [{"id": "p", "name": "P", "active": "yes",
                                   "expertise": [{"area": 7, "level": "3"}]}]}
    found = problems(document)
    assert "expertise[0].id: Input should be a valid string" in found
    assert "professionals[0].active: Input should be a valid boolean" in found
    assert "professionals[0].expertise[0].level: Input should be a valid integer" in found


def test_references_may_resolve_to_the_store(small_store):
    document = {"format": "kernteamdb/1", "professionals": [
        {"id": "p-new", "name": "Nieuw", "organisation": "org-vivent", "knows": ["p-anna"],
         "expertise": [{"area": "dementie", "level": 1}]}]}
    assert parse_document(json.dumps(document), small_store).professionals[0].id == "p-new"


def test_a_failed_import_changes_nothing(small_store):
    before = exported(small_store)
    document = small_document()
    document["professionals"][0]["name"] = "Changed"
    document["cases"].append({"id": "c-9", "opened": "2026-01-01", "areas": ["nope"],
                              "participants": [{"professional": "p-anna"}]})
    with pytest.raises(InvalidInput):
        import_document(json.dumps(document), small_store)
    assert exported(small_store) == before


def test_text_that_is_not_utf8_is_refused():
    with pytest.raises(InvalidInput) as caught:
        parse_document(b'{"format": "kernteamdb/1", "teams": [{"id": "t", "name": "\xe9"}]}')
    assert caught.value.message == "the document is not UTF-8 text"


@pytest.mark.parametrize("new_id", ["../evil", "=cmd|' /C calc'!A0", ".hidden", "-1", "+31", "@SUM(A1)",
                                    "p anna", "p/anna"])
def test_a_new_record_needs_a_safe_id(small_store, new_id):
    """An id is never a path or a spreadsheet formula: letters, digits, - _ . only."""
    document = {"format": "kernteamdb/1", "professionals": [{"id": new_id, "name": "Nieuw"}]}
    assert problems(document, small_store) == [
        "professionals[0].id: a new id holds only letters, digits, '-', '_' and '.', "
        "and does not start with '.', '-', '=', '+' or '@'"]
    assert small_store.get("professionals", new_id) is None


def test_a_record_stored_before_the_rule_keeps_its_id(small_store):
    """Ids from before the safe set (here one with a space) still import and edit."""
    from directory.exchange.document import import_parsed

    old = {"format": "kernteamdb/1", "professionals": [{"id": "p anna 2", "name": "Anna"}]}
    import_parsed(parse_document(json.dumps(old), small_store, new_ids=False), small_store)
    old["professionals"][0]["name"] = "Anna de Vries"
    import_document(json.dumps(old), small_store)
    assert small_store.get("professionals", "p anna 2").name == "Anna de Vries"


@pytest.mark.parametrize(("field", "value", "code"), [
    ("name", "Anna\x00de Vries", "U+0000"), ("name", "Anna\tde Vries", "U+0009"),
    ("role", "casemanager\x1b[2J", "U+001B"), ("bio", "regel\x85twee", "U+0085"),
    ("email", "anna\x07@example.org", "U+0007"), ("wijken", ["Zuid\x00oost"], "U+0000"),
])
def test_control_characters_are_refused_in_every_text_field(field, value, code):
    document = {"format": "kernteamdb/1", "professionals": [{"id": "p-x", "name": "X", field: value}]}
    place = f"professionals[0].{field}" + ("[0]" if isinstance(value, list) else "")
    assert problems(document) == [f"{place}: holds a control character ({code}); remove it"]


def test_multi_line_text_keeps_its_tabs_and_line_breaks():
    document = {"format": "kernteamdb/1", "professionals": [
        {"id": "p-x", "name": "X", "bio": "Eerste regel\r\n\tTweede regel\n"}],
        "teams": [{"id": "t-x", "name": "T", "meets": "di 9:00\nwo 14:00"}]}
    assert parse_document(json.dumps(document)).professionals[0].bio == "Eerste regel\r\n\tTweede regel\n"

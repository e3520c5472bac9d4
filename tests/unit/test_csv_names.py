"""CSV cells may name an organisation, team or expertise area instead of giving
its id, and write an expertise level as a word; an ambiguous or unknown name is
refused with a message that says what was looked for."""

from __future__ import annotations

import pytest

from directory.errors import InvalidInput
from directory.exchange.csv_files import import_csv, parse_csv

PEOPLE = "id;name;organisation;teams;expertise\n"


def problems(files: dict[str, str], store) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        parse_csv({name: text.encode() for name, text in files.items()}, store)
    return caught.value.details


def test_names_and_level_words_become_ids_and_numbers(small_store):
    people = PEOPLE + ("p-fleur;Fleur Kok;vivent;Kernteam Zuidoost|wt-zuidoost;"
                       "Dementie:specialist|  Schuldhulpverlening :gevorderd|nah:Basis\n")
    document = parse_csv({"professionals.csv": people.encode()}, small_store)
    fleur = document.professionals[0]
    assert fleur.organisation == "org-vivent"
    assert set(fleur.teams) == {"kt-zuidoost", "wt-zuidoost"}
    assert {(c.area, c.level) for c in fleur.expertise} == {("dementie", 3), ("schulden", 2), ("nah", 1)}


def test_names_of_records_in_the_same_upload_count_too(small_store):
    organisations = "id;name\norg-farent;Farent\n"
    teams = "id;name;organisation\nwt-west;Sociaal wijkteam West;Farent\n"
    cases = ("id;opened;team;areas;participants\n"
             "c-9;2026-10-01;Sociaal wijkteam West;Dementie|Schuldhulpverlening;p-anna\n")
    document = parse_csv({"organisations.csv": organisations.encode(), "teams.csv": teams.encode(),
                          "cases.csv": cases.encode()}, small_store)
    assert document.teams[0].organisation == "org-farent"
    assert document.cases[0].team == "wt-west"
    assert set(document.cases[0].areas) == {"dementie", "schulden"}


def test_an_ambiguous_name_names_the_candidates_and_nothing_is_written(small_store):
    organisations = "id;name\norg-vivent-2;Vivent\n"
    people = PEOPLE + "p-fleur;Fleur Kok;Vivent;;\n"
    files = {"organisations.csv": organisations, "professionals.csv": people}
    found = problems(files, small_store)
    assert found == ["professionals.csv row 2, column organisation: the name 'Vivent' fits more than "
                     "one organisation (org-vivent, org-vivent-2); write the id"]
    before = small_store.revision()
    with pytest.raises(InvalidInput):
        import_csv({name: text.encode() for name, text in files.items()}, small_store)
    assert small_store.revision() == before and small_store.get("professionals", "p-fleur") is None


def test_an_unknown_name_says_it_was_looked_for_as_id_and_name(small_store):
    people = PEOPLE + "p-fleur;Fleur Kok;Vivnt;Kernteam Noord;Dementie:3|Geldzorgen:1\n"
    found = problems({"professionals.csv": people}, small_store)
    assert "professionals.csv row 2, column organisation: unknown organisation 'Vivnt' " \
           "(no id or name)" in found
    assert "professionals.csv row 2, column teams: unknown team 'Kernteam Noord' (no id or name)" in found
    assert "professionals.csv row 2, column expertise: unknown expertise area 'Geldzorgen' " \
           "(no id or name)" in found


def test_an_id_wins_over_a_name(small_store):
    # an organisation named like another's id: the cell means the id
    organisations = "id;name\norg-x;org-vivent\n"
    people = PEOPLE + "p-fleur;Fleur Kok;org-vivent;;\n"
    document = parse_csv({"organisations.csv": organisations.encode(),
                          "professionals.csv": people.encode()}, small_store)
    assert document.professionals[0].organisation == "org-vivent"


def test_a_level_word_nobody_uses_is_refused(small_store):
    found = problems({"professionals.csv": PEOPLE + "p-fleur;Fleur;;;dementie:meester\n"}, small_store)
    assert found == ["professionals.csv row 2, column expertise: 'dementie:meester': the level must "
                     "be 1, 2 or 3, or basis, gevorderd or specialist"]

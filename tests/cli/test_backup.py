"""``kernteamdb backup FILE`` and ``kernteamdb restore FILE``: what they print,
their exit status, and that a refusal leaves every file as it was."""

from __future__ import annotations

from pathlib import Path


def test_backup_and_restore_through_the_command_line(loaded, run, tmp_path: Path):
    file = tmp_path / "kernteam-2026-12-07.db"
    made = loaded("backup", str(file))
    assert made.exit_code == 0, made.output
    assert made.stdout.startswith("backup of sqlite:///") and f"written to {file}" in made.stdout
    assert "3 cases" in made.stdout
    target = f"sqlite:///{tmp_path / 'restored.db'}"
    restored = run("restore", str(file), store=target)
    assert restored.exit_code == 0, restored.output
    assert restored.stdout.splitlines()[-1] == \
        f"restored {file} into {target}; the exports are identical"
    assert run("export", store=target).stdout == loaded("export").stdout
    again = loaded("backup", str(file))
    assert again.exit_code == 2 and "exists already" in again.stderr


def test_restoring_what_is_no_backup_makes_no_store(run, tmp_path: Path):
    file = tmp_path / "notes.txt"
    file.write_text("geen backup", encoding="utf-8")
    target = tmp_path / "new.db"
    refused = run("restore", str(file), store=f"sqlite:///{target}")
    assert refused.exit_code == 2
    assert refused.stderr.strip() == f"kernteamdb: {file} is not a KernteamDB backup (SQLite: not a database)"
    assert not target.exists() and file.read_text(encoding="utf-8") == "geen backup"
    missing = run("restore", str(tmp_path / "gone.db"), store=f"sqlite:///{target}")
    assert missing.exit_code == 2 and "is not a file" in missing.stderr and not target.exists()


def test_restoring_another_programs_database_makes_no_store(run, tmp_path: Path):
    import sqlite3

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
    target = tmp_path / "new.db"
    refused = run("restore", str(other), store=f"sqlite:///{target}")
    assert refused.exit_code == 2 and "is not a KernteamDB backup" in refused.stderr
    assert "is not a KernteamDB store" in refused.stderr and not target.exists()

"""The coordinator's commands: audit, duplicates, merge, person export and
erase, user change and remove — what they print, their exit status, and a
store left as it was after bad input."""

from __future__ import annotations

import json

import pytest


def test_audit_prints_the_trail_as_json_lines_filtered(loaded):
    everything = [json.loads(line) for line in loaded("audit").stdout.splitlines()]
    assert everything[0]["kind"] == "document" and everything[0]["action"] == "import"
    assert everything[0]["user"] == "(command line)"
    anna = [json.loads(line) for line in loaded("audit", "--kind", "professionals", "--id", "p-anna")
            .stdout.splitlines()]
    assert [(e["id"], e["action"]) for e in anna] == [("p-anna", "import")]
    assert loaded("audit", "--since", "2999-01-01").stdout == ""
    refused = loaded("audit", "--since", "gisteren")
    assert refused.exit_code == 2 and "since must be a date" in refused.stderr
    assert loaded("audit", "--kind", "people").exit_code == 2


def test_duplicates_and_merge(loaded, tmp_path):
    path = tmp_path / "twice.json"
    path.write_text(json.dumps({"format": "kernteamdb/1", "professionals": [
        {"id": "p-anna2", "name": "Anna de Vries", "email": "anna@example.org",
         "organisation": "org-vivent"}]}),
        encoding="utf-8")
    assert loaded("import", str(path)).exit_code == 0
    listed = loaded("duplicates")
    assert listed.exit_code == 0
    assert listed.stdout.splitlines()[0] == (
        "100.0  Anna de Vries (p-anna) / Anna de Vries (p-anna2): same e-mail address, "
        "same name and organisation")
    pairs = [json.loads(line) for line in loaded("duplicates", "--json").stdout.splitlines()]
    assert (pairs[0]["a"], pairs[0]["b"]) == ("p-anna", "p-anna2")
    merged = loaded("merge", "p-anna", "p-anna2")
    assert merged.exit_code == 0 and merged.stdout.startswith("p-anna2 merged into p-anna")
    assert loaded("duplicates").stdout == "geen waarschijnlijke dubbelingen gevonden\n"
    assert loaded("merge", "--areas", "dementie", "nah").exit_code == 0
    exported = json.loads(loaded("export").stdout)
    assert "nah" not in [a["id"] for a in exported["expertise"]]


@pytest.mark.parametrize("args", [("merge", "p-anna", "p-anna"), ("merge", "p-anna", "p-nobody"),
                                  ("merge", "--areas", "dementie", "p-anna")])
def test_a_merge_that_cannot_be_is_exit_2_and_changes_nothing(loaded, args):
    before = loaded("export").stdout
    result = loaded(*args)
    assert result.exit_code == 2 and result.stderr.startswith("kernteamdb: ")
    assert loaded("export").stdout == before


def test_person_export_and_erase(loaded, tmp_path):
    data = json.loads(loaded("person", "export", "p-anna").stdout)
    assert data["professional"]["name"] == "Anna de Vries" and data["cases"]["count"] == 2
    target = tmp_path / "anna.json"
    assert loaded("person", "export", "p-anna", str(target)).exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["professional"]["id"] == "p-anna"
    asked = loaded("person", "erase", "p-anna", input="n\n")
    assert asked.exit_code == 1
    assert json.loads(loaded("person", "export", "p-anna").stdout)["professional"]["id"] == "p-anna"
    erased = loaded("person", "erase", "p-anna", "--yes")
    assert erased.exit_code == 0 and "now belong to anon-" in erased.stdout
    assert "Anna de Vries" not in loaded("export").stdout
    assert loaded("person", "erase", "p-anna", "--yes").exit_code == 2


def test_users_are_changed_and_removed(loaded):
    assert loaded("user", "add", "anna", "--role", "specialist", "--professional", "p-anna",
                  "--password-stdin", input="een lang wachtwoord\n").exit_code == 0
    changed = loaded("user", "change", "anna", "--role", "coordinator", "--unlink")
    assert changed.exit_code == 0 and changed.stdout == "user anna: coordinator, no professional\n"
    assert "anna                 coordinator  -" in loaded("user", "list").stdout
    assert loaded("user", "change", "anna", "--role", "boss").exit_code == 2
    assert loaded("user", "remove", "anna").stdout == "user anna removed\n"
    assert loaded("user", "remove", "anna").exit_code == 2
    trail = [json.loads(line)["action"] for line in loaded("audit", "--kind", "users").stdout.splitlines()]
    assert trail == ["create", "update", "remove"]

"""The kernteamdb command line as a user meets it: output, exit status, and a
store left exactly as it was after bad input."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import DEMO_TODAY, small_document
from web.cli.main import main

TODAY = "2026-11-16"


def write(tmp_path: Path, document: object, name: str = "doc.json") -> str:
    path = tmp_path / name
    path.write_text(document if isinstance(document, str) else json.dumps(document),
                    encoding="utf-8")
    return str(path)


def test_init_is_safe_to_repeat_and_an_empty_export_is_valid(run):
    assert run("init").exit_code == 0
    assert run("init").exit_code == 0
    exported = json.loads(run("export").stdout)
    assert exported == {"format": "kernteamdb/1", "expertise": [], "organisations": [],
                        "teams": [], "professionals": [], "cases": []}


def test_import_prints_counts_and_twice_changes_nothing(run, tmp_path):
    path = write(tmp_path, small_document())
    first = run("import", path)
    assert first.exit_code == 0
    assert "professionals        5 (5 new, 0 changed, 0 unchanged)" in first.stdout
    before = run("export").stdout
    second = run("import", path)
    assert "professionals        5 (0 new, 0 changed, 5 unchanged)" in second.stdout
    assert run("export").stdout == before


def test_dry_run_writes_nothing(loaded, tmp_path):
    before = loaded("export").stdout
    document = small_document()
    document["professionals"][0]["name"] = "Someone Else"
    result = loaded("import", "--dry-run", write(tmp_path, document))
    assert result.exit_code == 0
    assert "1 changed" in result.stdout and "nothing written" in result.stdout
    assert loaded("export").stdout == before


def test_round_trip_through_the_command_line_is_byte_identical(loaded, tmp_path):
    first = loaded("export", str(tmp_path / "a.json"))
    assert first.exit_code == 0
    other = f"sqlite:///{tmp_path / 'other.db'}"
    assert loaded("import", str(tmp_path / "a.json"), store=other).exit_code == 0
    assert loaded("export", str(tmp_path / "b.json"), store=other).exit_code == 0
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def every_bad_thing() -> dict:
    document = small_document()
    document["expertise"].append({"id": "x" * 101, "label": "Te lang"})
    document["expertise"][1]["colour"] = "blue"
    document["teams"].append({"id": "wt-zuidoost", "name": "Dubbel"})
    document["professionals"][0]["expertise"] = [{"area": "dementia", "level": 4}]
    document["professionals"][1]["hours_per_half_year"] = -5
    document["professionals"][2]["organisation"] = "org-nowhere"
    del document["professionals"][3]["name"]
    document["cases"][0]["opened"] = "2025-13-01"
    document["cases"][1]["participants"][1]["hours"] = -1
    document["cases"][2]["closed"] = "2026-02-30"
    document["cases"][2]["participants"][0]["level"] = 0
    return document


EVERY_PROBLEM = [
    "expertise[1].colour: unknown key",
    "expertise[4].id: String should have at most 100 characters",
    "teams[2].id: duplicate id 'wt-zuidoost' (also teams[0])",
    "professionals[0].expertise[0].area: unknown expertise area 'dementia'",
    "professionals[0].expertise[0].level: Input should be less than or equal to 3",
    "professionals[1].hours_per_half_year: Input should be greater than or equal to 0",
    "professionals[2].organisation: unknown organisation 'org-nowhere'",
    "professionals[3].name: required field is missing",
    "cases[0].opened: not a valid date (month must be in 1..12)",
    "cases[1].participants[1].hours: Input should be greater than or equal to 0",
    "cases[2].closed: not a valid date (day is out of range for month)",
    "cases[2].participants[0].level: unknown key",
]


def test_a_document_with_every_kind_of_problem_reports_them_all(loaded, tmp_path):
    before = loaded("export").stdout
    result = loaded("import", write(tmp_path, every_bad_thing()))
    assert result.exit_code == 1
    for problem in EVERY_PROBLEM:
        assert problem in result.stderr
    assert "Traceback" not in result.output
    assert loaded("export").stdout == before


@pytest.mark.parametrize(("text", "expected"), [
    ("{not json", "line 1 column 2"),
    (json.dumps({"format": "kernteamdb/0"}), "format: Input should be 'kernteamdb/1'"),
    (json.dumps({"format": "kernteamdb/1", "teams": [{"id": "t"}]}),
     "teams[0].name: required field is missing"),
    (json.dumps({"format": "kernteamdb/1", "cases": [
        {"id": "c", "opened": "2026-01-01", "areas": ["nah"],
         "participants": [{"professional": "p-nobody"}]}]}),
     "cases[0].participants[0].professional: unknown professional 'p-nobody'"),
    (json.dumps({"format": "kernteamdb/1", "professionals": [
        {"id": "p-x", "name": "X", "expertise": [{"area": "nah", "level": 0}]}]}),
     "professionals[0].expertise[0].level: Input should be greater than or equal to 1"),
])
def test_each_bad_input_exits_1_and_changes_nothing(loaded, tmp_path, text, expected):
    before = loaded("export").stdout
    result = loaded("import", write(tmp_path, text))
    assert result.exit_code == 1
    assert expected in result.stderr
    assert loaded("export").stdout == before


def test_a_missing_file_is_a_clear_message(run, tmp_path):
    result = run("import", str(tmp_path / "nope.json"))
    assert result.exit_code == 1
    assert "cannot read" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize("kind", ["scheme", "missing", "text", "other-sqlite"])
@pytest.mark.parametrize("command", [["export"], ["search", "dementie"], ["path", "a", "b"]])
def test_a_store_that_cannot_be_opened_is_one_line_and_exit_2(tmp_path, kind, command):
    if kind == "scheme":
        url = "foo://x"
    elif kind == "missing":
        url = f"sqlite:///{tmp_path / 'missing.db'}"
    elif kind == "text":
        (tmp_path / "text.db").write_text("hello, I am not a database\n" * 100)
        url = f"sqlite:///{tmp_path / 'text.db'}"
    else:
        with sqlite3.connect(tmp_path / "other.db") as conn:
            conn.execute("CREATE TABLE invoices (id INTEGER)")
        url = f"sqlite:///{tmp_path / 'other.db'}"
    result = CliRunner().invoke(main, ["--store", url, *command])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_search_json_has_the_documented_shape(loaded):
    result = loaded("search", "geheugenproblemen", "--requester", "p-bram", "--team",
                    "wt-zuidoost", "--json", "--today", TODAY)
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert set(body) >= {"id", "took_ms", "results", "resources"}
    top = body["results"][0]
    assert set(top) == {"id", "name", "score", "organisation", "matched", "shared_cases", "path",
                        "hours_left", "why", "budget_level", "reasons"}
    assert top["id"] == "p-anna" and top["budget_level"] == "ok"
    # each why line also as a code with values, in the same order
    assert len(top["reasons"]) == len(top["why"])
    assert top["why"][0] == "Specialist dementie, 2 casussen, laatste aug 2026"
    first = top["reasons"][0]
    assert first["code"] == "level" and first["values"]["area"] == "dementie"
    assert first["values"]["level"] == 3 and first["values"]["cases"] == 2
    assert first["values"]["last"].startswith("2026-08")
    assert top["organisation"] == {"id": "org-vivent", "name": "Vivent"}
    assert top["matched"] == [{"area": "dementie", "via": "synonym 'geheugenproblemen'",
                               "level": 3, "cases": 2}]
    assert top["shared_cases"] == 2 and top["path"] == ["p-bram", "p-anna"]
    assert body["resources"] == [{"id": "org-cafe", "name": "Alzheimer Café", "line": "0",
                                  "wijken": ["Zuidoost"]}]


def test_search_names_the_need_no_one_available_meets_in_json_and_text(loaded):
    body = json.loads(loaded("search", "--area", "dementie", "--area", "nah", "--json",
                             "--today", TODAY).stdout)
    assert body["team"] == {"members": ["p-anna"], "covers": {"dementie": "p-anna"},
                            "cost": 0.0, "uncovered": ["nah"], "exact": True}  # the NAH expert is retired
    text = loaded("search", "--area", "dementie", "--area", "nah", "--today", TODAY).stdout
    assert "teamvoorstel: dementie: Anna de Vries (p-anna)" in text
    assert "niemand beschikbaar (met uren over dit halfjaar) voor: nah" in text


def test_search_is_deterministic_and_never_shows_inactive_people(loaded):
    def ranked():
        body = json.loads(loaded("search", "NAH", "--area", "dementie", "--json").stdout)
        return [(r["id"], r["score"]) for r in body["results"]]

    assert ranked() == ranked()
    assert "p-dina" not in [i for i, _ in ranked()]


def test_search_text_output_and_no_match(loaded):
    result = loaded("search", "dementie", "--today", TODAY)
    assert "Anna de Vries" in result.stdout and "Specialist dementie" in result.stdout
    nothing = loaded("search", "het regent")
    assert nothing.exit_code == 0 and "geen expertisegebied herkend" in nothing.stdout


@pytest.mark.parametrize(("args", "message"), [
    ([""], "type what the household needs"),
    (["x" * 501], "longer than 500 characters"),
    (["dementie", "--requester", "p-nobody"], "unknown professional 'p-nobody'"),
    (["dementie", "--team", "t-nobody"], "unknown team 't-nobody'"),
    (["--area", "nope"], "unknown expertise area 'nope'"),
    (["dementie", "--limit", "0"], "limit must be a whole number from 1 to 100"),
    (["dementie", "--limit", "101"], "limit must be a whole number from 1 to 100"),
])
def test_bad_searches_exit_2_with_a_message(loaded, args, message):
    result = loaded("search", *args)
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.output


def test_batch_search_answers_every_line_in_order(loaded, tmp_path):
    lines = [{"id": "q1", "q": "geheugenproblemen"},
             {"id": "q2", "areas": ["nah"]},
             {"id": "q3", "q": "dementie", "requester": "p-nobody"},
             "not json",
             {"id": "q5", "q": "schulden", "limit": 1}]
    path = tmp_path / "queries.jsonl"
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n")
    result = loaded("search", "--batch", str(path))
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o.get("id") for o in out] == ["q1", "q2", "q3", None, "q5"]
    assert out[0]["results"][0]["id"] == "p-anna"
    assert out[1]["results"] == []  # the only NAH expert is inactive
    assert out[2]["error"]["code"] == "not_found"
    assert out[3]["error"]["code"] == "invalid_input"
    assert len(out[4]["results"]) <= 1
    assert result.exit_code == 2  # some lines failed


def test_path_json_and_errors(loaded):
    result = loaded("path", "p-eva", "p-anna", "--json")
    assert json.loads(result.stdout) == {
        "from": "p-eva", "to": "p-anna", "path": ["p-eva", "p-bram", "p-anna"],
        "links": [{"a": "p-eva", "b": "p-bram", "kind": "team", "weight": 1.0},
                  {"a": "p-bram", "b": "p-anna", "kind": "shared_case", "weight": 2.0}]}
    text = loaded("path", "p-eva", "p-anna")
    assert "Bram Jansen" in text.stdout and "zelfde team" in text.stdout
    unknown = loaded("path", "p-eva", "p-nobody")
    assert unknown.exit_code == 2 and "unknown professional 'p-nobody'" in unknown.stderr


def test_unconnected_people_have_no_path(loaded, tmp_path):
    loaded("import", write(tmp_path, {"format": "kernteamdb/1",
                                      "professionals": [{"id": "p-solo", "name": "Solo"}]}))
    assert json.loads(loaded("path", "p-anna", "p-solo", "--json").stdout)["path"] is None


def test_demo_loads_and_refuses_a_real_pool(run, loaded, tmp_path):
    demo_url = f"sqlite:///{tmp_path / 'demo.db'}"
    result = run("demo", "--today", DEMO_TODAY.isoformat(), store=demo_url)
    assert result.exit_code == 0 and "demo network loaded" in result.stdout
    before = loaded("export").stdout
    refused = loaded("demo")
    assert refused.exit_code == 2 and "holds a real pool" in refused.stderr
    assert loaded("export").stdout == before

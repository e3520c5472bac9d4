"""The JSON API answers as the command line does, and browses the pool page by page."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tests.web.conftest import bearer
from web.cli.main import main

TODAY = "2026-11-16"


@pytest.fixture
def api(app, client, tokens):
    """GET as the wijkwerker (linked to p-bram), by token; search anchored to TODAY."""
    from datetime import date

    app.config["TODAY"] = date.fromisoformat(TODAY)
    return lambda url, role="wijkwerker": client.get(url, headers=bearer(tokens[role]))


def cli_json(store, *args):
    result = CliRunner().invoke(main, ["--store", store.url, *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def without_time(body):
    return {k: v for k, v in body.items() if k != "took_ms"}


@pytest.mark.parametrize("query", [
    "q=geheugenproblemen&requester=p-eva&team=wt-zuidoost",
    "q=dementie+en+schulden&wijk=Zuidoost&limit=3",
    "area=nah&area=dementie&requester=p-cees",
    "q=het+regent&requester=p-anna",
])
def test_search_answers_exactly_what_the_command_line_prints(api, pool, query):
    answer = api(f"/api/v1/search?{query}", role="admin")  # not linked: no requester of its own
    assert answer.status_code == 200
    args = ["search", "--json", "--today", TODAY]
    for pair in query.split("&"):
        name, value = pair.split("=")
        args += [value.replace("+", " ")] if name == "q" else [f"--{name}", value]
    assert without_time(answer.get_json()) == without_time(cli_json(pool, *args))


def test_search_uses_the_signed_in_professional_as_requester(api):
    mine = api("/api/v1/search?q=geheugenproblemen").get_json()
    anna = mine["results"][0]
    assert anna["id"] == "p-anna" and anna["path"] == ["p-bram", "p-anna"] and anna["shared_cases"] == 2
    theirs = api("/api/v1/search?q=geheugenproblemen&requester=p-eva").get_json()["results"][0]
    assert theirs["path"] != anna["path"]
    unlinked = api("/api/v1/search?q=geheugenproblemen", role="admin").get_json()["results"][0]
    assert unlinked["path"] is None and unlinked["shared_cases"] == 0


def test_lists_are_pages_in_id_order_with_a_total(api):
    first = api("/api/v1/professionals?limit=2").get_json()
    assert [p["id"] for p in first["items"]] == ["p-anna", "p-bram"]
    assert (first["total"], first["limit"], first["offset"]) == (5, 2, 0)
    rest = api("/api/v1/professionals?limit=2&offset=4").get_json()
    assert [p["id"] for p in rest["items"]] == ["p-eva"]
    assert api("/api/v1/professionals?offset=10").get_json()["items"] == []
    assert api("/api/v1/teams").get_json()["total"] == 2


def test_records_are_written_as_the_exchange_format_writes_them_with_their_version(api, pool):
    exported = json.loads(cli_json_text(pool))
    for kind, record in (("organisations", "org-cafe"), ("teams", "kt-zuidoost"),
                         ("expertise", "nah")):
        expected = next(r for r in exported[kind] if r["id"] == record)
        answer = api(f"/api/v1/{kind}/{record}")
        version = pool.versions(kind, [record])[record]
        assert answer.get_json() == {**expected, "version": version}
        assert answer.headers["ETag"] == f'"{version}"'
    anna = api("/api/v1/professionals/p-anna").get_json()
    hours = anna.pop("hours_this_half_year")
    assert anna.pop("version") == pool.versions("professionals", ["p-anna"])["p-anna"]
    assert anna == next(r for r in exported["professionals"] if r["id"] == "p-anna")
    assert hours == {"from": "2026-07-01", "to": "2026-12-31", "budget": 40, "used": 6.5, "left": 33.5}


def cli_json_text(store):
    result = CliRunner().invoke(main, ["--store", store.url, "export"])
    return result.stdout


def test_path_answers_what_path_json_prints(api, pool):
    answer = api("/api/v1/network/path?from=p-eva&to=p-anna").get_json()
    assert answer == cli_json(pool, "path", "p-eva", "p-anna", "--json")
    assert answer["path"] == ["p-eva", "p-bram", "p-anna"]


def test_the_ego_network_has_labelled_nodes_and_typed_edges(api):
    near = api("/api/v1/network/ego/p-anna").get_json()
    assert [(n["id"], n["label"], n["center"]) for n in near["nodes"]] == [
        ("p-anna", "Anna de Vries", True), ("p-bram", "Bram Jansen", False)]
    assert {(e["a"], e["b"], e["kind"], e["weight"]) for e in near["edges"]} == {
        ("p-anna", "p-bram", "shared_case", 2.0), ("p-anna", "p-bram", "knows", 1.0)}
    wider = api("/api/v1/network/ego/p-anna?depth=2").get_json()
    assert [n["id"] for n in wider["nodes"]] == ["p-anna", "p-bram", "p-eva"]
    assert wider["depth"] == 2 and all(n["kind"] == "professional" for n in wider["nodes"])


def test_stored_script_is_plain_data_in_json_and_escaped_in_html(store, tokens):
    """A name holding HTML comes back as the same text in JSON and as text, not
    markup, on a page."""
    from directory.accounts import users as accounts
    from directory.exchange.document import import_document
    from tests.web.conftest import signed_in_client
    from web import create_app

    evil = '<script>alert("x")</script><b>Evil</b>'
    import_document(json.dumps({"format": "kernteamdb/1", "professionals": [
        {"id": "p-evil", "name": evil, "role": "<img src=x onerror=alert(1)>"}]}), store)
    accounts.add_user(store, "evil", "specialist", "een goed lang wachtwoord", professional="p-evil")
    token = accounts.create_token(store, "evil")
    app = create_app({"TESTING": True}, store=store)
    answer = app.test_client().get("/api/v1/professionals/p-evil", headers=bearer(token))
    assert answer.get_json()["name"] == evil and answer.mimetype == "application/json"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    html = signed_in_client(app, "evil").get("/").get_data(as_text=True)
    assert "<script>alert" not in html and "<b>Evil</b>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;b&gt;Evil&lt;/b&gt;" in html

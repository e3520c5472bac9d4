"""The web app on a store that cannot save: a full disk answers 503 (the API's
``unavailable``, a Dutch page for people), reading and searching go on,
nothing is half-written, and ``/healthz`` says not ok. The health check tells
anyone only ok / not ok; an admin or an API token also gets the details."""

from __future__ import annotations

import shutil
import socket
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from directory.accounts import sessions
from directory.accounts import users as accounts
from directory.accounts.roles import User
from directory.errors import StoreUnavailable
from directory.exchange.document import export_document
from directory.ports import Store
from graph.stores import open_store
from tests.full_disk import fill_the_disk
from tests.read_only import as_a_reader, read_only_store
from tests.web.conftest import bearer, signed_in_client
from tests.web.test_edit_profile import form_of
from web import create_app


@pytest.fixture
def full_app(pool_file, tmp_path, monkeypatch) -> Iterator[Flask]:
    """The app on its own copy of the pool, on a disk that is full."""
    copy = tmp_path / "pool.db"
    shutil.copyfile(pool_file[0], copy)
    fill_the_disk(copy, monkeypatch)
    store = open_store(f"sqlite:///{copy}")
    yield create_app({"TESTING": True}, store=store)
    store.close()


def test_a_read_only_store_is_read_and_writes_get_a_503_in_dutch():
    made: dict[str, str] = {}

    def users(store: Store) -> None:
        for role in ("coordinator", "wijkwerker"):
            user = User(role, role, None, "x", datetime.now(UTC))
            store.add_user(user)
            # sessions live in the store: a read-only one can start none, so they start before
            made[role] = sessions.start(store, user, timedelta(hours=12))
        made["token"] = accounts.create_token(store, "coordinator")

    def signed_in(app: Flask, name: str) -> FlaskClient:
        client = app.test_client()
        with client.session_transaction() as session:
            session.update({"user": name, "since": int(time.time()), "sid": made[name]})
        return client

    with read_only_store(prepare=users) as path:
        def visit() -> dict[str, Any]:
            store = open_store(f"sqlite:///{path}")
            try:
                app = create_app({"TESTING": True, "SECRET_KEY": "x" * 32}, store=store)
                api = app.test_client()
                read = api.get("/api/v1/professionals/p-anna", headers=bearer(made["token"]))
                write = api.post("/api/v1/teams", headers=bearer(made["token"]),
                                 json={"name": "Kernteam West", "kind": "kernteam"})
                coordinator = signed_in(app, "coordinator")
                form = {**form_of(coordinator, "/profiel/p-cees/bewerken"), "bio": "Nieuw"}
                page = coordinator.post("/profiel/p-cees/bewerken", data=form)
                search = signed_in(app, "wijkwerker").get("/zoeken?q=dementie")
                return {"read": [read.status_code, read.get_json().get("name")],
                        "write": [write.status_code, write.get_json()["error"]],
                        "page": [page.status_code, page.get_data(as_text=True)],
                        "search": search.status_code, "health": health(app),
                        "bio": store.get("professionals", "p-cees").bio}
            finally:
                store.close()

        seen = as_a_reader(visit)
    assert seen["read"] == [200, "Anna de Vries"]
    assert seen["write"][0] == 503 and seen["write"][1]["code"] == "unavailable"
    assert "is read-only, so nothing was saved" in seen["write"][1]["message"]
    assert seen["page"][0] == 503 and "Alleen lezen" in seen["page"][1]
    assert "De gids kan nu alleen gelezen worden" in seen["page"][1]
    assert seen["search"] == 200 and seen["bio"] != "Nieuw"
    assert seen["health"] == [503, {"status": "unavailable"}]


def health(app: Flask, **headers: Any) -> tuple[int, dict[str, Any]]:
    answer = app.test_client().get("/healthz", headers=headers)
    return answer.status_code, answer.get_json()


def test_an_api_write_on_a_full_disk_is_a_503_unavailable_and_reads_go_on(full_app, tokens):
    store = full_app.extensions["kernteamdb.store"]
    before = export_document(store)
    client = full_app.test_client()
    answer = client.post("/api/v1/teams", headers=bearer(tokens["coordinator"]),
                         json={"name": "Kernteam West", "kind": "kernteam", "wijk": "West"})
    assert answer.status_code == 503
    error = answer.get_json()["error"]
    assert error["code"] == "unavailable" and error["message"].startswith("disk full:")
    assert export_document(store) == before
    read = client.get("/api/v1/professionals/p-anna", headers=bearer(tokens["wijkwerker"]))
    assert read.status_code == 200 and read.get_json()["name"] == "Anna de Vries"


def test_a_form_on_a_full_disk_gets_a_dutch_503_page_and_nothing_is_saved(full_app):
    store = full_app.extensions["kernteamdb.store"]
    coordinator = signed_in_client(full_app, "coordinator")
    form = {**form_of(coordinator, "/profiel/p-cees/bewerken"), "bio": "Een nieuwe bio"}
    answer = coordinator.post("/profiel/p-cees/bewerken", data=form)
    assert answer.status_code == 503 and "text/html" in answer.content_type
    page = answer.get_data(as_text=True)
    assert "De opslag is vol" in page and "Traceback" not in page
    assert store.get("professionals", "p-cees").bio != "Een nieuwe bio"


def test_healthz_says_not_ok_after_a_write_met_a_full_disk(full_app, tokens):
    assert health(full_app) == (200, {"status": "ok"})
    # a token's first use in an hour is written down (a small write that may still fit)
    assert health(full_app, **bearer(tokens["wijkwerker"]))[0] == 200
    full_app.test_client().post("/api/v1/teams", headers=bearer(tokens["coordinator"]),
                                json={"name": "Kernteam West", "kind": "kernteam"})
    assert health(full_app) == (503, {"status": "unavailable"})
    status, body = health(full_app, **bearer(tokens["wijkwerker"]))
    assert status == 503 and body["reason"].startswith("disk full:")


def test_healthz_says_not_ok_when_the_disk_is_almost_full(app, monkeypatch):
    monkeypatch.setattr(shutil, "disk_usage", lambda path: shutil._ntuple_diskusage(10**9, 10**9, 4096))
    assert health(app) == (503, {"status": "unavailable"})


def test_anonymous_healthz_says_only_ok_and_admins_and_tokens_see_the_revision(app, pool, tokens):
    assert health(app) == (200, {"status": "ok"})
    revision = pool.revision()
    assert health(app, **bearer(tokens["wijkwerker"])) == (200, {"status": "ok", "revision": revision})
    assert health(app, **bearer("kt_wrong")) == (200, {"status": "ok"})
    admin = signed_in_client(app, "admin").get("/healthz").get_json()
    assert admin == {"status": "ok", "revision": revision}
    assert signed_in_client(app, "coordinator").get("/healthz").get_json() == {"status": "ok"}


def test_a_store_that_cannot_be_reached_is_not_ok_without_saying_why(monkeypatch, caplog):
    monkeypatch.setenv("KERNTEAMDB_NEO4J_CONNECT_TIMEOUT", "1")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app({"TESTING": True, "STORE_URL": f"bolt://127.0.0.1:{port}?database=kt",
                      "SECRET_KEY": "x" * 32})
    try:
        assert health(app) == (503, {"status": "unavailable"})
    finally:
        app.extensions["kernteamdb.store"].close()
    assert "cannot reach the Neo4j server" in caplog.text  # the operator reads why in the log


def test_a_store_failing_at_a_download_is_a_503_before_anything_is_sent(app, monkeypatch):
    def fails() -> None:
        raise StoreUnavailable("the store kept changing while it was read")

    monkeypatch.setattr(app.extensions["kernteamdb.store"], "records_at_one_revision", fails)
    answer = signed_in_client(app, "coordinator").get("/beheer/export/kernteamdb.json")
    assert answer.status_code == 503 and "text/html" in answer.content_type

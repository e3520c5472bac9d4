"""When the Neo4j server fails: a server that is down at start gives a clear
error (the command line exits 2; the web app answers 503, ``/healthz`` says
not ok and the server's log why), and a server restarted while the app runs is used again without
restarting the app. These tests stop and start a server of their own."""

from __future__ import annotations

import json
import socket
import time
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from devkit.bolt_server import BoltServer
from directory.accounts.roles import User
from directory.accounts.users import TOKEN_PREFIX
from directory.errors import StoreUnavailable
from graph.stores import open_store
from tests.conftest import small_document
from web import create_app
from web.cli.main import main

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]


@pytest.fixture(autouse=True)
def quick_timeouts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KERNTEAMDB_NEO4J_CONNECT_TIMEOUT", "1")


def _nobody_listening() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"bolt://127.0.0.1:{port}?database=kt"


def test_the_command_line_says_the_server_is_down_and_exits_2():
    result = CliRunner().invoke(main, ["--store", _nobody_listening(), "export"])
    assert result.exit_code == 2
    assert "cannot reach the Neo4j server at bolt://127.0.0.1:" in result.output
    assert "Traceback" not in result.output


def test_the_web_app_starts_and_answers_503_while_the_server_is_down():
    app = create_app({"TESTING": True, "STORE_URL": _nobody_listening(), "SECRET_KEY": "x" * 32})
    client = app.test_client()
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.get_json() == {"status": "unavailable"}  # why: in the log, not to anyone
    api = client.get("/api/v1/professionals", headers={"Authorization": f"Bearer {TOKEN_PREFIX}abc"})
    assert api.status_code == 503
    assert api.get_json()["error"]["code"] == "unavailable"
    app.config["WTF_CSRF_ENABLED"] = False
    page = client.post("/inloggen", data={"name": "x", "password": "y"})
    assert page.status_code == 503
    assert "text/html" in page.content_type


def test_a_wrong_password_is_a_clear_error(own_server: BoltServer):
    url = own_server.new_database()
    with pytest.raises(StoreUnavailable, match="refused the user name or password"):
        open_store(url, create=True).revision()


def test_a_restarted_server_is_used_again_without_restarting_the_app(own_server: BoltServer,
                                                                      monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("KERNTEAMDB_NEO4J_USER", own_server.user)
    monkeypatch.setenv("KERNTEAMDB_NEO4J_PASSWORD", own_server.password)
    url = own_server.new_database()
    store = open_store(url, create=True)
    from directory.exchange.document import import_document

    import_document(json.dumps(small_document()), store)
    store.add_user(User("coordinator", "coordinator", None, "x", datetime.now(UTC)))
    app = create_app({"TESTING": True, "SECRET_KEY": "x" * 32}, store=store)
    client = app.test_client()
    assert client.get("/healthz").status_code == 200
    try:
        own_server.halt()
        down = client.get("/healthz")
        assert down.status_code == 503 and down.get_json() == {"status": "unavailable"}
        with pytest.raises(StoreUnavailable):
            store.get("professionals", "p-anna")
    finally:
        own_server.resume()
    # the app finds the server again by itself; the first look after the restart
    # may outlast the health check's 0.8 s on a busy machine, so it is asked again
    deadline = time.monotonic() + 15
    while (up := client.get("/healthz")).status_code != 200 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert up.status_code == 200, up.get_json()
    assert store.get("professionals", "p-anna").name == "Anna de Vries"
    assert store.count("cases") == 3
    store.close()


def test_a_database_holding_other_data_is_not_taken_over(own_server: BoltServer,
                                                       monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("KERNTEAMDB_NEO4J_USER", own_server.user)
    monkeypatch.setenv("KERNTEAMDB_NEO4J_PASSWORD", own_server.password)
    from graph.stores.neo4j.connection import Bolt

    url = own_server.new_database()
    other = Bolt(url, user=own_server.user, password=own_server.password)
    other.execute("CREATE (:Thing {name: 'iets van een ander'})")
    other.close()
    with pytest.raises(StoreUnavailable, match="holds other data"):
        open_store(url, create=True).revision()


def test_a_password_in_a_bad_url_is_never_shown():
    with pytest.raises(StoreUnavailable) as raised:
        open_store("neo4j+sc://neo4j:geheim@db.example.org")
    assert "geheim" not in str(raised.value)
    with pytest.raises(StoreUnavailable, match="port") as raised:
        open_store("bolt://neo4j:geheim@db.example.org:99999")
    assert "geheim" not in str(raised.value)

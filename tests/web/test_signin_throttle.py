"""Sign-in under abuse (issue 16, findings 1 and 2): a flood is answered 429
without a password check for every attempt, wrong passwords from one address
do not lock the real user out elsewhere, paused attempts do not fill the
audit trail, and X-Forwarded-For counts only from a trusted proxy."""

from __future__ import annotations

import math
import re
import secrets
import shutil
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from directory.accounts import users as accounts
from directory.errors import InvalidInput
from graph.stores import open_store
from tests.web.conftest import PASSWORD, csrf_token, signed_in_client
from web import create_app
from web.client_address import client_address, client_key, trusted_proxies

ATTACKER, USER = "203.0.113.66", "198.51.100.7"


class CountingHasher:
    """The real argon2 hasher, counting password checks (and able to hold them)."""

    def __init__(self, real: Any) -> None:
        self.real, self.checks, self.hold = real, 0, threading.Event()
        self.hold.set()
        self.lock = threading.Lock()

    def verify(self, stored: str, password: str) -> bool:
        with self.lock:
            self.checks += 1
        self.hold.wait(10)
        return bool(self.real.verify(stored, password))

    def hash(self, password: str) -> str:
        return str(self.real.hash(password))


@pytest.fixture
def hasher(monkeypatch) -> CountingHasher:
    counting = CountingHasher(accounts._hasher)
    accounts._dummy_hash()  # made before counting starts
    monkeypatch.setattr(accounts, "_hasher", counting)
    return counting


@pytest.fixture
def make_app(pool_file, tmp_path) -> Iterator[Any]:
    """``make_app(**config)``: an app on its own copy of the pool."""
    stores = []

    def make(**config: Any) -> Flask:
        copy = tmp_path / f"pool-{len(stores)}.db"
        shutil.copyfile(pool_file[0], copy)
        stores.append(open_store(f"sqlite:///{copy}"))
        return create_app({"TESTING": True, **config}, store=stores[-1])

    yield make
    for store in stores:
        store.close()


def attempt(client: FlaskClient, name: str, password: str, address: str = "127.0.0.1",
            forwarded: str | None = None) -> Any:
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    environ = {"REMOTE_ADDR": address}
    if not hasattr(client, "token"):
        client.token = csrf_token(client)  # type: ignore[attr-defined]
    return client.post("/inloggen", data={"csrf_token": client.token, "name": name,  # type: ignore[attr-defined]
                                          "password": password},
                       headers=headers, environ_base=environ)


def signin_audit(app: Flask, action: str, after: int = 0) -> list[Any]:
    """The sign-in entries of ``action`` after the first ``after`` entries of the trail
    (the copied pool may hold sign-ins of other tests)."""
    entries = app.extensions["kernteamdb.store"].audit_entries(kind="signin")
    return [e for e in entries[after:] if e.action == action]


def test_a_flood_of_random_names_is_answered_429_without_checking_every_password(make_app, hasher):
    app = make_app()
    flood = app.test_client()
    started = time.monotonic()
    answers = [attempt(flood, secrets.token_hex(6), secrets.token_hex(8)) for _ in range(60)]
    refilled = math.ceil((time.monotonic() - started) / 3)  # the allowance grows by 20 a minute
    refused = [a for a in answers if a.status_code == 429]
    assert hasher.checks <= 20 + refilled and len(refused) >= 40 - refilled
    assert all(int(a.headers["Retry-After"]) >= 1 for a in refused)
    assert "Probeer het over een paar seconden opnieuw." in refused[-1].get_data(as_text=True)
    # another address still signs in at once
    assert attempt(app.test_client(), "admin", PASSWORD, address=USER).status_code == 302


def test_while_every_password_check_runs_another_attempt_is_refused_at_once(make_app, hasher):
    app = make_app(SIGNIN_CHECKS_AT_ONCE=2)
    hasher.hold.clear()  # the checks that start now wait
    clients = [app.test_client() for _ in range(3)]
    for client in clients:
        client.token = csrf_token(client)  # type: ignore[attr-defined]
    results: dict[int, Any] = {}

    def run(number: int) -> None:
        results[number] = attempt(clients[number], "admin", "fout wachtwoord", address=f"10.0.0.{number + 1}")

    slow = [threading.Thread(target=run, args=(n,)) for n in range(2)]
    for thread in slow:
        thread.start()
    deadline = time.monotonic() + 5
    while hasher.checks < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    third = threading.Thread(target=run, args=(2,))
    third.start()
    third.join(3)
    finished_at_once = not third.is_alive()
    hasher.hold.set()
    for thread in [*slow, third]:
        thread.join(10)
    assert finished_at_once and results[2].status_code == 429
    assert results[2].headers["Retry-After"] == "1"
    assert [results[n].status_code for n in range(2)] == [401, 401]


def test_five_wrong_passwords_elsewhere_do_not_lock_the_real_user_out(make_app):
    app = make_app()
    attacker = app.test_client()
    for _ in range(5):
        assert attempt(attacker, "admin", "geraden wachtwoord", address=ATTACKER).status_code == 401
    paused = attempt(attacker, "admin", PASSWORD, address=ATTACKER)
    assert paused.status_code == 429
    assert "Probeer het over 15 minuten opnieuw." in paused.get_data(as_text=True)
    assert int(paused.headers["Retry-After"]) > 14 * 60
    assert attempt(app.test_client(), "admin", PASSWORD, address=USER).status_code == 302


def test_a_run_of_paused_attempts_writes_a_bounded_number_of_audit_rows(make_app):
    app = make_app(SIGNIN_PER_MINUTE=1000)  # every attempt reaches the pause of the name
    before = len(app.extensions["kernteamdb.store"].audit_entries(kind="signin"))
    attacker = app.test_client()
    for _ in range(5):
        attempt(attacker, "admin", "geraden wachtwoord", address=ATTACKER)
    answers = [attempt(attacker, "admin", "geraden wachtwoord", address=ATTACKER).status_code
               for _ in range(300)]
    assert set(answers) == {429}
    assert len(signin_audit(app, "sign_in_failed", before)) == 5
    paused = signin_audit(app, "sign_in_paused", before)
    assert len(paused) == 1 and paused[0].user == "admin" and paused[0].after == {"attempts": 1}
    # the other 299 are counted, and written as one row when the window is over (tests/unit/test_signin.py)


def test_x_forwarded_for_is_ignored_unless_from_a_trusted_proxy(make_app, monkeypatch):
    direct = make_app()
    attacker = direct.test_client()
    for number in range(5):  # a new made-up address each time: still one client
        attempt(attacker, "admin", "geraden wachtwoord", forwarded=f"192.0.2.{number}")
    assert attempt(attacker, "admin", PASSWORD, forwarded="192.0.2.200").status_code == 429

    monkeypatch.setenv("KERNTEAMDB_TRUSTED_PROXIES", "127.0.0.1, 10.9.0.0/16")
    proxied = make_app()
    attacker = proxied.test_client()
    for _ in range(5):
        attempt(attacker, "admin", "geraden wachtwoord", forwarded=f"{ATTACKER}, 10.9.1.1")
    assert attempt(attacker, "admin", PASSWORD, forwarded=ATTACKER).status_code == 429
    assert attempt(proxied.test_client(), "admin", PASSWORD, forwarded=USER).status_code == 302


@pytest.mark.parametrize(("variable", "value"), [("KERNTEAMDB_TRUSTED_PROXIES", "10.0.0.1, proxy.example"),
                                                 ("KERNTEAMDB_SIGNIN_PER_MINUTE", "veel"),
                                                 ("KERNTEAMDB_SIGNIN_CHECKS_AT_ONCE", "0")])
def test_a_wrong_sign_in_setting_stops_the_app_with_a_clear_message(pool, monkeypatch, variable, value):
    monkeypatch.setenv(variable, value)
    with pytest.raises(InvalidInput, match=variable):
        create_app({"TESTING": True}, store=pool)


def test_a_client_with_no_attempts_left_is_refused_before_its_form_is_read(make_app, hasher):
    app = make_app(SIGNIN_PER_MINUTE=3)
    flood = app.test_client()
    for _ in range(3):
        attempt(flood, "admin", "geraden wachtwoord")
    before = len(app.extensions["kernteamdb.store"].audit_entries(kind="signin"))
    answers = [flood.post("/inloggen", data={"name": "admin", "password": "x"}) for _ in range(50)]
    assert {a.status_code for a in answers} == {429}  # not 400 for the missing CSRF token: unread
    assert hasher.checks == 3 and 1 <= int(answers[-1].headers["Retry-After"]) <= 20
    page = answers[-1].get_data(as_text=True)
    assert '<html lang="nl">' in page and "Probeer het over een paar seconden opnieuw." in page
    assert answers[-1].headers["X-Frame-Options"] == "DENY"
    counted = signin_audit(app, "sign_in_paused", before)
    assert [(e.user, e.after) for e in counted] == [("(name not read)", {"attempts": 1})]
    # other clients, and other pages, are not affected
    assert attempt(app.test_client(), "admin", PASSWORD, address=USER).status_code == 302
    assert flood.get("/inloggen").status_code == 200


PROXIES = "10.9.0.0/16, 2001:db8:9::/48"


@pytest.mark.parametrize(("remote", "forwarded", "client"), [
    ("203.0.113.66", "198.51.100.7", "203.0.113.66"),  # not from a proxy: the header is ignored
    ("10.9.0.1", "198.51.100.7", "198.51.100.7"),
    ("10.9.0.1", "1.1.1.1, 198.51.100.7", "198.51.100.7"),  # what the client wrote itself is not believed
    ("10.9.0.1", "198.51.100.7, 10.9.0.2", "198.51.100.7"),  # two proxies of ours
    ("10.9.0.1", "198.51.100.7:50123", "198.51.100.7"),
    ("10.9.0.1", "[2001:db8::7]:443", "2001:db8::7"),
    ("2001:db8:9::1", "198.51.100.7", "198.51.100.7"),
    ("10.9.0.1", "198.51.100.7, unknown", "10.9.0.1"),  # a damaged header: the proxy itself
    ("10.9.0.1", "", "10.9.0.1"),
])
def test_the_client_is_the_nearest_address_that_is_not_a_trusted_proxy(remote, forwarded, client):
    assert client_address(remote, [forwarded] if forwarded else [], trusted_proxies(PROXIES)) == client


def test_one_ipv6_network_is_one_client_and_the_key_is_no_address():
    first, second = client_key("2001:db8:1:2::1", "geheim"), client_key("2001:db8:1:2:ffff::9", "geheim")
    assert first == second != client_key("2001:db8:1:3::1", "geheim")
    assert client_key("198.51.100.7", "geheim") != client_key("198.51.100.7", "ander geheim")
    assert re.fullmatch(r"[0-9a-f]{16}", client_key("198.51.100.7", "geheim"))  # a keyed hash


def test_guessing_the_current_password_with_an_open_session_is_bounded_like_signing_in(make_app, hasher):
    app = make_app(SIGNIN_PER_MINUTE=5)
    client = signed_in_client(app, "triagist")
    token = csrf_token(client, "/wachtwoord")
    answers = [client.post("/wachtwoord", data={"csrf_token": token, "current": f"gok {n}",
                                                "password": "een nieuw lang wachtwoord",
                                                "repeat": "een nieuw lang wachtwoord"})
               for n in range(15)]
    assert [a.status_code for a in answers[:5]] == [400] * 5  # "Dit is niet je huidige wachtwoord."
    assert {a.status_code for a in answers[5:]} == {429} and hasher.checks <= 6
    assert "Probeer het over een paar seconden opnieuw." in answers[-1].get_data(as_text=True)
    assert int(answers[-1].headers["Retry-After"]) >= 1

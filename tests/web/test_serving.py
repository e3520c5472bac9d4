"""How `kernteamdb serve` queues requests (web/serving.py): during a sign-in
flood other requests are served first, and the flood gets a bounded number
of answers a second (issue 16, finding 1)."""

from __future__ import annotations

import http.client
import json
import re
import threading
import time
import urllib.parse
from types import SimpleNamespace

import pytest
from waitress.server import create_server

from directory.accounts import users as accounts
from directory.exchange.document import import_document
from graph.stores import open_store
from tests.conftest import small_document
from tests.served import serving as running
from web import serving

STRONG = "een goed lang wachtwoord"


def connection(method: str, path: str) -> SimpleNamespace:
    """What waitress queues: a connection, its next request first."""
    return SimpleNamespace(requests=[SimpleNamespace(command=method, path=path)])


def test_other_requests_go_before_queued_sign_in_posts():
    dispatcher = serving.SignInLastDispatcher()  # no threads: the queue stays as it is put
    posts = [connection("POST", "/inloggen") for _ in range(3)]
    search, page = connection("GET", "/api/v1/search?q=x"), connection("GET", "/inloggen")
    for queued in (*posts, search, page):
        dispatcher.add_task(queued)
    assert list(dispatcher.queue) == [search, page, *posts]


def test_a_sign_in_post_that_waited_long_enough_is_no_longer_overtaken(monkeypatch):
    dispatcher = serving.SignInLastDispatcher()
    clock = [100.0]
    monkeypatch.setattr(serving.time, "monotonic", lambda: clock[0])
    old = connection("POST", "/inloggen")
    dispatcher.add_task(old)
    clock[0] += serving.OVERTAKE_FOR
    young = connection("POST", "/inloggen")
    dispatcher.add_task(young)
    search = connection("GET", "/zoeken?q=x")
    dispatcher.add_task(search)
    assert list(dispatcher.queue) == [old, search, young]


def app(environ, start_response):
    refused = environ["REQUEST_METHOD"] == "POST"
    start_response("429 Too Many Requests" if refused else "200 OK", [("Content-Length", "2")])
    return [b"no" if refused else b"ok"]


@pytest.mark.slow
def test_a_sign_in_flood_is_slowed_down_and_other_requests_are_served_meanwhile():
    server = create_server(app, host="127.0.0.1", port=0, _dispatcher=serving.dispatcher(4))
    threading.Thread(target=server.run, daemon=True).start()
    port, answers, stop = server.effective_port, [], threading.Event()

    def flood() -> None:
        client = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while not stop.is_set():
            client.request("POST", "/inloggen", body=b"name=x", headers={
                "Content-Type": "application/x-www-form-urlencoded"})
            answers.append(client.getresponse().read())
        client.close()

    try:
        flooders = [threading.Thread(target=flood) for _ in range(16)]
        for thread in flooders:
            thread.start()
        time.sleep(0.3)
        waits = []
        user = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        started = time.monotonic()
        while time.monotonic() - started < 1.0:
            asked = time.monotonic()
            user.request("GET", "/api/v1/search?q=x")
            assert user.getresponse().read() == b"ok"
            waits.append(time.monotonic() - asked)
        user.close()
        stop.set()
        for thread in flooders:
            thread.join()
        seconds = time.monotonic() - started + 0.3
    finally:
        server.close()
    most = serving.SIGN_IN_THREADS / serving.SIGN_IN_PAUSE * seconds + 16
    assert set(answers) == {b"no"} and len(answers) <= most
    assert sorted(waits)[len(waits) // 2] < 0.1  # not behind 16 queued sign-in posts


def sign_in_via_proxy(port: int, address: str, password: str) -> int:
    """Sign in as anna the way a proxy on loopback passes a browser at ``address``."""
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        client.request("GET", "/inloggen", headers={"X-Forwarded-For": address})
        form = client.getresponse()
        cookie = form.getheader("Set-Cookie").split(";", 1)[0]
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form.read().decode()).group(1)
        client.request("POST", "/inloggen", headers={
            "X-Forwarded-For": address, "Cookie": cookie,
            "Content-Type": "application/x-www-form-urlencoded"},
            body=urllib.parse.urlencode({"csrf_token": token, "name": "anna", "password": password}))
        answer = client.getresponse()
        answer.read()
        return answer.status
    finally:
        client.close()


@pytest.mark.slow
def test_behind_a_trusted_proxy_serve_tells_the_attacker_from_the_real_user(store_url, monkeypatch):
    """X-Forwarded-For reaches the app, which believes it from the trusted proxy; the pause
    for wrong passwords is kept in the store, so it holds at whichever worker is asked."""
    store = open_store(store_url, create=True)
    import_document(json.dumps(small_document()), store)
    accounts.add_user(store, "anna", "specialist", STRONG)
    store.close()
    monkeypatch.setenv("KERNTEAMDB_TRUSTED_PROXIES", "127.0.0.1")
    with running(store_url, "--plain-http", "--workers", "2") as served:
        port = served.port
        attacker = [sign_in_via_proxy(port, "203.0.113.66", "geraden wachtwoord") for _ in range(5)]
        assert attacker == [401] * 5
        assert sign_in_via_proxy(port, "203.0.113.66", STRONG) == 429  # the attacker's address is paused
        assert sign_in_via_proxy(port, "198.51.100.7", STRONG) == 302  # the real user's is not

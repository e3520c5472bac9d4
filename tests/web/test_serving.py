"""How `kernteamdb serve` queues requests (web/serving.py): during a sign-in
flood other requests are served first, and the flood gets a bounded number
of answers a second (issue 16, finding 1)."""

from __future__ import annotations

import http.client
import threading
import time
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from waitress.server import create_server

from web import serving
from web.cli import main


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


def test_kernteamdb_serve_queues_sign_in_posts_last(monkeypatch, tmp_path):
    import waitress

    used = {}
    monkeypatch.setattr(waitress, "serve", lambda app, **options: used.update(options))
    result = CliRunner().invoke(main, ["--store", f"sqlite:///{tmp_path / 'x.db'}", "serve", "--port", "0",
                                       "--threads", "3"])
    assert result.exit_code == 0, result.output
    dispatcher = used["_dispatcher"]
    assert isinstance(dispatcher, serving.SignInLastDispatcher) and len(dispatcher.threads) == 3
    dispatcher.shutdown()

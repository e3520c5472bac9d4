"""`kernteamdb serve --workers N`: N worker processes on one store behave as one
server — a session and a form made at one worker are good at the others, a
write at one is read at the others, the metrics add up over all of them, a
worker that dies is replaced, and SIGTERM stops them all and leaves nothing."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import threading
import time
import urllib.parse

import pytest

from directory.accounts import users as accounts
from graph.stores import open_store
from tests.served import Served, serving
from web import serving as serving_queue

pytestmark = pytest.mark.slow
PASSWORD = "een goed lang wachtwoord"


def ask(served: Served, method: str, path: str, cookie: str = "", body: dict[str, str] | None = None,
        headers: dict[str, str] | None = None) -> tuple[int, str, http.client.HTTPResponse]:
    """One request on a new connection (so the kernel may hand it to any worker)."""
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
    sent = {"Cookie": cookie, "Connection": "close", **(headers or {})}
    data = urllib.parse.urlencode(body) if body is not None else None
    if data is not None:
        sent["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=data, headers=sent)
    response = connection.getresponse()
    text = response.read().decode()
    connection.close()
    return response.status, text, response


def sign_in(served: Served) -> str:
    status, page, response = ask(served, "GET", "/inloggen")
    cookie = response.getheader("Set-Cookie", "").split(";")[0]
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    status, _, response = ask(served, "POST", "/inloggen", cookie,
                              {"csrf_token": csrf, "name": "coco", "password": PASSWORD, "next": "/"})
    assert status == 302, "the sign-in was refused"
    return response.getheader("Set-Cookie", "").split(";")[0]


def metric(served: Served, name: str) -> float:
    _, text, _ = ask(served, "GET", "/metrics")
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
               if line.startswith(name) and not line.startswith("#"))


@pytest.fixture
def coordinator_store(store_url):
    store = open_store(store_url, create=True)
    accounts.add_user(store, "coco", "coordinator", PASSWORD)
    store.close()
    return store_url


def test_two_workers_share_sessions_forms_writes_and_metrics(coordinator_store, tmp_path):
    folder = {"TMPDIR": str(tmp_path)}
    with serving(coordinator_store, "--workers", "2", "--plain-http", env=folder) as served:
        assert len(served.workers()) == 2
        cookie = sign_in(served)
        answers = [ask(served, "GET", "/", cookie)[0] for _ in range(30)]
        assert answers == [200] * 30  # signed in at whichever worker answered
        # a form from one connection is posted on another: the CSRF token is good everywhere
        for number in range(6):
            _, page, response = ask(served, "GET", "/taxonomie/nieuw", cookie)
            cookie = response.getheader("Set-Cookie", cookie).split(";")[0]  # the form's token is in it
            csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
            status, page, _ = ask(served, "POST", "/taxonomie/nieuw", cookie,
                                  {"csrf_token": csrf, "id": f"werkers-{number}", "label": f"Gebied {number}",
                                   "broader": ""})
            assert status == 302, page
        listed = [ask(served, "GET", "/api/v1/expertise", cookie)[1].count('"werkers-') for _ in range(6)]
        assert listed == [6] * 6  # every worker reads every write
        assert metric(served, "kernteamdb_workers") == 2
        assert metric(served, 'kernteamdb_requests_total{method="GET",route="/"') == 30
    assert served.returncode == 0
    assert not list(tmp_path.glob("kernteamdb-metrics-*"))  # the run's metric files are gone


def test_a_worker_that_dies_is_replaced(coordinator_store):
    with serving(coordinator_store, "--workers", "2", "--plain-http") as served:
        first = served.workers()
        os.kill(first[0], signal.SIGKILL)
        deadline = time.monotonic() + 30
        while (now := served.workers()) == first or len(now) < 2:
            assert time.monotonic() < deadline, "no new worker in 30 s"
            time.sleep(0.2)
        assert first[0] not in now
        while metric(served, "kernteamdb_workers") != 2:
            assert time.monotonic() < deadline, "the workers gauge still counts the dead worker"
            time.sleep(0.2)
        assert [ask(served, "GET", "/healthz")[0] for _ in range(10)] == [200] * 10


def test_a_sign_in_flood_gets_a_bounded_number_of_answers_and_others_go_first(coordinator_store):
    """Each worker serves with waitress and the sign-in-last queue (web.serving): 16
    clients posting to /inloggen as fast as they are answered get about 100 answers a
    second per worker, and a request from someone else is answered meanwhile at once."""
    with serving(coordinator_store, "--workers", "2", "--threads", "4", "--plain-http") as served:
        answers, stop = [], threading.Event()

        def flood() -> None:
            client = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
            while not stop.is_set():
                client.request("POST", "/inloggen", body=b"name=x&password=y",
                               headers={"Content-Type": "application/x-www-form-urlencoded"})
                answer = client.getresponse()
                answer.read()
                answers.append(answer.status)
                if answer.getheader("Connection", "").lower() == "close":
                    client.close()
            client.close()

        flooders = [threading.Thread(target=flood) for _ in range(16)]
        for thread in flooders:
            thread.start()
        time.sleep(0.3)
        started, waits = time.monotonic(), []
        while time.monotonic() - started < 2.0:
            asked = time.monotonic()
            assert ask(served, "GET", "/healthz")[0] == 200
            waits.append(time.monotonic() - asked)
        stop.set()
        for thread in flooders:
            thread.join()
        seconds = time.monotonic() - started + 0.3
    most = 2 * serving_queue.SIGN_IN_THREADS / serving_queue.SIGN_IN_PAUSE * seconds + 32
    assert set(answers) <= {400, 429} and len(answers) <= most
    assert sorted(waits)[len(waits) // 2] < 0.1  # not behind the queued sign-in posts


def test_on_sigterm_a_request_under_way_is_still_answered(coordinator_store):
    with serving(coordinator_store, "--workers", "2", "--plain-http") as served:
        with socket.create_connection(("127.0.0.1", served.port), timeout=10) as slow:
            slow.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # half a request
            time.sleep(0.5)
            served.process.terminate()  # what systemd sends
            time.sleep(1.5)
            slow.sendall(b"\r\n")
            answer = slow.recv(4096)
        assert answer.startswith(b"HTTP/1.1 200")
        assert served.process.wait(timeout=30) == 0


def test_the_log_as_json_lines_includes_the_servers_own_lines(coordinator_store):
    with serving(coordinator_store, "--workers", "1", "--log-format", "json") as served:
        assert ask(served, "GET", "/healthz")[0] == 200
    after_start = served.output.split("Ctrl+C stops)\n", 1)[1].splitlines()
    parsed = [json.loads(line) for line in after_start]  # every line is one JSON object
    messages = [line.get("message", "") for line in parsed]
    assert any(m.startswith("Starting gunicorn") for m in messages)
    assert any(m.startswith("Booting worker") for m in messages)
    assert any(p.get("path") == "/healthz" and p.get("status") == 200 for p in parsed)

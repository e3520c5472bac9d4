"""The Neo4j store through a database outage, as an operations team meets it:
``kernteamdb serve`` started while the server is down comes up, answers 503
quickly (``/healthz`` within 1 s, pages within 2 s) and recovers by itself;
writers that clash are tried again until they get through; the command line
says "cannot reach" in a second or two, in one line, without the driver's
chatter; a stopping server is not mistaken for refused credentials. These
tests stop and start a server of their own."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from devkit.bolt_server import BoltServer
from directory.accounts import users as accounts
from directory.errors import DirectoryError, StoreUnavailable
from directory.exchange.document import import_document
from directory.pool import maintain
from graph.stores import open_store
from tests.conftest import small_document
from web.cli.main import main

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]


@pytest.fixture(autouse=True)
def credentials(own_server: BoltServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """The server's credentials for every store opened here, and for the commands started."""
    monkeypatch.setenv("KERNTEAMDB_NEO4J_USER", own_server.user)
    monkeypatch.setenv("KERNTEAMDB_NEO4J_PASSWORD", own_server.password)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str, token: str | None = None) -> tuple[int, float]:
    """The status of a GET and the seconds it took."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    started = time.monotonic()
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=20) as r:
            status = r.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    return status, time.monotonic() - started


def first_answer(base: str, server: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            get(f"{base}/healthz")
            return
        except OSError:
            assert server.poll() is None, f"serve ended: {server.communicate()[0]}"
            assert time.monotonic() < deadline, "serve did not answer in 60 s"
            time.sleep(0.2)


@contextmanager
def serving(url: str, said: list[str]) -> Iterator[str]:
    """``kernteamdb serve`` on ``url`` as a process of its own; its address,
    and what it wrote into ``said`` once it stopped."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "web.cli", "--store", url, "serve", "--port", str(port), "--plain-http"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        first_answer(base, server)
        yield base
    finally:
        server.terminate()
        said.append(server.communicate(timeout=30)[0])


def small_store_with_token(server: BoltServer) -> tuple[str, str]:
    """A new database holding the small pool, and an API token of a user in it."""
    url = server.new_database()
    store = open_store(url, create=True)
    import_document(json.dumps(small_document()), store)
    accounts.add_user(store, "anna", "specialist", "een goed lang wachtwoord")
    token = accounts.create_token(store, "anna")
    store.close()
    return url, token


def answers_503_quickly(base: str, token: str) -> None:
    """/healthz 503 within 1 s, a page and the API 503 within 2 s."""
    for _ in range(3):
        status, took = get(f"{base}/healthz")
        assert status == 503 and took < 1.0, (status, took)
    for path, who in (("/inloggen", None), ("/api/v1/professionals", token)):
        status, took = get(f"{base}{path}", who)
        assert status == 503 and took < 2.0, (path, status, took)


def answers_200_again(base: str, token: str) -> None:
    deadline = time.monotonic() + 30
    while get(f"{base}/healthz")[0] != 200:
        assert time.monotonic() < deadline, "serve did not recover in 30 s after the server came back"
        time.sleep(0.2)
    assert get(f"{base}/inloggen")[0] == 200
    assert get(f"{base}/api/v1/professionals", token)[0] == 200


def test_serve_started_while_the_server_is_down_answers_503_quickly_and_recovers(own_server):
    url, token = small_store_with_token(own_server)
    said: list[str] = []
    own_server.halt()
    try:
        with serving(url, said) as base:
            answers_503_quickly(base, token)
            own_server.resume()
            answers_200_again(base, token)
    finally:
        if own_server.process is None:
            own_server.resume()
    out = said[0]
    assert f"warning: cannot reach the Neo4j server at {url}: Connection refused; serving anyway" in out
    assert f"KernteamDB on {base}/" in out
    for chatter in ("Traceback", "will be retried", "<CONNECTION>", "neo4j.", "may or may not"):
        assert chatter not in out


def wait_until_stopped(pid: int) -> None:
    """Until every thread of ``pid`` is stopped: SIGSTOP takes effect a moment after
    ``kill`` returns, and a question asked meanwhile was once answered (200)."""
    deadline = time.monotonic() + 5
    while True:
        states = []
        for task in Path(f"/proc/{pid}/task").iterdir():
            try:
                states.append((task / "stat").read_text().rpartition(")")[2].split()[0])
            except OSError:
                continue  # a thread that ended meanwhile
        if states and all(state in ("T", "t") for state in states):
            return
        assert time.monotonic() < deadline, f"the server did not stop in 5 s: {sorted(set(states))}"
        time.sleep(0.05)


def test_a_server_that_stops_answering_still_gets_a_health_answer_in_time(own_server):
    """A frozen server (it accepts connections and answers nothing): ``/healthz`` still
    answers 503 within 1 s (its look runs in a thread of its own), and the app goes on
    when the server does. Pages and API are not bounded here: a request on a connection
    the driver already holds waits for the server's answer (the driver has no read
    timeout), so only a server that refuses connections gives them their 503 in 2 s."""
    url, token = small_store_with_token(own_server)
    assert own_server.process is not None
    frozen = own_server.process.pid
    with serving(url, []) as base:
        assert get(f"{base}/api/v1/professionals", token)[0] == 200
        os.kill(frozen, signal.SIGSTOP)
        try:
            wait_until_stopped(frozen)
            for _ in range(3):
                status, took = get(f"{base}/healthz")
                assert status == 503 and took < 1.0, (status, took)
        finally:
            os.kill(frozen, signal.SIGCONT)
        answers_200_again(base, token)


def nine_more(document: dict) -> dict:
    """The small pool with enough professionals for nine writers of their own."""
    document["professionals"] += [{"id": f"p-extra-{i}", "name": f"Extra Persoon {i}",
                                   "role": "wijkwerker"} for i in range(1, 5)]
    return document


def test_nine_concurrent_writers_on_different_professionals_all_get_through(own_server):
    url = own_server.new_database()
    setup = open_store(url, create=True)
    import_document(json.dumps(nine_more(small_document())), setup)
    people = sorted(p.id for p in setup.iter_records("professionals"))
    assert len(people) == 9
    stores = [setup, open_store(url)]  # two web processes on one database
    failures: list[str] = []
    rounds = 25

    def write(i: int) -> None:
        for n in range(rounds):
            try:
                maintain.edit(stores[i % 2], "professionals", people[i], {"hours_per_half_year": 100 + n},
                              version=None, by=None)
            except DirectoryError as exc:
                failures.append(exc.message)

    writers = [threading.Thread(target=write, args=(i,)) for i in range(9)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    assert failures == []
    saved = setup.get_many("professionals", people)
    assert {getattr(p, "hours_per_half_year", None) for p in saved.values()} == {100.0 + rounds - 1}
    for store in stores:
        store.close()


def nobody_listening() -> str:
    return f"bolt://127.0.0.1:{free_port()}?database=kt"


def test_the_command_line_says_cannot_reach_in_one_line_within_seconds(tmp_path: Path):
    url = nobody_listening()
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "web.cli", "--store", url, "export"],
                            capture_output=True, text=True, timeout=60)
    took = time.monotonic() - started
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"kernteamdb: cannot reach the Neo4j server at {url}: "
                                          "Connection refused"]
    assert took < 5.0, took  # 17 s and six retry lines before
    document = tmp_path / "pool.json"
    document.write_text(json.dumps(small_document()))
    result = subprocess.run([sys.executable, "-m", "web.cli", "--store", url, "import", str(document)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    said = [line for line in result.stderr.splitlines() + result.stdout.splitlines()
            if line.startswith("kernteamdb:")]
    assert said == [f"kernteamdb: cannot reach the Neo4j server at {url}: Connection refused; "
                    "nothing was imported"]


def test_a_stopping_server_is_not_mistaken_for_refused_credentials(own_server):
    url = own_server.new_database()
    store = open_store(url, create=True)
    import_document(json.dumps(small_document()), store)
    said: set[str] = set()
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            try:
                store.revision()
                store.count("professionals")
            except StoreUnavailable as exc:
                said.add(exc.message)

    readers = [threading.Thread(target=read) for _ in range(6)]
    for reader in readers:
        reader.start()
    try:
        time.sleep(0.5)
        own_server.halt()
        time.sleep(1.0)
    finally:
        stop.set()
        for reader in readers:
            reader.join()
        own_server.resume()
    assert said, "the readers never met the stopped server"
    for message in said:
        assert message.startswith(f"cannot reach the Neo4j server at {url}: "), message
        assert "user name or password" not in message and "not expected in state" not in message
        assert "may or may not" not in message
    assert store.count("professionals") == 5  # and it goes on by itself
    store.close()


def test_migrate_into_a_missing_neo4j_database_says_to_make_it_first(own_server, tmp_path: Path):
    helped = CliRunner().invoke(main, ["migrate", "--help"])
    assert "a Neo4j database must exist" in " ".join(helped.output.split())
    source = f"sqlite:///{tmp_path / 'pool.db'}"
    import_document(json.dumps(small_document()), opened := open_store(source, create=True))
    opened.close()
    missing = f"{own_server.bolt_url}?database=ktmissing"
    result = CliRunner().invoke(main, ["migrate", "--from", source, "--to", missing])
    assert result.exit_code == 2
    assert f"no database 'ktmissing' on {missing} (make it on the server first)" in result.output

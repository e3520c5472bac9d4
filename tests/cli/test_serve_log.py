"""`kernteamdb serve --demo` loads the demo into an empty store only (``--reset-demo``
starts over, with a warning), and serve writes an access log line per request
without query values."""

from __future__ import annotations

import io
import json
import logging
import re
import sys

import pytest
from werkzeug.test import Client

from directory.pool import maintain as pool
from tests.cli.conftest import on_store
from web import server
from web.access_log import LOGGER, AccessLog, request_line
from web.log_format import JsonLines


@pytest.fixture
def served(monkeypatch):
    """Run ``serve`` without listening: the app a worker would serve is kept."""
    apps: list = []
    monkeypatch.setattr(server, "run", lambda make_app, **options: apps.append(make_app()))
    return apps


def the_name(store_url: str) -> str:
    return on_store(store_url, lambda s: s.get("professionals", "p-0001").name)


def test_serve_demo_loads_an_empty_store_and_keeps_edits_afterwards(run, store_url, served):
    first = run("serve", "--demo")
    assert first.exit_code == 0, first.output
    assert "demo network loaded" in first.output and len(served) == 1
    on_store(store_url, lambda s: pool.edit(s, "professionals", "p-0001", {"name": "Naam Veranderd"},
                                            version=None, by=None))
    again = run("serve", "--demo")
    assert again.exit_code == 0, again.output
    assert "already holds the demo: served as it is" in again.output
    assert "demo network loaded" not in again.output
    assert the_name(store_url) == "Naam Veranderd"  # the edit made through the app stays


def test_reset_demo_warns_and_starts_over(run, store_url, served):
    assert run("serve", "--demo").exit_code == 0
    on_store(store_url, lambda s: pool.edit(s, "professionals", "p-0001", {"name": "Naam Veranderd"},
                                            version=None, by=None))
    reset = run("serve", "--reset-demo")
    assert reset.exit_code == 0, reset.output
    assert "warning: --reset-demo" in reset.output and "are lost" in reset.output
    assert "demo network loaded" in reset.output
    assert the_name(store_url) != "Naam Veranderd"


def test_serve_demo_refuses_a_real_pool(loaded, served):
    result = loaded("serve", "--demo")
    assert result.exit_code != 0 and "holds a real pool" in result.output and not served


class Lines(logging.Handler):
    """The access log's lines, as an operator's handler would receive them."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def test_each_request_writes_one_line_without_query_values(run, served):
    assert run("serve").exit_code == 0
    client_app = served[0]
    assert isinstance(client_app, AccessLog)
    lines = Lines()
    LOGGER.addHandler(lines)
    try:
        Client(client_app).get("/zoeken?q=moeder+met+schulden+Kruiskamp&wijk=West").close()
        Client(client_app).post("/inloggen?next=/zoeken%3Fq%3Dschulden").close()
    finally:
        LOGGER.removeHandler(lines)
    assert len(lines.lines) == 2
    search, login = lines.lines
    assert re.fullmatch(r"GET /zoeken\?q&wijk 302 \d+ ms", search)  # signed out: to the login page
    assert re.fullmatch(r"POST /inloggen\?next \d{3} \d+ ms", login)
    for secret in ("moeder", "schulden", "Kruiskamp", "West", "127.0.0.1"):
        assert secret not in search + login


def test_a_crafted_query_key_is_not_written_either():
    line = request_line({"REQUEST_METHOD": "GET", "PATH_INFO": "/zoeken",
                         "QUERY_STRING": "mevrouw%20Jansen%20Kruiskamp=1&q=x&q=y"})
    assert line == "GET /zoeken?_&q"


def test_a_crafted_path_cannot_forge_a_second_log_line():
    line = request_line({"REQUEST_METHOD": "GET", "PATH_INFO": "/x\nGET /beheer 200 1 ms"})
    assert "\n" not in line and line == "GET /x%0AGET%20/beheer%20200%201%20ms"


def test_the_log_as_json_lines_has_the_request_fields_and_no_values(run, served):
    assert run("serve", "--log-format", "json").exit_code == 0
    handler = next(h for h in LOGGER.handlers if getattr(h, "_kernteamdb_access", False))
    written = io.StringIO()
    previous = handler.setStream(written)  # type: ignore[attr-defined]
    try:
        Client(served[0]).get("/zoeken?q=moeder+met+schulden+Kruiskamp&wijk=West").close()
    finally:
        handler.setStream(previous)  # type: ignore[attr-defined]
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    line = json.loads(written.getvalue())
    assert {k: line[k] for k in ("level", "logger", "method", "path", "status")} == {
        "level": "info", "logger": "kernteamdb.access", "method": "GET", "path": "/zoeken?q&wijk",
        "status": 302}
    assert isinstance(line["ms"], float) and line["time"].endswith("+00:00")
    for secret in ("moeder", "schulden", "Kruiskamp", "West", "127.0.0.1"):
        assert secret not in written.getvalue()


def test_the_web_servers_own_warnings_are_json_lines_too(run, served):
    """A busy worker's waitress says "Task queue depth is 1": with ``--log-format
    json`` that is a JSON line like every other, not a bare line among them."""
    assert run("serve", "--log-format", "json").exit_code == 0
    waitress = logging.getLogger("waitress")
    handler = next(h for h in waitress.handlers if getattr(h, "_kernteamdb_access", False))
    written = io.StringIO()
    previous = handler.setStream(written)  # type: ignore[attr-defined]
    try:
        logging.getLogger("waitress.queue").warning("Task queue depth is %d", 1)
    finally:
        handler.setStream(previous)  # type: ignore[attr-defined]
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    line = json.loads(written.getvalue())
    assert (line["level"], line["logger"], line["message"]) == ("warning", "waitress.queue",
                                                                "Task queue depth is 1")


def _fails_with_what_was_typed() -> None:
    raise ValueError("mevrouw Jansen, Kruiskamp 12")


def test_an_error_as_json_names_the_exception_and_where_but_not_its_text():
    try:
        _fails_with_what_was_typed()
    except ValueError:
        record = logging.LogRecord("web", logging.ERROR, __file__, 1, "Exception on /zoeken [GET]",
                                   None, sys.exc_info())
    line = json.loads(JsonLines().format(record))
    assert line["level"] == "error" and line["message"] == "Exception on /zoeken [GET]"
    assert line["exception"] == "ValueError"
    assert line["where"][-1].startswith("tests/cli/test_serve_log.py:")
    assert line["where"][-1].endswith("in _fails_with_what_was_typed")
    assert "Jansen" not in json.dumps(line) and "Kruiskamp" not in json.dumps(line)

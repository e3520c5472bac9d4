"""`kernteamdb serve` runs the app on waitress, a production WSGI server."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest

from directory.accounts import users as accounts
from directory.exchange.document import import_document
from graph.stores import open_store
from tests.conftest import small_document

pytestmark = pytest.mark.slow
PASSWORD = "een goed lang wachtwoord"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_on_loopback_and_stops(store_url):
    store = open_store(store_url, create=True)
    import_document(json.dumps(small_document()), store)
    accounts.add_user(store, "anna", "specialist", PASSWORD)
    token = accounts.create_token(store, "anna")
    store.close()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "web.cli", "--store", store_url, "serve", "--port", str(port),
         "--plain-http"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    health = json.load(r)
                    server_header = r.headers["Server"]
                break
            except OSError:
                assert server.poll() is None, server.stdout.read()
                assert time.monotonic() < deadline, "the server did not start in 30 s"
                time.sleep(0.2)
        assert health["status"] == "ok"
        assert server_header == "KernteamDB"  # waitress's ident, not Werkzeug's dev server
        base = f"http://127.0.0.1:{port}"
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        with browser.open(f"{base}/", timeout=5) as r:  # signed out: the login page
            page = r.read().decode()
            assert r.url == f"{base}/inloggen?next=/" and 'lang="nl"' in page
        csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode({"csrf_token": csrf, "name": "anna", "password": PASSWORD,
                                       "next": "/"}).encode()
        with browser.open(f"{base}/inloggen", data=form, timeout=10) as r:
            assert "5 professionals" in r.read().decode()
        api = urllib.request.Request(f"{base}/api/v1/me", headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(api, timeout=5) as r:
            assert json.load(r)["name"] == "anna"
    finally:
        server.terminate()
        out, _ = server.communicate(timeout=20)
        server.stdout.close()
    assert f"http://127.0.0.1:{port}/" in out
    # the privacy guard was ready before the server took its first request
    assert "privacy guard's lists of names and places" in out.split("KernteamDB on http")[0]

"""`kernteamdb serve` runs the app on gunicorn, a production WSGI server, with
one or more worker processes."""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest

from tests.cli.conftest import ANNA_PASSWORD as PASSWORD
from tests.served import serving

pytestmark = pytest.mark.slow


def test_serve_answers_on_loopback_and_stops(pool_with_anna):
    store_url, token = pool_with_anna
    with serving(store_url, "--plain-http") as server:
        with urllib.request.urlopen(f"{server.base}/healthz", timeout=2) as r:
            health = json.load(r)
            server_header = r.headers["Server"]
        assert health["status"] == "ok"
        assert server_header == "KernteamDB"  # waitress in a gunicorn worker, not Werkzeug's dev server
        base = server.base
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
    out = server.output
    assert server.returncode == 0  # SIGTERM: the workers finish and the master stops cleanly
    assert f"{server.base}/" in out
    # the privacy guard was ready before the server took its first request
    assert "privacy guard's lists of names and places" in out.split("KernteamDB on http")[0]

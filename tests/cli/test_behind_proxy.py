"""Through a real TLS reverse proxy: Debian's caddy on loopback with its own
certificate authority, in front of ``kernteamdb serve`` trusting it
(``KERNTEAMDB_TRUSTED_PROXIES``). A user signs in over https — the session
cookie marked Secure, the form checked against the public address — searches,
and the API answers a token; caddy and the server are stopped by the test."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import shutil
import ssl
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.cli.conftest import ANNA_PASSWORD as PASSWORD
from tests.mailbox import free_port
from tests.served import serving

pytestmark = pytest.mark.slow
CADDY = shutil.which("caddy") or "/usr/bin/caddy"
CADDYFILE = """{{
    admin off
    skip_install_trust
    http_port {http}
    https_port {https}
    storage file_system {data}
}}
https://localhost:{https} {{
    tls internal
    reverse_proxy 127.0.0.1:{app}
}}
"""


def caddy_missing() -> str | None:
    if not os.access(CADDY, os.X_OK):
        return "caddy is not installed (apt-get install caddy; .ci/run installs it)"
    return None


def start_caddy(folder: Path, app_port: int) -> tuple[subprocess.Popen[str], int, Path]:
    """caddy on a free https port in front of ``app_port``; its root certificate."""
    https = free_port()
    data = folder / "caddy-data"
    config = folder / "Caddyfile"
    config.write_text(CADDYFILE.format(http=free_port(), https=https, data=data, app=app_port))
    environment = {**os.environ, "HOME": str(folder), "XDG_CONFIG_HOME": str(folder / "config"),
                   "XDG_DATA_HOME": str(folder / "xdg-data")}
    process = subprocess.Popen([CADDY, "run", "--config", str(config), "--adapter", "caddyfile"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=environment)
    root = data / "pki" / "authorities" / "local" / "root.crt"
    deadline = time.monotonic() + 30
    while not root.exists() or not _answers(https, root):
        assert process.poll() is None, process.stdout.read() if process.stdout else ""
        assert time.monotonic() < deadline, "caddy did not answer on https in 30 s"
        time.sleep(0.2)
    return process, https, root


def _answers(port: int, root: Path) -> bool:
    try:
        context = ssl.create_default_context(cafile=str(root))
        with urllib.request.urlopen(f"https://localhost:{port}/healthz", timeout=2, context=context):
            return True
    except (OSError, ssl.SSLError):
        return False


def test_sign_in_and_search_through_caddy_over_https(pool_with_anna, tmp_path):
    if reason := caddy_missing():
        pytest.skip(reason)
    store_url, token = pool_with_anna
    with serving(store_url, "--workers", "2", env={"KERNTEAMDB_TRUSTED_PROXIES": "127.0.0.1"}) as served:
        caddy, port, root = start_caddy(tmp_path, served.port)
        try:
            base = f"https://localhost:{port}"
            context = ssl.create_default_context(cafile=str(root))
            jar = http.cookiejar.CookieJar()
            browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar),
                                                  urllib.request.HTTPSHandler(context=context))
            with browser.open(f"{base}/", timeout=10) as answer:  # signed out: to the login page
                page = answer.read().decode()
                assert answer.url == f"{base}/inloggen?next=/"
            assert [cookie.secure for cookie in jar] == [True]  # the session cookie, for https only
            csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
            form = urllib.parse.urlencode({"csrf_token": csrf, "name": "anna", "password": PASSWORD,
                                           "next": "/zoeken?q=dementie"}).encode()
            with pytest.raises(urllib.error.HTTPError) as refused:  # the app knows it is on https:
                browser.open(f"{base}/inloggen", data=form, timeout=15)  # no Referer, no sign-in
            assert refused.value.code == 400
            refused.value.close()
            signing_in = urllib.request.Request(f"{base}/inloggen", data=form,
                                                headers={"Referer": f"{base}/inloggen?next=/"})
            with browser.open(signing_in, timeout=15) as answer:  # a browser sends where it was
                found = answer.read().decode()
                assert answer.url == f"{base}/zoeken?q=dementie"
            assert "Anna" in found
            api = urllib.request.Request(f"{base}/api/v1/search?q=dementie",
                                         headers={"Authorization": f"Bearer {token}"})
            with urllib.request.urlopen(api, timeout=10, context=context) as answer:
                assert json.load(answer)["results"]
        finally:
            caddy.terminate()
            caddy.communicate(timeout=20)
    assert served.returncode == 0

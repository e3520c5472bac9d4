"""Helpers for the consultation page tests: a browser's way of filing a
request and taking a step (the CSRF token and the consultation's version come
from the page, as a browser sends them back). The demo app on a fresh copy of
the demo store is the ``demo_app`` fixture of conftest.py."""

from __future__ import annotations

import html
import re
from datetime import date
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.web.conftest import signed_in_client
from web import create_app

#: The demo users and the professionals they are.
WORKER, SPECIALIST, TRIAGIST = "p-0043", "p-0046", "p-0045"


def app_on(app: Flask, today: date) -> Flask:
    """Another app on the same store, on another day."""
    return create_app({"TESTING": True, "TODAY": today}, store=app.extensions["kernteamdb.store"])


def as_user(app: Flask, name: str) -> FlaskClient:
    return signed_in_client(app, name)


def text_of(answer: Any) -> str:
    """What a person reads on the page: the text without tags, spaces collapsed."""
    page = answer if isinstance(answer, str) else answer.get_data(as_text=True)
    page = re.sub(r"<(script|datalist)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page))).strip()


def token(page: str) -> str:
    found = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page)
    assert found, "no CSRF token on the page"
    return found.group(1)


def file_request(client: FlaskClient, **fields: Any) -> Any:
    """Post the request form with ``fields`` (need, areas, via, specialist, ...)."""
    page = client.get("/consultaties/nieuw").get_data(as_text=True)
    data = {"csrf_token": token(page), "question": "advies", "urgency": "normaal", "via": "", **fields}
    return client.post("/consultaties/nieuw", data=data)


def filed(client: FlaskClient, **fields: Any) -> str:
    """File a request; the new consultation's id."""
    answer = file_request(client, **fields)
    assert answer.status_code == 302, text_of(answer)[:2000]
    return answer.headers["Location"].rsplit("/", 1)[1]


def version_on(page: str, step: str) -> str:
    found = re.search(rf'name="{step}-version" (?:type="hidden" )?value="(\d+)"', page)
    assert found, f"no form for {step} on the page"
    return found.group(1)


def take(client: FlaskClient, cid: str, step: str, *, page: str | None = None, **fields: Any) -> Any:
    """Take ``step`` with the form of the consultation's page (``page``: an older copy of it)."""
    shown = page if page is not None else client.get(f"/consultaties/{cid}").get_data(as_text=True)
    data = {"csrf_token": token(shown), f"{step}-version": version_on(shown, step),
            **{f"{step}-{name}": value for name, value in fields.items()}}
    return client.post(f"/consultaties/{cid}/{step}", data=data)


def took(client: FlaskClient, cid: str, step: str, **fields: Any) -> str:
    """Take ``step``, follow the redirect; the page's text."""
    answer = take(client, cid, step, **fields)
    assert answer.status_code == 302, text_of(answer)[:3000]
    return text_of(client.get(answer.headers["Location"]))


def cases_of(client: FlaskClient, person: str, area: str) -> int:
    """The number of cases the profile page counts for ``person`` in ``area``."""
    page = client.get(f"/profiel/{person}").get_data(as_text=True)
    row = re.search(rf'href="/expertise/{area}">[^<]+</a></td><td>[^<]*</td><td>(\d+)</td>', page)
    return int(row.group(1)) if row else 0


def post_step(client: FlaskClient, cid: str, step: str, **fields: Any) -> Any:
    """Post ``step`` at the consultation's current version, whether or not the page offers
    its form (a crafted request: the service must refuse what is not allowed)."""
    store = client.application.extensions["kernteamdb.store"]
    page = client.get("/consultaties").get_data(as_text=True)
    data = {"csrf_token": token(page), f"{step}-version": str(store.consultation(cid).version),
            **{f"{step}-{name}": value for name, value in fields.items()}}
    return client.post(f"/consultaties/{cid}/{step}", data=data)

"""``/metrics``: Prometheus's text format for this machine or the configured
token only; requests counted by route (never the path asked), searches and
failed sign-ins counted, and nothing in it about who asked or what about."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from tests.web.conftest import bearer, csrf_token, signed_in_client
from web import create_app

FROM_ELSEWHERE = {"REMOTE_ADDR": "10.0.0.7"}


def value(text: str, name: str, **labels: str) -> float:
    """The sample ``name{labels}`` of a scrape (0 when there is none)."""
    for line in text.splitlines():
        if line.startswith(name) and not line.startswith("#"):
            sample, _, number = line.rpartition(" ")
            found = dict(re.findall(r'(\w+)="([^"]*)"', sample))
            if sample.split("{")[0] == name and all(found.get(k) == v for k, v in labels.items()):
                return float(number)
    return 0.0


@pytest.fixture
def metered(fresh_app: Flask) -> Flask:
    return fresh_app


def scrape(app: Flask, **options) -> str:
    answer = app.test_client().get("/metrics", **options)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert answer.content_type.startswith("text/plain")
    return answer.get_data(as_text=True)


def test_this_machine_reads_what_the_app_did_and_nothing_about_whom(metered, tokens):
    client = metered.test_client()
    assert client.get("/api/v1/search?q=dementie+bij+mevrouw", headers=bearer(tokens["wijkwerker"])) \
        .status_code == 200
    signed_in_client(metered, "specialist").get("/profiel/p-anna")
    text = scrape(metered)
    assert value(text, "kernteamdb_requests_total", route="/api/v1/search", method="GET", status="200") == 1
    assert value(text, "kernteamdb_search_duration_seconds_count") == 1
    assert value(text, "kernteamdb_request_duration_seconds_count", route="/api/v1/search") == 1
    profile = [line for line in text.splitlines()
               if "/profiel/" in line and line.startswith("kernteamdb_req")]
    assert profile and all("p-anna" not in line for line in profile)  # the route, not the path
    revision = metered.extensions["kernteamdb.store"].revision()
    assert value(text, "kernteamdb_store_revision") == float(revision)
    assert value(text, "kernteamdb_workers") == 1
    for secret in ("dementie", "mevrouw", "wijkwerker", "specialist", "127.0.0.1"):
        assert secret not in text


def test_failed_sign_ins_are_counted_without_the_name(metered):
    client = metered.test_client()
    token = csrf_token(client)
    client.post("/inloggen", data={"csrf_token": token, "name": "coordinator", "password": "fout wachtwoord"})
    text = scrape(metered)
    assert value(text, "kernteamdb_sign_in_failures_total") == 1
    assert value(text, "kernteamdb_requests_total", route="/inloggen", method="POST", status="401") == 1
    assert "coordinator" not in text


def test_from_elsewhere_only_with_the_configured_token(pool):
    closed = create_app({"TESTING": True}, store=pool)
    assert closed.test_client().get("/metrics", environ_base=FROM_ELSEWHERE).status_code == 403
    # a reverse proxy on this machine passes requests on from the loopback address
    assert closed.test_client().get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"}) \
        .status_code == 403
    opened = create_app({"TESTING": True, "METRICS_TOKEN": "een lange geheime scrape-sleutel"}, store=pool)
    assert opened.test_client().get("/metrics", environ_base=FROM_ELSEWHERE,
                                    headers=bearer("een lange geheime scrape-sleutel")).status_code == 200
    wrong = opened.test_client().get("/metrics", environ_base=FROM_ELSEWHERE, headers=bearer("raden"))
    assert wrong.status_code == 403 and wrong.get_json()["error"]["code"] == "forbidden"
    assert closed.test_client().get("/metrics", environ_base=FROM_ELSEWHERE,
                                    headers=bearer("een lange geheime scrape-sleutel")).status_code == 403


def test_two_apps_in_one_process_count_apart(pool):
    first, second = create_app({"TESTING": True}, store=pool), create_app({"TESTING": True}, store=pool)
    first.test_client().get("/healthz")
    assert value(scrape(first), "kernteamdb_requests_total", route="/healthz") == 1
    assert value(scrape(second), "kernteamdb_requests_total", route="/healthz") == 0

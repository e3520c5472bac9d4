"""``kernteamdb prepare`` and ``kernteamdb privacy scan [--redact]``: the
guard is made ready with a line that says so; the scan prints record, field
and kinds but never the stored text; --redact removes it and says how much."""

from __future__ import annotations

import json

import pytest

from graph.stores import open_store
from tests.cli.conftest import on_store
from tests.leaky_pool import CASE_LEAK, leaky_pool


@pytest.fixture
def leaky(loaded, store_url):
    return loaded, on_store(store_url, leaky_pool)


def test_prepare_makes_the_guard_ready(run):
    result = run("prepare")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("privacy guard ready (")


def test_the_scan_lists_where_identity_is_and_never_what(leaky):
    run, ids = leaky
    result = run("privacy", "scan")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["cases", ids.case, "notes", "a", "phone", "number,", "a", "name"]
    assert lines[1].split() == ["consultations", ids.consultation, "need", "an", "address"]
    assert lines[2] == "2 field(s) in 2 record(s) hold client identity; " \
                       "kernteamdb privacy scan --redact removes it"
    assert "Verschuren" not in result.output and "06-12345678" not in result.output
    as_json = [json.loads(line) for line in run("privacy", "scan", "--json").stdout.splitlines()]
    assert as_json[0] == {"kind": "cases", "id": ids.case, "field": "notes", "found": ["phone", "name"]}


def test_redact_removes_it_and_a_second_scan_finds_nothing(leaky, store_url):
    run, ids = leaky
    result = run("privacy", "scan", "--redact")
    assert result.exit_code == 0, result.output
    assert "redacted 2 field(s): 1 case(s), 1 consultation(s); one entry in the audit trail" in result.stdout
    store = open_store(store_url)
    try:
        assert store.get("cases", ids.case).notes != CASE_LEAK
        assert "[verwijderd]" in store.get("cases", ids.case).notes
    finally:
        store.close()
    again = run("privacy", "scan")
    assert again.stdout.strip() == "no stored free text holds client identity"

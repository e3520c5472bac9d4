"""What ``kernteamdb serve`` hands gunicorn and every worker: the number of
workers (one per core by default), one secret key for all of them, and the
server-wide bound on password checks shared out among them."""

from __future__ import annotations

import pytest

from web import server
from web.cli.serve import cores


@pytest.fixture
def started(monkeypatch):
    """``serve`` up to where gunicorn would start: (two apps as two workers would make them, options)."""
    calls: list = []
    monkeypatch.setattr(server, "run", lambda make_app, **options: calls.append(
        ([make_app().app, make_app().app], options)))
    monkeypatch.delenv("KERNTEAMDB_SECRET_KEY", raising=False)
    monkeypatch.delenv("KERNTEAMDB_SIGNIN_CHECKS_AT_ONCE", raising=False)
    return calls


def test_one_worker_per_core_by_default_and_as_many_as_asked(loaded, started):
    assert loaded("serve").exit_code == 0
    assert started[0][1]["workers"] == cores()
    result = loaded("serve", "--workers", "3", "--threads", "4")
    assert result.exit_code == 0 and "3 workers" in result.output
    assert started[1][1]["workers"] == 3 and started[1][1]["threads"] == 4


@pytest.mark.parametrize("wrong", ["0", "-2", "veel"])
def test_a_wrong_number_of_workers_is_refused_before_anything_starts(loaded, started, wrong):
    result = loaded("serve", "--workers", wrong)
    assert result.exit_code == 2 and "--workers" in result.output
    assert started == []


def test_every_worker_signs_sessions_with_the_same_key(loaded, started, monkeypatch):
    from web import settings

    monkeypatch.setattr(settings, "secret_file", lambda store: None)  # no file to share, as on Neo4j
    assert loaded("serve", "--workers", "2").exit_code == 0
    first, second = started[0][0]
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]


def test_the_password_checks_at_once_are_shared_out_among_the_workers(loaded, started, monkeypatch):
    loaded("serve", "--workers", "1")
    loaded("serve", "--workers", "2")
    monkeypatch.setenv("KERNTEAMDB_SIGNIN_CHECKS_AT_ONCE", "6")
    loaded("serve", "--workers", "4")
    assert [apps[0].config["SIGNIN_CHECKS_AT_ONCE"] for apps, _ in started] == [2, 1, 1]
    monkeypatch.setenv("KERNTEAMDB_SIGNIN_CHECKS_AT_ONCE", "nul")
    refused = loaded("serve", "--workers", "2")
    assert refused.exit_code == 2 and "KERNTEAMDB_SIGNIN_CHECKS_AT_ONCE" in refused.output

"""``kernteamdb retention [--years N] [--dry-run]``: prints the counts, removes
the old free text (or, dry, nothing), takes the period from the environment,
and refuses a period that is not 1-100 whole years."""

from __future__ import annotations

import json

import pytest

from graph.stores import open_store
from tests.cli.conftest import on_store
from tests.retention_pool import OLD_TEXTS, RECENT_NEED, aged_pool


@pytest.fixture
def aged(loaded, store_url):
    return loaded, on_store(store_url, aged_pool)


def stored(store_url, consultation_id):
    store = open_store(store_url)
    try:
        return store.consultation(consultation_id)
    finally:
        store.close()


def test_retention_removes_old_text_and_prints_the_counts(aged, store_url):
    run, ids = aged
    result = run("retention", "--now", "2026-03-06")
    assert result.exit_code == 0, result.output
    assert "closed before 2024-03-06 (2 years ago):" in result.stdout
    assert "consultations       2" in result.stdout and "cases               2" in result.stdout
    assert "free text removed" in result.stdout
    assert stored(store_url, ids.old).need is None
    assert stored(store_url, ids.recent).need == RECENT_NEED
    trail = [json.loads(line) for line in run("audit", "--kind", "retention").stdout.splitlines()]
    assert [e["after"] for e in trail] == [{"years": 2, "closed_before": "2024-03-06",
                                            "consultations": 2, "cases": 2}]
    again = run("retention", "--now", "2026-03-06")
    assert again.exit_code == 0 and "nothing to remove" in again.stdout


def test_a_dry_run_prints_the_counts_and_removes_nothing(aged, store_url):
    run, ids = aged
    result = run("retention", "--dry-run", "--now", "2026-03-06")
    assert result.exit_code == 0, result.output
    assert "consultations       2" in result.stdout and "dry run: nothing removed" in result.stdout
    assert stored(store_url, ids.old).need == OLD_TEXTS[0]
    assert run("audit", "--kind", "retention").stdout.strip() == ""


def test_the_period_comes_from_years_or_the_environment(aged, store_url, monkeypatch):
    run, ids = aged
    monkeypatch.setenv("KERNTEAMDB_RETENTION_YEARS", "3")
    result = run("retention", "--now", "2026-03-06")
    assert result.exit_code == 0 and "(3 years ago)" in result.stdout
    assert stored(store_url, ids.old).need == OLD_TEXTS[0]  # closed 2024: not 3 years ago
    result = run("retention", "--years", "1", "--now", "2026-07-01")
    assert "closed before 2025-07-01 (1 year ago)" in result.stdout
    assert stored(store_url, ids.old).need is None and stored(store_url, ids.recent).need is None


@pytest.mark.parametrize("years", ["0", "twee", "101"])
def test_a_period_that_is_not_1_to_100_whole_years_is_refused(aged, store_url, years):
    run, ids = aged
    result = run("retention", "--years", years)
    assert result.exit_code == 2 and "--years" in result.output
    assert "Traceback" not in result.output
    assert stored(store_url, ids.old).need == OLD_TEXTS[0]

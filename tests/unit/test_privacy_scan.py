"""``directory.privacy.scan``: stored free text that holds client identity is
listed by record and field (never with the text), and redacted in one
audited transaction; only a coordinator (or the operator) may."""

from __future__ import annotations

import pytest

from directory.accounts.roles import User
from directory.errors import Forbidden
from directory.privacy import scan
from tests.leaky_pool import CASE_LEAK, CLEAN_NOTES, NEED_LEAK, leaky_pool

COORDINATOR = User("carla", "coordinator")


@pytest.fixture
def leaky(small_store):
    return small_store, leaky_pool(small_store)


def test_the_scan_names_record_field_and_kinds_but_never_the_text(leaky):
    store, ids = leaky
    leaks = scan.scan(store, by=COORDINATOR)
    assert leaks == [scan.Leak("cases", ids.case, "notes", ("phone", "name")),
                     scan.Leak("consultations", ids.consultation, "need", ("address",))]
    assert "Verschuren" not in repr(leaks) and "Kerkstraat" not in repr(leaks)


def test_redacting_replaces_only_what_was_found_in_one_audited_change(leaky):
    store, ids = leaky
    revision = store.revision()
    done = scan.redact(store, by=COORDINATOR)
    assert done == scan.Redacted(fields=2, cases=1, consultations=1)
    assert store.get("cases", ids.case).notes == \
        "[verwijderd] belt zelf, [verwijderd], overleg met Anna de Vries"
    assert store.consultation(ids.consultation).need == \
        "Meneer woont aan de [verwijderd] en vergeet de afspraken"
    assert store.get("cases", ids.clean_case).notes == CLEAN_NOTES
    assert store.revision() == revision + 1
    entry = store.audit_entries(kind="privacy")[-1]
    assert entry.action == "redact" and entry.user == "carla"
    assert entry.before is None and entry.after == {"fields": 2, "cases": 1, "consultations": 1}
    assert "Verschuren" not in repr(store.audit_entries())
    assert scan.scan(store, by=COORDINATOR) == []
    assert scan.redact(store, by=COORDINATOR) == scan.Redacted(0, 0, 0)


def test_only_a_coordinator_scans_or_redacts(leaky):
    store, _ = leaky
    worker = User("bram", "wijkwerker", "p-bram")
    with pytest.raises(Forbidden):
        scan.scan(store, by=worker)
    with pytest.raises(Forbidden):
        scan.redact(store, by=worker)
    assert store.get("cases", "c-0001").notes == CASE_LEAK
    assert NEED_LEAK in [c.need for c in store.consultations()]

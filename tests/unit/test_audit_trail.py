"""The audit trail: an entry for every kind of change (records, imports,
accounts) and every sign-in, failed or not; read back filtered and exported
as JSON lines; never a password, hash or token in it."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from directory.accounts import audit, signin
from directory.accounts import users as accounts
from directory.accounts.roles import User
from directory.accounts.throttle import SignInGate
from directory.errors import InvalidInput, TooManyAttempts, Unauthorized
from directory.exchange.document import import_document

PASSWORD = "correct horse battery"
ADMIN = User("ad", "admin")
COORDINATOR = User("carla", "coordinator")
NOW = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)


def trail(store, **filters):
    return [(e.user, e.kind, e.record, e.action) for e in store.audit_entries(**filters)]


def test_an_import_is_noted_per_record_with_its_cases_counted(store):
    from tests.conftest import small_document

    import_document(json.dumps(small_document()), store, by=COORDINATOR)
    entries = store.audit_entries()
    document = entries[0]
    assert (document.user, document.kind, document.action) == ("carla", "document", "import")
    assert document.after["counts"]["cases"] == {"new": 3, "changed": 0, "unchanged": 0}
    per_record = {(e.kind, e.record) for e in entries[1:]}
    assert ("professionals", "p-anna") in per_record and ("expertise", "nah") in per_record
    assert not [e for e in entries if e.kind == "cases"]  # counted, their free text not copied
    changed = small_document()
    changed["professionals"][1]["role"] = "wijkcoach"
    import_document(json.dumps(changed), store)
    last = store.audit_entries()[-1]
    assert (last.user, last.record, last.before["role"], last.after["role"]) == (
        "(command line)", "p-bram", "wijkwerker", "wijkcoach")


def test_account_changes_are_noted_without_passwords_or_tokens(small_store):
    accounts.add_user(small_store, "anna", "specialist", PASSWORD, professional="p-anna", by=ADMIN)
    token = accounts.create_token(small_store, "anna", by=ADMIN)
    accounts.change_user(small_store, "anna", role="coordinator", by=ADMIN)
    accounts.remove_user(small_store, "anna", by=ADMIN)
    assert trail(small_store, kind="users") == [
        ("ad", "users", "anna", "create"), ("ad", "users", "anna", "create_token"),
        ("ad", "users", "anna", "update"), ("ad", "users", "anna", "remove")]
    update = small_store.audit_entries(kind="users")[2]
    assert (update.before, update.after) == ({"role": "specialist", "professional": "p-anna"},
                                             {"role": "coordinator", "professional": "p-anna"})
    text = "".join(audit.export_lines(small_store, by=COORDINATOR))
    assert PASSWORD not in text and token not in text and "argon2" not in text
    assert accounts.token_digest(token) not in text


def test_an_admin_cannot_remove_themselves_and_roles_are_checked(small_store):
    small_store.add_user(ADMIN)
    with pytest.raises(Exception, match="cannot remove your own account"):
        accounts.remove_user(small_store, "ad", by=ADMIN)
    with pytest.raises(InvalidInput, match="unknown role 'boss'"):
        accounts.change_user(small_store, "ad", role="boss", by=ADMIN)


def test_sign_ins_failed_or_not_are_noted(small_store):
    gate = SignInGate()
    accounts.add_user(small_store, "anna", "specialist", PASSWORD)
    signin.sign_in(small_store, "anna", PASSWORD, gate=gate, now=NOW)
    with pytest.raises(Unauthorized):
        signin.sign_in(small_store, "anna", "wrong password", gate=gate, now=NOW)
    with pytest.raises(Unauthorized):
        signin.sign_in(small_store, "my secret password typed as name", "x", gate=gate, now=NOW)
    for minute in range(4):  # the fifth failure within 15 minutes
        with pytest.raises(Unauthorized):
            signin.sign_in(small_store, "anna", "wrong", gate=gate, now=NOW + timedelta(minutes=minute))
    with pytest.raises(TooManyAttempts):
        signin.sign_in(small_store, "anna", PASSWORD, gate=gate, now=NOW + timedelta(minutes=6))
    assert trail(small_store, kind="signin") == [
        ("anna", "signin", "anna", "sign_in"), ("anna", "signin", "anna", "sign_in_failed"),
        ("(unknown name)", "signin", "(unknown name)", "sign_in_failed"),
        *[("anna", "signin", "anna", "sign_in_failed")] * 4, ("anna", "signin", "anna", "sign_in_paused")]
    assert "secret" not in "".join(audit.export_lines(small_store, by=None))


def test_the_trail_is_filtered_by_user_kind_id_and_period(store):
    store.write_audit([
        audit_entry("carla", "professionals", "p-anna", NOW - timedelta(days=3)),
        audit_entry("carla", "teams", "kt-zuidoost", NOW - timedelta(days=1)),
        audit_entry("ad", "professionals", "p-anna", NOW)])

    def picked(**filters):
        return [(e.user, e.record) for e in audit.entries(store, by=COORDINATOR, **filters)]

    assert picked(user="carla") == [("carla", "p-anna"), ("carla", "kt-zuidoost")]
    assert picked(kind="professionals", record="p-anna") == [("carla", "p-anna"), ("ad", "p-anna")]
    assert picked(since=audit.parse_moment("2026-11-15"), kind="professionals") == [("ad", "p-anna")]
    assert picked(until=audit.parse_moment("2026-11-14T00:00:00"), user="carla") == [("carla", "p-anna")]
    lines = list(audit.export_lines(store, by=COORDINATOR, user="ad"))
    assert [json.loads(line)["id"] for line in lines] == ["p-anna"]
    assert all(line.endswith("\n") for line in lines)


@pytest.mark.parametrize(("filters", "detail"), [
    ({"kind": "people"}, "kind: 'people', choose from"),
    ({"limit": 0}, "limit: 0, must be from 1 to 500"),
    ({"offset": -1}, "offset: -1, must be 0 or more"),
])
def test_a_filter_that_makes_no_sense_is_refused(small_store, filters, detail):
    with pytest.raises(InvalidInput) as refused:
        audit.entries(small_store, by=COORDINATOR, **filters)
    assert refused.value.details[0].startswith(detail)
    for nonsense in ("gisteren", "2026-13-01", "0001-01-01T00:00:00+14:00"):
        with pytest.raises(InvalidInput, match="since must be a date"):
            audit.parse_moment(nonsense)


def audit_entry(user, kind, record, at):
    from directory.ports import AuditEntry

    return AuditEntry(at, user, kind, record, "update")

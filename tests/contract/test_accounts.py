"""The Store contract for accounts: users, token digests and failed sign-ins.

Parametrised over the backends by the ``store`` fixture in conftest.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from directory.errors import Conflict, NotFound
from directory.ports import AuditEntry, Store
from directory.roles import User
from graph.stores import open_store

NOW = datetime(2026, 11, 16, 12, 0, tzinfo=UTC)


def test_users_come_back_as_stored_and_names_are_unique(store: Store):
    assert store.users() == [] and store.get_user("anna") is None
    anna = User("anna", "specialist", "p-anna", "$argon2id$fake", NOW)
    store.add_user(anna)
    store.add_user(User("bram", "admin", None, "$argon2id$other", NOW))
    assert store.get_user("anna") == anna
    assert [u.name for u in store.users()] == ["anna", "bram"]
    with pytest.raises(Conflict):
        store.add_user(User("anna", "admin", None, "$argon2id$x", NOW))
    assert store.get_user("anna") == anna


def test_accounts_are_no_change_to_the_pool(store: Store):
    before = store.revision()
    store.add_user(User("anna", "specialist", None, "h", NOW))
    store.record_login_failure("anna", NOW, forget_before=NOW - timedelta(days=1))
    assert store.revision() == before


def test_a_token_is_found_by_its_digest_only(store: Store):
    store.add_user(User("anna", "specialist", None, "h", NOW))
    store.add_token("d" * 64, "anna", NOW)
    assert store.user_for_token("d" * 64).name == "anna"
    assert store.user_for_token("e" * 64) is None
    with pytest.raises(NotFound):
        store.add_token("f" * 64, "nobody", NOW)
    assert store.user_for_token("f" * 64) is None


def test_failed_sign_ins_are_counted_per_name_within_a_window(store: Store):
    keep = NOW - timedelta(days=1)
    for minutes in (40, 10, 5):
        store.record_login_failure("anna", NOW - timedelta(minutes=minutes), forget_before=keep)
    store.record_login_failure("bram", NOW, forget_before=keep)
    recent = store.login_failures("anna", since=NOW - timedelta(minutes=15))
    assert recent == [NOW - timedelta(minutes=10), NOW - timedelta(minutes=5)]
    store.clear_login_failures("anna")
    assert store.login_failures("anna", since=NOW - timedelta(days=1)) == []
    assert len(store.login_failures("bram", since=NOW - timedelta(days=1))) == 1


def test_old_failures_are_forgotten(store: Store):
    store.record_login_failure("anna", NOW - timedelta(days=3), forget_before=NOW - timedelta(days=5))
    store.record_login_failure("anna", NOW, forget_before=NOW - timedelta(days=1))
    assert store.login_failures("anna", since=NOW - timedelta(days=10)) == [NOW]


def test_another_process_sees_failures_and_users_at_once(store: Store):
    """Several web workers share one store: what one counts, the next one sees."""
    other = open_store(store.url)
    try:
        store.login_failures("anna", since=NOW)  # this one has read before the write
        other.add_user(User("anna", "specialist", None, "h", NOW))
        other.record_login_failure("anna", NOW, forget_before=NOW - timedelta(days=1))
        assert store.get_user("anna") is not None
        assert store.login_failures("anna", since=NOW - timedelta(minutes=1)) == [NOW]
    finally:
        other.close()


def test_a_user_is_changed_and_removed_with_their_tokens(store: Store):
    store.add_user(User("anna", "specialist", "p-anna", "h", NOW))
    store.add_token("d" * 64, "anna", NOW)
    store.update_user(User("anna", "coordinator", None, "h2", NOW))
    assert store.get_user("anna") == User("anna", "coordinator", None, "h2", NOW)
    store.remove_user("anna")
    assert store.get_user("anna") is None and store.user_for_token("d" * 64) is None
    for change in (lambda: store.update_user(User("nobody", "admin")), lambda: store.remove_user("nobody")):
        with pytest.raises(NotFound, match="unknown user 'nobody'"):
            change()


def test_account_changes_write_their_audit_entry_in_the_same_transaction(store: Store):
    def entry(action: str) -> AuditEntry:
        return AuditEntry(NOW, "admin", "users", "anna", action, None, {"role": "specialist"})

    store.add_user(User("anna", "specialist", None, "h", NOW), audit=entry("create"))
    with pytest.raises(Conflict):
        store.add_user(User("anna", "admin", None, "h", NOW), audit=entry("create again"))
    with pytest.raises(NotFound):
        store.remove_user("bram", audit=entry("remove bram"))
    store.record_login_failure("anna", NOW, forget_before=NOW, audit=entry("sign_in_failed"))
    store.clear_login_failures("anna", audit=entry("sign_in"))
    assert [e.action for e in store.audit_entries()] == ["create", "sign_in_failed", "sign_in"]
    assert store.revision() == 0  # accounts are no change to the pool

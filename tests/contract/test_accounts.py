"""The UserAccounts contract: users and the digests of their API tokens (their
sessions and failed sign-ins: test_signins.py).

Parametrised over the backends by the ``store`` fixture in conftest.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from directory.accounts.roles import User
from directory.errors import Conflict, NotFound
from directory.ports import ApiToken, AuditEntry, Store
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
    assert store.find_token("d" * 64)[1].name == "anna"
    assert store.find_token("e" * 64) is None
    with pytest.raises(NotFound):
        store.add_token("f" * 64, "nobody", NOW)
    assert store.find_token("f" * 64) is None


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
    assert store.get_user("anna") is None and store.find_token("d" * 64) is None
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


def test_a_token_keeps_its_expiry_and_last_use_and_is_withdrawn_alone(store: Store):
    store.add_user(User("anna", "specialist", None, "h", NOW))
    later = NOW + timedelta(days=90)
    store.add_token("d" * 64, "anna", NOW, expires=later,
                    audit=AuditEntry(NOW, "admin", "users", "anna", "create_token"))
    store.add_token("e" * 64, "anna", NOW)  # as made before tokens expired
    assert store.tokens() == [ApiToken("d" * 64, "anna", NOW, later), ApiToken("e" * 64, "anna", NOW)]
    store.touch_token("d" * 64, NOW + timedelta(hours=2))
    store.touch_token("x" * 64, NOW)  # unknown: nothing happens
    token, user = store.find_token("d" * 64)
    assert token == ApiToken("d" * 64, "anna", NOW, later, NOW + timedelta(hours=2)) and user.name == "anna"
    store.remove_token("d" * 64, audit=AuditEntry(NOW, "admin", "users", "anna", "revoke_token"))
    assert store.find_token("d" * 64) is None and store.find_token("e" * 64) is not None
    with pytest.raises(NotFound):
        store.remove_token("d" * 64, audit=AuditEntry(NOW, "admin", "users", "anna", "revoke again"))
    assert [e.action for e in store.audit_entries()] == ["create_token", "revoke_token"]
    assert store.revision() == 0




ISSUER = "https://login.gemeente.example/realms/wijkteams"


def test_a_user_of_an_identity_provider_is_found_by_issuer_and_subject_only(store: Store):
    jan = User("jan@gemeente.example", "wijkwerker", None, None, NOW, ISSUER, "sub-1")
    store.add_user(jan, audit=AuditEntry(NOW, "jan@gemeente.example", "users", "jan@gemeente.example",
                                         "create"))
    store.add_user(User("anna", "admin", None, "h", NOW))  # a password user has no identity
    assert store.user_by_identity(ISSUER, "sub-1") == jan == store.get_user("jan@gemeente.example")
    assert store.user_by_identity(ISSUER, "sub-2") is None
    assert store.user_by_identity("https://other.example", "sub-1") is None
    assert store.get_user("anna") == User("anna", "admin", None, "h", NOW)


def test_one_identity_is_one_user_and_a_change_keeps_it(store: Store):
    store.add_user(User("jan", "wijkwerker", None, None, NOW, ISSUER, "sub-1"))
    with pytest.raises(Conflict):  # the same person under another name: refused, nothing written
        store.add_user(User("jan2", "admin", None, None, NOW, ISSUER, "sub-1"),
                       audit=AuditEntry(NOW, "jan2", "users", "jan2", "create"))
    assert store.get_user("jan2") is None and store.audit_entries() == []
    store.add_user(User("piet", "wijkwerker", None, None, NOW, "https://other.example", "sub-1"))
    store.update_user(User("jan", "coordinator", "p-1", None, NOW))  # an update never drops the identity
    assert store.user_by_identity(ISSUER, "sub-1") == User("jan", "coordinator", "p-1", None, NOW,
                                                          ISSUER, "sub-1")
    store.remove_user("jan")
    assert store.user_by_identity(ISSUER, "sub-1") is None

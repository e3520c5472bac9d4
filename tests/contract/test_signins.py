"""The SignIns contract: browser sessions and failed sign-ins, shared by
every process using the store.

Parametrised over the backends by the ``store`` fixture in conftest.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from directory.accounts.roles import User
from directory.errors import NotFound
from directory.ports import Erasure, ImportPlan, Store
from graph.stores import open_store

NOW = datetime(2026, 11, 16, 12, 0, tzinfo=UTC)


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


def test_a_session_is_found_until_it_ends_or_is_removed(store: Store):
    store.add_user(User("anna", "specialist", None, "h", NOW))
    store.add_session("s" * 64, "anna", NOW, NOW + timedelta(hours=12))
    assert store.session_user("s" * 64, NOW + timedelta(hours=1)).name == "anna"
    assert store.session_user("s" * 64, NOW + timedelta(hours=12)) is None  # ended
    assert store.session_user("t" * 64, NOW) is None
    with pytest.raises(NotFound):
        store.add_session("u" * 64, "nobody", NOW, NOW + timedelta(hours=1))
    store.remove_session("s" * 64)
    store.remove_session("s" * 64)  # signing out twice is no error
    assert store.session_user("s" * 64, NOW) is None
    assert store.revision() == 0


def test_a_change_to_a_user_ends_their_sessions_but_the_one_kept(store: Store):
    for name in ("anna", "bram"):
        store.add_user(User(name, "specialist", None, "h", NOW))
    for digest, name in (("a" * 64, "anna"), ("b" * 64, "anna"), ("c" * 64, "bram")):
        store.add_session(digest, name, NOW, NOW + timedelta(hours=12))
    store.update_user(User("anna", "specialist", None, "new hash", NOW), keep_session="b" * 64)
    assert store.session_user("a" * 64, NOW) is None
    assert store.session_user("b" * 64, NOW).password_hash == "new hash"
    store.update_user(User("anna", "coordinator", None, "new hash", NOW))
    assert store.session_user("b" * 64, NOW) is None
    assert store.session_user("c" * 64, NOW).name == "bram"  # another user's stays
    store.remove_user("bram")
    assert store.session_user("c" * 64, NOW) is None
    store.add_user(User("bram", "specialist", None, "h", NOW))  # the same name again: no old session
    assert store.session_user("c" * 64, NOW) is None


def test_ended_sessions_are_forgotten_when_a_new_one_starts(store: Store):
    store.add_user(User("anna", "specialist", None, "h", NOW))
    store.add_session("a" * 64, "anna", NOW, NOW + timedelta(hours=1))
    store.add_session("b" * 64, "anna", NOW + timedelta(hours=2), NOW + timedelta(hours=14))
    assert store.session_user("a" * 64, NOW) is None  # gone, not only ended
    assert store.session_user("b" * 64, NOW + timedelta(hours=3)).name == "anna"


def test_another_process_sees_a_session_end_at_once(store: Store):
    """A web worker signs out; the cookie replayed at another worker is refused."""
    store.add_user(User("anna", "specialist", None, "h", NOW))
    store.add_session("s" * 64, "anna", NOW, NOW + timedelta(hours=12))
    other = open_store(store.url)
    try:
        assert other.session_user("s" * 64, NOW).name == "anna"
        store.remove_session("s" * 64)
        assert other.session_user("s" * 64, NOW) is None
    finally:
        other.close()


def test_an_erasure_ends_the_sessions_of_the_accounts_it_removes(store: Store):
    store.add_user(User("anna", "specialist", "p-anna", "h", NOW))
    store.add_session("s" * 64, "anna", NOW, NOW + timedelta(hours=12))
    store.add_token("d" * 64, "anna", NOW, expires=NOW + timedelta(days=90))
    store.apply(ImportPlan({}, erasures=(Erasure("p-anna", "p-gewist-1", ("anna",)),)))
    assert store.get_user("anna") is None
    store.add_user(User("anna", "specialist", None, "h", NOW))  # the name again: nothing carried over
    assert store.session_user("s" * 64, NOW) is None and store.find_token("d" * 64) is None

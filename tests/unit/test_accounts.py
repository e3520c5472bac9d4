"""Accounts below the web layer: roles and permissions, adding users, tokens,
signing in and the pause after repeated failures, and the demo users."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from directory.accounts import roles, signin
from directory.accounts import users as accounts
from directory.accounts.roles import User
from directory.accounts.throttle import SignInGate
from directory.errors import Conflict, Forbidden, InvalidInput, NotFound, TooManyAttempts, Unauthorized
from directory.pool.demo import load_demo
from tests.conftest import DEMO_TODAY

PASSWORD = "correct horse battery"
NOW = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(("role", "read", "own", "write", "audit", "manage"), [
    ("wijkwerker", True, False, False, False, False),
    ("specialist", True, True, False, False, False),
    ("triagist", True, False, False, False, False),
    ("coordinator", True, False, True, True, False),
    ("admin", True, False, True, True, True),
    ("stranger", False, False, False, False, False),
])
def test_the_permissions_table(role, read, own, write, audit, manage):
    user = User("x", role)
    for action, allowed in ((roles.READ_POOL, read), (roles.EDIT_OWN_PROFILE, own),
                            (roles.WRITE_POOL, write), (roles.READ_AUDIT, audit),
                            (roles.MANAGE_USERS, manage)):
        assert roles.may(user, action) is allowed
        if not allowed:
            with pytest.raises(Forbidden, match=f"a {role} may not"):
                roles.require(user, action)


def test_a_user_is_stored_with_an_argon2_hash_only(small_store):
    added = accounts.add_user(small_store, " Anna ", "specialist", PASSWORD, professional="p-anna")
    assert added.name == "anna"
    stored = small_store.get_user("anna")
    assert stored.password_hash.startswith("$argon2id$") and PASSWORD not in stored.password_hash
    assert PASSWORD not in repr(stored) and stored.password_hash not in repr(stored)
    assert stored.professional == "p-anna"


@pytest.mark.parametrize(("name", "role", "professional", "password", "error", "message"), [
    ("anna", "boss", None, PASSWORD, InvalidInput, "unknown role 'boss'"),
    ("a b", "admin", None, PASSWORD, InvalidInput, "not a valid user name"),
    ("x", "admin", None, PASSWORD, InvalidInput, "not a valid user name"),
    ("anna", "admin", "p-nobody", PASSWORD, NotFound, "unknown professional 'p-nobody'"),
    ("anna", "admin", None, "short", InvalidInput, "10 to 1024 characters"),
    ("BRAM", "admin", None, PASSWORD, Conflict, "user 'bram' already exists"),
])
def test_a_bad_new_user_is_refused_and_nothing_changes(small_store, name, role, professional,
                                                       password, error, message):
    accounts.add_user(small_store, "bram", "wijkwerker", PASSWORD)
    before = small_store.users()
    with pytest.raises(error, match=message):
        accounts.add_user(small_store, name, role, password, professional=professional)
    assert small_store.users() == before


def test_only_an_admin_may_add_or_list_users(small_store):
    with pytest.raises(Forbidden):
        accounts.add_user(small_store, "anna", "admin", PASSWORD, by=User("c", "coordinator"))
    with pytest.raises(Forbidden):
        accounts.list_users(small_store, by=User("c", "coordinator"))
    assert small_store.users() == []
    accounts.add_user(small_store, "anna", "admin", PASSWORD, by=User("root", "admin"))
    assert [u.name for u in accounts.list_users(small_store, by=User("root", "admin"))] == ["anna"]


def test_a_token_works_is_stored_hashed_and_can_only_be_made_for_a_user(small_store, tmp_path):
    accounts.add_user(small_store, "anna", "specialist", PASSWORD)
    token = accounts.create_token(small_store, "Anna")
    assert token.startswith("kt_") and len(token) > 40
    assert accounts.user_for_token(small_store, token).name == "anna"
    assert accounts.create_token(small_store, "anna") != token
    with pytest.raises(Unauthorized):
        accounts.user_for_token(small_store, token[:-1] + ("A" if token[-1] != "A" else "B"))
    with pytest.raises(NotFound, match="unknown user 'nobody'"):
        accounts.create_token(small_store, "nobody")
    with sqlite3.connect(small_store.url.removeprefix("sqlite:///")) as conn:
        dump = "\n".join(conn.iterdump())
    assert token not in dump and accounts.token_digest(token) in dump


def test_sign_in_with_the_right_password_only(small_store):
    gate = SignInGate()
    accounts.add_user(small_store, "anna", "specialist", PASSWORD)
    assert signin.sign_in(small_store, "ANNA ", PASSWORD, gate=SignInGate(), now=NOW).name == "anna"
    for name, password in (("anna", PASSWORD + "x"), ("nobody", PASSWORD), ("", "")):
        with pytest.raises(Unauthorized, match="wrong user name or password"):
            signin.sign_in(small_store, name, password, gate=gate, now=NOW)


def test_five_failures_pause_the_name_for_fifteen_minutes(small_store):
    gate = SignInGate()
    accounts.add_user(small_store, "anna", "specialist", PASSWORD)
    accounts.add_user(small_store, "bram", "specialist", PASSWORD)
    for minute in range(5):
        with pytest.raises(Unauthorized) as failed:
            signin.sign_in(small_store, "anna", "wrong password", gate=gate,
                           now=NOW + timedelta(minutes=minute))
        assert not isinstance(failed.value, TooManyAttempts)
    # even the right password is refused now, with how long to wait
    with pytest.raises(TooManyAttempts) as paused:
        signin.sign_in(small_store, "anna", PASSWORD, gate=gate, now=NOW + timedelta(minutes=5))
    # fifteen minutes from the last failure
    assert paused.value.retry_after == 14 * 60 and "try again in 14 minute(s)" in paused.value.message
    assert signin.sign_in(small_store, "bram", PASSWORD, gate=gate,
                          now=NOW + timedelta(minutes=5))  # other names are not paused
    later = NOW + timedelta(minutes=19, seconds=1)  # the pause is over
    assert signin.sign_in(small_store, "anna", PASSWORD, gate=gate, now=later).name == "anna"
    assert small_store.login_failures("anna", since=NOW - timedelta(days=1)) == []


def test_unknown_names_are_paused_too(small_store):
    gate = SignInGate()
    for _ in range(5):
        with pytest.raises(Unauthorized):
            signin.sign_in(small_store, "nobody", "x", gate=gate, now=NOW)
    with pytest.raises(TooManyAttempts):
        signin.sign_in(small_store, "nobody", "x", gate=gate, now=NOW)


def test_demo_users_come_with_the_demo_network_only(store, small_store):
    assert small_store.users() == []
    with pytest.raises(InvalidInput):
        accounts.add_demo_users(small_store)
    assert small_store.users() == []


def test_the_demo_users_are_linked_to_fitting_people(store):
    load_demo(store, today=DEMO_TODAY)
    users = {u.name: u for u in store.users()}
    assert set(users) == {"wijkwerker", "specialist", "triagist", "coordinator", "admin"}
    assert all(u.role == u.name for u in users.values())
    wijkwerker = store.get("professionals", users["wijkwerker"].professional)
    assert wijkwerker.role == "wijkwerker" and "wt-zuidoost" in wijkwerker.teams
    triagist = store.get("professionals", users["triagist"].professional)
    assert triagist.id == "p-0045" and "tr-west" in triagist.teams
    assert store.get("professionals", users["specialist"].professional).role == "casemanager dementie"
    assert signin.sign_in(store, "admin", "demo", gate=SignInGate()).role == "admin"
    load_demo(store, today=DEMO_TODAY)  # loading again keeps them as they are
    assert store.users() == list(users.values())


def test_a_password_is_changed_with_the_current_one_or_by_an_admin(small_store):
    anna = accounts.add_user(small_store, "anna", "specialist", PASSWORD)
    with pytest.raises(Unauthorized, match="the current password is wrong"):
        accounts.change_password(small_store, "anna", "een nieuw wachtwoord", current="fout", by=anna)
    with pytest.raises(Forbidden):
        accounts.change_password(small_store, "anna", "een nieuw wachtwoord", by=User("c", "coordinator"))
    with pytest.raises(InvalidInput):
        accounts.change_password(small_store, "anna", "kort", current=PASSWORD, by=anna)
    assert small_store.get_user("anna") == anna
    accounts.change_password(small_store, "anna", "een nieuw wachtwoord", current=PASSWORD, by=anna)
    accounts.change_password(small_store, "anna", "door de beheerder", by=User("root", "admin"))
    assert accounts.password_matches(small_store.get_user("anna"), "door de beheerder")
    assert [e.user for e in small_store.audit_entries(kind="users")][-2:] == ["anna", "root"]


def test_a_token_expires_after_its_days_and_its_use_is_recorded_hourly(small_store, monkeypatch):
    accounts.add_user(small_store, "anna", "specialist", PASSWORD)
    token = accounts.create_token(small_store, "anna", days=2)
    [made] = accounts.list_tokens(small_store, "anna")
    assert made.expires - made.created == timedelta(days=2) and made.last_used is None
    moment = made.created + timedelta(days=1)
    assert accounts.user_for_token(small_store, token, now=moment).name == "anna"
    accounts.user_for_token(small_store, token, now=moment + timedelta(minutes=30))  # not written again
    assert small_store.tokens()[0].last_used == moment
    with pytest.raises(Unauthorized, match="expired"):
        accounts.user_for_token(small_store, token, now=made.created + timedelta(days=2))
    monkeypatch.setenv("KERNTEAMDB_TOKEN_DAYS", "7")
    accounts.create_token(small_store, "anna")
    assert accounts.list_tokens(small_store, "anna")[-1].expires - \
        accounts.list_tokens(small_store, "anna")[-1].created == timedelta(days=7)


@pytest.mark.parametrize("days", [0, 366, -1])
def test_a_token_lasts_one_day_to_a_year(small_store, days):
    accounts.add_user(small_store, "anna", "specialist", PASSWORD)
    with pytest.raises(InvalidInput, match="from 1 to 365"):
        accounts.create_token(small_store, "anna", days=days)
    assert small_store.tokens() == []


def test_tokens_are_listed_and_revoked_by_id_by_an_admin_only(small_store):
    accounts.add_user(small_store, "anna", "specialist", PASSWORD)
    token = accounts.create_token(small_store, "anna")
    [made] = accounts.list_tokens(small_store)
    with pytest.raises(Forbidden):
        accounts.revoke_token(small_store, made.digest[:12], by=User("c", "coordinator"))
    with pytest.raises(Forbidden):
        accounts.list_tokens(small_store, by=User("c", "coordinator"))
    for wrong in ("", made.digest[:11], made.digest, "x" * 12):
        with pytest.raises(NotFound):
            accounts.revoke_token(small_store, wrong)
    accounts.revoke_token(small_store, made.digest[:12].upper(), by=User("root", "admin"))
    with pytest.raises(Unauthorized):
        accounts.user_for_token(small_store, token)
    created, revoked = small_store.audit_entries(kind="users")[-2:]
    assert (created.action, created.after["token"]) == ("create_token", made.digest[:12])
    assert (revoked.user, revoked.action, revoked.before["token"]) == \
        ("root", "revoke_token", made.digest[:12])
    assert token not in repr((created, revoked))


def test_a_store_made_before_tokens_expired_keeps_its_tokens_working(tmp_path):
    """The columns ``expires`` and ``last_used`` (and the sessions table) are added
    on first use; an old token counts from its creation with the default days."""
    from graph.stores import open_store

    path = tmp_path / "old.db"
    open_store(f"sqlite:///{path}", create=True).close()
    recent, old = "kt_" + "r" * 43, "kt_" + "o" * 43
    with sqlite3.connect(path) as conn:  # the accounts tables as the previous version made them
        conn.execute("CREATE TABLE users (name TEXT PRIMARY KEY, role TEXT NOT NULL, "
                     "professional TEXT, password_hash TEXT, created TEXT NOT NULL)")
        conn.execute("CREATE TABLE api_tokens (digest TEXT PRIMARY KEY, user TEXT NOT NULL "
                     "REFERENCES users(name) ON DELETE CASCADE, created TEXT NOT NULL)")
        conn.execute("INSERT INTO users VALUES ('anna', 'specialist', NULL, NULL, ?)", (NOW.isoformat(),))
        for token, age in ((recent, 10), (old, 100)):
            made = datetime.now(UTC) - timedelta(days=age)
            conn.execute("INSERT INTO api_tokens VALUES (?, 'anna', ?)",
                         (accounts.token_digest(token), made.isoformat()))
    conn.close()
    store = open_store(f"sqlite:///{path}")
    try:
        assert accounts.user_for_token(store, recent).name == "anna"
        with pytest.raises(Unauthorized, match="expired"):
            accounts.user_for_token(store, old)
        assert [t.expires for t in store.tokens()] == [None, None]
        assert store.find_token(accounts.token_digest(recent))[0].last_used is not None
    finally:
        store.close()


def test_an_id_that_names_two_tokens_revokes_neither(small_store):
    accounts.add_user(small_store, "anna", "specialist", PASSWORD)
    for tail in ("b", "c"):
        small_store.add_token("a" * 12 + tail * 52, "anna", NOW)
    with pytest.raises(Conflict, match="names 2 tokens"):
        accounts.revoke_token(small_store, "a" * 12)
    assert len(small_store.tokens()) == 2

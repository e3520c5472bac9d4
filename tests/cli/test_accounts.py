"""``kernteamdb user add|list`` and ``token create`` as an operator meets them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from directory.accounts import sessions, signin
from directory.accounts import users as accounts
from directory.accounts.throttle import SignInGate
from directory.errors import Unauthorized
from graph.stores import open_store

PASSWORD = "lang genoeg wachtwoord"


@pytest.fixture
def users(loaded, store_url):
    """The command line on a store with the small pool, and a way to look inside."""

    def stored():
        store = open_store(store_url)
        try:
            return store.users()
        finally:
            store.close()

    return loaded, stored


def test_add_asks_for_the_password_twice_and_the_user_can_sign_in(users, store_url):
    run, stored = users
    result = run("user", "add", "Anna", "--role", "specialist", "--professional", "p-anna",
                 input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert "user anna added (specialist)" in result.stdout
    assert PASSWORD not in result.output  # hidden input is not echoed
    store = open_store(store_url)
    try:
        assert signin.sign_in(store, "anna", PASSWORD, gate=SignInGate()).professional == "p-anna"
    finally:
        store.close()


def test_a_mistyped_confirmation_is_asked_again(users):
    run, stored = users
    result = run("user", "add", "anna", "--role", "admin",
                 input=f"{PASSWORD}\nsomething else\n{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0 and "do not match" in result.output
    assert [u.name for u in stored()] == ["anna"]


def test_password_from_stdin_for_scripts(users):
    run, stored = users
    result = run("user", "add", "bot", "--role", "wijkwerker", "--password-stdin", input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    listing = run("user", "list")
    assert listing.stdout.split() == ["bot", "wijkwerker", "-"]


@pytest.mark.parametrize(("args", "message"), [
    (["anna", "--role", "boss"], "unknown role 'boss' (choose from wijkwerker, specialist, triagist, "
                                 "coordinator, admin)"),
    (["anna", "--role", "admin", "--professional", "p-nobody"], "unknown professional 'p-nobody'"),
    (["existing", "--role", "admin"], "user 'existing' already exists"),
    (["no spaces", "--role", "admin"], "is not a valid user name"),
    (["anna", "--role", "admin", "--password-stdin"], "a password needs 10 to 1024 characters"),
])
def test_bad_input_is_one_line_exit_2_and_changes_nothing(users, args, message):
    run, stored = users
    assert run("user", "add", "existing", "--role", "triagist", "--password-stdin",
               input=PASSWORD).exit_code == 0
    before = stored()
    result = run("user", "add", *args, input="short\n")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kernteamdb: ") and message in lines[0]
    assert "Traceback" not in result.output
    assert stored() == before


def test_a_bad_role_is_refused_before_the_password_is_asked(users):
    run, _ = users
    result = run("user", "add", "anna", "--role", "boss")  # no input at all: no prompt reached
    assert result.exit_code == 2 and "Password" not in result.output


def test_token_create_prints_a_working_token_once(users, store_url):
    run, _ = users
    run("user", "add", "anna", "--role", "specialist", "--password-stdin", input=PASSWORD)
    result = run("token", "create", "anna")
    assert result.exit_code == 0
    made = result.stdout.strip()
    assert made.startswith("kt_") and "not shown again" in result.stderr
    store = open_store(store_url)
    try:
        assert accounts.user_for_token(store, made).name == "anna"
    finally:
        store.close()
    assert made not in run("user", "list").output


def test_token_for_an_unknown_user(users):
    run, _ = users
    result = run("token", "create", "nobody")
    assert result.exit_code == 2 and result.stderr.strip() == "kernteamdb: unknown user 'nobody'"
    assert result.stdout == ""


def test_a_store_loaded_with_demo_has_the_demo_users_and_init_has_none(run, tmp_path):
    plain = f"sqlite:///{tmp_path / 'plain.db'}"
    assert run("init", store=plain).exit_code == 0
    assert run("user", "list", store=plain).stdout == ""
    demo = f"sqlite:///{tmp_path / 'demo.db'}"
    assert run("demo", "--today", "2026-11-16", store=demo).exit_code == 0
    names = [line.split()[0] for line in run("user", "list", store=demo).stdout.splitlines()]
    assert names == ["admin", "coordinator", "specialist", "triagist", "wijkwerker"]


@pytest.fixture
def served(monkeypatch):
    """``serve`` up to the point where gunicorn would take over."""
    from web import server

    calls = []  # (the Flask app a worker makes, inside serve's access log; gunicorn's options)
    monkeypatch.setattr(server, "run", lambda make_app, **kwargs: calls.append((make_app().app, kwargs)))
    return calls


def test_serve_demo_prints_the_demo_users_and_serves_plain_http(run, served, tmp_path):
    result = run("serve", "--demo", store=f"sqlite:///{tmp_path / 'demo.db'}")
    assert result.exit_code == 0, result.output
    assert "demo users (password 'demo'): wijkwerker, specialist, triagist, coordinator, admin" \
        in result.stdout
    app, _ = served[0]
    assert app.config["SESSION_COOKIE_SECURE"] is False  # the demo runs on http://127.0.0.1


def test_serve_on_a_real_pool_has_secure_cookies_and_no_demo_users(loaded, served):
    result = loaded("serve")
    assert result.exit_code == 0 and "demo users" not in result.stdout
    app, _ = served[0]
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert loaded("user", "list").stdout == ""
    loaded("serve", "--plain-http")
    assert served[1][0].config["SESSION_COOKIE_SECURE"] is False


NEW = "een ander lang wachtwoord"


def _sign_in(store_url, name, password):
    store = open_store(store_url)
    try:
        return signin.sign_in(store, name, password, gate=SignInGate())
    finally:
        store.close()


def test_user_password_asks_twice_without_echo_and_ends_the_sessions(users, store_url, monkeypatch):
    run, _ = users
    run("user", "add", "anna", "--role", "specialist", "--password-stdin", input=PASSWORD)
    store = open_store(store_url)
    try:
        session_id = sessions.start(store, store.get_user("anna"), timedelta(hours=12))
    finally:
        store.close()
    monkeypatch.setattr("web.cli.accounts._from_terminal", lambda: True)
    result = run("user", "password", "Anna", input=f"{NEW}\ntypo\n{NEW}\n{NEW}\n")
    assert result.exit_code == 0, result.output
    assert "do not match" in result.output and NEW not in result.output
    assert "user anna: password changed" in result.stdout
    assert _sign_in(store_url, "anna", NEW).name == "anna"
    store = open_store(store_url)
    try:
        assert sessions.user_of(store, session_id) is None  # signed out everywhere
        entry = store.audit_entries(kind="users")[-1]
        assert (entry.user, entry.record, entry.action) == ("(command line)", "anna", "password")
    finally:
        store.close()


def test_user_password_reads_stdin_when_it_is_no_terminal(users, store_url):
    run, _ = users
    run("user", "add", "anna", "--role", "specialist", "--password-stdin", input=PASSWORD)
    assert run("user", "password", "anna", input=NEW + "\n").exit_code == 0
    assert _sign_in(store_url, "anna", NEW).name == "anna"


def test_user_password_refuses_a_short_one_or_an_unknown_user(users, store_url):
    run, _ = users
    run("user", "add", "anna", "--role", "specialist", "--password-stdin", input=PASSWORD)
    short = run("user", "password", "anna", input="kort\n")
    assert short.exit_code == 2 and short.stderr.strip() == \
        "kernteamdb: a password needs 10 to 1024 characters"
    assert _sign_in(store_url, "anna", PASSWORD).name == "anna"  # unchanged
    unknown = run("user", "password", "nobody")  # refused before anything is asked
    assert unknown.exit_code == 2 and unknown.stderr.strip() == "kernteamdb: unknown user 'nobody'"


def test_tokens_are_made_for_some_days_listed_without_the_secret_and_revoked(users, store_url):
    run, _ = users
    run("user", "add", "anna", "--role", "specialist", "--password-stdin", input=PASSWORD)
    short = run("token", "create", "anna", "--days", "7").stdout.strip()
    usual = run("token", "create", "anna").stdout.strip()
    listing = run("token", "list", "Anna")
    assert listing.exit_code == 0
    lines = listing.stdout.strip().splitlines()
    assert len(lines) == 2 and short not in listing.output and usual not in listing.output
    assert all("created" in line and "expires" in line and "last used -" in line for line in lines)
    ids = {line.split()[0] for line in lines}
    assert ids == {accounts.token_digest(made)[:12] for made in (short, usual)}
    revoked = run("token", "revoke", accounts.token_digest(short)[:12])
    assert revoked.exit_code == 0 and revoked.stdout.strip() == \
        f"token {accounts.token_digest(short)[:12]} of anna revoked"
    assert [line.split()[0] for line in run("token", "list", "anna").stdout.splitlines()] == \
        [accounts.token_digest(usual)[:12]]
    store = open_store(store_url)
    try:
        with pytest.raises(Unauthorized):
            accounts.user_for_token(store, short)
        assert accounts.user_for_token(store, usual).name == "anna"
        actions = [(e.user, e.action) for e in store.audit_entries(kind="users")]
        assert actions[-3:] == [("(command line)", "create_token"), ("(command line)", "create_token"),
                                ("(command line)", "revoke_token")]
    finally:
        store.close()


@pytest.mark.parametrize(("args", "message"), [
    (["token", "create", "anna", "--days", "0"], "an API token lasts a whole number of days from 1 to 365"),
    (["token", "revoke", "abcdefabcdef"], "unknown API token 'abcdefabcdef'"),
    (["token", "list", "nobody"], "unknown user 'nobody'"),
])
def test_token_mistakes_are_one_line_exit_2(users, args, message):
    run, _ = users
    run("user", "add", "anna", "--role", "specialist", "--password-stdin", input=PASSWORD)
    result = run(*args)
    assert result.exit_code == 2 and result.stderr.strip().splitlines()[0] == f"kernteamdb: {message}"
    assert "Traceback" not in result.output

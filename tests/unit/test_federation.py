"""Signing in with an organisation's account, below the web layer: the providers file,
the claims that give a role, and who is created, changed or refused
(``directory.accounts.providers`` and ``directory.accounts.federation``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from directory.accounts import federation, sessions, signin
from directory.accounts import users as accounts
from directory.accounts.providers import Provider, parse_providers, read_providers
from directory.accounts.throttle import SignInGate
from directory.errors import Conflict, InvalidInput, Unauthorized

NOW = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
ISSUER = "https://login.gemeente.example/realms/wijkteams"
ENV = {"UTRECHT_SECRET": "s3cret-from-the-environment"}
FILE = f"""
[providers.utrecht]
label = "Gemeente Utrecht"
issuer = "{ISSUER}/"
client_id = "kernteamdb"
client_secret_env = "UTRECHT_SECRET"
role_claim = "groups"

[providers.utrecht.roles]
"kt-beheer" = "admin"
"kt-coordinatie" = "coordinator"
"kt-wijkwerk" = "wijkwerker"
"""


def provider() -> Provider:
    return parse_providers(FILE, ENV)[0]


def test_a_providers_file_is_read_with_the_secret_from_the_environment():
    read = provider()
    assert (read.key, read.label, read.issuer, read.client_id) == ("utrecht", "Gemeente Utrecht", ISSUER,
                                                                   "kernteamdb")
    assert read.discovery_url == f"{ISSUER}/.well-known/openid-configuration"
    assert read.client_secret == ENV["UTRECHT_SECRET"] and ENV["UTRECHT_SECRET"] not in repr(read)
    assert read.scopes == ("openid", "email", "profile") and read.email_claim == "email"
    assert read.roles[0] == ("kt-beheer", "admin")


@pytest.mark.parametrize(("change", "named"), [
    (lambda f: f.replace('"kt-wijkwerk" = "wijkwerker"', '"kt-wijkwerk" = "chef"'),
     "[providers.utrecht] roles.kt-wijkwerk: 'chef' is no role"),
    (lambda f: f.replace('client_secret_env = "UTRECHT_SECRET"', 'client_secret_env = "NOT_SET"'),
     "the environment variable NOT_SET is not set"),
    (lambda f: f.replace(f'"{ISSUER}/"', '"http://login.gemeente.example"'), "issuer: an https:// address"),
    (lambda f: f.replace('role_claim = "groups"', 'role_claim = "groups"\nclient_secret = "x"'),
     "unknown entry client_secret"),
    (lambda f: f.replace('label = "Gemeente Utrecht"\n', ''), "[providers.utrecht] label: give a text"),
    (lambda f: f.replace("[providers.utrecht]\n", "[providers.Utrecht!]\n"), "not TOML"),
    (lambda f: f.replace("providers.utrecht", "providers.Utrecht"), "[providers.Utrecht]: a key is"),
    (lambda f: "", "no [providers.<key>] table"),
])
def test_a_wrong_providers_file_is_refused_naming_the_wrong_entry(change, named):
    with pytest.raises(InvalidInput) as refused:
        parse_providers(change(FILE), ENV, source="oidc.toml")
    assert named in str(refused.value) and str(refused.value).startswith("oidc.toml")


def test_a_missing_providers_file_says_so(tmp_path):
    with pytest.raises(InvalidInput, match="cannot read the sign-in providers file"):
        read_providers(str(tmp_path / "absent.toml"), ENV)


@pytest.mark.parametrize(("claim", "role"), [
    (["kt-wijkwerk"], "wijkwerker"),
    (["kt-wijkwerk", "kt-beheer"], "admin"),  # the first of the file's list the user has
    ("kt-coordinatie", "coordinator"),  # a single value (a Keycloak role claim)
    (["KT-BEHEER"], None),  # group ids are compared exactly
    ([], None), (None, None), (42, None), ([42, "andere-groep"], None),
])
def test_the_role_claim_gives_the_first_mapped_role(claim, role):
    claims = {"sub": "x"} if claim is None else {"sub": "x", "groups": claim}
    assert federation.role_for(provider(), claims) == role


def test_first_sign_in_creates_the_user_linked_by_email_and_audited(small_store):
    claims = {"sub": "abc-123", "email": "Anna@Example.org", "groups": ["kt-wijkwerk"]}
    user = federation.sign_in(small_store, provider(), claims, now=NOW)
    assert (user.name, user.role, user.professional) == ("anna@example.org", "wijkwerker", "p-anna")
    assert (user.issuer, user.subject, user.password_hash) == (ISSUER, "abc-123", None)
    assert small_store.user_by_identity(ISSUER, "abc-123") == user
    assert [(e.kind, e.action, e.after) for e in small_store.audit_entries()
            if e.kind in ("users", "signin")] == [
        ("users", "create", {"role": "wijkwerker", "professional": "p-anna", "provider": "utrecht"}),
        ("signin", "sign_in", {"provider": "utrecht"})]
    with pytest.raises(Unauthorized):  # no password of any kind works for them
        signin.sign_in(small_store, "anna@example.org", "", gate=SignInGate(per_minute=10, at_once=1))
    with pytest.raises(Conflict, match="has no password here"):  # and none can be given to them
        accounts.change_password(small_store, "anna@example.org", "a long new password")


def test_an_unverified_or_unknown_email_links_no_one(small_store):
    unverified = {"sub": "u1", "email": "anna@example.org", "email_verified": False, "groups": ["kt-beheer"]}
    assert federation.sign_in(small_store, provider(), unverified, now=NOW).professional is None
    stranger = {"sub": "u2", "email": "niemand@example.org", "groups": ["kt-beheer"]}
    assert federation.sign_in(small_store, provider(), stranger, now=NOW).professional is None


def test_the_role_follows_the_claim_and_the_user_is_found_by_subject_not_email(small_store):
    first = federation.sign_in(small_store, provider(), {"sub": "s1", "email": "jan@example.org",
                                                         "groups": ["kt-wijkwerk"]}, now=NOW)
    again = federation.sign_in(small_store, provider(), {"sub": "s1", "email": "jan.nieuw@example.org",
                                                         "groups": ["kt-coordinatie"]}, now=NOW)
    assert (again.name, again.role) == (first.name, "coordinator")
    update = [e for e in small_store.audit_entries() if e.action == "update"]
    assert [(e.before["role"], e.after["role"]) for e in update] == [("wijkwerker", "coordinator")]
    # someone else who is now given jan's old address is another user, under another name
    other = federation.sign_in(small_store, provider(), {"sub": "s2", "email": "jan@example.org",
                                                         "groups": ["kt-wijkwerk"]}, now=NOW)
    assert other.name != first.name and other.name.startswith("utrecht-") and other.role == "wijkwerker"


def test_a_user_whose_claim_gives_no_role_is_refused_and_their_sessions_end(small_store):
    user = federation.sign_in(small_store, provider(), {"sub": "s1", "groups": ["kt-beheer"]}, now=NOW)
    session_id = sessions.start(small_store, user, timedelta(hours=1), now=NOW)
    with pytest.raises(federation.NoRole):
        federation.sign_in(small_store, provider(), {"sub": "s1", "groups": ["oud-team"]}, now=NOW)
    assert sessions.user_of(small_store, session_id, now=NOW) is None
    assert small_store.get_user(user.name).role == "admin"  # unchanged, only refused
    assert small_store.audit_entries()[-1].action == "refused"
    with pytest.raises(federation.NoRole):  # a stranger without a role leaves nothing behind
        federation.sign_in(small_store, provider(), {"sub": "s9", "groups": []}, now=NOW)
    assert small_store.user_by_identity(ISSUER, "s9") is None
    with pytest.raises(Unauthorized, match="named no user"):
        federation.sign_in(small_store, provider(), {"groups": ["kt-beheer"]}, now=NOW)

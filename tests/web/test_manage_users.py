"""Beheer > Gebruikers: only an admin lists, adds, changes and removes users
(through directory.accounts.users, audited); bad input gets a Dutch message at its
field and changes nothing; CSRF and a change made meanwhile are refused."""

from __future__ import annotations

import pytest

from directory.accounts.roles import ROLES
from tests.web.conftest import csrf_token, signed_in_client

GOOD = {"name": "Nieuwe.Collega", "role": "specialist", "professional": "p-cees",
        "password": "een lang wachtwoord", "repeat": "een lang wachtwoord"}


def store_of(app):
    return app.extensions["kernteamdb.store"]


def last_entry(app):
    return store_of(app).audit_entries(kind="users")[-1]


@pytest.mark.parametrize("role", ROLES)
def test_only_an_admin_may_see_and_use_the_user_pages(fresh_app, role):
    client = signed_in_client(fresh_app, role)
    expected = 200 if role == "admin" else 403
    for path in ("/beheer/gebruikers", "/beheer/gebruikers/nieuw", "/beheer/gebruikers/triagist",
                 "/beheer/gebruikers/triagist/verwijderen"):
        assert client.get(path).status_code == expected, path
    token = csrf_token(client, "/teams")
    added = client.post("/beheer/gebruikers/nieuw", data={**GOOD, "csrf_token": token})
    changed = client.post("/beheer/gebruikers/triagist", data={
        "csrf_token": token, "role": "admin", "professional": "", "was_role": "triagist",
        "was_professional": ""})
    removed = client.post("/beheer/gebruikers/triagist/verwijderen", data={"csrf_token": token})
    store = store_of(fresh_app)
    if role == "admin":
        assert (added.status_code, changed.status_code, removed.status_code) == (302, 302, 302)
        assert store.get_user("nieuwe.collega") is not None and store.get_user("triagist") is None
    else:
        assert (added.status_code, changed.status_code, removed.status_code) == (403, 403, 403)
        assert store.get_user("nieuwe.collega") is None
        assert store.get_user("triagist").role == "triagist"


def test_the_list_shows_name_role_and_linked_professional(as_role):
    html = as_role("admin").get("/beheer/gebruikers").get_data(as_text=True)
    assert "<td>specialist</td><td>specialist (houdt eigen profiel bij)</td>" in html
    assert '<a href="/profiel/p-anna">Anna de Vries</a> (p-anna)' in html
    assert 'href="/beheer/gebruikers/admin/verwijderen"' not in html  # not yourself


def test_an_admin_adds_a_user_who_can_sign_in(fresh_app):
    admin = signed_in_client(fresh_app, "admin")
    answer = admin.post("/beheer/gebruikers/nieuw",
                        data={**GOOD, "csrf_token": csrf_token(admin, "/beheer/gebruikers/nieuw")})
    assert answer.status_code == 302 and answer.headers["Location"] == "/beheer/gebruikers"
    added = store_of(fresh_app).get_user("nieuwe.collega")
    assert (added.role, added.professional) == ("specialist", "p-cees")
    entry = last_entry(fresh_app)
    assert (entry.user, entry.record, entry.action) == ("admin", "nieuwe.collega", "create")
    assert "een lang wachtwoord" not in str(entry)
    assert "Gebruiker nieuwe.collega is toegevoegd." in admin.get("/beheer/gebruikers").get_data(as_text=True)
    visitor = fresh_app.test_client()
    signed_in = visitor.post("/inloggen", data={"csrf_token": csrf_token(visitor), "name": "nieuwe.collega",
                                                "password": GOOD["password"]})
    assert signed_in.status_code == 302


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"name": "x"}, "name", "Een gebruikersnaam heeft 2 tot 64 tekens"),
    ({"name": "met spatie"}, "name", "Een gebruikersnaam heeft 2 tot 64 tekens"),
    ({"name": "Coordinator"}, "name", "Deze gebruikersnaam bestaat al."),
    ({"name": ""}, "name", "Vul een gebruikersnaam in."),
    ({"role": "baas"}, "role", "Kies een rol uit de lijst."),
    ({"professional": "p-niemand"}, "professional",
     "Deze professional bestaat niet; kies een id uit de lijst."),
    ({"password": "kort", "repeat": "kort"}, "password", "Een wachtwoord heeft 10 tot 1024 tekens."),
    ({"repeat": "een ander wachtwoord"}, "repeat", "De twee wachtwoorden zijn niet gelijk."),
])
def test_bad_input_is_named_at_its_field_and_adds_nobody(fresh_app, change, field, message):
    admin = signed_in_client(fresh_app, "admin")
    before = [u.name for u in store_of(fresh_app).users()]
    entries = len(store_of(fresh_app).audit_entries(kind="users"))
    answer = admin.post("/beheer/gebruikers/nieuw",
                        data={**GOOD, **change, "csrf_token": csrf_token(admin, "/beheer/gebruikers/nieuw")})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert f'<span class="error" id="{field}-fout">{message}' in html
    assert f'aria-describedby="{field}-fout"' in html
    assert "Niet opgeslagen: verbeter wat hieronder is aangegeven." in html
    assert [u.name for u in store_of(fresh_app).users()] == before
    assert len(store_of(fresh_app).audit_entries(kind="users")) == entries
    if field != "name":
        assert 'value="Nieuwe.Collega"' in html  # what was typed stays
    assert GOOD["password"] not in html  # but never a password


def test_without_csrf_token_nothing_is_added_changed_or_removed(fresh_app):
    admin = signed_in_client(fresh_app, "admin")
    assert admin.post("/beheer/gebruikers/nieuw", data=GOOD).status_code == 400
    assert admin.post("/beheer/gebruikers/triagist", data={"role": "admin", "was_role": "triagist"}
                      ).status_code == 400
    refused = admin.post("/beheer/gebruikers/triagist/verwijderen", data={})
    assert refused.status_code == 400 and "Formulier verlopen" in refused.get_data(as_text=True)
    store = store_of(fresh_app)
    assert store.get_user("nieuwe.collega") is None and store.get_user("triagist").role == "triagist"


def test_an_admin_changes_a_role_and_the_linked_professional(fresh_app):
    admin = signed_in_client(fresh_app, "admin")
    page = admin.get("/beheer/gebruikers/wijkwerker").get_data(as_text=True)
    assert '<option selected value="wijkwerker">' in page and 'value="p-bram"' in page
    token = csrf_token(admin, "/beheer/gebruikers/wijkwerker")
    form = {"csrf_token": token, "was_role": "wijkwerker", "was_professional": "p-bram"}
    answer = admin.post("/beheer/gebruikers/wijkwerker",
                        data={**form, "role": "specialist", "professional": "p-eva"})
    assert answer.status_code == 302
    changed = store_of(fresh_app).get_user("wijkwerker")
    assert (changed.role, changed.professional) == ("specialist", "p-eva")
    entry = last_entry(fresh_app)
    assert (entry.user, entry.action, entry.before, entry.after) == (
        "admin", "update", {"role": "wijkwerker", "professional": "p-bram"},
        {"role": "specialist", "professional": "p-eva"})
    unlinked = admin.post("/beheer/gebruikers/wijkwerker", data={
        "csrf_token": token, "was_role": "specialist", "was_professional": "p-eva", "role": "specialist",
        "professional": ""})
    assert unlinked.status_code == 302 and store_of(fresh_app).get_user("wijkwerker").professional is None


def test_a_bad_change_or_one_made_meanwhile_changes_nothing(fresh_app):
    admin = signed_in_client(fresh_app, "admin")
    token = csrf_token(admin, "/beheer/gebruikers/specialist")
    form = {"csrf_token": token, "was_role": "specialist", "was_professional": "p-anna"}
    bad = admin.post("/beheer/gebruikers/specialist", data={**form, "role": "specialist",
                                                            "professional": "p-niemand"})
    assert bad.status_code == 400 and "Deze professional bestaat niet" in bad.get_data(as_text=True)
    worse = admin.post("/beheer/gebruikers/specialist", data={**form, "role": "baas", "professional": ""})
    assert worse.status_code == 400 and "Kies een rol uit de lijst." in worse.get_data(as_text=True)
    stale = admin.post("/beheer/gebruikers/specialist", data={**form, "was_role": "triagist",
                                                              "role": "coordinator", "professional": ""})
    html = stale.get_data(as_text=True)
    assert stale.status_code == 409 and "Iemand anders heeft deze gebruiker intussen gewijzigd" in html
    assert '<option selected value="coordinator">' in html  # the choice is kept
    user = store_of(fresh_app).get_user("specialist")
    assert (user.role, user.professional) == ("specialist", "p-anna")
    assert admin.get("/beheer/gebruikers/niemand").status_code == 404


def test_removing_asks_first_and_never_removes_yourself(fresh_app):
    admin = signed_in_client(fresh_app, "admin")
    ask = admin.get("/beheer/gebruikers/triagist/verwijderen").get_data(as_text=True)
    assert "Weet je het zeker?" in ask and "Ja, verwijder triagist" in ask
    assert store_of(fresh_app).get_user("triagist") is not None  # asking removes nothing
    token = csrf_token(admin, "/beheer/gebruikers/triagist/verwijderen")
    removed = admin.post("/beheer/gebruikers/triagist/verwijderen", data={"csrf_token": token})
    assert removed.status_code == 302
    assert store_of(fresh_app).get_user("triagist") is None
    entry = last_entry(fresh_app)
    assert (entry.user, entry.record, entry.action) == ("admin", "triagist", "remove")
    own = admin.post("/beheer/gebruikers/admin/verwijderen", data={"csrf_token": token})
    assert own.status_code == 409
    assert "Je kunt je eigen account niet verwijderen." in own.get_data(as_text=True)
    assert store_of(fresh_app).get_user("admin") is not None
    assert admin.get("/beheer/gebruikers/niemand/verwijderen").status_code == 404

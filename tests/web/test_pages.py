"""Every page: signed out it sends you to the login page, every role sees
it, unknown ids are the 404 page, and stored markup is shown as text."""

from __future__ import annotations

import pytest

from directory.accounts.roles import ROLES
from tests.conftest import small_document
from tests.web.conftest import worker_on

PAGES = [
    "/", "/zoeken", "/zoeken?q=dementie", "/profiel/p-anna", "/professionals/p-anna",
    "/netwerk", "/netwerk?center=p-anna&diepte=2", "/netwerk/pad?van=p-eva&naar=p-anna",
    "/netwerk/organisaties", "/expertise", "/expertise/dementie", "/expertise/tekorten",
    "/expertise/tekorten?wijk=Zuidoost", "/teams", "/teams/wt-zuidoost", "/teams/kt-zuidoost",
    "/organisaties", "/organisaties/org-vivent",
]
UNKNOWN = ["/profiel/p-nobody", "/professionals/p-nobody", "/teams/t-nobody", "/organisaties/o-nobody",
           "/expertise/nothing", "/netwerk?center=p-nobody", "/netwerk/pad?van=p-nobody&naar=p-anna"]


@pytest.mark.parametrize("path", PAGES)
def test_signed_out_every_page_sends_you_to_the_login(client, path):
    answer = client.get(path)
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/inloggen?next=")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", PAGES)
def test_every_role_sees_every_page_with_the_menu(as_role, role, path):
    answer = as_role(role).get(path)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200, path
    assert '<nav aria-label="Hoofdmenu">' in html and '<main id="inhoud"' in html
    assert html.count("<h1>") == 1


@pytest.mark.parametrize("path", UNKNOWN)
def test_unknown_ids_are_the_dutch_404_page(as_role, path):
    answer = as_role("specialist").get(path)
    assert answer.status_code == 404 and "<h1>Niet gevonden</h1>" in answer.get_data(as_text=True)


def test_the_menu_marks_the_page_you_are_on(as_role):
    worker = as_role("wijkwerker")
    network, team = (worker.get(p).get_data(as_text=True) for p in ("/netwerk", "/teams/wt-zuidoost"))
    assert 'href="/netwerk" aria-current="page">Netwerk</a>' in network
    assert 'href="/teams" aria-current="page">Teams</a>' in team


MARKUP = "<script>alert('x')</script>"


def test_stored_markup_is_text_on_every_page(store):
    document = small_document()
    document["professionals"][0].update(name=f"{MARKUP} Anna", bio=f"{MARKUP} bio", role=f"{MARKUP} rol")
    document["organisations"][0]["name"] = f"{MARKUP} Vivent"
    document["teams"][1]["name"] = f"{MARKUP} Kernteam"
    document["teams"][1]["meets"] = f"{MARKUP} dinsdag"
    document["expertise"][1]["label"] = f"{MARKUP} Dementie"
    worker = worker_on(store, document)
    for path in PAGES:
        html = worker.get(path).get_data(as_text=True)
        assert "<script>alert" not in html, path
    shown = "".join(worker.get(p).get_data(as_text=True) for p in PAGES)
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Anna" in shown
    for text in ("bio", "rol", "Vivent", "Kernteam", "dinsdag", "Dementie"):
        assert f"&lt;/script&gt; {text}" in shown, text

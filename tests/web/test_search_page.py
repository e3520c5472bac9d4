"""Zoeken: the search page a wijkteam worker uses between two home visits."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.conftest import small_document
from tests.web.conftest import signed_in_client, worker_on
from web import create_app


def test_signed_out_the_search_page_sends_you_to_the_login(client):
    answer = client.get("/zoeken?q=dementie")
    assert answer.status_code == 302 and "/inloggen" in answer.headers["Location"]


def test_a_worker_finds_the_specialist_with_the_reasons_and_how_to_reach_her(as_role):
    page = as_role("wijkwerker").get("/zoeken?q=geheugenproblemen")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Specialisten voor Dementie" in html
    assert ">Anna de Vries</a></h3>" in html and "casemanager dementie, Vivent" in html
    assert "specialist (dementie)" in html  # her declared level
    assert "Specialist dementie" in html  # a why line
    assert "met jouw team" in html  # the signed-in wijkwerker's team worked with her
    assert 'href="tel:06-00000001"' in html and 'href="mailto:anna@example.org"' in html
    assert "Alzheimer Café" in html  # help close by


def test_the_page_offers_the_form_with_labels_and_expertise_suggestions(as_role):
    html = as_role("coordinator").get("/zoeken").get_data(as_text=True)
    assert '<label for="q">' in html and '<label for="wijk">' in html and '<label for="uren">' in html
    assert '<datalist id="expertise">' in html and '<option value="Dementie">' in html


def test_bad_searches_get_a_dutch_message_and_no_results(as_role):
    worker = as_role("wijkwerker")
    empty = worker.get("/zoeken?q=++")
    assert empty.status_code == 400 and "Typ wat het huishouden nodig heeft" in empty.get_data(as_text=True)
    long = worker.get("/zoeken?q=" + "a" * 501)
    assert long.status_code == 400 and "korter dan 500 tekens" in long.get_data(as_text=True)
    wijk = worker.get("/zoeken?q=dementie&wijk=Atlantis")
    assert wijk.status_code == 400 and "Kies een wijk uit de lijst" in wijk.get_data(as_text=True)
    nothing = worker.get("/zoeken?q=het+regent").get_data(as_text=True)
    assert "Geen expertise herkend" in nothing and "<h3>" not in nothing


def test_a_near_miss_gets_suggestions_as_links(demo_store):
    worker = signed_in_client(create_app({"TESTING": True}, store=demo_store), "wijkwerker")
    html = worker.get("/zoeken?q=opvoedproblemen").get_data(as_text=True)
    assert "Bedoelde je:" in html and 'href="/zoeken?q=Opvoedondersteuning"' in html


def test_only_people_with_hours_left_when_asked(store):
    document = small_document()
    today = datetime.now(UTC).date().isoformat()
    document["cases"].append({"id": "c-vol", "opened": today, "team": "wt-zuidoost", "areas": ["dementie"],
                              "participants": [{"professional": "p-anna", "role": "specialist",
                                                "hours": 40}]})  # her whole budget
    worker = worker_on(store, document)
    everyone = worker.get("/zoeken?q=dementie").get_data(as_text=True)
    assert ">Anna de Vries</a></h3>" in everyone and "Geen uren meer dit halfjaar" in everyone
    with_hours = worker.get("/zoeken?q=dementie&uren=1").get_data(as_text=True)
    assert "Anna de Vries" not in with_hours and ">Cees Bakker</a></h3>" in with_hours


def test_stored_html_is_shown_as_text(store):
    document = small_document()
    document["professionals"][0]["name"] = "<script>alert('x')</script> Anna"
    html = worker_on(store, document).get("/zoeken?q=dementie").get_data(as_text=True)
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Anna" in html


def test_several_needs_get_a_team_proposal(demo_store):
    worker = signed_in_client(create_app({"TESTING": True}, store=demo_store), "wijkwerker")
    html = worker.get("/zoeken?q=dementie+en+schulden").get_data(as_text=True)
    assert "Specialisten voor Dementie, Schuldhulpverlening" in html
    proposal = html[html.index("Voorstel voor een team"):]
    assert "<li>Dementie: " in proposal and "<li>Schuldhulpverlening: " in proposal

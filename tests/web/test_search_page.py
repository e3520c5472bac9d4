"""Zoeken: the search page a wijkteam worker uses between two home visits."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

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
    assert re.search(r"\d+ specialisten voor Dementie<", html)
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
    assert "We herkennen geen expertisegebied in je vraag" in nothing and '<li class="card">' not in nothing


def test_a_near_miss_gets_suggestions_as_links(demo_store):
    worker = signed_in_client(create_app({"TESTING": True}, store=demo_store), "wijkwerker")
    html = worker.get("/zoeken?q=opvoedperikels").get_data(as_text=True)
    assert "Bedoelde je:" in html and 'href="/zoeken?q=opvoedperikels&amp;area=opvoedondersteuning"' in html


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
    assert ">Anna de Vries</a></h3>" not in with_hours and ">Cees Bakker</a></h3>" in with_hours


def test_stored_html_is_shown_as_text(store):
    document = small_document()
    document["professionals"][0]["name"] = "<script>alert('x')</script> Anna"
    html = worker_on(store, document).get("/zoeken?q=dementie").get_data(as_text=True)
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Anna" in html


def test_several_needs_get_a_team_proposal(demo_store):
    worker = signed_in_client(create_app({"TESTING": True}, store=demo_store), "wijkwerker")
    html = worker.get("/zoeken?q=dementie+en+schulden").get_data(as_text=True)
    assert re.search(r"\d+ specialisten voor Dementie, Schuldhulpverlening<", html)
    proposal = html[html.index("Voorstel voor een team"):]
    assert "<li>Dementie: " in proposal and "<li>Schuldhulpverlening: " in proposal


def _names_in_order(html: str) -> list[str]:
    return re.findall(r'<h3><a href="/profiel/([^"]+)">', html)


def test_the_start_page_after_signing_in_is_the_search(as_role):
    html = as_role("wijkwerker").get("/").get_data(as_text=True)
    assert '<form class="search"' in html and '<label for="q">' in html
    assert 'aria-current="page">Zoeken</a>' in html


def test_every_filter_has_a_label_and_offers_what_the_pool_holds(as_role):
    html = as_role("wijkwerker").get("/zoeken").get_data(as_text=True)
    for control in ("wijk", "organisatie", "domein", "model", "uren"):
        assert f'<label for="{control}">' in html and f'id="{control}"' in html
    assert '<option value="West">West</option>' in html  # a wijk only Cees works in
    assert '<option value="org-vivent">Vivent</option>' in html
    assert '<option value="org-cafe">' not in html  # employs nobody: nothing to filter on
    assert '<option value="hersenen-cognitie">Hersenen &amp; cognitie</option>' in html
    assert '<option value="triage">' in html


@pytest.mark.parametrize(("filters", "shown"), [
    ("", ["p-anna", "p-cees"]),
    ("&wijk=West", ["p-cees"]),
    ("&wijk=Zuidoost", ["p-anna"]),
    ("&organisatie=org-vivent", ["p-anna", "p-cees"]),
    ("&organisatie=org-gemeente", []),
    ("&domein=hersenen-cognitie", ["p-anna", "p-cees"]),
    ("&model=expertiseteam", ["p-anna"]),  # Anna is in the kernteam (an expertiseteam)
    ("&model=netwerk", []),
])
def test_filters_keep_the_people_who_pass_in_the_ranking_order(as_role, filters, shown):
    html = as_role("wijkwerker").get(f"/zoeken?q=dementie{filters}").get_data(as_text=True)
    assert _names_in_order(html) == shown
    if not shown:
        assert "Niemand voldoet aan deze filters" in html


def test_a_filtered_list_is_the_ranking_with_people_left_out(demo_store):
    worker = signed_in_client(create_app({"TESTING": True}, store=demo_store), "wijkwerker")
    me = demo_store.get("professionals", demo_store.get_user("wijkwerker").professional)
    asked = f"q=dementie&limit=100&requester={me.id}&team={sorted(me.teams)[0]}"
    ranking = worker.get(f"/api/v1/search?{asked}").get_json()["results"]
    at_vivent = [r["id"] for r in ranking if (r["organisation"] or {}).get("id") == "org-vivent"][:10]
    page = _names_in_order(worker.get("/zoeken?q=dementie&organisatie=org-vivent").get_data(as_text=True))
    assert len(page) > 1 and page == at_vivent
    again = _names_in_order(worker.get("/zoeken?q=dementie&organisatie=org-vivent").get_data(as_text=True))
    assert again == page  # the same question gives the same list


def test_a_domain_alone_is_searched_as_the_need(as_role):
    html = as_role("wijkwerker").get("/zoeken?q=&domein=hersenen-cognitie").get_data(as_text=True)
    assert re.search(r"\d+ specialisten voor Hersenen &amp; cognitie<", html)
    assert _names_in_order(html) == ["p-anna", "p-cees"]  # Dina (NAH) is no longer active


@pytest.mark.parametrize(("query", "message"), [
    ("q=dementie&organisatie=org-nergens", "Kies een organisatie uit de lijst."),
    ("q=dementie&domein=dementie", "Kies een domein uit de lijst."),  # an area, not a domain
    ("q=dementie&model=alleen", "Kies een manier van samenwerken uit de lijst."),
])
def test_a_filter_value_not_on_offer_gets_a_dutch_message(as_role, query, message):
    answer = as_role("wijkwerker").get(f"/zoeken?{query}")
    assert answer.status_code == 400 and message in answer.get_data(as_text=True)


def test_a_card_shows_hours_left_shared_cases_and_how_i_am_connected(as_role):
    html = as_role("wijkwerker").get("/zoeken?q=dementie").get_data(as_text=True)
    anna = html[html.index('<a href="/profiel/p-anna">'):html.index('<a href="/profiel/p-cees">')]
    assert "<dt>Uren over</dt>" in anna and "uur dit halfjaar" in anna
    assert "<dt>Samen met jou of je team</dt>\n        <dd>2 casussen</dd>" in anna
    assert "direct: samen aan casussen gewerkt (2)" in anna  # Bram (signed in) worked with Anna
    cees = html[html.index('<a href="/profiel/p-cees">'):]
    assert "<dd>0 casussen</dd>" in cees  # reached through Anna, who works at Vivent as Cees does
    assert "jij → <a href=\"/profiel/p-anna\">Anna de Vries</a> (samen aan casussen gewerkt (2)) → " \
           "Cees Bakker (zelfde organisatie)" in cees


def test_a_coordinator_without_a_professional_sees_no_connection_lines(as_role):
    html = as_role("coordinator").get("/zoeken?q=dementie").get_data(as_text=True)
    assert _names_in_order(html) == ["p-anna", "p-cees"]
    assert "Hoe je verbonden bent" not in html


def test_with_several_needs_the_team_comes_first_and_nobody_without_hours_is_in_it(demo_app):
    worker = signed_in_client(demo_app, "wijkwerker")
    html = worker.get("/zoeken?q=geheugenproblemen+en+schulden").get_data(as_text=True)
    start = html.index('<section class="team-proposal"')
    team = html[start:html.index("</section>", start)]
    assert html.index("Voorstel voor een team") < html.index('<li class="card">')
    assert "Dementie:" in team and "Schuldhulpverlening:" in team and "uur dit halfjaar" in team
    # Tom Visser has no hours left this half-year (and was last confirmed in January 2025)
    assert "Tom Visser" not in team and "Niemand beschikbaar" not in team


def test_a_need_nobody_available_meets_is_said_plainly(as_role):
    html = as_role("wijkwerker").get("/zoeken?area=dementie&area=nah").get_data(as_text=True)
    team = html[html.index('<section class="team-proposal"'):]
    assert "Dementie:" in team and ">Anna de Vries</a>" in team
    assert "Niemand beschikbaar voor NAH" in team  # the only NAH expert is retired
    assert html.index("Voorstel voor een team") < html.index('<li class="card">')


def test_one_need_gets_no_team_proposal(as_role):
    html = as_role("wijkwerker").get("/zoeken?q=dementie").get_data(as_text=True)
    assert "Voorstel voor een team" not in html


def test_a_team_not_compared_with_every_other_says_it_is_approximate(demo_app, monkeypatch):
    from functools import partial

    from graph.team import propose_team
    from graph.team_exact import Budget

    worker = signed_in_client(demo_app, "wijkwerker")
    exact = worker.get("/zoeken?q=geheugenproblemen+en+schulden").get_data(as_text=True)
    assert "Voorstel voor een team" in exact and "Benaderd" not in exact
    # as if too many people could cover the needs to compare every team
    monkeypatch.setattr("graph.search.team.propose_team", partial(propose_team, budget=Budget(pairs=0)))
    html = worker.get("/zoeken?q=geheugenproblemen+en+schulden").get_data(as_text=True)
    team = html[html.index('<section class="team-proposal"'):]
    assert "Benaderd: te veel mogelijkheden om alle teams te vergelijken" in team
    assert "Dementie:" in team and "Schuldhulpverlening:" in team
    text = worker.get("/zoeken?q=geheugenproblemen+en+schulden",
                      headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Approximate: too many possibilities to compare every team" in text

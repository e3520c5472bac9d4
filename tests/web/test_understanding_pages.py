"""What the search understood, in the pages (issue 15): the chips with the
words that named each area, taking one away and adding one through the
picker, the ways on when nothing was understood, the consultation form's
chips, and the coordinator's proposed synonyms. Also the API's and the
command line's ``understood`` and ``without``."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

from click.testing import CliRunner

from directory.accounts.roles import User
from directory.consultations import service as consult
from tests.web.consult_helpers import as_user, text_of, token
from web.cli.main import main


def _chips(html: str) -> dict[str, str]:
    """Chip label -> the words shown with it."""
    found = re.findall(r'<li class="chip"><span class="chip-label">([^<]+)</span>'
                       r'(?: <span class="chip-words">(?:— )?([^<]*)</span>)?', html)
    return {label: words for label, words in found}


def _remove_link(html: str, label: str) -> str:
    found = re.search(r'<span class="chip-label">' + re.escape(label) + r'</span>.*?'
                      r'<a class="chip-remove" href="([^"]+)"', html, re.S)
    assert found, f"no remove link for {label}"
    return found.group(1).replace("&amp;", "&")


def test_the_page_shows_each_understood_area_with_the_words_that_named_it(demo_app):
    worker = as_user(demo_app, "wijkwerker")
    html = worker.get("/zoeken?q=jongere+van+15+spijbelt+en+blowt").get_data(as_text=True)
    assert _chips(html) == {"Schoolverzuim": "spijbelt", "Drugs": "blowt"}
    assert re.search(r"\d+ specialisten voor Schoolverzuim, Drugs<", html)


def test_a_chip_taken_away_is_no_longer_searched_and_can_be_put_back(demo_app):
    worker = as_user(demo_app, "wijkwerker")
    html = worker.get("/zoeken?q=jongere+van+15+spijbelt+en+blowt").get_data(as_text=True)
    without = worker.get(_remove_link(html, "Schoolverzuim")).get_data(as_text=True)
    assert _chips(without) == {"Drugs": "blowt"}
    assert re.search(r"\d+ specialisten voor Drugs<", without)
    back = re.search(r'Schoolverzuim \(<a href="([^"]+)">terugzetten</a>\)', without)
    assert back
    again = worker.get(back.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert set(_chips(again)) == {"Schoolverzuim", "Drugs"}


def test_an_area_is_added_through_the_picker_by_label_or_in_own_words(demo_app):
    worker = as_user(demo_app, "wijkwerker")
    html = worker.get("/zoeken?q=vader+drinkt+te+veel").get_data(as_text=True)
    assert '<datalist id="gebieden">' in html and '<option value="Schuldhulpverlening">' in html
    added = worker.get("/zoeken?q=vader+drinkt+te+veel&gebied=Schuldhulpverlening").get_data(as_text=True)
    assert _chips(added) == {"Alcohol": "drinkt, te, veel", "Schuldhulpverlening": "(door jou gekozen)"}
    by_words = worker.get("/zoeken?q=vader+drinkt+te+veel&gebied=gokt").get_data(as_text=True)
    assert "Gokken en gamen" in _chips(by_words)
    unknown = worker.get("/zoeken?q=vader+drinkt+te+veel&gebied=xyzzy").get_data(as_text=True)
    assert "Geen expertisegebied gevonden voor &#39;xyzzy&#39;" in unknown
    assert _chips(unknown) == {"Alcohol": "drinkt, te, veel"}
    chosen = worker.get(_remove_link(added, "Schuldhulpverlening")).get_data(as_text=True)
    assert set(_chips(chosen)) == {"Alcohol"}


def test_nothing_understood_is_no_dead_end(demo_app):
    worker = as_user(demo_app, "wijkwerker")
    html = worker.get("/zoeken?q=het+regent+al+dagen").get_data(as_text=True)
    page = text_of(html)
    assert "We herkennen geen expertisegebied in je vraag" in page
    assert "Of kies een domein: Beperking & ontwikkeling" in page
    assert "Laat de triagist meekijken" in page
    start = re.search(r'href="(/consultaties/nieuw\?q=[^"]+&amp;via=tr-west)"', html)
    assert start, "no button that starts a triage consultation"
    form = worker.get(start.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert "het regent al dagen</textarea>" in form
    assert re.search(r'<option selected value="tr-west">|<option value="tr-west" selected>', form)


def test_a_whole_domain_understood_offers_its_areas(demo_app):
    worker = as_user(demo_app, "wijkwerker")
    html = worker.get("/zoeken?q=verslaving").get_data(as_text=True)
    assert "Bedoelde je:" in html and "area=alcohol" in html


def test_the_consultation_form_proposes_removable_chips_and_a_picker(demo_app):
    worker = as_user(demo_app, "wijkwerker")
    page = worker.get("/consultaties/nieuw?q=dochter+van+15+spijbelt").get_data(as_text=True)
    assert re.findall(r'<input type="checkbox" name="areas" value="([^"]+)"[^>]*checked', page) == [
        "schoolverzuim"]
    assert page.count('type="checkbox" name="areas"') == 1  # not a checkbox per area of the taxonomy
    added = worker.post("/consultaties/nieuw", data={
        "csrf_token": token(page), "need": "dochter van 15 spijbelt", "areas": ["schoolverzuim"],
        "gebied": "Jeugd-GGZ", "voeg_toe": "1", "via": ""}).get_data(as_text=True)
    assert re.findall(r'name="areas" value="([^"]+)"', added) == ["schoolverzuim", "jeugd-ggz"]
    assert demo_app.extensions["kernteamdb.store"].consultations() == []  # nothing filed yet
    taken_away = worker.post("/consultaties/nieuw", data={
        "csrf_token": token(page), "need": "dochter van 15 spijbelt", "areas": ["jeugd-ggz"],
        "gebied": "", "voeg_toe": "1", "via": ""}).get_data(as_text=True)
    assert "Typ een gebied en kies het uit de lijst." in taken_away


def test_a_request_is_tagged_only_with_what_the_worker_confirmed(demo_app):
    worker = as_user(demo_app, "wijkwerker")
    page = worker.get("/consultaties/nieuw?q=dochter+van+15+spijbelt+en+blowt&via=tr-west").get_data(
        as_text=True)
    worker.post("/consultaties/nieuw", data={
        "csrf_token": token(page), "need": "dochter van 15 spijbelt en blowt", "areas": ["drugs"],
        "via": "tr-west", "question": "advies", "urgency": "normaal"})
    filed = demo_app.extensions["kernteamdb.store"].consultations()
    assert [(c.via, c.areas) for c in filed] == [("tr-west", ("drugs",))]


def test_the_api_and_the_command_line_say_what_was_understood(demo_app, demo_store_file):
    worker = as_user(demo_app, "wijkwerker")
    body = worker.get("/api/v1/search?q=jongere+van+15+spijbelt+en+blowt&without=drugs").get_json()
    assert body["areas"] == ["schoolverzuim"]
    [understood] = body["understood"]
    assert {k: understood[k] for k in ("area", "label", "words", "chosen")} == {
        "area": "schoolverzuim", "label": "Schoolverzuim", "words": ["spijbelt"], "chosen": False}
    nothing = worker.get("/api/v1/search?q=het+regent").get_json()
    assert nothing["understood"] == [] and nothing["suggested"] == []
    result = CliRunner().invoke(main, ["--store", f"sqlite:///{demo_store_file}", "search", "--json",
                                       "vader drinkt te veel", "--area", "schuldhulpverlening"])
    out = json.loads(result.output)
    assert [(u["area"], u["chosen"]) for u in out["understood"]] == [("alcohol", False),
                                                                     ("schuldhulpverlening", True)]
    plain = CliRunner().invoke(main, ["--store", f"sqlite:///{demo_store_file}", "search",
                                      "vader drinkt te veel", "--without", "alcohol"])
    assert "begrepen:" not in plain.output and "geen expertisegebied herkend" in plain.output


def test_coordinators_see_proposed_synonyms_and_decide(demo_app):
    store = demo_app.extensions["kernteamdb.store"]
    now = datetime.now(UTC)
    for i, name in enumerate(["wijkwerker", "wijkwerker", "coordinator"]):
        user = store.get_user(name)
        lead = {"lead": "p-0001"} if name == "coordinator" else {}
        consult.file_request(store, {"need": "opa plakt overal gele briefjes", "areas": ["dementie"], **lead},
                             by=User(user.name, user.role, user.professional), now=now + timedelta(minutes=i))
    coordinator = as_user(demo_app, "coordinator")
    overview = coordinator.get("/taxonomie/voorstellen").get_data(as_text=True)
    assert "gele briefjes" in overview and ">opa<" not in overview  # nobody's age or role
    area = coordinator.get("/taxonomie/gebied/dementie").get_data(as_text=True)
    assert "Voorgestelde zoekwoorden" in area and "in 3 consultaties van 2 werkers" in text_of(area)
    version = re.search(r'name="version" value="(\d+)"', area).group(1)
    coordinator.post("/taxonomie/gebied/dementie/voorstellen/afwijzen",
                     data={"csrf_token": token(area), "synonym": "gele briefjes", "version": version})
    after = coordinator.get("/taxonomie/voorstellen").get_data(as_text=True)
    assert "wordt niet meer voorgesteld" in after and '<td lang="nl">gele briefjes</td>' not in after
    assert as_user(demo_app, "wijkwerker").get("/taxonomie/voorstellen").status_code == 403


def test_turning_down_a_proposal_refused_shows_the_area_page_with_the_reason(demo_app):
    coordinator = as_user(demo_app, "coordinator")
    area = coordinator.get("/taxonomie/gebied/dementie").get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', area).group(1)
    answer = coordinator.post("/taxonomie/gebied/dementie/voorstellen/afwijzen",
                              data={"csrf_token": token(area), "synonym": "bel 06-12345678",
                                    "version": version})
    assert answer.status_code == 400 and "Beheren: Dementie" in answer.get_data(as_text=True)
    assert not any(e.action == "reject_synonym"
                   for e in demo_app.extensions["kernteamdb.store"].audit_entries(kind="expertise"))

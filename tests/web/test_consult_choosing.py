"""Choosing people on the consultation pages, and what each user is shown:
names instead of ids, the wijk from the worker's team, the hours budget
wherever a specialist can be chosen (an exhausted one not offered unless a
coordinator overrides), no request form for who cannot file, the detail
page's title, next step and fitting actions, the asked specialists' latest
answer, and every status and notice in words."""

from __future__ import annotations

import re
import typing

from directory.consultations.records import NOTICE_KINDS, AskStatus, State
from tests.web.consult_helpers import (
    SPECIALIST,
    WORKER,
    as_user,
    file_request,
    filed,
    take,
    text_of,
    token,
    took,
)
from tests.web.test_consult_refusals import accepted, book_up_to, store_of
from web.words.consult import ASKS, STATES
from web.words.notices import NOTICE_TEXT

ID = re.compile(r"\bp-\d{4}\b")
EXHAUSTED = "geen uren meer dit halfjaar"


def select(page: str, name: str) -> str:
    found = re.search(rf'<select[^>]*name="{name}".*?</select>', page, re.S)
    assert found, f"no choice {name} on the page"
    return found.group(0)


def asked_table(client, cid: str) -> str:
    page = client.get(f"/consultaties/{cid}").get_data(as_text=True)
    return text_of(re.search(r'<table id="vragen">.*?</table>', page, re.S).group(0))


def test_the_form_offers_specialists_by_name_with_their_hours_and_starts_with_the_worker_s_wijk(demo_app):
    worker = as_user(demo_app, "wijkwerker")
    answer = worker.get(f"/consultaties/nieuw?specialist={SPECIALIST}&q=vergeet+steeds+de+afspraken")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "(id" not in text_of(page) and not ID.search(text_of(page))  # no ids to read or type
    chosen = select(page, "specialist")
    assert re.search(rf'<option selected value="{SPECIALIST}">Jasper Maas · [^<]+ · [\d,]+ uur over</option>',
                     chosen)
    assert chosen.count("<option") >= 4  # the best matches for dementie, besides "later"
    assert '<option selected value="Zuidoost">' in select(page, "wijk")  # Sociaal wijkteam Zuidoost
    assert "lead" not in re.findall(r'name="([^"]+)"', page)  # only a coordinator names the regisseur


def test_a_coordinator_chooses_the_regisseur_by_name(demo_app):
    page = as_user(demo_app, "coordinator").get("/consultaties/nieuw").get_data(as_text=True)
    lead = select(page, "lead")
    assert re.search(rf'<option value="{WORKER}">Sanne Kuipers \(Sociaal wijkteam Zuidoost\)</option>', lead)
    assert f'value="{SPECIALIST}"' not in lead  # a specialist never holds the regie


def test_an_exhausted_specialist_is_not_offered_and_the_refusal_is_said_once(demo_app):
    worker, specialist, cid = accepted(demo_app)
    book_up_to(demo_app, specialist, cid, 40)
    page = worker.get(f"/consultaties/nieuw?specialist={SPECIALIST}&q=vergeet+steeds+de+afspraken")
    html = page.get_data(as_text=True)
    assert f'value="{SPECIALIST}"' not in select(html, "specialist")
    assert '<option selected value="">nog niemand (later kiezen)</option>' in select(html, "specialist")
    assert text_of(page).count("Jasper Maas heeft geen uren meer over dit halfjaar") == 1

    crafted = file_request(worker, need="Derde vraag", areas=["dementie"], specialist=SPECIALIST)
    assert crafted.status_code == 409
    assert text_of(crafted).count("geen uren meer") == 1  # the refusal, not also the budget note

    coordinator = as_user(demo_app, "coordinator").get(
        f"/consultaties/nieuw?specialist={SPECIALIST}&q=vergeet+steeds+de+afspraken").get_data(as_text=True)
    assert re.search(rf'<option selected value="{SPECIALIST}">Jasper Maas · [^<]* · {EXHAUSTED}',
                     select(coordinator, "specialist"))  # marked; the exception needs a reason
    assert 'name="override"' in coordinator


def test_the_exhausted_are_marked_on_the_agenda_and_offered_to_a_coordinator_only(demo_app):
    worker, specialist, cid = accepted(demo_app)
    book_up_to(demo_app, specialist, cid, 40)
    agenda_cid = filed(worker, need="Na een beroerte lukt het huishouden niet meer", areas=["nah"],
                       via="kt-zuidoost")
    chair = specialist.get("/teams/kt-zuidoost/agenda").get_data(as_text=True)
    item = chair[chair.index(f'id="kop-{agenda_cid}"'):]
    item = item[:item.index("</section>")]
    assert re.search(r'value="p-\d+"> <label[^>]*>[^<·]+ · [^<]+ · [\d,]+ uur over', item)  # with hours
    assert "Niet toe te wijzen, want zonder uren dit halfjaar: Jasper Maas." in text_of(item)
    assert f'value="{SPECIALIST}"' not in item and 'name="assign-override"' not in item
    as_coordinator = as_user(demo_app, "coordinator").get("/teams/kt-zuidoost/agenda").get_data(as_text=True)
    item = as_coordinator[as_coordinator.index(f'id="kop-{agenda_cid}"'):]
    item = item[:item.index("</section>")]
    assert re.search(rf'value="{SPECIALIST}"> <label[^>]*>Jasper Maas · [^<]* · {EXHAUSTED}', item)
    assert 'name="assign-override"' in item


def test_who_cannot_file_sees_no_entry_and_a_crafted_request_says_why(demo_app):
    specialist = as_user(demo_app, "specialist")
    assert "Nieuwe consultatie aanvragen" not in text_of(specialist.get("/consultaties"))
    assert "Nieuwe consultatie aanvragen" in text_of(as_user(demo_app, "wijkwerker").get("/consultaties"))
    opened = specialist.get("/consultaties/nieuw")
    assert opened.status_code == 403
    assert "Je kunt geen consultatie aanvragen" in text_of(opened)
    assert "het wijkteam houdt altijd de regie. Je account hoort niet bij een wijkteam." in text_of(opened)
    page = specialist.get("/consultaties").get_data(as_text=True)  # the token of their own session
    crafted = specialist.post("/consultaties/nieuw", data={"csrf_token": token(page), "need": "Vraag",
                                                           "areas": ["dementie"], "question": "advies"})
    assert crafted.status_code == 403 and "Je account hoort niet bij een wijkteam." in text_of(crafted)
    assert store_of(demo_app).consultations() == []


def test_the_detail_page_says_what_comes_next_and_shows_only_the_fitting_actions(demo_app):
    worker, specialist = as_user(demo_app, "wijkwerker"), as_user(demo_app, "specialist")
    cid = filed(worker, need="Meneer vergeet steeds de afspraken en de post stapelt zich op",
                areas=["dementie"], specialist=SPECIALIST)
    asked = specialist.get(f"/consultaties/{cid}").get_data(as_text=True)
    assert re.search(r"<h1>Meneer vergeet steeds de afspraken en de… – \d+ nov 2026</h1>", asked)
    assert f"<h1>Consultatie {cid}" not in asked
    assert "Je bent gevraagd voor deze consultatie. Neem de vraag aan" in text_of(asked)
    assert re.search(r'<section class="step" id="stap-accept"', asked)  # open, first
    for step in ("close", "hand_over", "withdraw", "ask", "record_consent"):
        assert f"/consultaties/{cid}/{step}" not in asked  # not the specialist's

    waiting = worker.get(f"/consultaties/{cid}").get_data(as_text=True)
    assert "Je wacht op het antwoord van Jasper Maas" in text_of(waiting)
    assert f"/consultaties/{cid}/accept" not in waiting
    assert re.search(r'<details class="step" id="stap-close">', waiting)  # there, but folded
    assert not ID.search(text_of(waiting))

    took(specialist, cid, "accept")
    helping = specialist.get(f"/consultaties/{cid}").get_data(as_text=True)
    assert "Je helpt mee" in text_of(helping) and f"/consultaties/{cid}/accept" not in helping
    assert re.search(r'<section class="step" id="stap-book_hours"', helping)
    lead = worker.get(f"/consultaties/{cid}").get_data(as_text=True)
    assert "Jasper Maas helpt mee." in text_of(lead)
    assert re.search(r'<section class="step" id="stap-close"', lead)  # now the step that fits
    assert '<details class="step" id="stap-hand_over">' in lead


def test_the_asked_specialists_show_their_latest_answer(demo_app):
    worker, specialist = as_user(demo_app, "wijkwerker"), as_user(demo_app, "specialist")
    cid = filed(worker, need="Vragen over geheugen", areas=["dementie"], specialist=SPECIALIST)
    table = asked_table(worker, cid)
    assert "Jasper Maas gevraagd, nog geen antwoord" in table
    took(specialist, cid, "accept")
    table = asked_table(worker, cid)
    assert "Jasper Maas aangenomen" in table and "nog geen antwoord" not in table


def test_a_handed_over_regie_and_hours_for_someone_are_chosen_by_name(demo_app):
    coordinator = as_user(demo_app, "coordinator")
    worker, specialist, cid = accepted(demo_app)
    page = coordinator.get(f"/consultaties/{cid}").get_data(as_text=True)
    assert f'<option value="{SPECIALIST}">Jasper Maas</option>' in select(page, "book_hours-professional")
    assert "Sanne Kuipers" not in select(page, "hand_over-lead")  # the regisseur herself is not offered
    assert not ID.search(text_of(page))
    handed = take(coordinator, cid, "hand_over", lead="p-0038")
    assert handed.status_code == 302


def test_every_status_and_notice_has_its_words():
    assert set(typing.get_args(State)) <= set(STATES)
    assert set(typing.get_args(AskStatus)) <= set(ASKS)
    assert set(NOTICE_KINDS) <= set(NOTICE_TEXT)


def test_the_chair_s_list_says_a_new_agenda_item_in_words(demo_app):
    worker, chair = as_user(demo_app, "wijkwerker"), as_user(demo_app, "specialist")
    filed(worker, need="Na een beroerte lukt het huishouden niet meer", areas=["nah"], via="kt-zuidoost")
    listed = text_of(chair.get("/consultaties"))
    assert "Nieuwe vraag op de agenda van je expertiseteam" in listed
    assert "nieuw-op-agenda" not in listed


def test_the_inbox_says_how_long_a_request_waits_not_an_age(demo_app):
    worker, triagist = as_user(demo_app, "wijkwerker"), as_user(demo_app, "triagist")
    filed(worker, need="Mevrouw raakt de weg kwijt", areas=["dementie"], via="tr-west")
    inbox = triagist.get("/teams/tr-west/inbox").get_data(as_text=True)
    assert '<th scope="col">Wacht sinds</th>' in inbox and ">Leeftijd<" not in inbox
    assert "(vandaag)" in text_of(inbox) and "0 werkdagen" not in text_of(inbox)


def test_the_new_words_are_english_on_english_pages(demo_app):
    english = {"Accept-Language": "en"}
    worker, specialist = as_user(demo_app, "wijkwerker"), as_user(demo_app, "specialist")
    cid = filed(worker, need="Vragen over geheugen", areas=["dementie"], specialist=SPECIALIST)
    detail = text_of(worker.get(f"/consultaties/{cid}", headers=english))
    assert "Next step" in detail and "You are waiting for the answer of Jasper Maas" in detail
    assert "Volgende stap" not in detail and "Meer acties" not in detail
    form = text_of(worker.get(f"/consultaties/nieuw?specialist={SPECIALIST}&q=geheugen", headers=english))
    assert "nobody yet (choose later)" in form and "uur over" not in form
    refused = text_of(specialist.get("/consultaties/nieuw", headers=english))
    assert "You cannot request a consultation" in refused and "Je account" not in refused

"""Consultations through the pages, in each of the three models, from filing
to closing, as the demo's users see them: the state, the log, the hours
left, and the closed case counting for the specialists afterwards."""

from __future__ import annotations

import re

from tests.web.consult_helpers import (
    SPECIALIST,
    WORKER,
    as_user,
    cases_of,
    filed,
    take,
    text_of,
    token,
    took,
)


def test_the_header_offers_consultations_and_search_results_lead_to_a_request(demo_app):
    worker = as_user(demo_app, "wijkwerker")
    search = worker.get("/zoeken?q=vergeet+steeds+de+afspraken").get_data(as_text=True)
    assert ">Consultaties</a>" in search
    link = re.search(r'href="(/consultaties/nieuw\?specialist=(p-\d+)&amp;q=[^"]+)"', search)
    assert link, "a search result has no 'Consultatie aanvragen' link"
    form = worker.get(link.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert "vergeet steeds de afspraken</textarea>" in form
    assert re.search(r'<input checked[^>]*value="dementie"|value="dementie"[^>]*checked', form)
    assert f'value="{link.group(2)}"' in form
    profile = worker.get(f"/profiel/{SPECIALIST}").get_data(as_text=True)
    assert f'href="/consultaties/nieuw?specialist={SPECIALIST}"' in profile


def test_recognising_areas_from_the_need_keeps_what_was_typed_and_files_nothing(demo_app):
    worker = as_user(demo_app, "wijkwerker")
    page = worker.get("/consultaties/nieuw").get_data(as_text=True)
    answer = worker.post("/consultaties/nieuw", data={"csrf_token": token(page), "herken": "1",
                                                      "need": "schulden en na een beroerte", "via": ""})
    assert answer.status_code == 200
    html = answer.get_data(as_text=True)
    checked = set(re.findall(r'<input type="checkbox" name="areas" value="([^"]+)"[^>]*checked', html))
    assert {"schuldhulpverlening", "nah"} <= checked
    assert demo_app.extensions["kernteamdb.store"].consultations() == []


def test_the_network_flow_from_search_to_a_closed_case(demo_app):
    worker, specialist = as_user(demo_app, "wijkwerker"), as_user(demo_app, "specialist")
    before = cases_of(worker, SPECIALIST, "dementie")
    cid = filed(worker, need="Meneer vergeet steeds de afspraken", areas=["dementie"], wijk="Zuidoost",
                age_band="65+", household="alleenstaand", specialist=SPECIALIST)
    page = text_of(worker.get(f"/consultaties/{cid}"))
    assert "De consultatie is aangevraagd." in page and "Stand: specialist gevraagd · model: netwerk" in page
    assert "Jasper Maas gevraagd, nog geen antwoord" in page

    mine = text_of(specialist.get("/consultaties"))
    assert "Meneer" not in mine and cid in mine and "specialist gevraagd" in mine
    page = took(specialist, cid, "accept")
    assert "Je hebt de vraag aangenomen." in page and "Stand: lopend" in page
    assert "Jasper Maas: aangenomen" in page
    assert re.search(r"Jasper Maas aangenomen \d+ nov 2026, \d\d:\d\d Jasper Maas", page)  # who answered
    left_before = re.search(r"Jasper Maas 0 uur (\S+) van 40 uur ([\d,]+) uur", page)
    assert left_before
    page = took(specialist, cid, "book_hours", day="2026-11-16", hours="2,5")
    assert "De uren zijn geboekt." in page and "Jasper Maas: uren geboekt — 2,5 uur op 16 nov 2026" in page
    row = re.search(r"Jasper Maas 2,5 uur (\S+) van 40 uur ([\d,]+) uur", page)
    assert row
    assert float(row.group(2).replace(",", ".")) == float(left_before.group(2).replace(",", ".")) - 2.5
    page = took(specialist, cid, "advise", advice="Casemanager dementie inschakelen; samen op huisbezoek.")
    assert "advies — Casemanager dementie inschakelen" in page
    page = took(worker, cid, "note", text="Huisbezoek gepland met de casemanager.", action="y")
    assert "Sanne Kuipers: actie — Huisbezoek gepland" in page

    page = took(worker, cid, "close", outcome="zwaardere_zorg_voorkomen", lessons="Vroeg bellen werkt.")
    assert "De consultatie is gesloten." in page and "Stand: gesloten" in page
    assert "gesloten — zwaardere zorg voorkomen" in page and "Vroeg bellen werkt." in page
    assert re.search(r"vastgelegd als case-[0-9a-f]+; telt mee in het zoeken", page)
    assert "Wat je nu kunt doen" not in page
    assert cases_of(worker, SPECIALIST, "dementie") == before + 1
    listed = text_of(worker.get("/consultaties"))
    assert "gesloten" in listed and cid in listed


def test_the_expertiseteam_flow_on_the_agenda(demo_app):
    coordinator = as_user(demo_app, "coordinator")
    worker, chair = as_user(demo_app, "wijkwerker"), as_user(demo_app, "specialist")
    agenda = coordinator.get("/teams/kt-zuidoost/agenda").get_data(as_text=True)
    assert "Voorzitter: Jasper Maas." in text_of(agenda)  # the demo's weekly schedule
    saved = coordinator.post("/teams/kt-zuidoost/agenda", data={
        "csrf_token": token(agenda), "first": "2026-11-18", "every_weeks": "2", "time": "13:30",
        "place": "Wijkcentrum", "chair": SPECIALIST})
    assert saved.status_code == 302
    assert "Voorzitter: Jasper Maas." in text_of(coordinator.get("/teams/kt-zuidoost/agenda"))

    before = cases_of(worker, "p-0059", "nah")
    cid = filed(worker, need="Na een beroerte lukt het huishouden niet meer", areas=["nah"],
                via="kt-zuidoost")
    page = text_of(worker.get(f"/consultaties/{cid}"))
    assert "Stand: geagendeerd · model: expertiseteam · via Kernteam Zuidoost" in page
    assert "op de agenda gezet — 18 nov 2026" in page and "Overleg 18 nov 2026" in page
    assert "in het overleg van 18 nov 2026" in text_of(worker.get("/consultaties"))

    agenda = chair.get("/teams/kt-zuidoost/agenda").get_data(as_text=True)
    assert "Overleg van 18 nov 2026" in text_of(agenda) and "Na een beroerte" in text_of(agenda)
    assigned = chair.post(f"/consultaties/{cid}/assign", data={
        "csrf_token": token(agenda), "assign-version": re.search(
            r'name="assign-version" value="(\d+)"', agenda).group(1),
        "assign-back": "agenda", "assign-specialists": ["p-0059", "p-0062"]})
    assert assigned.status_code == 302
    assert assigned.headers["Location"].startswith("/teams/kt-zuidoost/agenda")
    page = took(chair, cid, "note", text="Besproken in het overleg: NAH-consulent belt het wijkteam.")
    assert "Stand: lopend" in page and "specialist toegewezen — Ingrid" not in page
    assert page.count("specialist toegewezen") == 2
    assert "notitie — Besproken in het overleg" in page
    page = took(coordinator, cid, "book_hours", hours="3", professional="p-0059")
    assert re.search(r"coordinator: uren geboekt — [^—]+ — 3 uur op 16 nov 2026", page)
    page = took(worker, cid, "close", outcome="onbekend")
    assert "Stand: gesloten" in page
    assert cases_of(worker, "p-0059", "nah") == before + 1


def test_the_chair_moves_a_request_to_the_next_meeting(demo_app):
    coordinator, worker = as_user(demo_app, "coordinator"), as_user(demo_app, "wijkwerker")
    agenda = coordinator.get("/teams/kt-zuidoost/agenda").get_data(as_text=True)
    coordinator.post("/teams/kt-zuidoost/agenda", data={"csrf_token": token(agenda), "first": "2026-11-18",
                                                        "every_weeks": "1", "chair": SPECIALIST})
    cid = filed(worker, need="Vragen over schulden", areas=["schuldhulpverlening"], via="kt-zuidoost")
    page = took(as_user(demo_app, "specialist"), cid, "schedule_again")
    assert "De vraag staat op de agenda van het volgende overleg." in page
    assert "op de agenda gezet — 25 nov 2026" in page
    later = text_of(as_user(demo_app, "specialist").get("/teams/kt-zuidoost/agenda?datum=2026-11-25"))
    assert "Overleg van 25 nov 2026" in later and "Vragen over schulden" in later
    assert worker.get("/teams/kt-zuidoost/agenda").status_code == 403  # not a member of the team


def test_the_triage_flow_with_clarifying_and_escalation(demo_app):
    worker, triagist = as_user(demo_app, "wijkwerker"), as_user(demo_app, "triagist")
    specialist = as_user(demo_app, "specialist")
    cid = filed(worker, need="Mevrouw raakt de weg kwijt en de post stapelt zich op",
                areas=["dementie", "thuisadministratie"], via="tr-west", urgency="spoed")
    inbox = text_of(triagist.get("/teams/tr-west/inbox"))
    assert "Mevrouw raakt de weg kwijt" in inbox and "spoed" in inbox
    assert "Wacht sinds" in inbox and "Leeftijd" not in inbox  # not to be mistaken for the client's age
    assert "16 nov 2026 (vandaag)" in inbox and "18 nov 2026" in inbox

    page = took(triagist, cid, "clarify", question="Is er een mantelzorger in beeld?")
    assert "verhelderende vraag — Is er een mantelzorger in beeld?" in page
    page = took(worker, cid, "reply", answer="Ja, een dochter op afstand.")
    assert "antwoord van het wijkteam — Ja, een dochter op afstand." in page

    detail = triagist.get(f"/consultaties/{cid}").get_data(as_text=True)
    assert "Voorgestelde specialisten voor deze gebieden" in text_of(detail)
    assert 'name="route-specialist"' in detail
    page = took(triagist, cid, "route", specialist=SPECIALIST)
    assert "De vraag is doorgezet naar de specialist." in page and "specialist gevraagd — Jasper Maas" in page
    took(specialist, cid, "accept")
    page = took(triagist, cid, "book_hours", hours="0,5")
    assert re.search(r"Mohamed van Dijk 0,5 uur", page)

    page = took(worker, cid, "record_consent")
    assert "Toestemming cliënt ja" in page
    page = took(worker, cid, "escalate", meeting="2026-11-19", reason="Veiligheid thuis")
    assert "De consultatie is opgeschaald." in page and "opgeschaald — 19 nov 2026 — Veiligheid thuis" in page
    page = took(specialist, cid, "plan", plan="Dagbesteding en casemanager; over 4 weken evalueren.")
    assert "overleg en plan — Dagbesteding en casemanager" in page
    page = took(worker, cid, "plan", meeting="2026-11-30")
    assert "Let op: het overleg is later dan 5 werkdagen na het opschalen (uiterlijk 23 nov 2026)." in page
    assert "overleg en plan — 30 nov 2026" in page
    page = took(worker, cid, "deescalate", reason="Plan loopt, terug naar het wijkteam")
    assert "afgeschaald — Plan loopt" in page
    page = took(worker, cid, "close", outcome="zwaardere_zorg_voorkomen")
    assert "Stand: gesloten" in page
    for line in ("Sanne Kuipers: aangevraagd", "Mohamed van Dijk: verhelderende vraag",
                 "Jasper Maas: aangenomen", "Sanne Kuipers: gesloten"):
        assert line in page
    assert "Mevrouw raakt" not in text_of(triagist.get("/teams/tr-west/inbox"))


def test_a_triagist_brings_two_specialists_together(demo_app):
    worker, triagist = as_user(demo_app, "wijkwerker"), as_user(demo_app, "triagist")
    cid = filed(worker, need="Geheugenproblemen en schulden", areas=["dementie"], via="tr-west")
    detail = triagist.get(f"/consultaties/{cid}").get_data(as_text=True)
    offered = re.findall(r'name="bring_together-specialists"[^>]*value="([^"]+)"', detail) or \
        re.findall(r'value="([^"]+)"[^>]*name="bring_together-specialists"', detail)
    assert len(offered) >= 2
    page = took(triagist, cid, "bring_together", specialists=offered[:2])
    assert "De specialisten zijn samen gevraagd." in page and page.count("specialist gevraagd —") == 2
    one = take(triagist, cid, "bring_together", specialists=[offered[2]])
    assert one.status_code == 400 and "Kies minstens twee specialisten." in text_of(one)


def test_the_regie_cannot_go_to_a_specialist(demo_app):
    worker = as_user(demo_app, "wijkwerker")
    cid = filed(worker, need="Vraag over opvoeden", areas=["opvoedondersteuning"])
    refused = take(worker, cid, "hand_over", lead=SPECIALIST)
    assert refused.status_code == 409
    page = text_of(refused)
    assert "Jasper Maas hoort niet bij een wijkteam." in page
    assert "een specialist kan nooit regisseur worden" in page and "Er is niets opgeslagen." in page
    section = re.search(r'id="problemen-hand_over">(.*?)</div>', refused.get_data(as_text=True), re.S)
    assert section and "een specialist kan nooit regisseur worden" in section.group(1)  # beside the form
    choice = re.search(r'<select[^>]*name="hand_over-lead".*?</select>', refused.get_data(as_text=True), re.S)
    assert choice and '<option value="p-0038">' in choice.group(0)  # wijkteam members, by name
    assert f'value="{SPECIALIST}"' not in choice.group(0) and "p-0038</option>" not in choice.group(0)
    assert demo_app.extensions["kernteamdb.store"].consultation(cid).lead == WORKER

    handed = take(worker, cid, "hand_over", lead="p-0038")
    assert handed.status_code == 302
    page = text_of(worker.get(handed.headers["Location"]))  # the former regisseur still sees it
    assert "De regie is overgedragen." in page and "Sanne Kuipers: regie overgedragen — " in page
    assert f"/consultaties/{cid}/close" not in worker.get(f"/consultaties/{cid}").get_data(as_text=True)
    assert demo_app.extensions["kernteamdb.store"].consultation(cid).lead == "p-0038"


def test_the_overdue_list_names_the_limit(demo_app):
    from datetime import date

    from tests.web.consult_helpers import app_on

    worker = as_user(demo_app, "wijkwerker")
    cid = filed(worker, need="Zorgen om eenzaamheid", areas=["eenzaamheid"], via="tr-west")
    assert cid not in text_of(worker.get("/consultaties/te-laat"))
    later = as_user(app_on(demo_app, date(2026, 11, 20)), "coordinator")
    page = text_of(later.get("/consultaties/te-laat"))
    assert f"{cid} Sanne Kuipers eerste antwoord (2 werkdagen) 18 nov 2026 2" in page
    inbox = text_of(as_user(app_on(demo_app, date(2026, 11, 20)), "triagist").get("/teams/tr-west/inbox"))
    assert "4 werkdagen" in inbox and "te laat" in inbox
    detail = text_of(later.get(f"/consultaties/{cid}"))
    assert "Over de termijn: eerste antwoord (2 werkdagen), uiterlijk 18 nov 2026." in detail


def test_the_specialist_is_told_in_the_app_and_by_mail(demo_app):
    from tests.mailbox import local_smtp
    from web import create_app

    with local_smtp() as box:
        app = create_app({"TESTING": True, "TODAY": demo_app.config["TODAY"], "MAIL_HOST": "127.0.0.1",
                          "MAIL_PORT": box.port, "MAIL_SENDER": "kernteamdb@example.org",
                          "MAIL_BASE_URL": "https://kernteam.example.org"},
                         store=demo_app.extensions["kernteamdb.store"])
        worker, specialist = as_user(app, "wijkwerker"), as_user(app, "specialist")
        cid = filed(worker, need="Vragen over geheugen", areas=["dementie"], specialist=SPECIALIST)
        (to, mail), = box.mails
        assert to == ["jasper.maas@example.org"]
        assert mail["Subject"] == "Je bent gevraagd voor een consultatie"
        assert f"https://kernteam.example.org/consultaties/{cid}" in mail.get_content()
        assert "geheugen" not in mail.get_content()  # no case details in a mail

        listed = specialist.get("/consultaties").get_data(as_text=True)
        assert "Nieuw voor jou" in text_of(listed) and "Je bent gevraagd voor een consultatie" in listed
        assert specialist.post("/consultaties/gelezen", data={
            "csrf_token": token(listed), "up_to": re.search(r'name="up_to" type="hidden" value="(\d+)"',
                                                            listed).group(1)}).status_code == 302
        assert "Nieuw voor jou" not in text_of(specialist.get("/consultaties"))

        took(specialist, cid, "accept")
        assert [m["Subject"] for to, m in box.mails[1:]] == ["Je consultatieverzoek is aangenomen"]
        assert box.mails[1][0] == ["sanne.kuipers@example.org"]
        assert "Je consultatieverzoek is aangenomen" in text_of(worker.get("/consultaties"))


def test_the_pages_render_in_english_too(demo_app):
    worker = as_user(demo_app, "wijkwerker")
    cid = filed(worker, need="Vragen over geheugen", areas=["dementie"], specialist=SPECIALIST)
    english = {"Accept-Language": "en"}
    for path in ("/consultaties", "/consultaties/nieuw", f"/consultaties/{cid}", "/consultaties/te-laat"):
        answer = worker.get(path, headers=english)
        assert answer.status_code == 200 and '<html lang="en">' in answer.get_data(as_text=True), path


def test_each_user_is_offered_only_their_own_steps(demo_app):
    worker, specialist = as_user(demo_app, "wijkwerker"), as_user(demo_app, "specialist")
    cid = filed(worker, need="Vragen over geheugen", areas=["dementie"], specialist=SPECIALIST)
    asked = specialist.get(f"/consultaties/{cid}").get_data(as_text=True)
    assert f"/consultaties/{cid}/accept" in asked and f"/consultaties/{cid}/decline" in asked
    assert f"/consultaties/{cid}/close" not in asked and f"/consultaties/{cid}/hand_over" not in asked
    lead = worker.get(f"/consultaties/{cid}").get_data(as_text=True)
    assert f"/consultaties/{cid}/accept" not in lead
    for step in ("ask", "close", "withdraw", "hand_over", "record_consent", "note"):
        assert f"/consultaties/{cid}/{step}" in lead, step
    assert f"/consultaties/{cid}/escalate" not in lead  # first the client's consent
    assert "Reden voor een uitzondering" not in lead  # the coordinator's field
    everything = text_of(as_user(demo_app, "coordinator").get("/consultaties"))
    assert cid in everything  # a coordinator sees every consultation


def test_the_regisseur_withdraws_a_request(demo_app):
    worker, specialist = as_user(demo_app, "wijkwerker"), as_user(demo_app, "specialist")
    cid = filed(worker, need="Vragen over geheugen", areas=["dementie"], specialist=SPECIALIST)
    cases = demo_app.extensions["kernteamdb.store"].count("cases")
    page = took(worker, cid, "withdraw", reason="Het gezin is verhuisd")
    assert "De consultatie is ingetrokken." in page and "Stand: ingetrokken" in page
    assert "ingetrokken — Het gezin is verhuisd" in page
    assert demo_app.extensions["kernteamdb.store"].count("cases") == cases  # no case is written
    assert "ingetrokken" in text_of(specialist.get("/consultaties"))

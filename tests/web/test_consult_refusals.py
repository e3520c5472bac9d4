"""What the consultation pages refuse, and that a refusal writes nothing: the
hours budget (warning, block, a coordinator's exception), client identity in
free text, steps the state does not allow, bad hours, a page made stale by
someone else, a missing CSRF token, consultations a user may not see (404)
and steps a user may not take (403)."""

from __future__ import annotations

from directory.consultations import service as consult
from tests.conftest import DEMO_TODAY
from tests.web.consult_helpers import (
    SPECIALIST,
    WORKER,
    as_user,
    file_request,
    filed,
    post_step,
    take,
    text_of,
    token,
    took,
)


def store_of(app):
    return app.extensions["kernteamdb.store"]


def booked(app) -> float:
    return consult.budgets(store_of(app), [SPECIALIST], DEMO_TODAY)[SPECIALIST].booked


def book_up_to(app, specialist, cid, hours: float) -> str:
    """Book the specialist's hours on ``cid`` until ``hours`` of the half-year are used; the last page."""
    page = ""
    while booked(app) < hours:
        step = min(24.0, hours - booked(app))
        page = took(specialist, cid, "book_hours", hours=str(step).replace(".", ","))
    return page


def accepted(app):
    worker, specialist = as_user(app, "wijkwerker"), as_user(app, "specialist")
    cid = filed(worker, need="Vragen over geheugen", areas=["dementie"], specialist=SPECIALIST)
    took(specialist, cid, "accept")
    return worker, specialist, cid


def test_the_budget_warns_at_80_percent_and_blocks_at_100_unless_a_coordinator_overrides(demo_app):
    worker, specialist, cid = accepted(demo_app)
    page = book_up_to(demo_app, specialist, cid, 32)
    assert "Let op: Jasper Maas heeft 32 van 40 uur van dit halfjaar gebruikt (80%)." in page
    form = text_of(worker.get(f"/consultaties/nieuw?specialist={SPECIALIST}"))
    assert "Let op: Jasper Maas heeft 32 van 40 uur van dit halfjaar gebruikt." in form
    second = file_request(worker, need="Nog een vraag", areas=["dementie"], specialist=SPECIALIST)
    assert second.status_code == 302
    shown = text_of(worker.get(second.headers["Location"]))
    assert "Let op: Jasper Maas heeft 32 van 40 uur" in shown

    page = book_up_to(demo_app, specialist, cid, 40)
    assert "(op)" in page
    form = text_of(worker.get(f"/consultaties/nieuw?specialist={SPECIALIST}"))
    assert "Jasper Maas heeft geen uren meer over dit halfjaar (40 van 40 uur gebruikt)." in form
    count = len(store_of(demo_app).consultations())
    blocked = file_request(worker, need="Derde vraag", areas=["dementie"], specialist=SPECIALIST)
    assert blocked.status_code == 409
    assert "Alleen een coördinator kan een uitzondering maken, met een reden." in text_of(blocked)
    assert "Derde vraag</textarea>" in blocked.get_data(as_text=True)
    assert len(store_of(demo_app).consultations()) == count

    coordinator = as_user(demo_app, "coordinator")
    no_reason = file_request(coordinator, need="Derde vraag", areas=["dementie"], specialist=SPECIALIST,
                             lead=WORKER)
    assert no_reason.status_code == 400
    assert "heeft geen uren meer over dit halfjaar; geef de reden voor de uitzondering." in text_of(no_reason)
    assert len(store_of(demo_app).consultations()) == count
    allowed = file_request(coordinator, need="Derde vraag", areas=["dementie"], specialist=SPECIALIST,
                           lead=WORKER, override="Alleen hij kent deze situatie")
    assert allowed.status_code == 302
    page = text_of(coordinator.get(allowed.headers["Location"]))
    assert "uitzondering op het urenbudget — Jasper Maas — Alleen hij kent deze situatie" in page
    assert "Regisseur Sanne Kuipers" in page


def test_client_identity_in_the_need_is_refused_in_dutch_and_nothing_is_saved(demo_app):
    worker = as_user(demo_app, "wijkwerker")
    answer = file_request(worker, need="Mevrouw vergeet alles, bel haar dochter op 06-12345678",
                          areas=["dementie"])
    assert answer.status_code == 400
    page = text_of(answer)
    assert "Dit lijkt op een telefoonnummer ('06-12345678'): haal het weg." in page
    assert "bel haar dochter op 06-12345678</textarea>" in answer.get_data(as_text=True)
    assert store_of(demo_app).consultations() == []


def test_client_identity_in_a_note_is_refused_and_the_log_stays_as_it_was(demo_app):
    worker, _, cid = accepted(demo_app)
    before = store_of(demo_app).consultation(cid)
    answer = take(worker, cid, "note", text="Mail de zoon: jan.jansen@example.org")
    assert answer.status_code == 400
    assert "Dit lijkt op een e-mailadres ('jan.jansen@example.org'): haal het weg." in text_of(answer)
    assert "Mail de zoon: jan.jansen@example.org</textarea>" in answer.get_data(as_text=True)
    after = store_of(demo_app).consultation(cid)
    assert after.version == before.version and after.steps == before.steps


def test_closing_twice_is_refused(demo_app):
    worker, _, cid = accepted(demo_app)
    took(worker, cid, "close", outcome="onbekend")
    closed = store_of(demo_app).consultation(cid)
    cases = store_of(demo_app).count("cases")
    again = post_step(worker, cid, "close", outcome="doorverwezen")
    assert again.status_code == 409
    assert "Deze consultatie is gesloten: er kan niets meer aan veranderen." in text_of(again)
    assert store_of(demo_app).consultation(cid) == closed and store_of(demo_app).count("cases") == cases


def test_closing_needs_an_outcome(demo_app):
    worker, _, cid = accepted(demo_app)
    answer = take(worker, cid, "close", lessons="Goed samengewerkt")
    assert answer.status_code == 400 and "Vul dit in." in text_of(answer)
    assert "Goed samengewerkt</textarea>" in answer.get_data(as_text=True)
    assert store_of(demo_app).consultation(cid).is_open


def test_no_hours_on_a_declined_request(demo_app):
    worker, specialist = as_user(demo_app, "wijkwerker"), as_user(demo_app, "specialist")
    cid = filed(worker, need="Vraag over geheugen", areas=["dementie"], specialist=SPECIALIST)
    empty = take(specialist, cid, "decline")
    assert empty.status_code == 400 and "Vul dit in." in text_of(empty)
    page = took(specialist, cid, "decline", reason="Ik zit vol tot januari")
    assert "Jasper Maas afgewezen" in page and "Ik zit vol tot januari" in page
    assert "Stand: nieuw" in text_of(worker.get(f"/consultaties/{cid}"))
    before = store_of(demo_app).consultation(cid)
    refused = post_step(specialist, cid, "book_hours", hours="2")
    assert refused.status_code == 409
    assert "Jasper Maas heeft deze vraag afgewezen: daarop kunnen geen uren worden geboekt." \
        in text_of(refused)
    assert store_of(demo_app).consultation(cid) == before


def test_bad_hours_are_refused_beside_the_field_with_the_input_kept(demo_app):
    _, specialist, cid = accepted(demo_app)
    before = store_of(demo_app).consultation(cid)
    for hours, message in (("25", "Hoogstens 24 uur in één boeking."), ("-1", "Boek meer dan 0 uur."),
                           ("0", "Boek meer dan 0 uur."), ("veel", "Vul het aantal uren in als getal")):
        answer = take(specialist, cid, "book_hours", hours=hours)
        assert answer.status_code == 400, hours
        assert message in text_of(answer)
        assert f'name="book_hours-hours" type="text" value="{hours}"' in answer.get_data(as_text=True)
    future = take(specialist, cid, "book_hours", hours="1", day="2026-11-17")
    assert future.status_code == 400
    assert "Kies een dag vanaf de dag van de aanvraag tot en met vandaag." in text_of(future)
    assert store_of(demo_app).consultation(cid) == before


def test_a_step_on_a_stale_page_writes_nothing(demo_app):
    worker, specialist = as_user(demo_app, "wijkwerker"), as_user(demo_app, "specialist")
    cid = filed(worker, need="Vraag over geheugen", areas=["dementie"], specialist=SPECIALIST)
    old_page = worker.get(f"/consultaties/{cid}").get_data(as_text=True)
    took(specialist, cid, "accept")
    current = store_of(demo_app).consultation(cid)
    answer = take(worker, cid, "note", page=old_page, text="Gebeld met de huisarts")
    assert answer.status_code == 409
    assert "Iemand anders heeft dit intussen gewijzigd. Er is niets opgeslagen" in text_of(answer)
    assert "Gebeld met de huisarts</textarea>" in answer.get_data(as_text=True)
    assert store_of(demo_app).consultation(cid) == current
    assert "Stand: lopend" in text_of(answer)  # the page shows how it is now
    assert take(worker, cid, "note", page=answer.get_data(as_text=True),
                text="Gebeld met de huisarts").status_code == 302


def test_a_step_without_a_csrf_token_is_refused(demo_app):
    worker, _, cid = accepted(demo_app)
    before = store_of(demo_app).consultation(cid)
    answer = worker.post(f"/consultaties/{cid}/close", data={"close-version": str(before.version),
                                                              "close-outcome": "onbekend"})
    assert answer.status_code == 400 and "Formulier verlopen" in text_of(answer)
    assert store_of(demo_app).consultation(cid) == before
    filing = worker.post("/consultaties/nieuw", data={"need": "Vraag", "areas": ["dementie"]})
    assert filing.status_code == 400 and len(store_of(demo_app).consultations()) == 1


def test_who_may_not_see_a_consultation_gets_404(demo_app):
    _, _, cid = accepted(demo_app)
    triagist = as_user(demo_app, "triagist")  # not in this network consultation
    assert triagist.get(f"/consultaties/{cid}").status_code == 404
    before = store_of(demo_app).consultation(cid)
    page = triagist.get("/consultaties").get_data(as_text=True)
    assert cid not in page
    answer = triagist.post(f"/consultaties/{cid}/note", data={
        "csrf_token": token(page), "note-version": str(before.version), "note-text": "Hallo"})
    assert answer.status_code == 404 and store_of(demo_app).consultation(cid) == before
    worker = as_user(demo_app, "wijkwerker")
    assert worker.get("/consultaties/c-onbekend").status_code == 404
    assert post_step(worker, cid, "fly").status_code == 404


def test_steps_a_user_may_not_take_are_forbidden(demo_app):
    worker, specialist, cid = accepted(demo_app)
    before = store_of(demo_app).consultation(cid)
    assert post_step(worker, cid, "accept").status_code == 403  # only the specialist asked answers
    assert post_step(specialist, cid, "close", outcome="onbekend").status_code == 403  # only the regisseur
    assert post_step(specialist, cid, "hand_over", lead="p-0038").status_code == 403
    assert post_step(worker, cid, "clarify", question="?").status_code == 409  # not triage
    assert store_of(demo_app).consultation(cid) == before
    assert worker.get("/teams/tr-west/inbox").status_code == 403
    schedules = store_of(demo_app).schedules()
    agenda = specialist.get("/teams/kt-zuidoost/agenda").get_data(as_text=True)
    assert "Vergaderschema instellen" not in agenda  # a coordinator's form
    refused = specialist.post("/teams/kt-zuidoost/agenda", data={"csrf_token": token(agenda),
                                                                 "first": "2026-11-18", "every_weeks": "2"})
    assert refused.status_code == 403 and store_of(demo_app).schedules() == schedules
    assert as_user(demo_app, "admin").get("/teams/wt-zuidoost/inbox").status_code == 404  # not a triage team


def test_schedule_problems_are_shown_at_their_fields(demo_app):
    coordinator = as_user(demo_app, "coordinator")
    schedules = store_of(demo_app).schedules()
    agenda = coordinator.get("/teams/kt-zuidoost/agenda").get_data(as_text=True)
    answer = coordinator.post("/teams/kt-zuidoost/agenda", data={
        "csrf_token": token(agenda), "first": "18-11-2026", "every_weeks": "9", "place": "Bel 06-12345678"})
    assert answer.status_code == 400
    page = text_of(answer)
    assert "Vul een datum in als JJJJ-MM-DD" in page and "Kies 1 tot 8 weken." in page
    assert "Dit lijkt op een telefoonnummer" in page
    assert store_of(demo_app).schedules() == schedules
    bad_day = coordinator.get("/teams/kt-zuidoost/agenda?datum=morgen")
    assert bad_day.status_code == 400 and "Deze datum klopt niet" in text_of(bad_day)


def test_a_client_name_in_the_need_is_refused_with_what_to_write_instead(demo_app):
    worker = as_user(demo_app, "wijkwerker")
    answer = file_request(worker, need="Mevrouw Verschuren vergeet alles", areas=["dementie"])
    assert answer.status_code == 400
    page = text_of(answer)
    assert "Dit lijkt op een naam ('Mevrouw Verschuren'): haal het weg." in page
    assert "Een professional uit de gids noem je met voor- en achternaam." in page
    assert "Mevrouw Verschuren vergeet alles</textarea>" in answer.get_data(as_text=True)
    assert store_of(demo_app).consultations() == []


def test_a_professional_of_the_pool_by_full_name_is_no_client_identity(demo_app):
    worker = as_user(demo_app, "wijkwerker")
    need = "Vergeet alles; Jasper Maas kent het gezin al"
    answer = file_request(worker, need=need, areas=["dementie"])
    assert answer.status_code == 302
    assert [c.need for c in store_of(demo_app).consultations()] == [need]

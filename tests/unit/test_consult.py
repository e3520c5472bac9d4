"""Consultations through the service (directory.consultations.service): each model's whole
flow, the regie rule, hours budgets, the privacy guard on every free-text
field, time limits, and steps that are refused without writing anything."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from directory.accounts.roles import User
from directory.consultations import service as consult
from directory.errors import Conflict, Forbidden, InvalidInput, NotFound
from directory.exchange.document import import_document
from directory.pool.model import Case
from directory.ports import Store
from tests.conftest import small_document

#: A Tuesday in the second half of 2026 (the small pool's cases are in July and August).
NOW = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)

BRAM = User("bram", "wijkwerker", "p-bram")  # wijkteam Zuidoost: the regisseur
EVA = User("eva", "wijkwerker", "p-eva")  # the same wijkteam, not in these consultations
ANNA = User("anna", "specialist", "p-anna")  # kernteam Zuidoost, 40 h
CEES = User("cees", "specialist", "p-cees")
TIM = User("tim", "triagist", "p-tim")  # triage West
COORDINATOR = User("co", "coordinator", None)

A_BSN = "BSN 111222333"


def _document() -> dict[str, Any]:
    doc = small_document()
    doc["teams"].append({"id": "tr-west", "name": "Triage West", "kind": "triage", "wijk": "West"})
    doc["teams"].append({"id": "wt-west", "name": "Wijkteam West", "kind": "wijkteam", "wijk": "West"})
    doc["professionals"].append({"id": "p-tim", "name": "Tim de Triagist", "role": "triagist",
                                 "teams": ["tr-west"]})
    doc["professionals"].append({"id": "p-wim", "name": "Wim Wijk", "role": "wijkwerker",
                                 "teams": ["wt-west"]})
    return doc


@pytest.fixture
def pool(store: Store) -> Store:
    import_document(json.dumps(_document()), store)
    return store


def _file(store: Store, by: User = BRAM, now: datetime = NOW, **values: Any) -> consult.Done:
    values.setdefault("need", "meneer van 80 vergeet steeds de afspraken")
    values.setdefault("areas", ["dementie"])
    return consult.file_request(store, values, by=by, now=now)


def _later(minutes: int) -> datetime:
    return NOW + timedelta(minutes=minutes)


def _unchanged(store: Store, consultation_id: str, before_version: int, revision: int) -> None:
    assert store.consultation(consultation_id).version == before_version
    assert store.revision() == revision


# --- netwerk ---------------------------------------------------------------------------

def test_the_network_flow_from_request_to_a_case_that_search_counts(pool):
    before = pool.history_summary(["p-anna"], requester="p-bram", team=None, today=NOW.date())
    filed = _file(pool, specialist="p-anna", wijk="Zuidoost", age_band="65+", household="alleenstaand")
    c = filed.consultation
    assert (c.model, c.state, c.lead, c.team) == ("netwerk", "gevraagd", "p-bram", "wt-zuidoost")
    assert [(n.professional, n.what) for n in filed.notices] == [("p-anna", "gevraagd")]
    assert [(n.consultation, n.what) for n in pool.notices("p-anna")] == [(c.id, "gevraagd")]

    accepted = consult.accept(pool, c.id, by=ANNA, now=_later(60)).consultation
    assert accepted.state == "lopend" and accepted.first_answer == _later(60)
    consult.book_hours(pool, c.id, "2,5", by=ANNA, now=_later(120))
    consult.book_hours(pool, c.id, 1, by=BRAM, now=_later(130))
    half = (date(2026, 7, 1), date(2026, 12, 31))
    assert pool.hours_booked(["p-anna"], *half) == {"p-anna": 6.5 + 2.5}  # cases + open booking

    closed = consult.close(pool, c.id, outcome="zwaardere_zorg_voorkomen", lessons="snel contact",
                           by=BRAM, now=_later(200)).consultation
    assert closed.state == "gesloten" and closed.case is not None
    case = pool.get("cases", closed.case)
    assert isinstance(case, Case)
    assert (case.opened, case.closed, case.team, case.wijk, case.areas, case.model) == (
        date(2026, 11, 17), date(2026, 11, 17), "wt-zuidoost", "Zuidoost", ("dementie",), "netwerk")
    assert [(p.professional, p.role, p.hours) for p in case.participants] == [
        ("p-bram", "regie", 1.0), ("p-anna", "specialist", 2.5)]
    assert (case.outcome, case.age_band, case.household, case.notes) == (
        "zwaardere_zorg_voorkomen", "65+", "alleenstaand", "snel contact")
    assert pool.hours_booked(["p-anna"], *half) == {"p-anna": 9.0}  # now in the case, not twice
    after = pool.history_summary(["p-anna"], requester="p-bram", team=None, today=NOW.date())
    assert after["p-anna"][0] == before["p-anna"][0] + 1
    assert "p-anna" in pool.consultations(person="p-bram")[0].people


def test_closing_twice_is_refused_and_writes_nothing(pool):
    c = _file(pool, specialist="p-anna").consultation
    consult.accept(pool, c.id, by=ANNA, now=_later(1))
    closed = consult.close(pool, c.id, outcome="onbekend", by=BRAM, now=_later(2)).consultation
    revision, cases = pool.revision(), pool.count("cases")
    with pytest.raises(Conflict, match="gesloten"):
        consult.close(pool, c.id, outcome="onbekend", by=BRAM, now=_later(3))
    _unchanged(pool, c.id, closed.version, revision)
    assert pool.count("cases") == cases


def test_a_decline_needs_a_reason_and_the_worker_asks_someone_else(pool):
    c = _file(pool, specialist="p-anna").consultation
    with pytest.raises(InvalidInput, match="say why"):
        consult.decline(pool, c.id, "  ", by=ANNA, now=_later(1))
    declined = consult.decline(pool, c.id, "geen tijd deze maand", by=ANNA, now=_later(2))
    assert declined.consultation.state == "nieuw"
    assert [(n.professional, n.what) for n in declined.notices] == [("p-bram", "afgewezen")]
    with pytest.raises(Conflict, match="declined"):
        consult.book_hours(pool, c.id, 1, by=ANNA, now=_later(3))
    with pytest.raises(Conflict, match="already afgewezen"):
        consult.accept(pool, c.id, by=ANNA, now=_later(3))
    asked = consult.ask(pool, c.id, "p-cees", by=BRAM, now=_later(4)).consultation
    assert asked.state == "gevraagd"
    assert [(a.professional, a.status) for a in asked.asks] == [
        ("p-anna", "gevraagd"), ("p-anna", "afgewezen"), ("p-cees", "gevraagd")]


def test_booking_on_a_declined_request_writes_nothing(pool):
    c = _file(pool, specialist="p-anna").consultation
    declined = consult.decline(pool, c.id, "past niet", by=ANNA, now=_later(1)).consultation
    revision = pool.revision()
    with pytest.raises(Conflict):
        consult.book_hours(pool, c.id, 2, by=ANNA, now=_later(2))
    _unchanged(pool, c.id, declined.version, revision)


@pytest.mark.parametrize("hours", [0, -1, 24.5, 25, "veel", "nan", "inf", None, True])
def test_absurd_hours_are_refused(pool, hours):
    c = _file(pool, specialist="p-anna").consultation
    accepted = consult.accept(pool, c.id, by=ANNA, now=_later(1)).consultation
    revision = pool.revision()
    with pytest.raises(InvalidInput) as refused:
        consult.book_hours(pool, c.id, hours, by=ANNA, now=_later(2))
    assert refused.value.details[0].startswith("hours: ")
    _unchanged(pool, c.id, accepted.version, revision)


def test_hours_on_a_day_in_the_future_or_before_the_request_are_refused(pool):
    c = _file(pool, specialist="p-anna").consultation
    consult.accept(pool, c.id, by=ANNA, now=_later(1))
    for day in ("2026-11-18", "2026-11-16", "17-11-2026"):
        with pytest.raises(InvalidInput, match="cannot be booked"):
            consult.book_hours(pool, c.id, 1, day=day, by=ANNA, now=_later(2))
    assert consult.book_hours(pool, c.id, 24, day="2026-11-17", by=ANNA, now=_later(2)).consultation \
        .hours_of("p-anna") == 24


def test_only_the_asked_specialist_answers_and_only_oneself_books(pool):
    c = _file(pool, specialist="p-anna").consultation
    with pytest.raises(NotFound):  # cees does not even see it
        consult.accept(pool, c.id, by=CEES, now=_later(1))
    with pytest.raises(Forbidden):
        consult.accept(pool, c.id, by=BRAM, now=_later(1))
    consult.accept(pool, c.id, by=ANNA, now=_later(1))
    with pytest.raises(Forbidden):
        consult.book_hours(pool, c.id, 1, professional="p-anna", by=BRAM, now=_later(2))
    booked = consult.book_hours(pool, c.id, 1, professional="p-anna", by=COORDINATOR, now=_later(2))
    assert booked.consultation.hours_of("p-anna") == 1


def test_a_stale_version_is_refused(pool):
    c = _file(pool, specialist="p-anna").consultation
    accepted = consult.accept(pool, c.id, by=ANNA, now=_later(1)).consultation
    revision = pool.revision()
    with pytest.raises(Conflict, match="changed this consultation meanwhile"):
        consult.note(pool, c.id, "gebeld", by=BRAM, version=c.version, now=_later(2))
    _unchanged(pool, c.id, accepted.version, revision)
    assert consult.note(pool, c.id, "gebeld", by=BRAM, version=accepted.version, now=_later(2))


def test_those_outside_a_consultation_do_not_see_it(pool):
    c = _file(pool, specialist="p-anna").consultation
    for outsider in (EVA, CEES, TIM, User("x", "wijkwerker", None)):
        with pytest.raises(NotFound):
            consult.get(pool, c.id, by=outsider)
        assert consult.visible(pool, by=outsider) == []
    assert [x.id for x in consult.visible(pool, by=COORDINATOR)] == [c.id]
    assert [x.id for x in consult.visible(pool, by=ANNA)] == [c.id]
    with pytest.raises(Forbidden):
        consult.get(pool, c.id, by=User("nobody", "guest", None))


# --- the regie rule -----------------------------------------------------------------------

def test_a_specialist_cannot_file_as_regisseur(pool):
    with pytest.raises(InvalidInput) as refused:
        _file(pool, by=ANNA)
    assert any("not a member of a wijkteam" in d for d in refused.value.details)
    assert pool.consultations() == []


def test_the_regie_passes_only_to_a_wijkteam_member(pool):
    c = _file(pool, specialist="p-anna").consultation
    revision = pool.revision()
    with pytest.raises(Conflict, match="a specialist can never be regisseur"):
        consult.hand_over(pool, c.id, "p-anna", by=BRAM, now=_later(1))
    _unchanged(pool, c.id, c.version, revision)
    handed = consult.hand_over(pool, c.id, "p-eva", by=BRAM, now=_later(2))
    assert handed.consultation.lead == "p-eva"
    assert [(n.professional, n.what) for n in handed.notices] == [("p-eva", "regie")]
    with pytest.raises(Forbidden):  # bram no longer leads, but still sees it
        consult.close(pool, c.id, outcome="onbekend", by=BRAM, now=_later(3))
    assert consult.get(pool, c.id, by=BRAM).former_leads == ("p-bram",)


def test_the_regisseur_cannot_be_asked_as_specialist(pool):
    c = _file(pool).consultation
    with pytest.raises(Conflict, match="regisseur cannot be asked"):
        consult.ask(pool, c.id, "p-bram", by=BRAM, now=_later(1))


def test_a_coordinator_files_for_a_lead_but_others_cannot(pool):
    done = _file(pool, by=COORDINATOR, lead="p-eva", specialist="p-anna")
    assert done.consultation.lead == "p-eva"
    with pytest.raises(InvalidInput, match="cannot be filed"):
        _file(pool, by=BRAM, lead="p-eva")


# --- expertiseteam ---------------------------------------------------------------------------

def test_the_expertiseteam_flow_puts_the_request_on_the_next_meeting_and_the_chair_assigns(pool):
    with pytest.raises(InvalidInput, match="cannot be filed"):  # no schedule yet
        _file(pool, via="kt-zuidoost")
    with pytest.raises(Forbidden):
        consult.set_schedule(pool, {"team": "kt-zuidoost", "first": "2026-11-03"}, by=BRAM)
    consult.set_schedule(pool, {"team": "kt-zuidoost", "first": "2026-11-03", "every_weeks": 2,
                                "chair": "p-anna", "time": "13:00"}, by=COORDINATOR, now=NOW)
    filed = _file(pool, via="kt-zuidoost")
    c = filed.consultation
    assert [(n.professional, n.what) for n in filed.notices] == [("p-anna", "nieuw-op-agenda")]
    # meetings on 3 and 17 November, 1 December...: today's meeting is the next one
    assert (c.model, c.state, c.meeting) == ("expertiseteam", "geagendeerd", date(2026, 11, 17))
    assert [x.id for x in consult.agenda(pool, "kt-zuidoost", date(2026, 11, 17), by=ANNA)] == [c.id]
    with pytest.raises(Forbidden):
        consult.agenda(pool, "kt-zuidoost", date(2026, 11, 17), by=CEES)
    with pytest.raises(Conflict, match="chair assigns"):
        consult.ask(pool, c.id, "p-cees", by=BRAM, now=_later(1))
    with pytest.raises(Forbidden, match="chair"):
        consult.assign(pool, c.id, ["p-cees"], by=BRAM, now=_later(1))
    moved = consult.schedule_again(pool, c.id, by=ANNA, now=_later(2)).consultation
    assert moved.meeting == date(2026, 12, 1)
    assigned = consult.assign(pool, c.id, ["p-anna", "p-cees"], by=ANNA, now=_later(3))
    assert assigned.consultation.state == "lopend"
    assert {(n.professional, n.what) for n in assigned.notices} == {
        ("p-anna", "toegewezen"), ("p-cees", "toegewezen"), ("p-bram", "specialisten-toegewezen")}
    consult.note(pool, c.id, "samen op huisbezoek", action=True, by=ANNA, now=_later(4))
    consult.note(pool, c.id, "besproken in het kernteam", by=CEES, now=_later(5))
    consult.book_hours(pool, c.id, 1.5, by=CEES, now=_later(6))
    closed = consult.close(pool, c.id, outcome="doorverwezen", by=BRAM, now=_later(7)).consultation
    case = pool.get("cases", closed.case)
    assert [(p.professional, p.role, p.hours) for p in case.participants] == [
        ("p-bram", "regie", None), ("p-anna", "specialist", None), ("p-cees", "specialist", 1.5)]
    assert [s.action for s in closed.steps] == [
        "aangevraagd", "geagendeerd", "geagendeerd", "toegewezen", "toegewezen", "actie", "notitie",
        "uren", "gesloten"]


# --- triage -------------------------------------------------------------------------------------

def test_the_triage_flow_with_a_question_a_route_a_decline_and_a_second_route(pool):
    filed = _file(pool, via="tr-west", need="schulden en huurachterstand", areas=["schulden"])
    c = filed.consultation
    assert (c.model, c.state) == ("triage", "nieuw")
    assert [(n.professional, n.what) for n in filed.notices] == [("p-tim", "nieuw-in-triage")]
    assert [x.id for x in consult.inbox(pool, "tr-west", by=TIM)] == [c.id]
    with pytest.raises(Forbidden):
        consult.inbox(pool, "tr-west", by=BRAM)
    with pytest.raises(Forbidden):
        consult.ask(pool, c.id, "p-anna", by=BRAM, now=_later(1))  # only the triagist routes
    asked = consult.clarify(pool, c.id, "Is er al contact met de woningcorporatie?", by=TIM, now=_later(30))
    assert asked.consultation.first_answer == _later(30)
    consult.reply(pool, c.id, "Ja, er loopt een betalingsregeling", by=BRAM, now=_later(40))
    consult.route(pool, c.id, "p-anna", by=TIM, now=_later(50))
    consult.decline(pool, c.id, "buiten mijn vakgebied", by=ANNA, now=_later(60))
    consult.route(pool, c.id, "p-cees", by=TIM, now=_later(70))
    consult.accept(pool, c.id, by=CEES, now=_later(80))
    consult.book_hours(pool, c.id, 0.5, by=TIM, now=_later(90))
    consult.book_hours(pool, c.id, 2, by=CEES, now=_later(90))
    closed = consult.close(pool, c.id, outcome="zwaardere_zorg_voorkomen", by=BRAM, now=_later(100))
    case = pool.get("cases", closed.consultation.case)
    assert [(p.professional, p.role, p.hours) for p in case.participants] == [
        ("p-bram", "regie", None), ("p-tim", "triage", 0.5), ("p-cees", "specialist", 2.0)]
    assert case.model == "triage"
    assert consult.inbox(pool, "tr-west", by=TIM) == []


def test_the_triagist_brings_several_together_and_answers_directly(pool):
    c = _file(pool, via="tr-west").consultation
    with pytest.raises(InvalidInput):
        consult.bring_together(pool, c.id, ["p-anna"], by=TIM, now=_later(1))
    together = consult.bring_together(pool, c.id, ["p-anna", "p-cees"], by=TIM, now=_later(2))
    assert together.consultation.state == "gevraagd"
    assert sorted(n.professional for n in together.notices) == ["p-anna", "p-cees"]
    advised = consult.advise(pool, c.id, "Bel eerst het Alzheimer Café", by=TIM, now=_later(3))
    assert advised.consultation.first_answer == _later(3)
    with pytest.raises(Forbidden):
        consult.advise(pool, c.id, "mijn advies", by=ANNA, now=_later(4))  # not accepted yet


# --- hours budgets ----------------------------------------------------------------------------------

def _book_case(store: Store, hours: float, case_id: str = "c-busy") -> None:
    import_document(json.dumps({"format": "kernteamdb/1", "cases": [
        {"id": case_id, "opened": "2026-10-01", "closed": "2026-10-02", "areas": ["dementie"],
         "participants": [{"professional": "p-anna", "role": "specialist", "hours": hours}]}]}), store)


def test_a_warning_from_80_percent_of_the_budget(pool):
    _book_case(pool, 25.5)  # 6.5 + 25.5 = 32 of 40: 80%
    done = _file(pool, specialist="p-anna")
    assert [w.line for w in done.warnings] == ["p-anna has used 32 of 40 hours this half-year (80%)"]
    assert consult.budgets(pool, ["p-anna"], NOW.date())["p-anna"].level == "warning"


def test_at_100_percent_a_request_is_blocked_unless_a_coordinator_overrides_with_a_reason(pool):
    _book_case(pool, 33.5)  # 40 of 40
    revision = pool.revision()
    with pytest.raises(Conflict, match="no hours left"):
        _file(pool, specialist="p-anna")
    assert pool.revision() == revision and pool.consultations() == []
    with pytest.raises(InvalidInput, match="reason"):
        _file(pool, by=COORDINATOR, lead="p-bram", specialist="p-anna")
    with pytest.raises(InvalidInput):  # the reason is free text too
        _file(pool, by=COORDINATOR, lead="p-bram", specialist="p-anna", override=A_BSN)
    done = _file(pool, by=COORDINATOR, lead="p-bram", specialist="p-anna",
                 override="enige NAH-specialist in de wijk")
    step = [s for s in done.consultation.steps if s.action == "budget-uitzondering"]
    assert [(s.professional, s.text, s.by) for s in step] == [
        ("p-anna", "enige NAH-specialist in de wijk", "co")]
    c = _file(pool).consultation  # no one asked yet: filing itself is not blocked
    with pytest.raises(Conflict, match="no hours left"):
        consult.ask(pool, c.id, "p-anna", by=BRAM, now=_later(1))


def test_a_budget_set_on_the_profile_counts_instead_of_40(pool):
    assert consult.budgets(pool, ["p-bram"], NOW.date())["p-bram"].budget == 40  # the default
    _book_case(pool, 1)
    assert consult.budgets(pool, ["p-anna"], NOW.date())["p-anna"].left == 40 - 7.5


# --- privacy: every free-text field ----------------------------------------------------------------

def _accepted(store: Store) -> str:
    c = _file(store, specialist="p-anna", consent=True).consultation
    consult.accept(store, c.id, by=ANNA, now=_later(1))
    return c.id


STEPS_WITH_TEXT = {
    "decline reason": lambda s, cid: consult.decline(s, cid, A_BSN, by=ANNA, now=_later(5)),
    "note": lambda s, cid: consult.note(s, cid, f"gebeld {A_BSN}", by=BRAM, now=_later(5)),
    "advice": lambda s, cid: consult.advise(s, cid, "bel 06-12345678", by=ANNA, now=_later(5)),
    "reply": lambda s, cid: consult.reply(s, cid, "mail j.jansen@example.nl", by=BRAM, now=_later(5)),
    "escalation reason": lambda s, cid: consult.escalate(s, cid, reason="woont 5211 AB 12", by=BRAM,
                                                         now=_later(5)),
    "lessons": lambda s, cid: consult.close(s, cid, outcome="onbekend", lessons="geboren 12-03-1948",
                                            by=BRAM, now=_later(5)),
    "withdraw reason": lambda s, cid: consult.withdraw(s, cid, reason="IBAN NL91ABNA0417164300",
                                                       by=BRAM, now=_later(5)),
}


@pytest.mark.parametrize("field", sorted(STEPS_WITH_TEXT))
def test_every_free_text_of_a_step_is_guarded(pool, field):
    cid = _accepted(pool)
    if field == "decline reason":  # anna must still be asked to decline
        c = _file(pool, specialist="p-anna").consultation
        cid = c.id
    version, revision = pool.consultation(cid).version, pool.revision()
    with pytest.raises(InvalidInput) as refused:
        STEPS_WITH_TEXT[field](pool, cid)
    assert "remove it" in refused.value.details[0]
    _unchanged(pool, cid, version, revision)


@pytest.mark.parametrize("field, text", [("need", f"mevrouw, {A_BSN}"), ("wijk", "bel 0612345678")])
def test_the_request_itself_is_guarded(pool, field, text):
    with pytest.raises(InvalidInput) as refused:
        _file(pool, **{field: text})
    assert refused.value.details == [
        f"{field}: looks like " + ("a BSN ('111222333')" if field == "need" else
                                   "a phone number ('0612345678')")
        + ": remove it, case notes hold no client identity"]
    assert pool.consultations() == []


def test_the_clarifying_question_and_the_plan_are_guarded(pool):
    c = _file(pool, via="tr-west", consent=True).consultation
    with pytest.raises(InvalidInput, match="cannot be saved"):
        consult.clarify(pool, c.id, "Klopt 06-12345678?", by=TIM, now=_later(1))
    consult.escalate(pool, c.id, by=TIM, now=_later(2))
    with pytest.raises(InvalidInput, match="plan"):
        consult.plan_escalation(pool, c.id, plan="bij 5211AB 12", by=BRAM, now=_later(3))


# --- consent, opschalen and afschalen, time limits ---------------------------------------------------

def test_opschalen_needs_consent_and_is_recorded_with_meeting_plan_and_afschalen(pool):
    for values in ({"question": "opschalen"}, {"named": True}):
        with pytest.raises(InvalidInput) as refused:
            _file(pool, **values)
        assert refused.value.details == [
            "consent: the client's consent is needed for a named consultation or opschalen"]
    c = _file(pool, specialist="p-anna").consultation
    consult.accept(pool, c.id, by=ANNA, now=_later(1))
    with pytest.raises(Conflict, match="consent"):
        consult.escalate(pool, c.id, by=BRAM, now=_later(2))
    consult.record_consent(pool, c.id, by=BRAM, now=_later(3))
    escalated = consult.escalate(pool, c.id, meeting="2026-11-30", by=BRAM, now=_later(4))
    # 5 working days after Tuesday 17 November: Tuesday 24 November
    assert [w.line for w in escalated.warnings] == [
        "the meeting is later than 5 working days (due 2026-11-24)"]
    assert [item.limit for item in consult.lateness(escalated.consultation, date(2026, 11, 25))] == [
        "escalation_meeting"]
    planned = consult.plan_escalation(pool, c.id, meeting="2026-11-23", plan="plan in 4 weken",
                                      by=ANNA, now=_later(5)).consultation
    assert (planned.escalation_meeting, planned.plan) == (date(2026, 11, 23), "plan in 4 weken")
    assert consult.lateness(planned, date(2026, 11, 25)) == []
    with pytest.raises(Conflict, match="already opgeschaald"):
        consult.escalate(pool, c.id, by=BRAM, now=_later(6))
    back = consult.deescalate(pool, c.id, reason="terug naar het wijkteam", by=BRAM, now=_later(7))
    assert back.consultation.escalated is None and back.consultation.lead == "p-bram"
    assert [s.action for s in back.consultation.steps][-3:] == ["opgeschaald", "plan", "afgeschaald"]


def test_a_first_answer_is_due_within_two_working_days(pool):
    friday = datetime(2026, 12, 4, 15, 0, tzinfo=UTC)
    c = _file(pool, via="tr-west", now=friday).consultation
    assert consult.first_answer_due(c) == date(2026, 12, 8)  # Tuesday
    assert consult.lateness(c, date(2026, 12, 8)) == []
    late = consult.lateness(c, date(2026, 12, 9))
    assert [(x.limit, x.due) for x in late] == [("first_answer", date(2026, 12, 8))]
    assert [x.consultation.id for x in consult.overdue(pool, by=TIM, today=date(2026, 12, 9))] == [c.id]
    consult.clarify(pool, c.id, "Welke wijk?", by=TIM, now=friday + timedelta(days=5))
    assert consult.overdue(pool, by=TIM, today=date(2026, 12, 9)) == []
    consult.set_schedule(pool, {"team": "kt-zuidoost", "first": "2026-12-01", "every_weeks": 4},
                         by=COORDINATOR)
    waiting = _file(pool, via="kt-zuidoost", now=friday).consultation  # meets on 29 December
    assert consult.lateness(waiting, date(2026, 12, 28)) == []


def test_a_withdrawn_request_writes_no_case_and_takes_no_more_steps(pool):
    c = _file(pool, specialist="p-anna").consultation
    cases = pool.count("cases")
    withdrawn = consult.withdraw(pool, c.id, reason="opgelost", by=BRAM, now=_later(1))
    assert [(n.professional, n.what) for n in withdrawn.notices] == [("p-anna", "ingetrokken")]
    gone = withdrawn.consultation
    assert (gone.state, gone.case) == ("ingetrokken", None)
    assert pool.count("cases") == cases
    with pytest.raises(Conflict, match="ingetrokken"):
        consult.accept(pool, c.id, by=ANNA, now=_later(2))


def test_unknown_fields_and_values_are_listed(pool):
    with pytest.raises(InvalidInput) as refused:
        _file(pool, areas=["onbekend"], age_band="80", urgency="heel", colour="blauw", via="t-x")
    assert sorted(refused.value.details) == sorted([
        "colour: unknown field", "areas: unknown expertise area 'onbekend'",
        "age_band: must be one of 0-11, 12-17, 18-26, 27-64, 65+",
        "urgency: must be one of normaal, spoed", "via: unknown team 't-x'"])


def test_the_step_table_names_every_step():
    assert set(consult.STEPS) >= {"ask", "accept", "decline", "assign", "clarify", "book_hours",
                                  "escalate", "deescalate", "hand_over", "close", "withdraw"}


def test_a_case_record_keeps_only_the_anonymous_facts(pool):
    c = _file(pool, specialist="p-anna", wijk="Zuidoost").consultation
    case = consult.case_record(pool, replace(c, outcome="onbekend"), date(2026, 11, 20))
    assert case.id.startswith("case-") and case.id != c.id
    assert case.notes is None  # the need text is not copied into the case


def test_ids_of_the_wrong_type_are_refused_by_name(pool):
    c = _file(pool, via="tr-west").consultation
    with pytest.raises(InvalidInput, match="specialists must be a list"):
        consult.bring_together(pool, c.id, {"p-anna": 1}, by=TIM, now=_later(1))  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="specialist must be an id"):
        consult.route(pool, c.id, 7, by=TIM, now=_later(1))  # type: ignore[arg-type]
    with pytest.raises(InvalidInput) as refused:
        _file(pool, specialist=["p-anna"])
    assert refused.value.details == ["specialist: must be the id of a professional"]


def test_the_inbox_and_agenda_belong_to_teams_of_their_kind(pool):
    with pytest.raises(NotFound, match="not a triage team"):
        consult.inbox(pool, "kt-zuidoost", by=COORDINATOR)
    with pytest.raises(NotFound, match="not an? expertiseteam team"):
        consult.agenda(pool, "tr-west", date(2026, 11, 17), by=COORDINATOR)
    with pytest.raises(NotFound):
        consult.agenda(pool, "t-none", date(2026, 11, 17), by=COORDINATOR)


def test_a_schedule_meets_every_whole_number_of_weeks(pool):
    for every in (2.9, "2.5", True, 0, 9):
        with pytest.raises(InvalidInput, match="schedule"):
            consult.set_schedule(pool, {"team": "kt-zuidoost", "first": "2026-11-03",
                                        "every_weeks": every}, by=COORDINATOR)
    assert pool.schedules() == []


def test_answers_name_the_user_who_gave_them(pool):
    c = _file(pool, specialist="p-anna").consultation
    answered = consult.accept(pool, c.id, by=ANNA, now=_later(1)).consultation
    assert [(a.status, a.by) for a in answered.asks] == [("gevraagd", "bram"), ("geaccepteerd", "anna")]


def test_a_request_handed_to_another_wijkteam_is_filed_under_it(pool):
    c = _file(pool, specialist="p-anna").consultation
    handed = consult.hand_over(pool, c.id, "p-wim", by=BRAM, now=_later(1)).consultation
    assert (handed.lead, handed.team) == ("p-wim", "wt-west")
    closed = consult.close(pool, c.id, outcome="onbekend", by=User("wim", "wijkwerker", "p-wim"),
                           now=_later(2)).consultation
    assert pool.get("cases", closed.case).team == "wt-west"


def test_search_ranks_by_the_hours_left_right_after_a_booking(pool):
    from directory.search.queries import SearchQuery
    from graph.search import rank_experts

    def anna_left() -> float | None:
        query = SearchQuery("", ("dementie",), None, None, None, 10)
        hits = rank_experts(pool, query, today=NOW.date()).results
        return next(h.hours_left for h in hits if h.id == "p-anna")

    assert anna_left() == 40 - 6.5
    c = _file(pool, specialist="p-anna").consultation
    consult.accept(pool, c.id, by=ANNA, now=_later(1))
    consult.book_hours(pool, c.id, 20, by=ANNA, now=_later(2))
    assert anna_left() == 40 - 26.5
    consult.book_hours(pool, c.id, 20, by=ANNA, now=_later(3))
    assert anna_left() == 0


def test_the_evaluation_counts_a_request_filed_after_it_was_first_shown(pool):
    from directory.evaluation import report as evaluation

    def requests() -> int:
        return evaluation.evaluate(pool, by=COORDINATOR, today=NOW.date()).requests

    before = requests()
    assert requests() == before  # the same figures again (kept)
    c = _file(pool, specialist="p-anna").consultation
    assert requests() == before + 1
    consult.accept(pool, c.id, by=ANNA, now=_later(1))
    consult.close(pool, c.id, outcome="onbekend", by=BRAM, now=_later(2))
    assert requests() == before + 1  # its case is the same request

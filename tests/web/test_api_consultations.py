"""Consultations through the JSON API (issue 6), by the demo users' Bearer
tokens on a fresh copy of the demo network: each model's flow from filing
to closing (the closed consultation's case counts for search at once, the
specialist's hours left drop), the regie rule, the hours budget, the privacy
guard, illegal steps and roles — every refusal writes nothing — and the
e-mail a step's notice sends to a local SMTP server."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from directory.consultations import service as consult
from directory.consultations.workdays import local_day
from directory.pool.model import Case
from tests.mailbox import local_smtp
from tests.web.conftest import csrf_token, signed_in_client
from tests.web.consult_api import (
    ASKING,
    NEED,
    SECOND,
    SPECIALIST,
    TRIAGIST,
    WORKER,
    ConsultApi,
    consult_api,
)


@pytest.fixture
def api(demo_store_file: Path, tmp_path: Path) -> Iterator[ConsultApi]:
    yield from consult_api(demo_store_file, tmp_path)


def _closed_case(api: ConsultApi, consultation: dict) -> Case:
    assert consultation["state"] == "gesloten" and consultation["closed"]
    case = api.store.get("cases", consultation["case"])
    assert isinstance(case, Case)
    return case


# --- the three models, filing to closing -------------------------------------------------------

def test_netwerk_ask_accept_book_close(api: ConsultApi) -> None:
    left, shared = api.hours_left(SPECIALIST), api.shared_cases(WORKER, SPECIALIST, "dementie")
    done = api.file(ASKING)
    c = done["consultation"]
    assert (c["model"], c["state"], c["lead"], c["team"]) == ("netwerk", "gevraagd", WORKER, "wt-zuidoost")
    assert [(n["professional"], n["what"]) for n in done["notices"]] == [(SPECIALIST, "gevraagd")]
    assert [n["what"] for n in api.ok("specialist", "GET", "/notices?unread=true")["items"]] == ["gevraagd"]

    accepted = api.step("specialist", c["id"], "accept", {"version": c["version"]})["consultation"]
    assert accepted["state"] == "lopend" and accepted["first_answer"]
    booked = api.step("specialist", c["id"], "book_hours", {"hours": 2.5})["consultation"]
    assert booked["bookings"][0]["hours"] == 2.5
    mine = next(h for h in booked["hours"] if h["professional"] == SPECIALIST)
    assert mine["hours"] == 2.5 and mine["left"] == left - 2.5
    done = api.step("wijkwerker", c["id"], "close",
                    {"outcome": "zwaardere_zorg_voorkomen", "lessons": "Vroeg bellen helpt"})
    case = _closed_case(api, done["consultation"])
    assert {(p.professional, p.role, p.hours) for p in case.participants} == {
        (WORKER, "regie", None), (SPECIALIST, "specialist", 2.5)}
    assert api.shared_cases(WORKER, SPECIALIST, "dementie") == shared + 1
    assert api.hours_left(SPECIALIST) == left - 2.5
    assert [c["id"] for c in api.ok("wijkwerker", "GET", "/consultations?open=false")["items"]] == [c["id"]]
    assert api.ok("wijkwerker", "GET", "/consultations?open=true")["items"] == []


def test_expertiseteam_schedule_agenda_assign_notes_close(api: ConsultApi) -> None:
    first = local_day(datetime.now(UTC)) + timedelta(days=2)
    forbidden = api.call("wijkwerker", "PUT", "/teams/kt-zuidoost/schedule", {"first": first.isoformat()})
    assert forbidden.status_code == 403
    schedule = api.ok("coordinator", "PUT", "/teams/kt-zuidoost/schedule",
                      {"first": first.isoformat(), "every_weeks": 2, "time": "09:30", "chair": SPECIALIST})
    assert schedule["next_meeting"] == first.isoformat()
    assert api.ok("specialist", "GET", "/teams/kt-zuidoost/schedule")["chair"] == SPECIALIST
    left = api.hours_left(SECOND)

    c = api.file({**NEED, "via": "kt-zuidoost", "urgency": "spoed"})["consultation"]
    assert (c["model"], c["state"], c["meeting"]) == ("expertiseteam", "geagendeerd", first.isoformat())
    agenda = api.ok("specialist", "GET", "/teams/kt-zuidoost/agenda")
    assert agenda["date"] == first.isoformat() and [a["id"] for a in agenda["items"]] == [c["id"]]
    assert api.ok("specialist", "GET", f"/teams/kt-zuidoost/agenda?date={first + timedelta(days=14)}"
                  )["items"] == []
    assert api.call("wijkwerker", "GET", "/teams/kt-zuidoost/agenda").status_code == 403
    api.refused("specialist2", c["id"], "assign", {"specialists": [SECOND]}, 403)  # not the chair

    done = api.step("specialist", c["id"], "assign", {"specialists": [SECOND, "p-0062"]})
    assert done["consultation"]["state"] == "lopend"
    assert sorted((n["professional"], n["what"]) for n in done["notices"]) == [
        (WORKER, "specialisten-toegewezen"), (SECOND, "toegewezen"), ("p-0062", "toegewezen")]
    api.step("specialist", c["id"], "note", {"text": "Besproken in het overleg"})
    noted = api.step("specialist2", c["id"], "note", {"text": "Samen op huisbezoek", "action": True})
    assert [s["action"] for s in noted["consultation"]["steps"]][-2:] == ["notitie", "actie"]
    api.step("coordinator", c["id"], "book_hours", {"hours": 3, "professional": SECOND})
    closed = api.step("wijkwerker", c["id"], "close", {"outcome": "doorverwezen"})["consultation"]
    case = _closed_case(api, closed)
    assert case.model == "expertiseteam"
    assert {p.professional for p in case.participants} == {WORKER, SECOND, "p-0062"}
    assert api.hours_left(SECOND) == left - 3
    assert api.ok("specialist", "GET", "/teams/kt-zuidoost/agenda")["items"] == []


def test_triage_inbox_clarify_reply_route_decline_route_accept_close(api: ConsultApi) -> None:
    left = api.hours_left(SECOND)
    done = api.file({**NEED, "via": "tr-west", "question": "meedenken"})
    c = done["consultation"]
    assert (c["model"], c["state"]) == ("triage", "nieuw")
    assert (TRIAGIST, "nieuw-in-triage") in [(n["professional"], n["what"]) for n in done["notices"]]
    assert [i["id"] for i in api.ok("triagist", "GET", "/teams/tr-west/inbox")["items"]] == [c["id"]]
    assert api.call("specialist", "GET", "/teams/tr-west/inbox").status_code == 403
    assert api.call("triagist", "GET", "/teams/no-such-team/inbox").status_code == 404

    asked = api.step("triagist", c["id"], "clarify", {"question": "Woont hij alleen?"})["consultation"]
    assert asked["first_answer"] is not None
    api.step("wijkwerker", c["id"], "reply", {"answer": "Ja, dochter komt wekelijks"})
    api.step("triagist", c["id"], "route", {"specialist": SPECIALIST})
    declined = api.step("specialist", c["id"], "decline", {"reason": "Geen ruimte deze maand"})
    assert declined["consultation"]["state"] == "nieuw"
    assert [(n["professional"], n["what"]) for n in declined["notices"]] == [(WORKER, "afgewezen")]
    api.step("triagist", c["id"], "route", {"specialist": SECOND})
    api.step("specialist2", c["id"], "accept")
    api.step("specialist2", c["id"], "advise", {"advice": "Dagbesteding aanvragen"})
    api.step("specialist2", c["id"], "book_hours", {"hours": 1.5})
    closed = api.step("wijkwerker", c["id"], "close", {"outcome": "zwaardere_zorg_voorkomen"})
    case = _closed_case(api, closed["consultation"])
    roles = {p.professional: p.role for p in case.participants}
    assert roles == {WORKER: "regie", TRIAGIST: "triage", SECOND: "specialist"}
    assert api.hours_left(SECOND) == left - 1.5
    assert api.ok("triagist", "GET", "/teams/tr-west/inbox")["items"] == []


# --- rules that refuse: the regie, budgets, privacy, illegal steps, roles ----------------------

def test_the_regie_never_goes_to_a_specialist(api: ConsultApi) -> None:
    c = api.file(ASKING)["consultation"]
    error = api.refused("wijkwerker", c["id"], "hand_over", {"new_lead": SPECIALIST}, 409)
    assert "specialist can never be regisseur" in error["message"]
    handed = api.step("wijkwerker", c["id"], "hand_over", {"new_lead": "p-0044"})
    assert handed["consultation"]["lead"] == "p-0044"
    assert [(n["professional"], n["what"]) for n in handed["notices"]] == [("p-0044", "regie")]


def _book_until(api: ConsultApi, consultation_id: str, share: float) -> list[str]:
    """Book hours for the specialist (by the coordinator) until ``share`` of the budget is used."""
    warnings: list[str] = []
    hours = api.ok("coordinator", "GET", f"/professionals/{SPECIALIST}")["hours_this_half_year"]
    missing = round(share * hours["budget"] - hours["used"], 2)
    while missing > 0:
        amount = min(missing, 24)
        done = api.step("coordinator", consultation_id, "book_hours",
                        {"hours": amount, "professional": SPECIALIST})
        warnings = done["warnings"]
        missing = round(missing - amount, 2)
    return warnings


def test_budget_warns_at_80_percent_blocks_at_100_and_a_coordinator_overrides(api: ConsultApi) -> None:
    c = api.file(ASKING)["consultation"]
    api.step("specialist", c["id"], "accept")
    warnings = _book_until(api, c["id"], 0.8)
    assert warnings and warnings[0].startswith(f"{SPECIALIST} has used 32 of 40 hours")
    assert "(80%)" in warnings[0]
    warned = api.file(ASKING)
    assert warned["consultation"]["state"] == "gevraagd" and "(80%)" in warned["warnings"][0]

    _book_until(api, c["id"], 1.0)
    assert api.hours_left(SPECIALIST) == 0
    count = len(api.ok("wijkwerker", "GET", "/consultations")["items"])
    blocked = api.call("wijkwerker", "POST", "/consultations", ASKING)
    assert blocked.status_code == 409 and "no hours left" in blocked.get_json()["error"]["message"]
    assert len(api.ok("wijkwerker", "GET", "/consultations")["items"]) == count

    plain = api.file(NEED)["consultation"]
    assert "no hours left" in api.refused("wijkwerker", plain["id"], "ask", {"specialist": SPECIALIST},
                                          409)["message"]
    error = api.refused("coordinator", plain["id"], "ask", {"specialist": SPECIALIST}, 400)
    assert error["details"][0].startswith("override:")
    api.refused("coordinator", plain["id"], "ask", {"specialist": SPECIALIST, "override": "  "}, 400)
    done = api.step("coordinator", plain["id"], "ask",
                    {"specialist": SPECIALIST, "override": "Enige specialist met Turks als taal"})
    steps = done["consultation"]["steps"]
    assert ("budget-uitzondering", "Enige specialist met Turks als taal", SPECIALIST) in [
        (s["action"], s["text"], s["professional"]) for s in steps]
    assert done["consultation"]["asks"][-1]["professional"] == SPECIALIST
    assert "(100%)" in done["warnings"][0]


@pytest.mark.parametrize(("field", "value", "code"), [("need", "Vader vergeet\x00afspraken", "U+0000"),
                                                      ("wijk", "Zuid\noost", "U+000A")])
def test_control_characters_in_a_consultation_are_refused(api: ConsultApi, field: str, value: str,
                                                          code: str) -> None:
    answer = api.call("wijkwerker", "POST", "/consultations", {**NEED, field: value})
    assert answer.status_code == 400
    details = answer.get_json()["error"]["details"]
    assert details == [f"{field}: holds a control character ({code}); remove it"]


@pytest.mark.parametrize(("text", "kind"), [("BSN 111222333 staat in het dossier", "a BSN"),
                                            ("Bel de dochter op 06-12345678", "a phone number")])
def test_client_identity_in_free_text_is_refused_and_nothing_written(api: ConsultApi, text: str,
                                                                     kind: str) -> None:
    answer = api.call("wijkwerker", "POST", "/consultations", {**NEED, "need": text})
    assert answer.status_code == 400
    details = answer.get_json()["error"]["details"]
    assert details == [f"need: looks like {kind} ('{text.split()[1] if 'BSN' in text else '06-12345678'}'): "
                       "remove it, case notes hold no client identity"]
    assert api.ok("wijkwerker", "GET", "/consultations")["items"] == []

    c = api.file(ASKING)["consultation"]
    error = api.refused("wijkwerker", c["id"], "note", {"text": text}, 400)
    assert error["details"][0].startswith(f"text: looks like {kind}")
    api.step("specialist", c["id"], "accept")
    error = api.refused("wijkwerker", c["id"], "close", {"outcome": "onbekend", "lessons": text}, 400)
    assert error["details"][0].startswith(f"lessons: looks like {kind}")
    assert api.store.consultation(c["id"]).case is None


def test_illegal_steps_are_refused_with_a_clear_error_and_write_nothing(api: ConsultApi) -> None:
    c = api.file(ASKING)["consultation"]
    api.step("specialist", c["id"], "decline", {"reason": "Met vakantie"})
    error = api.refused("specialist", c["id"], "book_hours", {"hours": 1}, 409)
    assert error["message"] == f"{SPECIALIST} declined this request: no hours can be booked on it"
    assert api.refused("specialist", c["id"], "accept", {}, 409)["message"] == \
        "this request was already afgewezen"

    other = api.file(ASKING)["consultation"]
    api.step("specialist", other["id"], "accept")
    for hours, problem in ((0, "hours: must be more than 0"), (-1, "hours: must be more than 0"),
                           (25, "hours: at most 24 in one booking"),
                           ("veel", "hours: must be a number of hours")):
        error = api.refused("specialist", other["id"], "book_hours", {"hours": hours}, 400)
        assert error["details"] == [problem]
    tomorrow = (local_day(datetime.now(UTC)) + timedelta(days=1)).isoformat()
    error = api.refused("specialist", other["id"], "book_hours", {"hours": 1, "day": tomorrow}, 400)
    assert error["details"] == ["day: must lie between the day of the request and today"]

    api.step("wijkwerker", other["id"], "close", {"outcome": "onbekend"})
    error = api.refused("wijkwerker", other["id"], "close", {"outcome": "onbekend"}, 409)
    assert error["message"] == "this consultation is gesloten: nothing can change any more"
    api.refused("specialist", other["id"], "book_hours", {"hours": 1}, 409)


def test_a_stale_version_unknown_keys_and_missing_arguments_write_nothing(api: ConsultApi) -> None:
    c = api.file(ASKING)["consultation"]
    answer = api.call("coordinator", "GET", f"/consultations/{c['id']}")
    assert answer.headers["ETag"] == f'"{c["version"]}"'
    api.step("specialist", c["id"], "accept", {"version": c["version"]})
    error = api.refused("wijkwerker", c["id"], "note", {"text": "Later", "version": c["version"]}, 409)
    assert "changed this consultation meanwhile" in error["message"]
    stale = api.call("wijkwerker", "POST", f"/consultations/{c['id']}/note", {"text": "Later"},
                     **{"If-Match": f'"{c["version"]}"'})
    assert stale.status_code == 409

    error = api.refused("wijkwerker", c["id"], "note", {"text": "Ja", "colour": "rood", "mood": 1}, 400)
    assert error["details"] == ["colour: unknown parameter", "mood: unknown parameter"]
    assert api.refused("wijkwerker", c["id"], "close", {}, 400)["details"] == ["outcome: required"]
    assert api.refused("wijkwerker", c["id"], "note", {"text": "Ja", "action": "ja"}, 400)["details"] == \
        ["action: must be true or false"]
    assert api.refused("wijkwerker", c["id"], "hand_over", {"new_lead": 7}, 400)["details"] == \
        ["new_lead: must be the id of a professional"]
    api.refused("wijkwerker", c["id"], "note", ["not", "an", "object"], 400)
    unknown_step = api.call("wijkwerker", "POST", f"/consultations/{c['id']}/teleport", {})
    assert unknown_step.status_code == 404
    assert unknown_step.get_json()["error"]["code"] == "not_found"
    assert api.call("wijkwerker", "POST", "/consultations", {**NEED, "colour": "rood"}).get_json()[
        "error"]["details"] == ["colour: unknown field"]


def test_roles_that_may_not_get_403_and_others_consultations_are_404(api: ConsultApi) -> None:
    c = api.file(ASKING)["consultation"]
    assert api.refused("specialist2", c["id"], "accept", {}, 404)["code"] == "not_found"  # not asked
    assert api.call("triagist", "GET", f"/consultations/{c['id']}").status_code == 404
    assert api.ok("triagist", "GET", "/consultations")["items"] == []
    assert api.refused("specialist", c["id"], "close", {"outcome": "onbekend"}, 403)["message"] == \
        "only the regisseur may close the consultation"
    assert api.refused("specialist", c["id"], "hand_over", {"new_lead": "p-0044"}, 403)["code"] == "forbidden"
    api.step("specialist", c["id"], "accept")
    assert api.refused("wijkwerker", c["id"], "book_hours", {"hours": 1, "professional": SPECIALIST},
                       403)["message"] == "you book only your own hours"
    assert api.call("wijkwerker", "POST", "/notices/read", {"up_to": 1}).status_code == 204
    assert api.call("specialist", "PUT", "/teams/kt-zuidoost/schedule",
                    {"first": "2027-01-05"}).status_code == 403
    assert api.call("coordinator", "GET", "/consultations/c-nope").status_code == 404
    assert api.ok("coordinator", "GET", f"/consultations/{c['id']}")["id"] == c["id"]


def test_notices_are_read_up_to_a_seq(api: ConsultApi) -> None:
    c = api.file(ASKING)["consultation"]
    api.step("specialist", c["id"], "accept")
    api.step("specialist", c["id"], "advise", {"advice": "Bel de huisarts"})
    unread = api.ok("wijkwerker", "GET", "/notices?unread=true")["items"]
    assert [n["what"] for n in unread] == ["advies", "geaccepteerd"]
    assert api.call("wijkwerker", "POST", "/notices/read", {"up_to": unread[1]["seq"]}).status_code == 204
    assert [n["what"] for n in api.ok("wijkwerker", "GET", "/notices?unread=true")["items"]] == ["advies"]
    assert [n["read"] for n in api.ok("wijkwerker", "GET", "/notices")["items"]] == [False, True]
    assert api.call("wijkwerker", "POST", "/notices/read", {"up_to": "alles"}).status_code == 400
    assert api.call("wijkwerker", "GET", "/notices?unread=misschien").status_code == 400


def test_overdue_lists_a_request_without_a_first_answer(api: ConsultApi) -> None:
    c = api.file({**NEED, "via": "tr-west"})["consultation"]
    due = consult.first_answer_due(api.store.consultation(c["id"]))
    late_app = consult_api_today(api, due + timedelta(days=1))
    late = late_app.get("/api/v1/consultations/overdue", headers={
        "Authorization": f"Bearer {api.tokens['triagist']}"}).get_json()["items"]
    assert [(item["consultation"]["id"], item["limit"], item["due"]) for item in late] == [
        (c["id"], "first_answer", due.isoformat())]
    assert api.ok("triagist", "GET", "/consultations/overdue")["items"] == []


def consult_api_today(api: ConsultApi, today):
    """A client of the same store whose app thinks it is ``today``."""
    from web import create_app

    return create_app({"TESTING": True, "TODAY": today}, store=api.store).test_client()


def test_a_notice_is_mailed_to_a_local_smtp_server(demo_store_file: Path, tmp_path: Path) -> None:
    with local_smtp() as box:
        config = {"MAIL_HOST": "127.0.0.1", "MAIL_PORT": box.port, "MAIL_SENDER": "gids@example.org",
                  "MAIL_BASE_URL": "https://gids.example.org/"}
        for api in consult_api(demo_store_file, tmp_path, config):
            c = api.file(ASKING)["consultation"]
            assert len(box.mails) == 1
            recipients, mail = box.mails[0]
            assert recipients == ["jasper.maas@example.org"]
            assert mail["Subject"] == "Je bent gevraagd voor een consultatie"
            body = mail.get_content()
            assert f"https://gids.example.org/consultaties/{c['id']}" in body
            assert "Vader" not in body  # no case details in a mail
            api.step("specialist", c["id"], "accept")
            assert [m["Subject"] for _, m in box.mails][-1] == "Je consultatieverzoek is aangenomen"
            assert box.mails[-1][0] == ["sanne.kuipers@example.org"]


def test_a_session_signed_step_needs_the_csrf_token(api: ConsultApi) -> None:
    client = signed_in_client(api.app, "wijkwerker")
    refused = client.post("/api/v1/consultations", json=NEED)
    assert refused.status_code == 400 and "CSRF" in refused.get_json()["error"]["message"]
    assert api.ok("wijkwerker", "GET", "/consultations")["items"] == []
    filed = client.post("/api/v1/consultations", json=NEED, headers={"X-CSRFToken": csrf_token(client, "/")})
    assert filed.status_code == 201
    filed_id = filed.get_json()["consultation"]["id"]
    assert filed.headers["Location"].endswith(f"/api/v1/consultations/{filed_id}")


def test_the_other_steps_bring_together_schedule_again_escalate_and_withdraw(api: ConsultApi) -> None:
    triage = api.file({**NEED, "via": "tr-west"})["consultation"]
    api.refused("triagist", triage["id"], "bring_together", {"specialists": [SPECIALIST]}, 400)
    together = api.step("triagist", triage["id"], "bring_together", {"specialists": [SPECIALIST, SECOND]})
    assert sorted(n["professional"] for n in together["notices"]) == [SPECIALIST, SECOND]
    api.step("specialist", triage["id"], "accept")

    assert "consent" in api.refused("specialist", triage["id"], "escalate", {}, 409)["message"]
    api.refused("specialist", triage["id"], "record_consent", {}, 403)  # the regisseur records it
    api.step("wijkwerker", triage["id"], "record_consent")
    meeting = local_day(datetime.now(UTC)) + timedelta(days=1)
    escalated = api.step("specialist", triage["id"], "escalate",
                         {"meeting": meeting.isoformat(), "reason": "Zorgen over veiligheid"})
    c = escalated["consultation"]
    assert c["escalated"] and c["escalation_meeting"] == meeting.isoformat() and c["question"] == "opschalen"
    assert (WORKER, "opgeschaald") in [(n["professional"], n["what"]) for n in escalated["notices"]]
    assert api.refused("specialist", triage["id"], "plan", {}, 400)["details"] == [
        "plan: give a meeting day or a plan"]
    assert api.step("specialist", triage["id"], "plan", {"plan": "Casemanager twee keer per week"}
                    )["consultation"]["plan"] == "Casemanager twee keer per week"
    back = api.step("wijkwerker", triage["id"], "deescalate", {"reason": "Situatie stabiel"})
    assert back["consultation"]["escalated"] is None and back["consultation"]["lead"] == WORKER

    first = local_day(datetime.now(UTC)) + timedelta(days=1)
    api.ok("coordinator", "PUT", "/teams/kt-zuidoost/schedule",
           {"first": first.isoformat(), "chair": SPECIALIST})
    agenda = api.file({**NEED, "via": "kt-zuidoost"})["consultation"]
    moved = api.step("specialist", agenda["id"], "schedule_again")["consultation"]
    assert moved["meeting"] == (first + timedelta(days=14)).isoformat()
    withdrawn = api.step("wijkwerker", agenda["id"], "withdraw", {"reason": "Opgelost in het gezin"})
    assert withdrawn["consultation"]["state"] == "ingetrokken" and withdrawn["consultation"]["case"] is None
    assert api.ok("specialist", "GET", f"/teams/kt-zuidoost/agenda?date={moved['meeting']}")["items"] == []
    api.refused("wijkwerker", agenda["id"], "note", {"text": "Toch nog"}, 409)


def test_a_client_name_is_refused_by_the_api_and_a_colleague_by_full_name_is_not(api: ConsultApi) -> None:
    answer = api.call("wijkwerker", "POST", "/consultations", {**NEED, "need": "zoon Rayan (15) spijbelt"})
    assert answer.status_code == 400
    assert answer.get_json()["error"]["details"] == [
        "need: looks like a name ('Rayan'): remove it, case notes hold no client identity"]
    assert api.ok("wijkwerker", "GET", "/consultations")["items"] == []
    filed = api.call("wijkwerker", "POST", "/consultations",
                     {**NEED, "need": "Jongere spijbelt; Jasper Maas kent de school"})
    assert filed.status_code == 201, filed.get_json()

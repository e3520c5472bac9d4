"""The OpenAPI description of the consultations of ``/api/v1``
(``web.api.consult``), joined into the document of ``web.openapi.document``.

The enumerations come from the records (``directory.consultations.records``,
``directory.pool.model``) and the body of each step from the service's own
signature (``web.api.consult_steps.step_parameters``): a step that gains an
argument is described with it, and ``tests/web/test_openapi.py`` checks the
answers against what is written here.
"""

from __future__ import annotations

import functools
import inspect
from typing import Any, get_args

from directory.consultations import service as consult
from directory.consultations.records import (
    NOTICE_KINDS,
    STEP_ACTIONS,
    AskStatus,
    State,
    Urgency,
)
from directory.pool.changes import MAX_VERSION
from directory.pool.characters import FILLED_LINES_PATTERN, LINES_PATTERN, ONE_LINE_PATTERN
from directory.pool.model import AgeBand, CollaborationModel, Household, Outcome, QuestionKind
from web.api.consult_steps import step_parameters
from web.openapi.parts import STRING, STRINGS, closed, nullable, or_empty, query, ref
from web.openapi.writes import IF_MATCH, VERSION, WRITES, operation

TAG = "consultations"
#: Every operation here is tagged as a consultation one.
_operation = functools.partial(operation, tag=TAG)
MOMENT: dict[str, Any] = {"type": "string", "format": "date-time"}
DAY: dict[str, Any] = {"type": "string", "format": "date"}
NUMBER: dict[str, Any] = {"type": "number"}
TEXT: dict[str, Any] = {"type": "string", "maxLength": consult.MAX_TEXT, "pattern": LINES_PATTERN,
                        "description": "Free text about the case: no client identity (BSN, phone "
                                       "number, e-mail, IBAN, address, date of birth); refused with "
                                       "400 saying what to remove"}
ID: dict[str, Any] = {"type": "string", "pattern": r"\S", "description": "A professional's id"}
#: Text a step needs: not only spaces (``directory.consultations.values.text``).
FILLED_TEXT: dict[str, Any] = {**TEXT, "pattern": FILLED_LINES_PATTERN}
#: A short value (wijk, time, place): one line (``directory.consultations.values.choice_text``).
SHORT: dict[str, Any] = {"type": "string", "maxLength": 200, "pattern": ONE_LINE_PATTERN}


def _enum(kind: Any) -> dict[str, Any]:
    return {"enum": list(get_args(kind))}


#: The schema of each argument a step takes (``web.api.consult_steps.step_parameters`` names them).
STEP_FIELDS: dict[str, dict[str, Any]] = {
    "specialist": ID,
    "specialists": {"type": "array", "items": ID, "minItems": 1},
    "override": {**TEXT, "description": "A coordinator's reason to ask a specialist whose hours are "
                                        "used up (without one: 409, or 400 for a coordinator)"},
    "reason": TEXT, "question": TEXT, "answer": TEXT, "advice": TEXT, "text": TEXT, "plan": TEXT,
    "lessons": TEXT,
    "action": {"type": "boolean", "description": "true: an agreed action rather than a note"},
    "hours": {"type": "number", "exclusiveMinimum": 0, "maximum": consult.MAX_HOURS_PER_BOOKING,
              "description": "Hours spent, more than 0 and at most 24 in one booking"},
    "day": {**DAY, "description": "The day they were spent (default today)"},
    "professional": {**ID, "description": "Whose hours (default your own; others: coordinators)"},
    "meeting": {**DAY, "description": "The day of the opschalen meeting (within 5 working days)"},
    "new_lead": {**ID, "description": "A member of a wijkteam: a specialist never gets the regie"},
    "outcome": _enum(Outcome),
}


def _filled(schema: dict[str, Any]) -> dict[str, Any]:
    """A required text must say something; other fields stay as they are."""
    return {**schema, "pattern": FILLED_LINES_PATTERN} if schema.get("pattern") == LINES_PATTERN else schema


def step_schema_name(step: str) -> str:
    return "Step" + "".join(part.title() for part in step.split("_"))


def _step_body(step: str) -> dict[str, Any]:
    names, required = step_parameters(step)
    properties = {name: _filled(STEP_FIELDS[name]) if name in required else nullable(STEP_FIELDS[name])
                  for name in names}
    return closed({**properties, "version": nullable(VERSION)},
                  optional=tuple(n for n in [*names, "version"] if n not in required))


def consult_schemas() -> dict[str, Any]:
    """The consultation and what goes with it, the bodies of filing and of every step."""
    schemas = {**_consultation_schemas(), **_notice_schemas(), **_meeting_schemas(),
               "ConsultationNew": _filing_schema()}
    for step in consult.STEPS:
        schemas[step_schema_name(step)] = _step_body(step)
    return schemas


def _consultation_schemas() -> dict[str, Any]:
    """A consultation as the API gives it, with its asks, bookings, steps and hours."""
    schemas: dict[str, Any] = {}
    schemas["Ask"] = closed({"professional": STRING, "status": _enum(AskStatus), "at": MOMENT,
                             "by": STRING, "reason": nullable(STRING)})
    schemas["Booking"] = closed({"professional": STRING, "day": DAY, "hours": NUMBER, "by": STRING,
                                 "at": MOMENT})
    schemas["ConsultationStep"] = closed({"at": MOMENT, "by": STRING,
                                          "action": {"enum": list(STEP_ACTIONS)},
                                          "text": nullable(STRING), "professional": nullable(STRING)})
    schemas["HoursOfPerson"] = closed({
        "professional": STRING, "hours": {**NUMBER, "description": "Booked on this consultation"},
        "budget": {**NUMBER, "description": "Hours per half-year (default 40)"},
        "used": {**NUMBER, "description": "Booked this half-year, on everything"},
        "left": NUMBER, "level": {"enum": ["ok", "warning", "exhausted"]}})
    schemas["Consultation"] = closed({
        "id": STRING, "model": _enum(CollaborationModel), "state": _enum(State),
        "team": {**STRING, "description": "The requesting wijkteam"},
        "lead": {**STRING, "description": "The regisseur: always a wijkteam member"},
        "via": nullable(STRING), "need": nullable(STRING), "areas": STRINGS, "wijk": nullable(STRING),
        "age_band": nullable(_enum(AgeBand)), "household": nullable(_enum(Household)),
        "question": _enum(QuestionKind), "urgency": _enum(Urgency), "named": {"type": "boolean"},
        "consent": {"type": "boolean"}, "opened": MOMENT, "first_answer": nullable(MOMENT),
        "first_answer_due": DAY, "closed": nullable(MOMENT), "meeting": nullable(DAY),
        "escalated": nullable(MOMENT), "escalation_meeting": nullable(DAY), "plan": nullable(STRING),
        "asks": {"type": "array", "items": ref("Ask")},
        "bookings": {"type": "array", "items": ref("Booking")},
        "steps": {"type": "array", "items": ref("ConsultationStep")},
        "outcome": nullable(_enum(Outcome)), "lessons": nullable(STRING),
        "case": {**nullable(STRING), "description": "The anonymised case closing wrote"},
        "version": {"type": "integer", "minimum": 0,
                    "description": "Changes with every step; state it when taking one (also the ETag)"},
        "hours": {"type": "array", "items": ref("HoursOfPerson")}})
    schemas["ConsultationList"] = closed({"items": {"type": "array", "items": ref("Consultation")}})
    return schemas


def _notice_schemas() -> dict[str, Any]:
    """Notices, what a step answers (the notices it wrote, warnings) and late consultations."""
    schemas: dict[str, Any] = {}
    schemas["NoticeWritten"] = closed({"professional": STRING, "consultation": STRING,
                                       "what": {"enum": list(NOTICE_KINDS)}, "at": MOMENT})
    schemas["Notice"] = closed({"professional": STRING, "consultation": STRING,
                                "what": {"enum": list(NOTICE_KINDS)}, "at": MOMENT,
                                "seq": {"type": "integer"}, "read": {"type": "boolean"}})
    schemas["NoticeList"] = closed({"items": {"type": "array", "items": ref("Notice")}})
    schemas["NoticesRead"] = closed({"up_to": {"type": "integer", "minimum": 0, "maximum": MAX_VERSION,
                                               "description": "The seq of the newest notice read"}})
    schemas["StepDone"] = closed({
        "consultation": ref("Consultation"),
        "warnings": {**STRINGS, "description": "For whoever took the step (an hours budget at 80%)"},
        "notices": {"type": "array", "items": ref("NoticeWritten")}})
    schemas["Late"] = closed({"limit": {"enum": ["first_answer", "escalation_meeting"]}, "due": DAY,
                              "consultation": ref("Consultation")})
    schemas["OverdueList"] = closed({"items": {"type": "array", "items": ref("Late")}})
    return schemas


def _meeting_schemas() -> dict[str, Any]:
    """An expertiseteam's agenda and meeting schedule, and a change of the schedule."""
    schemas: dict[str, Any] = {}
    schemas["Agenda"] = closed({"team": STRING, "date": nullable(DAY),
                                "items": {"type": "array", "items": ref("Consultation")}})
    schemas["Schedule"] = closed({"team": STRING, "first": DAY, "every_weeks": {"type": "integer"},
                                  "time": nullable(STRING), "chair": nullable(STRING),
                                  "place": nullable(STRING), "next_meeting": DAY})
    short = SHORT
    schemas["ScheduleChange"] = closed({
        "first": {**DAY, "description": "The first meeting; then every every_weeks weeks"},
        "every_weeks": {"type": "integer", "minimum": 1, "maximum": 8, "default": 2},
        "time": nullable(short),
        "chair": nullable({**STRING, "description": "A member of the team (empty: none)"}),
        "place": nullable(short)}, optional=("every_weeks", "time", "chair", "place"))
    return schemas


def _filing_schema() -> dict[str, Any]:
    """The body of filing a request."""
    short = SHORT
    return closed({
        "need": FILLED_TEXT, "areas": {"type": "array", "items": STRING, "minItems": 1},
        "wijk": nullable(short), "age_band": nullable(_enum(AgeBand)),
        "household": nullable(_enum(Household)), "question": nullable(_enum(QuestionKind)),
        "urgency": nullable(_enum(Urgency)), "named": {"type": "boolean"},
        "consent": {"type": "boolean", "description": "Needed for a named consultation and opschalen"},
        "via": nullable({**STRING, "description": "The expertiseteam, triage team or network "
                                                  "(none: ask a specialist of the whole pool)"}),
        "specialist": nullable({**ID, "description": "netwerk: who to ask"}),
        "lead": nullable({**ID, "description": "Coordinators: the regisseur (default: yourself)"}),
        "team": nullable({**STRING, "description": "The lead's wijkteam (default: their only one)"}),
        "override": nullable(STEP_FIELDS["override"])}, optional=(
            "wijk", "age_band", "household", "question", "urgency", "named", "consent", "via",
            "specialist", "lead", "team", "override"))


def _in_path(what: str, example: str) -> dict[str, Any]:
    return {"name": "id", "in": "path", "required": True, "schema": STRING, "description": what,
            "example": example}


def add_consult_paths(paths: dict[str, Any]) -> None:
    """The consultations, their steps, the teams' inbox, agenda and schedule, the notices."""
    the_consultation = [_in_path("Consultation id", "c-0123456789ab")]
    reads = (400, 401, 403)
    paths["/api/v1/consultations"] = {
        "get": _operation("The consultations you may see, newest first", "ConsultationList",
                          errors=reads, parameters=[query("open", {"type": "boolean"},
                                                          "true: open ones only; false: closed ones")]),
        "post": _operation("File a request for help (the route follows from `via`)", "StepDone",
                           status=201, errors=(400, 401, 403, 409), body="ConsultationNew")}
    paths["/api/v1/consultations/overdue"] = {"get": _operation(
        "Open consultations past a time limit (first answer in 2 working days, opschalen meeting "
        "in 5), longest overdue first", "OverdueList", errors=reads)}
    paths["/api/v1/consultations/{id}"] = {"get": _operation(
        "One consultation (ETag: its version); 404 for one you may not see", "Consultation",
        errors=(400, 401, 403, 404), parameters=the_consultation)}
    for step, service in consult.STEPS.items():
        _, required = step_parameters(step)
        summary = (inspect.getdoc(service) or step).split("\n\n")[0].replace("\n", " ")
        paths[f"/api/v1/consultations/{{id}}/{step}"] = {"post": _operation(
            summary, "StepDone", errors=WRITES, body=step_schema_name(step), optional_body=not required,
            parameters=[*the_consultation, IF_MATCH])}
    paths["/api/v1/teams/{id}/inbox"] = {"get": _operation(
        "A triage team's open requests, oldest first (its members, coordinators)", "ConsultationList",
        errors=(400, 401, 403, 404), parameters=[_in_path("Team id", "tr-west")])}
    paths["/api/v1/teams/{id}/agenda"] = {"get": _operation(
        "The requests on the agenda of an expertiseteam's meeting (its members, coordinators)",
        "Agenda", errors=(400, 401, 403, 404),
        parameters=[_in_path("Team id", "kt-zuidoost"),
                    query("date", or_empty(DAY), "The meeting's day (default: the next meeting)")])}
    schedule = [_in_path("Team id", "kt-zuidoost")]
    paths["/api/v1/teams/{id}/schedule"] = {
        "get": _operation("When the expertiseteam meets, and who chairs it (404 while it has none)",
                          "Schedule", errors=(400, 401, 403, 404), parameters=schedule),
        "put": _operation("Set when the expertiseteam meets and who chairs it (coordinators)",
                          "Schedule", errors=(400, 401, 403, 404), body="ScheduleChange",
                          parameters=schedule)}
    paths["/api/v1/notices"] = {"get": _operation(
        "Your notices, newest first (the professional your account is linked to)", "NoticeList",
        errors=reads, parameters=[query("unread", {"type": "boolean"}, "true: unread ones only")])}
    paths["/api/v1/notices/read"] = {"post": _operation(
        "Mark your notices up to a seq as read", None, status=204, errors=reads, body="NoticesRead")}

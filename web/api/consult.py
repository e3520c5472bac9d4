"""Consultations through ``/api/v1`` (issue 6): filing a request, every step
of the three models (``directory.consultations.service.STEPS``), the lists a user works
from (their consultations, the overdue list, a triage team's inbox, an
expertiseteam's agenda), meeting schedules and the user's notices.

As in ``web.api.maintain`` each endpoint only reads the request and calls
one service of ``directory.consultations.service``: who may take which step, the regie
rule, the budgets, the privacy guard and the versions are the service's, so
the API refuses exactly what the pages refuse. This module checks only the
shape of a body (an object; no unknown keys; ids are text, lists are lists)
so that a wrong type is a 400 with the field's name, never a 500. A step
states the version it was based on (``"version"`` in the body or
``If-Match``); when the consultation has moved on the answer is 409 and
nothing is written. After every step that succeeds the notices it wrote are
mailed (``web.notify.deliver``).

A consultation is answered in one documented shape (``consultation_json``):
every field of ``directory.consultations.records.Consultation``, the day the first
answer is due, and per person named in it the hours booked on it and their
budget of this half-year.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from typing import Any

from flask import Response, g, jsonify, request, url_for

from directory.accounts.roles import CONSULT, User, require
from directory.consultations import service as consult
from directory.consultations.records import Consultation, MeetingSchedule, Notice
from directory.consultations.workdays import local_day
from directory.errors import InvalidInput, NotFound
from directory.pool.changes import MAX_VERSION
from directory.pool.model import Team, whole_float
from directory.problems import Problem, unknown
from web import notify
from web.api.consult_steps import step_parameters
from web.api.maintain import _body, _version
from web.api.routes import _only, _today, bp
from web.guard import store

#: Body keys that name one professional, and those that name several.
_ID_KEYS = {"specialist", "new_lead", "professional"}
_ID_LISTS = {"specialists"}
_FLAGS = {"action"}


def _user() -> User:
    user: User = g.user
    return user


# --- the shape of a consultation ---------------------------------------------------------

def _moment(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _today_or_now() -> date:
    return _today() or local_day(datetime.now(UTC))


def _hours(c: Consultation, standing: dict[str, Any]) -> list[dict[str, Any]]:
    """Per person named in ``c``: hours booked on it, and their budget of this half-year."""
    out = []
    for person in c.people:
        budget = standing[person]
        out.append({"professional": person, "hours": c.hours_of(person), "budget": budget.budget,
                    "used": budget.booked, "left": budget.left, "level": budget.level})
    return out


def consultations_json(found: Iterable[Consultation]) -> list[dict[str, Any]]:
    """Consultations as the API answers them (the budgets looked up once for all)."""
    found = list(found)
    people = {p for c in found for p in c.people}
    standing = consult.budgets(store(), sorted(people), _today_or_now()) if people else {}
    return [_consultation_json(c, standing) for c in found]


def consultation_json(c: Consultation) -> dict[str, Any]:
    return consultations_json([c])[0]


def _consultation_json(c: Consultation, standing: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": c.id, "model": c.model, "state": c.state, "team": c.team, "lead": c.lead, "via": c.via,
        "need": c.need, "areas": list(c.areas), "wijk": c.wijk, "age_band": c.age_band,
        "household": c.household, "question": c.question, "urgency": c.urgency, "named": c.named,
        "consent": c.consent, "opened": _moment(c.opened), "first_answer": _moment(c.first_answer),
        "first_answer_due": _day(consult.first_answer_due(c)), "closed": _moment(c.closed),
        "meeting": _day(c.meeting), "escalated": _moment(c.escalated),
        "escalation_meeting": _day(c.escalation_meeting), "plan": c.plan,
        "asks": [{"professional": a.professional, "status": a.status, "at": _moment(a.at), "by": a.by,
                  "reason": a.reason} for a in c.asks],
        "bookings": [{"professional": b.professional, "day": _day(b.day), "hours": b.hours, "by": b.by,
                      "at": _moment(b.at)} for b in c.bookings],
        "steps": [{"at": _moment(s.at), "by": s.by, "action": s.action, "text": s.text,
                   "professional": s.professional} for s in c.steps],
        "outcome": c.outcome, "lessons": c.lessons, "case": c.case, "version": c.version,
        "hours": _hours(c, standing),
    }


def notice_json(notice: Notice, *, stored: bool = True) -> dict[str, Any]:
    """A notice; one just written has no ``seq`` or ``read`` yet (the store numbers it)."""
    body: dict[str, Any] = {"professional": notice.professional, "consultation": notice.consultation,
                            "what": notice.what, "at": _moment(notice.at)}
    if stored:
        body |= {"seq": notice.seq, "read": notice.read}
    return body


def _done(done: consult.Done, status: int = 200) -> Any:
    """A step's answer: the consultation as stored, warnings and notices; then the mail."""
    notify.deliver(store(), done.notices)
    response = jsonify(consultation=consultation_json(done.consultation),
                       warnings=[w.line for w in done.warnings],
                       notices=[notice_json(n, stored=False) for n in done.notices])
    response.status_code = status
    response.headers["ETag"] = f'"{done.consultation.version}"'
    return response


# --- checking a body's shape -----------------------------------------------------------------

def _checked(body: dict[str, Any]) -> None:
    """Ids are text, lists of ids are lists of text, flags are true or false:
    the service reads the rest (texts, hours, days) and says what is wrong."""
    problems: list[Problem] = []
    for key, value in body.items():
        if key in _ID_KEYS and value is not None and not isinstance(value, str):
            problems.append(Problem.of(key, "must_be_professional_id"))
        elif key in _ID_LISTS and (not isinstance(value, list)
                                   or not all(isinstance(v, str) for v in value)):
            problems.append(Problem.of(key, "must_be_id_list_of_professionals"))
        elif key in _FLAGS and not isinstance(value, bool):
            problems.append(Problem.of(key, "must_be_true_or_false"))
    if problems:
        raise InvalidInput("the request body does not have the right shape", problems)


def _flag_arg(name: str) -> bool | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    if raw not in ("true", "false"):
        raise InvalidInput(f"{name} must be true or false", [Problem.of(name, "given", value=repr(raw))])
    return raw == "true"


def _date_arg(name: str) -> date | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(f"{name} must be a date written as YYYY-MM-DD",
                           [Problem.of(name, "given", value=repr(raw))]) from None


def _team(team_id: str) -> Team:
    """A team of the pool (404 otherwise), before any role check: like the
    other records, whether a team exists is not a secret."""
    found = store().get("teams", team_id)
    if not isinstance(found, Team):
        raise NotFound(unknown("teams", team_id))
    return found


# --- consultations ------------------------------------------------------------------------------

@bp.get("/consultations")
def consultations() -> Any:
    """The consultations the user may see, newest first (``?open=true``: open ones only)."""
    _only(request.args, {"open"})
    open_only = _flag_arg("open")
    found = consult.visible(store(), by=_user(), open_only=bool(open_only))
    if open_only is False:
        found = [c for c in found if not c.is_open]
    return jsonify(items=consultations_json(found))


@bp.post("/consultations")
def file_request() -> Any:
    """File a request for help; 201 with the consultation, warnings and notices."""
    body = _body()
    _checked({k: v for k, v in body.items() if k == "specialist"})
    response = _done(consult.file_request(store(), body, by=_user()), 201)
    response.headers["Location"] = url_for("api.consultation",
                                           consultation_id=response.get_json()["consultation"]["id"])
    return response


@bp.get("/consultations/overdue")
def overdue() -> Any:
    """Open consultations past a time limit, longest overdue first."""
    _only(request.args, set())
    late = consult.overdue(store(), by=_user(), today=_today())
    shown = dict(zip([item.consultation.id for item in late],
                     consultations_json(item.consultation for item in late), strict=True))
    return jsonify(items=[{"limit": item.limit, "due": _day(item.due),
                           "consultation": shown[item.consultation.id]} for item in late])


@bp.get("/consultations/<consultation_id>")
def consultation(consultation_id: str) -> Any:
    _only(request.args, set())
    found = consult.get(store(), consultation_id, by=_user())
    response = jsonify(consultation_json(found))
    response.headers["ETag"] = f'"{found.version}"'
    return response


def _step_view(step: str) -> Callable[[str], Any]:
    names, required = step_parameters(step)
    service = consult.STEPS[step]

    def take(consultation_id: str) -> Any:
        body = _body(optional=not required)
        _only(body, {*names, "version"})
        body = {k: v for k, v in body.items() if v is not None or k in required}  # null: not given
        version = _version(body, required=False)
        _checked(body)
        missing = [name for name in required if name not in body]
        if missing:
            raise InvalidInput(f"{step} needs {', '.join(missing)}",
                               [Problem.of(name, "required") for name in missing])
        return _done(service(store(), consultation_id, by=_user(), version=version, **body))

    take.__name__ = f"consultation_{step}"
    take.__doc__ = inspect.getdoc(service)
    return take


for _name in consult.STEPS:
    bp.add_url_rule(f"/consultations/<consultation_id>/{_name}", f"consultation_{_name}",
                    _step_view(_name), methods=["POST"])


# --- teams: inbox, agenda, schedule ------------------------------------------------------------

@bp.get("/teams/<team_id>/inbox")
def inbox(team_id: str) -> Any:
    """A triage team's open requests, oldest first (its members and coordinators)."""
    _only(request.args, set())
    _team(team_id)
    return jsonify(items=consultations_json(consult.inbox(store(), team_id, by=_user())))


@bp.get("/teams/<team_id>/agenda")
def agenda(team_id: str) -> Any:
    """The requests on the agenda of a meeting (``?date=``; default: the next meeting)."""
    _only(request.args, {"date"})
    _team(team_id)
    day = _date_arg("date") or consult.next_meeting(store(), team_id, _today_or_now())
    # without a date or a schedule there is no meeting: still only for members and coordinators
    found = consult.agenda(store(), team_id, day or _today_or_now(), by=_user())
    if day is None:
        found = []
    return jsonify(team=team_id, date=_day(day), items=consultations_json(found))


def schedule_json(schedule: MeetingSchedule) -> dict[str, Any]:
    return {"team": schedule.team, "first": _day(schedule.first), "every_weeks": schedule.every_weeks,
            "time": schedule.time, "chair": schedule.chair, "place": schedule.place,
            "next_meeting": _day(consult.meeting_on_or_after(schedule, _today_or_now()))}


@bp.get("/teams/<team_id>/schedule")
def schedule(team_id: str) -> Any:
    """When an expertiseteam meets and who chairs it (404 while it has none)."""
    _only(request.args, set())
    _team(team_id)
    require(_user(), CONSULT)
    found = consult.schedule_of(store(), team_id)
    if found is None:
        raise NotFound(Problem.of("", "no_schedule", team=team_id))
    return jsonify(schedule_json(found))


@bp.put("/teams/<team_id>/schedule")
def set_schedule(team_id: str) -> Any:
    """Set the meeting schedule (coordinators): first, every_weeks, time, chair, place."""
    _team(team_id)
    body = _body()
    _only(body, {"first", "every_weeks", "time", "chair", "place"})
    every = body["every_weeks"] = whole_float(body.get("every_weeks", 2))  # 2.0 is 2
    if isinstance(every, bool) or not isinstance(every, int):
        raise InvalidInput("every_weeks is a whole number",
                           [Problem.of("every_weeks", "weeks")])
    saved = consult.set_schedule(store(), {**body, "team": team_id}, by=_user())
    return jsonify(schedule_json(saved))


# --- notices ----------------------------------------------------------------------------------------

@bp.get("/notices")
def notices() -> Any:
    """The signed-in user's notices, newest first (``?unread=true``: unread only)."""
    _only(request.args, {"unread"})
    require(_user(), CONSULT)
    unread_only = bool(_flag_arg("unread"))
    person = _user().professional
    found = store().notices(person, unread_only=unread_only) if person else []
    return jsonify(items=[notice_json(n) for n in found])


@bp.post("/notices/read")
def notices_read() -> Any:
    """Mark the user's notices up to ``up_to`` (a ``seq``) as read."""
    body = _body()
    _only(body, {"up_to"})
    up_to = whole_float(body.get("up_to"))  # 12.0 is 12
    if isinstance(up_to, bool) or not isinstance(up_to, int) or not 0 <= up_to <= MAX_VERSION:
        raise InvalidInput("up_to is the seq of the newest notice read",
                           [Problem.of("up_to", "whole_number")])
    consult.mark_read(store(), up_to, by=_user())
    return Response(status=204)

"""The pages of the teams a request goes to: a triage team's inbox
(``/teams/<id>/inbox``: the open requests, oldest first, with the day each
waits since — in working days, not to be mistaken for the client's age band —
and the 2-working-day due date of the first answer) and an expertiseteam's
agenda (``/teams/<id>/agenda?datum=YYYY-MM-DD``: the requests of its next
meeting, or of the day asked for, with the chair's assign form for each).
On the agenda page a coordinator sets when the team meets and who chairs
(``consult.set_schedule``).

``directory.consultations.service`` decides who may see an inbox or agenda (the team's
members and coordinators: 403 for others) and who may assign (the chair).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext

from directory.accounts.roles import MANAGE_CONSULTATIONS, may
from directory.consultations import service as consult
from directory.consultations.records import Consultation
from directory.consultations.workdays import local_day, working_days_between
from directory.errors import InvalidInput, NotFound
from directory.pool.model import Professional, Team
from directory.problems import unknown
from web.guard import store
from web.pages.consult import bp, consultant
from web.pages.forms.consult import ScheduleForm, SeveralForm, pick
from web.pages.parts.consult_choices import offerable, team_members
from web.pages.parts.consult_page import names_of
from web.pages.parts.field_problems import show_on
from web.words.consult import clock, today


def _team(team_id: str, kinds: tuple[str, ...]) -> Team:
    team = store().get("teams", team_id)
    if not isinstance(team, Team) or team.kind not in kinds:
        raise NotFound(unknown("teams", team_id))
    return team


@bp.get("/teams/<team_id>/inbox")
def inbox(team_id: str) -> Any:
    user = consultant()
    team = _team(team_id, ("triage",))
    found = consult.inbox(store(), team.id, by=user)
    day = today()
    opened = {c.id: local_day(c.opened) for c in found}
    rows = [(c, opened[c.id], working_days_between(opened[c.id], day), consult.first_answer_due(c))
            for c in found]
    return render_template("consult_inbox.html", team=team, rows=rows, today=day,
                           names=names_of({c.lead for c in found}))


def _assign_form(c: Consultation, manager: bool) -> SeveralForm:
    """The chair's assign form: the team's members by name with their hours; one whose hours
    are used up only for a coordinator (who gives a reason), marked."""
    form = SeveralForm(prefix="assign", formdata=None)
    form.version.data, form.back.data = str(c.version), "agenda"
    form.specialists.choices = pick((p.id, p.label) for p in offerable(team_members(c.via, [c.lead]),
                                                                       override=manager))
    return form


def _exhausted(c: Consultation) -> list[str]:
    """The names of the team's members the chair cannot assign: no hours left this half-year."""
    return [p.name for p in team_members(c.via, [c.lead]) if p.level == "exhausted"]


def _schedule_form(team: Team, form: ScheduleForm | None = None) -> ScheduleForm:
    if form is None:
        form = ScheduleForm(formdata=None)
        current = consult.schedule_of(store(), team.id)
        if current is not None:
            form.first.data, form.every_weeks.data = current.first.isoformat(), str(current.every_weeks)
            form.time.data, form.place.data = current.time, current.place
            form.chair.data = current.chair or ""
    members = sorted((p for p in store().iter_records("professionals")
                      if isinstance(p, Professional) and p.active and team.id in p.teams),
                     key=lambda p: p.name)
    form.chair.choices = pick([("", gettext("geen voorzitter")), *((p.id, p.name) for p in members)])
    return form


def _agenda_page(team: Team, schedule_form: ScheduleForm | None = None, status: int = 200) -> Any:
    user = consultant()
    schedule = consult.schedule_of(store(), team.id)
    asked = request.args.get("datum", "").strip()
    message = None
    meeting: date | None = None
    if asked:
        try:
            meeting = date.fromisoformat(asked)
        except ValueError:
            message, status = gettext("Deze datum klopt niet; schrijf haar als JJJJ-MM-DD."), 400
    elif schedule is not None:
        meeting = consult.next_meeting(store(), team.id, today())
    found = consult.agenda(store(), team.id, meeting, by=user) if meeting else []
    if meeting is None and not message:
        consult.agenda(store(), team.id, today(), by=user)  # who may not see the agenda gets 403 here too
    chair = may(user, MANAGE_CONSULTATIONS) or (schedule is not None and schedule.chair is not None
                                                 and schedule.chair == user.professional)
    coordinator = may(user, MANAGE_CONSULTATIONS)
    return render_template(
        "consult_agenda.html", team=team, schedule=schedule, meeting=meeting, consultations=found,
        message=message, chair=chair, coordinator=coordinator,
        forms={c.id: _assign_form(c, coordinator) for c in found} if chair else {},
        exhausted={c.id: _exhausted(c) for c in found} if chair else {},
        names=names_of({p for c in found for p in c.people} | ({schedule.chair} if schedule and schedule.chair
                                                                 else set())),
        schedule_form=_schedule_form(team, schedule_form) if coordinator else None,
        following=consult.next_meeting(store(), team.id, meeting.fromordinal(meeting.toordinal() + 1))
        if meeting and schedule else None), status


@bp.get("/teams/<team_id>/agenda")
def agenda(team_id: str) -> Any:
    return _agenda_page(_team(team_id, ("expertiseteam", "kernteam")))


@bp.post("/teams/<team_id>/agenda")
def set_schedule(team_id: str) -> Any:
    user = consultant()
    team = _team(team_id, ("expertiseteam", "kernteam"))
    form = _schedule_form(team, ScheduleForm())
    form.validate_on_submit()
    values = {"team": team.id, "first": (form.first.data or "").strip(), "every_weeks": form.every_weeks.data,
              "time": (form.time.data or "").strip(), "place": (form.place.data or "").strip(),
              "chair": form.chair.data or None}
    try:
        consult.set_schedule(store(), values, by=user, now=clock())
    except InvalidInput as exc:
        rest = show_on(form, exc, {n: n for n in form._fields})
        form.form_errors.extend(rest)
        return _agenda_page(team, form, 400)
    flash(gettext("Het vergaderschema van %(team)s is opgeslagen.", team=team.name))
    return redirect(url_for("consult.agenda", team_id=team.id))

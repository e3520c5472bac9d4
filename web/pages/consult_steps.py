"""The steps of a consultation, posted from its detail page (and the chair's
assign form on an expertiseteam's agenda): ``POST /consultaties/<id>/<step>``.

``STEPS`` is the one table: per step of ``directory.consultations.service.STEPS`` the
form it is posted with (``web.pages.forms.consult.FORMS``), how the form's values
are passed to the service, and the Dutch message after it was taken. After
a step the notices it wrote are mailed (``web.notify.deliver``) and the user
goes back to the page with the message and any warnings. A refused step
shows the page again with the problems beside the fields and what was typed
kept: 400 for bad values, 409 for a step the state does not allow or a page
made stale by someone else's step (nothing is written then); a step the user
may not take is the 403 page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import abort, flash, redirect, url_for
from flask_babel import lazy_gettext as _l

from directory.accounts.roles import User
from directory.consultations import service as consult
from directory.consultations.records import Consultation
from directory.consultations.service import Done
from directory.errors import Conflict, InvalidInput
from web.guard import store
from web.notify import deliver
from web.pages.consult import bp, consultant
from web.pages.forms.consult import FORMS, StepForm, chosen, pick, text
from web.pages.parts.consult_page import named, names_of, render_detail
from web.pages.parts.field_problems import is_stale, show_on, stale_message
from web.words.consult import clock
from web.words.problems import said

Call = Callable[[str, Any, User, int], Done]


@dataclass(frozen=True)
class Step:
    """How a step's form becomes a call of the service, and what the user reads after it."""

    call: Call
    done: Any


STEPS: dict[str, Step] = {
    "accept": Step(lambda cid, f, by, v: consult.accept(store(), cid, by=by, version=v, now=clock()),
                   _l("Je hebt de vraag aangenomen. Het wijkteam hoort het.")),
    "decline": Step(lambda cid, f, by, v: consult.decline(store(), cid, f.reason.data or "", by=by, version=v,
                                                          now=clock()),
                    _l("Je hebt de vraag afgewezen. Het wijkteam hoort het, met je reden.")),
    "ask": Step(lambda cid, f, by, v: consult.ask(store(), cid, text(f.specialist) or "", by=by, version=v,
                                                  override=text(f.override), now=clock()),
                _l("De specialist is gevraagd en krijgt er bericht van.")),
    "route": Step(lambda cid, f, by, v: consult.route(store(), cid, text(f.specialist) or "", by=by,
                                                      version=v, override=text(f.override), now=clock()),
                  _l("De vraag is doorgezet naar de specialist.")),
    "bring_together": Step(lambda cid, f, by, v: consult.bring_together(store(), cid, chosen(f.specialists),
                                                                        by=by, version=v, now=clock()),
                           _l("De specialisten zijn samen gevraagd.")),
    "assign": Step(lambda cid, f, by, v: consult.assign(store(), cid, chosen(f.specialists), by=by, version=v,
                                                        override=text(f.override), now=clock()),
                   _l("De specialisten zijn toegewezen.")),
    "schedule_again": Step(lambda cid, f, by, v: consult.schedule_again(store(), cid, by=by, version=v,
                                                                        now=clock()),
                           _l("De vraag staat op de agenda van het volgende overleg.")),
    "clarify": Step(lambda cid, f, by, v: consult.clarify(store(), cid, f.question.data or "", by=by,
                                                          version=v, now=clock()),
                    _l("Je vraag is naar het wijkteam gestuurd.")),
    "reply": Step(lambda cid, f, by, v: consult.reply(store(), cid, f.answer.data or "", by=by, version=v,
                                                      now=clock()),
                  _l("Je antwoord is opgeslagen.")),
    "advise": Step(lambda cid, f, by, v: consult.advise(store(), cid, f.advice.data or "", by=by, version=v,
                                                        now=clock()),
                   _l("Je advies is opgeslagen; de regisseur krijgt er bericht van.")),
    "note": Step(lambda cid, f, by, v: consult.note(store(), cid, f.text.data or "",
                                                    action=bool(f.action.data), by=by, version=v,
                                                    now=clock()),
                 _l("De notitie is opgeslagen.")),
    "book_hours": Step(lambda cid, f, by, v: consult.book_hours(store(), cid, f.hours.data or "", by=by,
                                                                day=text(f.day), version=v, now=clock(),
                                                                professional=text(f.professional)),
                       _l("De uren zijn geboekt.")),
    "record_consent": Step(lambda cid, f, by, v: consult.record_consent(store(), cid, by=by, version=v,
                                                                        now=clock()),
                           _l("De toestemming van de cliënt is vastgelegd.")),
    "escalate": Step(lambda cid, f, by, v: consult.escalate(store(), cid, meeting=text(f.meeting),
                                                            reason=text(f.reason), by=by, version=v,
                                                            now=clock()),
                     _l("De consultatie is opgeschaald. De regie blijft bij het wijkteam.")),
    "plan": Step(lambda cid, f, by, v: consult.plan_escalation(store(), cid, meeting=text(f.meeting),
                                                               plan=text(f.plan), by=by, version=v,
                                                               now=clock()),
                 _l("Het overleg en het plan zijn vastgelegd.")),
    "deescalate": Step(lambda cid, f, by, v: consult.deescalate(store(), cid, reason=text(f.reason), by=by,
                                                                version=v, now=clock()),
                       _l("De consultatie is afgeschaald: de zorg ligt weer bij het wijkteam.")),
    "hand_over": Step(lambda cid, f, by, v: consult.hand_over(store(), cid, text(f.lead) or "", by=by,
                                                              version=v, now=clock()),
                      _l("De regie is overgedragen.")),
    "close": Step(lambda cid, f, by, v: consult.close(store(), cid, outcome=f.outcome.data or None,
                                                      lessons=text(f.lessons), by=by, version=v, now=clock()),
                  _l("De consultatie is gesloten. De casus telt nu mee in het zoeken.")),
    "withdraw": Step(lambda cid, f, by, v: consult.withdraw(store(), cid, reason=text(f.reason), by=by,
                                                            version=v, now=clock()),
                     _l("De consultatie is ingetrokken.")),
}
assert STEPS.keys() == FORMS.keys() and set(STEPS) <= set(consult.STEPS), "every step has a form and a call"


def _back(c: Consultation, form: StepForm, user: User) -> Any:
    """Where the user goes after the step: the agenda they came from, or the
    consultation (the list, when the step left them no part in it: a regie handed on)."""
    if not consult.may_see(store(), c, user):
        return redirect(url_for("consult.index"))
    if form.back.data == "agenda" and c.via is not None:
        return redirect(url_for("consult.agenda", team_id=c.via,
                                datum=c.meeting.isoformat() if c.meeting else None))
    return redirect(url_for("consult.detail", consultation_id=c.id))


@bp.post("/consultaties/<consultation_id>/<step>")
def take(consultation_id: str, step: str) -> Any:
    user = consultant()
    if step not in STEPS:
        abort(404)
    c = consult.get(store(), consultation_id, by=user)  # 404 for who may not see it
    form = FORMS[step](prefix=step)
    if step in ("bring_together", "assign"):
        form.specialists.choices = pick((p, p) for p in chosen(form.specialists))
    form.validate_on_submit()  # the CSRF token was checked before the view; the service checks values
    problems: list[str] = []
    try:
        done = STEPS[step].call(c.id, form, user, form.edited_version())
    except (InvalidInput, Conflict) as exc:
        names = names_of(set(c.people) | _named_in_form(form))
        if is_stale(exc):
            problems.append(stale_message())
            current = consult.get(store(), c.id, by=user)
            form.version.data = str(current.version)
            return render_detail(current, user, failed=(step, form), problems=problems, status=409)
        problems = [named(m, names) for m in show_on(form, exc, {n: n for n in form._fields})]
        for field in form:
            field.errors = [named(m, names) for m in field.errors]
        return render_detail(c, user, failed=(step, form), problems=problems,
                             status=409 if isinstance(exc, Conflict) else 400)
    deliver(store(), done.notices)
    flash(str(STEPS[step].done))
    people = names_of(list(done.consultation.people))
    for warning in done.warnings:
        flash(named(said(warning), people))
    return _back(done.consultation, form, user)


def _named_in_form(form: StepForm) -> set[str]:
    found: set[str] = set()
    for name in ("specialist", "lead", "professional"):
        field = getattr(form, name, None)
        if field is not None and text(field):
            found.add(text(field) or "")
    specialists = getattr(form, "specialists", None)
    if specialists is not None:
        found |= set(chosen(specialists))
    return found

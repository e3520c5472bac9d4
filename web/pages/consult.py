"""Consultaties: asking a specialist for help (issue 6, "Asking for help").

``/consultaties`` lists the consultations the signed-in user may see (open
ones first; a coordinator sees all), ``/consultaties/nieuw`` files a
request, ``/consultaties/<id>`` shows one with the forms of the steps the
user may take (``web.pages.parts.consult_page``; the steps themselves are posted to
``web.pages.consult_steps``), and ``/consultaties/te-laat`` lists what is
past its time limit. The triage inbox and an expertiseteam's agenda are in
``web.pages.consult_teams``.

Everything goes through ``directory.consultations.service``, which checks who may do what
and guards every free text for client identity; these views show its
problems in Dutch beside the fields, with what was typed kept.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext

from directory.accounts.roles import CONSULT, MANAGE_CONSULTATIONS, User, may, require
from directory.consultations import service as consult
from directory.consultations.access import may_file
from directory.consultations.records import Consultation
from directory.errors import Conflict, InvalidInput
from directory.pool.model import Professional, Team
from directory.search.vocabulary import AreaMatch
from web.answers import VOCABULARY
from web.guard import current_user, signed_in, store
from web.i18n import number
from web.notify import deliver
from web.pages.forms.consult import ReadForm, RequestForm, chosen, pick, text
from web.pages.parts import choices
from web.pages.parts.area_picker import Chip, NotAnArea, options, resolve
from web.pages.parts.consult_choices import (
    Person,
    home_team,
    home_wijk,
    offerable,
    people,
    ranked,
    wijkteam_members,
)
from web.pages.parts.consult_page import named, names_of, render_detail, team_names
from web.pages.parts.field_problems import FORM, per_field
from web.pages.parts.lookups import lookups
from web.words import consult as consult_words
from web.words.consult import clock, today
from web.words.problems import said

bp = Blueprint("consult", __name__)

#: Unread notices shown on the list.
NOTICES_SHOWN = 20
#: Teams a request can go to, by kind (``consult.ROUTE_OF_TEAM_KIND``).
ROUTES = tuple(consult.ROUTE_OF_TEAM_KIND)


@bp.app_context_processor
def consultations() -> dict[str, Any]:
    """``consults``: whether the header shows "Consultaties"; ``files_consultations``: whether
    the user can file a request (a wijkteam member or a coordinator: the entry is shown only
    to them); ``offers_request(level)``: whether to offer asking someone whose budget stands
    at ``level`` (not when exhausted, unless the user may override, as the form decides);
    and the words of these pages."""
    user = current_user()
    consults = user is not None and may(user, CONSULT)
    files = user is not None and consults and may_file(store(), user)
    override = user is not None and files and may(user, MANAGE_CONSULTATIONS)

    def offers_request(level: str) -> bool:
        return bool(files) and (override or level != "exhausted")

    return {"consults": consults, "files_consultations": files, "offers_request": offers_request,
            **consult_words.helpers()}


def consultant() -> User:
    """The signed-in user, if their role takes part in consultations (403 otherwise)."""
    user = signed_in()
    require(user, CONSULT)
    return user


def my_teams(user: User) -> list[Team]:
    """The user's triage teams and expertiseteams (for the inbox and agenda links);
    every one of them for a coordinator."""
    teams = [t for t in store().iter_records("teams") if isinstance(t, Team)
             and t.kind in ("triage", "expertiseteam", "kernteam")]
    if may(user, MANAGE_CONSULTATIONS):
        return sorted(teams, key=lambda t: t.name)
    person = store().get("professionals", user.professional) if user.professional else None
    mine = set(person.teams) if isinstance(person, Professional) else set()
    return sorted((t for t in teams if t.id in mine), key=lambda t: t.name)


@bp.get("/consultaties")
def index() -> Any:
    user = consultant()
    found = consult.visible(store(), by=user)
    found.sort(key=lambda c: not c.is_open)  # stable: newest first within open and closed
    people = {p for c in found for p in (c.lead, *(a.professional for a in c.asks))}
    notices = store().notices(user.professional, unread_only=True, limit=NOTICES_SHOWN) \
        if user.professional else []
    read = ReadForm(formdata=None)
    read.up_to.data = str(max((n.seq for n in notices), default=0))
    return render_template("consult_list.html", consultations=found, names=names_of(people),
                           teams=team_names([t for c in found for t in (c.team, c.via)]),
                           latest={c.id: _latest(c) for c in found},
                           due={c.id: consult.first_answer_due(c) for c in found},
                           my_teams=my_teams(user), notices=notices, read=read)


@bp.post("/consultaties/gelezen")
def mark_read() -> Any:
    """The notices the list showed are read (a later one stays unread)."""
    user = consultant()
    form = ReadForm()
    up_to = (form.up_to.data or "").strip()
    if form.validate_on_submit() and up_to.isdigit():
        consult.mark_read(store(), int(up_to), by=user)
    return redirect(url_for("consult.index"))


def _latest(c: Consultation) -> list[tuple[str, str]]:
    """(professional, status) of each specialist asked, their latest answer."""
    out: dict[str, str] = {}
    for a in c.asks:
        out[a.professional] = a.status
    return list(out.items())


@bp.get("/consultaties/<consultation_id>")
def detail(consultation_id: str) -> Any:
    user = consultant()
    return render_detail(consult.get(store(), consultation_id, by=user), user)


def _routes() -> list[tuple[str, str]]:
    retired = store().inactive("teams")
    teams = [t for t in store().iter_records("teams") if isinstance(t, Team)
             and t.kind in ROUTES and t.id not in retired]
    kinds = {"expertiseteam": gettext("expertiseteam"), "kernteam": gettext("expertiseteam"),
             "triage": gettext("triage"), "netwerk": gettext("netwerk")}
    return [("", gettext("het hele netwerk (je kiest zelf een specialist)"))] + [
        (t.id, f"{t.name} ({kinds[t.kind or '']})") for t in sorted(teams, key=lambda t: t.name)]


def _offer(form: RequestForm) -> None:
    form.wijk.choices = pick([("", gettext("niet opgegeven")), *((w, w) for w in choices.wijken())])
    form.via.choices = pick(_routes())


def _understood(need: str) -> dict[str, AreaMatch]:
    """The areas the need names, as the search understands text, with the words that named
    them (once per request and text: the form's areas and its chips both ask)."""
    seen: dict[str, dict[str, AreaMatch]] = g.setdefault("understood_needs", {})
    if need not in seen:
        vocabulary = current_app.extensions[VOCABULARY].get(store())
        seen[need] = {m.area: m for m in vocabulary.match(need)}
    return seen[need]


def _chips(form: RequestForm) -> list[Chip]:
    """The areas chosen on the form, each with the words of the need that named it."""
    known = lookups(store())
    said = _understood(form.need.data or "")
    return [Chip(a, known.label(a), said[a].words if a in said else (), a not in said,
                 a in said and said[a].guessed) for a in chosen(form.areas) if a in known.areas]


def _add_typed_area(form: RequestForm) -> None:
    """The picker's text added to the chosen areas, or a problem beside it."""
    typed = (form.area_text.data or "").strip()[:200]
    if not typed:
        form.area_text.errors = [gettext("Typ een gebied en kies het uit de lijst.")]
        return
    try:
        found = resolve(typed, current_app.extensions[VOCABULARY].get(store()), lookups(store()))
    except NotAnArea as exc:
        form.area_text.errors = [str(exc)]
        return
    form.areas.data = list(dict.fromkeys([*chosen(form.areas), *found]))
    form.area_text.data = ""


def _budget_note(chosen_one: Person | None) -> tuple[str, str] | None:
    """("warning"|"exhausted", words) for the specialist the form names, when their budget is low."""
    if chosen_one is None or chosen_one.level == "ok":
        return None
    name, used, budget = chosen_one.name, number(chosen_one.budget.booked), number(chosen_one.budget.budget)
    if chosen_one.level == "warning":
        return "warning", gettext("Let op: %(name)s heeft %(used)s van %(budget)s uur van dit halfjaar "
                                  "gebruikt.", name=name, used=used, budget=budget)
    return "exhausted", gettext("%(name)s heeft geen uren meer over dit halfjaar (%(used)s van %(budget)s "
                                "uur gebruikt). Een nieuwe vraag kan alleen met een uitzondering van "
                                "een coördinator, met een reden.", name=name, used=used, budget=budget)


def _offer_people(form: RequestForm, user: User, coordinator: bool) -> Person | None:
    """The form's choices of people, by name: the best-matching specialists for the chosen
    areas (with the one asked from search or a profile first), and for a coordinator the
    wijkteam members who may hold the regie. An exhausted specialist is offered only to a
    coordinator; for anyone else the choice falls back to "later". The specialist named."""
    lead = text(form.lead) if coordinator else user.professional
    wanted = text(form.specialist)
    found = ranked(chosen(form.areas), lead, home_team(lead))
    if wanted and wanted not in {p.id for p in found}:
        found = [*people([wanted]), *found]
    named_one = next((p for p in found if p.id == wanted), None)
    offered = offerable((p for p in found if p.id != lead), override=coordinator)
    form.specialist.choices = pick([("", gettext("nog niemand (later kiezen)")),
                                    *((p.id, p.label) for p in offered)])
    if wanted not in {p.id for p in offered}:
        form.specialist.data = ""
    if coordinator:
        form.lead.choices = pick([("", gettext("kies een wijkteamlid")), *wijkteam_members()])
    return named_one


def _may_not_file() -> Any:
    """The page for someone whose account cannot file a request: why, and where to go."""
    return render_template(
        "error.html", status=403, title=gettext("Je kunt geen consultatie aanvragen"),
        text=gettext("Een consultatie vraagt een lid van een wijkteam aan: het wijkteam houdt altijd de "
                     "regie. Je account hoort niet bij een wijkteam. Ben je zelf gevraagd, dan vind je "
                     "de vraag onder Consultaties en Meldingen.")), 403


@bp.route("/consultaties/nieuw", methods=["GET", "POST"])
def new() -> Any:
    user = consultant()
    if not may_file(store(), user):
        return _may_not_file()
    coordinator = may(user, MANAGE_CONSULTATIONS)
    form = RequestForm()
    _offer(form)
    problems: list[str] = []
    status = 200
    refused_for_hours = False
    if request.method == "GET":
        asked = request.args.get("q", "").strip()[:consult.MAX_TEXT]
        form.need.data = asked
        form.areas.data = list(_understood(asked)) if asked else []
        form.specialist.data = request.args.get("specialist", "").strip()
        form.via.data = request.args.get("via", "").strip()
        form.wijk.data = home_wijk(user.professional) or ""
        form.question.data, form.urgency.data = "advies", "normaal"
    elif "herken" in request.form:
        form.areas.data = list(dict.fromkeys([*chosen(form.areas), *_understood(form.need.data or "")]))
    elif "voeg_toe" in request.form:
        _add_typed_area(form)
    elif form.validate_on_submit():
        try:
            done = consult.file_request(store(), form.values(coordinator=coordinator), by=user, now=clock())
        except (InvalidInput, Conflict) as exc:
            status = 409 if isinstance(exc, Conflict) else 400
            refused_for_hours = isinstance(exc, Conflict) and exc.headline.code == "no_hours_left"
            names = names_of([p for p in (text(form.specialist), text(form.lead)) if p])
            for field, messages in per_field(exc, {n: n for n in form._fields}).items():
                target = form._fields.get(field) if field != FORM else None
                if target is None:
                    problems.extend(named(m, names) for m in messages)
                else:
                    target.errors = [*target.errors, *(named(m, names) for m in messages)]
        else:
            deliver(store(), done.notices)
            flash(gettext("De consultatie is aangevraagd."))
            for warning in done.warnings:
                flash(named(said(warning), names_of(list(done.consultation.people))))
            return redirect(url_for("consult.detail", consultation_id=done.consultation.id))
    else:
        status = 400
    named_one = _offer_people(form, user, coordinator)
    return render_template("consult_new.html", form=form, problems=problems, coordinator=coordinator,
                           budget=None if refused_for_hours else _budget_note(named_one), chips=_chips(form),
                           filing=request.method == "POST" and not {"herken", "voeg_toe"} & set(request.form),
                           options=options(lookups(store()))), status


@bp.get("/consultaties/te-laat")
def late() -> Any:
    user = consultant()
    found = consult.overdue(store(), by=user, today=today())
    return render_template("consult_late.html", late=found, today=today(),
                           names=names_of({item.consultation.lead for item in found}))


from web.pages import consult_steps, consult_teams  # noqa: E402, F401  (their routes are on bp)

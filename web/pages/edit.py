"""Keeping profiles right in the browser: a specialist edits their own profile
and confirms in one click that it is still current; a coordinator edits any
profile (with the organisation, teams, role and whether the person is
active) and adds new people.

Every save goes through ``directory.pool.maintain``, which checks the role, validates
the profile as an import would and writes it with its audit entry; this
module only shows the form, and shows again what the user typed — with each
problem in Dutch beside its field, or the news that someone else saved the
profile meanwhile (nothing is saved then, and nothing typed is lost).

``/profiel/<id>/bewerken`` and ``/profiel/nieuw`` (confirming a profile is ``web.pages.confirm``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from directory.accounts.roles import WRITE_POOL, User, may, require
from directory.errors import Conflict, Forbidden, InvalidInput
from directory.exchange.document import record_to_dict
from directory.pool import browse
from directory.pool import maintain as pool
from directory.pool.changes import Saved
from web.guard import signed_in, store
from web.pages.forms.edit import ActionForm, OwnProfileForm, ProfessionalForm, RecordForm, empty_to_none
from web.pages.parts import choices

bp = Blueprint("edit", __name__)

STALE = _l("Iemand anders heeft dit intussen gewijzigd. Er is niets opgeslagen; wat je invulde staat "
           "hieronder nog. Bekijk de pagina in een ander tabblad om te zien wat er veranderde, en sla "
           "opnieuw op als je jouw versie wilt bewaren.")


def saved_profile(professional_id: str, user: User) -> Saved:
    """The profile with its version (``NotFound``: the 404 page, before any 403)."""
    return browse.stored(store(), "professionals", professional_id, by=user)


def on_confirmation(form: ActionForm, found: Saved, act: Callable[[int | None], object],
                    current: Callable[[], Saved]) -> tuple[bool, bool]:
    """A confirmation page's one button: shown with the record's version, and on
    POST ``act`` at the version that was confirmed. Returns (done, stale): stale
    when the record changed meanwhile (the form then carries the current version)."""
    if request.method == "GET":
        form.version.data = str(found.version)
        return False, False
    if not form.validate_on_submit():
        return False, False
    try:
        act(form.edited_version())
    except Conflict:
        form.version.data = str(current().version)
        return False, True
    return True, False


def _offer(form: OwnProfileForm, empty_rows: int) -> None:
    form.prepare(choices.areas(), choices.wijken(), empty_rows=empty_rows)
    if isinstance(form, ProfessionalForm):
        form.offer(choices.organisations(), choices.teams())


def _new_rows() -> int:
    """Empty expertise rows to add: two on a fresh form, one for "Rij toevoegen"."""
    if request.method == "GET":
        return 2
    return 1 if "add_row" in request.form else 0


def _wants_save(form: RecordForm) -> bool:
    return request.method == "POST" and "add_row" not in request.form and form.validate_on_submit()


def _answer(template: str, form: RecordForm, stale: bool, **context: Any) -> Any:
    """The form again: 409 after someone else's save, 400 with problems, else 200."""
    status = 409 if stale else 400 if form.problems else 200
    return render_template(template, form=form, stale=STALE if stale else None, **context), status


@bp.route("/profiel/<path:professional_id>/bewerken", methods=["GET", "POST"])
def edit_profile(professional_id: str) -> Any:
    user = signed_in()
    found = saved_profile(professional_id, user)
    if not pool.may_edit(user, "professionals", professional_id):
        raise Forbidden(f"a {user.role} may change only their own profile")
    cls = ProfessionalForm if may(user, WRITE_POOL) else OwnProfileForm
    if request.method == "GET":
        form = cls(data={**OwnProfileForm.initial(record_to_dict(found.record)),
                         "active": getattr(found.record, "active", True), "version": str(found.version)})
    else:
        form = cls()
    _offer(form, _new_rows())
    stale = False
    if _wants_save(form):
        values = form.values()
        if not form.problems:
            try:
                pool.edit(store(), "professionals", professional_id, values,
                          version=form.edited_version(), by=user, today=current_app.config["TODAY"])
            except InvalidInput as exc:
                form.show_problems(exc)
            except Conflict:
                stale = True
                form.version.data = str(saved_profile(professional_id, user).version)
            else:
                flash(gettext("Het profiel is opgeslagen."))
                return redirect(url_for("profile.profile", professional_id=professional_id))
    own = user.professional == professional_id
    heading = gettext("Mijn profiel bewerken") if own else \
        gettext("Profiel van %(name)s bewerken", name=getattr(found.record, "name", ""))
    return _answer("edit_profile.html", form, stale, person=found.record, heading=heading)


@bp.route("/profiel/nieuw", methods=["GET", "POST"])
def new_profile() -> Any:
    user = signed_in()
    require(user, WRITE_POOL)
    form = ProfessionalForm()
    if request.method == "GET":
        form.organisation.data = request.args.get("organisatie", "")
        form.teams.data = request.args.getlist("team")
    _offer(form, _new_rows())
    if _wants_save(form):
        values = empty_to_none(form.values())
        if not form.problems:
            try:
                created = pool.create(store(), "professionals", values, by=user)
            except InvalidInput as exc:
                form.show_problems(exc)
            else:
                flash(gettext("%(name)s staat nu in de gids.", name=getattr(created.record, "name", "")))
                return redirect(url_for("profile.profile", professional_id=created.record.id))
    return _answer("edit_profile.html", form, False, person=None,
                   heading=gettext("Nieuwe professional"))

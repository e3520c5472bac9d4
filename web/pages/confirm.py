"""Confirming a profile: ``/profiel/<id>/bevestigen``, where the reminder mail
links to. The page shows what the profile says and one button, "Mijn profiel
klopt nog", which calls ``pool.confirm`` — that service decides who may
(the specialist it belongs to, or a coordinator); the page only hides the
button from others and answers them with the 403 page."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext

from directory.errors import Conflict, Forbidden
from directory.pool import browse
from directory.pool import maintain as pool
from directory.pool.freshness import is_stale, may_confirm
from directory.pool.model import Organisation, Professional
from web.guard import signed_in, store
from web.pages.forms.manage import ConfirmForm
from web.pages.manage import today
from web.pages.parts.lookups import lookups
from web.pages.parts.signed_in import record

bp = Blueprint("confirm", __name__)


@bp.route("/profiel/<path:professional_id>/bevestigen", methods=["GET", "POST"])
def confirm(professional_id: str) -> Any:
    user = signed_in()
    person = record("professionals", professional_id, Professional)
    if not may_confirm(user, person.id):
        raise Forbidden(f"a {user.role} may confirm only their own profile")
    form = ConfirmForm()
    message, status = None, 200
    if form.validate_on_submit():
        try:
            pool.confirm(store(), person.id, by=user, today=today(), version=int(form.version.data or 0))
        except Conflict:
            message, status = gettext("Iemand anders heeft dit profiel intussen gewijzigd. "
                                      "Bekijk hieronder hoe het nu is en bevestig opnieuw."), 409
        else:
            flash(gettext("Dank je wel: het profiel is bevestigd."))
            return redirect(url_for("profile.profile", professional_id=person.id))
    elif form.errors:
        message, status = gettext("Dit formulier klopt niet. Laad de pagina opnieuw."), 400
    saved = browse.stored(store(), "professionals", person.id, by=user)
    person = saved.record if isinstance(saved.record, Professional) else person
    form.version.data = str(saved.version)
    organisation = store().get("organisations", person.organisation) if person.organisation else None
    known = lookups(store())
    return render_template(
        "manage_confirm.html", person=person, form=form, message=message,
        organisation=organisation if isinstance(organisation, Organisation) else None,
        expertise=[(known.label(c.area), c.level) for c in person.expertise],
        stale=is_stale(person, today())), status

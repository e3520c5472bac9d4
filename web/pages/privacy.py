"""AVG in the browser: a professional downloads everything stored about them
(a coordinator may do it on their behalf), and a coordinator erases a person
after a confirmation page. ``directory.pool.avg`` does both and checks who may;
after an erasure the person is gone from search and every page, while their
cases stay with an anonymous stand-in (so the counts do not change).

``/profiel/<id>/gegevens`` (a JSON download) and ``/profiel/<id>/wissen``.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext

from directory.accounts.roles import WRITE_POOL, require
from directory.pool import avg
from web.guard import signed_in, store
from web.pages.edit import STALE, on_confirmation, saved_profile
from web.pages.forms.edit import ActionForm

bp = Blueprint("privacy", __name__)


@bp.get("/profiel/<path:professional_id>/gegevens")
def export(professional_id: str) -> Any:
    """Everything stored about the person, as a JSON file to keep."""
    user = signed_in()
    saved_profile(professional_id, user)  # 404 before 403, for any id
    data = avg.export_person(store(), professional_id, by=user)
    body = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in professional_id)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="kernteamdb-gegevens-{safe}.json"'})


@bp.route("/profiel/<path:professional_id>/wissen", methods=["GET", "POST"])
def erase(professional_id: str) -> Any:
    """A confirmation page; the POST from it erases the person."""
    user = signed_in()
    found = saved_profile(professional_id, user)
    require(user, WRITE_POOL)
    form = ActionForm()
    done, stale = on_confirmation(
        form, found, lambda version: avg.erase_person(store(), professional_id, by=user, version=version),
        lambda: saved_profile(professional_id, user))
    if done:
        flash(gettext("%(name)s is gewist. Hun casussen tellen anoniem mee.",
                      name=getattr(found.record, "name", "")))
        return redirect(url_for("search.search"))
    return render_template("edit_erase.html", form=form, person=found.record,
                           stale=STALE if stale else None), 409 if stale else 200

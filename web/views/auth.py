"""Signing in and out: ``/inloggen`` and ``POST /uitloggen``.

The checks themselves (password, the pause after repeated failures) live in
``directory.signin``; this blueprint only shows the form, starts or ends the
session and says what went wrong in Dutch. The demo users are listed on the
login page of a demo store, and only there.
"""

from __future__ import annotations

import math
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l

from directory import signin
from directory.accounts import DEMO_PASSWORD, demo_users
from directory.errors import TooManyAttempts, Unauthorized
from web.forms import LoginForm, LogoutForm
from web.guard import current_user, end_session, start_session, store

bp = Blueprint("auth", __name__)

WRONG = _l("Onbekende gebruikersnaam of verkeerd wachtwoord.")


def safe_next(target: str | None) -> str:
    """Where to go after signing in: only a path on this site, never another site."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return url_for("home.index")


def paused_message(exc: TooManyAttempts) -> str:
    minutes = max(1, math.ceil(exc.retry_after / 60))
    return ngettext("Te veel mislukte pogingen om met deze gebruikersnaam in te loggen. "
                    "Probeer het over %(num)s minuut opnieuw.",
                    "Te veel mislukte pogingen om met deze gebruikersnaam in te loggen. "
                    "Probeer het over %(num)s minuten opnieuw.", minutes)


@bp.route("/inloggen", methods=["GET", "POST"])
def login() -> Any:
    if current_user() is not None:
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    message, status = None, 200
    if form.validate_on_submit():
        try:
            user = signin.sign_in(store(), form.name.data or "", form.password.data or "")
        except TooManyAttempts as exc:
            message, status = paused_message(exc), 429
        except Unauthorized:
            message, status = str(WRONG), 401
        else:
            start_session(user)
            return redirect(safe_next(form.next.data))
    elif request.method == "POST":
        message, status = gettext("Vul je gebruikersnaam en wachtwoord in."), 400
    listed = [(u.name, u.role) for u in demo_users(store())]
    return render_template("login.html", form=form, message=message, demo_users=listed,
                           demo_password=DEMO_PASSWORD), status


@bp.post("/uitloggen")
def logout() -> Any:
    if LogoutForm().validate_on_submit():  # the CSRF token; CSRFProtect refused a bad one already
        end_session()  # on the server too: a copy of the cookie no longer works
        flash(gettext("Je bent uitgelogd."))
    return redirect(url_for("auth.login"))

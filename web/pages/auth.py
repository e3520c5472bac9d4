"""Signing in and out: ``/inloggen`` and ``POST /uitloggen``.

The checks themselves (password, the pause after repeated failures, the
bound on attempts per client and on password checks at once) live in
``directory.accounts.signin`` and ``directory.accounts.throttle``; this blueprint only shows the
form, gives the checks the client's key (``web.client_address``), starts or
ends the session and says what went wrong in Dutch — a refused attempt with
429 and ``Retry-After`` (a client with no attempts left already before Flask:
``web.fast_refusal``). The demo users are listed on the login page of a demo
store, and only there. The page also offers each sign-in provider
(``web.pages.oidc``); with passwords switched off (``KERNTEAMDB_LOCAL_PASSWORDS=off``)
it offers only those, and a password sent anyway is refused unread.
"""

from __future__ import annotations

import math
from typing import Any, cast

from flask import Blueprint, Flask, current_app, flash, redirect, render_template, request, session, url_for
from flask.blueprints import BlueprintSetupState
from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l

from directory.accounts import signin
from directory.accounts.throttle import ChecksBusy, ClientThrottled, SignInGate
from directory.accounts.users import DEMO_PASSWORD, demo_users
from directory.errors import TooManyAttempts, Unauthorized
from web import metrics
from web.client_address import request_client_key
from web.fast_refusal import FastRefusal
from web.guard import current_user, end_session, start_session, store
from web.next_page import safe_next
from web.pages.forms.common import LoginForm, LogoutForm
from web.pages.parts import providers

bp = Blueprint("auth", __name__)
GATE = "kernteamdb.signin_gate"

WRONG = _l("Onbekende gebruikersnaam of verkeerd wachtwoord.")
BUSY = _l("Er wordt nu te vaak geprobeerd in te loggen. Probeer het over een paar seconden opnieuw.")


@bp.record_once
def _make_gate(state: BlueprintSetupState) -> None:
    """One gate per app: every thread of this process shares its allowances."""
    app = cast(Flask, state.app)
    gate = SignInGate(per_minute=int(app.config["SIGNIN_PER_MINUTE"]),
                      at_once=int(app.config["SIGNIN_CHECKS_AT_ONCE"]))
    app.extensions[GATE] = gate
    app.wsgi_app = FastRefusal(app, gate, str(BUSY))  # type: ignore[method-assign]


def paused_message(exc: TooManyAttempts) -> str:
    if isinstance(exc, ClientThrottled | ChecksBusy):
        return str(BUSY)
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
        return login_page(form=form)
    if not providers.local_passwords():  # only the organisation's account: no password is even read
        metrics.sign_in_failed()
        return login_page(gettext("Inloggen met een wachtwoord staat uit. Log in met het account van je "
                                  "organisatie."), 403, form=form)
    if not form.validate_on_submit():
        return login_page(gettext("Vul je gebruikersnaam en wachtwoord in."), 400, form=form)
    try:
        user = signin.sign_in(store(), form.name.data or "", form.password.data or "",
                              gate=current_app.extensions[GATE], client=request_client_key())
    except TooManyAttempts as exc:
        metrics.sign_in_failed()
        return login_page(paused_message(exc), 429, {"Retry-After": str(exc.retry_after)}, form=form)
    except Unauthorized:
        metrics.sign_in_failed()
        return login_page(str(WRONG), 401, form=form)
    start_session(user)
    return redirect(safe_next(form.next.data))


def login_page(message: str | None = None, status: int = 200, headers: dict[str, str] | None = None, *,
               form: LoginForm | None = None) -> Any:
    """The login page: a button per sign-in provider, the password form unless
    passwords are switched off, ``message`` (what went wrong) and, just after signing
    out of a provider's session, the offer to sign out there too."""
    if form is None:
        form = LoginForm()
        form.next.data = request.args.get("next", "")
    listed = [(u.name, u.role) for u in demo_users(store())] if providers.local_passwords() else []
    return render_template("login.html", form=form, message=message, demo_users=listed,
                           demo_password=DEMO_PASSWORD, providers=providers.providers(),
                           local_passwords=providers.local_passwords(),
                           logout_offer=providers.logout_offer()), status, headers or {}


@bp.post("/uitloggen")
def logout() -> Any:
    if LogoutForm().validate_on_submit():  # the CSRF token; CSRFProtect refused a bad one already
        signed_in_with = session.get(providers.SIGNED_IN_WITH)
        end_session()  # on the server too: a copy of the cookie no longer works
        flash(gettext("Je bent uitgelogd."))
        if signed_in_with:  # the login page offers to sign out there too
            session[providers.SIGNED_OUT_OF] = signed_in_with
    return redirect(url_for("auth.login"))

"""Your own account: ``/wachtwoord``, where every signed-in user changes their
password (linked from the header, beside "Uitloggen").

``directory.accounts.users.change_password`` checks the current password and writes
the audit trail; the new password ends every other session of the user at
once, while this browser stays signed in. Checking the current password and
hashing the new one run argon2 like signing in, so they go through the same
``SignInGate`` (``web.pages.auth``): attempts per client a minute, and
password checks at once — a session left open is no unbounded way to guess.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext

from directory.accounts import users as accounts
from directory.accounts.throttle import SignInGate
from directory.errors import InvalidInput, TooManyAttempts, Unauthorized
from web.client_address import request_client_key
from web.guard import session_digest, signed_in, store
from web.pages.auth import BUSY, GATE
from web.pages.forms.common import PasswordForm

bp = Blueprint("account", __name__)


@bp.route("/wachtwoord", methods=["GET", "POST"])
def password() -> Any:
    user = signed_in()
    form = PasswordForm()
    retry_after = None
    if form.validate_on_submit():
        gate: SignInGate = current_app.extensions[GATE]
        try:
            gate.admit(request_client_key(), datetime.now(UTC))
            with gate.checking():
                accounts.change_password(store(), user.name, form.password.data or "",
                                         current=form.current.data or "", by=user,
                                         keep_session=session_digest())
        except TooManyAttempts as exc:
            form.form_errors.append(str(BUSY))
            retry_after = exc.retry_after
        except Unauthorized:
            form.current.errors = [gettext("Dit is niet je huidige wachtwoord.")]
        except InvalidInput as exc:  # the rules changed since the form checked them
            form.form_errors.append(gettext("Dit lukte niet: %(reason)s", reason=exc.message))
        else:
            flash(gettext("Je wachtwoord is gewijzigd. Op andere apparaten ben je nu uitgelogd."))
            return redirect(url_for("home.index"))
    if retry_after:
        return render_template("account_password.html", form=form), 429, {"Retry-After": str(retry_after)}
    wrong = form.errors or form.form_errors
    return render_template("account_password.html", form=form), 400 if wrong else 200

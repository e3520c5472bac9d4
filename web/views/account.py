"""Your own account: ``/wachtwoord``, where every signed-in user changes their
password (linked from the header, beside "Uitloggen").

``directory.accounts.change_password`` checks the current password and writes
the audit trail; the new password ends every other session of the user at
once, while this browser stays signed in.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext

from directory import accounts
from directory.errors import InvalidInput, Unauthorized
from web.forms import PasswordForm
from web.guard import session_digest, signed_in, store

bp = Blueprint("account", __name__)


@bp.route("/wachtwoord", methods=["GET", "POST"])
def password() -> Any:
    user = signed_in()
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(store(), user.name, form.password.data or "",
                                     current=form.current.data or "", by=user, keep_session=session_digest())
        except Unauthorized:
            form.current.errors = [gettext("Dit is niet je huidige wachtwoord.")]
        except InvalidInput as exc:  # the rules changed since the form checked them
            form.form_errors.append(gettext("Dit lukte niet: %(reason)s", reason=exc.message))
        else:
            flash(gettext("Je wachtwoord is gewijzigd. Op andere apparaten ben je nu uitgelogd."))
            return redirect(url_for("home.index"))
    wrong = form.errors or form.form_errors
    return render_template("account_password.html", form=form), 400 if wrong else 200

"""Beheer > Gebruikers (``/beheer/gebruikers``), for admins: every user with
their role and linked professional; add one (the password twice), change the
role or professional, remove one after a page that asks to be sure. Below
them every API token (never the token itself: its id, dates and last use),
each with a button that withdraws it.

Everything goes through ``directory.accounts.users``, which checks
``manage_users`` and writes the audit trail; the forms check the same rules
first so that each problem gets a Dutch message at its field, with what was
typed kept (never the password).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext

from directory.accounts import tokens
from directory.accounts import users as accounts
from directory.accounts.roles import MANAGE_USERS, User, require
from directory.errors import Conflict, InvalidInput, NotFound
from directory.pool.model import Professional
from web.guard import signed_in, store
from web.pages.forms.common import ConfirmForm
from web.pages.forms.manage import ROLE_WORDS, AddUserForm, ChangeUserForm, RemoveUserForm
from web.pages.manage import bp
from web.pages.parts import providers

#: Offered as you type the professional's id (a datalist) up to this many people.
MOST_OFFERED = 2000


def _admin() -> User:
    user = signed_in()
    require(user, MANAGE_USERS)
    return user


def _professionals() -> list[tuple[str, str]]:
    """(id, name) of the people a user may be linked to, for the datalist."""
    if store().count("professionals") > MOST_OFFERED:
        return []
    return [(p.id, p.name) for p in store().iter_records("professionals") if isinstance(p, Professional)]


def _names(users: list[User]) -> dict[str, str]:
    ids = [u.professional for u in users if u.professional]
    return {i: getattr(p, "name", i) for i, p in store().get_many("professionals", ids).items()}


@bp.get("/gebruikers")
def users() -> Any:
    admin = _admin()
    everyone = accounts.list_users(store(), by=admin)
    now = datetime.now(UTC)
    listed = [(token, tokens.token_id(token), tokens.expires(token))
              for token in accounts.list_tokens(store(), by=admin)]
    issuers = {p.issuer: p.label for p in providers.providers()}  # who signs in where (web.pages.oidc)
    return render_template("manage_users.html", users=everyone, names=_names(everyone), roles=ROLE_WORDS,
                           tokens=listed, now=now, issuers=issuers)


@bp.post("/gebruikers/tokens/<token_id>/intrekken")
def revoke_token(token_id: str) -> Any:
    """One button per token: a POST with a CSRF token (refused without one)."""
    admin = _admin()
    if ConfirmForm().validate_on_submit():
        gone = accounts.revoke_token(store(), token_id, by=admin)
        flash(gettext("API-token %(token)s van %(name)s is ingetrokken.", token=tokens.token_id(gone),
                      name=gone.user))
    return redirect(url_for("manage.users"))


def _form_page(form: Any, template: str, status: int, **values: Any) -> Any:
    return render_template(template, form=form, professionals=_professionals(), **values), status


@bp.route("/gebruikers/nieuw", methods=["GET", "POST"])
def add_user() -> Any:
    user = _admin()
    form = AddUserForm()
    if form.validate_on_submit():
        try:
            added = accounts.add_user(store(), form.name.data or "", form.role.data or "",
                                      form.password.data or "", professional=form.professional.data or None,
                                      by=user)
        except (Conflict, NotFound, InvalidInput) as exc:  # changed since the form was checked
            form.form_errors.append(gettext("Dit lukte niet: %(reason)s", reason=exc.message))
        else:
            flash(gettext("Gebruiker %(name)s is toegevoegd.", name=added.name))
            return redirect(url_for("manage.users"))
    return _form_page(form, "manage_user_add.html", 400 if form.errors or form.form_errors else 200)


def _existing(name: str) -> User:
    found = store().get_user(accounts.normalise_name(name))
    if found is None:
        raise NotFound(f"unknown user '{name}'")
    return found


@bp.route("/gebruikers/<name>", methods=["GET", "POST"])
def change_user(name: str) -> Any:
    user = _admin()
    current = _existing(name)
    form = ChangeUserForm()
    if not form.is_submitted():
        form.role.data, form.professional.data = current.role, current.professional or ""
    status = 200
    if form.validate_on_submit():
        if (form.was_role.data, form.was_professional.data or None) != (current.role, current.professional):
            form.form_errors.append(gettext("Iemand anders heeft deze gebruiker intussen gewijzigd; er is "
                                            "niets opgeslagen. Hieronder staat wat je koos; sla opnieuw op "
                                            "om het toch zo te zetten."))
            status = 409
        else:
            changed = accounts.change_user(store(), current.name, role=form.role.data or None,
                                           professional=form.professional.data or None,
                                           unlink=not form.professional.data, by=user)
            flash(gettext("Gebruiker %(name)s is nu %(role)s.", name=changed.name, role=changed.role))
            return redirect(url_for("manage.users"))
    elif form.errors:
        status = 400
    form.was_role.data, form.was_professional.data = current.role, current.professional or ""
    return _form_page(form, "manage_user_change.html", status, person=current)


@bp.route("/gebruikers/<name>/verwijderen", methods=["GET", "POST"])
def remove_user(name: str) -> Any:
    user = _admin()
    current = _existing(name)
    form = RemoveUserForm()
    if current.name == user.name:
        return render_template("manage_user_remove.html", person=current, form=None,
                               message=gettext("Je kunt je eigen account niet verwijderen.")), 409
    if form.validate_on_submit():
        accounts.remove_user(store(), current.name, by=user)
        flash(gettext("Gebruiker %(name)s is verwijderd.", name=current.name))
        return redirect(url_for("manage.users"))
    return render_template("manage_user_remove.html", person=current, form=form, message=None)

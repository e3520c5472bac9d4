"""The app's forms (Flask-WTF): each carries a CSRF token, and is refused
without a valid one."""

from __future__ import annotations

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import Field, HiddenField, PasswordField, StringField
from wtforms.validators import EqualTo, InputRequired, Length, ValidationError

from directory.accounts import users as accounts


class LoginForm(FlaskForm):
    name = StringField(_l("Gebruikersnaam"), validators=[InputRequired(), Length(max=64)],
                       render_kw={"autocomplete": "username", "autocapitalize": "none",
                                  "spellcheck": "false"})
    password = PasswordField(_l("Wachtwoord"), validators=[InputRequired(), Length(max=1024)],
                             render_kw={"autocomplete": "current-password"})
    next = HiddenField()


def new_password_rule(field: Field) -> None:
    """The length ``directory.accounts.users.check_password`` asks, said at the field in Dutch."""
    if not accounts.MIN_PASSWORD <= len(field.data or "") <= accounts.MAX_PASSWORD:
        raise ValidationError(gettext("Een wachtwoord heeft %(least)s tot %(most)s tekens.",
                                      least=accounts.MIN_PASSWORD, most=accounts.MAX_PASSWORD))


class PasswordForm(FlaskForm):
    """Your own new password: the current one first (an unattended browser is not
    enough to change it), the new one twice."""

    current = PasswordField(_l("Huidig wachtwoord"),
                            validators=[InputRequired(_l("Vul je huidige wachtwoord in.")), Length(max=1024)],
                            render_kw={"autocomplete": "current-password"})
    password = PasswordField(_l("Nieuw wachtwoord"), validators=[InputRequired(_l("Vul een wachtwoord in."))],
                             render_kw={"autocomplete": "new-password"})
    repeat = PasswordField(_l("Wachtwoord nog een keer"), validators=[
        InputRequired(_l("Vul het wachtwoord nog een keer in.")),
        EqualTo("password", _l("De twee wachtwoorden zijn niet gelijk."))],
        render_kw={"autocomplete": "new-password"})

    def validate_password(self, field: Field) -> None:
        new_password_rule(field)


class LogoutForm(FlaskForm):
    """Signing out is a POST with a CSRF token, so no other site can sign anyone out."""


class ImportForm(FlaskForm):
    """An exchange document (JSON), or CSV files one per kind (or a zip of them)."""

    files = MultipleFileField(_l("Bestanden"), render_kw={"accept": ".json,.csv,.zip"})


class ConfirmForm(FlaskForm):
    """A button that only posts (cancel an import): the CSRF token is all it carries."""


class CommitForm(FlaskForm):
    """Doorvoeren: which upload the preview showed, and the pool's revision then,
    so that what is written is what this page showed (not another tab's upload)."""

    upload = HiddenField()
    revision = HiddenField()

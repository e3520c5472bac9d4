"""The app's forms (Flask-WTF): each carries a CSRF token, and is refused
without a valid one."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import InputRequired, Length


class LoginForm(FlaskForm):
    name = StringField(_l("Gebruikersnaam"), validators=[InputRequired(), Length(max=64)],
                       render_kw={"autocomplete": "username", "autocapitalize": "none",
                                  "spellcheck": "false"})
    password = PasswordField(_l("Wachtwoord"), validators=[InputRequired(), Length(max=1024)],
                             render_kw={"autocomplete": "current-password"})
    next = HiddenField()


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

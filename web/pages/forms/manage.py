"""The forms of the Beheer pages and the confirm page (Flask-WTF: each POST
carries a CSRF token and is refused without a valid one). Messages are Dutch
(translated through the catalogs) and name the field they are about."""

from __future__ import annotations

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, HiddenField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, EqualTo, InputRequired, Optional, Regexp, ValidationError

from directory.accounts import users as accounts
from directory.accounts.roles import ROLES
from web.guard import store
from web.pages.forms.common import new_password_rule

VERSION = [InputRequired(), Regexp(r"^\d{1,18}$")]


class ConfirmForm(FlaskForm):
    """"Mijn profiel klopt nog", with the version shown: a change made
    meanwhile is never confirmed unseen."""

    version = HiddenField(validators=VERSION)


class FreshnessActionForm(FlaskForm):
    """A button on Beheer > Actualiteit (remind now, confirm on their behalf):
    the profile's version as shown, and the organisation filter to return to."""

    version = HiddenField(validators=VERSION)
    organisatie = HiddenField(validators=[Optional(), Regexp(r"^[^\x00-\x1f]{1,100}$")])


ROLE_WORDS = {"wijkwerker": _l("wijkwerker (zoekt)"),
              "specialist": _l("specialist (houdt eigen profiel bij)"), "triagist": _l("triagist (zoekt)"),
              "coordinator": _l("coördinator (beheert de gids)"),
              "admin": _l("beheerder (ook gebruikers)")}


def _role_field() -> SelectField:
    return SelectField(_l("Rol"), choices=[SelectChoice(role, ROLE_WORDS[role]) for role in ROLES],
                       validate_choice=False, validators=[InputRequired(_l("Kies een rol.")),
                                   AnyOf(ROLES, _l("Kies een rol uit de lijst."))])


def _professional_field() -> StringField:
    return StringField(_l("Gekoppelde professional (id, leeg: geen)"), validators=[Optional()],
                       filters=[lambda text: text.strip() if isinstance(text, str) else text],
                       render_kw={"list": "professionals", "autocomplete": "off", "spellcheck": "false"})


def _check_professional(field: Field) -> None:
    if field.data and store().get("professionals", field.data) is None:
        raise ValidationError(gettext("Deze professional bestaat niet; kies een id uit de lijst."))


class AddUserForm(FlaskForm):
    name = StringField(_l("Gebruikersnaam"), validators=[InputRequired(_l("Vul een gebruikersnaam in."))],
                       render_kw={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"})
    role = _role_field()
    professional = _professional_field()
    password = PasswordField(_l("Wachtwoord"), validators=[InputRequired(_l("Vul een wachtwoord in."))],
                             render_kw={"autocomplete": "new-password"})
    repeat = PasswordField(_l("Wachtwoord nog een keer"), validators=[
        InputRequired(_l("Vul het wachtwoord nog een keer in.")),
        EqualTo("password", _l("De twee wachtwoorden zijn niet gelijk."))],
        render_kw={"autocomplete": "new-password"})

    def validate_name(self, field: Field) -> None:
        name = accounts.normalise_name(field.data or "")
        if not accounts.NAME_PATTERN.match(name):
            raise ValidationError(gettext("Een gebruikersnaam heeft 2 tot 64 tekens: letters, cijfers "
                                          "en . _ @ -, en begint met een letter of cijfer."))
        if store().get_user(name) is not None:
            raise ValidationError(gettext("Deze gebruikersnaam bestaat al."))

    def validate_professional(self, field: Field) -> None:
        _check_professional(field)

    def validate_password(self, field: Field) -> None:
        new_password_rule(field)


class ChangeUserForm(FlaskForm):
    """Another role or professional; ``was_*`` is what the page showed, so a change
    someone else made meanwhile is not overwritten unseen."""

    role = _role_field()
    professional = _professional_field()
    was_role = HiddenField()
    was_professional = HiddenField()

    def validate_professional(self, field: Field) -> None:
        _check_professional(field)


class RemoveUserForm(FlaskForm):
    """Removing a user: a POST with a CSRF token, after a page that asks to be sure."""

"""The forms of the coordinator's tools for the taxonomy and for duplicate
professionals (Flask-WTF: each carries a CSRF token and is refused without
one). They check only what a person can get wrong while typing (an empty or
too long field) in the page's language; whether the change is allowed —
an unknown area, a cycle, a merge into itself, a word that is already there —
is the service's to say (``web.pages.parts.field_problems`` puts that on the fields)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from directory.search.vocabulary import normalise


def _stripped(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _required() -> DataRequired:
    return DataRequired(message=_l("Vul dit in."))


def _at_most(n: int) -> Length:
    return Length(max=n, message=_l("Dit is te lang: hoogstens %(max)d tekens."))


def _version() -> IntegerField:
    """The version of the record the form was filled in on (a stale one is refused)."""
    return IntegerField(widget=HiddenField.widget, validators=[Optional()])


class NewAreaForm(FlaskForm):
    id = StringField(_l("Id"), filters=[_stripped], validators=[_required(), _at_most(100)],
                     description=_l("Kort en vast, bijvoorbeeld 'dementie': het blijft altijd hetzelfde."))
    label = StringField(_l("Naam"), filters=[_stripped], validators=[_required(), _at_most(200)])
    broader = SelectField(_l("Valt onder"), validate_choice=False)
    synonyms = TextAreaField(_l("Zoekwoorden"), validators=[_at_most(4000)],
                             description=_l("Andere woorden die mensen typen, één per regel."))

    def synonym_list(self) -> list[str]:
        return [line.strip() for line in (self.synonyms.data or "").splitlines() if line.strip()]

    def validate_synonyms(self, field: Any) -> None:
        """Each way of writing once, the name included (compared as search compares words)."""
        words = [normalise(w) for w in (self.label.data or "", *self.synonym_list())]
        if len(set(words)) < len(words):
            raise ValidationError(_l("Hetzelfde woord staat er twee keer in (de naam telt mee)."))


class SynonymForm(FlaskForm):
    """Add a synonym (typed) or remove one (the button beside it)."""

    synonym = StringField(_l("Nieuw zoekwoord"), filters=[_stripped],
                          validators=[_required(), _at_most(200)])
    version = _version()


class MoveForm(FlaskForm):
    broader = SelectField(_l("Valt onder"), validate_choice=False)
    version = _version()


class AreaMergeForm(FlaskForm):
    """Which area stays, and which one goes up in it."""

    keep = SelectField(_l("Gebied dat blijft"), validate_choice=False,
                       validators=[InputRequired(message=_l("Kies een gebied."))])
    duplicate = SelectField(_l("Gebied dat erin opgaat (dubbel)"), validate_choice=False,
                            validators=[InputRequired(message=_l("Kies een gebied."))])


class ConfirmMergeForm(FlaskForm):
    """The confirmation of a merge: the pair and the versions the preview showed."""

    keep = HiddenField(validators=[_required()])
    duplicate = HiddenField(validators=[_required()])
    keep_version = _version()
    duplicate_version = _version()


class ChooseKeptForm(FlaskForm):
    """A pair of likely duplicates: which of the two stays."""

    a = HiddenField(validators=[_required()])
    b = HiddenField(validators=[_required()])
    #: "a" or "b" (radio buttons the page draws beside each profile; checked by the view)
    keep = StringField(_l("Wie blijft?"), validators=[InputRequired(message=_l("Kies wie blijft."))])

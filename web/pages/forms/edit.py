"""The forms that change the pool: a profile (the specialist's own fields, and
the coordinator's on top), an organisation, a team, and the one-button forms
(confirm, retire, reactivate, erase).

A form only turns what was typed into the plain values a service of
``directory.pool.maintain`` takes (``values``); the service validates them the way an
import does, and ``show_problems`` puts each problem it reports beside its
field, in Dutch. Every form carries the version of the record it was filled
in on (hidden), so a save on top of someone else's change is refused.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Field,
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from directory.errors import InvalidInput, stale
from directory.problems import Problem
from web.i18n import LEVELS
from web.pages.parts.field_problems import field_place
from web.words.problems import said

#: Empty rows offered under a profile's expertise (more with "Rij toevoegen").
EMPTY_ROWS = 2
MAX_ROWS = 60


def options(pairs: list[tuple[str, str]]) -> list[SelectChoice]:
    """(value, label) pairs as a select's options."""
    return [SelectChoice(value, str(label)) for value, label in pairs]


class Checkboxes(SelectMultipleField):
    """A choice of several, as checkboxes (usable without script and by keyboard)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ClaimRow(Form):
    """One expertise claim: an area and a level, or nothing (an empty row)."""

    area = SelectField(_l("Gebied"), validate_choice=False)
    level = SelectField(_l("Niveau"), choices=[SelectChoice(str(n), label) for n, label in LEVELS.items()],
                        default="2", validate_choice=False)
    remove = BooleanField(_l("Verwijderen"))


def _text(field: Field) -> str | None:
    """What was typed, without spaces around it; None for nothing (empties the field)."""
    value = (field.data or "").strip()
    return value or None


def _chosen(field: Field) -> list[str]:
    """The values chosen in a field of several (an empty one ignored)."""
    return [value for value in field.data or [] if value]


def _wijken(checked: Field, other: Field) -> list[str]:
    """The checked wijken and the ones typed (comma-separated), each once."""
    typed = [w.strip() for w in (other.data or "").split(",") if w.strip()]
    return list(dict.fromkeys([*_chosen(checked), *typed]))


class Versioned(FlaskForm):
    """A form about one stored record: the CSRF token and the record's version."""

    version = HiddenField()

    def based_on(self) -> int | None:
        """The version the user started from (None: none was sent)."""
        raw = (self.version.data or "").strip()
        return int(raw) if raw.isdigit() else None

    def edited_version(self) -> int:
        """The version an edit is based on; a form without one is treated as out
        of date (``Conflict``), so no edit ever skips the check."""
        version = self.based_on()
        if version is None:
            raise stale([Problem.of("version", "version_missing")])
        return version


class RecordForm(Versioned):
    """What every form of a record has: its version and a way to show problems."""

    save = SubmitField(_l("Opslaan"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.general_errors: list[str] = []
        self.problems = 0

    def field_for(self, name: str, index: int | None, place: str) -> Field | None:
        return self._fields.get(name)

    def show_problems(self, exc: InvalidInput) -> None:
        """Each problem the service found, in Dutch, beside its field."""
        for problem in exc.shown:
            name, index = field_place(problem.field)
            field = self.field_for(name, index, problem.field)
            if field is None:
                self.general_errors.append(said(problem))
                self.problems += 1
            else:
                self.problem(field, said(problem))

    def problem(self, field: Field, message: str) -> None:
        """Show ``message`` beside ``field``."""
        field.errors = [*field.errors, message]
        self.problems += 1


class OwnProfileForm(RecordForm):
    """What a specialist may change of their own profile (``pool.OWN_PROFILE``)."""

    expertise = FieldList(FormField(ClaimRow), max_entries=MAX_ROWS)
    add_row = SubmitField(_l("Rij toevoegen"))
    bio = TextAreaField(_l("Over mij"), render_kw={"rows": 5})
    email = StringField(_l("E-mail"), render_kw={"autocomplete": "email", "type": "email"})
    phone = StringField(_l("Telefoon"), render_kw={"autocomplete": "tel", "type": "tel"})
    wijken = Checkboxes(_l("Wijken"), validate_choice=False)
    other_wijken = StringField(_l("Andere wijken"),
                               description=_l("Gescheiden door komma's, bijvoorbeeld: Noord, West"))
    hours_per_half_year = StringField(_l("Uren per halfjaar"),
                                      description=_l("Hoeveel uur je per halfjaar kunt inzetten; "
                                                     "leeg: geen budget."),
                                      render_kw={"inputmode": "decimal"})

    def prepare(self, areas: list[tuple[str, str]], wijken: list[str], *,
                empty_rows: int = EMPTY_ROWS) -> None:
        """Offer the taxonomy's areas and the known wijken, and ``empty_rows`` rows to fill."""
        for _ in range(empty_rows):
            if len(self.expertise.entries) < MAX_ROWS:
                self.expertise.append_entry()
        for row in self.expertise:
            row.form.area.choices = options([("", gettext("— kies een gebied —")), *areas])
        chosen = list(self.wijken.data or [])
        self.wijken.choices = options([(w, w) for w in dict.fromkeys([*wijken, *chosen])])

    def _claims(self) -> list[dict[str, Any]] | None:
        """The filled-in rows as claims; ``self.claim_rows[i]`` is the row of claim i."""
        claims, self.claim_rows = [], []
        for position, row in enumerate(self.expertise):
            if row.form.remove.data or not row.form.area.data:
                continue
            level = row.form.level.data
            if level not in ("1", "2", "3"):
                self.problem(row.form.level, gettext("Kies een niveau van 1 tot 3."))
                continue
            claims.append({"area": row.form.area.data, "level": int(level)})
            self.claim_rows.append(position)
        return claims

    def _hours(self) -> float | None:
        raw = (self.hours_per_half_year.data or "").strip()
        if not raw:
            return None
        try:
            return float(raw.replace(",", "."))
        except ValueError:
            self.problem(self.hours_per_half_year,
                       gettext("Vul een aantal uren in, bijvoorbeeld 40 of 12,5."))
            return None

    def values(self) -> dict[str, Any]:
        """The changes for ``pool.edit``: every field of the form (None empties one)."""
        return {"expertise": self._claims(), "bio": _text(self.bio), "email": _text(self.email),
                "phone": _text(self.phone), "wijken": _wijken(self.wijken, self.other_wijken),
                "hours_per_half_year": self._hours()}

    def field_for(self, name: str, index: int | None, place: str) -> Field | None:
        if name == "expertise" and index is not None and index < len(self.claim_rows):
            row = self.expertise.entries[self.claim_rows[index]].form
            return row.level if place.endswith(".level") else row.area
        return super().field_for(name, index, place)

    @staticmethod
    def initial(values: dict[str, Any]) -> dict[str, Any]:
        """A stored profile (as the exchange format writes it) as the form's data."""
        hours = values.get("hours_per_half_year")
        return {**values, "expertise": [{"area": c["area"], "level": str(c["level"])}
                                        for c in values.get("expertise", [])],
                "hours_per_half_year": "" if hours is None else f"{hours:g}".replace(".", ",")}


class ProfessionalForm(OwnProfileForm):
    """The whole profile, as a coordinator keeps it."""

    name = StringField(_l("Naam"), render_kw={"autocomplete": "off"})
    role = StringField(_l("Functie"))
    organisation = SelectField(_l("Organisatie"), validate_choice=False)
    teams = Checkboxes(_l("Teams"), validate_choice=False)
    active = BooleanField(_l("Actief (wordt voorgesteld bij zoeken)"), default=True)

    def offer(self, organisations: list[tuple[str, str]], teams: list[tuple[str, str]]) -> None:
        self.organisation.choices = options([("", gettext("— geen —")), *organisations])
        self.teams.choices = options(teams)

    def values(self) -> dict[str, Any]:
        return {**super().values(), "name": _text(self.name), "role": _text(self.role),
                "organisation": self.organisation.data or None, "teams": _chosen(self.teams),
                "active": bool(self.active.data)}


class OrganisationForm(RecordForm):
    name = StringField(_l("Naam"))
    kind = StringField(_l("Soort"), description=_l("Bijvoorbeeld: vvt, ggz, gemeente, vrijwilligers"))
    line = SelectField(_l("Lijn"), validate_choice=False)
    website = StringField(_l("Website"), render_kw={"type": "url"})
    phone = StringField(_l("Telefoon"), render_kw={"type": "tel"})
    wijken = Checkboxes(_l("Wijken"), validate_choice=False,
                        description=_l("Geen wijk aangevinkt: de hele stad."))
    other_wijken = StringField(_l("Andere wijken"),
                               description=_l("Gescheiden door komma's, bijvoorbeeld: Noord, West"))
    areas = SelectMultipleField(_l("Helpt bij"), validate_choice=False, render_kw={"size": 10},
                                description=_l("Houd Ctrl (op een Mac: Cmd) ingedrukt om er meer te kiezen."))

    def values(self) -> dict[str, Any]:
        return {"name": _text(self.name), "kind": _text(self.kind), "line": self.line.data or None,
                "website": _text(self.website), "phone": _text(self.phone),
                "wijken": _wijken(self.wijken, self.other_wijken), "areas": _chosen(self.areas)}


class TeamForm(RecordForm):
    name = StringField(_l("Naam"))
    kind = SelectField(_l("Soort"), validate_choice=False)
    wijk = StringField(_l("Wijk"), description=_l("Leeg: de hele stad."),
                       render_kw={"list": "wijken"})
    organisation = SelectField(_l("Organisatie"), validate_choice=False)
    meets = TextAreaField(_l("Komt samen"), description=_l("Bijvoorbeeld: elke dinsdag 10-12 uur"),
                          render_kw={"rows": 2})

    def values(self) -> dict[str, Any]:
        return {"name": _text(self.name), "kind": self.kind.data or None, "wijk": _text(self.wijk),
                "organisation": self.organisation.data or None, "meets": _text(self.meets)}


class ActionForm(Versioned):
    """One button (confirm, retire, reactivate, erase): the CSRF token and the version."""


def empty_to_none(values: dict[str, Any]) -> dict[str, Any]:
    """Values for a new record: empty fields left out."""
    return {k: v for k, v in values.items() if v not in (None, "", [])}

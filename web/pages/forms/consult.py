"""The forms of the consultation pages (Flask-WTF: each POST carries a CSRF
token and is refused without one).

A form only collects what was typed; ``directory.consultations.service`` checks it (the
privacy guard on every free text, hours from more than 0 to 24, the regie
rule, who may take which step) and ``web.pages.parts.field_problems.show_on`` puts each
problem it reports beside the field of the same name. So every field is
named after the service's value (``reason``, ``hours``, ``day``, ...). Every
step form carries the consultation's version (hidden): a step taken on a
page that someone else's step made stale is refused and writes nothing.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from web.pages.forms.edit import Checkboxes, Versioned
from web.words.consult import AGE_BANDS, HOUSEHOLDS, OUTCOMES, QUESTIONS, URGENCIES

MAX_TEXT = 4000
DATE = {"type": "date", "autocomplete": "off"}
TEXT = {"rows": 3, "maxlength": MAX_TEXT}


def pick(pairs: Any) -> list[SelectChoice]:
    """(value, label) pairs as a field's choices (labels may stay lazy: translated when shown)."""
    return [SelectChoice(value, label) for value, label in pairs]


def _select(label: Any, table: dict[str, Any], none: Any = None) -> SelectField:
    """A choice of the values of ``table``."""
    pairs = [("", none)] if none is not None else []
    return SelectField(label, choices=pick([*pairs, *table.items()]), validate_choice=False)


def text(field: Any) -> str | None:
    """What was typed, trimmed; None for nothing."""
    value = (field.data or "").strip() if isinstance(field.data, str) else ""
    return value or None


def chosen(field: Any) -> list[str]:
    return [value for value in field.data or [] if value]


class RequestForm(FlaskForm):
    """A request for help (``consult.file_request``)."""

    need = TextAreaField(_l("Hulpvraag"), render_kw={"rows": 4, "maxlength": MAX_TEXT},
                         description=_l("In gewone woorden, zonder naam, adres, geboortedatum of "
                                        "andere gegevens waarmee iemand te herkennen is."))
    areas = Checkboxes(_l("Expertisegebieden"), validate_choice=False,
                       description=_l("Wat we uit de hulpvraag begrijpen. Vink uit wat niet klopt, voeg "
                                      "toe wat ontbreekt; minstens één (een domein mag ook)."))
    area_text = StringField(_l("Gebied toevoegen"), name="gebied", render_kw={"maxlength": 200})
    wijk = SelectField(_l("Wijk"), validate_choice=False)
    age_band = _select(_l("Leeftijd"), AGE_BANDS, _l("niet opgegeven"))
    household = _select(_l("Huishouden"), HOUSEHOLDS, _l("niet opgegeven"))
    question = _select(_l("Soort vraag"), QUESTIONS)
    urgency = _select(_l("Urgentie"), URGENCIES)
    named = BooleanField(_l("Op naam (de specialist hoort wie het is)"))
    consent = BooleanField(_l("De cliënt heeft toestemming gegeven"),
                           description=_l("Nodig voor een consultatie op naam en voor opschalen."))
    via = SelectField(_l("Via"), validate_choice=False,
                      description=_l("Het hele netwerk: je vraagt zelf een specialist. Een "
                                     "expertiseteam bespreekt het in zijn volgende overleg; een "
                                     "triageteam beoordeelt de vraag en zoekt de specialist."))
    specialist = SelectField(_l("Specialist"), validate_choice=False,
                             description=_l("Alleen bij het hele netwerk: wie je vraagt, uit wie het best "
                                            "past bij de gekozen gebieden. Iemand anders vragen: zoek "
                                            "die persoon en vraag het vanaf het zoekresultaat of profiel."))
    lead = SelectField(_l("Regisseur"), validate_choice=False,
                       description=_l("Het wijkteamlid dat de regie houdt."))
    override = TextAreaField(_l("Reden voor een uitzondering op het urenbudget"), render_kw=TEXT,
                             description=_l("Alleen als de specialist geen uren meer over heeft."))

    def values(self, *, coordinator: bool) -> dict[str, Any]:
        """The plain values ``consult.file_request`` takes."""
        out: dict[str, Any] = {
            "need": self.need.data or "", "areas": chosen(self.areas), "wijk": self.wijk.data or None,
            "age_band": self.age_band.data or None, "household": self.household.data or None,
            "question": self.question.data or None, "urgency": self.urgency.data or None,
            "named": bool(self.named.data), "consent": bool(self.consent.data),
            "via": self.via.data or None, "specialist": text(self.specialist)}
        if coordinator:
            out.update(lead=text(self.lead), override=text(self.override))
        return out


# --- one form per step of a consultation (``web.pages.consult_steps``) ---------------------------

class StepForm(Versioned):
    """A step: the CSRF token and the consultation's version."""

    back = HiddenField()


class DeclineForm(StepForm):
    reason = TextAreaField(_l("Waarom niet?"), render_kw=TEXT)


class AskForm(StepForm):
    specialist = SelectField(_l("Specialist"), validate_choice=False)
    override = TextAreaField(_l("Reden voor een uitzondering op het urenbudget (coördinator)"),
                             render_kw=TEXT)


class SeveralForm(StepForm):
    """Several specialists at once: brought together (triage) or assigned (expertiseteam)."""

    specialists = Checkboxes(_l("Specialisten"), validate_choice=False)
    override = TextAreaField(_l("Reden voor een uitzondering op het urenbudget (coördinator)"),
                             render_kw=TEXT)


class ClarifyForm(StepForm):
    question = TextAreaField(_l("Verhelderende vraag aan het wijkteam"), render_kw=TEXT)


class ReplyForm(StepForm):
    answer = TextAreaField(_l("Antwoord"), render_kw=TEXT)


class AdviseForm(StepForm):
    advice = TextAreaField(_l("Advies"), render_kw=TEXT)


class NoteForm(StepForm):
    text = TextAreaField(_l("Notitie"), render_kw=TEXT)
    action = BooleanField(_l("Dit is een afgesproken actie (bellen, samen op huisbezoek, ...)"))


class HoursForm(StepForm):
    day = StringField(_l("Dag"), render_kw=DATE)
    hours = StringField(_l("Uren"), render_kw={"inputmode": "decimal", "autocomplete": "off"},
                        description=_l("Meer dan 0 en hoogstens 24, bijvoorbeeld 1,5."))
    professional = SelectField(_l("Voor wie"), validate_choice=False)


class EscalateForm(StepForm):
    meeting = StringField(_l("Dag van het overleg"), render_kw=DATE,
                          description=_l("Binnen 5 werkdagen."))
    reason = TextAreaField(_l("Waarom opschalen?"), render_kw=TEXT)


class PlanForm(StepForm):
    meeting = StringField(_l("Dag van het overleg"), render_kw=DATE)
    plan = TextAreaField(_l("Plan"), render_kw=TEXT)


class ReasonForm(StepForm):
    """Afschalen or withdrawing: an optional reason."""

    reason = TextAreaField(_l("Toelichting"), render_kw=TEXT)


class HandOverForm(StepForm):
    lead = SelectField(_l("Nieuwe regisseur"), validate_choice=False,
                       description=_l("Een ander wijkteamlid; de vraag hoort dan bij diens wijkteam."))


class CloseForm(StepForm):
    outcome = _select(_l("Uitkomst"), OUTCOMES, _l("kies de uitkomst"))
    lessons = TextAreaField(_l("Geleerde lessen"), render_kw=TEXT,
                            description=_l("Wat een volgende keer helpt; zonder gegevens over de cliënt."))


class ReadForm(FlaskForm):
    """"Gelezen": the notices up to the newest one the page showed."""

    up_to = HiddenField()


class ScheduleForm(FlaskForm):
    """When an expertiseteam meets (``consult.set_schedule``)."""

    first = StringField(_l("Eerste overleg"), render_kw=DATE)
    every_weeks = SelectField(_l("Om de hoeveel weken"), choices=pick((str(n), str(n)) for n in range(1, 9)),
                              default="2", validate_choice=False)
    time = StringField(_l("Tijd"), render_kw={"placeholder": "13:30"})
    place = StringField(_l("Plaats"))
    chair = SelectField(_l("Voorzitter"), validate_choice=False)


#: The form of each step a consultation can take (``directory.consultations.service.STEPS``' names).
FORMS: dict[str, type[StepForm]] = {
    "accept": StepForm, "decline": DeclineForm, "ask": AskForm, "route": AskForm,
    "bring_together": SeveralForm, "assign": SeveralForm, "schedule_again": StepForm,
    "clarify": ClarifyForm, "reply": ReplyForm, "advise": AdviseForm, "note": NoteForm,
    "book_hours": HoursForm, "record_consent": StepForm, "escalate": EscalateForm, "plan": PlanForm,
    "deescalate": ReasonForm, "hand_over": HandOverForm, "close": CloseForm, "withdraw": ReasonForm,
}

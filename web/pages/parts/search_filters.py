"""The search page's filters: wijk, organisation, domain, collaboration model
and "alleen met uren over".

Filters never change the ranking: the search ranks as it always does (with
the wijk as one of its signals), and the filters then keep the people who
pass, in the ranking's order. So the same question with the same filters
always gives the same list. To still fill a page, a filtered search ranks
``RANKED_FOR_FILTERS`` people first.

- **wijk**: people who work in that wijk (everyone with no wijken listed
  works city-wide and passes).
- **organisation**: people employed by that organisation.
- **domain**: people with declared expertise, or case evidence for this
  question, in an area of that domain (the domain alone, without text, is
  searched as the need).
- **collaboration model** (domain.md): how the worker reaches the
  specialist. *expertiseteam*: members of a team of kind expertiseteam or
  kernteam (a fixed group that meets); *netwerk*: members of a netwerk team
  (call whoever you need); *triage*: members of a triage team (the triagist
  routes the question). Team kinds rather than the models of past cases,
  because the question is who can be reached that way now.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from directory.pool.model import Professional
from directory.search.queries import Hit
from web.i18n import area_label
from web.pages.parts.lookups import Lookups

RANKED_FOR_FILTERS = 100

#: Collaboration model -> the team kinds whose members work that way.
MODELS: dict[str, tuple[str, ...]] = {
    "expertiseteam": ("expertiseteam", "kernteam"),
    "netwerk": ("netwerk",),
    "triage": ("triage",),
}
MODEL_LABELS = {
    "expertiseteam": _l("Expertiseteam of kernteam (komt samen)"),
    "netwerk": _l("Expertisenetwerk (bel wie je nodig hebt)"),
    "triage": _l("Triage (de triagist verdeelt de vraag)"),
}


@dataclass(frozen=True)
class Menu:
    """One filter's drop-down: its request name, label, the choice meaning "any" and the options."""

    name: str
    label: str
    everything: str
    options: list[tuple[str, str]]  # (value, text)
    chosen: str | None


class FilterError(ValueError):
    """A filter value the menus do not offer; the message is for the worker."""


@dataclass(frozen=True)
class Filters:
    wijk: str | None = None
    organisation: str | None = None
    domain: str | None = None
    model: str | None = None
    only_with_hours: bool = False

    @property
    def narrowing(self) -> bool:
        """Whether any filter may leave people out."""
        return bool(self.wijk or self.organisation or self.domain or self.model or self.only_with_hours)


def read_filters(args: MultiDict[str, str], known: Lookups) -> Filters:
    """The filters of a request; ``FilterError`` for a value the menus do not offer."""
    wijk = args.get("wijk") or None
    organisation = args.get("organisatie") or None
    domain = args.get("domein") or None
    model = args.get("model") or None
    if wijk is not None and wijk not in known.wijken:
        raise FilterError(gettext("Kies een wijk uit de lijst."))
    if organisation is not None and organisation not in {o.id for o in known.employers}:
        raise FilterError(gettext("Kies een organisatie uit de lijst."))
    if domain is not None and domain not in {d.id for d in known.domains}:
        raise FilterError(gettext("Kies een domein uit de lijst."))
    if model is not None and model not in MODELS:
        raise FilterError(gettext("Kies een manier van samenwerken uit de lijst."))
    return Filters(wijk, organisation, domain, model, args.get("uren") == "1")


def menus(filters: Filters, known: Lookups) -> list[Menu]:
    """The drop-downs of the search form, with the current choices."""
    return [
        Menu("wijk", gettext("Wijk"), gettext("Alle wijken"), [(w, w) for w in known.wijken], filters.wijk),
        Menu("organisatie", gettext("Organisatie"), gettext("Alle organisaties"),
             [(o.id, o.name) for o in known.employers], filters.organisation),
        Menu("domein", gettext("Domein"), gettext("Alle domeinen"),
             [(d.id, area_label(d)) for d in known.domains], filters.domain),
        Menu("model", gettext("Manier van samenwerken"), gettext("Alle manieren"),
             [(key, str(label)) for key, label in MODEL_LABELS.items()], filters.model),
    ]


def passes(filters: Filters, hit: Hit, person: Professional, known: Lookups) -> bool:
    """Whether one ranked person passes every filter."""
    if filters.only_with_hours and hit.hours_left == 0:
        return False
    if filters.wijk and person.wijken and filters.wijk not in person.wijken:
        return False
    if filters.organisation and person.organisation != filters.organisation:
        return False
    if filters.domain:
        areas = {c.area for c in person.expertise} | {m.area for m in hit.matched if m.level or m.cases}
        if filters.domain not in {known.domain_of(a) for a in areas}:
            return False
    if filters.model:
        kinds = MODELS[filters.model]
        if not any(known.team_kinds.get(t) in kinds for t in person.teams):
            return False
    return True

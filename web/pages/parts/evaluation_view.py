"""The half-year evaluation as people read it: one table per figure (the
same tables on the page, in print and in the CSV export), Dutch words for
the codes, and a bar chart for the tables that have one.

The figures come from ``directory.evaluation.report``; nothing here counts.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from flask_babel import format_decimal, format_percent, gettext, ngettext
from markupsafe import Markup

from directory.evaluation.figures import Evaluation, Row, Timing
from directory.exchange.csv_cells import row_writer
from web.guard import store
from web.i18n import day
from web.pages.parts.charts import MOST_BARS, bar_chart
from web.pages.parts.lookups import lookups


@dataclass(frozen=True)
class Table:
    """One table: ``key`` names its CSV section; ``rows`` hold plain values
    (text, numbers, None for "no figure"); ``chart`` the SVG, if any."""

    key: str
    title: str
    columns: Sequence[str]
    rows: Sequence[Sequence[Any]]
    chart: Markup | None = None
    note: str = ""
    numeric: frozenset[int] = field(default_factory=frozenset)


def model_word(model: str | None) -> str:
    return {"netwerk": gettext("Expertisenetwerk"), "expertiseteam": gettext("Expertiseteam"),
            "triage": gettext("Triage")}.get(model or "", gettext("Onbekend"))


def cell_text(value: Any, share: bool = False) -> str:
    """A value as the page shows it: the language's decimals and dates, a share as a
    percentage, – for none."""
    if value is None:
        return "–"
    if isinstance(value, date):
        return day(value)
    if isinstance(value, bool):
        return gettext("ja") if value else gettext("nee")
    if share:
        return format_percent(value, "#,##0.#%")
    if isinstance(value, (int, float)):
        return format_decimal(value, "#,##0.##")
    return str(value)


def _more(count: int) -> str:
    """What a description adds when the chart shows only the first ``MOST_BARS`` rows."""
    if count <= MOST_BARS:
        return ""
    return " " + gettext("De grafiek toont de eerste %(n)s van %(total)s; de tabel toont ze allemaal.",
                         n=MOST_BARS, total=count)


def _counts(key: str, title: str, what: str, rows: Sequence[Row], none: str,
            words: dict[str | None, str] | None = None) -> Table:
    named = [((words or {}).get(r.key) or r.name or none, r.count) for r in rows]
    chart = bar_chart(title, named, description=gettext("Dezelfde getallen staan in de tabel hieronder.")
                      + _more(len(named)))
    return Table(key, title, (what, gettext("Verzoeken")), named, chart, numeric=frozenset({1}))


def tables(figures: Evaluation) -> list[Table]:
    """Every table of the evaluation, in the order of the page."""
    out = [_summary(figures)]
    known = lookups(store())
    out.append(_counts("gebieden", gettext("Verzoeken per expertisegebied"), gettext("Expertisegebied"),
                       figures.by_area, gettext("Onbekend"),
                       {r.key: known.label(r.key) for r in figures.by_area if r.key in known.areas}))
    out.append(_counts("wijken", gettext("Verzoeken per wijk"), gettext("Wijk"), figures.by_wijk,
                       gettext("Onbekend")))
    organisations = _counts("organisaties", gettext("Verzoeken per organisatie"), gettext("Organisatie"),
                            figures.by_organisation, gettext("Nog geen specialist"))
    out.append(replace(organisations, note=gettext(
        "Per organisatie van de specialisten die meewerkten; een verzoek met specialisten van twee "
        "organisaties telt bij beide.")))
    out.append(_counts("modellen", gettext("Verzoeken per samenwerkingsmodel"), gettext("Model"),
                       figures.by_model, gettext("Onbekend"),
                       {r.key: model_word(r.key) for r in figures.by_model}))
    out += _hours(figures)
    out.append(_role_hours(figures))
    out.append(_timings(figures.first_answer, figures.to_close))
    out.append(_outcomes(figures))
    out.append(Table("regie", gettext("Regie"), (gettext("Regisseur"), gettext("Casussen")), [
        (gettext("Lid van een wijkteam"), figures.lead.wijkteam),
        (gettext("Geen lid van een wijkteam"), figures.lead.elsewhere),
        (gettext("Onbekend (geen regisseur vastgelegd)"), figures.lead.unknown)],
        note=gettext("Van de casussen die in deze periode zijn afgesloten."), numeric=frozenset({1})))
    out.append(Table("herhaald", gettext("Herhaalde verzoeken per wijkteam"),
                     (gettext("Wijkteam"), gettext("Verzoeken"), gettext("Herhaald")),
                     [(r.name, r.requests, r.repeats) for r in figures.repeats_by_team],
                     note=gettext("Herhaald: hetzelfde wijkteam vroeg eerder in deze periode al hulp bij "
                                  "minstens één van dezelfde expertisegebieden."),
                     numeric=frozenset({1, 2})))
    out.append(Table("samenwerkingen", gettext("Nieuwe samenwerkingen"),
                     (gettext("Eerste gedeelde casus"), gettext("Professional"), gettext("Professional"),
                      gettext("Verschillende organisaties")),
                     [(p.first, p.a_name, p.b_name, p.across) for p in figures.new_pairs],
                     note=gettext("Twee mensen die in deze periode voor het eerst samen een casus deden.")))
    return out


def _summary(figures: Evaluation) -> Table:
    rows = [
        (gettext("Verzoeken"), figures.requests),
        (gettext("waarvan consultaties"), figures.from_consultations),
        (gettext("waarvan geïmporteerde casussen"), figures.from_cases),
        (gettext("Herhaalde verzoeken"), figures.repeats),
        (gettext("Afgesloten casussen"), figures.outcomes.cases),
        (gettext("Nog open aan het eind van de periode"), figures.outcomes.still_open),
        (gettext("Opgeschaald"), figures.escalated),
        (gettext("Afgeschaald"), figures.deescalated),
        (gettext("Nieuwe samenwerkingen"), len(figures.new_pairs)),
        (gettext("waarvan over organisatiegrenzen"), sum(1 for p in figures.new_pairs if p.across)),
        (gettext("Uren specialisten (tegen hun budget)"), figures.hours_by_role.specialist),
        (gettext("Specialisten boven hun budget"), figures.over_budget),
        (gettext("Uren regie door het wijkteam (zonder budget)"), figures.hours_by_role.regie),
        (gettext("Uren triage (zonder budget)"), figures.hours_by_role.triage),
        (gettext("Geleerde lessen"), len(figures.lessons)),
    ]
    return Table("overzicht", gettext("Overzicht"), (gettext("Wat"), gettext("Aantal")), rows,
                 numeric=frozenset({1}))


def _hours(figures: Evaluation) -> list[Table]:
    columns = (gettext("Budget (uur)"), gettext("Gebruikt (uur)"), gettext("Gebruikt (%)"))
    names = {h.key: h.name for h in figures.hours_by_organisation if h.key}
    people = Table(
        "uren-specialisten", gettext("Uren per specialist"),
        (gettext("Professional"), gettext("Organisatie"), *columns),
        [(h.name, names.get(h.organisation or "", ""), h.budget, h.used, h.share) for h in figures.hours],
        bar_chart(gettext("Gebruikt deel van het urenbudget per specialist, het hoogste eerst"),
                  sorted(((h.name, 100 * (h.share or 0)) for h in figures.hours), key=lambda b: -b[1]),
                  description=gettext("In procenten van het budget; de stippellijn is 100%. "
                                      "Dezelfde getallen staan in de tabel hieronder.")
                  + _more(len(figures.hours)),
                  value_text=lambda v: f"{v:.0f}%", limit=100),
        note=gettext("Uren die specialisten als specialist boekten op casussen die in de periode zijn "
                     "afgesloten en op lopende consultaties, tegen het budget van de halfjaren waarin de "
                     "periode valt (40 uur tenzij het profiel anders zegt). Regie- en triage-uren staan "
                     "apart en tellen niet tegen een budget."),
        numeric=frozenset({2, 3, 4}))
    organisations = Table(
        "uren-organisaties", gettext("Uren per organisatie"),
        (gettext("Organisatie"), gettext("Mensen"), *columns),
        [(h.name or gettext("Geen organisatie"), h.people, h.budget, h.used, h.share)
         for h in figures.hours_by_organisation],
        bar_chart(gettext("Gebruikte uren per organisatie"),
                  [(h.name or gettext("Geen organisatie"), h.used) for h in figures.hours_by_organisation],
                  description=gettext("Dezelfde getallen staan in de tabel hieronder.")
                  + _more(len(figures.hours_by_organisation))),
        numeric=frozenset({1, 2, 3, 4}))
    return [people, organisations]


def _role_hours(figures: Evaluation) -> Table:
    role = {"regie": gettext("Regie (wijkteam)"), "triage": gettext("Triage")}
    return Table(
        "uren-regie-triage", gettext("Uren regie en triage"),
        (gettext("Professional"), gettext("Rol"), gettext("Uren"), gettext("Casussen")),
        [(h.name, role[h.role], h.hours, h.cases) for h in (*figures.regie_hours, *figures.triage_hours)],
        note=gettext("De uren die het wijkteam als regisseur en triagisten boekten, per persoon. Ze "
                     "tellen niet tegen een budget: het budget is dat van de specialisten."),
        numeric=frozenset({2, 3}))


def _timings(first: Timing, close: Timing) -> Table:
    def row(name: str, t: Timing) -> tuple[Any, ...]:
        return (name, t.count, t.median_working_days, t.mean_working_days, t.median_days, t.mean_days,
                t.within_limit, t.pending)

    return Table("doorlooptijden", gettext("Doorlooptijden"),
                 (gettext("Tot"), gettext("Aantal"), gettext("Mediaan (werkdagen)"),
                  gettext("Gemiddeld (werkdagen)"), gettext("Mediaan (dagen)"), gettext("Gemiddeld (dagen)"),
                  gettext("Binnen 2 werkdagen"), gettext("Nog niet zover")),
                 [row(gettext("Eerste antwoord"), first), row(gettext("Afsluiten"), close)],
                 note=gettext("Van de consultaties die in deze periode een eerste antwoord kregen of werden "
                              "afgesloten; 'nog niet zover': geopend in de periode en aan het eind ervan "
                              "nog niet beantwoord of afgesloten."),
                 numeric=frozenset(range(1, 8)))


def _outcomes(figures: Evaluation) -> Table:
    o = figures.outcomes
    named = [(gettext("Zwaardere zorg voorkomen"), o.prevented, o.share(o.prevented)),
             (gettext("Doorverwezen"), o.referred, o.share(o.referred)),
             (gettext("Onbekend"), o.unknown, o.share(o.unknown))]
    chart = bar_chart(gettext("Uitkomsten van de afgesloten casussen"), [(n, c) for n, c, _ in named],
                      description=gettext("Dezelfde getallen staan in de tabel hieronder."))
    return Table("uitkomsten", gettext("Uitkomsten"), (gettext("Uitkomst"), gettext("Casussen"),
                                                         gettext("Aandeel")),
                 [*named, (gettext("Nog open"), o.still_open, None)], chart,
                 note=gettext("Van de %(n)s casussen die in deze periode zijn afgesloten. 'Nog open': "
                              "verzoeken uit deze periode die aan het eind ervan nog niet waren afgesloten; "
                              "zij hebben nog geen uitkomst en tellen niet mee in het aandeel.", n=o.cases),
                 numeric=frozenset({1, 2}))


def provisional_text(figures: Evaluation) -> str:
    """Whether the figures may still change, and why, in a sentence."""
    because = figures.provisional_because
    still = ngettext("%(num)s verzoek uit deze periode loopt nog",
                     "%(num)s verzoeken uit deze periode lopen nog", figures.open_now)
    if "period_not_over" in because and "still_open" in because:
        return gettext("Voorlopige cijfers: deze periode is nog niet voorbij en %(still)s. De cijfers kunnen "
                       "nog veranderen.", still=still)
    if "period_not_over" in because:
        return gettext("Voorlopige cijfers: deze periode is nog niet voorbij. De cijfers kunnen nog "
                       "veranderen.")
    if "still_open" in because:
        return gettext("Voorlopige cijfers: %(still)s; zolang dat zo is kunnen de cijfers nog veranderen.",
                       still=still)
    return gettext("Definitieve cijfers: de periode is voorbij en alles uit deze periode is afgesloten.")


def is_share(table: Table, column: int) -> bool:
    """Whether a column holds shares (shown as percentages)."""
    return table.columns[column] in (gettext("Gebruikt (%)"), gettext("Aandeel"))


def csv_lines(figures: Evaluation, tables_: list[Table]) -> Iterator[str]:
    """The tables as one CSV (UTF-8 with a BOM, so spreadsheets read the
    accents): per table a line with its title, its columns, its rows and an
    empty line; shares as fractions, text that a spreadsheet would take for a
    formula with a leading quote."""
    row = row_writer()
    period = figures.period
    yield "\ufeff" + row([gettext("Evaluatie"), period.start.isoformat(), period.end.isoformat()])
    yield row([provisional_text(figures)])
    for table in tables_:
        yield "\r\n"
        yield row([table.title])
        yield row(table.columns)
        for values in table.rows:
            yield row([(gettext("ja") if v else gettext("nee")) if isinstance(v, bool)
                       else v.isoformat() if isinstance(v, date) else v for v in values])

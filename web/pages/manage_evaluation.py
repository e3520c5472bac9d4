"""Beheer > Evaluatie (``/beheer/evaluatie``): the half-year evaluation for
coordinators and admins, for a half-year chosen from a list or any period of
days; a print view (``?print=1``, and print CSS for the page itself) and
the same tables as CSV (``/beheer/evaluatie.csv``).

``directory.evaluation.report`` checks the role (``evaluate``) and the period; a
bad period is answered with a Dutch message at the field, the values as
typed, and no figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask import Response, render_template, request
from flask_babel import gettext
from werkzeug.datastructures import MultiDict

from directory.accounts.roles import EVALUATE, require
from directory.errors import InvalidInput
from directory.evaluation import report as evaluation
from directory.evaluation.figures import Evaluation
from directory.evaluation.period import Period, half_years_before
from web.guard import signed_in, store
from web.pages.manage import bp, today
from web.pages.parts.evaluation_view import cell_text, csv_lines, is_share, provisional_text, tables
from web.pages.parts.field_problems import field_place
from web.pages.parts.lookups import lookups
from web.words.problems import said

#: How many half-years the selector offers (three years).
HALF_YEARS = 6
FIELDS = ("periode", "van", "tot")
#: The service's names of the period's ends, and the fields of the form.
FORM_FIELD = {"from": "van", "to": "tot"}
_HALF = re.compile(r"^(\d{4})-([12])$")


@dataclass
class Choice:
    """What the period form asked for, and what is wrong with it."""

    typed: dict[str, str]
    start: str | date | None = None
    end: str | date | None = None
    errors: dict[str, str] = field(default_factory=dict)


def half_year_value(period: Period) -> str:
    """``2026-2``: the selector's value for a half-year."""
    return f"{period.start.year}-{1 if period.start.month == 1 else 2}"


def read_choice(args: MultiDict[str, str]) -> Choice:
    """The period of the query string: ``van``/``tot`` when either is given,
    else the half-year ``periode``, else the current half-year."""
    choice = Choice({name: args.get(name, "").strip()[:40] for name in FIELDS})
    if choice.typed["van"] or choice.typed["tot"]:
        choice.start, choice.end = choice.typed["van"] or None, choice.typed["tot"] or None
    elif choice.typed["periode"]:
        found = _HALF.match(choice.typed["periode"])
        if found and 1900 < int(found.group(1)) < 3000:
            year, half = int(found.group(1)), found.group(2)
            choice.start, choice.end = (date(year, 1, 1), date(year, 6, 30)) if half == "1" else \
                (date(year, 7, 1), date(year, 12, 31))
        else:
            choice.errors["periode"] = gettext("Kies een halfjaar uit de lijst.")
    return choice


def compute(choice: Choice) -> Evaluation | None:
    """The figures, or None with the problems put at their fields."""
    user = signed_in()
    require(user, EVALUATE)  # before the period is looked at: 403 before 400
    if choice.errors:
        return None
    try:
        return evaluation.evaluate(store(), by=user, start=choice.start, end=choice.end, today=today())
    except InvalidInput as refused:
        for problem in refused.shown:
            name = field_place(problem.field)[0]
            choice.errors.setdefault(FORM_FIELD.get(name, "van"), said(problem))
        return None


def _query(figures: Evaluation) -> dict[str, str]:
    return {"van": figures.period.start.isoformat(), "tot": figures.period.end.isoformat()}


def _page(choice: Choice, figures: Evaluation | None) -> Any:
    printing = request.args.get("print") == "1"
    offered = [(half_year_value(p), p) for p in half_years_before(today(), HALF_YEARS)]
    custom = bool(choice.typed["van"] or choice.typed["tot"])
    selected = "" if custom else choice.typed["periode"]
    if figures is not None and not custom and not selected:
        selected = half_year_value(figures.period)
    return render_template("manage_evaluation.html", figures=figures, choice=choice, offered=offered,
                           selected=selected, tables=tables(figures) if figures else [],
                           query=_query(figures) if figures else {}, printing=printing,
                           cell_text=cell_text, is_share=is_share, known=lookups(store()),
                           provisional=provisional_text(figures) if figures else ""), \
        400 if choice.errors else 200


@bp.get("/evaluatie")
def evaluation_page() -> Any:
    choice = read_choice(request.args)
    return _page(choice, compute(choice))


@bp.get("/evaluatie.csv")
def evaluation_csv() -> Any:
    """Every table of the page as one CSV file to download (a bad period: the page, with its message)."""
    choice = read_choice(request.args)
    figures = compute(choice)
    if figures is None:
        return _page(choice, None)
    name = f"evaluatie-{figures.period.start.isoformat()}-{figures.period.end.isoformat()}.csv"
    return Response(csv_lines(figures, tables(figures)), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})

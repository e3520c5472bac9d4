"""Languages: Dutch by default, English available (Flask-Babel).

The language is the one chosen with the switch in the page header (kept in
a cookie for a year, so it survives signing out and in again); without a
choice, the browser's ``Accept-Language`` picks between Dutch and English,
and Dutch wins everything else. Source strings are Dutch; the catalogs live
in ``web/translations`` (see the README for updating them).

Dates and hours are written the way each language writes them, each kind in
one format per language, through Babel (``DAY``, ``MOMENT``, ``MONTH``):
``9 dec 2026`` / ``9 Dec 2026``, with the time ``9 dec 2026, 14:00``, and a
month ``dec 2026``. Every page writes a date with ``day``, a moment with
``moment`` and a month with ``month``. Expertise areas have an English label
in the taxonomy (``label_en``); names and roles are data and stay as stored;
the search's "why" lines are said in the page's language (``web.words.reasons``).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from babel.dates import format_datetime
from flask import Flask, request
from flask_babel import Babel, format_date, format_decimal, get_locale
from flask_babel import lazy_gettext as _l

from directory.consultations.workdays import NETHERLANDS
from directory.pool.model import ExpertiseArea

LANGUAGES = ("nl", "en")
DEFAULT = "nl"
COOKIE = "kernteamdb_lang"
TRANSLATIONS = Path(__file__).parent / "translations"

#: Declared expertise levels as the pages name them.
LEVELS = {1: _l("basiskennis"), 2: _l("ervaren"), 3: _l("specialist")}


def select_locale() -> str:
    """The language of this request: the switch's cookie, else the browser's preference."""
    chosen = request.cookies.get(COOKIE)
    if chosen in LANGUAGES:
        return chosen
    for tag, _quality in request.accept_languages:  # most wanted first; nl-BE counts as nl
        primary = tag.replace("_", "-").split("-")[0].lower()
        if primary in LANGUAGES:
            return primary
    return DEFAULT


def language() -> str:
    """The language this request is answered in (``nl`` or ``en``)."""
    return str(get_locale() or DEFAULT)


#: How a day, a moment and a month are written: the same pattern in both
#: languages (Babel gives the month's name): a worker reads the day first.
DAY = "d MMM y"
MOMENT = "d MMM y, HH:mm"
MONTH = "MMM y"


def month(day: date) -> str:
    """A day as "when it last happened": ``aug 2026`` / ``Aug 2026``."""
    return str(format_date(day, MONTH))


def day(value: date) -> str:
    """A date written out: ``16 nov 2026`` / ``16 Nov 2026``."""
    return str(format_date(value, DAY))


def moment(value: datetime) -> str:
    """A stored moment as the day and time it was in the Netherlands:
    ``2 dec 2026, 13:05`` / ``2 Dec 2026, 13:05`` (a moment without a time
    zone is UTC, as the store keeps them)."""
    return str(format_datetime(value, MOMENT, tzinfo=NETHERLANDS, locale=language()))


def number(value: float) -> str:
    """Hours with the language's decimal mark and no trailing zero: 31,5 / 31.5
    (in Dutch the same as ``directory.search.dutch.dutch_number`` writes them)."""
    return str(format_decimal(round(value, 1), "0.#"))


def area_label(area: ExpertiseArea) -> str:
    """An expertise area's label in the page's language (Dutch when there is no English one)."""
    return area.label_en if language() == "en" and area.label_en else area.label


def level_label(level: int | None) -> str:
    return str(LEVELS[level]) if level in LEVELS else ""


def register(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT)
    Babel(app, locale_selector=select_locale, default_translation_directories=str(TRANSLATIONS))

    @app.context_processor
    def helpers() -> dict[str, Any]:
        return {"language": language(), "month": month, "day": day, "moment": moment,
                "number": number,
                "area_label": area_label, "level_label": level_label}

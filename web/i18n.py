"""Languages: Dutch by default, English available (Flask-Babel).

The language is the one chosen with the switch in the page header (kept in
a cookie for a year, so it survives signing out and in again); without a
choice, the browser's ``Accept-Language`` picks between Dutch and English,
and Dutch wins everything else. Source strings are Dutch; the catalogs live
in ``web/translations`` (see the README for updating them).

Dates and hours are written the way each language writes them. Expertise
areas have an English label in the taxonomy (``label_en``); names, roles and
the search's "why" lines are data and stay as stored.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from flask import Flask, request
from flask_babel import Babel, format_date, format_decimal, get_locale
from flask_babel import lazy_gettext as _l

from directory.dutch import dutch_number, month_label
from directory.model import ExpertiseArea
from directory.workdays import NETHERLANDS

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


def month(day: date) -> str:
    """A day as "when it last happened": ``aug 2026`` / ``Aug 2026``."""
    return month_label(day) if language() == "nl" else str(format_date(day, "MMM yyyy"))


def day(value: date) -> str:
    """A date written out: ``16 nov. 2026`` / ``Nov 16, 2026``."""
    return str(format_date(value, "medium"))


def moment(value: datetime) -> str:
    """A stored moment as the day (written as ``day`` writes it, so a page has one
    date format) and the time in the Netherlands: ``2 dec 2026 13:05`` / ``Dec 2, 2026 13:05``."""
    local = value.astimezone(NETHERLANDS)
    return f"{day(local.date())} {local:%H:%M}"


def number(value: float) -> str:
    """Hours with the language's decimal mark and no trailing zero: 31,5 / 31.5."""
    return dutch_number(value) if language() == "nl" else str(format_decimal(round(value, 1), "0.#"))


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
        return {"language": language(), "month": month, "day": day, "number": number,
                "area_label": area_label, "level_label": level_label}

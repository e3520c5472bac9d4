"""Beheer > Audittrail (``/beheer/audit``): the entries, newest page last
(oldest first, as the trail is written), filtered by user, kind, record id
and a period of whole days, 50 a page; and the same filtered entries as JSON
lines or CSV (``/beheer/audit/export``). Coordinators and admins only
(``directory.accounts.audit`` checks ``read_audit``). Bad filters are answered with a
Dutch message at the field, the values as typed, and no entries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import Response, render_template, request, stream_with_context
from flask_babel import gettext
from werkzeug.datastructures import MultiDict

from directory.accounts import audit
from directory.accounts.audit import AUDIT_KINDS
from directory.accounts.roles import READ_AUDIT, require
from directory.errors import InvalidInput
from web.guard import signed_in, store
from web.pages.manage import bp
from web.pages.parts.audit_view import ACTION_WORDS, KIND_WORDS, changes, csv_lines

PAGE = 50
FIELDS = ("gebruiker", "soort", "record", "vanaf", "tot", "pagina")
FORMATS = {"jsonl": ("application/x-ndjson", "audittrail.jsonl"), "csv": ("text/csv", "audittrail.csv")}


@dataclass
class Filters:
    """What the filter form asked for: the values as typed, the filters for
    ``directory.accounts.audit`` and a Dutch message per bad field."""

    typed: dict[str, str]
    query: dict[str, Any] = field(default_factory=dict)
    page: int = 1
    errors: dict[str, str] = field(default_factory=dict)


def _day(typed: dict[str, str], name: str, errors: dict[str, str]) -> datetime | None:
    text = typed[name]
    if not text:
        return None
    try:
        if len(text) != 10:
            raise InvalidInput("not a day")
        return audit.parse_moment(text, name)
    except InvalidInput:
        errors[name] = gettext("Vul een datum in als JJJJ-MM-DD, bijvoorbeeld 2026-11-16.")
        return None


def read_filters(args: MultiDict[str, str]) -> Filters:
    """The filters of the page's query string, checked."""
    typed = {name: args.get(name, "").strip() for name in FIELDS}
    errors: dict[str, str] = {}
    if len(typed["gebruiker"]) > 64:
        errors["gebruiker"] = gettext("Een gebruikersnaam heeft hoogstens 64 tekens.")
    if typed["soort"] and typed["soort"] not in AUDIT_KINDS:
        errors["soort"] = gettext("Kies een soort uit de lijst.")
    if len(typed["record"]) > 100:
        errors["record"] = gettext("Een id heeft hoogstens 100 tekens.")
    since, until = _day(typed, "vanaf", errors), _day(typed, "tot", errors)
    if since and until and until < since:
        errors["tot"] = gettext("Deze datum ligt vóór de datum bij 'vanaf'.")
    page = 1
    if typed["pagina"]:
        if typed["pagina"].isdigit() and 1 <= int(typed["pagina"]) <= 1_000_000:
            page = int(typed["pagina"])
        else:
            errors["pagina"] = gettext("Kies een paginanummer vanaf 1.")
    query = {"user": typed["gebruiker"] or None, "kind": typed["soort"] or None,
             "record": typed["record"] or None, "since": since,
             "until": until + timedelta(days=1) if until else None}  # "tot en met" that day
    return Filters(typed, query, page, errors)


def _page(filters: Filters, status: int = 200) -> Any:
    entries, more = [], False
    if not filters.errors:
        found = audit.entries(store(), by=signed_in(), **filters.query, limit=PAGE + 1,
                              offset=(filters.page - 1) * PAGE)
        entries, more = found[:PAGE], len(found) > PAGE
    rows = [(entry, *changes(entry.before, entry.after)) for entry in entries]
    kept = {name: value for name, value in filters.typed.items() if value and name != "pagina"}
    return render_template("manage_audit.html", rows=rows, more=more, filters=filters, kept=kept,
                           kinds=[(kind, KIND_WORDS.get(kind, kind)) for kind in AUDIT_KINDS],
                           kind_words=KIND_WORDS, action_words=ACTION_WORDS), \
        400 if filters.errors else status


@bp.get("/audit")
def audit_trail() -> Any:
    require(signed_in(), READ_AUDIT)
    return _page(read_filters(request.args))


@bp.get("/audit/export")
def audit_export() -> Any:
    """The filtered entries (every page) as JSON lines or CSV, to download."""
    require(signed_in(), READ_AUDIT)
    filters = read_filters(request.args)
    chosen = request.args.get("formaat", "jsonl")
    if chosen not in FORMATS:
        filters.errors["formaat"] = gettext("Kies JSON-regels of CSV.")
    if filters.errors:
        return _page(filters)
    lines = audit.export_lines(store(), by=signed_in(), **filters.query)
    mimetype, filename = FORMATS[chosen]
    body = csv_lines(lines) if chosen == "csv" else lines
    return Response(stream_with_context(body), mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})

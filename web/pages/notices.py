"""Meldingen: the signed-in professional's notices from consultations, newest
first, each one sentence (``web.words.notices``) with a link to the
consultation, and "Alles gelezen". The menu shows how many are unread
(a context processor: one cheap query per page).

"Alles gelezen" marks read what the page showed: it sends the newest notice's
``seq``, so a notice that arrived after the page was drawn stays unread.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_wtf import FlaskForm
from wtforms import HiddenField

from directory.consultations import notices
from directory.consultations import service as consult
from directory.errors import StoreUnavailable
from web.guard import current_user, signed_in, store
from web.i18n import moment
from web.words.notices import notice_text

bp = Blueprint("notices", __name__)


class ReadForm(FlaskForm):
    """"Alles gelezen": the ``seq`` of the newest notice the page showed."""

    up_to = HiddenField()


@dataclass(frozen=True)
class Line:
    """One notice as the page shows it."""

    text: str
    at: str
    link: str
    read: bool


def consultation_link(consultation_id: str) -> str:
    """Where a consultation's page is (``/consultaties/<id>``, the consultation pages' address)."""
    return "/consultaties/" + quote(consultation_id, safe="")


@bp.route("/meldingen", methods=["GET", "POST"])
def index() -> Any:
    user = signed_in()
    form = ReadForm()
    status = 200
    if form.is_submitted():
        up_to = (form.up_to.data or "").strip()
        if form.validate() and up_to.isdigit():
            consult.mark_read(store(), int(up_to), by=user)
            flash(gettext("Alle meldingen zijn gelezen."))
            return redirect(url_for("notices.index"))
        flash(gettext("Dit formulier klopt niet. Laad de pagina opnieuw."))
        status = 400
    found = notices.for_user(store(), by=user)
    form.up_to.data = str(max((n.seq for n in found), default=0))
    lines = [Line(notice_text(n.what), moment(n.at), consultation_link(n.consultation), n.read)
             for n in found]
    return render_template("notices.html", lines=lines, form=form, linked=user.professional is not None,
                           unread=sum(not line.read for line in lines), shown=notices.SHOWN), status


@bp.app_context_processor
def unread_badge() -> dict[str, Any]:
    """``unread_notices`` for the menu: how many of the user's notices are unread."""
    user = current_user()
    count = 0
    if user is not None:
        with suppress(StoreUnavailable):  # an error page must render even then
            count = notices.unread(store(), by=user)
    return {"unread_notices": count, "unread_notices_max": notices.COUNTED - 1}

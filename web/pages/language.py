"""The language switch: ``POST /taal`` remembers Dutch or English in a cookie
and goes back to the page it came from. Open to everyone (the login page has
the switch too) and, like every form, refused without its CSRF token."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, redirect, request

from web.i18n import COOKIE, LANGUAGES
from web.next_page import safe_next

bp = Blueprint("language", __name__)

A_YEAR = 365 * 24 * 3600


@bp.post("/taal")
def choose() -> Any:
    response = redirect(safe_next(request.form.get("next")))
    chosen = request.form.get("lang")
    if chosen in LANGUAGES:
        response.set_cookie(COOKIE, chosen, max_age=A_YEAR, httponly=True, samesite="Lax",
                            secure=bool(current_app.config["SESSION_COOKIE_SECURE"]))
    return response

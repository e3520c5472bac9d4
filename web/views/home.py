"""The start page and the health check. After signing in a worker lands on
the search page: finding a specialist is what they come for; it also counts
what the directory holds."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify

from directory.errors import StoreUnavailable
from web.guard import store
from web.views.search import render_search

bp = Blueprint("home", __name__)


@bp.get("/")
def index() -> Any:
    return render_search(start=True)


@bp.get("/healthz")
def healthz() -> Any:
    try:
        revision = store().revision()
    except StoreUnavailable as exc:
        return jsonify(status="unavailable", reason=exc.message), 503
    return jsonify(status="ok", revision=revision)

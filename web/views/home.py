"""The signed-in start page and the health check."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, render_template

from directory.errors import StoreUnavailable
from directory.model import KINDS
from web.guard import store

bp = Blueprint("home", __name__)


@bp.get("/")
def index() -> str:
    counts = {kind: store().count(kind) for kind in KINDS}
    return render_template("home.html", counts=counts, demo=store().is_demo())


@bp.get("/healthz")
def healthz() -> Any:
    try:
        revision = store().revision()
    except StoreUnavailable as exc:
        return jsonify(status="unavailable", reason=exc.message), 503
    return jsonify(status="ok", revision=revision)

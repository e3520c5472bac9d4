"""Everything a person or another program touches: the Flask app and the
``kernteamdb`` command line. ``create_app`` is the application factory."""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify, render_template

from directory.errors import StoreUnavailable
from directory.model import KINDS
from directory.ports import Store

STORE = "kernteamdb.store"


def create_app(config: dict[str, Any] | None = None, *, store: Store | None = None) -> Flask:
    """Build the web app around ``store`` (or the one at ``config['STORE_URL']``)."""
    app = Flask(__name__)
    app.config.update(STORE_URL=None, MAX_CONTENT_LENGTH=2 * 1024 * 1024)
    app.config.update(config or {})
    if store is None:
        from graph.stores import open_store

        store = open_store(app.config["STORE_URL"])
    app.extensions[STORE] = store

    @app.get("/")
    def home() -> str:
        counts = {kind: store.count(kind) for kind in KINDS}
        return render_template("home.html", counts=counts, demo=store.is_demo())

    @app.get("/healthz")
    def healthz() -> Any:
        try:
            revision = store.revision()
        except StoreUnavailable as exc:
            return jsonify(status="unavailable", reason=exc.message), 503
        return jsonify(status="ok", revision=revision)

    return app

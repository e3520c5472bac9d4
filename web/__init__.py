"""Everything a person or another program touches: the Flask app and the
``kernteamdb`` command line. ``create_app`` is the application factory."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from directory.ports import Store
from web.guard import STORE

__all__ = ["STORE", "create_app"]


def _untranslated(text: str, **values: Any) -> str:
    """``_()`` in templates: marks a string for translation (Flask-Babel's
    gettext takes its place when translations arrive)."""
    return text % values if values else text


def create_app(config: dict[str, Any] | None = None, *, store: Store | None = None) -> Flask:
    """Build the web app around ``store`` (or the one at ``config['STORE_URL']``)."""
    from web import api, errors, guard, headers, settings
    from web.views import auth, home, pool, profile, search

    app = Flask(__name__)
    if store is None:
        from graph.stores import open_store

        store = open_store((config or {}).get("STORE_URL"))
    settings.configure(app, config, store)
    CSRFProtect(app)
    guard.register(app, store)
    errors.register(app)
    headers.register(app)
    app.jinja_env.globals["_"] = _untranslated
    app.register_blueprint(home.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(search.bp)
    app.register_blueprint(profile.bp)
    app.register_blueprint(pool.bp)
    api.register(app)
    return app

"""Everything a person or another program touches: the Flask app and the
``kernteamdb`` command line. ``create_app`` is the application factory."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from directory.consultations.hours import WARN_AT
from directory.ports import Store
from web.guard import STORE

__all__ = ["STORE", "create_app"]


def create_app(config: dict[str, Any] | None = None, *, store: Store | None = None) -> Flask:
    """Build the web app around ``store`` (or the one at ``config['STORE_URL']``)."""
    from directory import privacy as privacy_guard
    from web import errors, guard, headers, i18n, metrics, settings
    from web import pages as views
    from web.api import routes as api
    from web.pages.parts import uploads
    from web.proxy import TrustedProxyHeaders
    from web.words import reasons as reason_words

    privacy_guard.prepare()  # the guard is whole before the first free text comes in
    app = Flask(__name__, template_folder="pages/templates")
    if store is None:
        from graph.stores import open_store

        store = open_store((config or {}).get("STORE_URL"))
    settings.configure(app, config, store)
    metrics.register(app, store)  # first, so that even a refused request is timed and counted
    guard.register(app, store)  # who is asking, before anything reads a body
    uploads.register(app)  # before CSRF protection, which reads the form
    CSRFProtect(app)
    errors.register(app)
    headers.register(app)
    i18n.register(app)
    views.register(app)  # every page's blueprint (web/pages/)
    api.register(app)
    app.jinja_env.globals["budget_warn_percent"] = round(WARN_AT * 100)  # budget_macros.html
    app.jinja_env.globals["why_lines"] = reason_words.why_lines  # search.html, consult_detail.html
    # outermost: every part below sees the public scheme and host a trusted proxy forwarded
    app.wsgi_app = TrustedProxyHeaders(app.wsgi_app, app.config["TRUSTED_PROXY_NETWORKS"])  # type: ignore[method-assign]
    return app

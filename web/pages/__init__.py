"""Blueprints for the HTML pages: search (also the start page), profiles, the
network, expertise, teams and organisations, signing in and the language.

Every module of this package that has a blueprint ``bp`` is registered by
``register`` (``create_app`` calls it), so a new page is a new module here and
its template, and nothing else lists it. Modules that add routes to another
module's blueprint (``manage_audit`` to ``manage.bp``) are imported first, so
their routes are on the blueprint before it is registered."""

from __future__ import annotations

import importlib
import pkgutil

from flask import Blueprint, Flask


def blueprints() -> list[Blueprint]:
    """The blueprints of this package's modules, each once, in module-name order."""
    modules = [importlib.import_module(f"{__name__}.{info.name}") for info in pkgutil.iter_modules(__path__)]
    found: list[Blueprint] = []
    for module in modules:
        blueprint = getattr(module, "bp", None)
        if isinstance(blueprint, Blueprint) and all(blueprint is not known for known in found):
            found.append(blueprint)
    return found


def register(app: Flask) -> None:
    """Register every page's blueprint on ``app``."""
    for blueprint in blueprints():
        app.register_blueprint(blueprint)

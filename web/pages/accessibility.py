"""The accessibility statement (toegankelijkheidsverklaring), after the model
of digitoegankelijk.nl: the standard (WCAG 2.2 AA), how the product is
tested, what is known not to meet it yet, and whom to tell. It is public —
someone who cannot sign in because of a barrier must be able to read it and
report it. A municipality that runs KernteamDB publishes its own statement in
the register; ``KERNTEAMDB_ACCESSIBILITY_CONTACT`` (an e-mail address or a
web address) says where its users report a problem.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, render_template

bp = Blueprint("accessibility", __name__)


@bp.get("/toegankelijkheid")
def statement() -> Any:
    contact = current_app.config.get("ACCESSIBILITY_CONTACT") or None
    return render_template("accessibility.html", contact=contact,
                           contact_is_mail=bool(contact and "@" in contact and "/" not in contact))

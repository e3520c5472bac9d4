"""Beheer: the coordinator's and admin's pages under ``/beheer`` — an index of
the tools this user may use, the profiles that need confirming
(``/beheer/actualiteit``), the audit trail (``manage_audit``) and the users
(``manage_users``).

Every page calls a ``directory`` service that checks the role itself, so a
page refuses (403) exactly what the API and the command line refuse; the
pages only hide what the role cannot use.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from flask import Blueprint, current_app, render_template, request
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from directory.accounts.roles import (
    EVALUATE,
    MANAGE_USERS,
    READ_AUDIT,
    WRITE_POOL,
    Action,
    User,
    may,
    require,
)
from directory.errors import Forbidden
from directory.pool.freshness import STALE_MONTHS, stale_profiles
from directory.pool.model import Organisation
from directory.pool.reminders import recently_reminded, refused_by_own_account, why_not
from web.guard import current_user, signed_in, store
from web.notify import mail_setup

bp = Blueprint("manage", __name__, url_prefix="/beheer")

#: The tools of the index page: endpoint, title, what it is for, who may use it.
TOOLS: list[tuple[str, Any, Any, Action]] = [
    ("manage.freshness", _l("Actualiteit"),
     _l("Profielen die langer dan zes maanden niet zijn bevestigd."), WRITE_POOL),
    ("manage.audit_trail", _l("Audittrail"),
     _l("Wie wat wanneer veranderde, aanmeldingen inbegrepen; filteren en exporteren."), READ_AUDIT),
    ("manage.users", _l("Gebruikers"),
     _l("Wie mag inloggen, met welke rol en als welke professional."), MANAGE_USERS),
    ("doubles.doubles", _l("Dubbelen"),
     _l("Professionals die waarschijnlijk twee keer in de pool staan: vergelijken en samenvoegen."),
     WRITE_POOL),
    ("bulk.upload", _l("Import/export"),
     _l("De pool in één keer bijwerken uit JSON of CSV, met een voorbeeld vooraf; "
        "of de hele pool downloaden."), WRITE_POOL),
    ("manage.evaluation_page", _l("Evaluatie"),
     _l("Het halfjaar in cijfers: verzoeken, uren tegen budget, doorlooptijden, uitkomsten, "
        "herhaalde verzoeken en nieuwe samenwerkingen; afdrukken of als CSV."), EVALUATE),
]


def today() -> date:
    """Today, or the app's ``TODAY`` setting (tests)."""
    fixed: date | None = current_app.config["TODAY"]
    return fixed or date.today()


def now() -> datetime:
    return datetime.now(UTC)


@bp.app_context_processor
def management() -> dict[str, Any]:
    """``manages``: whether the header shows the "Beheer" entry."""
    user = current_user()
    return {"manages": user is not None and any(may(user, action) for *_, action in TOOLS)}


@bp.get("/")
def index() -> Any:
    user = signed_in()
    tools = [(endpoint, title, text) for endpoint, title, text, action in TOOLS if may(user, action)]
    if not tools:
        raise Forbidden(f"a {user.role} has no management tools")
    return render_template("manage_index.html", tools=tools)


@bp.get("/actualiteit")
def freshness() -> Any:
    """Stale profiles, oldest first, optionally of one organisation."""
    return freshness_page(signed_in(), request.args.get("organisatie", ""))


def freshness_page(user: User, organisation: str | None, message: str | None = None,
                   status: int = 200) -> Any:
    """The Actualiteit page, with ``message`` (and ``status``) after a refused action."""
    require(user, WRITE_POOL)  # before anything is read: 403 before 400
    organisations = sorted((o for o in store().iter_records("organisations") if isinstance(o, Organisation)),
                           key=lambda o: o.name)
    chosen = (organisation or "").strip() or None
    filter_message, people = None, []
    if chosen is not None and chosen not in {o.id for o in organisations}:
        filter_message, status = gettext("Deze organisatie bestaat niet; kies er een uit de lijst."), 400
    else:
        people = stale_profiles(store(), by=user, today=today(), organisation=chosen)
    names = {o.id: o.name for o in organisations}
    refused, reminded = refused_by_own_account(store()), recently_reminded(store(), now())
    return render_template(
        "manage_freshness.html", people=people, organisations=organisations, names=names,
        chosen=chosen, message=filter_message, action_message=message, months=STALE_MONTHS,
        reminded=reminded, mail_ready=mail_setup() is not None,
        versions=store().versions("professionals", [p.id for p in people]),
        remindable={p.id for p in people if why_not(store(), p, today=today(), refused=refused,
                                                     reminded=reminded) is None}), status


from web.pages import (  # noqa: E402, F401  (their routes are on bp)
    manage_audit,
    manage_evaluation,
    manage_remind,
    manage_users,
)

"""The coordinator's forms for organisations and teams: create, edit, retire
(after a confirmation page) and reactivate.

Both kinds work the same way, so one set of views serves both, told apart by
``SPECS``. As for profiles (``web.pages.edit``), every change goes through
``directory.pool.maintain`` — role, validation, version and audit trail are the
service's — and the form shows the service's problems per field in Dutch,
with what was typed kept.

``/organisaties/nieuw``, ``/organisaties/<id>/bewerken``, ``/organisaties/<id>/opheffen``,
``POST /organisaties/<id>/heropenen``, and the same under ``/teams``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from directory.accounts.roles import WRITE_POOL, User, may, require
from directory.errors import Conflict, InvalidInput
from directory.exchange.document import record_to_dict
from directory.pool import browse
from directory.pool import maintain as pool
from directory.pool.changes import Saved
from web.guard import current_user, signed_in, store
from web.pages.edit import STALE, on_confirmation
from web.pages.forms.edit import ActionForm, OrganisationForm, RecordForm, TeamForm, empty_to_none, options
from web.pages.parts import choices
from web.pages.pool import LINES, TEAM_KINDS

bp = Blueprint("edit_pool", __name__)


def _offer_organisation(form: Any) -> None:
    form.line.choices = options([("", gettext("— onbekend —")), *((k, str(v)) for k, v in LINES.items())])
    form.areas.choices = options(choices.areas())
    chosen = list(form.wijken.data or [])
    form.wijken.choices = options([(w, w) for w in dict.fromkeys([*choices.wijken(), *chosen])])


def _offer_team(form: Any) -> None:
    kinds = [(k, str(v)) for k, v in TEAM_KINDS.items()]
    form.kind.choices = options([("", gettext("— onbekend —")), *kinds])
    form.organisation.choices = options([("", gettext("— geen —")), *choices.organisations()])


@dataclass(frozen=True)
class Spec:
    """How one kind of record is edited in the browser."""

    kind: str
    path: str  # the Dutch path of its pages
    form: type[RecordForm]
    offer: Callable[[Any], None]
    page: str  # the endpoint of its page
    argument: str  # the endpoint's argument
    new: LazyString
    editing: LazyString


SPECS = {
    "organisations": Spec("organisations", "organisaties", OrganisationForm, _offer_organisation,
                          "pool.organisation", "organisation_id", _l("Nieuwe organisatie"),
                          _l("Organisatie %(name)s bewerken")),
    "teams": Spec("teams", "teams", TeamForm, _offer_team, "pool.team", "team_id",
                  _l("Nieuw team"), _l("Team %(name)s bewerken")),
}


def _page(spec: Spec, record_id: str) -> Any:
    arguments: dict[str, Any] = {spec.argument: record_id}
    return redirect(url_for(spec.page, **arguments))


def _coordinator_and_record(spec: Spec, record_id: str) -> tuple[User, Saved]:
    """The signed-in coordinator and the record (404 for an unknown id, then 403)."""
    user = signed_in()
    found = browse.stored(store(), spec.kind, record_id, by=user)
    require(user, WRITE_POOL)
    return user, found


def _form_page(spec: Spec, form: RecordForm, heading: str, stale: bool, record: Any) -> Any:
    status = 409 if stale else 400 if form.problems else 200
    return render_template("edit_record.html", form=form, heading=heading, spec=spec, record=record,
                           stale=STALE if stale else None, wijken=choices.wijken()), status


def edit_record(kind: str, record_id: str) -> Any:
    spec = SPECS[kind]
    user, found = _coordinator_and_record(spec, record_id)
    if request.method == "GET":
        form = spec.form(data={**record_to_dict(found.record), "version": str(found.version)})
    else:
        form = spec.form()
    spec.offer(form)
    stale = False
    if form.validate_on_submit():
        try:
            pool.edit(store(), kind, record_id, form.values(), version=form.edited_version(), by=user)
        except InvalidInput as exc:
            form.show_problems(exc)
        except Conflict:
            stale = True
            form.version.data = str(browse.stored(store(), kind, record_id, by=user).version)
        else:
            flash(gettext("De wijzigingen zijn opgeslagen."))
            return _page(spec, record_id)
    name = getattr(found.record, "name", record_id)
    return _form_page(spec, form, str(spec.editing) % {"name": name}, stale, found.record)


def new_record(kind: str) -> Any:
    spec = SPECS[kind]
    user = signed_in()
    require(user, WRITE_POOL)
    form = spec.form()
    spec.offer(form)
    if form.validate_on_submit():
        try:
            created = pool.create(store(), kind, empty_to_none(form.values()), by=user)
        except InvalidInput as exc:
            form.show_problems(exc)
        else:
            flash(gettext("%(name)s is toegevoegd.", name=getattr(created.record, "name", "")))
            return _page(spec, created.record.id)
    return _form_page(spec, form, str(spec.new), False, None)


def retire_record(kind: str, record_id: str) -> Any:
    """A confirmation page; the POST from it retires the record."""
    spec = SPECS[kind]
    user, found = _coordinator_and_record(spec, record_id)
    form = ActionForm()
    done, stale = on_confirmation(
        form, found, lambda version: pool.retire(store(), kind, record_id, by=user, version=version),
        lambda: browse.stored(store(), kind, record_id, by=user))
    if done:
        flash(gettext("%(name)s is opgeheven.", name=getattr(found.record, "name", record_id)))
        return _page(spec, record_id)
    return render_template("edit_retire.html", form=form, spec=spec, record=found.record,
                           retired=not found.active, stale=STALE if stale else None), \
        409 if stale else 200


def reactivate_record(kind: str, record_id: str) -> Any:
    spec = SPECS[kind]
    user, found = _coordinator_and_record(spec, record_id)
    pool.reactivate(store(), kind, record_id, by=user, version=ActionForm().based_on())
    flash(gettext("%(name)s doet weer mee.", name=getattr(found.record, "name", record_id)))
    return _page(spec, record_id)


for _kind, _spec in SPECS.items():
    bp.add_url_rule(f"/{_spec.path}/nieuw", f"new_{_kind}", new_record, methods=["GET", "POST"],
                    defaults={"kind": _kind})
    bp.add_url_rule(f"/{_spec.path}/<path:record_id>/bewerken", f"edit_{_kind}", edit_record,
                    methods=["GET", "POST"], defaults={"kind": _kind})
    bp.add_url_rule(f"/{_spec.path}/<path:record_id>/opheffen", f"retire_{_kind}", retire_record,
                    methods=["GET", "POST"], defaults={"kind": _kind})
    bp.add_url_rule(f"/{_spec.path}/<path:record_id>/heropenen", f"reactivate_{_kind}",
                    reactivate_record, methods=["POST"], defaults={"kind": _kind})


@bp.app_context_processor
def may_write_pool() -> dict[str, Any]:
    """Whether the signed-in user may change the pool: pages offer the forms then."""
    user = current_user()
    return {"may_write_pool": user is not None and may(user, WRITE_POOL)}

"""Bulk import and export for coordinators: ``/beheer/import`` and ``/beheer/export``.

Import is three steps: upload (one JSON exchange document, or CSV files one
per kind, or a zip of them) -> a preview of what would be new, changed and
unchanged, with every problem per row -> "Doorvoeren", which writes exactly
the previewed upload (kept on the server, ``web/pages/parts/uploads.py``) or, if the pool
changed since the preview, nothing. The checks and the role rules are
``directory.exchange.preview``'s; this module shows them.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date
from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, session, stream_with_context, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from directory.accounts.roles import WRITE_POOL, User, require
from directory.errors import Conflict, InvalidInput
from directory.exchange import csv_files as csv_exchange
from directory.exchange import preview
from directory.exchange.document import export_lines
from directory.pool.model import KINDS
from web.guard import signed_in, store
from web.pages.forms.common import CommitForm, ConfirmForm, ImportForm
from web.pages.parts import csv_columns, uploads
from web.words import problem_text

bp = Blueprint("bulk", __name__, url_prefix="/beheer")

UPLOAD = "import_upload"
KIND_LABELS = {"expertise": _l("Expertisegebieden"), "organisations": _l("Organisaties"),
               "teams": _l("Teams"), "professionals": _l("Professionals"), "cases": _l("Casussen")}
#: How many records of one kind and state the preview names (the counts are always whole).
SHOWN = 500
STATE_LABELS = {"new": _l("nieuw"), "changed": _l("gewijzigd"), "unchanged": _l("ongewijzigd")}


def coordinator() -> User:
    """The signed-in user, if they may change the pool (``Forbidden``: the 403 page)."""
    user = signed_in()
    require(user, WRITE_POOL)
    return user


@bp.route("/import", methods=["GET", "POST"])
def upload() -> Any:
    coordinator()
    form = ImportForm()
    if form.validate_on_submit():
        chosen = [f for f in form.files.data or [] if f and f.filename]
        if not chosen:
            form.files.errors = [gettext("Kies een JSON-document of een of meer CSV-bestanden.")]
        else:
            try:
                files = uploads.unpack([(f.filename or "", f.read()) for f in chosen])
            except InvalidInput as exc:
                form.files.errors = [" ".join(f"{place}: {message}" if place else message
                                              for place, message in problem_text.problems(exc.problems))]
            else:
                uploads.discard(session.get(UPLOAD))
                session[UPLOAD] = uploads.save(files)
                return redirect(url_for("bulk.show_preview"))
    status = 400 if form.errors else 200
    return render_template("import.html", form=form, files=csv_columns.all_columns(),
                           pending=uploads.waiting(session.get(UPLOAD))), status


@bp.get("/import/voorbeeld")
def show_preview() -> Any:
    return _preview_page(coordinator())


def _preview_page(user: User, message: str | None = None, status: int = 200) -> Any:
    key = session.get(UPLOAD)
    files = uploads.load(key)
    if files is None:
        flash(gettext("Er staat geen upload (meer) klaar; kies het bestand opnieuw."))
        return redirect(url_for("bulk.upload"))
    found = preview.preview(files, store(), user)
    form = CommitForm(formdata=None, upload=key, revision=str(found.revision))
    return render_template("import_preview.html", preview=found, files=sorted(files),
                           problems=problem_text.problems(found.problems), message=message,
                           kinds=KINDS, kind_labels=KIND_LABELS, states=preview.STATES,
                           state_labels=STATE_LABELS, shown=SHOWN, form=form,
                           cancel_form=ConfirmForm()), status


@bp.post("/import/doorvoeren")
def commit() -> Any:
    user = coordinator()
    form = CommitForm()
    form.validate_on_submit()  # CSRF is checked before this for every POST
    key = session.get(UPLOAD)
    files = uploads.load(key)
    if files is None or form.upload.data != key:
        return _preview_page(user, gettext("Er is niets doorgevoerd: dit voorbeeld hoort niet bij je "
                                           "laatste upload. Hieronder staat het voorbeeld daarvan."),
                             409)
    try:
        plan = preview.commit(files, store(), user, int(form.revision.data or ""))
    except ValueError:
        return _preview_page(user, gettext("Er is niets doorgevoerd: het formulier is onvolledig."), 400)
    except Conflict:
        return _preview_page(user, problem_text.conflict_text(), 409)
    except InvalidInput:
        return _preview_page(user, gettext("Er is niets doorgevoerd: de upload heeft problemen."), 400)
    uploads.discard(key)
    session.pop(UPLOAD, None)
    counts = [gettext("%(kind)s: %(new)s nieuw, %(changed)s gewijzigd, %(unchanged)s ongewijzigd",
                      kind=KIND_LABELS[kind], new=c.new, changed=c.changed, unchanged=c.unchanged)
              for kind, c in plan.counts.items() if c.total]
    flash(gettext("Doorgevoerd.") + " " + "; ".join(counts))
    return redirect(url_for("bulk.upload"))


@bp.post("/import/annuleren")
def cancel() -> Any:
    coordinator()
    ConfirmForm().validate_on_submit()
    uploads.discard(session.pop(UPLOAD, None))
    flash(gettext("De upload is weggegooid; er is niets veranderd."))
    return redirect(url_for("bulk.upload"))


@bp.get("/export")
def export() -> Any:
    coordinator()
    return render_template("export.html")


@bp.get("/export/kernteamdb.json")
def export_json() -> Any:
    coordinator()
    opened = store()
    response = Response(stream_with_context(export_lines(opened)), mimetype="application/json")
    return _attachment(response, f"kernteamdb-{date.today().isoformat()}.json")


@bp.get("/export/kernteamdb-csv.zip")
def export_csv() -> Any:
    user = coordinator()
    try:
        files = csv_exchange.export_csv(store(), by=user)
    except InvalidInput as exc:
        return render_template("export.html", problems=problem_text.problems(exc.problems)), 400
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text.encode("utf-8"))
    response = Response(buffer.getvalue(), mimetype="application/zip")
    return _attachment(response, f"kernteamdb-csv-{date.today().isoformat()}.zip")


def _attachment(response: Response, name: str) -> Response:
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

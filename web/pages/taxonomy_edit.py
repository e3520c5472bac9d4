"""Keeping the taxonomy right, in the browser (coordinators): add an area, add
or remove a synonym, take or turn down a proposed one (``directory.search.proposals``:
words workers used for the area in consultations), move an area under
another, merge two areas.

Each page only reads the form and calls one service (``directory.pool.maintain``,
``areas``, ``merge``): those check the role, refuse cycles and merges into
itself, and write the change with its audit trail — so the pages refuse
exactly what the API and the command line refuse. A refused change shows
the form again with a message per field and what was typed; a change based
on a version someone else has since replaced changes nothing and says so.
A merge first shows what will move (claims, cases, organisations, narrower
areas, synonyms) and is made only after it is confirmed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from directory.accounts.roles import WRITE_POOL, may
from directory.errors import DirectoryError
from directory.pool import areas as area_ops
from directory.pool import maintain as pool
from directory.pool import merge
from directory.pool.model import ExpertiseArea
from directory.problems import Problem
from directory.search import proposals
from web.answers import VOCABULARY
from web.guard import current_user, store
from web.pages.forms.tools import AreaMergeForm, ConfirmMergeForm, MoveForm, NewAreaForm, SynonymForm
from web.pages.parts.field_problems import FORM, messages, show_on
from web.pages.parts.lookups import lookups
from web.pages.parts.signed_in import keeper, record

bp = Blueprint("taxonomy_edit", __name__)

NO_BROADER = ("", _l("geen: een domein van zichzelf"))
#: The services' field names, as the forms call them.
AREA_FIELDS = {"id": "id", "label": "label", "broader": "broader", "synonyms": "synonyms",
               "synonym": "synonym"}
MERGE_FIELDS = {"duplicate": "duplicate", "keep": "keep"}


@bp.app_context_processor
def tools() -> dict[str, Any]:
    """``may_keep_pool()``: whether to show the coordinator's buttons on a page."""
    def may_keep_pool() -> bool:
        user = current_user()
        return user is not None and may(user, WRITE_POOL)
    return {"may_keep_pool": may_keep_pool}


def _path_label(area: ExpertiseArea, known: dict[str, ExpertiseArea]) -> str:
    """``Domein › Gebied``: where an area sits, for a choice list."""
    names = [area.label]
    seen = {area.id}
    node = known.get(area.broader or "")
    while node is not None and node.id not in seen:
        names.insert(0, node.label)
        seen.add(node.id)
        node = known.get(node.broader or "")
    return " › ".join(names)


def _below(area_id: str, known: dict[str, ExpertiseArea]) -> set[str]:
    """The area and every area under it (never offered as its new broader area)."""
    found = {area_id}
    grew = True
    while grew:
        more = {a.id for a in known.values() if a.broader in found} - found
        found |= more
        grew = bool(more)
    return found


def _choices(leave_out: set[str] | None = None) -> list[tuple[str, str]]:
    known = lookups(store()).areas
    rows = [(a.id, _path_label(a, known)) for a in known.values() if a.id not in (leave_out or set())]
    return sorted(rows, key=lambda row: row[1].casefold())


def _version(area_id: str) -> int | None:
    return store().versions("expertise", [area_id]).get(area_id)


# --- a new area ---------------------------------------------------------------------

@bp.route("/taxonomie/nieuw", methods=["GET", "POST"])
def new_area() -> Any:
    user = keeper()
    form = NewAreaForm()
    form.broader.choices = [(NO_BROADER[0], str(NO_BROADER[1])), *_choices()]
    if request.method == "GET":
        form.broader.data = request.args.get("onder", "")
    problems: list[str] = []
    if form.validate_on_submit():
        values: dict[str, Any] = {"id": form.id.data, "label": form.label.data}
        if form.broader.data:
            values["broader"] = form.broader.data
        if form.synonym_list():
            values["synonyms"] = form.synonym_list()
        try:
            saved = pool.create(store(), "expertise", values, by=user)
        except DirectoryError as exc:
            problems = show_on(form, exc, AREA_FIELDS)
        else:
            flash(_("Gebied '%(label)s' is toegevoegd.", label=form.label.data))
            return redirect(url_for("expertise.area", area_id=saved.record.id))
    status = 400 if request.method == "POST" else 200
    return render_template("taxonomy_new.html", form=form, problems=problems), status


# --- one area: synonyms and where it sits ----------------------------------------------------

def _area_page(area: ExpertiseArea, *, synonym: SynonymForm | None = None, move: MoveForm | None = None,
               problems: list[str] | None = None, status: int = 200) -> Any:
    version = _version(area.id)
    synonym = synonym or SynonymForm(formdata=None)
    move = move or MoveForm(formdata=None, broader=area.broader or "")
    move.broader.choices = [(NO_BROADER[0], str(NO_BROADER[1])),
                            *_choices(_below(area.id, lookups(store()).areas))]
    for form in (synonym, move):
        form.version.data = version  # after a conflict: the current one, so the retry can be saved
    known = lookups(store()).areas
    return render_template("taxonomy_area.html", area=area, synonym=synonym, move=move,
                           broader=known.get(area.broader or ""), version=version,
                           problems=problems or [], proposed=_proposed(area.id)), status


def _proposed(area_id: str | None = None) -> list[proposals.Proposal]:
    return proposals.proposals(store(), current_app.extensions[VOCABULARY].get(store()), area=area_id)


@bp.get("/taxonomie/gebied/<path:area_id>")
def area(area_id: str) -> Any:
    keeper()
    return _area_page(record("expertise", area_id, ExpertiseArea))


def _refused(area: ExpertiseArea, form: Any, exc: DirectoryError, which: str) -> Any:
    problems = show_on(form, exc, AREA_FIELDS)
    status = 409 if exc.code == "conflict" else 400
    current = store().get("expertise", area.id)
    shown = current if isinstance(current, ExpertiseArea) else area
    return _area_page(shown, problems=problems, status=status, **{which: form})


def _change(area_id: str, form: SynonymForm | MoveForm, which: str,
            make: Callable[[ExpertiseArea, Any], object], done: str) -> Any:
    """One change to an area from one of its page's forms: made and reported
    (``done``), or the page again with what was refused and what was typed."""
    user = keeper()
    area = record("expertise", area_id, ExpertiseArea)
    if not form.validate_on_submit():
        return _area_page(area, problems=_hidden_problems(form), status=400, **{which: form})
    try:
        make(area, user)
    except DirectoryError as exc:
        return _refused(area, form, exc, which)
    flash(done)
    return redirect(url_for("taxonomy_edit.area", area_id=area.id))


@bp.post("/taxonomie/gebied/<path:area_id>/zoekwoorden")
def add_synonym(area_id: str) -> Any:
    form = SynonymForm()
    return _change(area_id, form, "synonym", lambda area, user: area_ops.add_synonym(
        store(), area.id, form.synonym.data, by=user, version=form.version.data),
        _("Zoekwoord '%(word)s' is toegevoegd.", word=form.synonym.data))


def _button(area_id: str, act: Callable[[ExpertiseArea, Any, SynonymForm], object],
            done: Callable[[str], str]) -> Any:
    """A button beside one word on the area's page (remove a synonym, turn down a
    proposal): the word comes in a hidden field; done and reported, or the page again
    with what was refused."""
    user = keeper()
    area = record("expertise", area_id, ExpertiseArea)
    form = SynonymForm()
    if not form.validate_on_submit():
        return _area_page(area, problems=[*_hidden_problems(form), *form.synonym.errors], status=400)
    try:
        act(area, user, form)
    except DirectoryError as exc:
        return _area_page(area, problems=messages(exc, AREA_FIELDS),
                          status=409 if exc.code == "conflict" else 400)
    flash(done(form.synonym.data))
    return redirect(url_for("taxonomy_edit.area", area_id=area.id))


@bp.post("/taxonomie/gebied/<path:area_id>/zoekwoorden/weg")
def remove_synonym(area_id: str) -> Any:
    return _button(area_id, lambda area, user, form: area_ops.remove_synonym(
        store(), area.id, form.synonym.data, by=user, version=form.version.data),
        lambda word: _("Zoekwoord '%(word)s' is verwijderd.", word=word))


@bp.post("/taxonomie/gebied/<path:area_id>/voorstellen/toevoegen")
def accept_proposal(area_id: str) -> Any:
    form = SynonymForm()
    return _change(area_id, form, "synonym", lambda area, user: proposals.accept(
        store(), area.id, form.synonym.data, by=user, version=form.version.data),
        _("Zoekwoord '%(word)s' is toegevoegd.", word=form.synonym.data))


@bp.post("/taxonomie/gebied/<path:area_id>/voorstellen/afwijzen")
def reject_proposal(area_id: str) -> Any:
    return _button(area_id, lambda area, user, form: proposals.reject(
        store(), area.id, form.synonym.data, by=user),
        lambda word: _("'%(word)s' wordt niet meer voorgesteld.", word=word))


@bp.get("/taxonomie/voorstellen")
def all_proposals() -> Any:
    """Every proposed word, by area: where a coordinator starts."""
    keeper()
    found = _proposed()
    known = lookups(store())
    return render_template("taxonomy_proposals.html", proposed=found,
                           labels={p.area: known.label(p.area) for p in found})


@bp.post("/taxonomie/gebied/<path:area_id>/verplaatsen")
def move(area_id: str) -> Any:
    form = MoveForm()
    return _change(area_id, form, "move", lambda area, user: area_ops.move_area(
        store(), area.id, form.broader.data or None, by=user, version=form.version.data),
        _("Het gebied is verplaatst."))


def _hidden_problems(form: Any) -> list[str]:
    """A hidden field that came back wrong (a crafted or damaged form): said above the form."""
    hidden = [name for name in ("version", "keep_version", "duplicate_version", "a", "b")
              if name in form._fields and form._fields[name].errors]
    return [_("Het formulier klopt niet (meer). Laad de pagina opnieuw en probeer het nog eens.")] \
        if hidden else []


# --- merging two areas -----------------------------------------------------------------------

@bp.route("/taxonomie/samenvoegen", methods=["GET", "POST"])
def merge_areas() -> Any:
    """Choose the pair (GET, ``?dubbel=ID`` fills in the duplicate); POST shows
    what will move, with a button that confirms it."""
    user = keeper()
    form = AreaMergeForm(formdata=request.form if request.method == "POST" else None,
                         duplicate=request.args.get("dubbel", ""), keep=request.args.get("blijft", ""))
    choices = [("", _("Kies een gebied")), *_choices()]
    form.keep.choices = form.duplicate.choices = choices
    problems: list[str] = []
    if request.method == "POST" and form.validate_on_submit():
        try:
            preview = merge.area_merge(store(), form.keep.data, form.duplicate.data, by=user)
        except DirectoryError as exc:
            problems = show_on(form, _as_field(exc), MERGE_FIELDS)
        else:
            confirm = ConfirmMergeForm(formdata=None, keep=preview.keep.id, duplicate=preview.duplicate.id,
                                       keep_version=preview.keep_version,
                                       duplicate_version=preview.duplicate_version)
            return render_template("taxonomy_merge_confirm.html", preview=preview, form=confirm)
    status = 400 if request.method == "POST" else 200
    return render_template("taxonomy_merge.html", form=form, problems=problems), status


def _as_field(exc: DirectoryError) -> DirectoryError:
    """A ``NotFound`` for one of the pair names no field: put it on the field it is about."""
    if exc.code == "not_found" and not exc.problems:
        exc.problems = [exc.headline.at(_field_of(exc.headline))]
    return exc


def _field_of(problem: Problem) -> str:
    keep, duplicate = request.form.get("keep", ""), request.form.get("duplicate", "")
    if duplicate and problem.get("id") == duplicate:
        return "duplicate"
    return "keep" if keep and problem.get("id") == keep else FORM


@bp.post("/taxonomie/samenvoegen/bevestigen")
def confirm_merge_areas() -> Any:
    user = keeper()
    form = ConfirmMergeForm()
    if not form.validate_on_submit():
        return _merge_refused(_hidden_problems(form) or [_("Kies eerst de twee gebieden.")])
    try:
        saved = merge.merge_areas(store(), form.keep.data, form.duplicate.data, by=user,
                                  keep_version=form.keep_version.data,
                                  duplicate_version=form.duplicate_version.data)
    except DirectoryError as exc:
        return _merge_refused(messages(_as_field(exc), MERGE_FIELDS), 409 if exc.code == "conflict" else 400)
    flash(_("'%(duplicate)s' is samengevoegd met '%(keep)s'.", duplicate=form.duplicate.data,
            keep=saved.record.id))
    return redirect(url_for("expertise.area", area_id=saved.record.id))


def _merge_refused(problems: list[str], status: int = 400) -> Any:
    """Back to choosing the pair, with the pair that was confirmed filled in."""
    form = AreaMergeForm(formdata=None, keep=request.form.get("keep", ""),
                         duplicate=request.form.get("duplicate", ""))
    form.keep.choices = form.duplicate.choices = [("", _("Kies een gebied")), *_choices()]
    return render_template("taxonomy_merge.html", form=form, problems=problems), status
